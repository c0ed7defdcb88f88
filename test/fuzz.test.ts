/**
 * Fuzzed configurations (fast-check), in text and in structure. Text: tag
 * keys and values, name prefix and policy contents made of quotes,
 * backslashes, `${`, `%{`, `$${`, newlines, tabs, control characters, emoji,
 * right-to-left text and arbitrary code points. Structure: the region (and so
 * the partition: standard, China, GovCloud), the endpoints (a profile or a
 * list), created and existing security groups alone and together, the HTTPS
 * sources, route tables, subnets in either form, and an entry listed twice
 * in one of the lists.
 *
 * For each: either validation refuses it, with one line per problem naming
 * the field, exactly when an independent oracle says AWS (or Terraform) could
 * not take the text; or every string reads back exactly: from the rendered
 * module (HCL parsed by @cdktf/hcl2json, template escapes undone) and from
 * the synthesized CDKTF JSON (Terraform-JSON template escapes undone).
 *
 * Then, in one terraform root each: a sample of the accepted configurations
 * (at least 20, plus fixed hard cases) is planned through both paths, and the
 * planned values are the inputs; and the module's own validation expressions
 * and `jsonencode` are evaluated on the fuzzed values, which must agree with
 * the TypeScript validation and `canonicalJson`.
 *
 * Seeded and reproducible: the seed is printed; FUZZ_SEED=<seed> repeats a
 * run, FUZZ_RUNS and FUZZ_PLANNED change its size. The tests do not share
 * state: each draws the same seeded population itself (`population()`), so
 * any one of them runs alone (`-t`) and gives the same result.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@cdktf/hcl2json';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import * as fc from 'fast-check';
import { ConfigError, parseConfig, validateConfig, type Spec } from '../lib/model/config';
import { EcsPrivateLink } from '../lib/cdktf/construct';
import { endpointName, securityGroupName } from '../lib/model/naming';
import { canonicalJson, loneSurrogate, MAX_POLICY_CHARACTERS } from '../lib/model/policies';
import { specToProps } from '../lib/cdktf/props';
import { CONFIG_SCHEMA } from '../lib/model/schema';
import { AWS_PROVIDER_CONSTRAINT } from '../lib/model/versions';
import { hclValue } from '../generators/helpers';
import { MODULE_VARIABLES } from '../generators/interface';
import { moduleArgumentList, renderModule } from '../generators/module';
import { canonicalize, differences } from './support/canonical';
import { cdktfChild, planChildren, regionAlias, testProvider, type Child, type PlannedResource } from './support/plan-root';
import { removeTempDirs, tempDir, terraform } from './support/terraform';

const SEED = process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== '' ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const PLANNED = Math.max(20, Number(process.env.FUZZ_PLANNED ?? 24));
/** The region of the fixed hard cases and of the validation-only configurations. */
const REGION = 'eu-west-1';
const started = Date.now();
if (!Number.isInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(process.env.FUZZ_SEED)}`);

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/** Text that is fine for AWS, yet hard to escape. */
const SAFE_PIECES = [
  '$', '{', '}', '%', '${', '%{', '$${', '%%{', '$$${', '}}', '~', '\\', '\\\\', '"', "'", '`', ' ', '  ', 'a', 'Z', '0', '=', ':', '/', '//', '#', '/*', '*/',
  '<<EOF', '<', '>', '&', '&amp;', '\\u0041', '\\n', '${aws:PrincipalAccount}', '%{ if true }', '${var.x}', 'null', 'true', '[', ']', ',', '.', '-', '_',
  '\u00a0', '\u200b', '\u200f', '\u202e', '\u2028', '\u2029', '\ufeff', 'é', 'e\u0301', 'ß', 'Å', 'A\u030a', '🚢', '👩\u200d👩\u200d👧', '🇪🇺', '\u{e0041}',
  'שלום', 'مرحبا', '日本語', 'ﷺ',
];
/** Text that AWS or Terraform cannot take in a tag: control characters and a lone surrogate. */
const NASTY_PIECES = ['\n', '\r', '\t', '\u0000', '\u0007', '\u001b', '\u007f', '\ud800', '\udfff'];

const pieces = (list: string[], max: number) => fc.array(fc.constantFrom(...list), { maxLength: max }).map((a) => a.join(''));
const text = fc.oneof(
  { weight: 10, arbitrary: pieces(SAFE_PIECES, 6) },
  { weight: 2, arbitrary: pieces([...SAFE_PIECES, ...NASTY_PIECES], 6) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);
const tagKey = fc.oneof(
  { weight: 12, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom('Name', 'aws:created-by', 'AWS:cost', '', '//', 'null', '__proto__', 'constructor', '%', '#') },
  { weight: 1, arbitrary: text.map((t) => `${t}${'k'.repeat(120)}`) },
);
const tagValue = fc.oneof({ weight: 12, arbitrary: text }, { weight: 1, arbitrary: text.map((t) => `${t}${'v'.repeat(250)}`) });
const tags = fc.uniqueArray(fc.tuple(tagKey, tagValue), { maxLength: 4, selector: ([k]) => k }).map((entries) => Object.fromEntries(entries));
const namePrefix = fc.option(
  fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/) }, { weight: 1, arbitrary: text }),
  { nil: undefined, freq: 4 },
);

