/**
 * The configuration file: parse, validate, resolve defaults.
 *
 * `loadConfig(path)` returns a `Spec` (typed, every default resolved) or throws
 * a `ConfigError` that lists every problem found, each with the file, the
 * field path, the line where the parser knows it, the value received and
 * what is allowed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isSeq, type LineCounter, type Document } from 'yaml';
import { MAX_DEPTH, parsePlainYaml } from './plain-yaml';
import {
  DEFAULT_PROFILE,
  endpointByService,
  isKnownRegion,
  isWellFormedRegion,
  partitionOf,
  PRINCIPAL_RESTRICTED_SERVICES,
  type EndpointType,
  type Partition,
  type ProfileChoice,
} from './catalog';
import {
  checkEndpointList,
  checkEndpointOptions,
  distance,
  endpointSet,
  memberServiceName,
  unknownRegionWarning,
  type CustomEndpointConfig,
  type EndpointEntry,
  type EndpointOptionsConfig,
  type SetMember,
} from './endpoints';
import type { HubPricing } from './hub-pricing';
import { checkPolicy, loneSurrogate, terraformCharacters } from './policies';
import { CONFIG_SCHEMA, type JsonSchema, type JsonType } from './schema';
import {
  checkAdoptRules,
  checkBackendRules,
  resolveAdoption,
  resolveBackend,
  singleIdentity,
  type AdoptConfig,
  type Adoption,
  type Backend,
  type BackendConfig,
  type StateIdentity,
} from './state';

/** The configuration file as users write it (field names are a public contract). */
export interface PrivateLinkConfig {
  region: string;
  vpcId: string;
  subnetIds?: string[];
  subnets?: { id: string; availabilityZone: string }[];
  routeTableIds?: string[];
  allowedCidrBlocks?: string[];
  allowAnyCidr?: boolean;
  allowedSecurityGroupIds?: string[];
  createSecurityGroup?: boolean;
  securityGroupIds?: string[];
  /** The preset set of endpoints; `endpoints` and `customEndpoints` add to it. */
  profile?: ProfileChoice;
  /** Catalog endpoints added to the profile: short names, or maps with options (lib/model/endpoints.ts). */
  endpoints?: EndpointEntry[];
  /** Endpoints of services outside the catalog. */
  customEndpoints?: CustomEndpointConfig[];
  privateDns?: Record<string, boolean>;
  tags?: Record<string, string>;
  namePrefix?: string;
  s3EcrLayersOnly?: boolean;
  allowedPrincipalAccountIds?: string[];
  allowedPrincipalOrgId?: string;
  /** Policy documents by AWS short name: a map, or JSON text. */
  policies?: Record<string, unknown>;
  /** Prices for `ecs-privatelink cost` (lib/reports/cost.ts reads them). */
  pricing?: { natGatewayHourly?: number; natGatewayPerGb?: number; interfaceEndpointHourly?: number; interfaceEndpointPerGb?: number } & Partial<HubPricing>;
  /** Name of the VPC and of its stack (lib/model/state.ts). */
  name?: string;
  /** Where the state is kept (lib/model/state.ts). */
  backend?: BackendConfig;
  /** Existing resources to import (lib/model/state.ts). */
  adopt?: AdoptConfig;
}

/** One endpoint of a resolved configuration: its options as the configuration writes them, resolved. */
export interface EndpointPlan extends Pick<EndpointOptionsConfig, 'ipAddressType' | 'dnsOptions' | 'serviceRegion' | 'timeouts'> {
  /** Catalog key: `ecr_api`. */
  key: string;
  /** AWS short name: `ecr.api`. */
  service: string;
  type: EndpointType;
  /** Full service name for the region: `com.amazonaws.eu-west-1.ecr.api`. */
  serviceName: string;
  /** Interface endpoints only. */
  privateDns?: boolean;
  /** The endpoint's own policy (from `policies`) as canonical JSON; it replaces any preset. */
  policy?: string;
  /** True for an endpoint of `customEndpoints` (a service outside the catalog). */
  custom?: boolean;
  /** This endpoint's subnets, instead of the shared ones (interface endpoints). */
  subnetIds?: string[];
  /** Security groups of this endpoint besides the shared ones (interface endpoints). */
  securityGroupIds?: string[];
}

/** A validated configuration with every default resolved. */
export interface Spec {
  region: string;
  partition: Partition;
  /** The preset the endpoints start from (the module's `profile` default). */
  profile: ProfileChoice;
  vpcId: string;
  subnetIds: string[];
  /** The subnets with their Availability Zones, when the file gave `subnets`. */
  subnets?: { id: string; availabilityZone: string }[];
  /** Prices for `ecs-privatelink cost`, as the file gives them (each one optional). */
  pricing?: NonNullable<PrivateLinkConfig['pricing']>;
  routeTableIds: string[];
  createSecurityGroup: boolean;
  securityGroupIds: string[];
  allowedCidrBlocks: string[];
  allowedSecurityGroupIds: string[];
  endpoints: EndpointPlan[];
  tags: Record<string, string>;
  namePrefix: string;
  /** Policy presets (lib/model/policies.ts), for the endpoints without their own policy. */
  s3EcrLayersOnly: boolean;
  allowedPrincipalAccountIds: string[];
  allowedPrincipalOrgId?: string;
  /** The VPC's name: `name`, else `ecs-privatelink-<vpcId>`; in a fleet, its key under vpcs. */
  name: string;
  /** Its CDKTF stack: the name for a single-VPC file, `ecs-privatelink-<name>` in a fleet. */
  stack: string;
  /** Where its state is kept, every placeholder filled in. */
  backend: Backend;
  /** What its next plan imports instead of creating. */
  adopt: Adoption;
  /** Things worth a look that are not errors (an unknown region, an option AWS's pages do not confirm), placed in the file; absent when there are none. */
  warnings?: Problem[];
  /** Hub of a fleet with hubDns zones (lib/model/hub.ts): interface endpoints whose names the hub's private hosted zones serve, with private DNS off. */
  privateDnsFromHubZones?: string[];
}

