/**
 * The synthesized CDKTF JSON of every case, and of the built-in example,
 * through the real terraform and AWS provider (offline): validated, then
 * planned (the plan is the test run's shared plan, test/support/shared-plans.ts).
 *
 * Validation: each case's cdk.tf.json as the root it is, backend and
 * provider credentials included, all in one terraform process
 * (test/support/terraform.ts validateRoots, which gives each root its own
 * diagnostics).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Spec } from '../lib/model/config';
import { HTTPS_PORT } from '../lib/model/naming';
import { policyProblems, securityGroupProblems } from './support/expectations';
import type { PlannedResource } from './support/plan-root';
import { childNames, childPlan, planCases, sharedPlans } from './support/shared-plans';
import { synthSpec } from './support/synth';
import { addTestProviderOverride, removeTempDirs, tempDir, validateRoots } from './support/terraform';

const cases = planCases();

/**
 * Every case's validate, as the root it is (its backend block and provider
 * included), in one terraform process (validateRoots): started once, read by
 * each case's test.
 */
let validations: Promise<Map<string, string[]>> | undefined;
async function validated(name: string): Promise<string[]> {
  validations ??= validateRoots(
    cases.map((c, i) => {
      const dir = tempDir('synth');
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), synthSpec(c.spec));
      addTestProviderOverride(dir);
      return { name: `case_${i}`, dir };
    }),
  );
  const diagnostics = (await validations).get(`case_${cases.findIndex((c) => c.name === name)}`);
  if (!diagnostics) throw new Error(`no validation of ${name}`);
  return diagnostics;
}
/**
 * The first case's stack with an argument the provider does not have, beside
 * an intact copy: its error reaches it alone. (Alone in its batch: an error in
 * loading one root's files stops terraform before it validates the others.)
 */
function brokenRoot() {
  const dir = tempDir('synth');
  const json = JSON.parse(synthSpec(cases[0].spec)) as { resource: { aws_vpc_endpoint: Record<string, Record<string, unknown>> } };
  Object.values(json.resource.aws_vpc_endpoint)[0].no_such_argument = true;
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
  addTestProviderOverride(dir);
  return { name: 'broken', dir };
}

test('the validation can fail: a stack with an unknown argument gets its own error, as its root would', async () => {
  const dir = tempDir('synth');
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), synthSpec(cases[0].spec));
  const diagnostics = await validateRoots([brokenRoot(), { name: 'intact', dir }]);
  expect(diagnostics.get('broken')).toEqual([expect.stringMatching(/^error: Extraneous JSON object property: No argument or block type is named "no_such_argument"/)]);
  expect(diagnostics.get('intact')).toEqual([]);
});

afterAll(removeTempDirs);