interface PolicyInput {
  form: 'map' | 'json' | 'pretty-json' | 'broken-json';
  doc: Record<string, unknown>;
}
const policy: fc.Arbitrary<PolicyInput | undefined> = fc.option(
  fc
    .record({
      form: fc.constantFrom('map', 'map', 'json', 'pretty-json', 'broken-json'),
      shape: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'no-version', 'lowercase-effect', 'empty-statement'),
      sid: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,16}$/), { nil: undefined }),
      conditionKey: text,
      conditionValue: text,
      otherKey: text,
      resource: text,
      action: text,
    })
    .map(({ form, shape, sid, conditionKey, conditionValue, otherKey, resource, action }): PolicyInput => {
      const statement = {
        ...(sid !== undefined ? { Sid: sid } : {}),
        Effect: shape === 'lowercase-effect' ? 'allow' : 'Allow',
        Principal: '*',
        Action: ['ecr:BatchGetImage', action],
        Resource: `arn:aws:ecr:${REGION}:111122223333:repository/${resource}`,
        Condition: { StringEquals: { [`aws:PrincipalTag/${conditionKey}`]: conditionValue, [otherKey]: '${aws:PrincipalAccount}' } },
      };
      const doc = { ...(shape === 'no-version' ? {} : { Version: '2012-10-17' }), Statement: shape === 'empty-statement' ? [] : [statement] };
      return { form: form as PolicyInput['form'], doc };
    }),
  { nil: undefined, freq: 5 },
);

/** Regions of every partition that the offline AWS provider 5.100 knows. */
const FUZZ_REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'sa-east-1', 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1'];
/** Endpoints besides ecr.api (which every fuzzed configuration has: the fuzzed policy is on it). */
const OTHER_ENDPOINTS = ['ecr.dkr', 's3', 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs', 'ssm', 'sts'];
const LIST_FIELDS = ['endpoints', 'subnets', 'routeTableIds', 'securityGroupIds', 'allowedCidrBlocks', 'allowedSecurityGroupIds'] as const;

/** The shape of a configuration; always valid, except for `twice`, the list that gets its first entry again at its end. */
interface Structure {
  region: string;
  /** A profile, or a list of endpoints. */
  profile?: 'ec2' | 'fargate' | 'ecr-only';
  endpoints?: string[];
  subnetCount: number;
  /** subnets with their zones, or subnetIds. */
  subnetsWithZones: boolean;
  routeTableCount: number;
  /** true, false, or left out (then it is true exactly when no securityGroupIds are given). */
  createSecurityGroup: boolean | undefined;
  securityGroupCount: number;
  cidrCount: number;
  sourceGroupCount: number;
  twice?: (typeof LIST_FIELDS)[number];
}

const hexId = (prefix: string, n: number) => `${prefix}-0${String(n).padStart(16, 'f')}`;
const CIDRS = ['10.0.0.0/16', '2001:db8::/56', '172.16.0.0/12', '192.168.4.0/24'];

const structure: fc.Arbitrary<Structure> = fc
  .record({
    region: fc.constantFrom(...FUZZ_REGIONS),
    endpointForm: fc.constantFrom('profile', 'list', 'list'),
    profile: fc.constantFrom('ec2' as const, 'fargate' as const, 'ecr-only' as const),
    others: fc.subarray(OTHER_ENDPOINTS),
    subnetCount: fc.integer({ min: 1, max: 3 }),
    subnetsWithZones: fc.boolean(),
    routeTableCount: fc.integer({ min: 1, max: 3 }),
    groups: fc.constantFrom('created', 'existing', 'both', 'default-created', 'default-existing'),
    securityGroupCount: fc.integer({ min: 1, max: 2 }),
    cidrCount: fc.integer({ min: 0, max: 2 }),
    sourceGroupCount: fc.integer({ min: 0, max: 2 }),
    // One configuration in seven lists an entry twice.
    twice: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...LIST_FIELDS) }),
  })
  .map((r): Structure => {
    const endpoints = r.endpointForm === 'list' ? ['ecr.api', ...r.others] : undefined;
    const hasS3 = endpoints ? endpoints.includes('s3') : true;
    const created = r.groups === 'created' || r.groups === 'both' || r.groups === 'default-created';
    // A created group needs a source; without one, no source may be given.
    const cidrCount = created ? (r.cidrCount + r.sourceGroupCount === 0 ? 1 : r.cidrCount) : 0;
    const sourceGroupCount = created ? r.sourceGroupCount : 0;
    const s: Structure = {
      region: r.region,
      ...(endpoints ? { endpoints } : { profile: r.profile }),
      subnetCount: r.subnetCount,
      subnetsWithZones: r.subnetsWithZones,
      routeTableCount: hasS3 ? r.routeTableCount : 0,
      createSecurityGroup: r.groups.startsWith('default') ? undefined : created,
      securityGroupCount: r.groups === 'created' || r.groups === 'default-created' ? 0 : r.securityGroupCount,
      cidrCount,
      sourceGroupCount,
    };
    // A list can only hold an entry twice when it has one.
    const length: Record<(typeof LIST_FIELDS)[number], number> = {
      endpoints: endpoints?.length ?? 0,
      subnets: s.subnetCount,
      routeTableIds: s.routeTableCount,
      securityGroupIds: s.securityGroupCount,
      allowedCidrBlocks: s.cidrCount,
      allowedSecurityGroupIds: s.sourceGroupCount,
    };
    return r.twice && length[r.twice] > 0 ? { ...s, twice: r.twice } : s;
  });

