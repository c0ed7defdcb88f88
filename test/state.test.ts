/**
 * State you can trust, without Terraform: the identity of each VPC (stack
 * name), its backend (defaults, placeholders, one location per VPC), what the
 * stack and the generated files say about them, and adoption's import blocks.
 * test/state-s3.test.ts and test/adopt-terraform.test.ts run Terraform on them.
 */
import * as fs from 'fs';
import { Testing } from 'cdktf';
import { renderFleet, FLEET_MODULE_DIR } from '../generators/fleet';
import { renderModule } from '../generators/module';
import { ConfigError, parseConfig } from '../lib/model/config';
import { parseFleet } from '../lib/model/fleet';
import { addFleetStacks } from '../lib/cdktf/stack';
import { bucketNameProblem, fillTemplate, fleetIdentity, resolveBackend, singleIdentity, stackLocalPath, stateLocation } from '../lib/model/state';
import { EXAMPLE_CONFIG } from './support/cases';
import { markerText } from '../generators/helpers';

const VPC = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
subnetIds: [subnet-0a1b2c3d4e5f60001]
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.20.0.0/16]
`;

const FLEET = `defaults:
  region: eu-west-1
  subnetIds: [subnet-0a1b2c3d4e5f60001]
  routeTableIds: [rtb-0a1b2c3d4e5f60001]
  allowedCidrBlocks: [10.20.0.0/16]
  backend:
    s3: { bucket: acme-terraform-state, key: "pl/{account}/{region}/{name}.tfstate" }
  account: { assumeRoleArn: "arn:aws:iam::111122223333:role/deploy" }
vpcs:
  payments:
    vpcId: vpc-0a1b2c3d4e5f60001
    adopt: { endpoints: { ecr.api: vpce-0a1b2c3d4e5f60001 } }
  search:
    vpcId: vpc-0a1b2c3d4e5f60002
    region: us-east-1
    backend: { cloud: { organization: acme, workspace: "pl-{name}", project: networking } }
