/**
 * Inputs that fit what users already do (issue 13): endpoints add to the
 * profile, custom endpoints, per-endpoint options, cross-region, the open
 * region list, existing security groups meaning "create none", and every
 * problem of a file in one run. Config side and construct side.
 */
import { Testing, TerraformStack } from 'cdktf';
import { EcsPrivateLink, type EcsPrivateLinkProps } from '../lib/cdktf/construct';
import { specToProps } from '../lib/cdktf/props';
import { ConfigError, parseConfig, type Spec } from '../lib/model/config';
import { specToTfvars } from '../generators/tfvars';

const BASE = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
subnetIds: [subnet-0a1b2c3d4e5f60001]
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.20.0.0/16]
`;

function spec(text: string): Spec {
  return parseConfig(text, 'c.yaml');
}

function messages(text: string): string[] {
  try {
    parseConfig(text, 'c.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message.split('\n');
  }
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;
function synth(props: EcsPrivateLinkProps): Resources {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new EcsPrivateLink(stack, 'privatelink', props);
  return (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
}

/** The synthesized endpoint of a key, found by its Name tag (construct ids get a hash suffix). */
function endpoint(r: Resources, key: string): Record<string, unknown> | undefined {
  return Object.values(r.aws_vpc_endpoint).find((e) => (e.tags as Record<string, string>).Name === `ecs-privatelink-${key.replace(/_/g, '-')}`);
}

const keys = (r: Resources) => Object.values(r.aws_vpc_endpoint).map((e) => (e.tags as Record<string, string>).Name.replace('ecs-privatelink-', '')).sort();

const props: EcsPrivateLinkProps = {
  region: 'eu-west-1',
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: ['subnet-0123456789abcdef1'],
  routeTableIds: ['rtb-0123456789abcdef1'],
  allowedCidrBlocks: ['10.0.0.0/16'],
};

describe('endpoints add to the profile', () => {
  test('a listed endpoint is added to the default profile; the six stay', () => {
    expect(spec(`${BASE}endpoints: [logs]\n`).endpoints.map((e) => e.service)).toEqual(['ecr.api', 'ecr.dkr', 's3', 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs']);
  });

  test('an entry for an endpoint of the profile sets its options and adds nothing; profile none keeps only the listed ones', () => {
    const s = spec(`${BASE}profile: ecr-only\nendpoints:\n  - { service: ecr.api, timeouts: { create: 20m } }\n`);
    expect(s.endpoints.map((e) => e.key)).toEqual(['ecr_api', 'ecr_dkr', 's3']);
    expect(s.endpoints[0].timeouts).toEqual({ create: '20m' });
    expect(spec(`${BASE}profile: none\nendpoints: [s3]\n`.replace('subnetIds: [subnet-0a1b2c3d4e5f60001]\n', '').replace('allowedCidrBlocks: [10.20.0.0/16]\n', '')).endpoints.map((e) => e.key)).toEqual(['s3']);
  });

  test('the construct adds endpoints to its profile too', () => {
    expect(keys(synth({ ...props, profile: 'ecr-only', endpoints: { logs: {} } }))).toEqual(['ecr-api', 'ecr-dkr', 'logs', 's3']);
  });

  test('catalog typos in endpoints are still caught, with a suggestion', () => {
    expect(messages(`${BASE}endpoints: [ecr-api]\n`)).toEqual(['c.yaml:6: endpoints[0]: "ecr-api" is not a known endpoint; allowed: ecr.api, ecr.dkr, s3, ecs, ecs-agent, ecs-telemetry, logs, secretsmanager, ssm, ssmmessages, ec2messages, kms, sts; did you mean "ecr.api"?']);
  });
});

describe('custom endpoints', () => {
  test('any well-formed AWS short name, Interface by default, keyed by its name in snake case', () => {
    const s = spec(`${BASE}profile: ecr-only\ncustomEndpoints:\n  - service: sqs\n  - { service: elasticfilesystem, privateDns: false }\n  - { service: dynamodb, type: Gateway }\n  - service: s3\n`);
    const custom = s.endpoints.filter((e) => e.custom);
    expect(custom.map((e) => [e.key, e.type, e.serviceName, e.privateDns])).toEqual([
      ['sqs', 'Interface', 'com.amazonaws.eu-west-1.sqs', true],
      ['elasticfilesystem', 'Interface', 'com.amazonaws.eu-west-1.elasticfilesystem', false],
      ['dynamodb', 'Gateway', 'com.amazonaws.eu-west-1.dynamodb', undefined],
      ['s3_interface', 'Interface', 'com.amazonaws.eu-west-1.s3', true],
    ]);
  });

  test('the construct plans them: the DynamoDB gateway on the route tables, the S3 interface endpoint beside the s3 gateway', () => {
    const r = synth({ ...props, profile: 'ecr-only', customEndpoints: { dynamodb: { service: 'dynamodb', type: 'Gateway' }, s3_interface: { service: 's3' } } });
    expect(endpoint(r, 'dynamodb')).toMatchObject({ service_name: 'com.amazonaws.eu-west-1.dynamodb', vpc_endpoint_type: 'Gateway' });
    expect(endpoint(r, 's3_interface')).toMatchObject({ service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Interface', private_dns_enabled: true });
    expect(Object.values(r.aws_vpc_endpoint_route_table_association)).toHaveLength(2);
  });

  test('rejects a malformed custom service name in the construct', () => {
    expect(() => synth({ ...props, customEndpoints: { efs: { service: 'Elastic FS' } } })).toThrow(/customEndpoints\.efs\.service is "Elastic FS"; an AWS short service name/);
  });
});

describe('per-endpoint options', () => {
  const text = `${BASE}securityGroupIds: [sg-0a1b2c3d4e5f60001]\nallowedCidrBlocks: []\nendpoints:\n  - service: ecr.dkr\n    subnetIds: [subnet-0a1b2c3d4e5f60003]\n    securityGroupIds: [sg-0a1b2c3d4e5f60002]\n  - service: kms\n    ipAddressType: dualstack\n    dnsOptions: { dnsRecordIpType: dualstack }\n  - { service: ecr.api, serviceRegion: us-east-1 }\n`.replace('allowedCidrBlocks: [10.20.0.0/16]\n', '');

  test('reach the construct: own subnets, extra groups, IP address type, DNS options, service region', () => {
    const r = synth(specToProps(spec(text)));
    expect(endpoint(r, 'ecr_dkr')).toMatchObject({ subnet_ids: ['subnet-0a1b2c3d4e5f60003'], security_group_ids: ['sg-0a1b2c3d4e5f60001', 'sg-0a1b2c3d4e5f60002'] });
    expect(endpoint(r, 'kms')).toMatchObject({ ip_address_type: 'dualstack', dns_options: { dns_record_ip_type: 'dualstack' } });
    expect(endpoint(r, 'ecr_api')).toMatchObject({ service_name: 'com.amazonaws.us-east-1.ecr.api', service_region: 'us-east-1' });
  });

  test('reach the module inputs with the same values', () => {
    const inputs = specToTfvars(spec(text));
    expect(inputs.endpoints.ecr_dkr).toEqual({ private_dns_enabled: true, subnet_ids: ['subnet-0a1b2c3d4e5f60003'], security_group_ids: ['sg-0a1b2c3d4e5f60002'] });
    expect(inputs.endpoints.kms).toEqual({ private_dns_enabled: true, ip_address_type: 'dualstack', dns_options: { dns_record_ip_type: 'dualstack' } });
    expect(inputs.endpoints.ecr_api).toEqual({ private_dns_enabled: true, service_region: 'us-east-1' });
  });

  test('rejects, in the construct, dual-stack ECR and cross-region ecs-agent with the reasons', () => {
    expect(() => synth({ ...props, endpoints: { ecr_api: { ipAddressType: 'dualstack' } } })).toThrow(/endpoints\.ecr_api\.ipAddressType: "dualstack" is not supported by ecr\.api: Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints/);
    expect(() => synth({ ...props, endpoints: { ecs_agent: { serviceRegion: 'us-east-1' } } })).toThrow(/endpoints\.ecs_agent\.serviceRegion: ecs-agent cannot be reached in another region/);
  });

  test('warns, without refusing, about the image layers of a cross-region ECR', () => {
    const s = spec(`${BASE}profile: ecr-only\nendpoints:\n  - { service: ecr.dkr, serviceRegion: us-east-1 }\n`);
    expect(s.warnings?.map((w) => `${w.line}: ${w.path}: ${w.message.slice(0, 60)}`)).toEqual(['8: endpoints[0].serviceRegion: ECR serves the image layers of us-east-1 from the S3 bucket ']);
  });
});

describe('existing security groups mean "create none", on both paths', () => {
  test('the configuration, the construct and the module inputs', () => {
    const s = spec(`${BASE}securityGroupIds: [sg-0a1b2c3d4e5f60001]\n`.replace('allowedCidrBlocks: [10.20.0.0/16]\n', ''));
    expect(s.createSecurityGroup).toBe(false);
    expect(synth({ ...props, allowedCidrBlocks: [], securityGroupIds: ['sg-0123456789abcdef1'] }).aws_security_group).toBeUndefined();
    expect(synth(props).aws_security_group).toBeDefined();
  });
});

describe('regions', () => {
  test('a well-formed region that is not known is accepted with a warning (with a suggestion when it is close to a known one)', () => {
    const s = spec(BASE.replace('eu-west-1', 'eu-west-9'));
    expect(s.partition).toBe('aws');
    expect(s.endpoints[0].serviceName).toBe('com.amazonaws.eu-west-9.ecr.api');
    expect(s.warnings).toEqual([{ path: 'region', line: 1, message: expect.stringContaining('"eu-west-9" is not among the regions ecs-privatelink knows; it is used as written (partition aws); did you mean "eu-west-1"?') }]);
    expect(spec(BASE.replace('eu-west-1', 'us-isob-west-7')).partition).toBe('aws-iso-b');
    expect(spec(BASE).warnings).toBeUndefined();
  });

  test('rejects a malformed region', () => {
    expect(messages(BASE.replace('eu-west-1', 'eu-west'))[0]).toMatch(/^c\.yaml:1: region: "eu-west" is not valid; expected an AWS region name/);
  });
});

describe('every problem of a file in one run', () => {
  test('an unknown field and a mistyped list item do not hide the rule problems of the other fields', () => {
    const text = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
subnets:
  - { id: subnet-0a1b2c3d4e5f60001, availabilityZone: eu-west-1a }
  - { id: subnet-0a1b2c3d4e5f60002, availabilityZone: eu-west-1a }
  - { id: subnet-bad, availabilityZone: eu-west-1b }
routeTableIds: [rtb-0a1b2c3d4e5f60001]
allowedCidrBlocks: [10.0.0.1/16]
privateDns: { ecr.dkr: false }
endpont: logs
`;
    expect(messages(text).map((m) => m.split(': ').slice(0, 2).join(': '))).toEqual([
      'c.yaml:5: subnets[1]',
      'c.yaml:6: subnets[2].id',
      'c.yaml:8: allowedCidrBlocks[0]',
      'c.yaml:9: privateDns["ecr.dkr"]',
      'c.yaml:10: endpont',
    ]);
  });
});
