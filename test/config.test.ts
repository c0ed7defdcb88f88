/**
 * Rules and messages of lib/model/config.ts, in process (the command line's
 * end-to-end view of the same messages is in cli.test.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROFILES, profileEndpoints } from '../lib/model/catalog';
import { ConfigError, formatPath, loadConfig, parseConfig, suggest, validateConfig, type Problem } from '../lib/model/config';
import { starterConfig } from '../bin/cli/starter-config';
import { EXAMPLE_CONFIG } from './support/cases';

const BASE = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
profile: ecr-only
subnetIds: [subnet-0a1b2c3d4e5f60001]
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.20.0.0/16]
`;

/** The problems parseConfig reports for `text`, or [] when it is valid. */
function problems(text: string, file = 'c.yaml'): Problem[] {
  try {
    parseConfig(text, file);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems;
  }
}

function messages(text: string, file = 'c.yaml'): string[] {
  try {
    parseConfig(text, file);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message.split('\n');
  }
}

const tags = (entries: [string, string][]) => `${BASE}tags:\n${entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('\n')}\n`;

describe('tag limits (AWS: keys 128 characters, values 256, 50 tags per resource)', () => {
  test('accepts a 128-character key, a 256-character value and 49 tags', () => {
    expect(problems(tags([['k'.repeat(128), 'v'.repeat(256)]]))).toEqual([]);
    expect(problems(tags(Array.from({ length: 49 }, (_, i) => [`t${i}`, 'x'] as [string, string])))).toEqual([]);
  });

  test('counts characters, not UTF-16 units: 128 emoji are a valid key', () => {
    expect(problems(tags([['🚢'.repeat(128), '🚢'.repeat(256)]]))).toEqual([]);
    expect(messages(tags([['🚢'.repeat(129), 'x']]))[0]).toContain('is a tag key of 129 characters; at most 128 are allowed: the AWS limit for tag keys');
  });

  test('rejects a 129-character key and a 257-character value, at their lines', () => {
    expect(messages(tags([['team', 'x'], ['k'.repeat(129), 'x']]))).toEqual([
      `c.yaml:9: tags.${'k'.repeat(37)}...: is a tag key of 129 characters; at most 128 are allowed: the AWS limit for tag keys`,
    ]);
    expect(messages(tags([['team', 'v'.repeat(257)]]))).toEqual([
      'c.yaml:8: tags.team: is a tag value of 257 characters; at most 256 are allowed: the AWS limit for tag values',
    ]);
  });

  test('rejects 50 tags: the Name tag makes 51', () => {
    expect(messages(tags(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'x'] as [string, string])))).toEqual([
      'c.yaml:7: tags: has 50 tags; at most 49 are allowed: AWS allows 50 tags per resource and ecs-privatelink adds a Name tag',
    ]);
  });

  test('rejects an empty key, aws: keys, a Name tag and a number value with a hint', () => {
    expect(messages(tags([['', 'x']]))).toEqual(['c.yaml:8: tags[""]: "" is too short for a tag key; expected a tag key of 1 to 128 characters, not starting with "aws:"']);
    expect(messages(tags([['AWS:cost', 'x']]))[0]).toContain('tags["AWS:cost"]: is not allowed: tag keys starting with "aws:" are reserved for AWS');
    expect(messages(`${BASE}tags:\n  cost: 4711\n  on: true\n`)).toEqual([
      'c.yaml:8: tags.cost: is a number (4711); expected a string; put it in quotes: "4711"',
      'c.yaml:9: tags.on: is a boolean (true); expected a string; put it in quotes: "true"',
    ]);
  });
});

