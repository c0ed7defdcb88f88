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
import { EXAMPLE_CONFIG } from './support/cases';

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
