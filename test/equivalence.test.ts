/**
 * The promise of the product: the CDKTF app and the generated module plan the
 * same infrastructure. For every case and the built-in example, the stack
 * and a FRESH render of the case's module (renderModule into a temporary
 * folder: a template or catalog bug shows here before anyone regenerates the
 * committed copy, whose drift module.test.ts checks) are planned by the real
 * terraform and AWS provider (offline), reduced to an address-independent
 * form, and compared attribute by attribute. The module is compared twice:
 * called with every input, and with only the inputs that differ from the
 * variables' defaults (the module's default path: the catalog's private DNS,
 * the default name prefix, empty lists). For every fleet case, each VPC's
 * stack is compared with that VPC's generated root.
 *
 * The plans come from the shared plan of the test run (test/support/shared-plans.ts),
 * which module-terraform and synth-terraform read too. Each test reads its own
 * case's plan: a case that cannot be planned fails its own tests, with its name
 * and terraform's error, and the others still pass.
 */
import type { Spec } from '../lib/model/config';
import { endpointByKey, endpointByService, serviceName } from '../lib/model/catalog';
import { canonicalize, differences } from './support/canonical';
import { policyProblems, securityGroupProblems } from './support/expectations';
import { PLANNED_POLICIES } from './support/policy-documents';
import { childNames, childPlan, fleetChildNames, planCases, planFleetVpcs, sharedPlans } from './support/shared-plans';
import { loadFleetCases } from './support/fleets';
import { hubTestInputs } from './support/hub';
import type { PlannedResource } from './support/plan-root';

const cases = planCases();
const fleetVpcs = planFleetVpcs();

const compared: string[] = [];
afterAll(() => {
  // What was compared, for the reader of the test output.
  if (compared.length > 0) process.stderr.write(`plan equivalence, resources compared: ${compared.join(', ')}\n`);
});

async function expectSamePlan(name: string, left: string, right: string, spec: Spec, what: [string, string]): Promise<void> {
  const plans = await sharedPlans();
  const a = canonicalize(childPlan(plans, left));
  const b = canonicalize(childPlan(plans, right));
  expect(a.size).toBeGreaterThanOrEqual(spec.endpoints.length);
  const diff = differences(a, b, what);
  if (diff.length > 0) {
    throw new Error(`${name}: the ${what[0]} and the ${what[1]} plan differently (${diff.length} ${diff.length === 1 ? 'difference' : 'differences'}):\n${diff.join('\n')}`);
  }
  compared.push(`${name} (${what[1]}): ${a.size}`);
}

describe.each(cases.map((c) => [c.name, c.spec] as const))('CDKTF app and HCL module plan the same infrastructure: %s', (name, spec) => {
  const names = childNames(name);

  test('every planned resource and attribute is equal (the module freshly rendered, called with every input)', async () => {
    await expectSamePlan(name, names.cdktf, names.hcl, spec, ['cdktf', 'module']);
  });

  test("every planned resource and attribute is equal with the module's defaults (only the inputs that differ from them passed)", async () => {
    await expectSamePlan(name, names.cdktf, names.defaults, spec, ['cdktf', 'module-defaults']);
  });

  test('in every plan, the security group lets only TCP 443 in, from exactly the configured sources, and nothing out; every endpoint has its configured policy', async () => {
    const plans = await sharedPlans();
    for (const side of [names.cdktf, names.hcl, names.defaults]) {
      const changes = childPlan(plans, side);
      expect({ side, problems: [...securityGroupProblems(changes, spec), ...policyProblems(changes, spec)] }).toEqual({ side, problems: [] });
    }
  });
});

describe.each(Object.entries(PLANNED_POLICIES))('the planned policies are the documents AWS documents, written out by hand (test/support/policy-documents.ts): %s', (name, expected) => {
  test('on the CDKTF side and through the module, with every input and with the defaults', async () => {
    const plans = await sharedPlans();
    const names = childNames(name);
    for (const side of [names.cdktf, names.hcl, names.defaults]) {
      const endpoints = childPlan(plans, side).filter((c) => c.type === 'aws_vpc_endpoint');
      expect({ side, services: endpoints.map((e) => e.change.after?.service_name).sort() }).toEqual({ side, services: Object.keys(expected).sort() });
      for (const e of endpoints) {
        const want = expected[e.change.after!.service_name as string];
        if (want === 'own') continue;
        const planned = { side, service: e.change.after!.service_name, policy: e.change.after!.policy ?? null, unknown: e.change.after_unknown?.policy === true };
        // No policy: AWS applies its default at creation, so the plan does not know it.
        expect(planned).toEqual({ side, service: planned.service, policy: want === null ? null : want.text, unknown: want === null });
      }
    }
  });
});

describe.each(fleetVpcs.map((v) => [v.name, v.spec] as const))('a fleet VPC: its stack and its generated root plan the same infrastructure: %s', (name, spec) => {
  test('every planned resource and attribute is equal, in the region of the VPC', async () => {
    const names = fleetChildNames(name);
    await expectSamePlan(`fleet ${name}`, names.cdktf, names.hcl, spec, ['stack', 'root']);
    const endpoints = childPlan(await sharedPlans(), names.hcl).filter((r) => r.type === 'aws_vpc_endpoint');
    expect(endpoints.map((r) => r.change.after?.service_name).sort()).toEqual(spec.endpoints.map((e) => e.serviceName).sort());
  });
});

// Centralized endpoints (lib/model/hub.ts): what the plans of a hub and its spokes hold, in both forms.
const hubFleets = loadFleetCases().filter((f) => f.fleet.hub !== undefined);

describe.each(hubFleets.map((f) => [f.name, f] as const))('a hub fleet plans the centralized endpoints and their DNS: %s', (name, f) => {
  const hub = f.fleet.hub!;
  // The shared plan (test/support/shared-plans.ts), read once the hub's tests start; a failed child fails only the tests that read it.
  let plans: Awaited<ReturnType<typeof sharedPlans>>;
  beforeAll(async () => {
    plans = await sharedPlans();
  });
  const of = (vpc: string, side: 'cdktf' | 'hcl') => childPlan(plans, fleetChildNames(`${name}/${vpc}`)[side]);
  const count = (changes: PlannedResource[], type: string) => changes.filter((c) => c.type === type).length;

  test.each(['cdktf', 'hcl'] as const)('%s: the interface endpoints are in the hub, each spoke keeps its s3 gateway and only what cannot be centralized', (side) => {
    const hubServices = of(hub.name, side).filter((c) => c.type === 'aws_vpc_endpoint').map((c) => c.change.after?.service_name as string);
    for (const key of hub.centralized) expect(hubServices).toContain(serviceName(hub.region, endpointByKey(key)!.service));
    for (const spoke of hub.spokes) {
      const keys = of(spoke.name, side)
        .filter((c) => c.type === 'aws_vpc_endpoint')
        .map((c) => (c.change.after?.service_name as string).split('.').slice(3).join('.'))
        .sort();
      // hub-profile's batch asks only for ECR (profile none, no s3): it keeps nothing, and still has its pre-flight checks.
      const kept = spoke.name === 'batch' ? [] : ['s3', ...spoke.local.map((l) => endpointByKey(l.key)!.service)];
      expect({ spoke: spoke.name, keys }).toEqual({ spoke: spoke.name, keys: kept.sort() });
      expect({ spoke: spoke.name, vpcCheck: of(spoke.name, side).some((c) => c.type === 'aws_vpc' && c.mode === 'data') }).toEqual({ spoke: spoke.name, vpcCheck: true });
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