const configInput: fc.Arbitrary<ConfigInput> = fc.record({ tags, namePrefix, policy, s3EcrLayersOnly: fc.boolean(), structure });
interface ConfigInput {
  tags: Record<string, string>;
  namePrefix: string | undefined;
  policy: PolicyInput | undefined;
  s3EcrLayersOnly: boolean;
  structure: Structure;
}

/** The structure of the fixed hard cases and of the one-field validations: eu-west-1, ecr.api and s3, a created group. */
const BASE_STRUCTURE: Structure = {
  region: REGION,
  endpoints: ['ecr.api', 's3'],
  subnetCount: 2,
  subnetsWithZones: false,
  routeTableCount: 1,
  createSecurityGroup: undefined,
  securityGroupCount: 0,
  cidrCount: 1,
  sourceGroupCount: 0,
};

const withTwice = <T>(list: T[], field: string, twice: string | undefined): T[] => (twice === field && list.length > 0 ? [...list, list[0]] : list);

/** The structural fields of a configuration. */
function structureConfig(s: Structure): Record<string, unknown> {
  const ids = (prefix: string, count: number, from: number) => Array.from({ length: count }, (_, i) => hexId(prefix, from + i));
  const subnetIds = withTwice(ids('subnet', s.subnetCount, 1), 'subnets', s.twice);
  const subnets = s.subnetsWithZones
    ? { subnets: subnetIds.map((id) => ({ id, availabilityZone: `${s.region}${'abc'[Number(id.slice(-1)) - 1]}` })) }
    : { subnetIds };
  return {
    region: s.region,
    vpcId: 'vpc-0123456789abcdef0',
    ...(s.endpoints ? { profile: 'none', endpoints: withTwice(s.endpoints, 'endpoints', s.twice) } : { profile: s.profile }),
    ...subnets,
    ...(s.routeTableCount > 0 ? { routeTableIds: withTwice(ids('rtb', s.routeTableCount, 1), 'routeTableIds', s.twice) } : {}),
    ...(s.createSecurityGroup !== undefined ? { createSecurityGroup: s.createSecurityGroup } : {}),
    ...(s.securityGroupCount > 0 ? { securityGroupIds: withTwice(ids('sg', s.securityGroupCount, 1), 'securityGroupIds', s.twice) } : {}),
    ...(s.cidrCount > 0 ? { allowedCidrBlocks: withTwice(CIDRS.slice(0, s.cidrCount), 'allowedCidrBlocks', s.twice) } : {}),
    ...(s.sourceGroupCount > 0 ? { allowedSecurityGroupIds: withTwice(ids('sg', s.sourceGroupCount, 5), 'allowedSecurityGroupIds', s.twice) } : {}),
  };
}

/** True when the configuration has the s3 gateway. */
const hasS3 = (s: Structure) => (s.endpoints ? s.endpoints.includes('s3') : true);

/** The policy as it is written in the configuration. */
function policyValue(p: PolicyInput): unknown {
  switch (p.form) {
    case 'map':
      return p.doc;
    case 'json':
      return JSON.stringify(p.doc);
    case 'pretty-json':
      return JSON.stringify(p.doc, null, 2);
    case 'broken-json':
      return JSON.stringify(p.doc).slice(0, -1);
  }
}

function toConfig(input: ConfigInput): Record<string, unknown> {
  return {
    ...structureConfig(input.structure),
    tags: input.tags,
    ...(input.namePrefix !== undefined ? { namePrefix: input.namePrefix } : {}),
    ...(input.policy !== undefined ? { policies: { 'ecr.api': policyValue(input.policy) } } : {}),
    // The preset needs the s3 gateway.
    s3EcrLayersOnly: input.s3EcrLayersOnly && hasS3(input.structure),
  };
}

// ---------------------------------------------------------------------------
// The oracle: what must be refused, decided without lib/model/config.ts
// ---------------------------------------------------------------------------

const CONTROL = /[\u0000-\u001f\u007f]/;
const codePoints = (s: string) => [...s].length;
const NAME_PREFIX = new RegExp(CONFIG_SCHEMA.properties!.namePrefix.pattern!);

/**
 * Tags AWS would refuse for their length (checked first, with the schema), counted on what AWS receives: Terraform
 * reads every string in NFC, so a decomposed é is one character there (seed 1468321075: a value of 257 code points
 * as written, 256 after NFC, is accepted).
 */
function tagLengthRefusals(tagMap: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(tagMap)) {
    const keyLength = codePoints(key.normalize('NFC'));
    const valueLength = codePoints(value.normalize('NFC'));
    if (keyLength < 1 || keyLength > 128) out.push(`key length ${keyLength}`);
    if (valueLength > 256) out.push(`value length ${valueLength}`);
  }
  return out;
}

