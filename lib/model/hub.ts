/**
 * Centralized endpoints: one set of interface endpoints in a shared-services
 * (hub) VPC, used by every other VPC of the fleet (the spokes) over a Transit
 * Gateway. A fleet file names the hub with `hub: <vpc name>`; `hubDns` says how
 * the spokes resolve the hub's endpoints.
 *
 * AWS's multi-VPC whitepaper, "Centralized access to VPC private endpoints"
 * (https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-access-to-vpc-private-endpoints.html),
 * and the blog "Centralize access using VPC interface endpoints to access AWS
 * services across multiple VPCs"
 * (https://aws.amazon.com/blogs/networking-and-content-delivery/centralize-access-using-vpc-interface-endpoints/):
 * the endpoints' private DNS is a managed private hosted zone that works only
 * in the endpoint's own VPC, so it is turned off in the hub and a private
 * hosted zone per service, with alias records to the endpoint, is associated
 * with the hub and every spoke. That is `hubDns: zones`, the default.
 *
 * `hubDns: profile`: a Route 53 Profile holds the interface endpoints
 * ("Associate interface VPC endpoints to a Route 53 Profile",
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/profile-associate-vpc-endpoints.html),
 * is shared with the spokes' accounts through RAM and associated with each
 * spoke VPC; the endpoints keep private DNS on, so every name of the endpoint
 * reaches the spokes, the ECS agent and telemetry names included.
 *
 * Why zones is the default: a VPC takes only one Profile (AssociateProfile,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53profiles_AssociateProfile.html),
 * so a Profile of ours would collide with one the organization already
 * associates with its VPCs; Profiles are billed per VPC association-hour,
 * hosted zones a flat monthly fee (see `ecs-privatelink cost`); and it is the
 * pattern of AWS's whitepaper.
 *
 * What cannot be centralized correctly stays in each spoke, and the tool says
 * why (`HubPlan.notes`): with zones, `ecs-agent` and `ecs-telemetry`, whose
 * names `ecs-a-*.<region>.amazonaws.com` and `ecs-t-*…` put the wildcard
 * inside a label (a zone cannot hold that, and a zone for
 * `<region>.amazonaws.com` would capture every other service of the region),
 * and custom endpoints (no zone is known for their names); with a Profile, an
 * endpoint whose private DNS is off in the hub (it has no names to share); an
 * endpoint the hub does not have. A hub that can share none of its interface
 * endpoints is refused.
 */
import { DNS_SUFFIXES, endpointByKey, type Partition } from './catalog';
import { cidrOverlaps } from './cidr';
import { cidrProblem, resolveConfig, type EndpointPlan, type FieldProblem, type Spec } from './config';

export type HubDns = 'zones' | 'profile';
export const DEFAULT_HUB_DNS: HubDns = 'zones';

/** DNS suffix of AWS service host names, by partition (the catalog's table). */
export const HUB_DNS_SUFFIXES = DNS_SUFFIXES;

/**
 * The private hosted zone that serves an interface endpoint's names, by
 * catalog key: `<zone>.<region>.<suffix>`, with an alias record at the apex
 * and, where names are per account (`<account>.dkr.ecr…`), at `*`.
 */
export const HUB_ZONES: Readonly<Record<string, { readonly zone: string; readonly wildcard: boolean }>> = {
  ecr_api: { zone: 'api.ecr', wildcard: false },
  ecr_dkr: { zone: 'dkr.ecr', wildcard: true },
  ecs: { zone: 'ecs', wildcard: false },
  logs: { zone: 'logs', wildcard: false },
  secretsmanager: { zone: 'secretsmanager', wildcard: false },
  ssm: { zone: 'ssm', wildcard: false },
  ssmmessages: { zone: 'ssmmessages', wildcard: false },
  ec2messages: { zone: 'ec2messages', wildcard: false },
  kms: { zone: 'kms', wildcard: false },
  sts: { zone: 'sts', wildcard: false },
};

/** Interface endpoints whose names no private hosted zone can serve, and why. */
export const NOT_IN_A_ZONE: Readonly<Record<string, string>> = {
  ecs_agent: 'ecs-a-*',
  ecs_telemetry: 'ecs-t-*',
};

/** A private hosted zone of the hub (hubDns: zones). */
export interface HubZone {
  /** Catalog key of the endpoint it points at: `ecr_dkr`. */
  readonly key: string;
  /** `dkr.ecr.eu-west-1.amazonaws.com` */
  readonly name: string;
  /** Full names of the alias records: the apex, and `*.<name>` where names are per account. */
  readonly records: readonly string[];
}

