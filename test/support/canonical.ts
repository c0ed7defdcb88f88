/**
 * Address-independent form of a plan, for comparing what two configurations
 * would create.
 *
 * Each planned resource is keyed by what identifies it, not by its address:
 * an endpoint by its service name, an ingress rule by its port and source, a
 * route-table association by its route table, the security group by its name.
 * Its value is every planned attribute (`change.after`), with the values only
 * known after apply replaced by a marker.
 */
import type { PlannedResource } from './plan-root';

export const UNKNOWN = '(known after apply)';

export type Canonical = Map<string, unknown>;

/** `type[identity]` of a planned resource. */
export function identity(change: PlannedResource): string {
  const after = change.change.after ?? {};
  // The reads of the pre-flight checks (data sources in check blocks), by what they read.
  if (change.mode === 'data') return `data.${change.type}[${JSON.stringify(after.id ?? after.filter)}]`;
  switch (change.type) {
    case 'aws_vpc_endpoint':
      return `${change.type}[${after.service_name}]`;
    case 'aws_vpc_endpoint_route_table_association':
      return `${change.type}[${after.route_table_id}]`;
    case 'aws_security_group':
      return `${change.type}[${after.name}]`;
    case 'aws_vpc_security_group_ingress_rule': {
      const source = after.cidr_ipv4 ?? after.cidr_ipv6 ?? after.referenced_security_group_id ?? after.prefix_list_id;
      return `${change.type}[${after.ip_protocol} ${after.from_port}-${after.to_port} from ${source}]`;
    }
    // Centralized endpoints (lib/model/hub.ts).
    case 'aws_route53_zone':
    case 'aws_route53profiles_profile':
    case 'aws_route53profiles_resource_association':
    case 'aws_route53profiles_association':
    case 'aws_ram_resource_share':
      return `${change.type}[${after.name}]`;
    case 'aws_route53_record':
      return `${change.type}[${after.name} ${after.type}]`;
    case 'aws_route53_zone_association':
      return `${change.type}[${after.zone_id} ${after.vpc_id}]`;
    case 'aws_ram_principal_association':
      return `${change.type}[${after.principal}]`;
    // Only unknown ids tell these apart: alike ones are numbered (see canonicalize).
    case 'aws_route53_vpc_association_authorization':
      return `${change.type}[${after.vpc_id}]`;
    case 'aws_ram_resource_association':
      return `${change.type}[]`;
    default:
      throw new Error(`no identity is defined for ${change.type} (${change.address}); add one to test/support/canonical.ts`);
  }
}

/** Merges `after` with `after_unknown`, so that unknown values read as UNKNOWN. */
export function withUnknowns(after: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(after)) {
    return after.map((v, i) => withUnknowns(v, Array.isArray(unknown) ? unknown[i] : undefined));
  }
  if (after !== null && typeof after === 'object') {
    const u = (unknown && typeof unknown === 'object' ? unknown : {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(after), ...Object.keys(u)])].sort();
    return Object.fromEntries(keys.map((k) => [k, withUnknowns((after as Record<string, unknown>)[k] ?? null, u[k])]));
  }
  if (after === undefined && Array.isArray(unknown)) return unknown.map((u) => withUnknowns(undefined, u));
  return after ?? null;
}

/** Resources identified by attributes that several of them share (their distinguishing ids are known only after apply): numbered in plan order. */
const NUMBERED = new Set(['aws_route53_vpc_association_authorization', 'aws_ram_resource_association']);

/** The canonical form of a list of planned resources; throws when two share an identity. */
export function canonicalize(changes: PlannedResource[]): Canonical {
  const out: Canonical = new Map();
  const counts = new Map<string, number>();
  for (const change of changes) {
    let id = identity(change);
    if (NUMBERED.has(change.type)) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
      id = `${id}#${counts.get(id)}`;
    }
    if (out.has(id)) throw new Error(`two planned resources are both ${id}`);
    out.set(id, { actions: change.change.actions, after: withUnknowns(change.change.after, change.change.after_unknown) });
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The differences between two canonical plans, one line each, side by side:
 * resources planned on one side only, then attributes that differ.
 */
export function differences(left: Canonical, right: Canonical, names: [string, string]): string[] {
  const lines: string[] = [];
  for (const id of new Set([...left.keys(), ...right.keys()])) {
    if (!right.has(id)) lines.push(`${id}: planned by ${names[0]} only`);
    else if (!left.has(id)) lines.push(`${id}: planned by ${names[1]} only`);
    else diffValue(id, left.get(id), right.get(id), names, lines);
  }
  return lines;
}

function diffValue(at: string, a: unknown, b: unknown, names: [string, string], lines: string[]): void {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      diffValue(`${at}.${key}`, a[key], b[key], names, lines);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    lines.push(`${at}:\n    ${names[0].padEnd(8)} ${JSON.stringify(a)}\n    ${names[1].padEnd(8)} ${JSON.stringify(b)}`);
  }
}