/** Why AWS or Terraform could not take these tags, one reason each; empty when they can. */
function tagRefusals(tagMap: Record<string, string>): string[] {
  const out: string[] = tagLengthRefusals(tagMap);
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(tagMap)) {
    if (/^aws:/i.test(key)) out.push('aws: key');
    if (key === 'Name') out.push('Name key');
    if (key === '__proto__') out.push('__proto__ key (CDKTF drops it)');
    if (key === '%') out.push('% key (the AWS provider drops it)');
    if (CONTROL.test(key) || CONTROL.test(value)) out.push('control character');
    if (loneSurrogate(key) !== undefined || loneSurrogate(value) !== undefined) out.push('lone surrogate');
    if (seen.has(key.normalize('NFC'))) out.push('keys equal in NFC');
    seen.add(key.normalize('NFC'));
  }
  return out;
}

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return loneSurrogate(value) !== undefined;
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => hasLoneSurrogate(k) || hasLoneSurrogate(v));
  return false;
}

function hasNfcDuplicateKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNfcDuplicateKeys);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).map((k) => k.normalize('NFC'));
    return new Set(keys).size !== keys.length || Object.values(value).some(hasNfcDuplicateKeys);
  }
  return false;
}

/** Why AWS could not take this policy, one reason each; empty when it can. */
function policyRefusals(p: PolicyInput): string[] {
  const out: string[] = [];
  if (p.form === 'broken-json') out.push('not JSON');
  const doc = p.doc as { Version?: unknown; Statement?: { Effect?: unknown }[] };
  if (doc.Version !== '2012-10-17') out.push('no Version');
  if (!doc.Statement || doc.Statement.length === 0) out.push('no statement');
  else if (doc.Statement.some((s) => s.Effect !== 'Allow' && s.Effect !== 'Deny')) out.push('bad Effect');
  if (hasLoneSurrogate(p.doc)) out.push('lone surrogate');
  if (hasNfcDuplicateKeys(p.doc)) out.push('keys equal in NFC');
  else if (!hasLoneSurrogate(p.doc) && codePoints(canonicalJson(p.doc)) > MAX_POLICY_CHARACTERS) out.push('too long');
  return out;
}

/**
 * The top-level fields the configuration must be refused for. lib/model/config.ts reports
 * every problem of a file in one run: the schema's (lengths, patterns), and the rules of the
 * other fields on the well-typed part of the file, so a schema problem no longer hides them.
 */
function expectedRefusedFields(input: ConfigInput): string[] {
  const fields = [
    ...(tagLengthRefusals(input.tags).length > 0 || tagRefusals(input.tags).length > 0 ? ['tags'] : []),
    ...(input.namePrefix !== undefined && !NAME_PREFIX.test(input.namePrefix) ? ['namePrefix'] : []),
    ...(input.policy && policyRefusals(input.policy).length > 0 ? ['policies'] : []),
    // An entry listed twice: refused at that list (the profile form has no endpoint list).
    ...(input.structure.twice ? [input.structure.twice === 'subnets' && !input.structure.subnetsWithZones ? 'subnetIds' : input.structure.twice] : []),
  ];
  return [...new Set(fields)];
}

// ---------------------------------------------------------------------------
// Reading back
// ---------------------------------------------------------------------------

/**
 * The literal value of a string written as a template in Terraform's JSON syntax (CDKTF, and
 * hcl2json's output): `$${` and `%%{` are escapes, and terraformLiteral writes a leading U+FEFF,
 * which the template parser would drop, as the interpolation `${"\uFEFF"}`.
 */
function untemplate(text: string): string {
  const bom = '${"\\uFEFF"}';
  const literal = text.startsWith(bom) ? `\uFEFF${text.slice(bom.length)}` : text;
  return literal.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

function untemplateMap(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [untemplate(k), untemplate(v)]));
}

const nfc = (s: string) => s.normalize('NFC');
const nfcMap = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).map(([k, v]) => [nfc(k), nfc(v)]));
/** Entries sorted, so that maps compare by content whatever their key order (and "__proto__" stays a key). */
const entries = (map: Record<string, string>) => Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The service name of ecr.api in the spec's region (cn.com.amazonaws in China), as the spec has it. */
const ecrApiService = (spec: Spec) => spec.endpoints.find((e) => e.key === 'ecr_api')!.serviceName;

let synthDir: string | undefined;

/**
 * cdk.tf.json of a stack with an AWS provider, as `app.synth()` writes it (what `ecs-privatelink synth` and `cdktf synth` deploy).
 * Not Testing.synth: it drops every "//" key, a tag key "//" included, as CDKTF metadata.
 */
function synthesize(region: string, build: (stack: TerraformStack) => void): string {
  synthDir ??= tempDir('fuzz-synth');
  const app = new App({ outdir: synthDir });
  const stack = new TerraformStack(app, 'fuzz');
  new AwsProvider(stack, 'aws', { region });
  // As EcsPrivateLinkStack does: @cdktf/provider-aws would pin the provider version it was generated from.
  stack.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_CONSTRAINT);
  build(stack);
  app.synth();
  return fs.readFileSync(path.join(synthDir, 'stacks', 'fuzz', 'cdk.tf.json'), 'utf8');
}

