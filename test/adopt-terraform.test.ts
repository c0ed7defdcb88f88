/**
 * Adoption, proven with Terraform: a configuration that adopts two
 * endpoints and the security group makes the generated example (the root of
 * a single-VPC configuration) and the synthesized CDKTF stack import those
 * three and create only the rest.
 *
 * Importing reads the resource from AWS, which an offline test cannot; so the
 * plans run under `terraform test` with a `mock_provider` and an
 * `override_resource` for each imported address (a plain mock refuses to
 * import; the override gives the imported object its id). `-verbose` prints
 * the plan, whose lines and summary are checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { renderModule } from '../generators/module';
import { importBlocks } from '../generators/state';
import { parseConfig } from '../lib/model/config';
import { parseFleet } from '../lib/model/fleet';
import { addFleetStacks } from '../lib/cdktf/stack';
import { removeTempDirs, tempDir, terraform } from './support/terraform';

afterAll(removeTempDirs);

const CONFIG = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
subnets:
  - { id: subnet-0a1b2c3d4e5f60001, availabilityZone: eu-west-1a }
  - { id: subnet-0a1b2c3d4e5f60002, availabilityZone: eu-west-1b }
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.20.0.0/16]
adopt:
  endpoints:
    ecr.dkr: vpce-0a1b2c3d4e5f60002
    ecr.api: vpce-0a1b2c3d4e5f60001
  securityGroup: sg-0a1b2c3d4e5f60001
`;

/** A test file: every imported address overridden with its id, one plan. */
function adoptTest(imports: { to: string; id: string }[]): string {
  const spec = parseConfig(CONFIG, 'adopt.yaml');
  const overrides = imports.map(({ to, id }) => `  override_resource {\n    target = ${to}\n    values = { id = ${JSON.stringify(id)} }\n  }\n`);
  // The reads a plan makes, answered as AWS would for this VPC: its region (the module checks the name's form), and the
  // pre-flight checks' VPC, subnets and route tables (terraform test makes a failed check an error).
  const reads = [
    `  mock_data "aws_region" {\n    defaults = { name = ${JSON.stringify(spec.region)}, id = ${JSON.stringify(spec.region)} }\n  }\n`,
    '  mock_data "aws_vpc" {\n    defaults = { enable_dns_support = true, enable_dns_hostnames = true }\n  }\n',
    `  mock_data "aws_subnets" {\n    defaults = { ids = ${JSON.stringify(spec.subnetIds)} }\n  }\n`,
    `  mock_data "aws_route_tables" {\n    defaults = { ids = ${JSON.stringify(spec.routeTableIds)} }\n  }\n`,
  ];
  return `mock_provider "aws" {\n${reads.join('')}${overrides.join('')}}\n\nrun "adopt" {\n  command = plan\n}\n`;
}