export const DEFAULT_NAME_PREFIX = 'ecs-privatelink';

export interface Problem {
  /** Field path like `subnets[1].availabilityZone`; empty for the whole file. */
  path: string;
  message: string;
  line?: number;
}

/** Bad input: every problem found, ready to print one per line. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(file: string, p: Problem): string {
  const where = p.line ? `${file}:${p.line}` : file;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/** Reads, validates and resolves a configuration file. Throws ConfigError. */
export function loadConfig(file: string): Spec {
  return parseConfig(readConfigText(file), file);
}

/** Largest configuration file read: 10 MiB (a fleet of 10,000 VPCs is about 1 MiB); checked before anything is read. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** The text of a configuration file, or a ConfigError saying why it cannot be read as UTF-8 text. */
export function readConfigText(file: string): string {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      throw new ConfigError(file, [{ path: '', message: 'is a folder, not a configuration file; name a .yaml, .yml or .json file' }]);
    }
    if (!stat.isFile()) {
      throw new ConfigError(file, [{ path: '', message: 'is not a regular file (a device, pipe or socket); name a .yaml, .yml or .json file' }]);
    }
    bytes = readBounded(file, MAX_CONFIG_BYTES);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(file, [{ path: '', message: readProblem(err as NodeJS.ErrnoException) }]);
  }
  return decodeText(bytes, file);
}

/** At most `limit` bytes of a regular file (checked again on the open file), or a ConfigError when it holds more. */
function readBounded(file: string, limit: number): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    const tooBig = () =>
      new ConfigError(file, [{ path: '', message: `is larger than ${limit / 1024 / 1024} MiB (the largest configuration file read; a fleet of 10,000 VPCs is about 1 MiB); split it or remove what it does not need` }]);
    if (!stat.isFile()) throw new ConfigError(file, [{ path: '', message: 'is not a regular file (a device, pipe or socket); name a .yaml, .yml or .json file' }]);
    if (stat.size > limit) throw tooBig();
    // Read to the end, but never more than limit + 1 bytes: the file may grow while it is read.
    let buffer = Buffer.alloc(Math.min(limit + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) throw tooBig();
        const bigger = Buffer.alloc(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) return buffer.subarray(0, length);
      length += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function readProblem(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file; create one with `ecs-privatelink init` or point ECS_PRIVATELINK_CONFIG at an existing file';
    case 'ENOTDIR':
      return 'no such file: a folder in the path is a file; check the path';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied); check the file permissions';
    case 'ELOOP':
      return 'cannot be read: the path has a symbolic link loop';
    case 'ENAMETOOLONG':
      return 'cannot be read: the name is too long; check the path';
    case 'EISDIR':
      return 'is a folder, not a configuration file; name a .yaml, .yml or .json file';
    case 'EIO':
    case 'EBUSY':
      return `cannot be read (${err.code === 'EIO' ? 'an input/output error of the device' : 'the device is busy'}); try again or copy the file elsewhere`;
    default:
      return `cannot be read (${err.code ?? err.message})`;
  }
}

/** UTF-8 text, or a ConfigError for binary data or another encoding. */
function decodeText(bytes: Buffer, file: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = bytes.toString('utf8');
    const line = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))).split('\n').length;
    throw new ConfigError(file, [{ path: '', line, message: 'is not UTF-8 text (binary data or another encoding); a configuration file is YAML or JSON saved as UTF-8' }]);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new ConfigError(file, [{ path: '', line, message: 'holds a NUL character, so it is binary data, not text; a configuration file is YAML or JSON saved as UTF-8' }]);
  }
  return text;
}

/** Parses and validates configuration text; `file` names it in messages and decides JSON or YAML. */
export function parseConfig(text: string, file: string): Spec {
  const { value, locate } = parseText(text, file);
  return validateConfig(value, file, locate);
}

/** The line where a field path was written, when the parser knows it. */
export type Locate = (path: (string | number)[]) => number | undefined;

const EMPTY_MESSAGE = 'is empty; it needs at least region and vpcId (`ecs-privatelink init` writes a commented starter file)';

/** Parses configuration text (YAML, or JSON for a .json file) into a value and a function that locates its fields. Throws ConfigError. */
export function parseText(text: string, file: string): { value: unknown; locate: Locate } {
  if (text.trim() === '') {
    throw new ConfigError(file, [{ path: '', message: EMPTY_MESSAGE }]);
  }
  const isJson = path.extname(file).toLowerCase() === '.json';
  if (isJson) {
    try {
      JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new ConfigError(file, [jsonProblem(err as Error, text.replace(/^\uFEFF/, ''))]);
    }
  }
  // Plain JSON data only, every YAML construct beyond it refused by name (lib/model/plain-yaml.ts).
  const parsed = parsePlainYaml(text, isJson ? 'JSON' : 'YAML', readerPath);
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) throw new ConfigError(file, [{ path: '', message: EMPTY_MESSAGE }]);
    throw new ConfigError(file, parsed);
  }
  const { doc, lineCounter, value } = parsed;
  if (value === null) {
    // Only comments, or a lone `~` / `null`.
    throw new ConfigError(file, [{ path: '', message: EMPTY_MESSAGE }]);
  }
  const locate: Locate = (p) => locateNode(doc, lineCounter, p);
  return { value, locate };
}

/** A field path in a reader's message: as the validators write it (a fleet's `vpcs.payments-prod.tags`, see fleetPath). */
function readerPath(p: (string | number)[]): string {
  const [head, name, ...rest] = p;
  if (head === 'vpcs' && typeof name === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(name)) {
    const tail = formatPath(rest);
    return `vpcs.${name}${tail === '' || tail.startsWith('[') ? tail : `.${tail}`}`;
  }
  return formatPath(p);
}

