/**
 * The CDKTF app: reads the configuration and synthesizes one stack per VPC
 * (one stack, `ecs-privatelink`, for a single-VPC configuration).
 * `npx cdktf synth`, `npx cdktf deploy '*'` and `npm start` run it.
 */
import { App } from 'cdktf';
import { configPathFromEnv, loadFleetOrExit } from './bin/cli/support';
import { addFleetStacks } from './lib/cdktf/stack';

const fleet = loadFleetOrExit(configPathFromEnv());
const app = new App();
addFleetStacks(app, fleet);
app.synth();