/** The addresses a verbose plan imports and creates, and its summary line. */
function planned(output: string): { imported: string[]; created: string[]; other: string[]; summary: string } {
  // The pre-flight checks' reads (data sources, read at plan time or deferred, with cdktf's or Terraform's note) change nothing.
  const lines = [...output.matchAll(/^\s*# (\S+) (will be imported|will be created|.+)$/gm)].filter(
    (m) => !/(^|\.)data\.[^.]+\.[^.]+$/.test(m[1]) && !m[0].includes('(config will be reloaded to verify a check block)'),
  );
  const pick = (what: string) => lines.filter((m) => m[2] === what).map((m) => m[1]).sort();
  return {
    imported: pick('will be imported'),
    created: pick('will be created'),
    other: lines.filter((m) => m[2] !== 'will be imported' && m[2] !== 'will be created').map((m) => `${m[1]} ${m[2]}`),
    summary: /^Plan: .*$/m.exec(output)?.[0] ?? '(no plan summary)',
  };
}

test('the generated example imports the adopted endpoints and security group, and creates only what is missing', async () => {
  const spec = parseConfig(CONFIG, 'adopt.yaml');
  const dir = tempDir('adopt-module');
  for (const [rel, text] of await renderModule(spec)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const example = path.join(dir, 'examples', 'complete');
  const main = fs.readFileSync(path.join(example, 'main.tf'), 'utf8');
  expect(main).toContain('import {\n  to = module.ecs_privatelink.aws_vpc_endpoint.this["ecr_api"]\n  id = "vpce-0a1b2c3d4e5f60001"\n}');
  fs.mkdirSync(path.join(example, 'tests'));
  fs.writeFileSync(path.join(example, 'tests', 'adopt.tftest.hcl'), adoptTest(importBlocks(spec.adopt)));

  // The test mocks the provider: the run's shared provider gives the schema.
  await terraform(example, ['init', '-backend=false', '-input=false', '-no-color'], { sharedProvider: true });
  await terraform(example, ['validate', '-no-color'], { sharedProvider: true });
  const { stdout } = await terraform(example, ['test', '-verbose', '-no-color'], { sharedProvider: true });
  const m = 'module.ecs_privatelink.';
  expect(planned(stdout)).toEqual({
    imported: [`${m}aws_security_group.this[0]`, `${m}aws_vpc_endpoint.this["ecr_api"]`, `${m}aws_vpc_endpoint.this["ecr_dkr"]`],
    created: [
      `${m}aws_vpc_endpoint.this["ecs"]`,
      `${m}aws_vpc_endpoint.this["ecs_agent"]`,
      `${m}aws_vpc_endpoint.this["ecs_telemetry"]`,
      `${m}aws_vpc_endpoint.this["s3"]`,
      `${m}aws_vpc_endpoint_route_table_association.this["s3-rtb-0a1b2c3d4e5f60001"]`,
      `${m}aws_vpc_security_group_ingress_rule.this["10.20.0.0/16"]`,
    ],
    other: [],
    summary: 'Plan: 3 to import, 6 to add, 0 to change, 0 to destroy.',
  });
}, 300_000);

test('the synthesized stack has an import block per adopted resource, validates, and plans the same imports', async () => {
  const fleet = parseFleet(CONFIG, 'adopt.yaml');
  const project = tempDir('adopt-stack');
  const outdir = path.join(project, 'cdktf.out');
  const app = new App({ outdir });
  const [stack] = addFleetStacks(app, fleet, { outdir, projectDir: project });
  app.synth();
  const dir = path.join(outdir, 'stacks', stack.node.id);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as { import: { to: string; id: string }[]; resource: Record<string, Record<string, unknown>> };
  // Each block imports into a resource of the stack, by its address.
  const address = (type: string, idPart: string) => `${type}.${Object.keys(json.resource[type]).find((name) => name.includes(idPart))!}`;
  const imports = [
    { to: address('aws_vpc_endpoint', 'ecr_api'), id: 'vpce-0a1b2c3d4e5f60001' },
    { to: address('aws_vpc_endpoint', 'ecr_dkr'), id: 'vpce-0a1b2c3d4e5f60002' },
    { to: address('aws_security_group', 'security-group'), id: 'sg-0a1b2c3d4e5f60001' },
  ];
  expect([...json.import].sort((a, b) => a.to.localeCompare(b.to))).toEqual([...imports].sort((a, b) => a.to.localeCompare(b.to)));

  await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color'], { sharedProvider: true });
  await terraform(dir, ['validate', '-no-color'], { sharedProvider: true });
  fs.mkdirSync(path.join(dir, 'tests'));
  fs.writeFileSync(path.join(dir, 'tests', 'adopt.tftest.hcl'), adoptTest(imports));
  const result = planned((await terraform(dir, ['test', '-verbose', '-no-color'], { sharedProvider: true })).stdout);
  expect({ imported: result.imported, created: result.created.length, other: result.other, summary: result.summary }).toEqual({
    imported: imports.map((i) => i.to).sort(),
    created: 6,
    other: [],
    summary: 'Plan: 3 to import, 6 to add, 0 to change, 0 to destroy.',
  });
}, 300_000);