/** Checks that every fuzzed string of `spec` reads back from the rendered module and the synthesized JSON. */
async function expectReadBack(spec: Spec, input: ConfigInput): Promise<void> {
  const policyText = spec.endpoints.find((e) => e.key === 'ecr_api')!.policy;
  const read: Record<string, unknown> = {};
  const want: Record<string, unknown> = {};
  const compare = (where: string, actual: unknown, expected: unknown) => {
    read[where] = actual;
    want[where] = expected;
  };
  // The module: HCL, where hclEscape wrote every string in NFC (Terraform reads every string as NFC).
  const files = await renderModule(spec);
  const variables = (await parse('variables.tf', files.get('variables.tf')!)) as Json;
  compare('variables.tf name_prefix default', untemplate(variables.variable.name_prefix[0].default), nfc(spec.namePrefix));
  // The default lists an endpoint of the profile only when it has options (a policy among them).
  const defaultPolicy = variables.variable.endpoints[0].default.ecr_api?.policy;
  compare('variables.tf endpoints default policy', defaultPolicy === undefined ? undefined : untemplate(defaultPolicy), policyText);
  const example = (await parse('main.tf', files.get('examples/complete/main.tf')!)) as Json;
  const call = example.module.ecs_privatelink[0];
  compare('example tags', entries(untemplateMap(call.tags ?? {})), entries(nfcMap(input.tags)));
  const examplePolicy = call.endpoints?.ecr_api?.policy;
  compare('example policy', examplePolicy === undefined ? undefined : untemplate(examplePolicy), policyText);
  compare('example name_prefix', call.name_prefix === undefined ? spec.namePrefix : untemplate(call.name_prefix), spec.namePrefix);

  // The CDKTF JSON: strings as they are (Terraform normalizes them when it reads them).
  const synthesized = JSON.parse(synthesize(spec.region, (stack) => new EcsPrivateLink(stack, 'privatelink', specToProps(spec)))) as Json;
  const endpoints = Object.values(synthesized.resource.aws_vpc_endpoint) as Json[];
  const api = endpoints.find((e) => e.service_name === ecrApiService(spec))!;
  compare('cdk.tf.json endpoint tags', entries(untemplateMap(api.tags)), entries({ ...input.tags, Name: endpointName(spec.namePrefix, 'ecr_api') }));
  compare('cdk.tf.json endpoint policy', api.policy === undefined ? undefined : untemplate(api.policy), policyText);
  // The structure: every endpoint, and the created group and the existing ones on every interface endpoint.
  const s = input.structure;
  const created = s.createSecurityGroup ?? s.securityGroupCount === 0;
  compare('cdk.tf.json endpoints', endpoints.map((e) => e.service_name).sort(), spec.endpoints.map((e) => e.serviceName).sort());
  compare('cdk.tf.json security groups', Object.keys(synthesized.resource.aws_security_group ?? {}).length, created ? 1 : 0);
  const interfaceGroups = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface').map((e) => (e.security_group_ids as string[]).length);
  compare('cdk.tf.json groups per interface endpoint', interfaceGroups, interfaceGroups.map(() => (created ? 1 : 0) + s.securityGroupCount));
  compare('cdk.tf.json route table associations', Object.keys(synthesized.resource.aws_vpc_endpoint_route_table_association ?? {}).length, s.routeTableCount);
  if (created) {
    const group = Object.values(synthesized.resource.aws_security_group)[0] as Json;
    compare('cdk.tf.json security group name', untemplate(group.name), securityGroupName(spec.namePrefix));
    compare('cdk.tf.json security group tags', entries(untemplateMap(group.tags)), entries({ ...input.tags, Name: securityGroupName(spec.namePrefix) }));
    compare('cdk.tf.json ingress rules', Object.keys(synthesized.resource.aws_vpc_security_group_ingress_rule ?? {}).length, s.cidrCount + s.sourceGroupCount);
  }
  expect({ seed: SEED, read }).toEqual({ seed: SEED, read: want });
}

// ---------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------

interface Accepted {
  input: ConfigInput;
  spec: Spec;
}
/** What the first test saw, for the summary line only (no test reads it). */
const counts = { runs: 0, accepted: 0, refused: 0 };
let planSize = 0;
let verdictCount = 0;

/**
 * The seeded population every test draws from itself: the same RUNS
 * configurations for the same seed, whichever tests run and in whatever order.
 */
function population(): ConfigInput[] {
  return fc.sample(configInput, { seed: SEED, numRuns: RUNS });
}

/** The configurations of the population that lib/model/config.ts accepts, with their specs. */
function acceptedConfigurations(): Accepted[] {
  const out: Accepted[] = [];
  for (const input of population()) {
    try {
      out.push({ input, spec: validateConfig(toConfig(input)) });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
    }
  }
  return out;
}

/** Inputs for the module's validation expressions: tag maps, name prefixes and policy texts, with the TypeScript verdict. */
interface Verdicts {
  tags: { value: Record<string, string>; ok: boolean }[];
  prefixes: { value: string; ok: boolean }[];
  policies: { value: string; ok: boolean }[];
}