/**
 * Where and why JSON text is invalid, in the same words whatever the Node
 * version (Node's own messages differ between versions and some carry no
 * position, or a snippet with a raw newline).
 */
function jsonProblem(err: Error, text: string): Problem {
  const found = jsonSyntaxError(text);
  if (!found) {
    // JSON.parse and the scanner disagree: keep Node's words, on one line.
    return { path: '', message: `is not valid JSON: ${err.message.replace(/\s+/g, ' ')}` };
  }
  const before = text.slice(0, found.offset).split('\n');
  return { path: '', line: before.length, message: `is not valid JSON: ${found.message} (column ${before[before.length - 1].length + 1})` };
}

/** The first syntax error in JSON text: its offset and what was expected there; undefined when the text is valid JSON. */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  class Stop {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const seen = () => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const fail = (expected: string): never => {
    throw new Stop(i, `expected ${expected}, found ${seen()}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail('a closing \'"\'');
      const c = text[i];
      if (c === '"') return void i++;
      if (c < ' ') throw new Stop(i, `a control character (${JSON.stringify(c)}) inside a string; write it as an escape like \\n or \\t`);
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Stop(i, `an invalid escape ${JSON.stringify(text.slice(i, i + 2))} inside a string`);
      } else i++;
    }
  };
  const value = (depth: number): void => {
    ws();
    const c = text[i];
    // As deep as the reader reads (plain-yaml.ts): deeper, recursion here would run out of stack.
    if ((c === '{' || c === '[') && depth >= MAX_DEPTH) throw new Stop(i, `nests maps or lists deeper than ${MAX_DEPTH} levels, past which it is not read; a configuration needs a few`);
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes (a trailing comma?)');
        string();
        ws();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail("',' or ']'");
      }
    }
    if (c === '"') return string();
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number && number[0] !== '-') return void (i += number[0].length);
    for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, i)) return void (i += literal.length);
    fail('a value (a string in double quotes, a number, true, false, null, an object or a list)');
  };
  try {
    value(0);
    ws();
    if (i < text.length) throw new Stop(i, `unexpected ${seen()} after the end of the JSON value`);
    return undefined;
  } catch (err) {
    if (err instanceof Stop) return { offset: err.offset, message: err.message };
    throw err;
  }
}

/**
 * The line of the node at `p`: the key's line for map entries (it reads best),
 * the item's line for list items, undefined for a field that is not in the
 * file (a missing field has no line, and pointing at its parent misleads).
 */
function locateNode(doc: Document, lineCounter: LineCounter, p: (string | number)[]): number | undefined {
  const lineOf = (range?: [number, number] | null) => (range ? lineCounter.linePos(range[0]).line : undefined);
  if (p.length === 0) return lineOf((doc.contents as { range?: [number, number] } | null)?.range);
  const parent = p.length === 1 ? doc.contents : doc.getIn(p.slice(0, -1), true);
  const last = p[p.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((it) => (it.key as { value?: unknown })?.value === last);
    return lineOf((pair?.key as { range?: [number, number] } | undefined)?.range);
  }
  if (isSeq(parent) && typeof last === 'number') {
    return lineOf((parent.items[last] as { range?: [number, number] } | undefined)?.range);
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/** Validates an already-parsed value. Throws ConfigError with every problem found. */
export function validateConfig(value: unknown, file = '<config>', locate: Locate = () => undefined): Spec {
  const problems: Problem[] = configProblems(value).map((p) => ({ path: formatPath(p.path), message: p.message, line: locate(p.path) }));
  if (problems.length > 0) {
    // In the order of the file, so that the messages read top to bottom; problems without a line last.
    const order = (p: Problem) => p.line ?? Number.MAX_SAFE_INTEGER;
    throw new ConfigError(file, [...problems].sort((a, b) => order(a) - order(b)));
  }
  const spec = resolve(value as PrivateLinkConfig);
  const warnings = configWarnings(value).map((p) => ({ path: formatPath(p.path), message: p.message, line: locate(p.path) }));
  return warnings.length > 0 ? { ...spec, warnings } : spec;
}

/** A problem at a field path, before it is given a file and a line (lib/model/fleet.ts places it inside a fleet file). */
export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Every problem of an already-parsed single-VPC value, in one run: the
 * schema's, and the rules that span fields on the part of the file that is
 * well typed (an unknown or mistyped field does not hide the others' problems).
 * `identity` names the VPC and its stack (lib/model/state.ts); default: the single-VPC file's own.
 */
export function configProblems(value: unknown, identity?: StateIdentity): FieldProblem[] {
  const problems = schemaProblems(value, CONFIG_SCHEMA);
  const typed = wellTyped(value, problems);
  if (typed) {
    checkRules(typed.config, identity ?? singleIdentity(typed.config), (path, message) => {
      if (!typed.hides(path)) problems.push({ path, message });
    }, typed.setKnown);
  }
  return problems;
}

/** Fields whose values decide which endpoints are on: when one has a problem of its own, the rules that depend on the set are skipped. */
const SET_FIELDS = ['profile', 'endpoints', 'customEndpoints'];

/**
 * The part of a value the rules can read: known fields without schema
 * problems, lists without their bad items (left as holes, so that indexes
 * stay those of the file), and the region as written when it is text. Also
 * which rule problems to drop: those about what the schema already refused.
 * Undefined when the value is not a map at all.
 */
function wellTyped(value: unknown, problems: FieldProblem[]): { config: PrivateLinkConfig; setKnown: boolean; hides: (path: (string | number)[]) => boolean } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const input = value as Record<string, unknown>;
  const fieldDirty = new Set<string>();
  const itemDirty = new Map<string, Set<number>>();
  let whole = false;
  for (const p of problems) {
    // A problem of the whole file (no path; an empty key "" has the path [""]).
    if (p.path.length === 0) {
      whole = true;
      continue;
    }
    const head = String(p.path[0]);
    if (p.path.length >= 2 && typeof p.path[1] === 'number' && Array.isArray(input[head])) {
      itemDirty.set(head, new Set([...(itemDirty.get(head) ?? []), p.path[1]]));
    } else fieldDirty.add(head);
  }
  if (whole) return undefined;
  const known = CONFIG_SCHEMA.properties ?? {};
  const config: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(input)) {
    if (fieldDirty.has(key) || !Object.prototype.hasOwnProperty.call(known, key) || v === null || v === undefined) continue;
    const bad = itemDirty.get(key);
    if (bad) {
      const list = [...(v as unknown[])];
      for (const i of bad) delete list[i];
      config[key] = list;
    } else config[key] = v;
  }
  // The rules guard what needs a well-formed region; a malformed one still lets the other rules run.
  config.region = typeof input.region === 'string' ? input.region : '';
  const setKnown = !SET_FIELDS.some((field) => fieldDirty.has(field) || itemDirty.has(field));
  const hides = (path: (string | number)[]) => {
    const head = String(path[0]);
    if (fieldDirty.has(head)) return true;
    const bad = itemDirty.get(head);
    return bad !== undefined && (path.length === 1 || bad.has(path[1] as number));
  };
  return { config: config as unknown as PrivateLinkConfig, setKnown, hides };
}

/** The warnings of a value that `configProblems` finds valid: an unknown region, options AWS's pages do not confirm. */
export function configWarnings(value: unknown): FieldProblem[] {
  const config = value as PrivateLinkConfig;
  const warnings: FieldProblem[] = [];
  if (!isKnownRegion(config.region)) warnings.push({ path: ['region'], message: unknownRegionWarning(config.region) });
  checkEndpointOptions(config, endpointSet(config), () => undefined, (path, message) => warnings.push({ path, message }));
  return warnings;
}

/** What `schema` (a part of lib/model/schema.ts) finds wrong with `value`, interpreted as for the whole file. */
export function schemaProblems(value: unknown, schema: JsonSchema): FieldProblem[] {
  const problems: FieldProblem[] = [];
  checkSchema(value, schema, [], (path, message) => problems.push({ path, message }));
  return problems;
}

/** The Spec of a value that `configProblems` finds valid: every default resolved. */
export function resolveConfig(value: unknown, identity?: StateIdentity): Spec {
  return resolve(value as PrivateLinkConfig, identity);
}

type Report = (path: (string | number)[], message: string) => void;

export function formatPath(p: (string | number)[]): string {
  return p
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`;
      // A 300-character tag key would drown the message; the line number still finds it.
      const key = [...s].length > 40 ? `${[...s].slice(0, 37).join('')}...` : s;
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? (i === 0 ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    })
    .join('');
}

function show(value: unknown): string {
  // JSON writes NaN and the infinities as null (only code can pass them: YAML and JSON files cannot hold them).
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** How a message names the type of a value (`is a list`, `is empty`). */
function typeName(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}

const TYPE_WORDS = { object: 'a map', array: 'a list', string: 'a string', boolean: 'true or false', number: 'a number' } as const;

const length = terraformCharacters;

/** Interprets the subset of JSON Schema that CONFIG_SCHEMA uses. */
function checkSchema(value: unknown, schema: JsonSchema, at: (string | number)[], report: Report): void {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : isObject ? 'object' : typeof value;
  if (schema.oneOf) {
    // The branches differ by type: the value's type picks one.
    const branch = schema.oneOf.find((b) => [b.type].flat().includes(actual as JsonType));
    if (branch) checkSchema(value, branch, at, report);
    else report(at, `is ${typeName(value)}${typeof value === 'number' || typeof value === 'boolean' ? ` (${show(value)})` : ''}; expected ${schema['x-expected'] ?? schema.oneOf.map((b) => TYPE_WORDS[[b.type!].flat()[0]]).join(' or ')}`);
    return;
  }
  if (schema.type && ![schema.type].flat().includes(actual as JsonType)) {
    report(at, typeProblem(value, schema, at.length === 0));
    return;
  }
  if (schema.type === 'object') {
    const obj = value as Record<string, unknown>;
    const props = schema.properties ?? {};
    for (const key of schema.required ?? []) {
      if (obj[key] === undefined || obj[key] === null) {
        report([...at, key], `is required${props[key]?.description ? ` (${props[key].description})` : ''}`);
      }
    }
    const count = Object.keys(obj).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      const noun = schema['x-name'] ? `${schema['x-name']}s` : 'entries';
      report(at, `has ${count} ${noun}; at most ${schema.maxProperties} are allowed${schema['x-why'] ? `: ${schema['x-why']}` : ''}`);
    }
    for (const [key, child] of Object.entries(obj)) {
      // Own properties only: a tag key like "constructor" is not a field of the schema.
      if (Object.prototype.hasOwnProperty.call(props, key)) {
        if (child !== null && child !== undefined) checkSchema(child, props[key], [...at, key], report);
        else if (!(schema.required ?? []).includes(key)) report([...at, key], 'is empty; give a value or remove the line');
        continue;
      }
      if (schema.propertyNames) {
        checkSchema(key, schema.propertyNames, [...at, key], report);
      }
      if (schema.additionalProperties === false) {
        report([...at, key], `is not a known field; known fields: ${Object.keys(props).join(', ')}${suggest(key, Object.keys(props))}`);
      } else if (typeof schema.additionalProperties === 'object') {
        checkSchema(child, schema.additionalProperties, [...at, key], report);
      }
    }
    return;
  }
  if (schema.type === 'array') {
    const list = value as unknown[];
    list.forEach((item, i) => schema.items && checkSchema(item, schema.items, [...at, i], report));
    return;
  }
  if (schema.type === 'number') {
    const n = value as number;
    if (!Number.isFinite(n)) report(at, `${show(n)} is not a finite number`);
    else if (schema.minimum !== undefined && n < schema.minimum) report(at, `${show(n)} is below ${schema.minimum}; expected ${schema['x-expected'] ?? `a number of at least ${schema.minimum}`}`);
    else if (schema.maximum !== undefined && n > schema.maximum) report(at, `${show(n)} is above ${schema.maximum}; expected ${schema['x-expected'] ?? `a number of at most ${schema.maximum}`}`);
    return;
  }
  if (schema.type === 'string') {
    const text = value as string;
    const name = schema['x-name'];
    if (schema.enum && !schema.enum.includes(text)) {
      const allowed = schema.enum.length <= 20 ? `allowed: ${schema.enum.join(', ')}` : `expected ${schema['x-expected'] ?? `one of ${schema.enum.length} values`}`;
      report(at, `${show(text)} is not ${name ? `a known ${name}` : 'allowed'}; ${allowed}${suggest(text, schema.enum)}`);
      return;
    }
    if (schema.minLength !== undefined && length(text) < schema.minLength) {
      report(at, `${show(text)} is too short${name ? ` for a ${name}` : ''}; expected ${schema['x-expected'] ?? `at least ${schema.minLength} characters`}`);
      return;
    }
    if (schema.maxLength !== undefined && length(text) > schema.maxLength) {
      report(at, `is ${name ? `a ${name} of ` : ''}${length(text)} characters; at most ${schema.maxLength} are allowed${schema['x-why'] ? `: ${schema['x-why']}` : ''}`);
      return;
    }
    if (schema.pattern && !patternOf(schema.pattern).test(text)) {
      const tidy = text.trim().toLowerCase();
      const known = (schema.examples ?? []).filter((e): e is string => typeof e === 'string');
      const hint = tidy !== text && patternOf(schema.pattern).test(tidy) ? `; did you mean ${show(tidy)}?` : suggest(text, known);
      report(at, `${show(text)} is not valid; expected ${schema['x-expected'] ?? `a string matching ${schema.pattern}`}${hint}`);
    }
  }
}

/** The schema's patterns, compiled once (a fleet of 10,000 VPCs checks each about 30,000 times). */
const PATTERNS = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = PATTERNS.get(source);
  if (!re) PATTERNS.set(source, (re = new RegExp(source)));
  return re;
}

