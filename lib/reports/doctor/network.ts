/**
 * The network rules the doctor evaluates, as pure functions over the SDK's
 * shapes (IPv4 ranges from lib/model/cidr.ts): network ACLs (stateless, numbered rules, first match
 * wins), security groups (stateful, any matching rule allows) and endpoint
 * policies (an explicit Deny wins over an Allow).
 *
 * Network ACL rules: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 * Security group rules: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 * Policy evaluation: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { cidrContains, cidrOverlaps } from '../../model/cidr';
import type { IpPermission, NetworkAcl, NetworkAclEntry } from './snapshot';

// ---------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------

export type PortRange = [number, number];

export const HTTPS: PortRange = [443, 443];
/** The ephemeral ports that return traffic may use; AWS advises allowing 1024-65535 in network ACLs. */
export const EPHEMERAL: PortRange = [1024, 65535];

const TCP = '6';

/** Does a protocol field (`-1`, `6`, `tcp`, …) cover TCP? */
function coversTcp(protocol: string | undefined): boolean {
  return protocol === '-1' || protocol === TCP || protocol?.toLowerCase() === 'tcp' || protocol === 'all';
}

/** Intervals of `range` not in `minus`. */
function subtract(ranges: PortRange[], minus: PortRange): PortRange[] {
  return ranges.flatMap(([a, b]): PortRange[] => {
    if (minus[1] < a || minus[0] > b) return [[a, b]];
    const out: PortRange[] = [];
    if (minus[0] > a) out.push([a, minus[0] - 1]);
    if (minus[1] < b) out.push([minus[1] + 1, b]);
    return out;
  });
}

// ---------------------------------------------------------------------------
// Network ACLs
// ---------------------------------------------------------------------------

/** What a network ACL does to TCP traffic to or from one range on some ports. */
export interface AclVerdict {
  allowed: boolean;
  /** The first rule that denies part of it, or undefined for the final implicit deny (`*`). */
  deniedBy?: NetworkAclEntry;
  /** The ports denied (as `a-b` text). */
  deniedPorts?: string;
}

/**
 * Evaluates `acl` for TCP traffic in one direction (`egress`) between the
 * subnet and `cidr`, on every port of `ports`. Rules are taken in rule
 * number order; for each port the first rule whose range holds the peer
 * decides. A rule whose range only partly holds the peer counts as deciding
 * for it when it denies (some addresses are denied) and not when it allows.
 */
export function evaluateAcl(acl: NetworkAcl, egress: boolean, cidr: string, ports: PortRange): AclVerdict {
  let open: PortRange[] = [ports];
  const entries = (acl.Entries ?? []).filter((e) => (e.Egress ?? false) === egress && e.CidrBlock !== undefined).sort((a, b) => (a.RuleNumber ?? 32767) - (b.RuleNumber ?? 32767));
  for (const entry of entries) {
    if (!coversTcp(entry.Protocol)) continue;
    const range: PortRange = entry.Protocol === '-1' || !entry.PortRange ? [0, 65535] : [entry.PortRange.From ?? 0, entry.PortRange.To ?? 65535];
    const allow = entry.RuleAction?.toLowerCase() === 'allow';
    const holds = cidrContains(entry.CidrBlock, cidr);
    const touches = cidrOverlaps(entry.CidrBlock, cidr);
    if (allow ? !holds : !touches) continue;
    const hit = open.filter(([a, b]) => !(range[1] < a || range[0] > b));
    if (hit.length === 0) continue;
    if (!allow) {
      const [a, b] = hit[0];
      return { allowed: false, deniedBy: entry, deniedPorts: portText([Math.max(a, range[0]), Math.min(b, range[1])]) };
    }
    open = subtract(open, range);
    if (open.length === 0) return { allowed: true };
  }
  return { allowed: false, deniedPorts: open.map(portText).join(', ') };
}

export function portText([a, b]: PortRange): string {
  return a === b ? String(a) : `${a}-${b}`;
}

/** `rule 90 (deny 0.0.0.0/0 all)` or `the final deny rule (*)`. */
export function aclRuleText(entry: NetworkAclEntry | undefined): string {
  if (!entry) return 'the final deny rule (*), as no rule allows it';
  const proto = entry.Protocol === '-1' ? 'all traffic' : `protocol ${entry.Protocol} ports ${entry.PortRange ? portText([entry.PortRange.From ?? 0, entry.PortRange.To ?? 65535]) : 'all'}`;
  return `rule ${entry.RuleNumber} (${entry.RuleAction} ${proto} ${entry.Egress ? 'to' : 'from'} ${entry.CidrBlock})`;
}

