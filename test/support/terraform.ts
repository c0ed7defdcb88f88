/**
 * Running the real terraform binary offline, for tests.
 *
 * The AWS provider comes from a filesystem mirror (default /opt/tf-plugins,
 * or ECS_PRIVATELINK_TF_MIRROR). A missing terraform or mirror fails the
 * test with a message saying what to install: it never skips.
 */
import { execFile, execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SHARED_PROVIDER_ENV } from './shared-provider';

export const MIRROR_ENV = 'ECS_PRIVATELINK_TF_MIRROR';
export const DEFAULT_MIRROR = '/opt/tf-plugins';

/**
 * The test-only provider override: a fake key and no calls to AWS for
 * credentials, account or metadata. Never part of what users deploy.
 * `max_retries = 1`: the pre-flight checks (check blocks with data sources)
 * read AWS, which offline fails at once; the default of 25 retries would make
 * each read wait seconds before it ends in its warning.
 */
export const TEST_PROVIDER_OVERRIDE = `provider "aws" {
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  max_retries                 = 1
}
`;

/** File name of the override; Terraform merges `*_override.tf` files into the configuration. */
export const TEST_PROVIDER_OVERRIDE_FILE = 'test_provider_override.tf';

let cliConfigFile: string | undefined;

/** How a command gets the AWS provider. */
export interface ProviderUse {
  /**
   * The command never configures the provider (init, validate, show, a test whose provider is mocked): it may use the
   * run's shared provider process (test/support/shared-provider.ts) when jest's globalSetup started one. A command
   * that configures it there fails ("failed to get shared config profile").
   */
  sharedProvider?: boolean;
}