`;

/** The `terraform` block of each stack's synthesized JSON, by stack name. */
function terraformBlocks(text: string): Record<string, { backend?: unknown; cloud?: unknown; required_version?: string }> {
  const fleet = parseFleet(text, 'config.yaml');
  const app = Testing.app();
  return Object.fromEntries(addFleetStacks(app, fleet).map((s) => [s.node.id, (JSON.parse(Testing.synth(s)) as { terraform: { backend?: unknown; required_version?: string } }).terraform]));
}

function problems(text: string, file = 'config.yaml'): string[] {
  try {
    parseFleet(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  throw new Error('no problem found');
}

describe('identity: one stack, one state per VPC', () => {
  test('two single-VPC configurations for two VPCs get two stacks and two local state files, by default', () => {
    const a = terraformBlocks(VPC);
    const b = terraformBlocks(VPC.replace('vpc-0a1b2c3d4e5f67890', 'vpc-0a1b2c3d4e5f67891'));
    expect(Object.keys(a)).toEqual(['ecs-privatelink-vpc-0a1b2c3d4e5f67890']);
    expect(Object.keys(b)).toEqual(['ecs-privatelink-vpc-0a1b2c3d4e5f67891']);
    expect(Object.values(a)[0].backend).toEqual({ local: { path: '../../../terraform.ecs-privatelink-vpc-0a1b2c3d4e5f67890.tfstate' } });
    expect(Object.values(b)[0].backend).toEqual({ local: { path: '../../../terraform.ecs-privatelink-vpc-0a1b2c3d4e5f67891.tfstate' } });
  });

  test('name: ecs-privatelink keeps the stack and the resources of 0.1.0; only the state path became relative', () => {
    const example = fs.readFileSync(EXAMPLE_CONFIG, 'utf8');
    const app = Testing.app();
    const [renamed] = addFleetStacks(app, parseFleet(`${example}\nname: ecs-privatelink\n`, 'named.yaml'));
    const [current] = addFleetStacks(Testing.app(), parseFleet(example, 'example.yaml'));
    expect(renamed.node.id).toBe('ecs-privatelink');
    const json = (stack: typeof renamed) => JSON.parse(Testing.synth(stack)) as { resource: unknown; terraform: { backend: unknown } };
    // The resource addresses do not depend on the stack name: renaming the state file is the whole migration.
    expect(json(renamed).resource).toEqual(json(current).resource);
    expect(json(renamed).terraform.backend).toEqual({ local: { path: '../../../terraform.ecs-privatelink.tfstate' } });
  });

  test('a local path is relative to the project folder, whatever the depth of the output folder', () => {
    const fleet = parseFleet(`${VPC}backend:\n  local:\n    path: state/{name}.tfstate\n`, 'c.yaml');
    const [deep] = addFleetStacks(Testing.app(), fleet, { outdir: 'build/cdktf', projectDir: '/work/project' });
    expect((JSON.parse(Testing.synth(deep)) as { terraform: { backend: unknown } }).terraform.backend).toEqual({
      local: { path: '../../../../state/ecs-privatelink-vpc-0a1b2c3d4e5f67890.tfstate' },
    });
  });
});

describe('backends', () => {
  test('s3: encrypt and use_lockfile on by default, the key per VPC, the region of the VPC, Terraform >= 1.10', () => {
    const [block] = Object.values(terraformBlocks(`${VPC}backend:\n  s3:\n    bucket: acme-terraform-state\n`));
    expect(block).toMatchObject({
      backend: { s3: { bucket: 'acme-terraform-state', key: 'ecs-privatelink/eu-west-1/vpc-0a1b2c3d4e5f67890.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } },
      required_version: '>= 1.10',
    });
    const [off] = Object.values(terraformBlocks(`${VPC}backend:\n  s3:\n    bucket: acme-terraform-state\n    useLockfile: false\n    encrypt: false\n    dynamodbTable: locks\n    roleArn: arn:aws:iam::111122223333:role/state\n    kmsKeyId: alias/state\n    workspaceKeyPrefix: ws\n    region: us-east-1\n`));
    expect(off.backend).toEqual({
      s3: { bucket: 'acme-terraform-state', key: 'ecs-privatelink/eu-west-1/vpc-0a1b2c3d4e5f67890.tfstate', region: 'us-east-1', encrypt: false, dynamodb_table: 'locks', kms_key_id: 'alias/state', workspace_key_prefix: 'ws', assume_role: { role_arn: 'arn:aws:iam::111122223333:role/state' } },
    });
    expect(off.required_version).toBeUndefined();
  });

  test('a fleet: the default backend for every VPC, each with its own key from the template ({account} from its role), or a workspace per VPC', () => {
    expect(terraformBlocks(FLEET)).toEqual({
      'ecs-privatelink-payments': expect.objectContaining({
        backend: { s3: { bucket: 'acme-terraform-state', key: 'pl/111122223333/eu-west-1/payments.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } },
      }),
      // HCP Terraform is Terraform's cloud block, beside the backends.
      'ecs-privatelink-search': expect.objectContaining({ cloud: { organization: 'acme', workspaces: { name: 'pl-search', project: 'networking' } } }),
    });
  });

  test('generate writes each root a backend.tf of its own, and the shared module example none of them', async () => {
    const files = await renderFleet(parseFleet(FLEET, 'fleet.yaml'));
    expect(files.get('roots/payments/backend.tf')).toContain(
      [
        'terraform {',
        '  required_version = ">= 1.10"',
        '',
        '  backend "s3" {',
        '    bucket       = "acme-terraform-state"',
        '    key          = "pl/111122223333/eu-west-1/payments.tfstate"',
        '    region       = "eu-west-1"',
        '    encrypt      = true',
        '    use_lockfile = true',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(files.get('roots/search/backend.tf')).toContain(
      ['terraform {', '  cloud {', '    organization = "acme"', '', '    workspaces {', '      name    = "pl-search"', '      project = "networking"', '    }', '  }', '}'].join('\n'),
    );
    expect(files.get('roots/payments/main.tf')).toContain('import {\n  to = module.ecs_privatelink.aws_vpc_endpoint.this["ecr_api"]\n  id = "vpce-0a1b2c3d4e5f60001"\n}');
    expect(files.get('roots/search/main.tf')).not.toContain('import {');
    expect([...files.keys()].filter((rel) => rel.startsWith(`${FLEET_MODULE_DIR}/`) && rel.endsWith('backend.tf'))).toEqual([]);
    expect(files.get(`${FLEET_MODULE_DIR}/examples/complete/main.tf`)).not.toContain('import {');
  });

  test('an s3 backend without the lockfile names no Terraform version; its role is an assume_role block; an adopted security group is imported too', async () => {
    const fleet = FLEET.replace(
      's3: { bucket: acme-terraform-state, key: "pl/{account}/{region}/{name}.tfstate" }',
      's3: { bucket: acme-terraform-state, key: "pl/{name}.tfstate", useLockfile: false, roleArn: "arn:aws:iam::111122223333:role/state" }',
    ).replace('adopt: { endpoints: { ecr.api: vpce-0a1b2c3d4e5f60001 } }', 'adopt: { endpoints: { ecr.api: vpce-0a1b2c3d4e5f60001 }, securityGroup: sg-0a1b2c3d4e5f60003 }');
    const files = await renderFleet(parseFleet(fleet, 'fleet.yaml'));
    expect(files.get('roots/payments/backend.tf')).toContain(
      [
        'terraform {',
        '  backend "s3" {',
        '    bucket  = "acme-terraform-state"',
        '    key     = "pl/payments.tfstate"',
        '    region  = "eu-west-1"',
        '    encrypt = true',
        '    assume_role = {',
        '      role_arn = "arn:aws:iam::111122223333:role/state"',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(files.get('roots/payments/main.tf')).toContain('import {\n  to = module.ecs_privatelink.aws_security_group.this[0]\n  id = "sg-0a1b2c3d4e5f60003"\n}');
  });

  test('the example of a single VPC gets a backend.tf only when the configuration sets backend', async () => {
    expect((await renderModule(parseConfig(VPC, 'c.yaml'))).has('examples/complete/backend.tf')).toBe(false);
    const files = await renderModule(parseConfig(`${VPC}backend:\n  local:\n    path: state/{vpcId}.tfstate\n`, 'c.yaml'));
    expect(files.get('examples/complete/backend.tf')).toContain('  backend "local" {\n    path = "state/vpc-0a1b2c3d4e5f67890.tfstate"\n  }');
  });

  test("the example's backend.tf is the whole backend file, its comment naming the example by its stack", async () => {
    const files = await renderModule(parseConfig(`${VPC}backend:\n  local:\n    path: state/{vpcId}.tfstate\n`, 'c.yaml'));
    expect(files.get('examples/complete/backend.tf')).toBe(
      [
        `# ${markerText()}`,
        '',
        '# Where Terraform keeps the state of this example (ecs-privatelink-vpc-0a1b2c3d4e5f67890): `backend` in the configuration (local).',
        '# generate rewrites this file; after changing the backend, run `terraform init -migrate-state` to move the state.',
        '',
        'terraform {',
        '  backend "local" {',
        '    path = "state/vpc-0a1b2c3d4e5f67890.tfstate"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('bad state settings', () => {
  test('rejects {account} where the account is not known, and a key, path or workspace that is not one once filled in', () => {
    expect(problems(`${VPC}backend:\n  s3:\n    bucket: acme-terraform-state\n    key: "{account}/x.tfstate"\n`)).toEqual([
      'config.yaml:9: backend.s3.key: "{account}/x.tfstate" uses {account}, but the account of this VPC is not known: give the VPC an account.assumeRoleArn (in a fleet), or write the account id instead',
    ]);
    expect(problems(`${VPC}backend:\n  s3:\n    bucket: acme-terraform-state\n    key: "a//{name}"\n`)[0]).toContain('backend.s3.key: "a//ecs-privatelink-vpc-0a1b2c3d4e5f67890" is not a key Terraform\'s S3 backend accepts');
    expect(problems(`${VPC}backend:\n  local:\n    path: "state/"\n`)[0]).toContain('backend.local.path: "state/" is a folder; name the state file');
    expect(problems(`${VPC}backend:\n  cloud:\n    organization: acme\n    workspace: "pl-{region}.x"\n`)[0]).toContain('backend.cloud.workspace: "pl-{region}.x" is not valid');
    expect(problems(`${VPC}backend:\n  cloud:\n    organization: acme\n    workspace: "pl-{name}-{name}-{name}-{name}"\n`)[0]).toContain('is not a workspace name HCP Terraform accepts: 1 to 90 letters');
  });

  test('rejects, in a fleet, one adopted endpoint in two VPCs, and a shared state that only a VPC override creates', () => {
    const shared = FLEET.replace('workspace: "pl-{name}"', 'workspace: "pl"').replace(
      '  payments:\n',
      '  payments:\n    backend: { cloud: { organization: acme, workspace: "pl", project: networking } }\n',
    );
    expect(problems(shared)).toEqual([
      expect.stringMatching(/^config\.yaml:\d+: vpcs\.search\.backend\.cloud\.workspace: puts the state of this VPC in the workspace pl of app\.terraform\.io\/acme, like vpcs\.payments/),
    ]);
    const twice = FLEET.replace('    region: us-east-1\n', '    region: us-east-1\n    adopt: { endpoints: { ecr.api: vpce-0a1b2c3d4e5f60001 } }\n');
    expect(problems(twice)).toEqual([expect.stringMatching(/vpcs\.search\.adopt\.endpoints\["ecr\.api"\]: "vpce-0a1b2c3d4e5f60001" is also adopted by vpcs\.payments; an endpoint belongs to one VPC$/)]);
  });

  test('rejects a bucket name for every reserved prefix and suffix of S3, and accepts its neighbours', () => {
    const bucket = (name: string) => `${VPC}backend:\n  s3:\n    bucket: "${name}"\n`;
    for (const name of ['xn--abc', 'sthree-abc', 'amzn-s3-demo-abc', 'abc-s3alias', 'abc--ol-s3', 'abc.mrap', 'abc--x-s3', 'abc--table-s3', 'a..b', '10.0.0.1', 'ab', 'a'.repeat(64), '-abc', 'abc-', 'ABC']) {
      expect({ name, problems: problems(bucket(name)).length }).toEqual({ name, problems: 1 });
    }
    for (const name of ['abc', 'a.b-c', 'x-n--abc', 'abc-s3aliasx', 'a'.repeat(63), '10.0.0.1a']) {
      expect({ name, stack: parseFleet(bucket(name), 'c.yaml').vpcs[0].spec.backend }).toMatchObject({ name, stack: { type: 's3', bucket: name } });
    }
  });
});