// ---------------------------------------------------------------------------
// Security groups
// ---------------------------------------------------------------------------

/** A peer of a security group rule: addresses, a security group, or a prefix list. */
export interface Peer {
  cidrs?: string[];
  groupIds?: string[];
  prefixListId?: string;
}

/** Does one of `permissions` allow TCP on every port of `ports` to or from `peer`? */
export function permissionsAllow(permissions: readonly IpPermission[] | undefined, peer: Peer, ports: PortRange): boolean {
  return (permissions ?? []).some((p) => {
    if (!coversTcp(p.IpProtocol)) return false;
    const all = p.IpProtocol === '-1';
    if (!all && ((p.FromPort ?? 0) > ports[0] || (p.ToPort ?? 65535) < ports[1])) return false;
    if (peer.groupIds?.some((g) => (p.UserIdGroupPairs ?? []).some((pair) => pair.GroupId === g))) return true;
    if (peer.prefixListId && (p.PrefixListIds ?? []).some((pl) => pl.PrefixListId === peer.prefixListId)) return true;
    const cidrs = peer.cidrs ?? [];
    return cidrs.length > 0 && cidrs.every((c) => (p.IpRanges ?? []).some((r) => cidrContains(r.CidrIp, c)));
  });
}

// ---------------------------------------------------------------------------
// Endpoint policies
// ---------------------------------------------------------------------------

interface Statement {
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: unknown;
}

/** A wildcard pattern of IAM (`*`, `?`) as a regular expression, case-insensitive for actions. */
function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

const asList = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

function matches(list: string[] | undefined, notList: string[] | undefined, value: string, ignoreCase: boolean): boolean {
  if (list) return list.some((p) => wildcard(p, ignoreCase).test(value));
  if (notList) return !notList.some((p) => wildcard(p, ignoreCase).test(value));
  return false;
}

function anyPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal === 'object' && principal !== null) {
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

/** What an endpoint policy says about one action on one resource, for any principal. */
export type PolicyVerdict =
  | { verdict: 'allowed' }
  | { verdict: 'conditional'; sid?: string }
  | { verdict: 'denied'; sid?: string }
  | { verdict: 'not-allowed' }
  | { verdict: 'unreadable'; reason: string };

/**
 * Evaluates an endpoint policy document (JSON text) for `action` on
 * `resource`: an unconditional Deny that matches wins; else an unconditional
 * Allow for every principal allows; an Allow with conditions or for some
 * principals only is `conditional`; nothing matching is `not-allowed` (the
 * implicit deny).
 */
export function evaluatePolicy(document: string | undefined, action: string, resource: string): PolicyVerdict {
  if (document === undefined || document.trim() === '') return { verdict: 'allowed' }; // no policy: AWS's default, full access
  let policy: { Statement?: Statement | Statement[] };
  try {
    policy = JSON.parse(document) as { Statement?: Statement | Statement[] };
  } catch (err) {
    return { verdict: 'unreadable', reason: (err as Error).message };
  }
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
  const applies = (s: Statement) =>
    matches(asList(s.Action), asList(s.NotAction), action, true) && matches(asList(s.Resource), asList(s.NotResource), resource, false);
  let conditional: string | undefined | null = null;
  let allowed = false;
  for (const s of statements) {
    if (!applies(s)) continue;
    const sid = (s as { Sid?: string }).Sid;
    if (s.Effect === 'Deny') {
      if (s.Condition === undefined && (s.NotPrincipal === undefined ? anyPrincipal(s.Principal) || s.Principal === undefined : false)) return { verdict: 'denied', sid };
      conditional = sid;
    } else if (s.Effect === 'Allow') {
      if (s.Condition === undefined && anyPrincipal(s.Principal)) allowed = true;
      else conditional = sid;
    }
  }
  if (allowed && conditional === null) return { verdict: 'allowed' };
  if (allowed || conditional !== null) return { verdict: 'conditional', sid: conditional ?? undefined };
  return { verdict: 'not-allowed' };
}
