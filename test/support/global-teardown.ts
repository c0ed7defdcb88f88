/**
 * jest globalTeardown: waits for the background plan (no terraform left running), removes its folders, and stops the
 * shared AWS provider.
 */
import * as fs from 'fs';
import { PLAN_DIR_ENV } from './shared-plans';
import type { SharedProvider } from './shared-provider';
import { removeTempDirs } from './terraform';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __ecsPrivateLinkSharedPlan?: Promise<void>; __ecsPrivateLinkSharedProvider?: SharedProvider };
  const pending = state.__ecsPrivateLinkSharedPlan;
  if (pending) {
    await pending;
    removeTempDirs();
    const dir = process.env[PLAN_DIR_ENV];
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  await state.__ecsPrivateLinkSharedProvider?.stop();
}