/** True when lib/model/config.ts accepts `input` with every fuzzed field but `only` left out. */
function acceptsOnly(input: ConfigInput, only: 'tags' | 'namePrefix' | 'policy'): boolean {
  const alone: ConfigInput = { tags: {}, namePrefix: undefined, policy: undefined, s3EcrLayersOnly: false, structure: BASE_STRUCTURE, [only]: input[only] };
  try {
    validateConfig(toConfig(alone));
    return true;
  } catch (err) {
    if (err instanceof ConfigError) return false;
    throw err;
  }
}

function recordVerdicts(input: ConfigInput, verdicts: Verdicts): void {
  // Each field validated alone: a schema problem elsewhere would hide its rules.
  const refused = (field: 'tags' | 'namePrefix' | 'policy') => !acceptsOnly(input, field);
  // HCL cannot hold a lone surrogate, and Terraform merges keys equal in NFC before a validation sees them;
  // "__proto__" is refused for CDKTF's sake only, the module takes it.
  if (!tagRefusals(input.tags).some((r) => r === 'lone surrogate' || r === 'keys equal in NFC' || r.startsWith('__proto__')) && verdicts.tags.length < 80) {
    verdicts.tags.push({ value: input.tags, ok: !refused('tags') });
  }
  if (input.namePrefix !== undefined && loneSurrogate(input.namePrefix) === undefined && verdicts.prefixes.length < 80) {
    verdicts.prefixes.push({ value: input.namePrefix, ok: !refused('namePrefix') });
  }
  const p = input.policy;
  if (p && !hasLoneSurrogate(p.doc) && !hasNfcDuplicateKeys(p.doc) && verdicts.policies.length < 80) {
    // The module gets the canonical JSON of a valid policy; a broken text as it is.
    verdicts.policies.push({ value: p.form === 'broken-json' ? (policyValue(p) as string) : canonicalJson(p.doc), ok: !refused('policy') });
  }
}

