/**
 * The synthesized CDKTF JSON of every case, and of the built-in example,
 * through the real terraform and AWS provider (offline): validate, then plan.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, type Spec } from '../lib/model/config';
import { EXAMPLE_CONFIG, loadCases } from './support/cases';
import { policyProblems } from './support/expectations';
import { synthSpec } from './support/synth';
import { cdktfChild, planChildren, type PlannedResource } from './support/plan-root';
import { addTestProviderOverride, inParallel, removeTempDirs, tempDir, terraform } from './support/terraform';

const cases = [...loadCases().map((c) => ({ name: c.name, spec: c.spec })), { name: 'built-in example', spec: loadConfig(EXAMPLE_CONFIG) }];

const validated = new Map<string, string>();
let planned: Map<string, PlannedResource[]>;
const childName = (caseName: string) => `cdktf_${caseName.replace(/[^a-z0-9]+/g, '_')}`;

beforeAll(async () => {
  // Each case validated as the root it is; all cases planned together (one provider start-up).
  const validations = inParallel(
    cases.map((c) => async () => {
      const dir = tempDir('synth');
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), synthSpec(c.spec));
      addTestProviderOverride(dir);
      await terraform(dir, ['init', '-input=false', '-no-color', '-backend=false']);
      validated.set(c.name, (await terraform(dir, ['validate', '-no-color'])).stdout);
    }),
  );
  // Both awaited together: a failure of either fails the tests instead of going unhandled.
  [planned] = await Promise.all([planChildren(cases.map((c) => cdktfChild(childName(c.name), synthSpec(c.spec)))), validations]);
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
  test('validates without warnings', () => {
    expect(validated.get(name)).toMatch(/^Success! The configuration is valid\.\s*$/);
  });

  test('plans to create exactly the expected resources', () => {
    const changes = planned.get(childName(name))!.filter((c) => c.mode !== 'data');
    expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
    const counts: Record<string, number> = {};
    for (const c of changes) counts[c.type] = (counts[c.type] ?? 0) + 1;
    expect(counts).toEqual(expectedCounts(spec));
  });

  test('plans the reads of the three pre-flight checks (offline each ends in a warning, and the plan passes)', () => {
    const reads = planned.get(childName(name))!.filter((c) => c.mode === 'data');
    expect(reads.map((c) => `${c.type} ${c.change.actions}`).sort()).toEqual(['aws_route_tables read', 'aws_subnets read', 'aws_vpc read']);
    expect(reads.find((c) => c.type === 'aws_vpc')!.change.after).toMatchObject({ id: spec.vpcId });
  });

  test('plans the service names, private DNS and tags exactly as configured', () => {
    const endpoints = planned.get(childName(name))!.filter((c) => c.type === 'aws_vpc_endpoint').map((c) => c.change.after!);
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

  test('plans each endpoint\'s own policy, else its preset, as canonical JSON with IAM variables like ${aws:PrincipalAccount} literal', () => {
    expect(policyProblems(planned.get(childName(name))!, spec)).toEqual([]);
  });
});