/** One spoke of a hub. */
export interface SpokePlan {
  readonly name: string;
  readonly vpcId: string;
  readonly region: string;
  readonly cidr: string;
  /** From the account's assumeRoleArn, when known. */
  readonly accountId?: string;
  /** In another account than the hub: RAM sharing (profile) or zone association authorizations (zones). */
  readonly crossAccount: boolean;
  /** Interface endpoints the spoke uses from the hub, by catalog key. */
  readonly centralized: readonly string[];
  /** Interface endpoints that stay in the spoke, and why. */
  readonly local: readonly { readonly key: string; readonly reason: string }[];
}

/** A validated hub: what goes where. */
export interface HubPlan {
  /** The hub's VPC name. */
  readonly name: string;
  readonly vpcId: string;
  readonly region: string;
  readonly partition: Partition;
  readonly cidr: string;
  readonly accountId?: string;
  readonly dns: HubDns;
  /** Interface endpoints of the hub that serve the spokes, by catalog key. */
  readonly centralized: readonly string[];
  /** hubDns zones: one per centralized endpoint. */
  readonly zones: readonly HubZone[];
  readonly spokes: readonly SpokePlan[];
  /** Every VPC as its file entry would make it alone (its own endpoints), for `cost`. */
  readonly perVpc: Readonly<Record<string, Spec>>;
  /** Sentences: what stays per VPC and why. */
  readonly notes: readonly string[];
}

/** The account hint of a VPC (as in lib/model/fleet.ts). */
interface Account {
  readonly assumeRoleArn?: string;
  readonly profile?: string;
}

/** The account id of a role ARN: `arn:aws:iam::111111111111:role/x` → `111111111111`. */
export function accountIdOf(account: Account | undefined): string | undefined {
  return account?.assumeRoleArn?.split(':')[4];
}

/** Same account as the hub: the same account id, or (ids unknown) the same credentials. */
function sameAccount(a: Account | undefined, b: Account | undefined): boolean | undefined {
  const [ia, ib] = [accountIdOf(a), accountIdOf(b)];
  if (ia !== undefined && ib !== undefined) return ia === ib;
  if (a?.assumeRoleArn === b?.assumeRoleArn && a?.profile === b?.profile) return true;
  return undefined;
}

// ---------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------

/** A VPC of the fleet as the hub rules see it: merged with the defaults, and valid as a single VPC. */
export interface HubCandidate {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly cidr?: unknown;
  readonly account?: Account;
  /** Its own problems as a single VPC were none. */
  readonly valid: boolean;
}

/** A problem of the fleet's hub fields (`vpc` absent) or of one VPC. */
export interface HubProblem extends FieldProblem {
  readonly vpc?: string;
}

/** `hub` and `hubDns` themselves; `vpcs` are the names of the fleet. */
export function hubFieldProblems(hub: unknown, hubDns: unknown, vpcs: readonly string[], defaults: Record<string, unknown>): HubProblem[] {
  const problems: HubProblem[] = [];
  if (hub === undefined) {
    if (hubDns !== undefined) problems.push({ path: ['hubDns'], message: 'is set, but hub is not; hubDns says how spokes resolve the endpoints of a hub: add hub: <vpc name>, or remove hubDns' });
    return problems;
  }
  if (typeof hub === 'string' && !vpcs.includes(hub)) {
    problems.push({ path: ['hub'], message: `${JSON.stringify(hub)} is not a VPC of this fleet; name one of vpcs (${vpcs.join(', ')})` });
  } else if (vpcs.length < 2) {
    problems.push({ path: ['hub'], message: 'makes the only VPC of the fleet a hub with no spokes; add the VPCs that use its endpoints under vpcs, or remove hub' });
  }
  if ('cidr' in defaults) {
    problems.push({ path: ['defaults', 'cidr'], message: "is a VPC's own CIDR, and VPCs of a hub may not overlap; set cidr in each VPC instead" });
  }
  return problems;
}

/**
 * The rules of a hub fleet across its VPCs: every VPC has a CIDR and none
 * overlaps another; spokes are in the hub's region; the hub has interface
 * endpoints, can share at least one of them under `dns`, and creates its
 * security group; a spoke in other credentials names its account.
 */
