import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';

Testing.setupJest();
process.env.CHECKPOINT_DISABLE = '1';

// cdktf's Testing.app() makes a folder in the system temp folder at each call and never removes it (thousands
// per run of the suite). Without an outdir of the caller's, each app gets one under this test file's folder,
// removed after the file.
const appFolders = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-apps-'));
let apps = 0;
const testingApp = Testing.app.bind(Testing);
Testing.app = (options = {}) => testingApp({ ...options, outdir: options.outdir ?? path.join(appFolders, String(apps++)) });
afterAll(() => fs.rmSync(appFolders, { recursive: true, force: true }));
