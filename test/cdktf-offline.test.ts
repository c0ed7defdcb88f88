/**
 * `cdktf diff` (and so `cdktf deploy`) in an air-gapped CI with a provider
 * mirror. cdktf runs `terraform init` and then, when the lock file lacks a
 * provider, `terraform providers lock`, which asks the public registry for
 * every platform's checksums and so fails offline whatever the mirror.
 * `--skip-provider-lock` skips that step; init alone installs the provider
 * from the mirror (TF_CLI_CONFIG_FILE) and writes the lock file for this
 * platform.
 *
 * The plan itself needs the AWS provider to resolve its credentials: the
 * test points STS at a fake GetCallerIdentity on 127.0.0.1
 * (AWS_ENDPOINT_URL_STS), started and stopped here, so that the whole diff
 * runs offline; EC2 (the stack's pre-flight checks) points at the same
 * server, which refuses the reads at once. The registry is made
 * unreachable on purpose (a proxy on a closed port), so the test means the
 * same on a machine with network.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { REPO_ROOT } from './support/cases';
import { removeTempDirs, tempDir, terraformEnv } from './support/terraform';

const CDKTF = path.join(REPO_ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
const STACK = 'ecs-privatelink-vpc-0a1b2c3d4e5f67890';

let sts: http.Server;
let stsCalls = 0;
let ec2Calls = 0;
let stsUrl: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing; run `npm run build` (npm test does it first)');
  sts = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (/^Action=Describe(Vpcs|VpcAttribute|Subnets|RouteTables)&/.test(body)) {
        // The stack's pre-flight checks (EC2 reads in check blocks): refused at once, as for a role without
        // ec2:Describe*, so each check ends in its warning (unanswered, the provider retries for tens of seconds).
        ec2Calls++;
        res.writeHead(403, { 'Content-Type': 'text/xml' }).end(
          '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors>' +
            '<RequestID>01234567-89ab-cdef-0123-456789abcdef</RequestID></Response>',
        );
        return;
      }
      if (!body.includes('Action=GetCallerIdentity')) {
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`unexpected call: ${body}`);
        return;
      }
      stsCalls++;
      res.writeHead(200, { 'Content-Type': 'text/xml' }).end(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
          '<Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>' +
          '</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
  stsUrl = `http://127.0.0.1:${(sts.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => sts?.close(resolve));
  removeTempDirs();
});

/** A cdktf project whose app is this repository's, for the example configuration. */
function project(): string {
  const dir = tempDir('cdktf-offline');
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    `${JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(path.join(REPO_ROOT, 'dist', 'main.js'))}`, output: 'cdktf.out', projectId: 'offline-test', sendCrashReports: 'false' }, null, 2)}\n`,
  );
  return dir;
}

/** Runs the cdktf CLI in `cwd`, offline, killing its whole process group if it outlives `timeoutMs`. */
function cdktf(cwd: string, args: string[], timeoutMs = 240_000): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...terraformEnv(),
    ECS_PRIVATELINK_CONFIG: path.join(REPO_ROOT, 'privatelink.config.yaml'),
    // No network: the registry behind a proxy that refuses every connection; STS and EC2 on 127.0.0.1.
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1',
    AWS_ENDPOINT_URL_STS: stsUrl,
    AWS_ENDPOINT_URL_EC2: stsUrl,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
    FORCE_COLOR: '0',
    CI: '1',
  };
  delete env.AWS_PROFILE;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CDKTF, ...args, '--no-color'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('fails offline without --skip-provider-lock: cdktf stops at terraform providers lock, which asks the registry', async () => {
  const dir = project();
  const { code, output } = await cdktf(dir, ['diff']);
  expect(code).not.toBe(0);
  expect(output).toContain('Could not retrieve providers for locking');
  expect(output).not.toContain('Plan:');
}, 300_000);

test('with --skip-provider-lock, cdktf diff gets past init and locking offline, from the mirror, and plans', async () => {
  const dir = project();
  const before = stsCalls;
  const { code, output } = await cdktf(dir, ['diff', '--skip-provider-lock']);
  expect({ code, tail: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, tail: '' });
  expect(output).not.toContain('providers for locking');
  expect(output).toMatch(/Plan: 10 to add, 0 to change, 0 to destroy/);
  // init installed the provider from the mirror and locked it for this platform.
  const lock = fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', STACK, '.terraform.lock.hcl'), 'utf8');
  expect(lock).toContain('provider "registry.terraform.io/hashicorp/aws"');
  expect(stsCalls).toBeGreaterThan(before);
  // The pre-flight checks asked EC2, were refused, and warned without failing the plan.
  expect(ec2Calls).toBeGreaterThan(0);
  for (const read of ['DescribeVpcs', 'DescribeSubnets', 'DescribeRouteTables']) expect(output).toMatch(new RegExp(`Warning: reading EC2 .*${read}.*UnauthorizedOperation`));
  // The local state goes next to cdktf.json, as with 0.1.0, through a relative path.
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json'), 'utf8')) as { terraform: { backend: unknown } };
  expect(json.terraform.backend).toEqual({ local: { path: `../../../terraform.${STACK}.tfstate` } });
}, 300_000);
