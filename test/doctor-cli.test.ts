/**
 * End to end: `ecs-privatelink doctor` as a user runs it (`node
 * dist/bin/ecs-privatelink.js`; `npm test` builds it first): saved snapshots
 * in, exit codes, bad input (exit 2, one line per problem, no stack trace),
 * and a collection through the real AWS SDK against a fake EC2 and ECS on
 * 127.0.0.1 that this test starts and stops.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_CONFIG, REPO_ROOT } from './support/cases';

const CLI = path.join(REPO_ROOT, 'dist', 'bin', 'ecs-privatelink.js');
const SNAPSHOTS = path.join(__dirname, 'doctor', 'snapshots');
const snap = (name: string) => path.join(SNAPSHOTS, `${name}.json`);

let dir: string;

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-doctor-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The environment of a run: no configuration from the environment, no AWS credentials or profile of the machine. */
function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', ...extra };
  for (const key of ['ECS_PRIVATELINK_CONFIG', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION']) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

/** Runs the CLI without blocking this process (the fake AWS below answers in it). */
function run(args: string[], env: NodeJS.ProcessEnv = baseEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function expectBadInput(r: { code: number; stdout: string; stderr: string }, ...messages: (string | RegExp)[]) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  for (const m of messages) expect(r.stderr).toMatch(m);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe('ecs-privatelink doctor --snapshot-in', () => {
  test('a healthy snapshot: exit 0 and "healthy"', async () => {
    const r = await run(['doctor', '--snapshot-in', snap('healthy'), '--config', EXAMPLE_CONFIG]);
    expect(r.stdout).toContain('healthy: no error, no warning');
    expect(r.code).toBe(0);
  });

  test('fails a snapshot with a defect: exit 1, the finding with its why and fix', async () => {
    const r = await run(['doctor', '--snapshot-in', snap('ecr-dkr-private-dns-off')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERROR +vpce-0a1b2c3d4e5f60002: private DNS is off on the ecr\.dkr endpoint/m);
    expect(r.stdout).toMatch(/^ +why: docker resolves the registry's public host name/m);
    expect(r.stdout).toMatch(/^ +fix: turn private DNS on/m);
    expect(r.stdout).toMatch(/^1 error, 0 warnings, 0 notes$/m);
  });

  test('--json: the findings and the exit code as JSON', async () => {
    const r = await run(['doctor', '--snapshot-in', snap('dns-support-off'), '--json', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { exitCode: number; vpcId: string; findings: { severity: string; check: string; resource: string; why: string; fix: string }[] };
    expect(out.exitCode).toBe(1);
    expect(out.findings.map((f) => [f.severity, f.check, f.resource])).toEqual([['error', 'vpc-dns-support', 'vpc-0a1b2c3d4e5f67890']]);
    expect(out.findings[0].fix).toContain('modify-vpc-attribute --vpc-id vpc-0a1b2c3d4e5f67890 --enable-dns-support');
  });

  test('informational notes alone exit 0: a snapshot without a cluster', async () => {
    const s = JSON.parse(fs.readFileSync(snap('healthy'), 'utf8')) as Record<string, unknown>;
    delete s.cluster;
    delete s.ecs;
    const file = path.join(dir, 'no-cluster.json');
    fs.writeFileSync(file, JSON.stringify(s));
    const r = await run(['doctor', '--snapshot-in', file]);
    expect(r.stdout).toMatch(/^INFO +vpc-0a1b2c3d4e5f67890: no cluster given, so the client checks were skipped/m);
    expect(r.code).toBe(0);
  });

  test('a snapshot missing an operation: a "not collected" finding, exit 1, never a crash', async () => {
    const s = JSON.parse(fs.readFileSync(snap('healthy'), 'utf8')) as { ec2: Record<string, unknown> };
    delete s.ec2.DescribeVpcEndpoints;
    const file = path.join(dir, 'no-endpoints.json');
    fs.writeFileSync(file, JSON.stringify(s));
    const r = await run(['doctor', '--snapshot-in', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^WARNING ec2\.DescribeVpcEndpoints: not collected: DescribeVpcEndpoints; not checked: the VPC endpoints$/m);
  });

  test('rejects a snapshot that is not JSON: exit 2, one line', async () => {
    const file = path.join(dir, 'not-json.json');
    fs.writeFileSync(file, '{"region": "eu-west-1", "vpcId": ');
    expectBadInput(await run(['doctor', '--snapshot-in', file]), /^--snapshot-in not-json\.json: is not JSON \(.*\); a snapshot is the JSON that --snapshot-out writes$/m);
  });

  test('rejects a snapshot of another VPC than the configuration\'s: exit 2, naming both', async () => {
    const s = JSON.parse(fs.readFileSync(snap('healthy'), 'utf8')) as Record<string, unknown>;
    s.vpcId = 'vpc-0fedcba9876543210';
    const file = path.join(dir, 'other-vpc.json');
    fs.writeFileSync(file, JSON.stringify(s));
    expectBadInput(
      await run(['doctor', '--snapshot-in', file, '--config', EXAMPLE_CONFIG]),
      /^--snapshot-in other-vpc\.json: is of vpc-0fedcba9876543210 in eu-west-1, but .*privatelink\.config\.yaml configures vpc-0a1b2c3d4e5f67890 in eu-west-1; use the configuration of that VPC, or record a snapshot of vpc-0a1b2c3d4e5f67890$/m,
    );
  });

  test('rejects a missing file, another cluster, and --snapshot-in with --snapshot-out', async () => {
    expectBadInput(await run(['doctor', '--snapshot-in', 'nope.json']), /^--snapshot-in nope\.json: does not exist; write one with doctor --snapshot-out$/m);
    expectBadInput(await run(['doctor', '--snapshot-in', snap('healthy'), '--cluster', 'staging']), /^--cluster staging: is not the cluster of .*healthy\.json \(prod\)/m);
    expectBadInput(await run(['doctor', '--snapshot-in', snap('healthy'), '--snapshot-out', 'x.json']), /^--snapshot-out x\.json: writes what doctor reads from AWS/m);
    expect(fs.existsSync(path.join(dir, 'x.json'))).toBe(false);
  });

  test('rejects a fleet configuration without --vpc, naming its VPCs', async () => {
    const fleet = path.join(REPO_ROOT, 'test', 'fleets', 'three-vpcs', 'config.yaml');
    expectBadInput(await run(['doctor', '--config', fleet]), /^--config .*config\.yaml: is a fleet of 3 VPCs: name the one to check with --vpc \(payments-prod, payments-staging, search-prod\)$/m);
    expectBadInput(await run(['doctor', '--config', fleet, '--vpc', 'nope']), /^--vpc nope: is not a VPC of .*config\.yaml; its VPCs are payments-prod, payments-staging, search-prod$/m);
  });

  test('loads the AWS SDK only to collect: not for --snapshot-in, not for other commands', async () => {
    const probe = (args: string[]) =>
      `require(${JSON.stringify(CLI)}).run(${JSON.stringify(args)}, { stdout() {}, stderr() {}, cwd: ${JSON.stringify(dir)}, env: {} })` +
      '.then(() => console.log(Object.keys(require.cache).filter((k) => k.includes("@aws-sdk")).length))';
    for (const args of [['doctor', '--snapshot-in', snap('healthy')], ['synth', '--config', EXAMPLE_CONFIG, '--out', path.join(dir, 'out')]]) {
      const r = await new Promise<string>((resolve) => execFile(process.execPath, ['-e', probe(args)], { cwd: dir, env: baseEnv() }, (_e, out) => resolve(out)));
      expect({ args: args[0], sdkModules: r.trim() }).toEqual({ args: args[0], sdkModules: '0' });
    }
  });
});

// ---------------------------------------------------------------------------
// Collecting through the real SDK, from a fake AWS on 127.0.0.1
// ---------------------------------------------------------------------------

describe('ecs-privatelink doctor, collecting from AWS', () => {
  let server: http.Server;
  let endpoint: string;
  const actions: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const target = req.headers['x-amz-target'];
        if (typeof target === 'string') {
          // ECS (JSON protocol): every call is denied.
          actions.push(`ecs:${target.split('.').pop()}`);
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'AccessDeniedException' });
          res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'User is not authorized to perform this action' }));
          return;
        }
        // EC2 (query protocol): DescribeVpcAttribute answers, everything else is denied.
        const params = new URLSearchParams(body);
        const action = params.get('Action') ?? '?';
        actions.push(`ec2:${action}${params.get('Attribute') ? `.${params.get('Attribute')}` : ''}`);
        if (action === 'DescribeVpcAttribute') {
          const attribute = params.get('Attribute')!;
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(
            `<?xml version="1.0" encoding="UTF-8"?><DescribeVpcAttributeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>` +
              `<vpcId>${params.get('VpcId')}</vpcId><${attribute}><value>${attribute === 'enableDnsSupport' ? 'false' : 'true'}</value></${attribute}></DescribeVpcAttributeResponse>`,
          );
          return;
        }
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>req-1</RequestID></Response>`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('reads the VPC and the cluster with read-only calls, writes the snapshot, and reports what it found and what it could not check', async () => {
    const env = baseEnv({
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL_EC2: endpoint,
      AWS_ENDPOINT_URL_ECS: endpoint,
      AWS_MAX_ATTEMPTS: '1',
    });
    const out = path.join(dir, 'collected', 'snap.json');
    const r = await run(['doctor', '--config', EXAMPLE_CONFIG, '--cluster', 'prod', '--snapshot-out', out], env);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERROR +vpc-0a1b2c3d4e5f67890: enableDnsSupport is off/m);
    expect(r.stdout).toMatch(/^WARNING ec2: could not read AWS: 7 calls failed \(UnauthorizedOperation: You are not authorized to perform this operation\.\): DescribeVpcs, DescribeSubnets, /m);
    expect(r.stdout).toMatch(/^ +fix: allow ec2:DescribeVpcs, ec2:DescribeSubnets, ec2:DescribeRouteTables, ec2:DescribeNetworkAcls, ec2:DescribeVpcEndpoints, ec2:DescribeSecurityGroups, ec2:DescribePrefixLists to the credentials/m);
    expect(r.stdout).toMatch(/^WARNING ecs: could not read AWS: 2 calls failed \(AccessDeniedException: User is not authorized to perform this action\): DescribeServices, DescribeContainerInstances;/m);
    expect([...new Set(actions)].sort()).toEqual(
      [
        'ec2:DescribeNetworkAcls',
        'ec2:DescribePrefixLists',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcAttribute.enableDnsHostnames',
        'ec2:DescribeVpcAttribute.enableDnsSupport',
        'ec2:DescribeVpcEndpoints',
        'ec2:DescribeVpcs',
        'ecs:ListContainerInstances',
        'ecs:ListServices',
      ].sort(),
    );
    // The file is a snapshot that analyses the same offline.
    const saved = JSON.parse(fs.readFileSync(out, 'utf8')) as { ec2: Record<string, unknown>; errors: Record<string, { name: string }> };
    expect(saved.ec2['DescribeVpcAttribute.enableDnsSupport']).toEqual({ VpcId: 'vpc-0a1b2c3d4e5f67890', EnableDnsSupport: { Value: false } });
    expect(saved.errors['ec2.DescribeVpcs'].name).toBe('UnauthorizedOperation');
    const again = await run(['doctor', '--snapshot-in', out]);
    expect(again.code).toBe(1);
    expect(again.stdout.split('\n').slice(1)).toEqual(r.stdout.split('\n').slice(1));
  });
});
