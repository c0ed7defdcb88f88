/**
 * The S3 backend against a real S3 API: s3rver on 127.0.0.1, started and
 * stopped here. A synthesized CDKTF stack and the generated roots of a fleet,
 * with `backend: { s3 }` from the configuration, go through `terraform init`,
 * `plan` (with the lock file, use_lockfile), `state push` and `state pull`;
 * the state object lands at the expected key, one per VPC, and the lock file
 * `<key>.tflock` is created during an operation and removed after it.
 *
 * Only the endpoint, path-style addressing, a fake key and the skip_* flags
 * come from the test (`-backend-config`, test/support/s3-server.ts); the
 * bucket, key, region, encrypt and use_lockfile are what users get.
 */
import { spawn } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { renderFleet, FLEET_MODULE_DIR } from '../generators/fleet';
import { parseFleet } from '../lib/model/fleet';
import { addFleetStacks } from '../lib/cdktf/stack';
import { backendConfigFile, startS3, type S3Server } from './support/s3-server';
import { addTestProviderOverride, removeTempDirs, tempDir, terraform, terraformEnv } from './support/terraform';

const BUCKET = 'acme-terraform-state';

const VPC = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
subnetIds: [subnet-0a1b2c3d4e5f60001]
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.20.0.0/16]
endpoints: [ecr.api, s3]
`;

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3([BUCKET]);
}, 30_000);
afterAll(async () => {
  await s3?.stop();
  removeTempDirs();
});

/** The state as pulled, with one more serial and an output that marks it, written to a file for `state push`. */
function nextState(dir: string, pulled: string): { file: string; lineage: string; serial: number; mark: string } {
  const state = JSON.parse(pulled) as { lineage: string; serial: number; outputs: Record<string, unknown> };
  const mark = randomUUID();
  // Before the first write, the state has no lineage yet.
  const next = { ...state, lineage: state.lineage || randomUUID(), serial: state.serial + 1, outputs: { ...state.outputs, pushed: { value: mark, type: 'string' } } };
  const file = path.join(dir, 'pushed.tfstate');
  fs.writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  return { file, lineage: state.lineage, serial: next.serial, mark };
}

/** init with the test server, a locked plan, push and pull: the state at `key`, the lock file put and deleted around each operation. */
async function exercise(dir: string, key: string): Promise<void> {
  addTestProviderOverride(dir);
  const backend = backendConfigFile(dir, s3.endpoint);
  await terraform(dir, ['init', '-input=false', '-no-color', `-backend-config=${backend}`]);

  const lock = `${key}.tflock`;
  const before = s3.events.length;
  await terraform(dir, ['plan', '-input=false', '-no-color', '-lock=true']);
  const during = s3.events.slice(before).filter((e) => e.key === lock);
  expect(during.map((e) => e.type)).toEqual(['put', 'delete']);
  expect(await s3.get(BUCKET, lock)).toBeUndefined();

  const { file, lineage, serial, mark } = nextState(dir, (await terraform(dir, ['state', 'pull'])).stdout);
  const pushedAt = s3.events.length;
  await terraform(dir, ['state', 'push', '-lock=true', file]);
  type State = { lineage: string; serial: number; outputs: { pushed?: { value: string } } };
  const summary = (state: State) => ({ serial: state.serial, mark: state.outputs.pushed?.value });
  // The object at the key is the pushed state (a first write gets a lineage of Terraform's own), and pull reads it back.
  const stored = JSON.parse((await s3.get(BUCKET, key))!) as State;
  expect(summary(stored)).toEqual({ serial, mark });
  if (lineage !== '') expect(stored.lineage).toBe(lineage);
  const pulled = JSON.parse((await terraform(dir, ['state', 'pull'])).stdout) as State;
  expect({ ...summary(pulled), lineage: pulled.lineage }).toEqual({ serial, mark, lineage: stored.lineage });
  // push took the lock too: the lock file, then the state, then the lock file gone.
  expect(s3.events.slice(pushedAt).map((e) => `${e.type} ${e.key}`)).toEqual([`put ${lock}`, `put ${key}`, `delete ${lock}`]);
  expect(await s3.get(BUCKET, lock)).toBeUndefined();
}

describe('the S3 backend, against s3rver on 127.0.0.1', () => {
  test('a synthesized stack: init, plan with the lock file, push and pull at ecs-privatelink/<region>/<vpcId>.tfstate', async () => {
    const fleet = parseFleet(`${VPC}backend:\n  s3:\n    bucket: ${BUCKET}\n`, 'vpc.yaml');
    const project = tempDir('s3-stack');
    const outdir = path.join(project, 'cdktf.out');
    const app = new App({ outdir });
    const [stack] = addFleetStacks(app, fleet, { outdir, projectDir: project });
    app.synth();
    const dir = path.join(outdir, 'stacks', stack.node.id);
    const backend = (JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as { terraform: { backend: unknown } }).terraform.backend;
    expect(backend).toEqual({ s3: { bucket: BUCKET, key: 'ecs-privatelink/eu-west-1/vpc-0a1b2c3d4e5f67890.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } });

    await exercise(dir, 'ecs-privatelink/eu-west-1/vpc-0a1b2c3d4e5f67890.tfstate');
  }, 180_000);

  test('the generated roots of a fleet: one state object per VPC at the key of its template, each with its own lock file', async () => {
    const fleet = parseFleet(
      `defaults:
  region: eu-west-1
  subnetIds: [subnet-0a1b2c3d4e5f60001]
  routeTableIds: [rtb-0a1b2c3d4e5f60001]
  allowedCidrBlocks: [10.20.0.0/16]
  endpoints: [ecr.api, s3]
  backend:
    s3:
      bucket: ${BUCKET}
      key: fleet/{region}/{name}.tfstate