describe('state rules, one by one, with their whole messages', () => {
  const RULES = 'see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html';
  const KEY_RULE = 'is not a key Terraform\'s S3 backend accepts: it must not start or end with "/" nor hold "//"; like ecs-privatelink/{region}/{vpcId}.tfstate';
  const ABSOLUTE = 'is an absolute path; give a path relative to the project folder (the CDKTF stack) and to roots/<name> (a root), like state/{name}.tfstate';
  const WORDS = 'the placeholders are {name}, {stack}, {vpcId}, {region}, {account}';
  const ACCOUNT = 'but the account of this VPC is not known: give the VPC an account.assumeRoleArn (in a fleet), or write the account id instead';
  const WHERE = { vpcId: 'vpc-0a1b2c3d4e5f67890', region: 'eu-west-1' };
  const WHO = { name: 'payments', stack: 'ecs-privatelink-payments' };
  const spec = (text: string) => parseConfig(text, 'config.yaml');
  const s3Key = (key: string) => `${VPC}backend:\n  s3:\n    bucket: acme-terraform-state\n    key: "${key}"\n`;
  const localPath = (p: string) => `${VPC}backend:\n  local:\n    path: ${p}\n`;
  const workspace = (w: string) => `${VPC}backend:\n  cloud:\n    organization: acme\n    workspace: "${w}"\n`;

  test('fillTemplate: every placeholder filled in; the first problem of a text is the one named', () => {
    expect(fillTemplate('{name}/{stack}/{vpcId}/{region}/{account}', WHERE, { ...WHO, account: '111122223333' })).toEqual({
      value: 'payments/ecs-privatelink-payments/vpc-0a1b2c3d4e5f67890/eu-west-1/111122223333',
    });
    expect(fillTemplate('{foo}/{bar}', WHERE, WHO)).toEqual({ problem: `"{foo}/{bar}" has the unknown placeholder {foo}; ${WORDS}` });
    expect(fillTemplate('{account}/{foo}', WHERE, WHO)).toEqual({ problem: `"{account}/{foo}" uses {account}, ${ACCOUNT}` });
    expect(fillTemplate('{foo}/{account}', WHERE, WHO)).toEqual({ problem: `"{foo}/{account}" has the unknown placeholder {foo}; ${WORDS}` });
  });

  test('fillTemplate: an empty placeholder is unknown; a brace outside a placeholder, alone or doubled, is refused', () => {
    expect(fillTemplate('x{}', WHERE, WHO)).toEqual({ problem: `"x{}" has the unknown placeholder {}; ${WORDS}` });
    for (const text of ['a{b', 'a}b', '{{name}', '{name}}']) {
      expect(fillTemplate(text, WHERE, WHO)).toEqual({ problem: `${JSON.stringify(text)} has a "{" or "}" that is not part of a placeholder like {name}` });
    }
  });

  test('an s3 key that ends with "/", and one too long in bytes once filled in; 1024 bytes are accepted', () => {
    expect(problems(s3Key('state/'))).toEqual([`config.yaml:9: backend.s3.key: "state/" ${KEY_RULE}`]);
    // vpc-0a1b2c3d4e5f67890 is 21 characters: 1002 + 1 + 21 = 1024.
    expect(spec(s3Key(`${'a'.repeat(1002)}/{vpcId}`)).backend).toMatchObject({ key: `${'a'.repeat(1002)}/vpc-0a1b2c3d4e5f67890` });
    expect(problems(s3Key(`${'a'.repeat(1003)}/{vpcId}`))).toEqual(['config.yaml:9: backend.s3.key: is 1025 bytes once filled in; S3 object keys are at most 1024 bytes']);
    // Bytes, not characters: 512 two-byte letters.
    expect(problems(s3Key(`${'é'.repeat(512)}/{vpcId}`))).toEqual(['config.yaml:9: backend.s3.key: is 1046 bytes once filled in; S3 object keys are at most 1024 bytes']);
  });

  test('a local path that is absolute in any form, has a control character, or names a folder', () => {
    for (const p of ['\\state\\a.tfstate', 'C:/state/a.tfstate', 'd:state.tfstate', '~/state/a.tfstate']) {
      expect(problems(localPath(`'${p}'`))).toEqual([`config.yaml:8: backend.local.path: ${JSON.stringify(p)} ${ABSOLUTE}`]);
    }
    expect(problems(localPath('"state/a\\x1fb.tfstate"'))).toEqual(['config.yaml:8: backend.local.path: "state/a\\u001fb.tfstate" has a control character (newline, tab, ...); write a plain file path']);
    expect(problems(localPath('"state/a\\x7fb.tfstate"'))).toEqual(['config.yaml:8: backend.local.path: "state/a\u007fb.tfstate" has a control character (newline, tab, ...); write a plain file path']);
    expect(problems(localPath("'state\\'"))).toEqual(['config.yaml:8: backend.local.path: "state\\\\" is a folder; name the state file, like state\\terraform.tfstate']);
    expect(problems(localPath('state/'))).toEqual(['config.yaml:8: backend.local.path: "state/" is a folder; name the state file, like state/terraform.tfstate']);
    // A letter and a colon inside the path, a space, a digit first: relative paths.
    for (const p of ['state/x:y.tfstate', 'state/a b.tfstate', '1:state.tfstate']) {
      expect(spec(localPath(`'${p}'`)).backend).toStrictEqual({ type: 'local', path: p });
    }
  });

  test('a workspace of 1 to 90 letters, digits, "_" or "-" once filled in', () => {
    expect(spec(workspace('a')).backend).toStrictEqual({ type: 'cloud', organization: 'acme', workspace: 'a' });
    expect(spec(workspace('Pl_{vpcId}')).backend).toStrictEqual({ type: 'cloud', organization: 'acme', workspace: 'Pl_vpc-0a1b2c3d4e5f67890' });
    expect(spec(workspace(`${'w'.repeat(69)}{vpcId}`)).backend).toMatchObject({ workspace: `${'w'.repeat(69)}vpc-0a1b2c3d4e5f67890` });
    expect(problems(workspace(`${'w'.repeat(70)}{vpcId}`))).toEqual([
      `config.yaml:9: backend.cloud.workspace: "${'w'.repeat(70)}vpc-0a1b2c3d4e5f67890" is not a workspace name HCP Terraform accepts: 1 to 90 letters, digits, "_" or "-"`,
    ]);
  });

  test('bucket names: the whole message of each rule; an IP address needs all four numbers and nothing around them', () => {
    expect(bucketNameProblem('a..b')).toBe(`"a..b" has two adjacent periods, which S3 refuses in a bucket name; ${RULES}`);
    expect(bucketNameProblem('10.0.10.10')).toBe(`"10.0.10.10" is formatted as an IP address, which S3 refuses as a bucket name; ${RULES}`);
    expect(bucketNameProblem('sthree-abc')).toBe(`"sthree-abc" starts with "sthree-", a prefix S3 reserves; ${RULES}`);
    expect(bucketNameProblem('abc--x-s3')).toBe(`"abc--x-s3" ends with "--x-s3", a suffix S3 reserves; ${RULES}`);
    for (const name of ['a10.0.0.1', '10.0.0.1a', '10.0.0', '1234567', 'abc-s3aliasx', 'xn-abc']) expect({ name, problem: bucketNameProblem(name) }).toEqual({ name, problem: undefined });
  });

  test('resolved backends carry only the fields the file sets; the cloud workspace defaults to the stack', () => {
    expect(spec(VPC).backend).toStrictEqual({ type: 'local' });
    expect(spec(`${VPC}backend:\n  s3:\n    bucket: acme-terraform-state\n`).backend).toStrictEqual({
      type: 's3',
      bucket: 'acme-terraform-state',
      key: 'ecs-privatelink/eu-west-1/vpc-0a1b2c3d4e5f67890.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      useLockfile: true,
    });
    expect(spec(`${VPC}backend:\n  cloud:\n    organization: acme\n`).backend).toStrictEqual({ type: 'cloud', organization: 'acme', workspace: 'ecs-privatelink-vpc-0a1b2c3d4e5f67890' });
    expect(spec(`${VPC}name: payments\nbackend:\n  cloud: { organization: acme, project: networking, hostname: tfe.example.com }\n`).backend).toStrictEqual({
      type: 'cloud',
      organization: 'acme',
      workspace: 'payments',
      project: 'networking',
      hostname: 'tfe.example.com',
    });
  });

  test('resolveBackend refuses a location that validation would have refused, with its problem', () => {
    expect(() => resolveBackend({ ...WHERE, backend: { s3: { bucket: 'acme-terraform-state', key: '{foo}' } } }, WHO)).toThrow(
      new Error(`a state location that validation refused reached resolveBackend: "{foo}" has the unknown placeholder {foo}; ${WORDS}`),
    );
    expect(() => resolveBackend({ ...WHERE, backend: { cloud: { organization: 'acme', workspace: '{account}' } } }, WHO)).toThrow(
      new Error(`a state location that validation refused reached resolveBackend: "{account}" uses {account}, ${ACCOUNT}`),
    );
    expect(() => resolveBackend({ ...WHERE, backend: { local: { path: 'a}' } } }, WHO)).toThrow(
      new Error('a state location that validation refused reached resolveBackend: "a}" has a "{" or "}" that is not part of a placeholder like {name}'),
    );
  });

  test('identities: a single VPC is named after its VPC id; a fleet VPC takes its account from its role, and has none without one', () => {
    expect(singleIdentity({ vpcId: 'vpc-0a1b2c3d4e5f67890' })).toStrictEqual({ name: 'ecs-privatelink-vpc-0a1b2c3d4e5f67890', stack: 'ecs-privatelink-vpc-0a1b2c3d4e5f67890' });
    expect(singleIdentity({ vpcId: 'vpc-0a1b2c3d4e5f67890', name: 'payments' })).toStrictEqual({ name: 'payments', stack: 'payments' });
    expect(fleetIdentity('payments')).toStrictEqual({ name: 'payments', stack: 'ecs-privatelink-payments' });
    expect(fleetIdentity('payments', 'arn:aws:iam::111122223333:role/deploy')).toStrictEqual({ name: 'payments', stack: 'ecs-privatelink-payments', account: '111122223333' });
  });

  test('state locations: the local file (default or given), the s3 object, the workspace of its host', () => {
    expect(stackLocalPath({ type: 'local' }, 'ecs-privatelink-payments')).toBe('terraform.ecs-privatelink-payments.tfstate');
    expect(stackLocalPath({ type: 'local', path: 'state/payments.tfstate' }, 'ecs-privatelink-payments')).toBe('state/payments.tfstate');
    expect(stateLocation({ type: 'local' }, 'ecs-privatelink-payments')).toEqual({ field: ['backend', 'local', 'path'], where: 'the local file terraform.ecs-privatelink-payments.tfstate' });
    expect(stateLocation({ type: 's3', bucket: 'acme', key: 'pl/a.tfstate', region: 'eu-west-1', encrypt: true, useLockfile: true }, 'x')).toEqual({ field: ['backend', 's3', 'key'], where: 's3://acme/pl/a.tfstate' });
    expect(stateLocation({ type: 'cloud', organization: 'acme', workspace: 'pl', hostname: 'tfe.example.com' }, 'x')).toEqual({ field: ['backend', 'cloud', 'workspace'], where: 'the workspace pl of tfe.example.com/acme' });
    expect(stateLocation({ type: 'cloud', organization: 'acme', workspace: 'pl' }, 'x')).toEqual({ field: ['backend', 'cloud', 'workspace'], where: 'the workspace pl of app.terraform.io/acme' });
  });

  test('a fleet whose VPCs share one local state file is refused on the path', () => {
    const fleet = `defaults:
  region: eu-west-1
  subnetIds: [subnet-0a1b2c3d4e5f60001]
  routeTableIds: [rtb-0a1b2c3d4e5f60001]
  allowedCidrBlocks: [10.20.0.0/16]
  backend:
    local:
      path: state.tfstate
vpcs:
  a:
    vpcId: vpc-0a1b2c3d4e5f60001
  b:
    vpcId: vpc-0a1b2c3d4e5f60002
`;
    expect(problems(fleet)).toEqual([
      'config.yaml:8: vpcs.b.backend.local.path: puts the state of this VPC in the local file state.tfstate, like vpcs.a: each VPC needs a state of its own; use {name} or {vpcId} in it (or remove it for the default) (set in defaults)',
    ]);
  });
});