/** Checks terraform and the mirror once, and writes the CLI configuration that points at the mirror. */
export function terraformEnv(use: ProviderUse = {}): NodeJS.ProcessEnv {
  if (!cliConfigFile) {
    try {
      execFileSync('terraform', ['version'], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(
        `terraform is needed by this test and could not be run (${(err as Error).message.split('\n')[0]}); ` +
          'install Terraform >= 1.5 on the PATH',
      );
    }
    const mirror = process.env[MIRROR_ENV] || DEFAULT_MIRROR;
    const provider = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
    if (!fs.existsSync(provider)) {
      throw new Error(
        `no AWS provider in the Terraform filesystem mirror ${mirror} (looked for ${provider}); ` +
          `set ${MIRROR_ENV} to the folder that holds registry.terraform.io/hashicorp/aws`,
      );
    }
    // One file per mirror, kept between runs (a folder per test file would pile up in the temp folder): written to a
    // temporary name and renamed, so that two test files starting at once never read it half-written.
    const text = `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
`;
    const dir = path.join(os.tmpdir(), `ecs-privatelink-terraformrc-${process.getuid?.() ?? 'user'}-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`);
    const file = path.join(dir, 'terraformrc');
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
      fs.mkdirSync(dir, { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(partial, text);
      fs.renameSync(partial, file);
    }
    cliConfigFile = file;
  }
  const env: NodeJS.ProcessEnv = {
    // Terraform and the AWS provider are Go programs, and the provider starts once or twice for every plan
    // and every run of a terraform test file: with the collector's default (100) a third of their CPU went to
    // garbage collection while the provider builds its schema. 400 trades memory (the shared plan's terraform:
    // 0.6 -> 1.1 GB) for about a third less CPU (A/B runs: the shared plan 49.5 -> 36 s, the module's validation
    // tests 55 -> 39.5 s).
    // A GOGC of the caller's own is kept.
    GOGC: '400',
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  // Never one from the caller's environment: only the commands that may share get the shared provider.
  delete env.TF_REATTACH_PROVIDERS;
  const shared = process.env[SHARED_PROVIDER_ENV];
  if (use.sharedProvider && shared) env.TF_REATTACH_PROVIDERS = shared;
  return env;
}

export interface TerraformResult {
  stdout: string;
  stderr: string;
}

/** Runs terraform in `dir`; rejects with its output when it exits non-zero. */
export function terraform(dir: string, args: string[], use: ProviderUse = {}): Promise<TerraformResult> {
  const env = terraformEnv(use);
  return new Promise((resolve, reject) => {
    execFile('terraform', ['-chdir=' + dir, ...args], { env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`terraform ${args.join(' ')} failed in ${dir}:\n${stdout}\n${stderr}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

/** Same as `terraform`, resolving with the exit code instead of rejecting. */
export function terraformStatus(dir: string, args: string[], use: ProviderUse = {}): Promise<TerraformResult & { code: number }> {
  const env = terraformEnv(use);
  return new Promise((resolve) => {
    execFile('terraform', ['-chdir=' + dir, ...args], { env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 });
    });
  });
}

/** Writes the test-only provider override into `dir`. */
export function addTestProviderOverride(dir: string): void {
  fs.writeFileSync(path.join(dir, TEST_PROVIDER_OVERRIDE_FILE), TEST_PROVIDER_OVERRIDE);
}

/** A fresh temporary folder, removed by `removeTempDirs`. */
const tempDirs: string[] = [];
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ecs-privatelink-${label}-`));
  tempDirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A plan in Terraform's JSON format (`terraform show -json`). */
export interface PlanJson {
  resource_changes?: {
    address: string;
    type: string;
    name: string;
    index?: string | number;
    mode: string;
    change: { actions: string[]; after: Record<string, unknown> | null; after_unknown?: Record<string, unknown> };
  }[];
  [key: string]: unknown;
}

/**
 * init (with the backend the configuration declares, which is local or
 * none), plan and `show -json` in `dir`, offline. The test-only provider
 * override must already be there.
 */
export async function plan(dir: string): Promise<PlanJson> {
  await terraform(dir, ['init', '-input=false', '-no-color']);
  await terraform(dir, ['plan', '-input=false', '-no-color', '-lock=false', '-out=tfplan']);
  const { stdout } = await terraform(dir, ['show', '-json', 'tfplan'], { sharedProvider: true });
  return JSON.parse(stdout) as PlanJson;
}

/** Runs `tasks` with at most `limit` at once (the machine has two cores). */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** A root configuration to validate: its files are in `dir` (the root itself is `dir/source`, if given). */
export interface RootToValidate {
  /** Terraform identifier, unique among the roots validated together. */
  name: string;
  dir: string;
  source?: string;
}

/** The variables a root declares, in its .tf and .tf.json files (not the modules it calls). */
function rootVariables(root: string): string[] {
  const names = new Set<string>();
  for (const file of fs.readdirSync(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    if (file.endsWith('.tf')) for (const m of text.matchAll(/^variable "([^"]+)"/gm)) names.add(m[1]);
    else if (file.endsWith('.tf.json')) for (const name of Object.keys((JSON.parse(text) as { variable?: object }).variable ?? {})) names.add(name);
  }
  return [...names].sort();
}

/**
 * The warnings terraform gives a root's blocks only when the root is called as
 * a child module: its backend block is ignored, and a provider block in a
 * JSON child is read as a proxy configuration. A root never gets them.
 */
const CHILD_ONLY_WARNINGS = new Set(['Backend configuration ignored', 'Redundant empty provider block']);

/**
 * `terraform validate` of many roots in one terraform process: starting the
 * AWS provider for its schema costs ~4 s of CPU per process, the validation
 * itself next to nothing. Each root is copied as a child module of one
 * wrapper root (its variables given unknown values of any type, which is all
 * validate needs), validated with `-json`, and each diagnostic is given back
 * to the root whose files it points into, as "severity: summary: detail".
 * The warnings only a child gets (CHILD_ONLY_WARNINGS) are left out;
 * everything else a root would say, it says here.
 * A diagnostic that points into no root's files is an error of this helper.
 */
export async function validateRoots(roots: RootToValidate[]): Promise<Map<string, string[]>> {
  const wrapper = tempDir('validate-roots');
  let main = '';
  for (const root of roots) {
    if (!/^[a-z][a-z0-9_]*$/.test(root.name)) throw new Error(`root name ${root.name} is not a Terraform identifier`);
    const child = path.join(wrapper, 'children', root.name);
    fs.cpSync(root.dir, child, { recursive: true, filter: (src) => path.basename(src) !== '.terraform' });
    const source = root.source ? `${root.name}/${root.source}` : root.name;
    const inputs = rootVariables(path.join(wrapper, 'children', source));
    main += `module "${root.name}" {\n  source = "./children/${source}"\n`;
    for (const input of inputs) main += `  ${input} = var.${root.name}__${input}\n`;
    main += '}\n';
    for (const input of inputs) main += `variable "${root.name}__${input}" {\n  type = any\n}\n`;
  }
  fs.writeFileSync(path.join(wrapper, 'main.tf'), main);
  await terraform(wrapper, ['init', '-input=false', '-no-color', '-backend=false'], { sharedProvider: true });
  const { stdout } = await terraformStatus(wrapper, ['validate', '-json', '-no-color'], { sharedProvider: true });
  const report = JSON.parse(stdout) as { diagnostics: { severity: string; summary: string; detail: string; range?: { filename: string } }[] };
  const byRoot = new Map(roots.map((r) => [r.name, [] as string[]]));
  const stray: string[] = [];
  for (const d of report.diagnostics) {
    const text = `${d.severity}: ${d.summary}: ${d.detail}`;
    const owner = /^children\/([^/]+)\//.exec(d.range?.filename ?? '')?.[1];
    if (owner === undefined || !byRoot.has(owner)) stray.push(text);
    else if (!(d.severity === 'warning' && CHILD_ONLY_WARNINGS.has(d.summary))) byRoot.get(owner)!.push(text);
  }
  if (stray.length > 0) throw new Error(`terraform validate of the roots said what belongs to none of them:\n${stray.join('\n')}`);
  return byRoot;
}
