/**
 * The synthesized CDKTF JSON of every case, and of the built-in example,
 * through the real terraform and AWS provider (offline): validated, then
 * planned (the plan is the test run's shared plan, test/support/shared-plans.ts).
 *
 * Validation: the example's cdk.tf.json as the root it is (its backend
 * included), and every case at once as the children of one root, with
 * `validate -json`, whose diagnostics name the file, hence the case.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Spec } from '../lib/model/config';
import { HTTPS_PORT } from '../lib/model/naming';
import { policyProblems, securityGroupProblems } from './support/expectations';
import { cdktfChild, writeRoot, type PlannedResource } from './support/plan-root';
import { childNames, childPlan, planCases, sharedPlans } from './support/shared-plans';
import { synthSpec } from './support/synth';
import { addTestProviderOverride, removeTempDirs, tempDir, terraform, terraformStatus } from './support/terraform';

const cases = planCases();

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  range?: { filename: string };
}
interface Validation {
  valid: boolean;
  diagnostics: Diagnostic[];
}

let validations: Promise<{ all: Validation; example: string }> | undefined;

/** One validate of every case as a child of one root, and the example alone as a root; started once, read by each test. */
function validated(): Promise<{ all: Validation; example: string }> {
  validations ??= (async () => {
    const root = writeRoot(cases.map((c) => cdktfChild(childNames(c.name).cdktf, synthSpec(c.spec))));
    const example = tempDir('synth-example');
    fs.writeFileSync(path.join(example, 'cdk.tf.json'), synthSpec(cases.find((c) => c.name === 'example')!.spec));
    addTestProviderOverride(example);
    const [all, alone] = await Promise.all([
      (async () => {
        await terraform(root, ['init', '-input=false', '-no-color', '-backend=false']);
        const r = await terraformStatus(root, ['validate', '-json', '-no-color']);
        return JSON.parse(r.stdout) as Validation;
      })(),
      (async () => {
        await terraform(example, ['init', '-input=false', '-no-color', '-backend=false']);
        return (await terraform(example, ['validate', '-no-color'])).stdout;
      })(),
    ]);
    return { all, example: alone };
  })();
  return validations;
}
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

test('the built-in example\'s cdk.tf.json, as its own root with its backend, validates without warnings', async () => {
  expect((await validated()).example).toMatch(/^Success! The configuration is valid\.\s*$/);
});

describe.each(cases.map((c) => [c.name, c.spec] as const))('terraform on the synthesized JSON: %s', (name, spec) => {
  const child = childNames(name).cdktf;
  const planned = async (): Promise<PlannedResource[]> => childPlan(await sharedPlans(), child);

  test('validates without errors or warnings', async () => {
    const { all } = await validated();
    const mine = all.diagnostics.filter((d) => !d.range || d.range.filename.startsWith(`children/${child}/`));
    expect(mine.map((d) => `${d.severity}: ${d.summary}: ${d.detail ?? ''}`)).toEqual([]);
    expect(all.valid).toBe(true);
  });

  test('plans to create exactly the expected resources', async () => {
    const changes = await planned();
    expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
    const counts: Record<string, number> = {};
    for (const c of changes) counts[c.type] = (counts[c.type] ?? 0) + 1;
    expect(counts).toEqual(expectedCounts(spec));
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
        expect({ endpoint: c.address, groups: [...((c.change.after?.security_group_ids as string[]) ?? [])].sort() }).toEqual({ endpoint: c.address, groups: [...spec.securityGroupIds].sort() });
      }
    }
  });

  test('plans each endpoint\'s own policy, else its preset, as canonical JSON with IAM variables like ${aws:PrincipalAccount} literal', async () => {
    expect(policyProblems(await planned(), spec)).toEqual([]);
  });
});
