/**
 * Endpoint policies: the opt-in presets, the checks of a user's policy
 * document, and the canonical JSON both are written in.
 *
 * The construct computes the presets here, in TypeScript; the generated
 * module computes the same presets in HCL with `jsonencode`. The two must
 * produce the same bytes, so `canonicalJson` writes JSON exactly as
 * Terraform's `jsonencode` does: keys sorted by code point, no white space,
 * `<`, `>` and `&` escaped as `\u003c`, `\u003e` and `\u0026`, U+2028 and
 * U+2029 escaped, control characters as `\b`, `\f`, `\n`, `\r`, `\t` or
 * `\u00XX`, everything else literal. That is also the form the AWS provider
 * normalizes a planned policy to, so a canonical policy never shows a diff.
 */
import { PRINCIPAL_RESTRICTED_KEYS, type Partition } from './catalog';

/** The policy language versions AWS accepts. */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;

/** The version of the preset policies. */
export const POLICY_VERSION = '2012-10-17';

/** AWS: "The maximum size of an endpoint policy is 20,480 characters, including white space." */
export const MAX_POLICY_CHARACTERS = 20480;

/**
 * A string's length as Terraform and AWS see it: in Unicode code points (not UTF-16 units) of its NFC form
 * (Terraform normalizes every string it reads to NFC; the module's validations count the same way). A
 * decomposed "Å" (A + U+030A) is one character, not two (found by test/fuzz.test.ts, seed 560625114: a tag
 * key of 129 code points, 128 after NFC, was refused by the configuration reader and accepted by the module).
 */
export function terraformCharacters(text: string): number {
  return [...text.normalize('NFC')].length;
}

/** The S3 bucket ECR keeps image layers in, in a region; its objects are what image pulls download. */
export function ecrLayerBucketObjectsArn(partition: Partition, region: string): string {
  return `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`;
}

/** The s3 gateway preset (`s3EcrLayersOnly`): only `s3:GetObject` on the ECR layer bucket of the region. */
export function s3EcrLayersPolicy(partition: Partition, region: string): object {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: 'AllowEcrImageLayers',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: ecrLayerBucketObjectsArn(partition, region),
      },
    ],
  };
}

/**
 * The ECR/ECS preset: everything, but only for principals of the accounts
 * (`aws:PrincipalAccount`, sorted) or of the organization
 * (`aws:PrincipalOrgID`); one statement each, so either one allows.
 * Undefined when neither is given.
 */
export function principalPolicy(accountIds: readonly string[], orgId: string | undefined): object | undefined {
  const allow = (sid: string, key: string, values: string[]) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: '*',
    Action: '*',
    Resource: '*',
    Condition: { StringEquals: { [key]: values } },
  });
  const statements = [
    ...(accountIds.length > 0 ? [allow('AllowPrincipalAccounts', 'aws:PrincipalAccount', [...accountIds].sort())] : []),
    ...(orgId !== undefined ? [allow('AllowPrincipalOrganization', 'aws:PrincipalOrgID', [orgId])] : []),
  ];
  return statements.length > 0 ? { Version: POLICY_VERSION, Statement: statements } : undefined;
}

export interface PolicyPresetOptions {
  readonly region: string;
  readonly partition: Partition;
  readonly s3EcrLayersOnly?: boolean;
  readonly allowedPrincipalAccountIds?: readonly string[];
  readonly allowedPrincipalOrgId?: string;
}