describe('messages', () => {
  test('put the suggestion last, after what is allowed', () => {
    expect(messages(BASE.replace('eu-west-1', 'EU-West-1'))[0]).toMatch(/^c\.yaml:1: region: "EU-West-1" is not valid; expected an AWS region name like eu-west-1 .*; did you mean "eu-west-1"\?$/);
    expect(messages(BASE.replace('profile: ecr-only', 'profile: ec-2'))).toEqual([
      'c.yaml:3: profile: "ec-2" is not a known profile; allowed: ec2, fargate, ecr-only, none; did you mean "ec2"?',
    ]);
    expect(suggest('subnetId', ['subnetIds', 'subnets'])).toBe('; did you mean "subnetIds"?');
    expect(suggest('completely-different', ['subnetIds'])).toBe('');
  });

  test('suggest the lowercase form of an id that only differs by case or spaces', () => {
    expect(messages(BASE.replace('vpc-0a1b2c3d4e5f67890', 'VPC-0A1B2C3D4E5F67890'))[0]).toMatch(/; did you mean "vpc-0a1b2c3d4e5f67890"\?$/);
    expect(messages(BASE.replace('vpc-0a1b2c3d4e5f67890', 'vpc-nothex0'))[0]).not.toContain('did you mean');
  });

  test('give a line only to fields that are in the file', () => {
    const missing = problems(BASE.replace('routeTableIds: [rtb-0a1b2c3d4e5f60001]\n', ''));
    expect(missing).toEqual([expect.objectContaining({ path: 'routeTableIds', line: undefined })]);
    const listItem = problems(BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', 'subnetIds:\n  - subnet-0a1b2c3d4e5f60001\n  - subnet-0a1b2c3d4e5f60001'));
    expect(listItem).toEqual([expect.objectContaining({ path: 'subnetIds[1]', line: 6 })]);
  });

  test('explain wrong types with a fix', () => {
    expect(messages(BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', 'subnetIds: subnet-0a1b2c3d4e5f60001'))).toEqual([
      'c.yaml:4: subnetIds: is a string ("subnet-0a1b2c3d4e5f60001"); expected a list; write a list, even of one item: [subnet-0a1b2c3d4e5f60001]',
    ]);
    expect(messages(`${BASE}allowAnyCidr: "false"\n`)).toEqual(['c.yaml:7: allowAnyCidr: is a string ("false"); expected true or false; write false without quotes']);
    expect(messages(`${BASE}namePrefix:\n`)).toEqual(['c.yaml:7: namePrefix: is empty; give a value or remove the line']);
    expect(messages(`${BASE}subnets:\n  - id: subnet-0a1b2c3d\n    availabilityZone:\n`)[0]).toBe('c.yaml:9: subnets[0].availabilityZone: is required');
  });

  test('formatPath quotes odd keys and shortens very long ones', () => {
    expect(formatPath(['privateDns', 'ecr.dkr'])).toBe('privateDns["ecr.dkr"]');
    expect(formatPath(['subnets', 1, 'id'])).toBe('subnets[1].id');
    expect(formatPath(['tags', 'x'.repeat(50)])).toBe(`tags.${'x'.repeat(37)}...`);
  });
});

describe('files that are not a configuration', () => {
  test.each([
    ['', 'c.yaml: is empty; it needs at least region and vpcId'],
    ['# only a comment\n', 'c.yaml: is empty; it needs at least region and vpcId'],
    ['~\n', 'c.yaml: is empty; it needs at least region and vpcId'],
    ['- a\n- b\n', 'c.yaml:1: the file holds a list; expected a map of settings like "region: eu-west-1"'],
    ['42\n', 'c.yaml:1: the file holds a number (42); expected a map of settings like "region: eu-west-1"'],
  ])('rejects %j', (text, message) => {
    expect(messages(text)[0]).toContain(message);
  });

  test('JSON errors have a line and a column; a byte order mark is fine', () => {
    // Node 20 words this one without a position, and with a raw newline in it: the message must stay one line.
    expect(messages('{\n  "region": "eu-west-1",\n  "vpcId": }\n', 'c.json')).toEqual([
      'c.json:3: is not valid JSON: expected a value (a string in double quotes, a number, true, false, null, an object or a list), found "}" (column 12)',
    ]);
    expect(messages('{"region": "eu-west-1"} {}', 'c.json')).toEqual(['c.json:1: is not valid JSON: unexpected "{" after the end of the JSON value (column 25)']);
    expect(messages('{"region": "eu-\nwest-1"}', 'c.json')).toEqual([
      'c.json:1: is not valid JSON: a control character ("\\n") inside a string; write it as an escape like \\n or \\t (column 16)',
    ]);
    const json = JSON.stringify({ region: 'eu-west-1', vpcId: 'vpc-0a1b2c3d4e5f67890', profile: 'ecr-only', subnetIds: ['subnet-0a1b2c3d'], routeTableIds: ['rtb-0a1b2c3d'], allowedCidrBlocks: ['10.0.0.0/16'] });
    expect(parseConfig(`\uFEFF${json}`, 'c.json').region).toBe('eu-west-1');
  });

  test('rejects a file that is not UTF-8, at the line of the first bad byte', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-config-')), 'latin1.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from(BASE), Buffer.from('tags:\n  owner: Z\xfcrich\n', 'latin1')]));
    expect(() => loadConfig(file)).toThrow(`${file}:8: is not UTF-8 text (binary data or another encoding); a configuration file is YAML or JSON saved as UTF-8`);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});