export function hubProblems(hubName: string, dns: HubDns, vpcs: readonly HubCandidate[]): HubProblem[] {
  const problems: HubProblem[] = [];
  const hub = vpcs.find((v) => v.name === hubName);
  if (!hub) return problems;
  const cidrs = new Map<string, string>();
  for (const v of vpcs) {
    const role = v.name === hubName ? 'the hub' : 'a spoke';
    if (v.cidr === undefined) {
      const why = v.name === hubName ? "spokes' CIDRs are checked against it" : "it is allowed into the hub's endpoint security group";
      problems.push({ vpc: v.name, path: ['cidr'], message: `is required for ${role} (${why}); give the VPC's IPv4 CIDR block, like cidr: 10.1.0.0/16` });
    } else if (typeof v.cidr === 'string') {
      const problem = cidrProblem(v.cidr);
      if (problem) problems.push({ vpc: v.name, path: ['cidr'], message: problem });
      else cidrs.set(v.name, v.cidr);
    }
  }
  if (hub.valid) problems.push(...hubVpcProblems(hub, dns));
  const hubRegion = hub.config.region;
  for (const spoke of vpcs.filter((v) => v.name !== hubName && v.valid)) {
    if (spoke.config.region !== hubRegion) {
      problems.push({
        vpc: spoke.name,
        path: ['region'],
        message: `${JSON.stringify(spoke.config.region)} is not the hub's region (${String(hubRegion)}): a spoke reaches the hub over a Transit Gateway of that region, and the hub's endpoints serve ${String(hubRegion)}'s services; cross-region spokes are not supported yet: put this VPC in a fleet with a hub of its own region`,
      });
    }
    if (sameAccount(hub.account, spoke.account) === undefined) {
      problems.push({
        vpc: spoke.name,
        path: ['account'],
        message: `has other credentials than the hub ${hubName}, and no account id can be read from them; give both an account.assumeRoleArn, whose account id tells whether the spoke is in the hub's account (then it needs no sharing) or in another one`,
      });
    }
  }
  problems.push(...overlapProblems(hubName, cidrs));
  return problems;
}

function hubVpcProblems(hub: HubCandidate, dns: HubDns): HubProblem[] {
  const problems: HubProblem[] = [];
  const config = hub.config;
  // Valid as a single VPC (hub.valid): its endpoints as deployed, the profile's and those the file adds.
  const spec = resolveConfig(config);
  const interfaces = spec.endpoints.filter((e) => e.type === 'Interface');
  const where = [config.endpoints !== undefined ? 'endpoints' : config.customEndpoints !== undefined ? 'customEndpoints' : 'profile'];
  if (interfaces.length === 0) {
    problems.push({
      vpc: hub.name,
      path: where,
      message: `the hub has no interface endpoint (only ${spec.endpoints.map((e) => e.service).join(', ') || 'none'}), so it has nothing to serve its spokes; give it interface endpoints, like ecr.api and ecr.dkr, and their subnets`,
    });
  } else {
    const reasons = interfaces.map((e) => ({ service: e.service, why: unshared(e, dns, hub.name, spec.region, spec.partition) }));
    if (reasons.every((r) => r.why !== undefined)) {
      problems.push({
        vpc: hub.name,
        path: where,
        message: `the hub can share none of its interface endpoints with its spokes with hubDns: ${dns} (${reasons.map((r) => `${r.service}: ${r.why!}`).join('; ')}); give it endpoints it can share, like ecr.api and ecr.dkr${dns === 'zones' ? ', or set hubDns: profile' : ''}`,
      });
    }
  }
  if (usesOwnSecurityGroupsOnly(config)) {
    problems.push({
      vpc: hub.name,
      path: ['createSecurityGroup'],
      message: "the hub uses only security groups of yours, so the spokes' CIDRs cannot be allowed in for them; set createSecurityGroup: true (your groups stay attached too)",
    });
  }
  return problems;
}

/** No security group is created for the endpoints: createSecurityGroup false, or left out with securityGroupIds given. */
export function usesOwnSecurityGroupsOnly(config: Record<string, unknown>): boolean {
  return config.createSecurityGroup === false || (config.createSecurityGroup === undefined && Array.isArray(config.securityGroupIds) && config.securityGroupIds.length > 0);
}

