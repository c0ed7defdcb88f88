/**
 * lib/model/policies.ts: canonical JSON as Terraform's jsonencode writes it, the
 * presets with partition- and region-correct ARNs, and the checks of a
 * user's policy document. That jsonencode really writes the same bytes is
 * checked through terraform in module-terraform.test.ts (the module's own
 * plan test) and fuzz.test.ts.
 */
import { PRINCIPAL_RESTRICTED_KEYS } from '../lib/model/catalog';
import {
  canonicalJson,
  checkPolicy,
  ecrLayerBucketObjectsArn,
  MAX_POLICY_CHARACTERS,
  NotJsonError,
  presetPolicies,
  principalPolicy,
  s3EcrLayersPolicy,
} from '../lib/model/policies';

describe('canonicalJson', () => {
  test('sorts keys by code point (UTF-8 byte order), at every level, without white space', () => {
    expect(canonicalJson({ b: 1, a: { z: true, y: null }, B: [{ d: 'x', c: 'y' }] })).toBe('{"B":[{"c":"y","d":"x"}],"a":{"y":null,"z":true},"b":1}');
    // JavaScript's default sort compares UTF-16 units and puts U+FFFF after an emoji; code points do not.
    expect(canonicalJson({ '\uffff': 1, '🚢': 2, é: 3, f: 4 })).toBe('{"f":4,"é":3,"\uffff":1,"🚢":2}');
  });

  test('escapes as jsonencode does: quotes, backslashes, <, >, &, control characters, U+2028 and U+2029', () => {
    expect(canonicalJson('a"b\\c<d>&e')).toBe('"a\\"b\\\\c\\u003cd\\u003e\\u0026e"');
    expect(canonicalJson('\b\f\n\r\t\u0000\u0001\u001f')).toBe('"\\b\\f\\n\\r\\t\\u0000\\u0001\\u001f"');
    expect(canonicalJson('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    // Left literal: DEL, C1 controls, other format characters, non-ASCII text, template sequences.
    expect(canonicalJson('\u007f\u0085\u202e é 🚢 ${aws:PrincipalAccount} %{x}')).toBe('"\u007f\u0085\u202e é 🚢 ${aws:PrincipalAccount} %{x}"');
  });

  test('writes strings and keys in Unicode NFC, the form Terraform stores', () => {
    expect(canonicalJson({ 'e\u0301': 'A\u030a' })).toBe('{"é":"Å"}');
  });

  test('rejects what JSON or Terraform cannot hold', () => {
    expect(() => canonicalJson({ a: '\ud800' })).toThrow(NotJsonError);
    expect(() => canonicalJson({ a: '\ud800' })).toThrow(/lone UTF-16 surrogate \(U\+D800\)/);
    expect(() => canonicalJson({ 'e\u0301': 1, é: 2 })).toThrow(/two keys that are the same text in Unicode NFC/);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/\$\.n is NaN/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/is a Date/);
    expect(() => canonicalJson({ u: undefined })).toThrow(/is undefined/);
  });

  test('orders keys that share a prefix by code point, the shorter first (found by StrykerJS)', () => {
    expect(canonicalJson({ ab: 1, b: 2, a: 3, aa: 4, 'a\u{1f6a2}': 5, 'a\uffff': 6 })).toBe('{"a":3,"aa":4,"ab":1,"a\uffff":6,"a\u{1f6a2}":5,"b":2}');
  });

  test('writes false and true, and objects without a prototype (found by StrykerJS)', () => {
    expect(canonicalJson([false, true])).toBe('[false,true]');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });

  test('names what cannot be written and where (found by StrykerJS)', () => {
    expect(() => canonicalJson({ list: [1, Number.NaN] })).toThrow(/^\$\.list\[1\] is NaN, which JSON cannot hold$/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/^\$\.f is a function, which JSON cannot hold$/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/^\$\.n is a bigint, which JSON cannot hold$/);
    expect(() => canonicalJson(undefined)).toThrow(/^\$ is undefined, which JSON cannot hold$/);
    expect(() => canonicalJson({ m: new Map() })).toThrow(/^\$\.m is a Map, which JSON cannot hold$/);
    // A prototype that has no constructor.
    expect(() => canonicalJson({ o: Object.create(Object.create(null) as object) as object })).toThrow(/^\$\.o is a special object, which JSON cannot hold$/);
  });

  test('tells a surrogate pair from a lone surrogate at the edges of both ranges (found by StrykerJS)', () => {
    // U+10000, U+103FF, U+10FC00 and U+10FFFF: pairs, whatever their first and last units.
    expect(canonicalJson('\ud800\udc00 \ud800\udfff \udbff\udc00 \udbff\udfff')).toBe('"\u{10000} \u{103ff} \u{10fc00} \u{10ffff}"');
    // A high surrogate before a character past the low range, a low one alone at the end of its range, one last in the text.
    expect(() => canonicalJson('\ud800\ue000')).toThrow(/\(U\+D800\)/);
    expect(() => canonicalJson('a\udfff')).toThrow(/\(U\+DFFF\)/);
    expect(() => canonicalJson('a\udbff')).toThrow(/\(U\+DBFF\)/);
  });

  test('keeps a "__proto__" key of a parsed document', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });
});