beforeAll(() => {
  process.stderr.write(`fuzz: seed ${SEED}${process.env.FUZZ_SEED ? ' (FUZZ_SEED)' : ' (random)'}, ${RUNS} runs; FUZZ_SEED=${SEED} npx jest test/fuzz.test.ts repeats this run\n`);
});
afterAll(() => {
  removeTempDirs();
  process.stderr.write(
    `fuzz (seed ${SEED}): ${counts.runs} configurations, ${counts.accepted} accepted and read back, ${counts.refused} refused; ` +
      `${planSize} planned through terraform on both paths; ${verdictCount} values through the module's validations; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
});

test('every fuzzed configuration is refused exactly when the oracle says AWS could not take it, one line per problem, or every string reads back from the module and the CDKTF JSON', async () => {
  await fc.assert(
    fc.asyncProperty(configInput, async (input) => {
      counts.runs++;
      const config = toConfig(input);
      const expected = expectedRefusedFields(input);
      let spec: Spec | undefined;
      let problems: { path: string; message: string }[] = [];
      try {
        spec = validateConfig(config, 'fuzz.yaml');
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems = err.problems;
      }
      const refusedFields = [...new Set(problems.map((p) => /^[A-Za-z]+/.exec(p.path)?.[0] ?? p.path))].sort();
      expect({ refusedFields, problems: problems.map((p) => `${p.path}: ${p.message}`) }).toEqual({ refusedFields: [...expected].sort(), problems: expect.any(Array) });
      for (const p of problems) {
        // One line each, naming the field: the CLI prints one problem a line.
        expect(`${p.path}: ${p.message}`).not.toMatch(/[\n\r]/);
        expect(p.message.length).toBeGreaterThan(10);
      }
      // The same configuration as a JSON file (which the YAML parser reads) gives the same result.
      const fromFile = (() => {
        try {
          return parseConfig(JSON.stringify(config), 'fuzz.json');
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          return err.problems.map((p) => `${p.path}: ${p.message}`);
        }
      })();
      expect(fromFile).toEqual(spec ?? problems.map((p) => `${p.path}: ${p.message}`));
      if (!spec) {
        counts.refused++;
        return;
      }
      counts.accepted++;
      await expectReadBack(spec, input);
    }),
    { seed: SEED, numRuns: RUNS },
  );
  // Every structural kind was drawn: the population covers what the header promises.
  const drawn = population().map((i) => i.structure);
  const twiceKinds = new Set(drawn.map((d) => d.twice).filter((t) => t)).size;
  expect({
    partitions: [...new Set(drawn.map((d) => (d.region.startsWith('cn-') ? 'aws-cn' : d.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws')))].sort(),
    profiles: drawn.some((d) => d.profile) && drawn.some((d) => d.endpoints),
    createdAndExisting: drawn.some((d) => (d.createSecurityGroup ?? d.securityGroupCount === 0) && d.securityGroupCount > 0),
    existingOnly: drawn.some((d) => !(d.createSecurityGroup ?? d.securityGroupCount === 0)),
    // At least three of the six lists get an entry twice (each is drawn with the same chance).
    twice: RUNS < 100 || twiceKinds >= 3,
  }).toEqual({ partitions: ['aws', 'aws-cn', 'aws-us-gov'], profiles: true, createdAndExisting: true, existingOnly: true, twice: true });
  expect(counts.accepted).toBeGreaterThanOrEqual(PLANNED);
  expect(counts.refused).toBeGreaterThan(0);
});

// ---------------------------------------------------------------------------
// Through terraform
// ---------------------------------------------------------------------------

/** Hard cases that every run plans, besides the random sample. */
const FIXED: ConfigInput[] = [
  { tags: { '//': 'a comment?', 'a//b': '/* not a comment */', '#': '# nor this' }, namePrefix: 'slashes', policy: undefined, s3EcrLayersOnly: false, structure: BASE_STRUCTURE },
  {
    tags: { interpolation: '${var.secret}', directive: '%{ if true }yes%{ endif }', escaped: '$${literal}', 'escaped-directive': '%%{x}', '$${k}': '$$$${v}', '%{k}': '$' },
    namePrefix: 'templates',
    policy: {
      form: 'map',
      doc: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}', 'aws:PrincipalTag/x': '%{y} $${z} <a> & "b" \\ \u2028' } } }] },
    },
    s3EcrLayersOnly: true,
    structure: BASE_STRUCTURE,
  },
  {
    tags: { 'emoji 🚢': '👩\u200d👩\u200d👧 🇪🇺', rtl: 'שלום مرحبا \u202eevil', nfd: 'e\u0301', zw: 'a\u200bb\ufeff', separators: 'line\u2028para\u2029' },
    namePrefix: undefined,
    policy: { form: 'pretty-json', doc: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/é': 'e\u0301' } } }] } },
    s3EcrLayersOnly: false,
    structure: BASE_STRUCTURE,
  },
  { tags: { 'quote"key': 'back\\slash "q"', null: 'true', for: 'if', __proto__x: '{}' }, namePrefix: 'a.b_c-d', policy: undefined, s3EcrLayersOnly: false, structure: BASE_STRUCTURE },
  // Terraform's JSON syntax drops a leading U+FEFF from every string (found by this test, seed 44).
  { tags: { '\ufeffkey': '\ufeffvalue', '\ufeff$${k}': '\ufeff%{v}', constructor: 'toString' }, namePrefix: undefined, policy: undefined, s3EcrLayersOnly: false, structure: BASE_STRUCTURE },
  // The AWS provider keeps a map's size under "%" (seed 404): only that exact key is lost.
  { tags: { '%%': '', '%.': '#', 'a.%': '%', '#': '' }, namePrefix: undefined, policy: undefined, s3EcrLayersOnly: false, structure: BASE_STRUCTURE },
];

/** `count` items of `list`, spread evenly over it. */
function spread<T>(list: T[], count: number): T[] {
  if (list.length <= count) return list;
  return Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)]);
}

test('a sample of the accepted configurations plans through terraform on both paths, in one root: the planned structure, tags, names and policies are the inputs, and both paths plan the same', async () => {
  const fixed = FIXED.map((input) => ({ input, spec: validateConfig(toConfig(input)) }));
  const sample = [...fixed, ...spread(acceptedConfigurations(), PLANNED)];
  planSize = sample.length;
  expect(sample.length - fixed.length).toBeGreaterThanOrEqual(20);
  const regions = [...new Set(sample.map(({ spec }) => spec.region))].sort();

  // CDKTF: one stack per region, a construct per sample. Both paths use the root's provider configuration of each
  // region (plan-root's regionAlias): one provider process per region.
  const children: Child[] = regions.map((region) =>
    cdktfChild(`cdktf_${regionAlias(region)}`, synthesize(region, (stack) => sample.forEach(({ spec }, i) => spec.region === region && new EcsPrivateLink(stack, `fuzz${i}`, specToProps(spec))))),
  );

  // The module: its rendered files per sample, called with HCL literals (half of them with the defaults of endpoints and name_prefix).
  const modules = await Promise.all(sample.map(({ spec }) => renderModule(spec)));
  sample.forEach(({ spec }, i) => {
    children.push({
      name: `hcl${i}`,
      provider: testProvider(regionAlias(spec.region), spec.region),
      write(dir) {
        for (const [rel, text] of modules[i]) {
          if (rel.startsWith('tests/') || rel.startsWith('examples/')) continue;
          fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
          fs.writeFileSync(path.join(dir, rel), text);
        }
        const args = moduleArgumentList(spec).filter(([name]) => i % 2 === 0 || (name !== 'endpoints' && name !== 'name_prefix'));
        // The construct alone has no pre-flight checks (they are the stack's): the module's are off here.
        return `  providers = {\n    aws = aws.${regionAlias(spec.region)}\n  }\n  preflight_checks = false\n${args.map(([name, value]) => `  ${name} = ${hclValue(value)}\n`).join('')}`;
      },
    });
  });
  const planned = await planChildren(children);

  const cdktf = new Map<number, PlannedResource[]>();
  for (const region of regions) {
    for (const change of planned.get(`cdktf_${regionAlias(region)}`)!) {
      const i = Number(/\.fuzz(\d+)_/.exec(change.address)?.[1]);
      cdktf.set(i, [...(cdktf.get(i) ?? []), change]);
    }
  }
  sample.forEach(({ spec, input }, i) => {
    const hcl = planned.get(`hcl${i}`)!;
    const diff = differences(canonicalize(cdktf.get(i) ?? []), canonicalize(hcl), ['cdktf', 'module']);
    expect({ seed: SEED, sample: i, input, diff }).toEqual({ seed: SEED, sample: i, input, diff: [] });
    const s = input.structure;
    const created = s.createSecurityGroup ?? s.securityGroupCount === 0;
    for (const changes of [cdktf.get(i)!, hcl]) {
      const api = changes.find((c) => c.type === 'aws_vpc_endpoint' && c.change.after?.service_name === ecrApiService(spec))!.change.after!;
      const group = changes.find((c) => c.type === 'aws_security_group')?.change.after;
      const count = (type: string) => changes.filter((c) => c.type === type).length;
      const read = {
        tags: entries(api.tags as Record<string, string>),
        groupName: group?.name,
        policy: api.policy ?? undefined,
        endpoints: changes.filter((c) => c.type === 'aws_vpc_endpoint').map((c) => c.change.after!.service_name).sort(),
        groups: count('aws_security_group'),
        rules: count('aws_vpc_security_group_ingress_rule'),
        routes: count('aws_vpc_endpoint_route_table_association'),
      };
      expect({ seed: SEED, sample: i, read }).toEqual({
        seed: SEED,
        sample: i,
        read: {
          tags: entries(nfcMap({ ...input.tags, Name: endpointName(spec.namePrefix, 'ecr_api') })),
          groupName: created ? securityGroupName(spec.namePrefix) : undefined,
          policy: spec.endpoints.find((e) => e.key === 'ecr_api')!.policy,
          endpoints: spec.endpoints.map((e) => e.serviceName).sort(),
          groups: created ? 1 : 0,
          rules: created ? s.cidrCount + s.sourceGroupCount : 0,
          routes: s.routeTableCount,
        },
      });
    }
  });
});

test("the module's own validations agree with the TypeScript validation on the fuzzed tags, name prefixes and policies, and jsonencode writes each policy as canonicalJson does", async () => {
  const verdicts: Verdicts = { tags: [], prefixes: [], policies: [] };
  for (const input of population()) recordVerdicts(input, verdicts);
  verdictCount = verdicts.tags.length + verdicts.prefixes.length + verdicts.policies.length;
  // The validation conditions of variables.tf, each variable replaced by a fuzzed literal; no provider, one apply.
  const conditions = (name: string, only?: (condition: string) => boolean) =>
    MODULE_VARIABLES.find((v) => v.name === name)!.validations.map((v) => v.condition).filter((c) => !only || only(c));
  const check = (name: string, literal: string, only?: (condition: string) => boolean) =>
    `alltrue([${conditions(name, only).map((c) => `(${c.split(`var.${name}`).join(`(${literal})`)})`).join(', ')}])`;
  const policyConditions = (c: string) => c.includes('endpoint.policy');
  const docs = acceptedConfigurations().flatMap(({ spec }) => spec.endpoints.filter((e) => e.policy).map((e) => e.policy!)).slice(0, 80);

  let main = '';
  const output = (name: string, value: string) => (main += `output "${name}" {\n  value = ${value}\n}\n\n`);
  verdicts.tags.forEach((t, i) => output(`tags_${i}`, check('tags', hclValue(t.value))));
  verdicts.prefixes.forEach((p, i) => output(`prefix_${i}`, check('name_prefix', hclValue(p.value))));
  verdicts.policies.forEach((p, i) => output(`policy_${i}`, check('endpoints', hclValue({ ecr_api: { policy: p.value } }), policyConditions)));
  docs.forEach((doc, i) => output(`jsonencode_${i}`, `jsonencode(${hclValue(JSON.parse(doc))})`));
  const dir = tempDir('fuzz-expressions');
  fs.writeFileSync(path.join(dir, 'main.tf'), main);
  await terraform(dir, ['init', '-input=false', '-no-color']);
  await terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock=false']);
  const out = JSON.parse((await terraform(dir, ['output', '-json'])).stdout) as Record<string, { value: unknown }>;

  expect(verdictCount).toBeGreaterThanOrEqual(50);
  verdicts.tags.forEach((t, i) => expect({ seed: SEED, tags: t.value, module: out[`tags_${i}`].value }).toEqual({ seed: SEED, tags: t.value, module: t.ok }));
  verdicts.prefixes.forEach((p, i) => expect({ seed: SEED, prefix: p.value, module: out[`prefix_${i}`].value }).toEqual({ seed: SEED, prefix: p.value, module: p.ok }));
  verdicts.policies.forEach((p, i) => expect({ seed: SEED, policy: p.value, module: out[`policy_${i}`].value }).toEqual({ seed: SEED, policy: p.value, module: p.ok }));
  docs.forEach((doc, i) => expect({ seed: SEED, jsonencode: out[`jsonencode_${i}`].value }).toEqual({ seed: SEED, jsonencode: doc }));
});
