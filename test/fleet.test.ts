/**
 * Fleets (lib/model/fleet.ts, generators/fleet.ts, writeFleet): the merge of
 * defaults and VPCs, the problems named by VPC, one stack per VPC, one root
 * per VPC, and the goldens of test/fleets/<name>/. That each VPC's stack and
 * root plan the same resources is in equivalence.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
import { FLEET_MODULE_DIR, moduleSpec, renderFleet, renderRoot } from '../generators/fleet';
import { renderModule } from '../generators/module';
import { ForeignFilesError, writeFleet } from '../generators/write';
import { ConfigError, loadConfig, type Problem } from '../lib/model/config';
import { loadFleet, parseFleet, stackName, type Fleet } from '../lib/model/fleet';
import { FLEET_VPC_SCHEMA, fileSchema } from '../lib/model/fleet-schema';
import { CONFIG_SCHEMA } from '../lib/model/schema';
import { addFleetStacks, DEFAULT_STACK_NAME } from '../lib/cdktf/stack';
import { EXAMPLE_CONFIG } from './support/cases';
import { loadFleetCases, synthFleet } from './support/fleets';
import { expectGoldenDir, listFiles } from './support/golden';

const cases = loadFleetCases();

const VPC_A = `    vpcId: vpc-0a1b2c3d4e5f60001
    subnetIds: [subnet-0a1b2c3d4e5f61001, subnet-0a1b2c3d4e5f61002]
    routeTableIds: [rtb-0a1b2c3d4e5f61001]`;
const VPC_B = `    vpcId: vpc-0a1b2c3d4e5f60002
    subnetIds: [subnet-0a1b2c3d4e5f62001]
    routeTableIds: [rtb-0a1b2c3d4e5f62001]`;
const FLEET = `defaults:
  region: eu-west-1
  allowedCidrBlocks: [10.0.0.0/8]
  tags: { team: platform, env: prod }
vpcs:
  b:
${VPC_B}
  a:
${VPC_A}
`;

function problems(text: string, file = 'fleet.yaml'): Problem[] {
  try {
    parseFleet(text, file);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems;
  }
}

function messages(text: string, file = 'fleet.yaml'): string[] {
  try {
    parseFleet(text, file);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message.split('\n');
  }
}

const temps: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-fleet-'));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).sort().map((rel) => [rel, fs.readFileSync(path.join(dir, rel), 'utf8')]));
}

// ---------------------------------------------------------------------------
// Goldens
// ---------------------------------------------------------------------------

describe.each(cases.map((c) => [c.name, c] as const))('fleet case %s', (_name, fleetCase) => {
  test('each stack matches stacks/<stack>/cdk.tf.json', () => {
    expectGoldenDir(path.join(fleetCase.dir, 'stacks'), new Map([...synthFleet(fleetCase.fleet)].map(([stack, json]) => [`${stack}/cdk.tf.json`, json])));
  });

  test('each root matches roots/<name>/main.tf, and the module is the one module rendered for the first VPC', async () => {
    const files = await renderFleet(fleetCase.fleet);
    const roots = new Map([...files].filter(([rel]) => rel.startsWith('roots/')).map(([rel, text]) => [rel.slice('roots/'.length), text]));
    expectGoldenDir(path.join(fleetCase.dir, 'roots'), roots);
    const module = await renderModule(moduleSpec(fleetCase.fleet));
    expect(new Map([...files].filter(([rel]) => rel.startsWith(`${FLEET_MODULE_DIR}/`)).map(([rel, text]) => [rel.slice(FLEET_MODULE_DIR.length + 1), text]))).toEqual(module);
  });
});

// ---------------------------------------------------------------------------
// The fleet form
// ---------------------------------------------------------------------------

describe('the fleet form', () => {
  test('a VPC is the defaults with its own fields on top, field by field: a list or a map set in the VPC replaces the default whole', () => {
    const fleet = parseFleet(
      FLEET.replace(`  a:\n${VPC_A}`, `  a:\n${VPC_A}\n    tags: { team: payments }\n    allowedCidrBlocks: [10.1.0.0/16, 10.2.0.0/16]`),
      'fleet.yaml',
    );
    const [a, b] = fleet.vpcs;
    expect(a.spec.tags).toEqual({ team: 'payments' });
    expect(a.spec.allowedCidrBlocks).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
    expect(b.spec.tags).toEqual({ team: 'platform', env: 'prod' });
    expect(b.spec.allowedCidrBlocks).toEqual(['10.0.0.0/8']);
    expect([a.spec.region, b.spec.region]).toEqual(['eu-west-1', 'eu-west-1']);
  });

  test('subnets in a VPC replace the default subnetIds; endpoints in a VPC add to the default profile, never replace it', () => {
    const text = `defaults:
  region: eu-west-1
  profile: fargate
  subnetIds: [subnet-0a1b2c3d4e5f69001]
  allowedCidrBlocks: [10.0.0.0/8]
  routeTableIds: [rtb-0a1b2c3d4e5f61001]
vpcs:
  a:
    vpcId: vpc-0a1b2c3d4e5f60001
    endpoints: [kms]
    subnets:
      - { id: subnet-0a1b2c3d4e5f61001, availabilityZone: eu-west-1a }
  b:
    vpcId: vpc-0a1b2c3d4e5f60002
`;
    const [a, b] = parseFleet(text, 'fleet.yaml').vpcs;
    expect(a.spec.endpoints.map((e) => e.key)).toEqual(['ecr_api', 'ecr_dkr', 's3', 'logs', 'kms']);
    expect(a.spec.subnetIds).toEqual(['subnet-0a1b2c3d4e5f61001']);
    expect(b.spec.endpoints.map((e) => e.key)).toEqual(['ecr_api', 'ecr_dkr', 's3', 'logs']);
    expect(b.spec.subnetIds).toEqual(['subnet-0a1b2c3d4e5f69001']);
  });

  test('the account hint is inherited or replaced whole, and is absent without one', () => {
    const text = FLEET.replace('  tags:', '  account: { assumeRoleArn: "arn:aws:iam::111111111111:role/deploy" }\n  tags:').replace(
      `  a:\n${VPC_A}`,
      `  a:\n${VPC_A}\n    account: { profile: payments }`,
    );
    const [a, b] = parseFleet(text, 'fleet.yaml').vpcs;
    // Strictly: no field the hint does not set, not even as undefined.
    expect(a.account).toStrictEqual({ profile: 'payments' });
    expect(b.account).toStrictEqual({ assumeRoleArn: 'arn:aws:iam::111111111111:role/deploy' });
    expect(parseFleet(FLEET, 'fleet.yaml').vpcs[0].account).toBeUndefined();
  });

  test('VPCs come in name order whatever the order of the file; stacks are ecs-privatelink-<name>', () => {
    const fleet = parseFleet(FLEET, 'fleet.yaml');
    expect(fleet.kind).toBe('fleet');
    expect(fleet.vpcs.map((v) => v.name)).toEqual(['a', 'b']);
    expect(fleet.vpcs.map((v) => stackName(fleet, v))).toEqual(['ecs-privatelink-a', 'ecs-privatelink-b']);
    // Without a warning, a VPC's Spec has no warnings field (as loadConfig gives it).
    expect(fleet.vpcs.map((v) => 'warnings' in v.spec)).toEqual([false, false]);
  });

  test('a single-VPC file is a fleet of one VPC named and stacked ecs-privatelink-<vpcId> (name: ecs-privatelink keeps the stack of 0.1.0), with the same Spec as loadConfig', () => {
    const fleet = loadFleet(EXAMPLE_CONFIG);
    expect(fleet.kind).toBe('single');
    expect(fleet.vpcs).toEqual([{ name: 'ecs-privatelink-vpc-0a1b2c3d4e5f67890', spec: loadConfig(EXAMPLE_CONFIG) }]);
    expect(stackName(fleet, fleet.vpcs[0])).toBe('ecs-privatelink-vpc-0a1b2c3d4e5f67890');
    const named = parseFleet(`${fs.readFileSync(EXAMPLE_CONFIG, 'utf8')}\nname: ${DEFAULT_STACK_NAME}\n`, 'named.yaml');
    expect(stackName(named, named.vpcs[0])).toBe('ecs-privatelink');
  });

  test('a fleet file in JSON is read the same, with lines in messages', () => {
    const json = JSON.stringify({ defaults: { region: 'eu-west-1', allowedCidrBlocks: ['10.0.0.0/8'] }, vpcs: { a: { vpcId: 'vpc-0a1b2c3d4e5f60001', subnetIds: ['subnet-0a1b2c3d4e5f61001', 'subnet-nope'], routeTableIds: ['rtb-0a1b2c3d4e5f61001'] } } }, null, 2);
    expect(messages(json, 'fleet.json')).toEqual([
      'fleet.json:13: vpcs.a.subnetIds[1]: "subnet-nope" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0',
    ]);
    expect(parseFleet(json.replace(', "subnet-nope"', '').replace(/,\s*"subnet-nope"/, ''), 'fleet.json').vpcs).toHaveLength(1);
  });

  test('the schema of a VPC in a fleet is every single-VPC field plus account and cidr; the printed schema offers both forms', () => {
    // name is the one single-VPC field a fleet's VPC does not take: its key under vpcs names it.
    expect(Object.keys(FLEET_VPC_SCHEMA.properties!)).toEqual([...Object.keys(CONFIG_SCHEMA.properties!).filter((f) => f !== 'name'), 'account', 'cidr']);
    const doc = fileSchema();
    expect(doc.oneOf).toEqual([{ $ref: '#/$defs/vpc' }, { $ref: '#/$defs/fleet' }]);
    // Every reference resolves.
    const text = JSON.stringify(doc);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
  });
});

// ---------------------------------------------------------------------------
// Problems, named by VPC
// ---------------------------------------------------------------------------

describe('problems in a fleet file name the VPC and the line where the value was written', () => {
  test('rejects a bad subnet id in one VPC: vpcs.<name>.subnetIds[1] at its line', () => {
    const text = FLEET.replace('subnetIds: [subnet-0a1b2c3d4e5f61001, subnet-0a1b2c3d4e5f61002]', 'subnetIds:\n      - subnet-0a1b2c3d4e5f61001\n      - subnet-XYZ');
    expect(messages(text.replace(/\n {2}a:/, '\n  payments-prod:'))).toEqual([
      'fleet.yaml:14: vpcs.payments-prod.subnetIds[1]: "subnet-XYZ" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0',
    ]);
  });

  test('rejects a missing vpcId and a cross-field problem, at the line of the VPC name', () => {
    const text = FLEET.replace('    vpcId: vpc-0a1b2c3d4e5f60002\n', '').replace('    routeTableIds: [rtb-0a1b2c3d4e5f61001]\n', '');
    expect(messages(text)).toEqual([
      'fleet.yaml:6: vpcs.b.vpcId: is required (VPC that gets the endpoints)',
      'fleet.yaml:9: vpcs.a.routeTableIds: is required: the s3 gateway endpoint serves image layers through route tables; list the route tables of the private subnets',
    ]);
  });

  test('rejects a default that every VPC inherits once, under defaults; a default only some VPCs break, per VPC', () => {
    const everyone = FLEET.replace('allowedCidrBlocks: [10.0.0.0/8]', 'allowedCidrBlocks: [10.0.0.1/8]');
    expect(messages(everyone)).toEqual(['fleet.yaml:3: defaults.allowedCidrBlocks[0]: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?']);
    const some = FLEET.replace('allowedCidrBlocks: [10.0.0.0/8]', 'allowedCidrBlocks: [0.0.0.0/0]').replace(`  b:\n${VPC_B}`, `  b:\n${VPC_B}\n    allowAnyCidr: true`);
    expect(messages(some)).toEqual([
      "fleet.yaml:3: vpcs.a.allowedCidrBlocks[0]: \"0.0.0.0/0\" allows every address; use the VPC CIDR or the clients' security groups, or set allowAnyCidr: true if you mean it (set in defaults)",
    ]);
  });

  test('rejects the fields of a VPC at the top of a fleet file, unknown fields, bad names, an empty fleet and an empty account', () => {
    expect(messages(`region: eu-west-1\n${FLEET}`)).toEqual([
      'fleet.yaml:1: region: is a field of one VPC; in a fleet file (one with defaults and vpcs) it goes under defaults, for every VPC, or under a VPC in vpcs',
    ]);
    // Every problem in one run: the typo, and what its absence leaves missing.
    expect(messages(FLEET.replace('    subnetIds: [subnet-0a1b2c3d4e5f62001]', '    subnetId: [subnet-0a1b2c3d4e5f62001]')).find((m) => m.includes('subnetId:'))).toMatch(
      /^fleet\.yaml:8: vpcs\.b\.subnetId: is not a known field; known fields: region, .*, account, cidr; did you mean "subnetIds"\?$/,
    );
    expect(messages(FLEET.replace('  b:', '  Payments_Prod:'))).toEqual([
      'fleet.yaml:6: vpcs.Payments_Prod: "Payments_Prod" is not valid; expected a VPC name of 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit, like payments-prod',
    ]);
    expect(messages('defaults:\n  region: eu-west-1\nvpcs: {}\n')).toEqual([
      'fleet.yaml:3: vpcs: is empty; list at least one VPC by name, like "payments-prod: { vpcId: vpc-0123456789abcdef0 }"',
    ]);
    expect(messages('defaults:\n  region: eu-west-1\n')).toEqual(['fleet.yaml: vpcs: is required (The VPCs by name: each gets a CDKTF stack ecs-privatelink-<name> and a Terraform root roots/<name>, and needs region and vpcId (its own or from defaults))']);
    expect(messages(FLEET.replace(`  a:\n${VPC_A}`, `  a:\n${VPC_A}\n    account: {}`))).toEqual([
      'fleet.yaml:14: vpcs.a.account: is empty; give assumeRoleArn and/or profile, or remove account to use the default credentials',
    ]);
  });

  test('rejects name, in defaults and in a VPC (one with a bad name too), and an empty account in defaults, each where written, beside the other problems', () => {
    const text = [
      'defaults:',
      '  region: eu-west-1',
      '  allowedCidrBlocks: [10.0.0.0/8]',
      '  name: x',
      '  account: {}',
      'vpcs:',
      '  b:',
      '    vpcId: vpc-0a1b2c3d4e5f60002',
      '    subnetIds: [subnet-bad]',
      '    routeTableIds: [rtb-0a1b2c3d4e5f62001]',
      '    name: y',
      '  Bad_One:',
      '    vpcId: vpc-0a1b2c3d4e5f60001',
      '    subnetIds: [subnet-0a1b2c3d4e5f61001]',
      '    routeTableIds: [rtb-0a1b2c3d4e5f61001]',
      '    name: z',
      '',
    ].join('\n');
    const NAME = 'is not a field of a fleet: a VPC of a fleet is named by its key under vpcs, and its stack is ecs-privatelink-<key>; remove name';
    expect(messages(text)).toEqual([
      `fleet.yaml:4: defaults.name: ${NAME}`,
      'fleet.yaml:5: defaults.account: is empty; give assumeRoleArn and/or profile, or remove account to use the default credentials',
      'fleet.yaml:9: vpcs.b.subnetIds[0]: "subnet-bad" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0',
      `fleet.yaml:11: vpcs.b.name: ${NAME}`,
      'fleet.yaml:12: vpcs.Bad_One: "Bad_One" is not valid; expected a VPC name of 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit, like payments-prod',
      `fleet.yaml:16: vpcs.Bad_One.name: ${NAME}`,
    ]);
  });

  test('compares VPCs with each other (one VPC, one state, one adopted endpoint) only when each is valid on its own: no echo of their own problems', () => {
    const text = [
      'defaults:',
      '  region: eu-west-1',
      '  backend: { s3: { bucket: acme-terraform-state, key: privatelink.tfstate } }',
      '  adopt: { endpoints: { ecr.api: vpce-0123456789abcdef0 } }',
      'vpcs:',
      ...['a', 'b'].flatMap((name) => [`  ${name}:`, '    vpcId: vpc-0a1b2c3d4e5f60001', '    subnetIds: [subnet-0a1b2c3d4e5f61001]', '    routeTableIds: [rtb-0a1b2c3d4e5f61001]', '    allowedCidrBlocks: [10.0.0.1/8]']),
      '',
    ].join('\n');
    expect(messages(text)).toEqual([
      'fleet.yaml:10: vpcs.a.allowedCidrBlocks[0]: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
      'fleet.yaml:15: vpcs.b.allowedCidrBlocks[0]: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
    ]);
    // Valid, the same two VPCs collide three ways.
    expect(messages(text.replace(/10\.0\.0\.1\/8/g, '10.0.0.0/8'))).toEqual([
      'fleet.yaml:3: vpcs.b.backend.s3.key: puts the state of this VPC in s3://acme-terraform-state/privatelink.tfstate, like vpcs.a: each VPC needs a state of its own; use {name} or {vpcId} in it (or remove it for the default) (set in defaults)',
      'fleet.yaml:4: vpcs.b.adopt.endpoints["ecr.api"]: "vpce-0123456789abcdef0" is also adopted by vpcs.a; an endpoint belongs to one VPC (set in defaults)',
      'fleet.yaml:12: vpcs.b.vpcId: "vpc-0a1b2c3d4e5f60001" is also the VPC of vpcs.a; each VPC of a fleet is a different VPC (two stacks would create the same endpoints twice)',
    ]);
  });

  test('rejects a role of another partition, a bad role ARN, and two entries for one VPC', () => {
    const china = FLEET.replace('region: eu-west-1', 'region: cn-north-1').replace(`  a:\n${VPC_A}`, `  a:\n${VPC_A}\n    account:\n      assumeRoleArn: arn:aws:iam::111111111111:role/deploy`);
    expect(messages(china)).toEqual([
      'fleet.yaml:15: vpcs.a.account.assumeRoleArn: "arn:aws:iam::111111111111:role/deploy" is a role of the aws partition, but cn-north-1 is in aws-cn; use a role ARN that starts with arn:aws-cn:iam::',
    ]);
    expect(messages(FLEET.replace(`  a:\n${VPC_A}`, `  a:\n${VPC_A}\n    account: { assumeRoleArn: deploy }`))).toEqual([
      'fleet.yaml:14: vpcs.a.account.assumeRoleArn: "deploy" is not valid; expected an IAM role ARN, like arn:aws:iam::123456789012:role/ecs-privatelink-deploy',
    ]);
    expect(messages(FLEET.replace('vpc-0a1b2c3d4e5f60002', 'vpc-0a1b2c3d4e5f60001'))).toEqual([
      'fleet.yaml:7: vpcs.b.vpcId: "vpc-0a1b2c3d4e5f60001" is also the VPC of vpcs.a; each VPC of a fleet is a different VPC (two stacks would create the same endpoints twice)',
    ]);
  });

  describe('where each problem is placed', () => {
    // Defaults that make every VPC valid but for the field under test.
    const defaults = (more: string) =>
      `defaults:\n  region: eu-west-1\n  subnetIds: [subnet-0a1b2c3d4e5f61001]\n  routeTableIds: [rtb-0a1b2c3d4e5f61001]\n  allowedCidrBlocks: [10.0.0.0/16]\n${more}`;
    const SAME_VPC = 'is also the VPC of vpcs.a; each VPC of a fleet is a different VPC (two stacks would create the same endpoints twice)';
    const HOST_BITS = '"10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?';
    const NAME = 'is not a field of a fleet: a VPC of a fleet is named by its key under vpcs, and its stack is ecs-privatelink-<key>; remove name';

    test('a problem only one heir of a default has (a second VPC on an inherited vpcId, an adopted endpoint) is that VPC\'s, located in defaults', () => {
      expect(messages(`${defaults('  vpcId: vpc-0a1b2c3d4e5f60001\n')}vpcs:\n  a: {}\n  b: {}\n`)).toEqual([`fleet.yaml:6: vpcs.b.vpcId: "vpc-0a1b2c3d4e5f60001" ${SAME_VPC} (set in defaults)`]);
      expect(messages(`${defaults('  adopt: { endpoints: { ecs: vpce-0a1b2c3d4e5f60001 } }\n')}vpcs:\n  a: { vpcId: vpc-0a1b2c3d4e5f60001 }\n  b: { vpcId: vpc-0a1b2c3d4e5f60002 }\n`)).toEqual([
        'fleet.yaml:6: vpcs.b.adopt.endpoints.ecs: "vpce-0a1b2c3d4e5f60001" is also adopted by vpcs.a; an endpoint belongs to one VPC (set in defaults)',
      ]);
    });

    test('a default every heir breaks is reported once under defaults, even when a VPC that sets its own is fine; with one heir, in that VPC', () => {
      const cidrs = defaults('').replace('10.0.0.0/16', '10.0.0.1/16');
      const own = '  c:\n    vpcId: vpc-0a1b2c3d4e5f60003\n    allowedCidrBlocks: [10.1.0.0/16]\n';
      expect(messages(`${cidrs}vpcs:\n  a: { vpcId: vpc-0a1b2c3d4e5f60001 }\n  b: { vpcId: vpc-0a1b2c3d4e5f60002 }\n${own}`)).toEqual([`fleet.yaml:5: defaults.allowedCidrBlocks[0]: ${HOST_BITS}`]);
      expect(messages(`${cidrs}vpcs:\n  a: { vpcId: vpc-0a1b2c3d4e5f60001 }\n${own}`)).toEqual([`fleet.yaml:5: vpcs.a.allowedCidrBlocks[0]: ${HOST_BITS} (set in defaults)`]);
      // Beside a shape problem of defaults: the rule once, the unknown field once.
      expect(messages(`${cidrs}  tagz: 1\nvpcs:\n  a: { vpcId: vpc-0a1b2c3d4e5f60001 }\n  b: { vpcId: vpc-0a1b2c3d4e5f60002 }\n`)).toEqual([
        `fleet.yaml:5: defaults.allowedCidrBlocks[0]: ${HOST_BITS}`,
        expect.stringMatching(/^fleet\.yaml:6: defaults\.tagz: is not a known field; known fields: region, vpcId, /),
      ]);
    });

    test('a default three heirs break is reported once; a VPC that writes the same bad value itself is its own problem, beside the heirs\' one', () => {
      const cidrs = defaults('').replace('10.0.0.0/16', '10.0.0.1/16');
      const heirs = '  a: { vpcId: vpc-0a1b2c3d4e5f60001 }\n  b: { vpcId: vpc-0a1b2c3d4e5f60002 }\n';
      expect(messages(`${cidrs}vpcs:\n${heirs}  c: { vpcId: vpc-0a1b2c3d4e5f60003 }\n`)).toEqual([`fleet.yaml:5: defaults.allowedCidrBlocks[0]: ${HOST_BITS}`]);
      expect(messages(`${cidrs}vpcs:\n${heirs}  c: { vpcId: vpc-0a1b2c3d4e5f60003, allowedCidrBlocks: [10.0.0.1/16] }\n`)).toEqual([
        `fleet.yaml:5: defaults.allowedCidrBlocks[0]: ${HOST_BITS}`,
        `fleet.yaml:9: vpcs.c.allowedCidrBlocks[0]: ${HOST_BITS}`,
      ]);
    });

    test('a default two of three heirs break (the third allows any CIDR) is each breaker\'s, not one problem under defaults', () => {
      const any = defaults('').replace('10.0.0.0/16', '0.0.0.0/0');
      const vpcs = '  a: { vpcId: vpc-0a1b2c3d4e5f60001 }\n  b: { vpcId: vpc-0a1b2c3d4e5f60002 }\n  c: { vpcId: vpc-0a1b2c3d4e5f60003, allowAnyCidr: true }\n';
      const EVERY = "\"0.0.0.0/0\" allows every address; use the VPC CIDR or the clients' security groups, or set allowAnyCidr: true if you mean it (set in defaults)";
      expect(messages(`${any}vpcs:\n${vpcs}`)).toEqual([`fleet.yaml:5: vpcs.a.allowedCidrBlocks[0]: ${EVERY}`, `fleet.yaml:5: vpcs.b.allowedCidrBlocks[0]: ${EVERY}`]);
    });

    test('an account, the VPCs or a VPC left empty (null) is named where written, not an internal error', () => {
      expect(messages(`${defaults('  account: ~\n')}vpcs:\n  a: { vpcId: vpc-0a1b2c3d4e5f60001, account: ~ }\n`)).toEqual([
        'fleet.yaml:6: defaults.account: is empty; give a value or remove the line',
        'fleet.yaml:8: vpcs.a.account: is empty; give a value or remove the line',
      ]);
      expect(messages(`${defaults('')}vpcs: ~\n`)).toEqual([
        'fleet.yaml:6: vpcs: is required (The VPCs by name: each gets a CDKTF stack ecs-privatelink-<name> and a Terraform root roots/<name>, and needs region and vpcId (its own or from defaults))',
      ]);
      expect(messages(`${defaults('')}vpcs:\n  a: ~\n`)).toEqual(['fleet.yaml:7: vpcs.a: is empty; expected a map']);
    });

    test('an unknown top field, a VPC field at the top and a bad VPC beside them; name, in defaults or a VPC, once each', () => {
      expect(messages(`bogus: 1\nregion: eu-west-1\n${defaults('')}vpcs:\n  a:\n    vpcId: 5\n`)).toEqual([
        'fleet.yaml:1: bogus: is not a known field; known fields: defaults, vpcs, hub, hubDns',
        'fleet.yaml:2: region: is a field of one VPC; in a fleet file (one with defaults and vpcs) it goes under defaults, for every VPC, or under a VPC in vpcs',
        'fleet.yaml:10: vpcs.a.vpcId: is a number (5); expected a VPC id: "vpc-" followed by 8 or 17 lowercase hexadecimal digits, like vpc-0123456789abcdef0',
      ]);
      expect(messages(`${defaults('  name: x\n')}vpcs:\n  a:\n    vpcId: vpc-0a1b2c3d4e5f60001\n    name: y\n`)).toEqual([`fleet.yaml:6: defaults.name: ${NAME}`, `fleet.yaml:10: vpcs.a.name: ${NAME}`]);
    });

    test('paths: a VPC that is not a map, a field name that needs quotes, and problems of one line in the order of their checks', () => {
      expect(messages(`${defaults('')}vpcs:\n  a: 5\n  b:\n    vpcId: vpc-0a1b2c3d4e5f60002\n    "foo bar": 1\n`)).toEqual([
        'fleet.yaml:7: vpcs.a: is a number (5); expected a map',
        expect.stringMatching(/^fleet\.yaml:10: vpcs\.b\["foo bar"\]: is not a known field; known fields: region, vpcId, /),
      ]);
      const subnets = '    subnetIds: [subnet-bad, subnet-0a1b2c3d4e5f61001, subnet-0a1b2c3d4e5f61001, subnet-worse]\n';
      expect(messages(`${defaults('')}vpcs:\n  a:\n    vpcId: vpc-0a1b2c3d4e5f60001\n${subnets}`)).toEqual([
        'fleet.yaml:9: vpcs.a.subnetIds[0]: "subnet-bad" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0',
        'fleet.yaml:9: vpcs.a.subnetIds[3]: "subnet-worse" is not valid; expected a subnet id: "subnet-" followed by 8 or 17 lowercase hexadecimal digits, like subnet-0123456789abcdef0',
        'fleet.yaml:9: vpcs.a.subnetIds[2]: "subnet-0a1b2c3d4e5f61001" is listed twice',
      ]);
    });
  });

  test('every problem has a line, and they come in the order of the file', () => {
    const text = FLEET.replace('allowedCidrBlocks: [10.0.0.0/8]', 'allowedCidrBlocks: [10.0.0.1/8]').replace('subnet-0a1b2c3d4e5f62001', 'subnet-bad').replace('rtb-0a1b2c3d4e5f61001', 'rtb-bad');
    const found = problems(text);
    // The rule (host bits, in defaults) is reported beside the shape problems, in one run.
    expect(found.map((p) => p.path)).toEqual(['defaults.allowedCidrBlocks[0]', 'vpcs.b.subnetIds[0]', 'vpcs.a.routeTableIds[0]']);
    expect(found.every((p) => p.line !== undefined)).toBe(true);
  });

  test('a warning is placed where its field is written: in the VPC, else under defaults, at its line', () => {
    // FLEET's lines: defaults: (1), region (2), two more defaults, vpcs: (5), b: (6) and its 3 fields, a: (10), then a's region (11).
    const text = FLEET.replace('region: eu-west-1', 'region: eu-west-9').replace('  a:\n', '  a:\n    region: eu-south-7\n');
    const warnings = Object.fromEntries(parseFleet(text, 'fleet.yaml').vpcs.map((vpc) => [vpc.name, vpc.spec.warnings]));
    const unknown = (region: string, near: string) => `"${region}" is not among the regions ecs-privatelink knows; it is used as written (partition aws); did you mean "${near}"?`;
    expect(warnings).toEqual({
      a: [{ path: 'vpcs.a.region', message: unknown('eu-south-7', 'eu-south-1'), line: 11 }],
      b: [{ path: 'defaults.region', message: unknown('eu-west-9', 'eu-west-1'), line: 2 }],
    });
  });
});

// ---------------------------------------------------------------------------
// Stacks and roots
// ---------------------------------------------------------------------------

describe('one stack and one root per VPC, each with its own provider', () => {
  const fleet = cases.find((c) => c.name === 'three-vpcs')!.fleet;

  test('each stack has an AWS provider with the VPC region, its role to assume and its profile', () => {
    const app = Testing.app();
    const stacks = addFleetStacks(app, fleet);
    expect(stacks.map((s) => s.node.id)).toEqual(['ecs-privatelink-payments-prod', 'ecs-privatelink-payments-staging', 'ecs-privatelink-search-prod']);
    const synthesized = stacks.map((s) => Testing.synth(s));
    expect(synthesized[1]).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-1',
      profile: 'staging',
      assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/ecs-privatelink-deploy' }],
    });
    expect(synthesized[2]).toHaveProviderWithProperties(AwsProvider, { region: 'us-east-1' });
    expect(JSON.parse(synthesized[2]).provider.aws[0].profile).toBeUndefined();
  });

  test('each root configures its provider and passes every module input of its VPC', async () => {
    const root = await renderRoot(fleet.vpcs[1]);
    expect(root.split('\n')[0]).toMatch(/^# Code generated by ecs-privatelink \S+\. DO NOT EDIT\.$/);
    expect(root).toContain('provider "aws" {\n  region  = "eu-west-1"\n  profile = "staging"\n\n  assume_role {\n    role_arn = "arn:aws:iam::222222222222:role/ecs-privatelink-deploy"\n  }\n}');
    expect(root).toContain('source = "../../modules/ecs-privatelink"');
    expect(root).toMatch(/^ {2}name_prefix +=/m);
    // Terraform must read the tag literally: quotes escaped, the template sequence doubled.
    expect(await renderRoot(fleet.vpcs[2])).toContain('note = "a \\"quoted\\" $${not-a-template} value"');
     // Without a hub, renderRoot alone writes each committed root exactly (with and without an account's profile and role).
    const dir = cases.find((c) => c.name === 'three-vpcs')!.dir;
    for (const vpc of fleet.vpcs) expect(await renderRoot(vpc)).toBe(fs.readFileSync(path.join(dir, 'roots', vpc.name, 'main.tf'), 'utf8'));
  });

  test('a VPC without an account gets a provider with its region only: no profile, no role to assume', async () => {
    const bare = parseFleet(
      'defaults:\n  region: eu-west-1\n  subnetIds: [subnet-0a1b2c3d4e5f60001]\n  routeTableIds: [rtb-0a1b2c3d4e5f60001]\n  allowedCidrBlocks: [10.20.0.0/16]\nvpcs:\n  solo:\n    vpcId: vpc-0a1b2c3d4e5f60001\n',
      'fleet.yaml',
    );
    const root = await renderRoot(bare.vpcs[0]);
    expect(root).toContain('provider "aws" {\n  region = "eu-west-1"\n}\n');
    expect(root).not.toContain('assume_role');
  });

  test('rendering is pure: two renders are byte-identical and the fleet is not mutated', async () => {
    const before = JSON.stringify(fleet);
    expect(await renderFleet(fleet)).toEqual(await renderFleet(fleet));
    expect(JSON.stringify(fleet)).toBe(before);
  });

  test('rejects a VPC name that is not a folder name when rendering a root', async () => {
    const bad: Fleet = { kind: 'fleet', vpcs: [{ ...fleet.vpcs[0], name: '../x' }] };
    await expect(renderFleet(bad)).rejects.toThrow('cannot render the root of VPC "../x"');
  });

  test('rejects a fleet without VPCs (a validated fleet has one at least; the module is rendered from the first)', async () => {
    await expect(renderFleet({ kind: 'fleet', vpcs: [] })).rejects.toThrow('a fleet has at least one VPC');
  });
});

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

describe('writeFleet', () => {
  const fleet = cases.find((c) => c.name === 'three-vpcs')!.fleet;
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await renderFleet(fleet);
  });

  test('writes the module and the roots, leaves the other files of a root alone, and names roots of VPCs that left', () => {
    const dir = tmp();
    expect(writeFleet(dir, files, FLEET_MODULE_DIR)).toEqual({ staleRoots: [] });
    expect(snapshot(dir)).toEqual(Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1))));
    // What a user and terraform add to a root.
    const root = path.join(dir, 'roots', 'search-prod');
    fs.writeFileSync(path.join(root, 'terraform.tfvars'), 'a = 1\n');
    fs.mkdirSync(path.join(root, '.terraform'));
    fs.writeFileSync(path.join(root, 'terraform.tfstate'), '{}');
    fs.mkdirSync(path.join(dir, 'roots', 'old'));
    fs.writeFileSync(path.join(dir, 'roots', 'old', 'main.tf'), files.get('roots/search-prod/main.tf')!);
    fs.writeFileSync(path.join(dir, 'roots', 'search-prod', 'main.tf'), `${files.get('roots/search-prod/main.tf')}# an edit\n`);
    expect(writeFleet(dir, files, FLEET_MODULE_DIR)).toEqual({ staleRoots: ['roots/old'] });
    expect(fs.readdirSync(root).sort()).toEqual(['.terraform', 'backend.tf', 'main.tf', 'terraform.tfstate', 'terraform.tfvars']);
    expect(fs.readFileSync(path.join(root, 'main.tf'), 'utf8')).toBe(files.get('roots/search-prod/main.tf'));
    expect(fs.existsSync(path.join(dir, 'roots', 'old', 'main.tf'))).toBe(true);
  });

  test('rejects a root main.tf without the marker, and a foreign file in the module folder, writing nothing; --force overwrites', () => {
    const dir = tmp();
    writeFleet(dir, files, FLEET_MODULE_DIR);
    fs.writeFileSync(path.join(dir, 'roots', 'payments-prod', 'main.tf'), '# my own root\n');
    fs.writeFileSync(path.join(dir, FLEET_MODULE_DIR, 'mine.tf'), '# mine\n');
    const changed = new Map([...files].map(([rel, text]) => [rel, `${text}\n`]));
    const before = snapshot(dir);
    let error: unknown;
    try {
      writeFleet(dir, changed, FLEET_MODULE_DIR);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ForeignFilesError);
    expect((error as ForeignFilesError).files).toEqual([`${FLEET_MODULE_DIR}/mine.tf`, 'roots/payments-prod/main.tf']);
    expect(snapshot(dir)).toEqual(before);
    writeFleet(dir, files, FLEET_MODULE_DIR, { force: true });
    expect(snapshot(dir)).toEqual(Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1))));
  });

  test('a failure while writing leaves the folder as it was, with no temporary files', () => {
    const dir = tmp();
    writeFleet(dir, files, FLEET_MODULE_DIR);
    const before = snapshot(dir);
    // A file where the root folder of a new VPC must go.
    fs.writeFileSync(path.join(dir, 'roots', 'new'), 'in the way\n');
    const more = new Map([...files, ['roots/new/main.tf', files.get('roots/search-prod/main.tf')!]].map(([rel, text]) => [rel, `${text}\n`]));
    expect(() => writeFleet(dir, more, FLEET_MODULE_DIR, { force: true })).toThrow();
    fs.rmSync(path.join(dir, 'roots', 'new'));
    expect(snapshot(dir)).toEqual(before);
  });
});
