import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';

Testing.setupJest();
process.env.CHECKPOINT_DISABLE = '1';

// cdktf's Testing.app() makes a folder in the system temp folder at each call and never removes it (thousands
// per run of the suite). Without an outdir of the caller's, each app gets one under this test file's folder,
// made at the first app (a file whose tests are all filtered out, as in a mutation run, runs no afterAll) and
// removed after the file.
let appFolders: string | undefined;
let apps = 0;
const testingApp = Testing.app.bind(Testing);
const appFolder = () => path.join((appFolders ??= fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-apps-'))), String(apps++));
Testing.app = (options = {}) => testingApp({ ...options, outdir: options.outdir ?? appFolder() });
afterAll(() => {
  if (appFolders) fs.rmSync(appFolders, { recursive: true, force: true });
});
