/**
 * The stack of one VPC (lib/cdktf/stack.ts) as synthesized, without Terraform: the pre-flight checks it adds
 * unless told not to, the cloud backend's hostname, and adoption's import blocks (and the guards behind
 * validation). test/adopt-terraform.test.ts and test/preflight.test.ts plan them.
 */
import { Testing } from 'cdktf';
import { parseConfig, type Spec } from '../lib/model/config';
import { EcsPrivateLinkStack } from '../lib/cdktf/stack';

const VPC = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
subnetIds: [subnet-0a1b2c3d4e5f60001]
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.20.0.0/16]
`;

interface Synthesized {
  import?: { to: string; id: string }[];
  check?: Record<string, unknown>;
  terraform: { cloud?: unknown };
}

function synth(spec: Spec, options: ConstructorParameters<typeof EcsPrivateLinkStack>[3] = {}): Synthesized {
  return JSON.parse(Testing.synth(new EcsPrivateLinkStack(Testing.app(), 'stack', spec, options))) as Synthesized;
}

describe('pre-flight checks', () => {
  test('are on by default and off with preflightChecks: false', () => {
    const spec = parseConfig(VPC, 'config.yaml');
    expect(Object.keys(synth(spec).check ?? {})).toEqual(['route_tables_in_vpc', 'subnets_in_vpc', 'vpc_dns_attributes']);
    expect(synth(spec, { preflightChecks: true }).check).toEqual(synth(spec).check);
    expect(synth(spec, { preflightChecks: false }).check).toBeUndefined();
  });
});

test('the cloud backend passes its hostname, and names none without one', () => {
  const cloud = (extra: string) => synth(parseConfig(`${VPC}backend:\n  cloud: { organization: acme, workspace: pl${extra} }\n`, 'config.yaml')).terraform.cloud;
  expect(cloud(', hostname: tfe.example.com')).toEqual({ hostname: 'tfe.example.com', organization: 'acme', workspaces: { name: 'pl' } });
  expect(cloud('')).toEqual({ organization: 'acme', workspaces: { name: 'pl' } });
});

describe('adopt', () => {
  test('imports each adopted endpoint and the adopted security group into the resources the stack creates', () => {
    const spec = parseConfig(`${VPC}adopt:\n  endpoints: { ecr.api: vpce-0a1b2c3d4e5f60001, s3: vpce-0a1b2c3d4e5f60002 }\n  securityGroup: sg-0a1b2c3d4e5f60003\n`, 'config.yaml');
    expect(synth(spec).import).toEqual([
      { id: 'sg-0a1b2c3d4e5f60003', to: expect.stringMatching(/^aws_security_group\.privatelink_security-group_[0-9A-F]{8}$/) },
      { id: 'vpce-0a1b2c3d4e5f60001', to: expect.stringMatching(/^aws_vpc_endpoint\.privatelink_ecr_api_[0-9A-F]{8}$/) },
      { id: 'vpce-0a1b2c3d4e5f60002', to: expect.stringMatching(/^aws_vpc_endpoint\.privatelink_s3_[0-9A-F]{8}$/) },
    ]);
    expect(synth(parseConfig(VPC, 'config.yaml')).import).toBeUndefined();
  });

  test('refuses, as a bug, what validation refuses: an endpoint the stack does not create, a security group it does not create', () => {
    const spec = parseConfig(VPC, 'config.yaml');
    expect(() => synth({ ...spec, adopt: { endpoints: { 'no.such': 'vpce-0a1b2c3d4e5f60001' } } })).toThrow(
      'cannot adopt vpce-0a1b2c3d4e5f60001 as no.such: the stack has no such endpoint (validation should have refused it)',
    );
    const existingGroup = parseConfig(`${VPC.replace('allowedCidrBlocks: [10.20.0.0/16]\n', '')}createSecurityGroup: false\nsecurityGroupIds: [sg-0a1b2c3d4e5f60009]\n`, 'config.yaml');
    expect(() => synth({ ...existingGroup, adopt: { endpoints: {}, securityGroup: 'sg-0a1b2c3d4e5f60003' } })).toThrow(
      'cannot adopt sg-0a1b2c3d4e5f60003: the stack creates no security group (validation should have refused it)',
    );
  });
});