function expectedCounts(spec: Spec): Record<string, number> {
  const interfaces = spec.endpoints.filter((e) => e.type === 'Interface').length;
  const gateways = spec.endpoints.length - interfaces;
  const sg = spec.createSecurityGroup && interfaces > 0;
  const counts: Record<string, number> = {
    aws_vpc_endpoint: spec.endpoints.length,
    aws_vpc_endpoint_route_table_association: gateways * spec.routeTableIds.length,
    aws_security_group: sg ? 1 : 0,
    aws_vpc_security_group_ingress_rule: sg ? spec.allowedCidrBlocks.length + spec.allowedSecurityGroupIds.length : 0,
  };
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

describe.each(cases.map((c) => [c.name, c.spec] as const))('terraform on the synthesized JSON: %s', (name, spec) => {
  const child = childNames(name).cdktf;
  const planned = async (): Promise<PlannedResource[]> => childPlan(await sharedPlans(), child);

  test('validates without errors or warnings, as the root it is', async () => {
    expect(await validated(name)).toEqual([]);
  });

  test('plans to create exactly the expected resources', async () => {
    const changes = (await planned()).filter((c) => c.mode !== 'data');
    expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
    const counts: Record<string, number> = {};
    for (const c of changes) counts[c.type] = (counts[c.type] ?? 0) + 1;
    expect(counts).toEqual(expectedCounts(spec));
  });

  test('plans the reads of the three pre-flight checks (offline each ends in a warning, and the plan passes)', async () => {
    const reads = (await planned()).filter((c) => c.mode === 'data');
    expect(reads.map((c) => `${c.type} ${c.change.actions}`).sort()).toEqual(['aws_route_tables read', 'aws_subnets read', 'aws_vpc read']);
    expect(reads.find((c) => c.type === 'aws_vpc')!.change.after).toMatchObject({ id: spec.vpcId });
  });

  test('plans the service names, private DNS and tags exactly as configured', async () => {
    const endpoints = (await planned()).filter((c) => c.type === 'aws_vpc_endpoint').map((c) => c.change.after!);
    const byService = new Map(endpoints.map((e) => [e.service_name as string, e]));
    expect([...byService.keys()].sort()).toEqual(spec.endpoints.map((e) => e.serviceName).sort());
    for (const endpoint of spec.endpoints) {
      const after = byService.get(endpoint.serviceName)!;
      expect(after.vpc_endpoint_type).toBe(endpoint.type);
      if (endpoint.type === 'Interface') expect(after.private_dns_enabled).toBe(endpoint.privateDns);
      // The planned tags are the literal configured text: nothing was interpreted as a template.
      expect(after.tags).toEqual({ ...spec.tags, Name: `${spec.namePrefix}-${endpoint.key.replace(/_/g, '-')}` });
    }
  });

  test('plans the security group: each ingress rule TCP 443 to 443 from one configured source, every source once, no egress; the interface endpoints in the created and the existing groups', async () => {
    const changes = await planned();
    expect(securityGroupProblems(changes, spec)).toEqual([]);
    const created = spec.createSecurityGroup && spec.endpoints.some((e) => e.type === 'Interface');
    const rules = changes.filter((c) => c.type === 'aws_vpc_security_group_ingress_rule').map((c) => c.change.after!);
    const expectedRules = created
      ? [
          ...spec.allowedCidrBlocks.map((cidr) => ({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: cidr.includes(':') ? null : cidr, cidr_ipv6: cidr.includes(':') ? cidr : null, referenced_security_group_id: null })),
          ...spec.allowedSecurityGroupIds.map((sg) => ({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: null, cidr_ipv6: null, referenced_security_group_id: sg })),
        ]
      : [];
    const key = (r: Record<string, unknown>) => JSON.stringify([r.cidr_ipv4, r.cidr_ipv6, r.referenced_security_group_id]);
    const actualRules = rules
      .map((r) => ({ ip_protocol: r.ip_protocol, from_port: r.from_port, to_port: r.to_port, cidr_ipv4: r.cidr_ipv4 ?? null, cidr_ipv6: r.cidr_ipv6 ?? null, referenced_security_group_id: r.referenced_security_group_id ?? null }))
      .sort((a, b) => key(a).localeCompare(key(b)));
    expect(actualRules).toEqual(expectedRules.sort((a, b) => key(a).localeCompare(key(b))));
    expect(HTTPS_PORT).toBe(443);
    for (const c of changes.filter((x) => x.type === 'aws_vpc_endpoint' && x.change.after?.vpc_endpoint_type === 'Interface')) {
      if (created) {
        // The created group's id is known after apply only, so the whole set is.
        expect({ endpoint: c.address, unknown: c.change.after_unknown?.security_group_ids }).toEqual({ endpoint: c.address, unknown: true });
      } else {
        // The existing groups, and the endpoint's own extra groups (securityGroupIds of its entry).
        const own = spec.endpoints.find((e) => e.serviceName === c.change.after?.service_name)?.securityGroupIds ?? [];
        expect({ endpoint: c.address, groups: [...((c.change.after?.security_group_ids as string[]) ?? [])].sort() }).toEqual({ endpoint: c.address, groups: [...new Set([...spec.securityGroupIds, ...own])].sort() });
      }
    }
  });

  test('plans each endpoint\'s own policy, else its preset, as canonical JSON with IAM variables like ${aws:PrincipalAccount} literal', async () => {
    expect(policyProblems(await planned(), spec)).toEqual([]);
  });
});
