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
import { canonicalize, differences } from './support/canonical';
import { policyProblems, securityGroupProblems } from './support/expectations';
import { PLANNED_POLICIES } from './support/policy-documents';
import { childNames, childPlan, fleetChildNames, planCases, planFleetVpcs, sharedPlans } from './support/shared-plans';

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