describe('presets', () => {
  test.each([
    ['eu-west-1', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-east-1', 'aws-us-gov'],
  ] as const)('the s3 preset in %s allows only s3:GetObject on the layer bucket, with arn:%s', (region, partition) => {
    expect(ecrLayerBucketObjectsArn(partition, region)).toBe(`arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`);
    expect(s3EcrLayersPolicy(partition, region)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'AllowEcrImageLayers', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*` }],
    });
    expect(presetPolicies({ region, partition, s3EcrLayersOnly: true })).toEqual({ s3: canonicalJson(s3EcrLayersPolicy(partition, region)) });
  });

  test('the principal preset allows principals of the accounts (sorted) or of the organization, one statement each', () => {
    const all = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
    expect(principalPolicy(['444455556666', '111122223333'], 'o-a1b2c3d4e5')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowPrincipalAccounts', ...all, Condition: { StringEquals: { 'aws:PrincipalAccount': ['111122223333', '444455556666'] } } },
        { Sid: 'AllowPrincipalOrganization', ...all, Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } } },
      ],
    });
    expect(principalPolicy([], 'o-a1b2c3d4e5')!).toEqual(expect.objectContaining({ Statement: [expect.objectContaining({ Sid: 'AllowPrincipalOrganization' })] }));
    expect(principalPolicy(['111122223333'], undefined)!).toEqual(expect.objectContaining({ Statement: [expect.objectContaining({ Sid: 'AllowPrincipalAccounts' })] }));
    expect(principalPolicy([], undefined)).toBeUndefined();
  });

  test('the principal preset goes to the ECR and ECS endpoints only, the same text for each', () => {
    const presets = presetPolicies({ region: 'eu-west-1', partition: 'aws', allowedPrincipalAccountIds: ['111122223333'] });
    expect(Object.keys(presets).sort()).toEqual([...PRINCIPAL_RESTRICTED_KEYS].sort());
    expect(new Set(Object.values(presets)).size).toBe(1);
    expect(presetPolicies({ region: 'eu-west-1', partition: 'aws' })).toEqual({});
  });

  test('a preset is canonical JSON, byte for byte', () => {
    expect(presetPolicies({ region: 'eu-west-1', partition: 'aws', s3EcrLayersOnly: true }).s3).toBe(
      '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*","Sid":"AllowEcrImageLayers"}],"Version":"2012-10-17"}',
    );
  });
});

describe('checkPolicy', () => {
  const statement = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
  const problem = (value: unknown) => {
    const result = checkPolicy(value);
    return 'problem' in result ? result.problem : undefined;
  };

  test('accepts a map or JSON text, with a statement or a list of them, and returns canonical JSON', () => {
    expect(checkPolicy({ Version: '2012-10-17', Statement: statement })).toEqual({ policy: canonicalJson({ Version: '2012-10-17', Statement: statement }) });
    expect(checkPolicy(JSON.stringify({ Statement: [statement], Version: '2008-10-17' }, null, 2))).toEqual({ policy: canonicalJson({ Version: '2008-10-17', Statement: [statement] }) });
  });

  test('rejects what is not a policy document, saying what is wrong', () => {
    expect(problem('{"Version": ')).toMatch(/^is not valid JSON: /);
    expect(problem('[1]')).toBe('is a list; expected a policy document: a map with Version and Statement');
    expect(problem({ Statement: statement })).toBe('has no Version; a policy document needs Version "2012-10-17" (or the older "2008-10-17")');
    expect(problem({ Version: '2012-10-18', Statement: statement })).toMatch(/^has Version "2012-10-18"; /);
    expect(problem({ Version: '2012-10-17' })).toBe('has no Statement; a policy document needs at least one statement');
    expect(problem({ Version: '2012-10-17', Statement: [] })).toBe('has an empty Statement list; a policy document needs at least one statement');
    expect(problem({ Version: '2012-10-17', Statement: ['x'] })).toBe('Statement[0] is not a map; a statement is a map with Effect, Action and Resource');
    expect(problem({ Version: '2012-10-17', Statement: { ...statement, Effect: 'allow' } })).toBe('Statement has Effect "allow"; allowed: Allow, Deny');
    expect(problem({ Version: '2012-10-17', Statement: statement, x: '\udc00' })).toMatch(/^cannot be written as JSON: .*lone UTF-16 surrogate/);
  });

  test('rejects JSON text that is not a map, a statement that is null, and a statement without Effect; accepts Deny (found by StrykerJS)', () => {
    expect(problem('null')).toBe('is null; expected a policy document: a map with Version and Statement');
    expect(problem('42')).toBe('is a number; expected a policy document: a map with Version and Statement');
    expect(problem('"text"')).toBe('is a string; expected a policy document: a map with Version and Statement');
    expect(problem(true)).toBe('is a boolean; expected a policy document: a map with Version and Statement');
    expect(problem({ Version: '2012-10-17', Statement: [statement, null] })).toBe('Statement[1] is not a map; a statement is a map with Effect, Action and Resource');
    expect(problem({ Version: '2012-10-17', Statement: { Action: '*' } })).toBe('Statement has no Effect; allowed: Allow, Deny');
    expect(problem({ Version: '2012-10-17', Statement: { ...statement, Effect: 'Deny' } })).toBeUndefined();
  });

  test('quotes JSON.parse on one line, and a value that cannot be written with its path less the leading $. (found by StrykerJS)', () => {
    // V8 quotes the text in its message: the line breaks and runs of spaces become one space each.
    expect(problem('x\n\n   y')).toMatch(/^is not valid JSON: [^\n]*"x y" is not valid JSON; write the policy document as a map, or as JSON text$/);
    expect(problem({ Version: '2012-10-17', Statement: statement, Condition: { n: Number.NaN } })).toBe('cannot be written as JSON: Condition.n is NaN, which JSON cannot hold');
    // A $ that does not start the message stays.
    expect(problem({ Version: '2012-10-17', Statement: statement, x: '$\udc00' })).toBe(
      'cannot be written as JSON: "$\\udc00" holds a lone UTF-16 surrogate (U+DC00), which is not a character',
    );
  });

  test(`rejects a policy over ${MAX_POLICY_CHARACTERS} characters, counted as AWS counts them`, () => {
    const sized = (n: number) => {
      const base = canonicalJson({ Version: '2012-10-17', Statement: { ...statement, Sid: '' } }).length;
      return { Version: '2012-10-17', Statement: { ...statement, Sid: 'x'.repeat(n - base) } };
    };
    expect(problem(sized(MAX_POLICY_CHARACTERS))).toBeUndefined();
    expect(problem(sized(MAX_POLICY_CHARACTERS + 1))).toBe(`is ${MAX_POLICY_CHARACTERS + 1} characters as JSON; AWS allows at most ${MAX_POLICY_CHARACTERS} in an endpoint policy`);
  });
});

test('the policy limit counts the characters of the canonical JSON, which is NFC: at the limit exactly, with a decomposed Å too, it is accepted; one more is refused', () => {
  const doc = (pad: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': pad } } }] });
  const skeleton = checkPolicy(doc('')) as { policy: string };
  const room = MAX_POLICY_CHARACTERS - [...skeleton.policy].length;
  expect(checkPolicy(doc('k'.repeat(room)))).toHaveProperty('policy');
  expect(checkPolicy(doc('k'.repeat(room + 1)))).toEqual({ problem: `is ${MAX_POLICY_CHARACTERS + 1} characters as JSON; AWS allows at most ${MAX_POLICY_CHARACTERS} in an endpoint policy` });
  // One code point more as written; canonicalJson writes NFC, where Å is one.
  const decomposed = `A\u030A${'k'.repeat(room - 1)}`;
  expect(checkPolicy(doc(decomposed))).toHaveProperty('policy');
});
