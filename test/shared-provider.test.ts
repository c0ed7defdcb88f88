/**
 * The run's shared AWS provider (test/support/shared-provider.ts): the
 * commands that only need the provider's schema use it, with the same results
 * as a provider of their own; a command that configures it fails; and it
 * never outlives the process that started it.
 */
import { spawn, spawnSync } from 'child_process';
import * as ts from 'typescript';
import * as fs from 'fs';
import * as path from 'path';
import { mirrorProvider, providerCommand, SHARED_PROVIDER_ENV, startSharedProvider, UNCONFIGURABLE_PROFILE } from './support/shared-provider';
import { addTestProviderOverride, DEFAULT_MIRROR, MIRROR_ENV, removeTempDirs, tempDir, terraform, terraformStatus } from './support/terraform';

afterAll(removeTempDirs);

const mirror = process.env[MIRROR_ENV] || DEFAULT_MIRROR;

function providerBinary(): string {
  const found = mirrorProvider(mirror);
  if ('reason' in found) throw new Error(`no provider to share: ${found.reason}`);
  return found.binary;
}

/** A root with one resource the provider's own validation refuses, and one it accepts. */
function rootWithAProviderError(): string {
  const dir = tempDir('shared-provider');
  fs.writeFileSync(
    path.join(dir, 'main.tf'),
    'provider "aws" {\n  region = "eu-west-1"\n}\n\nresource "aws_vpc" "bad" {\n  cidr_block = "10.0.0.0/33"\n}\n\nresource "aws_vpc" "good" {\n  cidr_block = "10.0.0.0/16"\n}\n',
  );
  addTestProviderOverride(dir);
  return dir;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidOf = (reattach: string) => (JSON.parse(reattach) as Record<string, { Pid: number; Addr: { String: string } }>)['registry.terraform.io/hashicorp/aws'];

async function until(what: string, condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the suite runs with a shared provider (jest globalSetup started it from the mirror)', () => {
  providerBinary();
  const reattach = process.env[SHARED_PROVIDER_ENV];
  expect(reattach).toBeDefined();
  expect(alive(pidOf(reattach!).Pid)).toBe(true);
});

test('validate through the shared provider says exactly what it says with a provider of its own', async () => {
  const own = rootWithAProviderError();
  const shared = rootWithAProviderError();
  await terraform(own, ['init', '-backend=false', '-input=false', '-no-color']);
  await terraform(shared, ['init', '-backend=false', '-input=false', '-no-color'], { sharedProvider: true });
  // Shared: nothing installed, terraform used the running provider.
  expect(fs.existsSync(path.join(shared, '.terraform', 'providers'))).toBe(false);
  expect(fs.existsSync(path.join(own, '.terraform', 'providers'))).toBe(true);
  const ownResult = await terraformStatus(own, ['validate', '-json', '-no-color']);
  const sharedResult = await terraformStatus(shared, ['validate', '-json', '-no-color'], { sharedProvider: true });
  const report = (stdout: string) => JSON.parse(stdout) as { valid: boolean; diagnostics: { summary: string; address?: string }[] };
  expect(report(ownResult.stdout).valid).toBe(false);
  // The provider's own check of the CIDR block, not terraform's.
  expect(report(ownResult.stdout).diagnostics.map((d) => [d.address, d.summary])).toEqual([['aws_vpc.bad', expect.stringContaining('10.0.0.0/33')]]);
  expect({ code: sharedResult.code, report: report(sharedResult.stdout) }).toEqual({ code: ownResult.code, report: report(ownResult.stdout) });
}, 300_000);

test('a command that configures the provider fails on the shared one, and says why', async () => {
  const dir = tempDir('shared-provider-plan');
  fs.writeFileSync(path.join(dir, 'main.tf'), 'provider "aws" {\n  region = "eu-west-1"\n}\n\nresource "aws_vpc" "x" {\n  cidr_block = "10.0.0.0/16"\n}\n');
  addTestProviderOverride(dir);
  await terraform(dir, ['init', '-input=false', '-no-color'], { sharedProvider: true });
  const result = await terraformStatus(dir, ['plan', '-input=false', '-no-color', '-lock=false'], { sharedProvider: true });
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain(`failed to get shared config profile, ${UNCONFIGURABLE_PROFILE}`);
}, 300_000);

test('stop() ends the provider and removes its socket', async () => {
  const provider = await startSharedProvider(providerBinary());
  const { Pid, Addr } = pidOf(provider.reattach);
  expect(alive(Pid)).toBe(true);
  expect(fs.existsSync(Addr.String)).toBe(true);
  await provider.stop();
  await until(`provider ${Pid} ends`, () => !alive(Pid));
  expect(fs.existsSync(Addr.String)).toBe(false);
}, 120_000);

test('a starter killed with SIGKILL leaves no provider behind', async () => {
  // A node process that runs the provider as startSharedProvider does (providerCommand) and holds its stdin: then killed.
  const { file, args, env } = providerCommand(providerBinary());
  const code = `require('child_process').spawn(${JSON.stringify(file)}, ${JSON.stringify(args)}, { stdio: ['pipe', 'inherit', 'ignore'], env: JSON.parse(process.argv[1]) }); setInterval(() => {}, 1000);`;
  const starter = spawn(process.execPath, ['-e', code, JSON.stringify(env)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  starter.stdout.setEncoding('utf8');
  starter.stdout.on('data', (chunk: string) => (out += chunk));
  try {
    await until('the provider prints its reattach value', () => /TF_REATTACH_PROVIDERS='[^']+'/.test(out), 60_000);
  } catch (err) {
    starter.kill('SIGKILL');
    throw err;
  }
  const { Pid } = pidOf(/TF_REATTACH_PROVIDERS='([^']+)'/.exec(out)![1]);
  expect(alive(Pid)).toBe(true);
  starter.kill('SIGKILL');
  await until(`provider ${Pid} ends after its starter is killed`, () => !alive(Pid));
  expect(alive(Pid)).toBe(false);
}, 120_000);

test('stop() keeps its caller alive until the provider has ended, with nothing else pending (as in a globalTeardown)', () => {
  // The module as plain JavaScript, in a process of its own whose only pending work is stop(): node must not exit
  // in the middle of the wait (it did, with code 0, while the child was unreferenced, and jest's results were lost).
  const dir = tempDir('shared-provider-stop');
  const source = fs.readFileSync(path.join(__dirname, 'support', 'shared-provider.ts'), 'utf8');
  fs.writeFileSync(path.join(dir, 'shared-provider.js'), ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
  const script = `const { startSharedProvider } = require('./shared-provider.js');
startSharedProvider(${JSON.stringify(providerBinary())}).then(async (p) => { await p.stop(); console.log('stopped'); process.exitCode = 7; });`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 7, stdout: 'stopped\n' });
}, 180_000);
