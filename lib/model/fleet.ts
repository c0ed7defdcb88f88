/**
 * Fleets: many VPCs, regions and accounts in one configuration file.
 *
 * A file holds either one VPC (the fields of `lib/model/config.ts`, unchanged) or a
 * fleet:
 *
 * ```yaml
 * defaults:            # any single-VPC field, plus account
 *   region: eu-west-1
 *   profile: fargate
 * vpcs:                # name -> the fields that differ from the defaults
 *   payments-prod:
 *     vpcId: vpc-0a1b2c3d4e5f60001
 *     account: { assumeRoleArn: arn:aws:iam::111111111111:role/ecs-privatelink }
 *     ...
 * ```
 *
 * Each VPC is the shallow merge of `defaults` and its own entry: a field set
 * in the VPC replaces the default whole (a list or a map is not merged), and
 * fields that are alternatives (profile and endpoints, subnetIds and subnets)
 * count as one. The
 * merged VPC is checked like a single-VPC file, and its problems are named
 * and located where they were written: `vpcs.payments-prod.subnetIds[1]` at
 * the line of that subnet, or `defaults.<field>` once when every VPC that
 * inherits the field has the same problem with it.
 *
 * `loadFleet` reads either form; a single-VPC file becomes a fleet of one VPC
 * named by its `name` field, default `ecs-privatelink-<vpcId>`, which is also
 * its stack's name (lib/model/state.ts: one stack and one state per VPC).
 */
import { isWellFormedRegion, partitionOf, type Partition } from './catalog';
import {
  ConfigError,
  configProblems,
  formatPath,
  parseText,
  readConfigText,
  configWarnings,
  resolveConfig,
  schemaProblems,
  validateConfig,
  type FieldProblem,
  type Locate,
  type Problem,
  type Spec,
} from './config';
import { FLEET_FIELDS, FLEET_SCHEMA, VPC_NAME_SCHEMA } from './fleet-schema';
import { DEFAULT_HUB_DNS, hubFieldProblems, hubProblems, planHub, spokeCidrsFor, usesOwnSecurityGroupsOnly, type HubDns, type HubPlan } from './hub';
import { CONFIG_SCHEMA, type JsonSchema } from './schema';
import { fleetIdentity, resolveBackend, stateLocation, STACK_PREFIX, type StateFields } from './state';

/** How the AWS provider of one VPC gets its credentials (`account` in the file). */
export interface AccountHint {
  /** IAM role the provider assumes (`assume_role { role_arn }`). */
  readonly assumeRoleArn?: string;
  /** Named profile of the shared AWS config and credentials files (`profile`). */
  readonly profile?: string;
}

/** One VPC of a fleet. */
export interface FleetVpc {
  /** `payments-prod`; the one VPC of a single-VPC file is named by its `name` field (default `ecs-privatelink-<vpcId>`). */
  readonly name: string;
  readonly spec: Spec;
  /** Absent: the provider uses the default credentials. */
  readonly account?: AccountHint;
}

/** A validated configuration file: one VPC or many. */
export interface Fleet {
  /** `single`: a file in the single-VPC form (no `vpcs`); `fleet`: defaults and vpcs. */
  readonly kind: 'single' | 'fleet';
  /** In name order. With a hub, each VPC's Spec is as deployed: the spokes without the interface endpoints the hub serves them. */
  readonly vpcs: readonly FleetVpc[];
  /** Centralized endpoints (`hub` in the file): what goes where. */
  readonly hub?: HubPlan;
}

/** The prefix of every stack name; the stack of a 0.1.0 single-VPC configuration (`name: ecs-privatelink` keeps it). */
export const SINGLE_VPC_NAME = STACK_PREFIX;

