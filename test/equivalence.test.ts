/**
 * The promise of the product: the CDKTF app and the generated module plan the
 * same infrastructure. For every case and the built-in example, both are
 * planned by the real terraform and AWS provider (offline), reduced to an
 * address-independent form, and compared attribute by attribute. For every
 * fleet case, each VPC's stack is compared with that VPC's generated root
 * (which calls the shared module), planned in the same single terraform run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FLEET_MODULE_DIR, renderFleet } from '../generators/fleet';
import { specToTfvars } from '../generators/tfvars';
import { loadConfig, type Spec } from '../lib/model/config';
import { canonicalize, differences } from './support/canonical';
import { EXAMPLE_CONFIG, loadCases, REPO_ROOT } from './support/cases';
import { policyProblems, securityGroupProblems } from './support/expectations';
import { loadFleetCases, synthFleet } from './support/fleets';
import { cdktfChild, fleetRootChild, moduleChild, planChildren, type Child, type PlannedResource } from './support/plan-root';
import { synthSpec } from './support/synth';
import { removeTempDirs } from './support/terraform';

const MODULE_DIR = path.join(REPO_ROOT, 'modules', 'ecs-privatelink');
const cases = [...loadCases().map((c) => ({ name: c.name, spec: c.spec })), { name: 'example', spec: loadConfig(EXAMPLE_CONFIG) }];
const fleets = loadFleetCases();
const fleetVpcs = fleets.flatMap((f) => f.fleet.vpcs.map((vpc) => ({ name: `${f.name}/${vpc.name}`, spec: vpc.spec })));
const id = (name: string) => name.replace(/[^a-z0-9]+/g, '_');

let planned: Map<string, PlannedResource[]>;

beforeAll(async () => {
  if (!fs.existsSync(path.join(MODULE_DIR, 'main.tf'))) throw new Error(`${MODULE_DIR} is missing; run npm start to render it`);
  const children: Child[] = cases.flatMap((c) => [
    cdktfChild(`cdktf_${id(c.name)}`, synthSpec(c.spec)),
    moduleChild(`hcl_${id(c.name)}`, MODULE_DIR, c.spec.region, { ...specToTfvars(c.spec) }),
  ]);
  for (const f of fleets) {
    const stacks = [...synthFleet(f.fleet).values()];
    const files = await renderFleet(f.fleet);
    f.fleet.vpcs.forEach((vpc, i) => {
      const name = id(`fleet/${f.name}/${vpc.name}`);
      children.push(cdktfChild(`cdktf_${name}`, stacks[i]), fleetRootChild(`hcl_${name}`, files, FLEET_MODULE_DIR, vpc.name));
    });
  }
  // One terraform run for everything: starting the provider dominates the time of a plan.
  planned = await planChildren(children);
});
const compared: string[] = [];
afterAll(() => {
  removeTempDirs();
  // What was compared, for the reader of the test output.
  if (compared.length > 0) process.stderr.write(`plan equivalence, resources compared per case: ${compared.join(', ')}\n`);
});

function expectSamePlan(name: string, child: string, spec: Spec, what: [string, string]): void {
  const cdktf = canonicalize(planned.get(`cdktf_${child}`)!);
  const hcl = canonicalize(planned.get(`hcl_${child}`)!);
  expect(cdktf.size).toBeGreaterThanOrEqual(spec.endpoints.length);
  const diff = differences(cdktf, hcl, what);
  if (diff.length > 0) {
    throw new Error(`${name}: the CDKTF app and the module plan differently (${diff.length} ${diff.length === 1 ? 'difference' : 'differences'}):\n${diff.join('\n')}`);
  }
  compared.push(`${name}: ${cdktf.size}`);
}

describe.each(cases.map((c) => [c.name, c.spec] as const))('CDKTF app and HCL module plan the same infrastructure: %s', (name, spec) => {
  test('every planned resource and attribute is equal', () => {
    expectSamePlan(name, id(name), spec, ['cdktf', 'module']);
  });

  test('in both plans, the security group lets only TCP 443 in, from exactly the configured sources, and nothing out; every endpoint has its configured policy', () => {
    for (const side of ['cdktf', 'hcl']) {
      const changes = planned.get(`${side}_${id(name)}`)!;
      expect({ side, problems: [...securityGroupProblems(changes, spec), ...policyProblems(changes, spec)] }).toEqual({ side, problems: [] });
    }
  });
});

describe.each(fleetVpcs.map((v) => [v.name, v.spec] as const))('a fleet VPC: its stack and its generated root plan the same infrastructure: %s', (name, spec) => {
  test('every planned resource and attribute is equal, in the region of the VPC', () => {
    expectSamePlan(`fleet ${name}`, id(`fleet/${name}`), spec, ['stack', 'root']);
    const endpoints = planned.get(`hcl_${id(`fleet/${name}`)}`)!.filter((r) => r.type === 'aws_vpc_endpoint');
    expect(endpoints.map((r) => r.change.after?.service_name).sort()).toEqual(spec.endpoints.map((e) => e.serviceName).sort());
  });
});