function typeProblem(value: unknown, schema: JsonSchema, isRoot: boolean): string {
  const expected = [schema.type!].flat().map((t) => TYPE_WORDS[t]).join(' or ');
  if (isRoot) {
    return `the file holds ${typeName(value)}${typeof value === 'string' || typeof value === 'number' ? ` (${show(value)})` : ''}; expected a map of settings like "region: eu-west-1"`;
  }
  if (value === null) return `is empty; expected ${expected}`;
  const shown = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? ` (${show(value)})` : '';
  let hint = '';
  if (schema.type === 'string' && typeof value === 'number' && schema['x-number-hint']) {
    hint = `; ${schema['x-number-hint']}`;
  } else if (schema.type === 'string' && (typeof value === 'number' || typeof value === 'boolean') && !schema.pattern && !schema.enum) {
    hint = `; put it in quotes: "${String(value)}"`;
  } else if (schema.type === 'array' && (typeof value === 'string' || typeof value === 'number')) {
    hint = `; write a list, even of one item: [${String(value)}]`;
  } else if (schema.type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value)) {
    hint = `; write ${value.toLowerCase()} without quotes`;
  }
  const described = schema.type === 'number' || (schema.type === 'string' && (schema.pattern || schema.enum)) || Array.isArray(schema.type);
  const words = described && schema['x-expected'] ? schema['x-expected'] : expected;
  return `is ${typeName(value)}${shown}; expected ${words}${hint}`;
}

