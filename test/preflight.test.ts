/**
 * The pre-flight checks at plan time, in both paths, through the real
 * terraform (offline):
 *
 * - the module's own `tests/preflight.tftest.hcl` (mocked provider): each
 *   defect makes its check fail, a healthy VPC passes, preflight_checks =
 *   false makes no call;
 * - the CDKTF stack's check blocks under `terraform test` with a mocked
 *   provider: DNS support off, a foreign subnet or route table make the
 *   expected check fail, and a healthy VPC passes;
 * - a plan of the stack against the unreachable real API passes, each
 *   check a warning;
 * - the stack and the module have the same checks, and the stack option
 *   preflightChecks: false writes none.
 *
 * The offline plan of the module with its checks is in
 * module-terraform.test.ts ("the committed module copied alone …").
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { DEFAULT_STACK_NAME, EcsPrivateLinkStack } from '../lib/cdktf/stack';
import { PREFLIGHT_CHECK_NAMES } from '../lib/cdktf/preflight';
import { loadConfig } from '../lib/model/config';
import { EXAMPLE_CONFIG, REPO_ROOT } from './support/cases';
import { synthSpec } from './support/synth';
import { addTestProviderOverride, inParallel, removeTempDirs, tempDir, terraform, terraformStatus, type TerraformResult } from './support/terraform';

const MODULE_DIR = path.join(REPO_ROOT, 'modules', 'ecs-privatelink');
const spec = loadConfig(EXAMPLE_CONFIG);

/** A cdk.tf.json without its backend, in a fresh folder. */
function stackDir(label: string): string {
  const dir = tempDir(label);
  const json = JSON.parse(synthSpec(spec)) as { terraform?: { backend?: unknown } };
  delete json.terraform?.backend;
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return dir;
}

const healthyOverrides = `
  override_data {
    target = data.aws_vpc.preflight
    values = { enable_dns_support = true, enable_dns_hostnames = true }
  }
`;
const idsOverride = (type: string, ids: string[]) => `
  override_data {
    target = data.${type}.preflight
    values = { ids = ${JSON.stringify(ids)} }
  }
`;

/** terraform test runs for the stack: one that passes, three that fail their check on purpose. */
function stackTests(): string {
  const subnets = idsOverride('aws_subnets', spec.subnetIds);
  const tables = idsOverride('aws_route_tables', spec.routeTableIds);
  const run = (name: string, body: string, failing?: string) =>
    `run "${name}" {\n  command = plan\n${body}${failing ? `\n  expect_failures = [check.${failing}]\n` : ''}}\n`;
  return [
    'mock_provider "aws" {}\n',
    run('passes_a_healthy_vpc', healthyOverrides + subnets + tables),
    run(
      'fails_dns_support_off',
      `
  override_data {
    target = data.aws_vpc.preflight
    values = { enable_dns_support = false, enable_dns_hostnames = true }
  }
${subnets}${tables}`,
      'vpc_dns_attributes',
    ),
    run('fails_a_subnet_of_another_vpc', healthyOverrides + idsOverride('aws_subnets', spec.subnetIds.slice(1)) + tables, 'subnets_in_vpc'),
    run('fails_a_route_table_of_another_vpc', healthyOverrides + subnets + idsOverride('aws_route_tables', []), 'route_tables_in_vpc'),
  ].join('\n');
}

const outcomes = new Map<string, TerraformResult & { code?: number }>();

beforeAll(async () => {
  await inParallel([
    async () => {
      const dir = tempDir('preflight-module');
      fs.cpSync(MODULE_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) });
      // Both tests mock the provider: the run's shared provider gives the schema.
      await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color'], { sharedProvider: true });
      outcomes.set('module', await terraform(dir, ['test', '-no-color', '-filter=tests/preflight.tftest.hcl'], { sharedProvider: true }));
    },
    async () => {
      const dir = stackDir('preflight-stack-test');
      fs.mkdirSync(path.join(dir, 'tests'));
      fs.writeFileSync(path.join(dir, 'tests', 'preflight.tftest.hcl'), stackTests());
      await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color'], { sharedProvider: true });
      outcomes.set('stack test', await terraformStatus(dir, ['test', '-no-color'], { sharedProvider: true }));
    },
    async () => {
      const dir = stackDir('preflight-stack-plan');
      addTestProviderOverride(dir);
      await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
      outcomes.set('stack plan', await terraformStatus(dir, ['plan', '-input=false', '-no-color', '-lock=false']));
    },
  ]);
});
afterAll(removeTempDirs);

test('the module\'s terraform test of the pre-flight checks passes: each defect fails its check, a healthy VPC passes', () => {
  const { stdout } = outcomes.get('module')!;
  expect(stdout).toMatch(/Success! 7 passed, 0 failed\./);
  for (const run of ['passes_a_healthy_vpc', 'fails_dns_support_off', 'fails_dns_hostnames_off', 'fails_a_subnet_of_another_vpc', 'fails_a_route_table_of_another_vpc', 'preflight_checks_false_makes_no_call']) {
    expect(stdout).toContain(`run "${run}"... pass`);
  }
});

test('the stack\'s check blocks under terraform test: DNS support off, a foreign subnet or route table fail their check', () => {
  const result = outcomes.get('stack test')!;
  expect(result.stdout).toMatch(/Success! 4 passed, 0 failed\./);
  expect(result.code).toBe(0);
});

test('a plan of the stack with AWS unreachable passes, each pre-flight read a warning', () => {
  const result = outcomes.get('stack plan')!;
  const text = result.stdout + result.stderr;
  expect(result.code).toBe(0);
  for (const read of ['EC2 VPC', 'EC2 Subnets', 'EC2 Route Tables']) expect(text).toContain(`Warning: reading ${read}`);
  expect(text).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
});

test('the stack and the module have the same checks; preflightChecks: false writes none', () => {
  const moduleText = fs.readFileSync(path.join(MODULE_DIR, 'modules', 'preflight', 'main.tf'), 'utf8');
  const moduleChecks = [...moduleText.matchAll(/^check "([a-z_]+)"/gm)].map((m) => m[1]);
  const on = JSON.parse(synthSpec(spec)) as { check?: Record<string, unknown> };
  expect(Object.keys(on.check ?? {}).sort()).toEqual([...moduleChecks].sort());
  expect([...PREFLIGHT_CHECK_NAMES].sort()).toEqual([...moduleChecks].sort());
  const app = Testing.app();
  const off = JSON.parse(Testing.synth(new EcsPrivateLinkStack(app, DEFAULT_STACK_NAME, spec, { preflightChecks: false }))) as { check?: unknown };
  expect(off.check).toBeUndefined();
});
