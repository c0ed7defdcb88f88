/**
 * jest globalSetup: starts the shared plan (test/support/shared-plans.ts) in
 * the background when a test file that reads it is selected, and returns at
 * once, so that terraform plans while the fast files run.
 *
 * Every case is synthesized and rendered here, before returning (jest's
 * TypeScript hook is only in place during this call); what runs afterwards is
 * terraform in child processes and the JSON it prints.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGroups, PLAN_DIR_ENV, PLANS_FILE, planGroups } from './shared-plans';

/** The test files that read the shared plan. */
export const PLAN_READERS = ['test/equivalence.test.ts', 'test/module-terraform.test.ts', 'test/synth-terraform.test.ts'];

interface GlobalConfig {
  rootDir: string;
  testPathPattern?: string;
  testPathIgnorePatterns?: string[];
}

function readersSelected(config: GlobalConfig): boolean {
  const files = PLAN_READERS.map((f) => path.join(config.rootDir, f));
  const pattern = config.testPathPattern ? new RegExp(config.testPathPattern, 'i') : undefined;
  const ignored = (config.testPathIgnorePatterns ?? []).map((p) => new RegExp(p));
  return files.some((f) => (!pattern || pattern.test(f)) && !ignored.some((i) => i.test(f)));
}

export default async function globalSetup(config: GlobalConfig): Promise<void> {
  if (process.env[PLAN_DIR_ENV] || !readersSelected(config)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-shared-plans-'));
  process.env[PLAN_DIR_ENV] = dir;
  const started = Date.now();
  const failed = (err: unknown) => fs.writeFileSync(path.join(dir, 'failed.txt'), err instanceof Error ? err.message : String(err));
  // The synth and the renders run now, while jest's TypeScript hook is installed; terraform then runs in the background.
  let groups: Awaited<ReturnType<typeof buildGroups>>;
  try {
    groups = await buildGroups();
  } catch (err) {
    failed(err);
    return;
  }
  const done = planGroups(groups)
    .then((plans) => {
      fs.writeFileSync(path.join(dir, `${PLANS_FILE}.tmp`), JSON.stringify(plans));
      fs.renameSync(path.join(dir, `${PLANS_FILE}.tmp`), path.join(dir, PLANS_FILE));
      process.stderr.write(`\nshared plan: ${plans.summary}; ready ${((Date.now() - started) / 1000).toFixed(0)} s after the start of the tests\n`);
    })
    .catch(failed);
  (globalThis as { __ecsPrivateLinkSharedPlan?: Promise<void> }).__ecsPrivateLinkSharedPlan = done;
}
