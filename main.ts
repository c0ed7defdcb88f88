/**
 * The CDKTF app: reads the configuration and synthesizes one stack.
 * `npx cdktf synth`, `npx cdktf deploy` and `npm start` run it.
 */
import { App } from 'cdktf';
import { configPathFromEnv, loadConfigOrExit } from './lib/cli-support';
import { DEFAULT_STACK_NAME, EcsPrivateLinkStack } from './lib/stack';

const spec = loadConfigOrExit(configPathFromEnv());
const app = new App();
new EcsPrivateLinkStack(app, DEFAULT_STACK_NAME, spec);
app.synth();