vpcs:
  payments:
    vpcId: vpc-0a1b2c3d4e5f60001
  search:
    vpcId: vpc-0a1b2c3d4e5f60002
`,
      'fleet.yaml',
    );
    const out = tempDir('s3-fleet');
    for (const [rel, text] of await renderFleet(fleet)) {
      if (rel.startsWith(`${FLEET_MODULE_DIR}/`) && /\/(tests|examples)\//.test(rel)) continue;
      fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      fs.writeFileSync(path.join(out, rel), text);
    }
    for (const name of ['payments', 'search']) {
      await exercise(path.join(out, 'roots', name), `fleet/eu-west-1/${name}.tfstate`);
    }
    expect((await s3.list(BUCKET)).filter((k) => k.startsWith('fleet/'))).toEqual(['fleet/eu-west-1/payments.tfstate', 'fleet/eu-west-1/search.tfstate']);
  }, 240_000);

  test('the lock file exists while an operation holds the lock, and is gone once it ends', async () => {
    const fleet = parseFleet(`${VPC}name: held\nbackend:\n  s3:\n    bucket: ${BUCKET}\n    key: held/{name}.tfstate\n`, 'held.yaml');
    const project = tempDir('s3-held');
    const outdir = path.join(project, 'cdktf.out');
    const app = new App({ outdir });
    addFleetStacks(app, fleet, { outdir, projectDir: project });
    app.synth();
    const dir = path.join(outdir, 'stacks', 'held');
    addTestProviderOverride(dir);
    await terraform(dir, ['init', '-input=false', '-no-color', `-backend-config=${backendConfigFile(dir, s3.endpoint)}`]);

    // `terraform apply` without -auto-approve holds the state lock while it waits for the answer.
    const apply = spawn('terraform', [`-chdir=${dir}`, 'apply', '-no-color', '-input=true', '-lock=true'], { env: { ...terraformEnv(), TF_INPUT: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    apply.stdout.on('data', (d: Buffer) => (output += d.toString()));
    apply.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => apply.on('close', resolve));
    try {
      const deadline = Date.now() + 120_000;
      while (!output.includes('Enter a value:')) {
        if (apply.exitCode !== null || Date.now() > deadline) throw new Error(`terraform apply did not reach its prompt:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const held = await s3.get(BUCKET, 'held/held.tfstate.tflock');
      expect(held).toBeDefined();
      expect(JSON.parse(held!)).toMatchObject({ Operation: 'OperationTypeApply', Path: `${BUCKET}/held/held.tfstate` });
      apply.stdin.end('no\n');
      expect(await exited).toBe(1);
      expect(output).toContain('Apply cancelled');
    } finally {
      if (apply.exitCode === null) apply.kill('SIGKILL');
    }
    expect(await s3.get(BUCKET, 'held/held.tfstate.tflock')).toBeUndefined();
  }, 180_000);
});
