/**
 * jest globalSetup: starts the shared plan (test/support/shared-plans.ts) in
 * the background when a test file that reads it is selected, and returns at
 * once, so that terraform plans while the fast files run; and, when a test
 * file that runs terraform is selected, the shared AWS provider
 * (test/support/shared-provider.ts) for the commands that never configure it.
 *
 * Every case is synthesized and rendered here, before returning (jest's
 * TypeScript hook is only in place during this call); what runs afterwards is
 * terraform in child processes and the JSON it prints.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGroups, PLAN_DIR_ENV, PLANS_FILE, planGroups } from './shared-plans';
import { mirrorProvider, SHARED_PROVIDER_ENV, startSharedProvider, type SharedProvider } from './shared-provider';
import { DEFAULT_MIRROR, MIRROR_ENV } from './terraform';
const TERRAFORM_FILES: string[] = require('./terraform-files');

/** The test files that read the shared plan. */
export const PLAN_READERS = ['test/equivalence.test.ts', 'test/module-terraform.test.ts', 'test/synth-terraform.test.ts'];

interface GlobalConfig {
  rootDir: string;
  testPathPattern?: string;
  testPathIgnorePatterns?: string[];
}

function selected(config: GlobalConfig, testFiles: string[]): boolean {
  const files = testFiles.map((f) => path.join(config.rootDir, f));
  const pattern = config.testPathPattern ? new RegExp(config.testPathPattern, 'i') : undefined;
  const ignored = (config.testPathIgnorePatterns ?? []).map((p) => new RegExp(p));
  return files.some((f) => (!pattern || pattern.test(f)) && !ignored.some((i) => i.test(f)));
}

export default async function globalSetup(config: GlobalConfig): Promise<void> {
  // Started first: it comes up while the cases are synthesized; its value must be in the environment before the
  // test files' workers start.
  const provider = startProvider(config);
  await startSharedPlan(config);
  const shared = await provider;
  if (shared) {
    process.env[SHARED_PROVIDER_ENV] = shared.reattach;
    (globalThis as { __ecsPrivateLinkSharedProvider?: SharedProvider }).__ecsPrivateLinkSharedProvider = shared;
  }
}

/**
 * The shared provider, when a test file that runs terraform is selected and the mirror has one provider to share.
 * Without it each command starts its own provider: slower, the same results; so a provider that cannot be
 * started is said on stderr, and is not a failure.
 */
async function startProvider(config: GlobalConfig): Promise<SharedProvider | undefined> {
  if (process.env[SHARED_PROVIDER_ENV] || !selected(config, TERRAFORM_FILES.map((name) => `test/${name}.test.ts`))) return undefined;
  const mirror = process.env[MIRROR_ENV] || DEFAULT_MIRROR;
  // No mirror: each terraform test fails with its own message, which says what to install.
  if (!fs.existsSync(mirror)) return undefined;
  const found = mirrorProvider(mirror);
  try {
    if ('reason' in found) throw new Error(found.reason);
    return await startSharedProvider(found.binary);
  } catch (err) {
    process.stderr.write(`\nno shared AWS provider (each terraform command starts its own): ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

async function startSharedPlan(config: GlobalConfig): Promise<void> {
  if (process.env[PLAN_DIR_ENV] || !selected(config, PLAN_READERS)) return;
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
