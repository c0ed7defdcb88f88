/**
 * The CDKTF app: reads the configuration and synthesizes one stack per VPC
 * (`ecs-privatelink-<vpc id>`, or the configuration's `name`, for a single VPC).
 * `npx cdktf synth`, `npx cdktf deploy '*'` and `npm start` run it.
 */
import { App } from 'cdktf';
import { configPathFromEnv, loadFleetOrExit } from './bin/cli/support';
import { addFleetStacks } from './lib/cdktf/stack';

const fleet = loadFleetOrExit(configPathFromEnv());
const app = new App();
// cdktf runs the app in the project folder, with the output folder in CDKTF_OUTDIR (read by App).
addFleetStacks(app, fleet, { outdir: app.outdir, projectDir: process.cwd() });
app.synth();
