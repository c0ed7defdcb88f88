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
import { endpointByKey, endpointByService, serviceName } from '../lib/model/catalog';
import { loadConfig, type Spec } from '../lib/model/config';
import { canonicalize, differences } from './support/canonical';
import { EXAMPLE_CONFIG, loadCases, REPO_ROOT } from './support/cases';
import { policyProblems, securityGroupProblems } from './support/expectations';
import { loadFleetCases, synthFleet } from './support/fleets';
import { hubTestInputs } from './support/hub';
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
      const inputs = hubTestInputs(f.fleet, vpc.name);
      children.push(cdktfChild(`cdktf_${name}`, stacks[i], inputs), fleetRootChild(`hcl_${name}`, files, FLEET_MODULE_DIR, vpc.name, inputs));
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

// Centralized endpoints (lib/model/hub.ts): what the plans of a hub and its spokes hold, in both forms.
const hubFleets = fleets.filter((f) => f.fleet.hub !== undefined);

describe.each(hubFleets.map((f) => [f.name, f] as const))('a hub fleet plans the centralized endpoints and their DNS: %s', (name, f) => {
  const hub = f.fleet.hub!;
  const of = (vpc: string, side: 'cdktf' | 'hcl') => planned.get(`${side}_${id(`fleet/${name}/${vpc}`)}`)!;
  const count = (changes: PlannedResource[], type: string) => changes.filter((c) => c.type === type).length;

  test.each(['cdktf', 'hcl'] as const)('%s: the interface endpoints are in the hub, each spoke keeps its s3 gateway and only what cannot be centralized', (side) => {
    const hubServices = of(hub.name, side).filter((c) => c.type === 'aws_vpc_endpoint').map((c) => c.change.after?.service_name as string);
    for (const key of hub.centralized) expect(hubServices).toContain(serviceName(hub.region, endpointByKey(key)!.service));
    for (const spoke of hub.spokes) {
      const keys = of(spoke.name, side)
        .filter((c) => c.type === 'aws_vpc_endpoint')
        .map((c) => (c.change.after?.service_name as string).split('.').slice(3).join('.'))
        .sort();
      expect(keys).toEqual(['s3', ...spoke.local.map((l) => endpointByKey(l.key)!.service)].sort());
    }
  });

  test.each(['cdktf', 'hcl'] as const)("%s: the hub's security group lets every spoke's CIDR in on 443", (side) => {
    const sources = of(hub.name, side)
      .filter((c) => c.type === 'aws_vpc_security_group_ingress_rule')
      .map((c) => c.change.after?.cidr_ipv4);
    for (const spoke of hub.spokes) expect(sources).toContain(spoke.cidr);
  });

  if (hub.dns === 'zones') {
    test.each(['cdktf', 'hcl'] as const)('%s: a zone per centralized endpoint with alias records (dkr.ecr: apex and *), private DNS off there, authorizations for spokes of other accounts, associations in every spoke', (side) => {
      const h = of(hub.name, side);
      expect(h.filter((c) => c.type === 'aws_route53_zone').map((c) => c.change.after?.name).sort()).toEqual(hub.zones.map((z) => z.name).sort());
      expect(h.filter((c) => c.type === 'aws_route53_record').map((c) => c.change.after?.name).sort()).toEqual(hub.zones.flatMap((z) => z.records).sort());
      expect(h.filter((c) => c.type === 'aws_route53_record').every((c) => c.change.after?.type === 'A' && (c.change.after?.alias as unknown[]).length === 1)).toBe(true);
      for (const c of h.filter((x) => x.type === 'aws_vpc_endpoint' && x.change.after?.vpc_endpoint_type === 'Interface')) {
        const key = endpointByService((c.change.after?.service_name as string).split('.').slice(3).join('.'))!.key;
        expect({ key, privateDns: c.change.after?.private_dns_enabled }).toEqual({ key, privateDns: !hub.centralized.includes(key) });
      }
      const crossAccount = hub.spokes.filter((s) => s.crossAccount);
      expect(count(h, 'aws_route53_vpc_association_authorization')).toBe(crossAccount.length * hub.zones.length);
      expect(crossAccount.length).toBeGreaterThan(0);
      for (const spoke of hub.spokes) {
        const associations = of(spoke.name, side).filter((c) => c.type === 'aws_route53_zone_association');
        expect(associations.map((c) => c.change.after?.vpc_id)).toEqual(hub.zones.map(() => spoke.vpcId));
        const given = (hubTestInputs(f.fleet, spoke.name)!.hub_dns as { zone_ids: Record<string, string> }).zone_ids;
        expect(associations.map((c) => c.change.after?.zone_id).sort()).toEqual(Object.values(given).sort());
      }
    });
  } else {
    test.each(['cdktf', 'hcl'] as const)('%s: a Route 53 Profile with every centralized endpoint, shared through RAM with the other accounts, associated with every spoke; private DNS stays on', (side) => {
      const h = of(hub.name, side);
      expect(count(h, 'aws_route53profiles_profile')).toBe(1);
      expect(count(h, 'aws_route53profiles_resource_association')).toBe(hub.centralized.length);
      expect(h.filter((c) => c.type === 'aws_ram_principal_association').map((c) => c.change.after?.principal)).toEqual(hub.spokes.filter((s) => s.crossAccount).map((s) => s.accountId));
      expect(count(h, 'aws_ram_resource_share')).toBe(1);
      expect(h.filter((c) => c.type === 'aws_vpc_endpoint' && c.change.after?.vpc_endpoint_type === 'Interface').every((c) => c.change.after?.private_dns_enabled === true)).toBe(true);
      expect(count(h, 'aws_route53_zone')).toBe(0);
      for (const spoke of hub.spokes) {
        const associations = of(spoke.name, side).filter((c) => c.type === 'aws_route53profiles_association');
        expect(associations.map((c) => [c.change.after?.resource_id, c.change.after?.profile_id])).toEqual([[spoke.vpcId, 'rp-0123456789abcdef']]);
      }
    });
  }
});