/** The one object key JavaScript code (CDKTF's map conversion among it) can lose: assigning it sets the prototype. */
export const PROTO_KEY = '__proto__';

/** The map key the AWS provider's plugin SDK keeps a map's size under (`tags.%`): a tag of that key is dropped from the plan. */
export const MAP_SIZE_KEY = '%';

/** What the rules of the other fields need to know about the endpoints that are on. */
interface EndpointSet {
  /** Short names of the catalog endpoints that are on. */
  services: string[];
  members: SetMember[];
  hasInterface: boolean;
  hasGateway: boolean;
  /** Short names of the interface endpoints, custom ones included. */
  interfaceServices: string[];
}

/**
 * Rules that span fields or go beyond the schema, one step per group of
 * fields. `setKnown` is false when a field that decides the endpoint set had
 * a schema problem: the steps that need the whole set are then skipped.
 */
function checkRules(config: PrivateLinkConfig, identity: StateIdentity, report: Report, setKnown = true): void {
  const endpoints = checkEndpointRules(config, report);
  // An empty set (profile none and nothing listed) is reported once; what would follow from it is noise.
  const complete = setKnown && endpoints.members.length > 0;
  if (complete) {
    checkPrivateDnsRules(config, endpoints, report);
    checkPolicyRules(config, endpoints, report);
    checkRouteTableRules(config, endpoints, report);
    checkSecurityGroupRules(config, endpoints, report);
  } else {
    (config.allowedCidrBlocks ?? []).forEach((cidr, i) => {
      const problem = cidrProblem(cidr);
      if (problem) report(['allowedCidrBlocks', i], problem);
    });
  }
  // Without the whole set, only the item rules of subnets (duplicates, zones).
  checkSubnetRules(config, endpoints, complete ? report : (path, message) => (path.length > 1 ? report(path, message) : undefined));
  checkTagRules(config, report);
  checkStateRules(config, endpoints, identity, report);
}

/** backend and adopt (lib/model/state.ts): one state location per VPC, resources to import that exist in the configuration. */
function checkStateRules(config: PrivateLinkConfig, { services, hasInterface }: EndpointSet, identity: StateIdentity, report: Report): void {
  checkBackendRules(config, identity, report);
  checkAdoptRules(config, services, hasInterface, report);
}