function overlapProblems(hubName: string, cidrs: Map<string, string>): HubProblem[] {
  const problems: HubProblem[] = [];
  const names = [...cidrs.keys()].sort((a, b) => (a === hubName ? -1 : b === hubName ? 1 : a < b ? -1 : a > b ? 1 : 0));
  names.forEach((name, i) => {
    for (const other of names.slice(0, i)) {
      if (!cidrOverlaps(cidrs.get(name), cidrs.get(other))) continue;
      const whose = other === hubName ? `the hub's CIDR ${cidrs.get(other)} (vpcs.${other}.cidr)` : `${cidrs.get(other)}, the CIDR of spoke ${other}`;
      problems.push({
        vpc: name,
        path: ['cidr'],
        message: `${cidrs.get(name)} overlaps ${whose}; a Transit Gateway cannot route between overlapping VPCs: give the VPC's own CIDR, and VPCs that do not overlap`,
      });
      break;
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------

/** A VPC of a validated fleet, before the hub decides what goes where. */
export interface PlannedVpc {
  readonly name: string;
  readonly spec: Spec;
  readonly cidr: string;
  readonly account?: Account;
}

/** The spokes' CIDRs the hub's security group lets in, besides its own sources: those it does not list already. */
export function spokeCidrsFor(hubAllowed: readonly unknown[], spokeCidrs: readonly unknown[]): string[] {
  const seen = new Set(hubAllowed);
  const out: string[] = [];
  for (const cidr of spokeCidrs) {
    if (typeof cidr !== 'string' || cidrProblem(cidr) !== undefined || seen.has(cidr)) continue;
    seen.add(cidr);
    out.push(cidr);
  }
  return out;
}

/** Why the hub cannot share one of its interface endpoints with its spokes under `dns`; undefined when it can. */
function unshared(e: EndpointPlan, dns: HubDns, hubName: string, region: string, partition: Partition): string | undefined {
  const suffix = HUB_DNS_SUFFIXES[partition];
  if (dns === 'zones' && NOT_IN_A_ZONE[e.key]) {
    return `its private DNS name ${NOT_IN_A_ZONE[e.key]}.${region}.${suffix} has its wildcard inside a label, which a private hosted zone cannot hold, and a zone for ${region}.${suffix} would capture every other AWS service of the region; hubDns: profile shares it`;
  }
  if (dns === 'zones' && HUB_ZONES[e.key] === undefined) {
    return `it is a custom endpoint, and the hub makes private hosted zones only for the catalog's endpoints, whose names it knows; hubDns: profile shares it`;
  }
  if (dns === 'profile' && e.privateDns === false) return `its private DNS is off in the hub ${hubName}, so a Route 53 Profile has no names of it to share; turn private DNS on there to centralize it`;
  return undefined;
}

/**
 * What goes where: the hub keeps its endpoints (private DNS off on those its
 * zones serve); each spoke keeps its s3 gateway and the interface endpoints
 * that cannot be centralized. Returns the plan and each VPC's Spec as it is
 * deployed, by name. `vpcs` are valid and pass `hubProblems`.
 */
export function planHub(hubName: string, dns: HubDns, vpcs: readonly PlannedVpc[]): { plan: HubPlan; specs: Map<string, Spec> } {
  const hub = vpcs.find((v) => v.name === hubName)!;
  const region = hub.spec.region;
  const partition = hub.spec.partition;
  const suffix = HUB_DNS_SUFFIXES[partition];
  const hubInterfaces = hub.spec.endpoints.filter((e) => e.type === 'Interface');
  /** Why the hub cannot serve an endpoint (its key and service: a custom one's key is not the name the user wrote), or undefined. */
  const servable = ({ key, service }: EndpointPlan): string | undefined => {
    const e = hubInterfaces.find((x) => x.key === key);
    if (!e) return `the hub ${hubName} has no ${service} endpoint; add it to the hub's endpoints to centralize it`;
    return unshared(e, dns, hubName, region, partition);
  };
  const centralized = hubInterfaces.filter((e) => servable(e) === undefined).map((e) => e.key);
  const zones: HubZone[] =
    dns === 'zones'
      ? centralized.map((key) => {
          const name = `${HUB_ZONES[key].zone}.${region}.${suffix}`;
          return { key, name, records: HUB_ZONES[key].wildcard ? [name, `*.${name}`] : [name] };
        })
      : [];

  const specs = new Map<string, Spec>();
  specs.set(hubName, dns === 'zones' && zones.length > 0 ? { ...hub.spec, privateDnsFromHubZones: zones.map((z) => z.key) } : hub.spec);
  const spokes: SpokePlan[] = [];
  const kept = new Map<string, string[]>();
  for (const v of vpcs.filter((x) => x.name !== hubName)) {
    const interfaces = v.spec.endpoints.filter((e) => e.type === 'Interface');
    const staying = interfaces.filter((e) => !centralized.includes(e.key));
    const local = staying.map((e) => ({ key: e.key, reason: servable(e)! }));
    staying.forEach((e, i) => {
      const note = `${e.service}\u0000${local[i].reason}`;
      kept.set(note, [...(kept.get(note) ?? []), v.name]);
    });
    spokes.push({
      name: v.name,
      vpcId: v.spec.vpcId,
      region: v.spec.region,
      cidr: v.cidr,
      ...(accountIdOf(v.account) !== undefined ? { accountId: accountIdOf(v.account) } : {}),
      crossAccount: sameAccount(hub.account, v.account) === false,
      centralized: interfaces.map((e) => e.key).filter((key) => centralized.includes(key)),
      local,
    });
    specs.set(v.name, spokeSpec(v.spec, local.map((l) => l.key)));
  }
  const notes = [...kept].map(([key, names]) => {
    const [service, reason] = key.split('\u0000');
    return `${service} stays in ${names.length === 1 ? 'the spoke' : 'each spoke'} (${names.join(', ')}): ${reason}`;
  });
  return {
    plan: {
      name: hubName,
      vpcId: hub.spec.vpcId,
      region,
      partition,
      cidr: hub.cidr,
      ...(accountIdOf(hub.account) !== undefined ? { accountId: accountIdOf(hub.account) } : {}),
      dns,
      centralized,
      zones,
      spokes,
      perVpc: Object.fromEntries(vpcs.map((v) => [v.name, v.name === hubName ? withoutSpokeCidrs(v.spec, vpcs, hubName) : v.spec])),
      notes,
    },
    specs,
  };
}

/** A spoke as deployed: its gateway endpoints and the interface endpoints it keeps; without any interface endpoint, no subnets and no security group. */
function spokeSpec(spec: Spec, keep: readonly string[]): Spec {
  const endpoints = spec.endpoints.filter((e) => e.type !== 'Interface' || keep.includes(e.key));
  // The list is the whole set: no profile adds the centralized endpoints back (endpoints add to a profile).
  if (keep.length > 0) return { ...spec, profile: 'none', endpoints };
  const { subnets: _subnets, ...rest } = spec;
  return { ...rest, profile: 'none', endpoints, subnetIds: [], securityGroupIds: [], allowedCidrBlocks: [], allowedSecurityGroupIds: [], createSecurityGroup: true };
}

/** The hub alone, as its own entry makes it: without the spokes' CIDRs added to its security group. */
function withoutSpokeCidrs(spec: Spec, vpcs: readonly PlannedVpc[], hubName: string): Spec {
  const added = new Set(vpcs.filter((v) => v.name !== hubName).map((v) => v.cidr));
  return { ...spec, allowedCidrBlocks: spec.allowedCidrBlocks.filter((c) => !added.has(c)) };
}

// ---------------------------------------------------------------------------
// Names, shared by the CDKTF stacks and the Terraform roots
// ---------------------------------------------------------------------------

const dashed = (key: string) => key.replace(/_/g, '-');

/** Names of the hub's DNS resources (`namePrefix` of the hub or spoke). */
export const HUB_NAMES = {
  /** Name tag of a private hosted zone. */
  zoneTag: (prefix: string, key: string) => `${prefix}-${dashed(key)}-zone`,
  zoneComment: (key: string, hub: string) => `ecs-privatelink: names of the ${endpointByKey(key)?.service ?? key} endpoint of hub ${hub}, for its spokes`,
  profile: (prefix: string) => `${prefix}-hub`,
  profileResource: (prefix: string, key: string) => `${prefix}-${dashed(key)}`,
  share: (prefix: string) => `${prefix}-hub-dns`,
  /** A spoke's association with the hub's Profile. */
  spokeAssociation: (prefix: string) => `${prefix}-hub-dns`,
} as const;

/** Account ids the hub shares its Profile with: those of spokes in other accounts, sorted. */
export function shareAccounts(plan: HubPlan): string[] {
  return [...new Set(plan.spokes.filter((s) => s.crossAccount && s.accountId).map((s) => s.accountId!))].sort();
}