/** The preset policy of each endpoint key that gets one, as canonical JSON. */
export function presetPolicies(options: PolicyPresetOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (options.s3EcrLayersOnly) out.s3 = canonicalJson(s3EcrLayersPolicy(options.partition, options.region));
  const principals = principalPolicy(options.allowedPrincipalAccountIds ?? [], options.allowedPrincipalOrgId);
  if (principals) {
    const text = canonicalJson(principals);
    for (const key of PRINCIPAL_RESTRICTED_KEYS) out[key] = text;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Canonical JSON
// ---------------------------------------------------------------------------

/** Thrown for a value that has no JSON form (a function, NaN, a lone surrogate, ...). */
export class NotJsonError extends Error {}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A JSON string literal as Terraform's `jsonencode` writes it, of the NFC form of `text`. */
export function canonicalString(text: string): string {
  const lone = loneSurrogate(text);
  if (lone !== undefined) {
    throw new NotJsonError(`${JSON.stringify(text)} holds a lone UTF-16 surrogate (U+${lone.toString(16).toUpperCase()}), which is not a character`);
  }
  let out = '"';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Code point order, which is the byte order of UTF-8 (Go's and Terraform's string order). */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * `value` as canonical JSON (see the file comment). Strings and keys are
 * written in Unicode NFC, as Terraform stores every string. Numbers are
 * written as JSON.stringify writes them, which is how the AWS provider
 * normalizes a policy. Throws NotJsonError for a value that has no JSON
 * form, and for an object with two keys that are equal in NFC.
 */
export function canonicalJson(value: unknown, at = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(`${at} is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${at}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new NotJsonError(`${at} is a ${proto?.constructor?.name ?? 'special object'}, which JSON cannot hold`);
      const entries = new Map<string, unknown>();
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        canonicalString(k); // lone surrogates
        const key = k.normalize('NFC');
        if (entries.has(key)) throw new NotJsonError(`${at} has two keys that are the same text in Unicode NFC (${JSON.stringify(key)}), which Terraform cannot tell apart`);
        entries.set(key, v);
      }
      const keys = [...entries.keys()].sort(byCodePoint);
      return `{${keys.map((k) => `${canonicalString(k)}:${canonicalJson(entries.get(k), `${at}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new NotJsonError(`${at} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot hold`);
  }
}

/** The code point of the first lone UTF-16 surrogate in `text`, if any. */
export function loneSurrogate(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return c;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return c;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Checking a user's policy document
// ---------------------------------------------------------------------------

/**
 * A policy document given as a map (YAML or JSON) or as JSON text, as its
 * canonical JSON; or the problem with it, in the user's terms. The rules:
 * valid JSON, an object with `Version` (one of POLICY_VERSIONS) and
 * `Statement` (a statement or a non-empty list of them, each with `Effect`
 * Allow or Deny), at most MAX_POLICY_CHARACTERS characters as canonical JSON.
 * The module's `endpoints` validations check the same.
 */
export function checkPolicy(value: unknown, jsonError?: (text: string) => string | undefined): { policy: string } | { problem: string } {
  let doc = value;
  if (typeof value === 'string') {
    try {
      doc = JSON.parse(value);
    } catch (err) {
      return { problem: `is not valid JSON: ${jsonError?.(value) ?? (err as Error).message.replace(/\s+/g, ' ')}; write the policy document as a map, or as JSON text` };
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { problem: `is ${Array.isArray(doc) ? 'a list' : doc === null ? 'null' : `a ${typeof doc}`}; expected a policy document: a map with Version and Statement` };
  }
  const document = doc as Record<string, unknown>;
  if (!(POLICY_VERSIONS as readonly unknown[]).includes(document.Version)) {
    const got = document.Version === undefined ? 'has no Version' : `has Version ${JSON.stringify(document.Version)}`;
    return { problem: `${got}; a policy document needs Version "${POLICY_VERSIONS[0]}" (or the older "${POLICY_VERSIONS[1]}")` };
  }
  const statement = document.Statement;
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (statements.length === 0) {
    return { problem: `${statement === undefined ? 'has no Statement' : 'has an empty Statement list'}; a policy document needs at least one statement` };
  }
  for (const [i, s] of statements.entries()) {
    const where = Array.isArray(statement) ? `Statement[${i}]` : 'Statement';
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return { problem: `${where} is not a map; a statement is a map with Effect, Action and Resource` };
    const effect = (s as Record<string, unknown>).Effect;
    if (effect !== 'Allow' && effect !== 'Deny') {
      return { problem: `${where} has ${effect === undefined ? 'no Effect' : `Effect ${JSON.stringify(effect)}`}; allowed: Allow, Deny` };
    }
  }
  let policy: string;
  try {
    policy = canonicalJson(document);
  } catch (err) {
    if (err instanceof NotJsonError) return { problem: `cannot be written as JSON: ${err.message.replace(/^\$\.?/, '')}` };
    throw err;
  }
  const characters = terraformCharacters(policy);
  if (characters > MAX_POLICY_CHARACTERS) {
    return { problem: `is ${characters} characters as JSON; AWS allows at most ${MAX_POLICY_CHARACTERS} in an endpoint policy` };
  }
  return { policy };
}