/** The endpoint list and its options against the catalog, and the set of endpoints that are on. */
function checkEndpointRules(config: PrivateLinkConfig, report: Report): EndpointSet {
  const members = endpointSet(config);
  checkEndpointList(config, report);
  checkEndpointOptions(config, members, report, () => undefined);
  const services = members.filter((m) => !m.custom).map((m) => m.service);
  return {
    services,
    members,
    hasInterface: members.some((m) => m.type === 'Interface'),
    hasGateway: members.some((m) => m.type === 'Gateway'),
    interfaceServices: members.filter((m) => m.type === 'Interface').map((m) => m.service),
  };
}

/** privateDns: only for interface endpoints that are on, never off where the service needs it. */
function checkPrivateDnsRules(config: PrivateLinkConfig, { services }: EndpointSet, report: Report): void {
  for (const [service, enabled] of Object.entries(config.privateDns ?? {})) {
    const spec = endpointByService(service)!;
    if (!services.includes(service)) {
      report(['privateDns', service], `sets private DNS for ${service}, which is not among the endpoints (${services.join(', ')}); add it to endpoints or remove this line`);
    } else if (spec.type === 'Gateway') {
      report(['privateDns', service], `${service} is a gateway endpoint, which has no private DNS; remove this line`);
    } else if (!enabled && spec.privateDnsRequired) {
      report(['privateDns', service], `false is not allowed: ${spec.description}; remove this line`);
    }
  }

}

/** Endpoint policies and the presets: valid documents, for endpoints that are on. */
function checkPolicyRules(config: PrivateLinkConfig, { services }: EndpointSet, report: Report): void {
  for (const [service, policy] of Object.entries(config.policies ?? {})) {
    if (!services.includes(service)) {
      report(['policies', service], `sets a policy for ${service}, which is not among the endpoints (${services.join(', ')}); add it to endpoints or remove this entry`);
    }
    const checked = checkPolicy(policy, (text) => {
      const found = jsonSyntaxError(text);
      return found && `${found.message} (character ${found.offset + 1})`;
    });
    if ('problem' in checked) report(['policies', service], checked.problem);
  }
  (config.customEndpoints ?? []).forEach((entry, i) => {
    if (entry.policy === undefined) return;
    const checked = checkPolicy(entry.policy, (text) => {
      const found = jsonSyntaxError(text);
      return found && `${found.message} (character ${found.offset + 1})`;
    });
    if ('problem' in checked) report(['customEndpoints', i, 'policy'], checked.problem);
  });
  if (config.s3EcrLayersOnly && !services.includes('s3')) {
    report(['s3EcrLayersOnly'], 'is true, but the s3 gateway endpoint is not on; remove the line or add s3 to endpoints');
  }
  const accountIds = config.allowedPrincipalAccountIds ?? [];
  duplicates(accountIds).forEach(({ index, value }) => report(['allowedPrincipalAccountIds', index], `${show(value)} is listed twice`));
  if ((accountIds.length > 0 || config.allowedPrincipalOrgId !== undefined) && !services.some((s) => PRINCIPAL_RESTRICTED_SERVICES.includes(s))) {
    report(
      [accountIds.length > 0 ? 'allowedPrincipalAccountIds' : 'allowedPrincipalOrgId'],
      `is set, but none of the endpoints it restricts (${PRINCIPAL_RESTRICTED_SERVICES.join(', ')}) is on; remove it or add one of them to endpoints`,
    );
  }

}

/** Subnets: required by interface endpoints, no duplicate, one per Availability Zone of the region. */
function checkSubnetRules(config: PrivateLinkConfig, { interfaceServices, members, hasInterface }: EndpointSet, report: Report): void {
  const region = config.region;
  if (config.subnetIds !== undefined && config.subnets !== undefined) {
    report(['subnets'], 'subnetIds and subnets are alternatives; keep subnets (it lets the one-subnet-per-zone rule be checked) and remove subnetIds');
  }
  const subnetIds = config.subnetIds ?? (config.subnets ?? []).map((s) => s.id);
  const subnetField = config.subnets ? 'subnets' : 'subnetIds';
  // Endpoints with subnetIds of their own do not need the shared ones.
  const needShared = members.filter((m) => m.type === 'Interface' && m.options.subnetIds === undefined);
  if (needShared.length > 0 && subnetIds.length === 0) {
    const which = needShared.map((m) => m.service).join(', ');
    report([subnetField], `${config.subnetIds || config.subnets ? 'is empty' : 'is required'}: the interface endpoints (${which}) need subnets, one per Availability Zone; list the private subnets of your ECS instances or tasks`);
  }
  if (!hasInterface && subnetIds.length > 0) {
    report([subnetField], 'is set, but no interface endpoint is on; remove it or add interface endpoints');
  } else if (hasInterface && needShared.length === 0 && subnetIds.length > 0) {
    report([subnetField], `is set, but every interface endpoint (${interfaceServices.join(', ')}) has subnetIds of its own; remove it`);
  }
  duplicates(subnetIds).forEach(({ index, value }) =>
    report(config.subnets ? ['subnets', index, 'id'] : ['subnetIds', index], `${show(value)} is listed twice`),
  );
  if (config.subnets) {
    const zones = new Map<string, number[]>();
    config.subnets.forEach((s, i) => {
      if (isWellFormedRegion(region) && (!s.availabilityZone.startsWith(region) || s.availabilityZone.length !== region.length + 1)) {
        report(['subnets', i, 'availabilityZone'], `${show(s.availabilityZone)} is not an Availability Zone of ${region}; expected ${region}a, ${region}b, ...`);
      }
      zones.set(s.availabilityZone, [...(zones.get(s.availabilityZone) ?? []), i]);
    });
    for (const [zone, indexes] of zones) {
      const ids = [...new Set(indexes.map((i) => config.subnets![i].id))];
      if (ids.length > 1) {
        report(['subnets', indexes[1]], `has ${ids.length} subnets in ${zone} (${ids.join(', ')}); an interface endpoint takes one subnet per Availability Zone: keep one of them`);
      }
    }
  }

}