describe('adopt rules, one by one', () => {
  const SG = 'sg-0a1b2c3d4e5f60003';
  const EMPTY = 'is empty; give the endpoints to import by AWS short name (ecr.api: vpce-...) and/or securityGroup, or remove adopt';
  const spec = (text: string) => parseConfig(text, 'config.yaml');

  test('an empty adopt, or one with no endpoint, is refused; a security group alone is enough', () => {
    expect(problems(`${VPC}adopt: {}\n`)).toEqual([`config.yaml:6: adopt: ${EMPTY}`]);
    expect(problems(`${VPC}adopt:\n  endpoints: {}\n`)).toEqual([`config.yaml:6: adopt: ${EMPTY}`]);
    expect(spec(`${VPC}adopt:\n  securityGroup: ${SG}\n`).adopt).toStrictEqual({ endpoints: {}, securityGroup: SG });
  });

  test('adopted endpoints by catalog key in catalog order, and no security group when none is adopted', () => {
    expect(spec(`${VPC}adopt:\n  endpoints:\n    ecr.dkr: vpce-0a1b2c3d4e5f60002\n    ecr.api: vpce-0a1b2c3d4e5f60001\n`).adopt).toStrictEqual({
      endpoints: { ecr_api: 'vpce-0a1b2c3d4e5f60001', ecr_dkr: 'vpce-0a1b2c3d4e5f60002' },
    });
    expect(Object.keys(spec(`${VPC}adopt:\n  endpoints:\n    ecr.dkr: vpce-0a1b2c3d4e5f60002\n    ecr.api: vpce-0a1b2c3d4e5f60001\n`).adopt.endpoints)).toEqual(['ecr_api', 'ecr_dkr']);
    expect(spec(VPC).adopt).toStrictEqual({ endpoints: {} });
  });

  test('a security group cannot be adopted where no interface endpoint is on', () => {
    const gatewayOnly = `region: eu-west-1\nvpcId: vpc-0a1b2c3d4e5f67890\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\nprofile: none\nendpoints: [s3]\nadopt:\n  securityGroup: ${SG}\n`;
    expect(problems(gatewayOnly)).toEqual([
      `config.yaml:7: adopt.securityGroup: "${SG}" cannot be adopted: ecs-privatelink creates no security group here (no interface endpoint is on); remove it`,
    ]);
  });

  test('with createSecurityGroup: true beside groups of yours, the created group can be adopted, but not as one of those groups', () => {
    const own = 'sg-0a1b2c3d4e5f60001';
    const base = `${VPC}createSecurityGroup: true\nsecurityGroupIds: [${own}]\n`;
    expect(spec(`${base}adopt:\n  securityGroup: ${SG}\n`).adopt).toStrictEqual({ endpoints: {}, securityGroup: SG });
    expect(problems(`${base}adopt:\n  securityGroup: ${own}\n`)).toEqual([
      `config.yaml:9: adopt.securityGroup: "${own}" is also in securityGroupIds; the adopted group becomes the one ecs-privatelink manages: remove it from securityGroupIds`,
    ]);
    expect(problems(`${VPC}allowedSecurityGroupIds: [${SG}]\nadopt:\n  securityGroup: ${SG}\n`)).toEqual([
      `config.yaml:8: adopt.securityGroup: "${SG}" is also in allowedSecurityGroupIds; the adopted group becomes the one ecs-privatelink manages: remove it from allowedSecurityGroupIds`,
    ]);
  });
});