/** The CDKTF stack of a VPC: its `name` (default `ecs-privatelink-<vpcId>`) for a single-VPC file, `ecs-privatelink-<name>` in a fleet. */
export function stackName(_fleet: Fleet, vpc: FleetVpc): string {
  return vpc.spec.stack;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/** Reads and validates a configuration file of either form. Throws ConfigError with every problem found. */
export function loadFleet(file: string): Fleet {
  return parseFleet(readConfigText(file), file);
}

/** Parses and validates configuration text of either form; `file` names it in messages and decides JSON or YAML. */
export function parseFleet(text: string, file: string): Fleet {
  const { value, locate } = parseText(text, file);
  return validateFleet(value, file, locate);
}

/** True for a parsed file in the fleet form: a map with `vpcs` or `defaults`. */
export function isFleetValue(value: unknown): value is Record<string, unknown> {
  return isObject(value) && FLEET_FIELDS.some((field) => field in value);
}

/** Validates an already-parsed value of either form. Throws ConfigError with every problem found. */
export function validateFleet(value: unknown, file: string, locate: Locate): Fleet {
  if (!isFleetValue(value)) {
    const spec = validateConfig(value, file, locate);
    return { kind: 'single', vpcs: [{ name: spec.name, spec }] };
  }

  // 1. The file's own shape: every field checked where it was written, once.
  const shell = shellProblems(value).map((p) => ({ path: fleetPath(p.path), message: p.message, line: locate(p.path) }));
  if (shell.length > 0) {
    // Every problem in one run: the rules of each VPC too, on the part of the file that is well typed.
    throw new ConfigError(file, byLine([...shell, ...ruleProblemsBesideShape(value, locate)]));
  }

  // 2. Each VPC merged with the defaults, checked like a single-VPC file.
  const defaults = (value.defaults ?? {}) as Record<string, unknown>;
  const entries = Object.entries(value.vpcs as Record<string, Record<string, unknown>>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hub = typeof value.hub === 'string' && entries.some(([name]) => name === value.hub) ? value.hub : undefined;
  const topProblems = hubFieldProblems(value.hub, value.hubDns, entries.map(([name]) => name), defaults).map((p) => ({
    path: fleetPath(p.path),
    message: p.message,
    line: locate(p.path),
  }));
  // The hub's security group lets the spokes in: their CIDRs join its own sources before it is checked.
  const spokeCidrs = entries.filter(([name]) => name !== hub).map(([, entry]) => entry.cidr);
  const found: VpcProblem[] = [];
  const merged = entries.map(([name, entry]) => {
    const inherited = inheritedDefaults(defaults, entry);
    const { account, cidr, ...config } = { ...inherited, ...entry };
    // (A hub with only security groups of yours is refused by hubProblems, with its reason.)
    if (name === hub && !usesOwnSecurityGroupsOnly(config)) {
      const own = Array.isArray(config.allowedCidrBlocks) ? (config.allowedCidrBlocks as unknown[]) : [];
      const added = spokeCidrsFor(own, spokeCidrs);
      if (added.length > 0) config.allowedCidrBlocks = [...own, ...added];
    }
    const identity = fleetIdentity(name, (account as AccountHint | undefined)?.assumeRoleArn);
    const problems = configProblems(config, identity);
    problems.push(...accountProblems(config.region, account as AccountHint | undefined));
    found.push(...problems.map((p) => ({ ...p, vpc: name, inherited: isInherited(p.path, entry, inherited) })));
    return { name, entry, inherited, config, identity, cidr, account: account as AccountHint | undefined, valid: problems.length === 0 };
  });

  // 3. Across VPCs: two entries for one VPC would create its endpoints twice.
  const owner = new Map<string, string>();
  for (const { name, entry, inherited, config, valid } of merged) {
    if (!valid) continue;
    const vpcId = config.vpcId as string;
    const first = owner.get(vpcId);
    if (first === undefined) owner.set(vpcId, name);
    else {
      found.push({
        vpc: name,
        path: ['vpcId'],
        inherited: isInherited(['vpcId'], entry, inherited),
        message: `${JSON.stringify(vpcId)} is also the VPC of vpcs.${first}; each VPC of a fleet is a different VPC (two stacks would create the same endpoints twice)`,
      });
    }
  }

  found.push(...sharedStateProblems(merged));

  // 4. Centralized endpoints: CIDRs, regions and accounts across the hub and its spokes.
  if (hub !== undefined) {
    for (const p of hubProblems(hub, (value.hubDns as HubDns | undefined) ?? DEFAULT_HUB_DNS, merged)) {
      const { entry, inherited } = merged.find((m) => m.name === p.vpc)!;
      found.push({ vpc: p.vpc!, path: p.path, message: p.message, inherited: isInherited(p.path, entry, inherited) });
    }
  }

  const problems = [...topProblems, ...placeProblems(found, merged, locate)];
  if (problems.length > 0) throw new ConfigError(file, byLine(problems));
  const vpcs: FleetVpc[] = merged.map(({ name, entry, config, identity, account }) => {
    const spec = resolveConfig(config, identity);
    // Warnings, placed where the field is written: in the VPC's entry, else in defaults.
    const warnings = configWarnings(config).map((w) => {
      const at = w.path[0] as string in entry ? ['vpcs', name, ...w.path] : ['defaults', ...w.path];
      return { path: formatPath(at), message: w.message, line: locate(at) };
    });
    return { name, spec: warnings.length > 0 ? { ...spec, warnings } : spec, ...(account ? { account: accountHint(account) } : {}) };
  });
  if (hub === undefined) return { kind: 'fleet', vpcs };
  const { plan, specs } = planHub(
    hub,
    (value.hubDns as HubDns | undefined) ?? DEFAULT_HUB_DNS,
    vpcs.map((v, i) => ({ name: v.name, spec: v.spec, cidr: merged[i].cidr as string, account: v.account })),
  );
  return { kind: 'fleet', vpcs: vpcs.map((v) => ({ ...v, spec: specs.get(v.name)! })), hub: plan };
}

/** The rule problems (not the shape problems, reported already) of each VPC of a fleet whose shape has problems. */
function ruleProblemsBesideShape(value: Record<string, unknown>, locate: Locate): Problem[] {
  if (!isObject(value.vpcs)) return [];
  const defaults = isObject(value.defaults) ? value.defaults : {};
  const found: VpcProblem[] = [];
  const vpcs = Object.entries(value.vpcs)
    .filter((pair): pair is [string, Record<string, unknown>] => isObject(pair[1]))
    .map(([name, entry]) => {
      const inherited = inheritedDefaults(defaults, entry);
      const { account: _account, cidr: _cidr, ...config } = { ...inherited, ...entry };
      const shape = new Set(schemaProblems(config, CONFIG_SCHEMA).map((p) => `${formatPath(p.path)}\u0000${p.message}`));
      for (const p of configProblems(config)) {
        if (!shape.has(`${formatPath(p.path)}\u0000${p.message}`)) found.push({ ...p, vpc: name, inherited: isInherited(p.path, entry, inherited) });
      }
      return { name, entry, inherited };
    });
  return placeProblems(found, vpcs, locate);
}

/**
 * Across VPCs, state: two VPCs with one state location would plan against
 * each other's endpoints, and one endpoint adopted by two VPCs would be
 * managed twice.
 */
function sharedStateProblems(
  merged: { name: string; entry: Record<string, unknown>; inherited: Record<string, unknown>; config: Record<string, unknown>; identity: ReturnType<typeof fleetIdentity>; valid: boolean }[],
): VpcProblem[] {
  const found: VpcProblem[] = [];
  const locations = new Map<string, string>();
  const adopted = new Map<string, string>();
  for (const { name, entry, inherited, config, identity, valid } of merged) {
    if (!valid) continue;
    const { field, where } = stateLocation(resolveBackend(config as unknown as StateFields, identity), identity.stack);
    const first = locations.get(where);
    if (first === undefined) locations.set(where, name);
    else {
      found.push({
        vpc: name,
        path: field,
        inherited: isInherited(field, entry, inherited),
        message: `puts the state of this VPC in ${where}, like vpcs.${first}: each VPC needs a state of its own; use {name} or {vpcId} in it (or remove it for the default)`,
      });
    }
    const endpoints = ((config.adopt as StateFields['adopt']) ?? {}).endpoints ?? {};
    for (const [service, id] of Object.entries(endpoints)) {
      const owner = adopted.get(id);
      if (owner === undefined) adopted.set(id, name);
      else found.push({ vpc: name, path: ['adopt', 'endpoints', service], inherited: isInherited(['adopt'], entry, inherited), message: `${JSON.stringify(id)} is also adopted by vpcs.${owner}; an endpoint belongs to one VPC` });
    }
  }
  return found;
}

/**
 * Fields that are alternatives to each other count as one field in the merge:
 * a VPC that sets `subnets` does not also inherit the default `subnetIds`.
 * (`profile` and `endpoints` are not alternatives: endpoints add to the profile.)
 */
export const ALTERNATIVE_FIELDS: readonly (readonly string[])[] = [['subnetIds', 'subnets']];

/** The defaults a VPC inherits: those it does not set itself, alternatives included. */
function inheritedDefaults(defaults: Record<string, unknown>, entry: Record<string, unknown>): Record<string, unknown> {
  const replaced = new Set(Object.keys(entry));
  for (const group of ALTERNATIVE_FIELDS) if (group.some((field) => field in entry)) group.forEach((field) => replaced.add(field));
  return Object.fromEntries(Object.entries(defaults).filter(([field]) => !replaced.has(field)));
}

// ---------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------

interface VpcProblem extends FieldProblem {
  /** The VPC whose merged configuration has the problem. */
  vpc: string;
  /** The field at the head of the path comes from defaults, not from the VPC's entry. */
  inherited: boolean;
}

/** Problems of the fleet file's own shape (FLEET_SCHEMA), plus the few rules the schema interpreter does not know. */
function shellProblems(value: Record<string, unknown>): FieldProblem[] {
  const problems = schemaProblems(value, FLEET_SCHEMA as JsonSchema).map((p) => {
    // A field of one VPC at the top (a deeper path starts with a fleet field: defaults, vpcs).
    const [field] = p.path;
    if (typeof field === 'string' && !(FLEET_FIELDS as readonly string[]).includes(field) && field in (CONFIG_SCHEMA.properties ?? {})) {
      return { path: p.path, message: `is a field of one VPC; in a fleet file (one with defaults and vpcs) it goes under defaults, for every VPC, or under a VPC in vpcs` };
    }
    return p;
  });
  const vpcs = value.vpcs;
  const named: (string | number)[][] = [
    ...(isObject(value.defaults) && 'name' in value.defaults ? [['defaults', 'name']] : []),
    ...Object.entries(isObject(vpcs) ? vpcs : {}).filter(([, entry]) => isObject(entry) && 'name' in entry).map(([vpc]) => ['vpcs', vpc, 'name']),
  ];
  for (const at of named) {
    const i = problems.findIndex((p) => p.path.join('\u0000') === at.join('\u0000'));
    const message = 'is not a field of a fleet: a VPC of a fleet is named by its key under vpcs, and its stack is ecs-privatelink-<key>; remove name';
    if (i >= 0) problems[i] = { path: at, message };
    else problems.push({ path: at, message });
  }
  if (isObject(vpcs) && Object.keys(vpcs).length === 0) {
    problems.push({ path: ['vpcs'], message: `is empty; list at least one VPC by name, like "payments-prod: { vpcId: vpc-0123456789abcdef0 }"` });
  }
  const accounts: [(string | number)[], unknown][] = [
    [['defaults', 'account'], isObject(value.defaults) ? value.defaults.account : undefined],
    ...Object.entries(isObject(vpcs) ? vpcs : {}).map(([name, entry]): [(string | number)[], unknown] => [['vpcs', name, 'account'], isObject(entry) ? entry.account : undefined]),
  ];
  for (const [at, account] of accounts) {
    if (isObject(account) && Object.keys(account).length === 0) {
      problems.push({ path: at, message: 'is empty; give assumeRoleArn and/or profile, or remove account to use the default credentials' });
    }
  }
  return problems;
}

/** A role ARN of another partition than the VPC's region cannot be assumed there. */
function accountProblems(region: unknown, account: AccountHint | undefined): FieldProblem[] {
  if (!account?.assumeRoleArn || typeof region !== 'string' || !isWellFormedRegion(region)) return [];
  const arnPartition = account.assumeRoleArn.split(':')[1] as Partition;
  const partition = partitionOf(region);
  if (arnPartition === partition) return [];
  return [
    {
      path: ['account', 'assumeRoleArn'],
      message: `${JSON.stringify(account.assumeRoleArn)} is a role of the ${arnPartition} partition, but ${region} is in ${partition}; use a role ARN that starts with arn:${partition}:iam::`,
    },
  ];
}

function isInherited(path: (string | number)[], entry: Record<string, unknown>, inherited: Record<string, unknown>): boolean {
  const [field] = path;
  return typeof field === 'string' && !(field in entry) && field in inherited;
}

/**
 * Names and locates the problems of the merged VPCs: a field the VPC sets is
 * named and located in its entry; a field it inherits is named in the VPC and
 * located in defaults, or named once in defaults when every VPC that inherits
 * it has the same problem with it; a field that is nowhere is located at the
 * VPC's name.
 */
function placeProblems(
  found: VpcProblem[],
  vpcs: { name: string; entry: Record<string, unknown>; inherited: Record<string, unknown> }[],
  locate: Locate,
): Problem[] {
  const heirs = (field: string) => vpcs.filter((v) => field in v.inherited).length;
  const groups = new Map<string, VpcProblem[]>();
  for (const p of found.filter((p) => p.inherited)) {
    const key = `${formatPath(p.path)}\u0000${p.message}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const problems: Problem[] = [];
  const once = new Set<string>();
  for (const p of found) {
    if (p.inherited) {
      const key = `${formatPath(p.path)}\u0000${p.message}`;
      const group = groups.get(key)!;
      if (group.length >= 2 && group.length === heirs(p.path[0] as string)) {
        if (!once.has(key)) problems.push({ path: fleetPath(['defaults', ...p.path]), message: p.message, line: locate(['defaults', ...p.path]) });
        once.add(key);
        continue;
      }
      problems.push({ path: fleetPath(['vpcs', p.vpc, ...p.path]), message: `${p.message} (set in defaults)`, line: locate(['defaults', ...p.path]) });
      continue;
    }
    const entry = vpcs.find((v) => v.name === p.vpc)!.entry;
    const written = typeof p.path[0] === 'string' && p.path[0] in entry;
    problems.push({ path: fleetPath(['vpcs', p.vpc, ...p.path]), message: p.message, line: locate(written ? ['vpcs', p.vpc, ...p.path] : ['vpcs', p.vpc]) });
  }
  return problems;
}

/** `vpcs.payments-prod.subnetIds[1]`: a VPC's name as written (names are lowercase letters, digits and hyphens), the rest as in a single-VPC file. */
export function fleetPath(path: (string | number)[]): string {
  const [head, name, ...rest] = path;
  if (head === 'vpcs' && typeof name === 'string' && new RegExp(VPC_NAME_SCHEMA.pattern!).test(name)) {
    const tail = formatPath(rest);
    return `vpcs.${name}${tail === '' || tail.startsWith('[') ? tail : `.${tail}`}`;
  }
  return formatPath(path);
}

/** In the order of the file; problems without a line last. */
function byLine(problems: Problem[]): Problem[] {
  const order = (p: Problem) => p.line ?? Number.MAX_SAFE_INTEGER;
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p) - order(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

function accountHint(account: AccountHint): AccountHint {
  return {
    ...(account.assumeRoleArn !== undefined ? { assumeRoleArn: account.assumeRoleArn } : {}),
    ...(account.profile !== undefined ? { profile: account.profile } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