/** Route tables: required by the gateway endpoint and only by it, no duplicate. */
function checkRouteTableRules(config: PrivateLinkConfig, { hasGateway }: EndpointSet, report: Report): void {
  const routeTableIds = config.routeTableIds ?? [];
  if (hasGateway && routeTableIds.length === 0) {
    report(['routeTableIds'], `${config.routeTableIds ? 'is empty' : 'is required'}: the s3 gateway endpoint serves image layers through route tables; list the route tables of the private subnets`);
  }
  if (!hasGateway && routeTableIds.length > 0) {
    report(['routeTableIds'], 'is set, but the s3 gateway endpoint is not on; remove it or add s3 to endpoints');
  }
  duplicates(routeTableIds).forEach(({ index, value }) => report(['routeTableIds', index], `${show(value)} is listed twice`));

}

/** Security groups: created or given, sources of HTTPS, no duplicate, no open CIDR without the opt-in. */
function checkSecurityGroupRules(config: PrivateLinkConfig, { hasInterface, members }: EndpointSet, report: Report): void {
  const securityGroupIds = config.securityGroupIds ?? [];
  const createSecurityGroup = config.createSecurityGroup ?? securityGroupIds.length === 0;
  const cidrs = config.allowedCidrBlocks ?? [];
  const sources = config.allowedSecurityGroupIds ?? [];
  duplicates(securityGroupIds).forEach(({ index, value }) => report(['securityGroupIds', index], `${show(value)} is listed twice`));
  duplicates(sources).forEach(({ index, value }) => report(['allowedSecurityGroupIds', index], `${show(value)} is listed twice`));
  duplicates(cidrs).forEach(({ index, value }) => report(['allowedCidrBlocks', index], `${show(value)} is listed twice`));
  cidrs.forEach((cidr, i) => {
    const problem = cidrProblem(cidr);
    if (problem) report(['allowedCidrBlocks', i], problem);
    else if ((cidr === '0.0.0.0/0' || cidr === '::/0') && !config.allowAnyCidr) {
      report(['allowedCidrBlocks', i], `${show(cidr)} allows every address; use the VPC CIDR or the clients' security groups, or set allowAnyCidr: true if you mean it`);
    }
  });
  if (hasInterface && createSecurityGroup && cidrs.length === 0 && sources.length === 0) {
    report(['allowedCidrBlocks'], 'is required: the security group created for the interface endpoints needs at least one source for HTTPS; give allowedCidrBlocks (usually the VPC CIDR) and/or allowedSecurityGroupIds');
  }
  if (!createSecurityGroup && (cidrs.length > 0 || sources.length > 0)) {
    report([cidrs.length > 0 ? 'allowedCidrBlocks' : 'allowedSecurityGroupIds'], 'only applies to the security group ecs-privatelink creates, and none is created because securityGroupIds is given; add the rule to your own groups, or set createSecurityGroup: true');
  }
  const withoutOwnGroups = members.filter((m) => m.type === 'Interface' && m.options.securityGroupIds === undefined).map((m) => m.service);
  if (hasInterface && !createSecurityGroup && securityGroupIds.length === 0 && withoutOwnGroups.length > 0) {
    report(['securityGroupIds'], `is required when createSecurityGroup is false: interface endpoints need a security group (${withoutOwnGroups.join(', ')} ${withoutOwnGroups.length === 1 ? 'has' : 'have'} none of ${withoutOwnGroups.length === 1 ? 'its' : 'their'} own)`);
  }
  if (!hasInterface && (config.createSecurityGroup || securityGroupIds.length > 0)) {
    report([securityGroupIds.length > 0 ? 'securityGroupIds' : 'createSecurityGroup'], 'is set, but no interface endpoint is on; security groups only apply to interface endpoints');
  }

}

/** Tags: keys AWS, Terraform or CDKTF would refuse or lose, and keys equal once normalized. */
function checkTagRules(config: PrivateLinkConfig, report: Report): void {
  for (const [key, value] of Object.entries(config.tags ?? {})) {
    if (/^aws:/i.test(key)) report(['tags', key], 'is not allowed: tag keys starting with "aws:" are reserved for AWS');
    if (key === 'Name') report(['tags', key], 'is set by ecs-privatelink per resource from namePrefix; set namePrefix instead');
    if (key === PROTO_KEY) report(['tags', key], 'cannot be a tag key with ecs-privatelink: CDKTF, which writes the configuration for Terraform, silently drops a key of that name (a JavaScript quirk); use another key');
    if (key === MAP_SIZE_KEY) report(['tags', key], 'cannot be a tag key with Terraform: the AWS provider keeps the number of entries of a map under the key "%", so it silently drops this tag from the endpoints and the security group; use another key');
    if (/[\u0000-\u001f\u007f]/.test(key)) report(['tags', key], 'has a control character (newline, tab, ...); AWS rejects those in tag keys');
    if (/[\u0000-\u001f\u007f]/.test(value)) report(['tags', key], `value ${show(value)} has a control character (newline, tab, ...); AWS rejects those in tag values`);
    if (loneSurrogate(key) !== undefined || loneSurrogate(value) !== undefined) {
      report(['tags', key], `${loneSurrogate(key) !== undefined ? 'key' : 'value'} holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape), which is not a character; AWS and Terraform take UTF-8 text only`);
    }
  }
  // Terraform stores every string in Unicode NFC: two keys that differ only in normalization would be one.
  const normalized = new Map<string, string>();
  for (const key of Object.keys(config.tags ?? {})) {
    const nfc = key.normalize('NFC');
    const first = normalized.get(nfc);
    if (first !== undefined) report(['tags', key], `is the same text as the tag key ${show(first)} once accents are encoded alike (Unicode NFC, the form Terraform stores), so the two would be one tag; keep one of them`);
    else normalized.set(nfc, key);
  }
}

