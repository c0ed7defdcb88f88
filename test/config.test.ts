/**
 * Rules and messages of lib/model/config.ts, in process (the command line's
 * end-to-end view of the same messages is in cli.test.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { PROFILES, profileEndpoints } from '../lib/model/catalog';
import { cidrProblem, ConfigError, formatPath, jsonSyntaxError, loadConfig, parseConfig, parseText, readConfigText, resolveConfig, schemaProblems, suggest, validateConfig, type Problem } from '../lib/model/config';
import { CONFIG_SCHEMA, type JsonSchema } from '../lib/model/schema';
import { starterConfig } from '../bin/cli/starter-config';
import { EXAMPLE_CONFIG } from './support/cases';

/** The fs module itself (the import above is a copy of its bindings), so that a spy reaches the code under test. */
const nodeFs: typeof fs = require('fs');

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

// ---------------------------------------------------------------------------
// Mutation-testing kill points of lib/model/config.ts and lib/model/schema.ts:
// each expected value below is written out by hand (the schema's, in the
// committed schema file).
// ---------------------------------------------------------------------------

/** The message a ConfigError of `fn` gives, or 'accepted'. */
function thrown(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

describe('reading the file: why it cannot be read, its size, its bytes', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-read-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a folder, a missing file, a path through a file, a symbolic link loop, a name too long, a pipe', () => {
    expect(thrown(() => loadConfig(dir))).toBe(`${dir}: is a folder, not a configuration file; name a .yaml, .yml or .json file`);
    const missing = path.join(dir, 'missing.yaml');
    expect(thrown(() => loadConfig(missing))).toBe(`${missing}: no such file; create one with \`ecs-privatelink init\` or point ECS_PRIVATELINK_CONFIG at an existing file`);
    const plain = path.join(dir, 'plain.yaml');
    fs.writeFileSync(plain, BASE);
    const through = path.join(plain, 'c.yaml');
    expect(thrown(() => loadConfig(through))).toBe(`${through}: no such file: a folder in the path is a file; check the path`);
    const loop = path.join(dir, 'loop.yaml');
    fs.symlinkSync('loop.yaml', loop);
    expect(thrown(() => loadConfig(loop))).toBe(`${loop}: cannot be read: the path has a symbolic link loop`);
    const long = path.join(dir, `${'n'.repeat(300)}.yaml`);
    expect(thrown(() => loadConfig(long))).toBe(`${long}: cannot be read: the name is too long; check the path`);
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(thrown(() => loadConfig(fifo))).toBe(`${fifo}: is not a regular file (a device, pipe or socket); name a .yaml, .yml or .json file`);
  });

  test('reads a file of exactly 10 MiB and refuses one byte more', () => {
    const exact = path.join(dir, 'exact.yaml');
    fs.writeFileSync(exact, Buffer.alloc(10 * 1024 * 1024, ' '));
    expect(readConfigText(exact).length).toBe(10485760);
    expect(thrown(() => loadConfig(exact))).toBe(`${exact}: is empty; it needs at least region and vpcId (\`ecs-privatelink init\` writes a commented starter file)`);
    const over = path.join(dir, 'over.yaml');
    fs.writeFileSync(over, Buffer.alloc(10 * 1024 * 1024 + 1, ' '));
    expect(thrown(() => readConfigText(over))).toBe(
      `${over}: is larger than 10 MiB (the largest configuration file read; a fleet of 10,000 VPCs is about 1 MiB); split it or remove what it does not need`,
    );
    fs.rmSync(exact);
    fs.rmSync(over);
  });

  // A file of /proc says its size is 0: the reader grows its buffer as it reads, and must keep every byte.
  (fs.existsSync('/proc/version') ? test : test.skip)('reads a file whose size is unknown until read (/proc/version) whole', () => {
    const text = readConfigText('/proc/version');
    expect(fs.statSync('/proc/version').size).toBe(0);
    expect(text.startsWith('Linux version ')).toBe(true);
    expect(text).toBe(fs.readFileSync('/proc/version', 'utf8'));
  });

  test('a Unix socket named as the configuration: not a regular file, and never opened', async () => {
    const socket = path.join(dir, 'socket.yaml');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(thrown(() => loadConfig(socket))).toBe(`${socket}: is not a regular file (a device, pipe or socket); name a .yaml, .yml or .json file`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a file swapped for a pipe between the look at it and its opening: refused on the open file, not read', () => {
    const fifo = path.join(dir, 'swapped.yaml');
    execFileSync('mkfifo', [fifo]);
    const regular = path.join(dir, 'regular.yaml');
    fs.writeFileSync(regular, BASE);
    const stat = nodeFs.statSync;
    // The look (statSync) still saw the regular file that was there.
    jest.spyOn(nodeFs, 'statSync').mockImplementation(((file: fs.PathLike, options?: fs.StatSyncOptions) => stat(String(file) === fifo ? regular : file, options)) as typeof fs.statSync);
    try {
      expect(thrown(() => readConfigText(fifo))).toBe(`${fifo}: is not a regular file (a device, pipe or socket); name a .yaml, .yml or .json file`);
    } finally {
      jest.restoreAllMocks();
    }
  });

  test('a file that grows past 10 MiB while it is read (its size said small when opened): refused, not read cut short', () => {
    const growing = path.join(dir, 'growing.yaml');
    fs.writeFileSync(growing, '');
    fs.truncateSync(growing, 10 * 1024 * 1024 + 100); // sparse: zeros
    const fstat = nodeFs.fstatSync;
    jest.spyOn(nodeFs, 'fstatSync').mockImplementation(((fd: number, options?: fs.StatSyncOptions) => Object.assign(fstat(fd, options) as fs.Stats, { size: 10 })) as typeof fs.fstatSync);
    try {
      expect(thrown(() => readConfigText(growing))).toBe(
        `${growing}: is larger than 10 MiB (the largest configuration file read; a fleet of 10,000 VPCs is about 1 MiB); split it or remove what it does not need`,
      );
    } finally {
      jest.restoreAllMocks();
    }
    fs.rmSync(growing);
  });

  test('a file of exactly 10 MiB that grows while it is read (its size said 9 bytes when opened: the buffer doubles to exactly 10 MiB): read whole', () => {
    const exact = path.join(dir, 'exact-growing.yaml');
    fs.writeFileSync(exact, Buffer.alloc(10 * 1024 * 1024, ' '));
    const fstat = nodeFs.fstatSync;
    jest.spyOn(nodeFs, 'fstatSync').mockImplementation(((fd: number, options?: fs.StatSyncOptions) => Object.assign(fstat(fd, options) as fs.Stats, { size: 9 })) as typeof fs.fstatSync);
    try {
      expect(readConfigText(exact).length).toBe(10 * 1024 * 1024);
    } finally {
      jest.restoreAllMocks();
    }
    fs.rmSync(exact);
  });

  test('reading the configuration leaves no file descriptor open, read or refused', () => {
    const plain = path.join(dir, 'fds.yaml');
    fs.writeFileSync(plain, BASE);
    const big = path.join(dir, 'fds-big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 10 * 1024 * 1024 + 1);
    const open = () => fs.readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) {
      expect(readConfigText(plain)).toBe(BASE);
      expect(thrown(() => readConfigText(big))).toMatch(/: is larger than 10 MiB/);
    }
    expect(open()).toBe(before);
    fs.rmSync(big);
  });

  test.each([
    ['EACCES', 'cannot be read (permission denied); check the file permissions'],
    ['EPERM', 'cannot be read (permission denied); check the file permissions'],
    ['EISDIR', 'is a folder, not a configuration file; name a .yaml, .yml or .json file'],
    ['EIO', 'cannot be read (an input/output error of the device); try again or copy the file elsewhere'],
    ['EBUSY', 'cannot be read (the device is busy); try again or copy the file elsewhere'],
    ['ENXIO', 'cannot be read (ENXIO)'],
    [undefined, 'cannot be read (the disk said no)'],
  ])('the file system says %s: %s', (code, message) => {
    const file = path.join(dir, 'said.yaml');
    fs.writeFileSync(file, BASE);
    jest.spyOn(nodeFs, 'openSync').mockImplementation(() => {
      throw Object.assign(new Error('the disk said no'), code === undefined ? {} : { code });
    });
    try {
      expect(thrown(() => readConfigText(file))).toBe(`${file}: ${message}`);
    } finally {
      jest.restoreAllMocks();
    }
  });

  test('a NUL as the very first byte is found, at line 1', () => {
    const nul = path.join(dir, 'nul.yaml');
    fs.writeFileSync(nul, `\u0000${BASE}`);
    expect(thrown(() => loadConfig(nul))).toBe(`${nul}:1: holds a NUL character, so it is binary data, not text; a configuration file is YAML or JSON saved as UTF-8`);
  });
});

