/**
 * The synthesized CDKTF JSON of every case, and of the built-in example,
 * through the real terraform and AWS provider (offline): validated, then
 * planned (the plan is the test run's shared plan, test/support/shared-plans.ts).
 *
 * Validation: each case's cdk.tf.json as the root it is (as a child of
 * another root, terraform would warn about things that are right in a root),
 * at most as many at once as there are cores.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Spec } from '../lib/model/config';
import { HTTPS_PORT } from '../lib/model/naming';
import { policyProblems, securityGroupProblems } from './support/expectations';
import type { PlannedResource } from './support/plan-root';
import { childNames, childPlan, planCases, sharedPlans } from './support/shared-plans';
import { synthSpec } from './support/synth';
import { addTestProviderOverride, inParallel, removeTempDirs, tempDir, terraform } from './support/terraform';

const cases = planCases();

/** Each case's validate, as the root it is (its backend included): started once, two at a time, read by its own test. */
let validations: Map<string, Promise<string>> | undefined;
function validated(name: string): Promise<string> {
  if (!validations) {
    const ends = new Map<string, { resolve: (v: string) => void; reject: (e: Error) => void }>();
    validations = new Map(cases.map((c) => [c.name, new Promise<string>((resolve, reject) => ends.set(c.name, { resolve, reject }))]));
    // Failures reach the test that awaits them; none is left unhandled.
    for (const v of validations.values()) v.catch(() => undefined);
    void inParallel(
      cases.map((c) => async () => {
        try {
          const dir = tempDir('synth');
          fs.writeFileSync(path.join(dir, 'cdk.tf.json'), synthSpec(c.spec));
          addTestProviderOverride(dir);
          await terraform(dir, ['init', '-input=false', '-no-color', '-backend=false']);
          ends.get(c.name)!.resolve((await terraform(dir, ['validate', '-no-color'])).stdout);
        } catch (err) {
          ends.get(c.name)!.reject(err as Error);
        }
      }),
      Math.max(1, os.cpus().length),
    );
  }
  return validations.get(name)!;
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

describe.each(cases.map((c) => [c.name, c.spec] as const))('terraform on the synthesized JSON: %s', (name, spec) => {
  const child = childNames(name).cdktf;
  const planned = async (): Promise<PlannedResource[]> => childPlan(await sharedPlans(), child);

  test('validates without warnings, as its own root', async () => {
    expect(await validated(name)).toMatch(/^Success! The configuration is valid\.\s*$/);
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
