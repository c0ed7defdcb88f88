/** jest globalTeardown: waits for the background plan (no terraform left running) and removes its folders. */
import * as fs from 'fs';
import { PLAN_DIR_ENV } from './shared-plans';
import { removeTempDirs } from './terraform';

export default async function globalTeardown(): Promise<void> {
  const pending = (globalThis as { __ecsPrivateLinkSharedPlan?: Promise<void> }).__ecsPrivateLinkSharedPlan;
  if (!pending) return;
  await pending;
  removeTempDirs();
  const dir = process.env[PLAN_DIR_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