describe('valid input', () => {
  test('the example and every starter file load, with the endpoints of their profile', () => {
    expect(loadConfig(EXAMPLE_CONFIG).endpoints).toHaveLength(6);
    for (const profile of PROFILES) {
      const spec = parseConfig(starterConfig(profile, './schema.json'), `${profile}.yaml`);
      expect(spec.endpoints.map((e) => e.service)).toEqual(profileEndpoints(profile).map((e) => e.service));
    }
  });

  test('validateConfig does not mutate its input', () => {
    const value = { region: 'eu-west-1', vpcId: 'vpc-0a1b2c3d', profile: 'ecr-only', subnetIds: ['subnet-0a1b2c3d'], routeTableIds: ['rtb-0a1b2c3d'], allowedCidrBlocks: ['10.0.0.0/16'], tags: { a: 'b' } };
    const copy = JSON.parse(JSON.stringify(value));
    validateConfig(value);
    expect(value).toEqual(copy);
  });
});

describe('endpoint policies and other rules of issue 6', () => {
  const STATEMENT = '{Effect: Allow, Principal: "*", Action: "*", Resource: "*"}';

  test('resolves the presets and an endpoint\'s own policy, as canonical JSON with IAM variables literal', () => {
    const spec = parseConfig(
      `${BASE}s3EcrLayersOnly: true\nallowedPrincipalAccountIds: ["444455556666", "111122223333"]\nallowedPrincipalOrgId: o-a1b2c3d4e5\n` +
        `policies:\n  ecr.dkr:\n    Version: "2012-10-17"\n    Statement:\n      - ${STATEMENT.replace('}', ', Condition: {StringEquals: {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}}')}\n`,
      'c.yaml',
    );
    expect(spec.s3EcrLayersOnly).toBe(true);
    expect(spec.allowedPrincipalAccountIds).toEqual(['444455556666', '111122223333']);
    expect(spec.allowedPrincipalOrgId).toBe('o-a1b2c3d4e5');
    expect(spec.endpoints.find((e) => e.key === 'ecr_dkr')!.policy).toBe(
      '{"Statement":[{"Action":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}},"Effect":"Allow","Principal":"*","Resource":"*"}],"Version":"2012-10-17"}',
    );
    expect(spec.endpoints.find((e) => e.key === 'ecr_api')!.policy).toBeUndefined();
    const plain = parseConfig(BASE, 'c.yaml');
    expect([plain.s3EcrLayersOnly, plain.allowedPrincipalAccountIds, plain.allowedPrincipalOrgId]).toEqual([false, [], undefined]);
  });

  test('a policy given as JSON text gives the same canonical JSON as the same map', () => {
    const asMap = parseConfig(`${BASE}policies:\n  s3: {Version: "2012-10-17", Statement: ${STATEMENT}}\n`, 'c.yaml');
    const asText = parseConfig(`${BASE}policies:\n  s3: '{"Statement": {"Resource": "*", "Action": "*", "Principal": "*", "Effect": "Allow"}, "Version": "2012-10-17"}'\n`, 'c.yaml');
    expect(asText.endpoints.find((e) => e.key === 's3')!.policy).toBe(asMap.endpoints.find((e) => e.key === 's3')!.policy);
  });

  test('rejects bad policies, ids and presets that have nothing to restrict, each at its line', () => {
    expect(
      messages(
        `${BASE}allowedPrincipalAccountIds: [111122223333, "11112222333", "111122223333"]\nallowedPrincipalOrgId: o-x\npolicies:\n  ecr.api: '{"Version": "2012-10-17"'\n  s3: {Statement: ${STATEMENT}}\n  logs: 42\n`,
      ),
    ).toEqual([
      'c.yaml:7: allowedPrincipalAccountIds[0]: is a number (111122223333); expected an AWS account id: 12 digits, like "111122223333"; put it in quotes: YAML reads unquoted digits as a number and drops leading zeros',
      'c.yaml:7: allowedPrincipalAccountIds[1]: "11112222333" is not valid; expected an AWS account id: 12 digits, like "111122223333"',
      'c.yaml:8: allowedPrincipalOrgId: "o-x" is not valid; expected an AWS Organizations id: "o-" followed by 10 to 32 lowercase letters or digits, like o-a1b2c3d4e5',
      'c.yaml:12: policies.logs: is a number (42); expected a policy document: a map with Version and Statement, or the same as JSON text',
    ]);
    expect(messages(`${BASE}allowedPrincipalAccountIds: ["111122223333", "111122223333"]\npolicies:\n  ecr.api: '{"Version": "2012-10-17"'\n  s3: {Statement: ${STATEMENT}}\n  logs: {Version: "2012-10-17", Statement: ${STATEMENT}}\n`)).toEqual([
      'c.yaml:7: allowedPrincipalAccountIds[1]: "111122223333" is listed twice',
      'c.yaml:9: policies["ecr.api"]: is not valid JSON: expected \',\' or \'}\', found the end of the file (character 25); write the policy document as a map, or as JSON text',
      'c.yaml:10: policies.s3: has no Version; a policy document needs Version "2012-10-17" (or the older "2008-10-17")',
      'c.yaml:11: policies.logs: sets a policy for logs, which is not among the endpoints (ecr.api, ecr.dkr, s3); add it to endpoints or remove this entry',
    ]);
    const gatewayOnly = BASE.replace('profile: ecr-only', 'profile: none\nendpoints: [s3]').replace('subnetIds: [subnet-0a1b2c3d4e5f60001]\n', '').replace('allowedCidrBlocks: [10.20.0.0/16]\n', '');
    expect(messages(`${gatewayOnly}allowedPrincipalOrgId: o-a1b2c3d4e5\n`)).toEqual([
      'c.yaml:6: allowedPrincipalOrgId: is set, but none of the endpoints it restricts (ecr.api, ecr.dkr, ecs, ecs-agent, ecs-telemetry) is on; remove it or add one of them to endpoints',
    ]);
    const noGateway = BASE.replace('profile: ecr-only', 'profile: none\nendpoints: [ecr.api, ecr.dkr]').replace('routeTableIds: [rtb-0a1b2c3d4e5f60001]\n', '');
    expect(messages(`${noGateway}s3EcrLayersOnly: true\n`)).toEqual([
      'c.yaml:7: s3EcrLayersOnly: is true, but the s3 gateway endpoint is not on; remove the line or add s3 to endpoints',
    ]);
  });

  test('rejects tag keys Terraform or CDKTF could not keep apart or keep at all, and text that is not Unicode', () => {
    expect(messages(tags([['e\u0301', 'x'], ['\u00e9', 'y']]))).toEqual([
      `c.yaml:9: tags["\u00e9"]: is the same text as the tag key "e\u0301" once accents are encoded alike (Unicode NFC, the form Terraform stores), so the two would be one tag; keep one of them`,
    ]);
    expect(messages(tags([['__proto__', 'x']]))[0]).toContain('tags.__proto__: cannot be a tag key with ecs-privatelink: CDKTF, which writes the configuration for Terraform, silently drops a key of that name');
    expect(messages(tags([['%', 'x'], ['%%', 'y'], ['a.%', 'z']]))).toEqual([
      'c.yaml:8: tags["%"]: cannot be a tag key with Terraform: the AWS provider keeps the number of entries of a map under the key "%", so it silently drops this tag from the endpoints and the security group; use another key',
    ]);
    const json = (t: string) => `{"region": "eu-west-1", "vpcId": "vpc-0a1b2c3d4e5f67890", "profile": "ecr-only", "subnetIds": ["subnet-0a1b2c3d4e5f60001"], "routeTableIds": ["rtb-0a1b2c3d4e5f60001"], "allowedCidrBlocks": ["10.20.0.0/16"], "tags": ${t}}`;
    expect(messages(json('{"k": "bad \\ud800 text"}'), 'c.json')).toEqual([
      'c.json:1: tags.k: value holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape), which is not a character; AWS and Terraform take UTF-8 text only',
    ]);
  });

  test('accepts 0.0.0.0/0 and ::/0 with allowAnyCidr: true, and only then', () => {
    const any = BASE.replace('allowedCidrBlocks: [10.20.0.0/16]', 'allowedCidrBlocks: [0.0.0.0/0, "::/0"]');
    expect(messages(any)).toHaveLength(2);
    expect(parseConfig(`${any}allowAnyCidr: true\n`, 'c.yaml').allowedCidrBlocks).toEqual(['0.0.0.0/0', '::/0']);
  });
});

