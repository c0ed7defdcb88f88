/**
 * One AWS provider process for the whole run of the suite, for the terraform
 * commands that need nothing of the provider but its schema and its checks of
 * a configuration: `init` and `validate`, `show -json`, and `terraform test`
 * files whose provider is mocked (mock_provider).
 *
 * Terraform starts the provider for every command, and `terraform test` twice
 * for every run block: ~0.4 s of CPU each time, for a binary that builds the
 * schema of 1,500 resources before it answers. The module's validation tests
 * (64 runs) cost 32 s of CPU so, 6 s against one running provider.
 *
 * It is the real provider binary of the mirror, started with `-debug`, which
 * prints the TF_REATTACH_PROVIDERS value that makes terraform use it instead
 * of starting its own (Terraform's interface for debugging providers). The
 * commands that configure the provider (plan, apply, a test with a real
 * provider) keep their own process: one provider configured by two runs at
 * once would answer each with the other's region. So that a wrong use fails
 * instead of answering wrongly, the shared process cannot be configured: it
 * reads a profile that does not exist (ConfigureProvider fails with
 * "failed to get shared config profile, ecs-privatelink-shared-provider-...").
 *
 * Started by jest's globalSetup (global-setup.ts), which passes the value to the
 * test files in SHARED_PROVIDER_ENV, and stopped by its globalTeardown. It runs
 * under `sh`, which stops it when the pipe from the process that started it
 * closes, also when that process is killed: no provider is left behind.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The TF_REATTACH_PROVIDERS value of the shared provider, for the test files. */
export const SHARED_PROVIDER_ENV = 'ECS_PRIVATELINK_TF_REATTACH';

/** The profile the shared provider reads if anything configures it: none such exists. */
export const UNCONFIGURABLE_PROFILE = 'ecs-privatelink-shared-provider-is-never-configured';

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/**
 * The provider binary terraform would install from `mirror`, or why it cannot be shared: only a mirror with one
 * version of the AWS provider (terraform would pick among several by each configuration's constraints, a reattached
 * provider is used whatever they say).
 */
export function mirrorProvider(mirror: string): { binary: string } | { reason: string } {
  const base = path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+\.\d+\.\d+$/.test(v)) : [];
  if (versions.length !== 1) return { reason: `the mirror ${base} has ${versions.length} versions of the AWS provider, not one` };
  const platform = path.join(base, versions[0], `${process.platform}_${GO_ARCH[process.arch] ?? process.arch}`);
  const binary = fs.existsSync(platform) ? fs.readdirSync(platform).find((f) => f.startsWith('terraform-provider-aws')) : undefined;
  if (!binary) return { reason: `no provider binary in ${platform}` };
  return { binary: path.join(platform, binary) };
}

export interface SharedProvider {
  /** The TF_REATTACH_PROVIDERS value. */
  reattach: string;
  /** Stops the provider and waits for it. */
  stop(): Promise<void>;
}

/** The script that runs the provider: it prints the reattach value, and is interrupted when stdin closes. */
const RUN = '"$0" -debug </dev/null & p=$!; cat >/dev/null; kill -INT "$p" 2>/dev/null; wait "$p"';

/** How the provider `binary` is run: under `sh`, which stops it when its stdin closes; unconfigurable, quiet. */
export function providerCommand(binary: string): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  return {
    file: 'sh',
    args: ['-c', RUN, binary],
    env: {
      ...process.env,
      GOGC: process.env.GOGC ?? '400',
      AWS_PROFILE: UNCONFIGURABLE_PROFILE,
      AWS_CONFIG_FILE: path.join(path.dirname(binary), 'no-such-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(path.dirname(binary), 'no-such-aws-credentials'),
      // Its request log (trace level in debug mode) is read by nobody.
      TF_LOG_SDK: 'off',
      TF_LOG_SDK_PROTO: 'off',
      TF_LOG_SDK_FRAMEWORK: 'off',
      TF_LOG_PROVIDER: 'off',
    },
  };
}

/** Starts the provider `binary` in debug mode and resolves once it has printed its reattach value (within `timeoutMs`). */
export function startSharedProvider(binary: string, timeoutMs = 60_000): Promise<SharedProvider> {
  const { file, args, env } = providerCommand(binary);
  const child: ChildProcess = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'], env });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    // Referenced again first: waiting on an unreferenced child keeps nothing alive, so a caller with nothing else
    // pending (jest's globalTeardown) would see node exit, with code 0, in the middle of the wait.
    child.ref();
    child.stdin?.end();
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`the shared AWS provider (${binary} -debug) ${why}; output: ${out.slice(0, 2000)}`));
    };
    const timer = setTimeout(() => fail(`printed no TF_REATTACH_PROVIDERS value in ${timeoutMs / 1000} s`), timeoutMs);
    const early = (code: number | null, signal: string | null) => fail(`exited (${signal ?? `code ${code}`}) before it printed its TF_REATTACH_PROVIDERS value`);
    child.once('exit', early);
    child.once('error', (err) => fail(`could not be started: ${err.message}`));
    child.stdout!.setEncoding('utf8');
    const read = (chunk: string) => {
      if (out.length < 100_000) out += chunk;
      const m = /TF_REATTACH_PROVIDERS='([^'\n]+)'/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', early);
      // What it prints later is read and dropped (a full pipe would block it).
      child.stdout!.off('data', read);
      child.stdout!.resume();
      // Not holding the test run open: the teardown stops it, and the end of this process does too (stdin closes).
      child.unref();
      (child.stdin as unknown as { unref?: () => void }).unref?.();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
      resolve({ reattach: m[1], stop });
    };
    child.stdout!.on('data', read);
  });
}