/** A problem with a CIDR block, or undefined when it is valid. */
export function cidrProblem(cidr: string): string | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    const bits = Number(v4[5]);
    if (octets.some((o) => o > 255) || bits > 32 || v4.slice(1, 5).some((o) => o.length > 1 && o.startsWith('0'))) {
      return `${show(cidr)} is not a valid IPv4 CIDR block; expected four numbers 0-255 and a prefix length 0-32, like 10.0.0.0/16`;
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - bits);
    const network = address - (address % size);
    if (network !== address) {
      const fixed = [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join('.');
      return `${show(cidr)} has host bits set; did you mean ${fixed}/${bits}?`;
    }
    return undefined;
  }
  const v6 = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(cidr);
  if (v6 && cidr.includes(':')) {
    const groups = expandIpv6(v6[1]);
    const bits = Number(v6[2]);
    if (!groups || bits > 128) {
      return `${show(cidr)} is not a valid IPv6 CIDR block; expected an address and a prefix length 0-128, like 2001:db8::/56`;
    }
    const bigint = groups.reduce((acc, g) => (acc << 16n) + BigInt(g), 0n);
    const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
    if ((bigint & ~mask & ((1n << 128n) - 1n)) !== 0n) return `${show(cidr)} has host bits set beyond the /${bits} prefix`;
    return undefined;
  }
  return `${show(cidr)} is not a CIDR block; expected an address range like 10.0.0.0/16 (IPv4) or 2001:db8::/56 (IPv6)`;
}

function expandIpv6(address: string): number[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0 || (halves.length === 2 && missing < 1)) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16));
}

function duplicates(values: string[]): { index: number; value: string }[] {
  const seen = new Set<string>();
  const out: { index: number; value: string }[] = [];
  values.forEach((value, index) => {
    if (seen.has(value)) out.push({ index, value });
    seen.add(value);
  });
  return out;
}

/** `; did you mean "x"?` for a near miss, or an empty string. */
export function suggest(input: string, candidates: readonly string[]): string {
  // The edit distance is quadratic: a 10 MB key would take minutes, and no field name is that long.
  if (input.length > 100) return '';
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(input.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return best !== undefined && bestDistance <= limit ? `; did you mean ${show(best)}?` : '';
}

// ---------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------

function resolve(config: PrivateLinkConfig, identity: StateIdentity = singleIdentity(config)): Spec {
  const securityGroupIds = config.securityGroupIds ?? [];
  return {
    region: config.region,
    partition: partitionOf(config.region),
    profile: config.profile ?? DEFAULT_PROFILE,
    vpcId: config.vpcId,
    subnetIds: config.subnetIds ?? (config.subnets ?? []).map((s) => s.id),
    ...(config.subnets ? { subnets: config.subnets.map((s) => ({ id: s.id, availabilityZone: s.availabilityZone })) } : {}),
    ...(config.pricing ? { pricing: { ...config.pricing } } : {}),
    routeTableIds: config.routeTableIds ?? [],
    createSecurityGroup: config.createSecurityGroup ?? securityGroupIds.length === 0,
    securityGroupIds,
    allowedCidrBlocks: config.allowedCidrBlocks ?? [],
    allowedSecurityGroupIds: config.allowedSecurityGroupIds ?? [],
    // Catalog order, then custom endpoints in file order: the output does not change when the catalog entries are reordered.
    endpoints: endpointSet(config).map((m) => resolveEndpoint(config, m)),
    tags: { ...(config.tags ?? {}) },
    namePrefix: config.namePrefix ?? DEFAULT_NAME_PREFIX,
    s3EcrLayersOnly: config.s3EcrLayersOnly ?? false,
    allowedPrincipalAccountIds: [...(config.allowedPrincipalAccountIds ?? [])],
    ...(config.allowedPrincipalOrgId !== undefined ? { allowedPrincipalOrgId: config.allowedPrincipalOrgId } : {}),
    name: identity.name,
    stack: identity.stack,
    backend: resolveBackend(config, identity),
    adopt: resolveAdoption(config),
  };
}

/** One endpoint of the set, with its defaults resolved. */
function resolveEndpoint(config: PrivateLinkConfig, m: SetMember): EndpointPlan {
  const catalog = m.custom ? undefined : endpointByService(m.service);
  const privateDns = m.custom ? (m.privateDns ?? true) : (config.privateDns?.[m.service] ?? catalog!.privateDns);
  const o = m.options;
  return {
    key: m.key,
    service: m.service,
    type: m.type,
    serviceName: memberServiceName(config.region, m),
    ...(m.type === 'Interface' ? { privateDns } : {}),
    ...ownPolicy(m.custom ? m.policy : config.policies?.[m.service]),
    ...(m.custom ? { custom: true } : {}),
    ...(o.subnetIds !== undefined ? { subnetIds: [...o.subnetIds] } : {}),
    ...(o.securityGroupIds !== undefined ? { securityGroupIds: [...o.securityGroupIds] } : {}),
    ...(o.ipAddressType !== undefined ? { ipAddressType: o.ipAddressType } : {}),
    ...(o.dnsOptions !== undefined ? { dnsOptions: { ...o.dnsOptions } } : {}),
    ...(o.serviceRegion !== undefined ? { serviceRegion: o.serviceRegion } : {}),
    ...(o.timeouts !== undefined ? { timeouts: { ...o.timeouts } } : {}),
  };
}

/** `{ policy }` with the canonical JSON of a policy that checkRules accepted, or `{}` without one. */
function ownPolicy(value: unknown): { policy?: string } {
  if (value === undefined) return {};
  const checked = checkPolicy(value);
  if ('problem' in checked) throw new Error(`a policy that validation refused reached resolve: ${checked.problem}`);
  return { policy: checked.policy };
}