test('tag keys named like Object.prototype members are checked like any other key (found by the fuzz test)', () => {
  expect(messages(tags([['constructor', 'v'.repeat(257)], ['toString', 'x'], ['hasOwnProperty', 'y']]))).toEqual([
    'c.yaml:8: tags.constructor: is a tag value of 257 characters; at most 256 are allowed: the AWS limit for tag values',
  ]);
  expect(parseConfig(tags([['constructor', 'x'], ['toString', 'y']]), 'c.yaml').tags).toEqual({ constructor: 'x', toString: 'y' });
});

test('lengths count characters as Terraform reads them (NFC): a decomposed Å is one character', () => {
  const base = fs.readFileSync(EXAMPLE_CONFIG, 'utf8');
  const withTag = (key: string) => base.replace(/^tags:\n/m, `tags:\n  ${JSON.stringify(key)}: x\n`);
  const decomposed = `A\u030A${'k'.repeat(127)}`; // 129 code points, 128 once NFC
  expect([...decomposed].length).toBe(129);
  expect(parseConfig(withTag(decomposed), 'c.yaml').tags).toEqual(expect.objectContaining({ [decomposed]: 'x' }));
  expect(() => parseConfig(withTag(`${decomposed}k`), 'c.yaml')).toThrow(/is a tag key of 129 characters; at most 128 are allowed/);
});