describe('JSON text: the extension in any case, the byte order mark, the scanner', () => {
  test('a .JSON file is read as JSON, and a column is counted without the byte order mark', () => {
    const expected = 'is not valid JSON: expected a value (a string in double quotes, a number, true, false, null, an object or a list), found "}" (column 12)';
    expect(messages('{"region": }', 'C.JSON')).toEqual([`C.JSON:1: ${expected}`]);
    expect(messages('\uFEFF{"region": }', 'c.json')).toEqual([`c.json:1: ${expected}`]);
  });

  test('a byte order mark anywhere but at the start is not JSON: found where it is', () => {
    expect(messages('{"region":\uFEFF "eu-west-1"}', 'c.json')).toEqual([
      'c.json:1: is not valid JSON: expected a value (a string in double quotes, a number, true, false, null, an object or a list), found "\uFEFF" (column 11)',
    ]);
    expect(messages('\uFEFF{"region":\uFEFF "eu-west-1"}', 'c.json')).toEqual([
      'c.json:1: is not valid JSON: expected a value (a string in double quotes, a number, true, false, null, an object or a list), found "\uFEFF" (column 11)',
    ]);
  });

  // The oracle is JSON.parse: the scanner finds an error exactly when JSON.parse throws.
  test.each([
    '12', '105', '1.25', '-12.75', '1e10', '1E+10', '2.5e-3', '-0', '0.125',
    '01', '1.', '.5', '-', '1e', '1e+', '--1', '+1', '0x10', 'x1', 'a1', '1 2',
    '"\\u00E9\\u00e9"', '"\\uABCD"', '"\\u12G4"', '"\\u123"', '"\\x1234"', '"\\a"', '"\\/\\b\\f\\n\\r\\t"', '"\\q0000"',
    '\u00a01', '\v1', '1\f', ' [1, 2 ] ', '{"a" : 1 , "b":[true,false,null]}', '{"a":1,}', '[1,]',
  ])('jsonSyntaxError(%j) finds an error exactly when JSON.parse does', (text) => {
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    expect({ text, error: jsonSyntaxError(text) !== undefined }).toEqual({ text, error: !parses });
  });

  test('a ConfigError is named ConfigError', () => {
    let err: unknown;
    try {
      parseConfig('', 'c.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).name).toBe('ConfigError');
    expect(String(err)).toMatch(/^ConfigError: c\.yaml: is empty/);
  });

  test.each([
    ['{"a" 1}', { offset: 5, message: 'expected \':\' after the property name, found "1"' }],
    ['[1 2]', { offset: 3, message: 'expected \',\' or \']\', found "2"' }],
    ['{"a": 1 "b"}', { offset: 8, message: 'expected \',\' or \'}\', found "\\""' }],
    ['"abc', { offset: 4, message: 'expected a closing \'"\', found the end of the file' }],
    ['"\\x"', { offset: 1, message: 'an invalid escape "\\\\x" inside a string' }],
    ['"\\u12G4"', { offset: 1, message: 'an invalid escape "\\\\u" inside a string' }],
    ['"a\u0001"', { offset: 2, message: 'a control character ("\\u0001") inside a string; write it as an escape like \\n or \\t' }],
    ['-', { offset: 0, message: 'expected a value (a string in double quotes, a number, true, false, null, an object or a list), found "-"' }],
    ['tru', { offset: 0, message: 'expected a value (a string in double quotes, a number, true, false, null, an object or a list), found "t"' }],
    ['', { offset: 0, message: 'expected a value (a string in double quotes, a number, true, false, null, an object or a list), found the end of the file' }],
    ['1.', { offset: 1, message: 'unexpected "." after the end of the JSON value' }],
    ['01', { offset: 1, message: 'unexpected "1" after the end of the JSON value' }],
    ['1e', { offset: 1, message: 'unexpected "e" after the end of the JSON value' }],
    ['1.5.', { offset: 3, message: 'unexpected "." after the end of the JSON value' }],
    ['{,}', { offset: 1, message: 'expected a property name in double quotes (a trailing comma?), found ","' }],
    ['{"a":1,}', { offset: 7, message: 'expected a property name in double quotes (a trailing comma?), found "}"' }],
    ['[1,]', { offset: 3, message: 'expected a value (a string in double quotes, a number, true, false, null, an object or a list), found "]"' }],
  ])('jsonSyntaxError(%j)', (text, found) => {
    expect(jsonSyntaxError(text)).toEqual(found);
  });

  test.each(['"\\u00e9 \\n\\t\\"\\\\\\/\\b\\f\\r"', '-0.5e+10', '1E-5', '2.5', 'true', 'false', 'null', '{ }', '[ ]', '[1]', '{"a":[1,{"b":null}]}', ' \t\r\n1 \t\r\n'])('jsonSyntaxError(%j) finds nothing', (text) => {
    expect(jsonSyntaxError(text)).toBeUndefined();
  });
});

describe('the schema interpreter, on schema forms CONFIG_SCHEMA does not use', () => {
  const either: JsonSchema = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
  test.each([
    [{ a: 1 }, 'is a map; expected a string or a list'],
    [5, 'is a number (5); expected a string or a list'],
    [true, 'is a boolean (true); expected a string or a list'],
  ])('oneOf without x-expected, given %j: %s', (value, message) => {
    expect(schemaProblems({ x: value }, { type: 'object', properties: { x: either } })).toEqual([{ path: ['x'], message }]);
  });

  test('maxProperties without x-name or x-why, and with x-name only', () => {
    const three = { a: '1', b: '2', c: '3' };
    expect(schemaProblems(three, { type: 'object', maxProperties: 2 })).toEqual([{ path: [], message: 'has 3 entries; at most 2 are allowed' }]);
    expect(schemaProblems(three, { type: 'object', maxProperties: 2, 'x-name': 'label' })).toEqual([{ path: [], message: 'has 3 labels; at most 2 are allowed' }]);
  });

  test('numbers below a minimum or above a maximum, without x-expected', () => {
    expect(schemaProblems({ n: 0 }, { type: 'object', properties: { n: { type: 'number', minimum: 1 } } })).toEqual([{ path: ['n'], message: '0 is below 1; expected a number of at least 1' }]);
    expect(schemaProblems({ n: 11 }, { type: 'object', properties: { n: { type: 'number', maximum: 10 } } })).toEqual([{ path: ['n'], message: '11 is above 10; expected a number of at most 10' }]);
  });

  test('an enum of 20 values is listed in full; of 21, counted', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(schemaProblems('unrelated', { type: 'string', enum: values(20) })).toEqual([{ path: [], message: `"unrelated" is not allowed; allowed: ${values(20).join(', ')}` }]);
    expect(schemaProblems('unrelated', { type: 'string', enum: values(21) })).toEqual([{ path: [], message: '"unrelated" is not allowed; expected one of 21 values' }]);
  });

  test('a pattern without x-expected, and several types without it', () => {
    expect(schemaProblems('b', { type: 'string', pattern: '^a+$' })).toEqual([{ path: [], message: '"b" is not valid; expected a string matching ^a+$' }]);
    expect(schemaProblems(5, { type: 'object', properties: { x: { type: ['string', 'array'] } } })).toEqual([{ path: [], message: 'the file holds a number (5); expected a map of settings like "region: eu-west-1"' }]);
    expect(schemaProblems({ x: 5 }, { type: 'object', properties: { x: { type: ['string', 'array'] } } })).toEqual([{ path: ['x'], message: 'is a number (5); expected a string or a list' }]);
  });

  test('the hints of a type problem go only with the values they are about', () => {
    const field = (schema: JsonSchema, value: unknown) => schemaProblems({ x: value }, { type: 'object', properties: { x: schema } }).map((p) => p.message);
    // "put it in quotes" for a number or true/false where free text is expected, not for a list.
    expect(field({ type: 'string' }, 7)).toEqual(['is a number (7); expected a string; put it in quotes: "7"']);
    expect(field({ type: 'string' }, [1])).toEqual(['is a list; expected a string']);
    // x-number-hint is about text written as a number: only on a string's schema.
    expect(field({ type: 'boolean', 'x-number-hint': 'a hint for text written as a number' }, 5)).toEqual(['is a number (5); expected true or false']);
    // "without quotes" for the text true or false where true or false is expected, in any case, and nothing else.
    expect(field({ type: 'boolean' }, 'TRUE')).toEqual(['is a string ("TRUE"); expected true or false; write true without quotes']);
    expect(field({ type: 'boolean' }, 'not true')).toEqual(['is a string ("not true"); expected true or false']);
    expect(field({ type: 'boolean' }, 'falsely')).toEqual(['is a string ("falsely"); expected true or false']);
    expect(field({ type: 'number' }, 'true')).toEqual(['is a string ("true"); expected a number']);
    // x-expected words a list or a map's type problem only when the type is one of several.
    expect(field({ type: 'array', 'x-expected': 'a list of names' }, true)).toEqual(['is a boolean (true); expected a list']);
  });

  test('a required field without a description, or without a schema of its own', () => {
    expect(schemaProblems({}, { type: 'object', required: ['x', 'y'], properties: { x: { type: 'string' } } })).toEqual([
      { path: ['x'], message: 'is required' },
      { path: ['y'], message: 'is required' },
    ]);
  });
});

test('a pattern field written with blanks around it or in capitals: did you mean the tidy form', () => {
  expect(problems(BASE.replace('vpcId: vpc-0a1b2c3d4e5f67890', 'vpcId: " VPC-0A1B2C3D4E5F67890"'))).toEqual([
    {
      path: 'vpcId',
      line: 2,
      message: '" VPC-0A1B2C3D4E5F67890" is not valid; expected a VPC id: "vpc-" followed by 8 or 17 lowercase hexadecimal digits, like vpc-0123456789abcdef0; did you mean "vpc-0a1b2c3d4e5f67890"?',
    },
  ]);
});

test('an account id given as true or as a list gets no hint about quoting digits', () => {
  const expected = 'expected an AWS account id: 12 digits, like "111122223333"';
  expect(messages(`${BASE}allowedPrincipalAccountIds: [true, ["1"], 111122223333]\n`)).toEqual([
    `c.yaml:7: allowedPrincipalAccountIds[0]: is a boolean (true); ${expected}`,
    `c.yaml:7: allowedPrincipalAccountIds[1]: is a list; ${expected}`,
    `c.yaml:7: allowedPrincipalAccountIds[2]: is a number (111122223333); ${expected}; put it in quotes: YAML reads unquoted digits as a number and drops leading zeros`,
  ]);
});

test('profile none with nothing listed and no allowedCidrBlocks: only the empty set is reported', () => {
  const text = BASE.replace('profile: ecr-only', 'profile: none').replace('allowedCidrBlocks: [10.20.0.0/16]\n', '');
  expect(messages(text)).toEqual(['c.yaml:3: profile: is none, and neither endpoints nor customEndpoints lists an endpoint; list the endpoints you want, or choose a profile (ec2, fargate, ecr-only)']);
});

// The reader's path for a fleet VPC's field: as the validators write it, vpcs.<name> for a VPC name, quoted like any key otherwise.
test.each([
  ['prod-1', 'vpcs.prod-1.tags'],
  ['a.b', 'vpcs["a.b"].tags'],
  ['a b', 'vpcs["a b"].tags'],
  ['-x', 'vpcs["-x"].tags'],
  ['A', 'vpcs.A.tags'],
])('a reader problem in the fleet VPC %j is at %s', (name, at) => {
  expect(() => parseText(`vpcs:\n  ${JSON.stringify(name)}:\n    tags: !!binary aGVsbG8=\n`, 'f.yaml')).toThrow(
    new Error(`f.yaml:3: ${at}: is binary data (!!binary), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false`),
  );
});

test('formatPath keeps a key of 40 characters whole and shortens one of 41', () => {
  expect(formatPath(['tags', 'x'.repeat(40)])).toBe(`tags.${'x'.repeat(40)}`);
  expect(formatPath(['tags', 'x'.repeat(41)])).toBe(`tags.${'x'.repeat(37)}...`);
});

describe('the order of the problems, and a JSON file of blanks', () => {
  test('problems read top to bottom, those without a line last', () => {
    expect(messages(BASE.replace('routeTableIds: [rtb-0a1b2c3d4e5f60001]\n', '').replace('subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d, subnet-0a1b2c3d'))).toEqual([
      'c.yaml:4: subnetIds[1]: "subnet-0a1b2c3d" is listed twice',
      'c.yaml: routeTableIds: is required: the s3 gateway endpoint serves image layers through route tables; list the route tables of the private subnets',
    ]);
  });

  test('a .json file of spaces and newlines is empty, not invalid JSON', () => {
    expect(messages(' \n\t\n', 'c.json')).toEqual(['c.json: is empty; it needs at least region and vpcId (`ecs-privatelink init` writes a commented starter file)']);
  });
});

describe('the scanner of broken JSON stops at the depth the reader reads (100 levels), instead of running out of stack', () => {
  test('100 open lists: the end of the file; 101: too deep, at the 101st; deep objects alike', () => {
    expect(jsonSyntaxError('['.repeat(100))).toEqual({
      offset: 100,
      message: 'expected a value (a string in double quotes, a number, true, false, null, an object or a list), found the end of the file',
    });
    const tooDeep = 'nests maps or lists deeper than 100 levels, past which it is not read; a configuration needs a few';
    expect(jsonSyntaxError('['.repeat(100_000))).toEqual({ offset: 100, message: tooDeep });
    expect(jsonSyntaxError(`${'{"a": '.repeat(100)}{`)).toEqual({ offset: 600, message: tooDeep });
    expect(jsonSyntaxError(`${'{"a": '.repeat(99)}{`)).toEqual({ offset: 595, message: 'expected a property name in double quotes (a trailing comma?), found the end of the file' });
  });
});

describe('a key "" is a field like any other: the rules across fields still run', () => {
  test('an unknown empty key is reported, and so is a missing routeTableIds', () => {
    const rest = 'region: eu-west-1\nvpcId: vpc-0a1b2c3d\nsubnetIds: [subnet-0a1b2c3d]\nallowedCidrBlocks: [10.0.0.0/16]\n';
    const required = 'c.yaml: routeTableIds: is required: the s3 gateway endpoint serves image layers through route tables; list the route tables of the private subnets';
    expect(messages(`"": x\n${rest}`)).toEqual([expect.stringMatching(/^c\.yaml:1: \[""\]: is not a known field; known fields: region, /), required]);
    expect(messages(`x: x\n${rest}`)).toEqual([expect.stringMatching(/^c\.yaml:1: x: is not a known field; known fields: region, /), required]);
  });
});

describe('field paths of the reader in a fleet file', () => {
  test('vpcs.<name> stays dotted for a hyphenated VPC name; a quoted key follows without a dot', () => {
    const binary = 'is binary data (!!binary), which a configuration cannot hold; write plain YAML: a map, a list, a string, a number, true/false';
    expect(messages('vpcs:\n  payments-prod:\n    tags:\n      t: !!binary AAAA\n')).toEqual([`c.yaml:4: vpcs.payments-prod.tags.t: ${binary}`]);
    expect(messages('vpcs:\n  a:\n    "x-y": !!binary AAAA\n')).toEqual([`c.yaml:3: vpcs.a["x-y"]: ${binary}`]);
    expect(messages('vpcs:\n  Pay-ments:\n    t: !!binary AAAA\n')).toEqual([`c.yaml:3: vpcs["Pay-ments"].t: ${binary}`]);
  });
});

describe('schema messages of each kind', () => {
  test('validateConfig names the file <config> by default', () => {
    expect(thrown(() => validateConfig({ region: 'eu-west-1', vpcId: 'vpc-0a1b2c3d', profile: 'ecr-only', subnetIds: ['subnet-0a1b2c3d'], routeTableIds: [] }))).toBe(
      [
        '<config>: routeTableIds: is empty: the s3 gateway endpoint serves image layers through route tables; list the route tables of the private subnets',
        '<config>: allowedCidrBlocks: is required: the security group created for the interface endpoints needs at least one source for HTTPS; give allowedCidrBlocks (usually the VPC CIDR) and/or allowedSecurityGroupIds',
      ].join('\n'),
    );
  });

  test('a number that is not finite (only from code: YAML and JSON cannot write one)', () => {
    const value = { region: 'eu-west-1', vpcId: 'vpc-0a1b2c3d', profile: 'ecr-only', subnetIds: ['subnet-0a1b2c3d'], routeTableIds: ['rtb-0a1b2c3d'], allowedCidrBlocks: ['10.0.0.0/16'], pricing: { natGatewayHourly: NaN } };
    expect(thrown(() => validateConfig(value))).toBe('<config>: pricing.natGatewayHourly: NaN is not a finite number');
    expect(thrown(() => validateConfig({ ...value, pricing: { natGatewayHourly: -Infinity } }))).toBe('<config>: pricing.natGatewayHourly: -Infinity is not a finite number');
  });

  test('an endpoints entry of neither branch shows a number or true, not a list', () => {
    const expected = 'expected an AWS short name like ecr.api, or a map like {service: ecr.api, serviceRegion: us-east-1}';
    expect(messages(`${BASE}endpoints: [42, true, [x]]\n`)).toEqual([
      `c.yaml:7: endpoints[0]: is a number (42); ${expected}`,
      `c.yaml:7: endpoints[1]: is a boolean (true); ${expected}`,
      `c.yaml:7: endpoints[2]: is a list; ${expected}`,
    ]);
  });

  test('a required field left empty is required, once', () => {
    expect(messages(BASE.replace('region: eu-west-1', 'region:'))).toEqual(['c.yaml:1: region: is required (AWS region of the VPC)']);
  });

  test('prices: 0 and 1000 are allowed, below 0 and above 1000 are not; a price in quotes is a string', () => {
    expect(messages(`${BASE}pricing:\n  natGatewayHourly: 0\n  natGatewayPerGb: 1000\n  interfaceEndpointHourly: -0.01\n  interfaceEndpointPerGb: 1000.5\n`)).toEqual([
      'c.yaml:10: pricing.interfaceEndpointHourly: -0.01 is below 0; expected a number from 0 to 1000: US dollars per endpoint per AZ-hour (interface endpoint), like 0.01',
      'c.yaml:11: pricing.interfaceEndpointPerGb: 1000.5 is above 1000; expected a number from 0 to 1000: US dollars per GB (interface endpoint data processed), like 0.01',
    ]);
    expect(messages(`${BASE}pricing:\n  natGatewayHourly: "0.05"\n`)).toEqual([
      'c.yaml:8: pricing.natGatewayHourly: is a string ("0.05"); expected a number from 0 to 1000: US dollars per gateway-hour (NAT gateway), like 0.045',
    ]);
  });

  test('strings: a long enum, too short with and without words for it, too long with and without a reason', () => {
    expect(messages(`${BASE}backend:\n  s3:\n    bucket: acme-state\n    region: eu-west-l\n`)).toEqual([
      'c.yaml:10: backend.s3.region: "eu-west-l" is not a known AWS region; expected one of 38 values; did you mean "eu-west-1"?',
    ]);
    expect(messages(`${BASE}backend:\n  local:\n    path: ""\n`)).toEqual(['c.yaml:9: backend.local.path: "" is too short; expected a relative path, like state/{name}.tfstate']);
    expect(messages(`${BASE}backend:\n  cloud:\n    organization: acme\n    project: ""\n`)).toEqual(['c.yaml:10: backend.cloud.project: "" is too short; expected at least 1 characters']);
    expect(messages(`${BASE}backend:\n  cloud:\n    organization: acme\n    project: ${'p'.repeat(40)}\n`)).toEqual([]);
    expect(messages(`${BASE}backend:\n  cloud:\n    organization: acme\n    project: ${'p'.repeat(41)}\n`)).toEqual(['c.yaml:10: backend.cloud.project: is 41 characters; at most 40 are allowed']);
    expect(messages(`${BASE}backend:\n  s3:\n    bucket: acme-state\n    key: ${'k'.repeat(1025)}\n`)).toEqual([
      'c.yaml:10: backend.s3.key: is 1025 characters; at most 1024 are allowed: the S3 limit for object keys',
    ]);
  });

  test('wrong types: the whole file true, an empty list item, a number or true for a list, "TRUE", a number for an enum, a list for a map', () => {
    expect(messages('true\n')).toEqual(['c.yaml:1: the file holds a boolean; expected a map of settings like "region: eu-west-1"']);
    expect(messages(BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', 'subnetIds: [~]'))).toEqual(['c.yaml:4: subnetIds[0]: is empty; expected a string']);
    expect(messages(BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', 'subnetIds: 42'))).toEqual([
      'c.yaml:4: subnetIds: is a number (42); expected a list; write a list, even of one item: [42]',
    ]);
    expect(messages(BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', 'subnetIds: true'))).toEqual(['c.yaml:4: subnetIds: is a boolean (true); expected a list']);
    expect(messages(`${BASE}allowAnyCidr: "TRUE"\n`)).toEqual(['c.yaml:7: allowAnyCidr: is a string ("TRUE"); expected true or false; write true without quotes']);
    expect(messages(`${BASE}createSecurityGroup: 1\n`)).toEqual(['c.yaml:7: createSecurityGroup: is a number (1); expected true or false']);
    expect(messages(BASE.replace('profile: ecr-only', 'profile: 42'))).toEqual(['c.yaml:3: profile: is a number (42); expected a string']);
    expect(messages(`${BASE}tags: [a]\n`)).toEqual(['c.yaml:7: tags: is a list; expected a map']);
  });
});

describe('rules across fields, message by message', () => {
  const NONE = 'region: eu-west-1\nvpcId: vpc-0a1b2c3d4e5f67890\nprofile: none\n';
  const S3_ONLY = `${NONE}endpoints: [s3]\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\n`;
  const SUBNET = 'subnetIds: [subnet-0a1b2c3d4e5f60001]\n';

  test('without endpoints, a bad CIDR block and a duplicate subnet are still reported, and nothing that needs the endpoint set', () => {
    expect(messages(`${NONE}allowedCidrBlocks: [10.0.0.1/16]\n`)).toEqual([
      'c.yaml:3: profile: is none, and neither endpoints nor customEndpoints lists an endpoint; list the endpoints you want, or choose a profile (ec2, fargate, ecr-only)',
      'c.yaml:4: allowedCidrBlocks[0]: "10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?',
    ]);
    expect(messages(`${NONE}subnetIds: [subnet-0a1b2c3d, subnet-0a1b2c3d]\nallowedCidrBlocks: [10.0.0.1/16]\n`)).toEqual([
      'c.yaml:3: profile: is none, and neither endpoints nor customEndpoints lists an endpoint; list the endpoints you want, or choose a profile (ec2, fargate, ecr-only)',
      'c.yaml:4: subnetIds[1]: "subnet-0a1b2c3d" is listed twice',
      'c.yaml:5: allowedCidrBlocks[0]: "10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?',
    ]);
  });

  test('a bad profile or endpoints item skips the rules that need the endpoint set (route tables of the s3 gateway here)', () => {
    const noRouteTables = BASE.replace('routeTableIds: [rtb-0a1b2c3d4e5f60001]\n', '');
    expect(messages(noRouteTables.replace('profile: ecr-only', 'profile: ecr-onl'))).toEqual([
      'c.yaml:3: profile: "ecr-onl" is not a known profile; allowed: ec2, fargate, ecr-only, none; did you mean "ecr-only"?',
    ]);
    expect(messages(`${noRouteTables}endpoints: [ecr-apix]\n`)).toEqual([
      'c.yaml:6: endpoints[0]: "ecr-apix" is not a known endpoint; allowed: ecr.api, ecr.dkr, s3, ecs, ecs-agent, ecs-telemetry, logs, secretsmanager, ssm, ssmmessages, ec2messages, kms, sts; did you mean "ecr.api"?',
    ]);
  });

  test('a list with a bad item is not also reported as a whole', () => {
    expect(messages(`${S3_ONLY}subnetIds: [subnet-bad]\n`)).toEqual([
      'c.yaml:6: subnetIds[0]: "subnet-bad" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0',
    ]);
  });

  test('a bad list item hides itself, not the duplicates of the others', () => {
    expect(messages(BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', 'subnetIds: [subnet-bad, subnet-0a1b2c3d, subnet-0a1b2c3d]'))).toEqual([
      'c.yaml:4: subnetIds[0]: "subnet-bad" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0',
      'c.yaml:4: subnetIds[2]: "subnet-0a1b2c3d" is listed twice',
    ]);
  });

  test('privateDns: for an endpoint that is not on; false where it is allowed', () => {
    expect(messages(`${BASE}privateDns:\n  logs: true\n`)).toEqual([
      'c.yaml:8: privateDns.logs: sets private DNS for logs, which is not among the endpoints (ecr.api, ecr.dkr, s3); add it to endpoints or remove this line',
    ]);
    const spec = parseConfig(`${BASE}privateDns:\n  ecr.api: false\n  ecr.dkr: true\n`, 'c.yaml');
    expect(spec.endpoints.map((e) => [e.key, e.privateDns])).toEqual([
      ['ecr_api', false],
      ['ecr_dkr', true],
      ['s3', undefined],
    ]);
  });

  test('the policy of a custom endpoint is checked, and resolved to canonical JSON', () => {
    expect(messages(`${BASE}customEndpoints:\n  - service: sqs\n    policy: '{"Version": "2012-10-17"'\n  - service: sns\n    policy: {Statement: []}\n`)).toEqual([
      'c.yaml:9: customEndpoints[0].policy: is not valid JSON: expected \',\' or \'}\', found the end of the file (character 25); write the policy document as a map, or as JSON text',
      'c.yaml:11: customEndpoints[1].policy: has no Version; a policy document needs Version "2012-10-17" (or the older "2008-10-17")',
    ]);
    const spec = parseConfig(`${BASE}customEndpoints:\n  - service: sqs\n    policy: {Version: "2012-10-17", Statement: {Effect: Allow, Principal: "*", Action: "sqs:*", Resource: "*"}}\n`, 'c.yaml');
    expect(spec.endpoints[3]).toEqual({
      key: 'sqs',
      service: 'sqs',
      type: 'Interface',
      serviceName: 'com.amazonaws.eu-west-1.sqs',
      privateDns: true,
      policy: '{"Statement":{"Action":"sqs:*","Effect":"Allow","Principal":"*","Resource":"*"},"Version":"2012-10-17"}',
      custom: true,
    });
  });

  test('subnets: both forms, an empty list of either, subnets without interface endpoints or with their own', () => {
    expect(messages(`${BASE}subnets:\n  - { id: subnet-0a1b2c3d4e5f60002, availabilityZone: eu-west-1a }\n`)).toEqual([
      'c.yaml:7: subnets: subnetIds and subnets are alternatives; keep subnets (it lets the one-subnet-per-zone rule be checked) and remove subnetIds',
    ]);
    const need = 'the interface endpoints (ecr.api, ecr.dkr) need subnets, one per Availability Zone; list the private subnets of your ECS instances or tasks';
    expect(messages(BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', 'subnetIds: []'))).toEqual([`c.yaml:4: subnetIds: is empty: ${need}`]);
    expect(messages(BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', 'subnets: []'))).toEqual([`c.yaml:4: subnets: is empty: ${need}`]);
    expect(messages(`${S3_ONLY}${SUBNET}`)).toEqual(['c.yaml:6: subnetIds: is set, but no interface endpoint is on; remove it or add interface endpoints']);
    expect(messages(`${NONE}${SUBNET}endpoints:\n  - { service: ecr.api, subnetIds: [subnet-0a1b2c3d4e5f60002] }\nallowedCidrBlocks: [10.0.0.0/16]\n`)).toEqual([
      'c.yaml:4: subnetIds: is set, but every interface endpoint (ecr.api) has subnetIds of its own; remove it',
    ]);
    const own = 'endpoints:\n  - { service: ecr.api, subnetIds: [subnet-0a1b2c3d4e5f60002] }\n  - { service: ecr.dkr, subnetIds: [subnet-0a1b2c3d4e5f60003] }\nallowedCidrBlocks: [10.0.0.0/16]\n';
    expect(messages(`${NONE}${SUBNET}${own}`)).toEqual(['c.yaml:4: subnetIds: is set, but every interface endpoint (ecr.api, ecr.dkr) has subnetIds of its own; remove it']);
    // Without shared subnets, nothing to remove.
    expect(messages(`${NONE}${own}`)).toEqual([]);
  });

  test('Availability Zones: checked against a well-formed region only; one subnet listed twice in a zone is a duplicate, not two subnets', () => {
    const subnets = (lines: string) => BASE.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]', `subnets:\n${lines}`);
    const one = '  - { id: subnet-0a1b2c3d4e5f60002, availabilityZone: eu-west-1a }';
    expect(messages(subnets(one).replace('region: eu-west-1', 'region: EU'))).toEqual([
      'c.yaml:1: region: "EU" is not valid; expected an AWS region name like eu-west-1 (known: 38 regions; a newer well-formed one is accepted with a warning)',
    ]);
    expect(messages(subnets(one).replace('region: eu-west-1', 'region: eu-west-9'))).toEqual([
      'c.yaml:5: subnets[0].availabilityZone: "eu-west-1a" is not an Availability Zone of eu-west-9; expected eu-west-9a, eu-west-9b, ...',
    ]);
    expect(messages(subnets(`${one}\n${one}`))).toEqual(['c.yaml:6: subnets[1].id: "subnet-0a1b2c3d4e5f60002" is listed twice']);
  });

  test('route tables: an empty list, or route tables without the gateway endpoint', () => {
    expect(messages(BASE.replace('routeTableIds: [rtb-0a1b2c3d4e5f60001]', 'routeTableIds: []'))).toEqual([
      'c.yaml:5: routeTableIds: is empty: the s3 gateway endpoint serves image layers through route tables; list the route tables of the private subnets',
    ]);
    expect(messages(`${NONE}${SUBNET}endpoints: [ecr.api]\nallowedCidrBlocks: [10.0.0.0/16]\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\n`)).toEqual([
      'c.yaml:7: routeTableIds: is set, but the s3 gateway endpoint is not on; remove it or add s3 to endpoints',
    ]);
  });

  test('security groups: sources without a created group, none at all, or groups without interface endpoints', () => {
    const notCreated = 'only applies to the security group ecs-privatelink creates, and none is created because securityGroupIds is given; add the rule to your own groups, or set createSecurityGroup: true';
    expect(messages(`${BASE}securityGroupIds: [sg-0a1b2c3d]\n`)).toEqual([`c.yaml:6: allowedCidrBlocks: ${notCreated}`]);
    expect(messages(`${BASE.replace('allowedCidrBlocks: [10.20.0.0/16]\n', '')}securityGroupIds: [sg-0a1b2c3d]\nallowedSecurityGroupIds: [sg-0a1b2c3e]\n`)).toEqual([
      `c.yaml:7: allowedSecurityGroupIds: ${notCreated}`,
    ]);
    expect(parseConfig(`${BASE}securityGroupIds: [sg-0a1b2c3d]\ncreateSecurityGroup: true\n`, 'c.yaml').createSecurityGroup).toBe(true);
    expect(messages(BASE.replace('allowedCidrBlocks: [10.20.0.0/16]', 'allowedSecurityGroupIds: [sg-0a1b2c3d]'))).toEqual([]);
    expect(messages(`${NONE}${SUBNET}endpoints: [ecr.api]\ncreateSecurityGroup: false\n`)).toEqual([
      'c.yaml: securityGroupIds: is required when createSecurityGroup is false: interface endpoints need a security group (ecr.api has none of its own)',
    ]);
    expect(messages(`${NONE}${SUBNET}endpoints: [ecr.api, ecr.dkr]\ncreateSecurityGroup: false\n`)).toEqual([
      'c.yaml: securityGroupIds: is required when createSecurityGroup is false: interface endpoints need a security group (ecr.api, ecr.dkr have none of their own)',
    ]);
    // A gateway endpoint has no security group: not named among those without one.
    expect(messages(`${NONE}${SUBNET}endpoints: [ecr.api, s3]\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\ncreateSecurityGroup: false\n`)).toEqual([
      'c.yaml: securityGroupIds: is required when createSecurityGroup is false: interface endpoints need a security group (ecr.api has none of its own)',
    ]);
    expect(messages(`${NONE}${SUBNET}endpoints:\n  - { service: ecr.api, securityGroupIds: [sg-0a1b2c3d] }\ncreateSecurityGroup: false\n`)).toEqual([]);
    expect(messages(`${S3_ONLY}createSecurityGroup: true\n`)).toEqual([
      'c.yaml:6: createSecurityGroup: is set, but no interface endpoint is on; security groups only apply to interface endpoints',
    ]);
    expect(messages(`${S3_ONLY}securityGroupIds: [sg-0a1b2c3d]\n`)).toEqual([
      'c.yaml:6: securityGroupIds: is set, but no interface endpoint is on; security groups only apply to interface endpoints',
    ]);
    expect(messages(`${S3_ONLY}createSecurityGroup: false\n`)).toEqual([]);
  });

  test('tags: "aws:" only as a prefix; control characters in a key or a value; a lone surrogate in a key', () => {
    expect(messages(`${BASE}tags:\n  x-aws:y: a\n  "tab\\tkey": b\n  "del\\x7fkey": c\n  v: "line\\nbreak"\n`)).toEqual([
      'c.yaml:9: tags["tab\\tkey"]: has a control character (newline, tab, ...); AWS rejects those in tag keys',
      'c.yaml:10: tags["del\u007fkey"]: has a control character (newline, tab, ...); AWS rejects those in tag keys',
      'c.yaml:11: tags.v: value "line\\nbreak" has a control character (newline, tab, ...); AWS rejects those in tag values',
    ]);
    const json = '{"region": "eu-west-1", "vpcId": "vpc-0a1b2c3d4e5f67890", "profile": "ecr-only", "subnetIds": ["subnet-0a1b2c3d4e5f60001"], "routeTableIds": ["rtb-0a1b2c3d4e5f60001"], "allowedCidrBlocks": ["10.20.0.0/16"], "tags": {"k\\udc00": "v"}}';
    expect(messages(json, 'c.json')).toEqual([
      'c.json:1: tags["k\\udc00"]: key holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape), which is not a character; AWS and Terraform take UTF-8 text only',
    ]);
  });
});

describe('cidrProblem', () => {
  const v4 = (cidr: string) => `"${cidr}" is not a valid IPv4 CIDR block; expected four numbers 0-255 and a prefix length 0-32, like 10.0.0.0/16`;
  const v6 = (cidr: string) => `"${cidr}" is not a valid IPv6 CIDR block; expected an address and a prefix length 0-128, like 2001:db8::/56`;
  const notCidr = (cidr: string) => `"${cidr}" is not a CIDR block; expected an address range like 10.0.0.0/16 (IPv4) or 2001:db8::/56 (IPv6)`;

  test.each(['10.0.0.0/16', '0.0.0.0/0', '255.255.255.255/32', '192.168.1.128/25', '2001:db8::/56', '::/0', '::1/128', '2001:db8::/128', '1:2:3:4:5:6:7:8/128', 'fe80::/10', '2001:DB8::/32', '1:2:3::5:6:7:8/128'])('accepts %s', (cidr) => {
    expect(cidrProblem(cidr)).toBeUndefined();
  });

  test.each([
    ['256.0.0.0/8', v4('256.0.0.0/8')],
    ['10.0.0.0/33', v4('10.0.0.0/33')],
    ['010.0.0.0/8', v4('010.0.0.0/8')],
    ['10.0.0.1/31', '"10.0.0.1/31" has host bits set; did you mean 10.0.0.0/31?'],
    ['192.168.1.129/25', '"192.168.1.129/25" has host bits set; did you mean 192.168.1.128/25?'],
    [' 10.0.0.0/16', notCidr(' 10.0.0.0/16')],
    ['10.0.0.0/16 ', notCidr('10.0.0.0/16 ')],
    ['x10.0.0.0/16', notCidr('x10.0.0.0/16')],
    ['10.0.0.0', notCidr('10.0.0.0')],
    ['abc/12', notCidr('abc/12')],
    ['g::/16', notCidr('g::/16')],
    ['2001:db8::1/56', '"2001:db8::1/56" has host bits set beyond the /56 prefix'],
    ['8000::/0', '"8000::/0" has host bits set beyond the /0 prefix'],
    ['2001:db8::/129', v6('2001:db8::/129')],
    ['1:2:3:4:5:6:7/64', v6('1:2:3:4:5:6:7/64')],
    ['1:2:3:4:5:6:7:8:9/64', v6('1:2:3:4:5:6:7:8:9/64')],
    ['1:2:3:4:5:6:7:8::/64', v6('1:2:3:4:5:6:7:8::/64')],
    ['1::2::3/64', v6('1::2::3/64')],
    ['12345::/16', v6('12345::/16')],
    ['2001:db8::/56x', notCidr('2001:db8::/56x')],
    // The :: stands for the groups between the two halves: here bits of group 2 fall outside a /16.
    ['1:2::0/16', '"1:2::0/16" has host bits set beyond the /16 prefix'],
    ['2001:db8::/1280', notCidr('2001:db8::/1280')],
    ['2001:db8::/56 ', notCidr('2001:db8::/56 ')],
  ])('refuses %j', (cidr, message) => {
    expect(cidrProblem(cidr)).toBe(message);
  });

  test('shows a value of up to 80 characters (quotes included) whole, a longer one cut at 77', () => {
    expect(cidrProblem('a'.repeat(78))).toBe(notCidr('a'.repeat(78)));
    expect(cidrProblem('a'.repeat(79))).toBe(`"${'a'.repeat(76)}... is not a CIDR block; expected an address range like 10.0.0.0/16 (IPv4) or 2001:db8::/56 (IPv6)`);
  });
});

describe('suggest: the nearest candidate, ignoring case, within a third of the length', () => {
  test.each([
    ['ab', ['ac', 'ad'], '; did you mean "ac"?'],
    ['SUBNETIDS', ['subnetIds'], '; did you mean "subnetIds"?'],
    ['abcdefghi', ['abcdef'], '; did you mean "abcdef"?'],
    ['abcdefghi', ['abcde'], ''],
    ['abcde', ['ab'], ''],
    ['x'.repeat(100), ['x'.repeat(99)], `; did you mean "${'x'.repeat(76)}...?`],
    ['x'.repeat(101), ['x'.repeat(100)], ''],
    ['abc', [], ''],
  ])('suggest(%j, %j)', (input, candidates, expected) => {
    expect(suggest(input, candidates)).toBe(expected);
  });
});

describe('the resolved Spec', () => {
  test('every field of a file that sets most of them', () => {
    const text = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
profile: fargate
subnets:
  - { id: subnet-0a1b2c3d4e5f60001, availabilityZone: eu-west-1a }
  - { id: subnet-0a1b2c3d4e5f60002, availabilityZone: eu-west-1b }
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.20.0.0/16]
allowedSecurityGroupIds: [sg-0a1b2c3d4e5f60009]
securityGroupIds: [sg-0a1b2c3d4e5f60008]
createSecurityGroup: true
endpoints:
  - service: kms
    ipAddressType: dualstack
    dnsOptions: { dnsRecordIpType: dualstack }
    timeouts: { create: 20m, delete: 5m }
    securityGroupIds: [sg-0a1b2c3d4e5f60007]
  - { service: ecr.api, serviceRegion: us-east-1, subnetIds: [subnet-0a1b2c3d4e5f60003] }
customEndpoints:
  - { service: sqs, privateDns: false }
privateDns: { logs: false }
tags: { team: payments }
namePrefix: pay
pricing: { natGatewayHourly: 0.05 }
allowedPrincipalOrgId: o-a1b2c3d4e5
`;
    expect(parseConfig(text, 'c.yaml')).toStrictEqual({
      region: 'eu-west-1',
      partition: 'aws',
      profile: 'fargate',
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      subnets: [
        { id: 'subnet-0a1b2c3d4e5f60001', availabilityZone: 'eu-west-1a' },
        { id: 'subnet-0a1b2c3d4e5f60002', availabilityZone: 'eu-west-1b' },
      ],
      pricing: { natGatewayHourly: 0.05 },
      routeTableIds: ['rtb-0a1b2c3d4e5f60001'],
      createSecurityGroup: true,
      securityGroupIds: ['sg-0a1b2c3d4e5f60008'],
      allowedCidrBlocks: ['10.20.0.0/16'],
      allowedSecurityGroupIds: ['sg-0a1b2c3d4e5f60009'],
      endpoints: [
        { key: 'ecr_api', service: 'ecr.api', type: 'Interface', serviceName: 'com.amazonaws.us-east-1.ecr.api', privateDns: true, subnetIds: ['subnet-0a1b2c3d4e5f60003'], serviceRegion: 'us-east-1' },
        { key: 'ecr_dkr', service: 'ecr.dkr', type: 'Interface', serviceName: 'com.amazonaws.eu-west-1.ecr.dkr', privateDns: true },
        { key: 's3', service: 's3', type: 'Gateway', serviceName: 'com.amazonaws.eu-west-1.s3' },
        { key: 'logs', service: 'logs', type: 'Interface', serviceName: 'com.amazonaws.eu-west-1.logs', privateDns: false },
        {
          key: 'kms',
          service: 'kms',
          type: 'Interface',
          serviceName: 'com.amazonaws.eu-west-1.kms',
          privateDns: true,
          securityGroupIds: ['sg-0a1b2c3d4e5f60007'],
          ipAddressType: 'dualstack',
          dnsOptions: { dnsRecordIpType: 'dualstack' },
          timeouts: { create: '20m', delete: '5m' },
        },
        { key: 'sqs', service: 'sqs', type: 'Interface', serviceName: 'com.amazonaws.eu-west-1.sqs', privateDns: false, custom: true },
      ],
      tags: { team: 'payments' },
      namePrefix: 'pay',
      s3EcrLayersOnly: false,
      allowedPrincipalAccountIds: [],
      allowedPrincipalOrgId: 'o-a1b2c3d4e5',
      name: 'ecs-privatelink-vpc-0a1b2c3d4e5f67890',
      stack: 'ecs-privatelink-vpc-0a1b2c3d4e5f67890',
      backend: { type: 'local' },
      adopt: { endpoints: {} },
    });
  });

  test('the defaults of a file that sets few fields', () => {
    const spec = parseConfig(BASE.replace('profile: ecr-only\n', ''), 'c.yaml');
    expect([spec.profile, spec.namePrefix, spec.createSecurityGroup, spec.subnets, spec.pricing, spec.tags]).toEqual(['ec2', 'ecs-privatelink', true, undefined, undefined, {}]);
    expect(Object.keys(spec)).not.toContain('subnets');
    expect(Object.keys(spec)).not.toContain('pricing');
    expect(Object.keys(spec)).not.toContain('allowedPrincipalOrgId');
  });
});

test('resolveConfig refuses a policy that validation would have refused', () => {
  const value = { region: 'eu-west-1', vpcId: 'vpc-0a1b2c3d', profile: 'ecr-only', subnetIds: ['subnet-0a1b2c3d'], routeTableIds: ['rtb-0a1b2c3d'], allowedCidrBlocks: ['10.0.0.0/16'], policies: { s3: { Statement: [] } } };
  expect(() => resolveConfig(value)).toThrow(new Error('a policy that validation refused reached resolve: has no Version; a policy document needs Version "2012-10-17" (or the older "2008-10-17")'));
});

describe('lib/model/schema.ts is the schema committed in schema/ (the reviewed golden that `ecs-privatelink schema` prints)', () => {
  test('the fields of one VPC, their rules and their words', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schema', 'privatelink.config.schema.json'), 'utf8'));
    expect(JSON.parse(JSON.stringify(CONFIG_SCHEMA.properties))).toEqual(committed.$defs.vpc.properties);
    expect([CONFIG_SCHEMA.type, CONFIG_SCHEMA.required, CONFIG_SCHEMA.additionalProperties]).toEqual([committed.$defs.vpc.type, committed.$defs.vpc.required, committed.$defs.vpc.additionalProperties]);
    expect([CONFIG_SCHEMA.$schema, CONFIG_SCHEMA.$id, CONFIG_SCHEMA.title]).toEqual([committed.$schema, committed.$id, committed.title]);
    expect(CONFIG_SCHEMA.description).toBe('VPC endpoints that let ECS and ECR work from private subnets without a NAT gateway');
  });
});
