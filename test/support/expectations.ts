/**
 * What a plan must hold for a spec, checked on the PLANNED values (terraform
 * `show -json`) of either path: the endpoint policies, and the security group
 * that lets only HTTPS in from the configured sources and nothing out.
 */
import type { Spec } from '../../lib/model/config';
import { HTTPS_PORT } from '../../lib/model/naming';
import { presetPolicies } from '../../lib/model/policies';
import type { PlannedResource } from './plan-root';

/** The policy each endpoint must get: its own, else its preset (canonical JSON), else none (undefined). */
export function expectedPolicies(spec: Spec): Record<string, string | undefined> {
  const presets = presetPolicies(spec);
  return Object.fromEntries(spec.endpoints.map((e) => [e.key, e.policy ?? presets[e.key]]));
}

/**
 * The differences between the planned endpoint policies and `expectedPolicies`, one line
 * each (empty when they agree). The AWS provider plans a policy in the canonical form;
 * an endpoint without a policy gets AWS's default at apply, so its policy is unknown.
 */
export function policyProblems(changes: PlannedResource[], spec: Spec): string[] {
  const expected = expectedPolicies(spec);
  const problems: string[] = [];
  for (const e of spec.endpoints) {
    const change = changes.find((c) => c.type === 'aws_vpc_endpoint' && c.change.after?.service_name === e.serviceName);
    if (!change) {
      problems.push(`${e.key}: not planned`);
      continue;
    }
    const planned = change.change.after?.policy;
    const want = expected[e.key];
    if (want === undefined) {
      if (planned != null || change.change.after_unknown?.policy !== true) problems.push(`${e.key}: planned policy ${JSON.stringify(planned)}, expected none (AWS's default, known after apply)`);
    } else if (planned !== want.normalize('NFC')) {
      problems.push(`${e.key}: planned policy\n    ${JSON.stringify(planned)}\n  expected\n    ${JSON.stringify(want)}`);
    }
  }
  return problems;
}

/**
 * What is wrong with the planned security group and its rules, one line each (empty when
 * nothing is): exactly one ingress rule per configured source, each TCP 443 from that one
 * source; no egress rule at all; no group and no rule when none is to be created.
 */
export function securityGroupProblems(changes: PlannedResource[], spec: Spec): string[] {
  const problems: string[] = [];
  const groups = changes.filter((c) => c.type === 'aws_security_group');
  const ingress = changes.filter((c) => c.type === 'aws_vpc_security_group_ingress_rule');
  const other = changes.filter((c) => ['aws_vpc_security_group_egress_rule', 'aws_security_group_rule'].includes(c.type));
  const created = spec.createSecurityGroup && spec.endpoints.some((e) => e.type === 'Interface');
  if (other.length > 0) problems.push(`rules besides the ingress rules are planned: ${other.map((c) => c.address).join(', ')}`);
  if (groups.length !== (created ? 1 : 0)) problems.push(`${groups.length} security groups are planned, expected ${created ? 1 : 0}`);
  for (const group of groups) {
    const after = group.change.after ?? {};
    if (JSON.stringify(after.egress) !== '[]') problems.push(`${group.address}: egress is ${JSON.stringify(after.egress)}, expected none ([])`);
    // No inline ingress: the rules are separate resources, so the group's own list is only known after apply.
    if (group.change.after_unknown?.ingress !== true) problems.push(`${group.address}: inline ingress is set (${JSON.stringify(after.ingress)}); the rules must be the only ingress`);
  }
  const sources: string[] = [];
  for (const rule of ingress) {
    const a = rule.change.after ?? {};
    const from = [a.cidr_ipv4, a.cidr_ipv6, a.referenced_security_group_id, a.prefix_list_id].filter((v) => v !== null && v !== undefined);
    if (a.ip_protocol !== 'tcp' || a.from_port !== HTTPS_PORT || a.to_port !== HTTPS_PORT) {
      problems.push(`${rule.address}: allows ${String(a.ip_protocol)} ${String(a.from_port)}-${String(a.to_port)}, expected tcp ${HTTPS_PORT}-${HTTPS_PORT}`);
    }
    if (from.length !== 1) problems.push(`${rule.address}: has ${from.length} sources (${JSON.stringify(from)}), expected one`);
    sources.push(...from.map(String));
  }
  const configured = created ? [...spec.allowedCidrBlocks, ...spec.allowedSecurityGroupIds] : [];
  if (JSON.stringify([...sources].sort()) !== JSON.stringify([...configured].sort())) {
    problems.push(`HTTPS is allowed from ${JSON.stringify([...sources].sort())}, expected exactly ${JSON.stringify([...configured].sort())}`);
  }
  return problems;
}
