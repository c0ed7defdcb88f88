/**
 * The CDKTF app: reads the configuration and synthesizes one stack per VPC
 * (`ecs-privatelink-<vpc id>`, or the configuration's `name`, for a single VPC).
 * `npx cdktf synth`, `npx cdktf deploy '*'` and `npm start` run it.
 */
import { App } from 'cdktf';
import { configPathFromEnv, loadFleetOrExit, synthAppOrExit } from './bin/cli/support';
import { addFleetStacks } from './lib/cdktf/stack';

const fleet = loadFleetOrExit(configPathFromEnv());
synthAppOrExit(() => {
  // App makes the output folder (CDKTF_OUTDIR) at once; cdktf runs the app in the project folder.
  const app = new App();
  addFleetStacks(app, fleet, { outdir: app.outdir, projectDir: process.cwd() });
  app.synth();
});
