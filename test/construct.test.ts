import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcEndpointRouteTableAssociation } from '@cdktf/provider-aws/lib/vpc-endpoint-route-table-association';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import type { Partition } from '../lib/model/catalog';
import { canonicalJson, principalPolicy, s3EcrLayersPolicy } from '../lib/model/policies';
import { EcsPrivateLink, type EcsPrivateLinkProps } from '../lib/cdktf/construct';
import { loadConfig } from '../lib/model/config';
import { DEFAULT_STACK_NAME, EcsPrivateLinkStack } from '../lib/cdktf/stack';
import { EXAMPLE_CONFIG } from './support/cases';

const base: EcsPrivateLinkProps = {
  region: 'eu-west-1',
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: ['subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
  routeTableIds: ['rtb-0123456789abcdef1'],
  allowedCidrBlocks: ['10.0.0.0/16'],
};

function synth(props: EcsPrivateLinkProps): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new EcsPrivateLink(stack, 'privatelink', props);
  return Testing.synth(stack);
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;
function resources(json: string): Resources {
  return (JSON.parse(json) as { resource: Resources }).resource;
}

describe('EcsPrivateLink', () => {
  test('defines the six endpoints of the announcement by default', () => {
    const json = synth(base);
    const endpoints = Object.values(resources(json).aws_vpc_endpoint);
    expect(endpoints.map((e) => e.service_name).sort()).toEqual([
      'com.amazonaws.eu-west-1.ecr.api',
      'com.amazonaws.eu-west-1.ecr.dkr',
      'com.amazonaws.eu-west-1.ecs',
      'com.amazonaws.eu-west-1.ecs-agent',
      'com.amazonaws.eu-west-1.ecs-telemetry',
      'com.amazonaws.eu-west-1.s3',
    ]);
    for (const service of ['ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry']) {
      expect(json).toHaveResourceWithProperties(VpcEndpoint, {
        service_name: `com.amazonaws.eu-west-1.${service}`,
        vpc_endpoint_type: 'Interface',
        private_dns_enabled: true,
        subnet_ids: base.subnetIds,
        vpc_id: base.vpcId,
      });
    }
  });

  test('puts the s3 gateway on the route tables, without subnets, security groups or private DNS', () => {
    const json = synth({ ...base, routeTableIds: ['rtb-0123456789abcdef1', 'rtb-0123456789abcdef2'] });
    const s3 = Object.values(resources(json).aws_vpc_endpoint).find((e) => e.service_name === 'com.amazonaws.eu-west-1.s3')!;
    expect(s3.vpc_endpoint_type).toBe('Gateway');
    expect(s3).not.toHaveProperty('subnet_ids');
    expect(s3).not.toHaveProperty('security_group_ids');
    expect(s3).not.toHaveProperty('private_dns_enabled');
    const associations = Object.values(resources(json).aws_vpc_endpoint_route_table_association);
    expect(associations.map((a) => a.route_table_id).sort()).toEqual(['rtb-0123456789abcdef1', 'rtb-0123456789abcdef2']);
    expect(json).toHaveResourceWithProperties(VpcEndpointRouteTableAssociation, { vpc_endpoint_id: '${aws_vpc_endpoint.privatelink_s3_6AAEB6B9.id}' });
  });

  test('creates a security group with HTTPS in from each source and no egress rule', () => {
    const json = synth({ ...base, allowedCidrBlocks: ['10.0.0.0/16', '2001:db8::/56'], allowedSecurityGroupIds: ['sg-0123456789abcdef0'] });
    expect(json).toHaveResourceWithProperties(SecurityGroup, { name: 'ecs-privatelink-endpoints', egress: [], vpc_id: base.vpcId });
    const rules = Object.values(resources(json).aws_vpc_security_group_ingress_rule);
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    }
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { cidr_ipv4: '10.0.0.0/16' });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { cidr_ipv6: '2001:db8::/56' });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { referenced_security_group_id: 'sg-0123456789abcdef0' });
    const sg = Object.values(resources(json).aws_security_group)[0];
    expect(sg).not.toHaveProperty('ingress');
  });

  test('attaches existing security groups instead of creating one', () => {
    const json = synth({ ...base, allowedCidrBlocks: [], createSecurityGroup: false, securityGroupIds: ['sg-0aaaaaaaaaaaaaaa1'] });
    expect(json).not.toHaveResource(SecurityGroup);
    expect(json).not.toHaveResource(VpcSecurityGroupIngressRule);
    expect(json).toHaveResourceWithProperties(VpcEndpoint, { service_name: 'com.amazonaws.eu-west-1.ecr.api', security_group_ids: ['sg-0aaaaaaaaaaaaaaa1'] });
  });

  test('attaches the created security group AND the existing ones to every interface endpoint, none to the s3 gateway', () => {
    const existing = ['sg-0aaaaaaaaaaaaaaa1', 'sg-0aaaaaaaaaaaaaaa2'];
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const construct = new EcsPrivateLink(stack, 'privatelink', { ...base, createSecurityGroup: true, securityGroupIds: existing, allowedSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaa3'] });
    const json = Testing.synth(stack);
    const groups = Object.keys(resources(json).aws_security_group);
    expect(groups).toHaveLength(1);
    const created = `\${aws_security_group.${groups[0]}.id}`;
    const endpoints = Object.values(resources(json).aws_vpc_endpoint);
    const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(interfaces).toHaveLength(5);
    for (const e of interfaces) expect({ service: e.service_name, groups: e.security_group_ids }).toEqual({ service: e.service_name, groups: [created, ...existing] });
    expect(endpoints.find((e) => e.vpc_endpoint_type === 'Gateway')).not.toHaveProperty('security_group_ids');
    expect(construct.securityGroupIds).toHaveLength(3);
    expect(construct.securityGroupIds.slice(1)).toEqual(existing);
  });

  test('attaches only the created security group when no existing one is given', () => {
    const json = synth({ ...base, createSecurityGroup: true });
    const group = Object.keys(resources(json).aws_security_group)[0];
    for (const e of Object.values(resources(json).aws_vpc_endpoint).filter((x) => x.vpc_endpoint_type === 'Interface')) {
      expect(e.security_group_ids).toEqual([`\${aws_security_group.${group}.id}`]);
    }
  });

  test.each([
    ['subnetIds', { subnetIds: ['subnet-0123456789abcdef1', 'subnet-0123456789abcdef1'] }, 'subnet-0123456789abcdef1'],
    ['routeTableIds', { routeTableIds: ['rtb-0123456789abcdef1', 'rtb-0123456789abcdef2', 'rtb-0123456789abcdef1'] }, 'rtb-0123456789abcdef1'],
    ['allowedCidrBlocks', { allowedCidrBlocks: ['10.0.0.0/16', '10.0.0.0/16'] }, '10.0.0.0/16'],
    ['allowedSecurityGroupIds', { allowedSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaa3', 'sg-0aaaaaaaaaaaaaaa3'] }, 'sg-0aaaaaaaaaaaaaaa3'],
    ['securityGroupIds', { securityGroupIds: ['sg-0aaaaaaaaaaaaaaa1', 'sg-0aaaaaaaaaaaaaaa1'] }, 'sg-0aaaaaaaaaaaaaaa1'],
    ['allowedPrincipalAccountIds', { allowedPrincipalAccountIds: ['111122223333', '111122223333'] }, '111122223333'],
  ] as [string, Partial<EcsPrivateLinkProps>, string][])('rejects %s with an entry listed twice, naming the prop and the value', (prop, props, value) => {
    // The configuration file's words (lib/cdktf/validate.ts), at the index of the second entry.
    expect(() => synth({ ...base, ...props })).toThrow(new RegExp(`^EcsPrivateLink privatelink: ${prop}\\[\\d+\\]: "${value.replace(/[.]/g, '\\.')}" is listed twice`));
  });

  test('tags every resource with the user tags and a Name', () => {
    const json = synth({ ...base, profile: 'none', tags: { team: 'platform' }, namePrefix: 'shared', endpoints: { ecr_api: { tags: { tier: 'api' } }, s3: {} } });
    expect(json).toHaveResourceWithProperties(VpcEndpoint, { tags: { team: 'platform', tier: 'api', Name: 'shared-ecr-api' } });
    expect(json).toHaveResourceWithProperties(VpcEndpoint, { tags: { team: 'platform', Name: 'shared-s3' } });
    expect(json).toHaveResourceWithProperties(SecurityGroup, { tags: { team: 'platform', Name: 'shared-endpoints' } });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { tags: { team: 'platform', Name: 'shared-endpoints-https' } });
  });

  test('uses the cn.com.amazonaws prefix for ECR in China, and the standard one for ECS and the S3 gateway', () => {
    const names = Object.values(resources(synth({ ...base, region: 'cn-northwest-1' })).aws_vpc_endpoint).map((e) => e.service_name);
    expect(names).toEqual(
      expect.arrayContaining([
        'cn.com.amazonaws.cn-northwest-1.ecr.api',
        'cn.com.amazonaws.cn-northwest-1.ecr.dkr',
        'com.amazonaws.cn-northwest-1.ecs',
        'com.amazonaws.cn-northwest-1.s3',
      ]),
    );
  });

  test('exposes the endpoints by catalog key, the security group and the S3 prefix list', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const pl = new EcsPrivateLink(stack, 'privatelink', base);
    expect(Object.keys(pl.endpoints).sort()).toEqual(['ecr_api', 'ecr_dkr', 'ecs', 'ecs_agent', 'ecs_telemetry', 's3']);
    expect(pl.endpoints.ecr_api.node.id).toBe('ecr_api');
    expect(pl.securityGroup).toBeDefined();
    new TerraformOutput(stack, 'prefix', { value: pl.s3PrefixListId });
    expect(JSON.parse(Testing.synth(stack)).output.prefix.value).toBe('${aws_vpc_endpoint.privatelink_s3_6AAEB6B9.prefix_list_id}');
  });

  test('gives no endpoint a policy by default: AWS applies its default, full access', () => {
    for (const endpoint of Object.values(resources(synth(base)).aws_vpc_endpoint)) expect(endpoint).not.toHaveProperty('policy');
  });

  test.each([
    ['eu-west-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('s3EcrLayersOnly in %s restricts the s3 gateway to the layer bucket, with arn:%s', (region, partition) => {
    const endpoints = Object.values(resources(synth({ ...base, region, s3EcrLayersOnly: true })).aws_vpc_endpoint);
    const s3 = endpoints.find((e) => e.vpc_endpoint_type === 'Gateway')!;
    expect(JSON.parse(s3.policy as string)).toEqual(s3EcrLayersPolicy(partition as Partition, region));
    expect(s3.policy).toBe(canonicalJson(s3EcrLayersPolicy(partition as Partition, region)));
    expect(endpoints.filter((e) => e.policy !== undefined)).toHaveLength(1);
  });

  test('allowedPrincipalAccountIds and allowedPrincipalOrgId restrict the ECR and ECS endpoints only; an endpoint\'s own policy replaces its preset', () => {
    const own = '{"Statement":[{"Action":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}},"Effect":"Allow","Principal":"*","Resource":"*"}],"Version":"2012-10-17"}';
    const json = synth({
      ...base,
      allowedPrincipalAccountIds: ['444455556666', '111122223333'],
      allowedPrincipalOrgId: 'o-a1b2c3d4e5',
      profile: 'none',
      endpoints: { ecr_api: {}, ecr_dkr: { policy: own }, s3: {}, ecs: {}, logs: {} },
    });
    const byService = Object.fromEntries(Object.values(resources(json).aws_vpc_endpoint).map((e) => [String(e.service_name).split('.').slice(3).join('.'), e.policy]));
    const preset = canonicalJson(principalPolicy(['111122223333', '444455556666'], 'o-a1b2c3d4e5'));
    expect(byService).toEqual({ 'ecr.api': preset, 'ecr.dkr': own.replace('${', () => '$${'), s3: undefined, ecs: preset, logs: undefined });
  });

  test('writes strings Terraform would read as templates literally: ${ and %{ escaped, a leading U+FEFF as an interpolation', () => {
    const json = synth({ ...base, profile: 'none', tags: { '\ufeff${k}': '\ufeff%{v}' }, endpoints: { s3: {} } });
    const s3 = Object.values(resources(json).aws_vpc_endpoint)[0];
    expect(s3.tags).toEqual({ '${"\\uFEFF"}$${k}': '${"\\uFEFF"}%%{v}', Name: 'ecs-privatelink-s3' });
  });

  test('rejects malformed principal ids, presets with nothing to restrict, and the tag key __proto__', () => {
    expect(() => synth({ ...base, allowedPrincipalAccountIds: ['1111222233'] })).toThrow(/allowedPrincipalAccountIds\[0\]: "1111222233" is not valid; expected an AWS account id: 12 digits/);
    expect(() => synth({ ...base, allowedPrincipalOrgId: 'o-X' })).toThrow(/allowedPrincipalOrgId: "o-X" is not valid; expected an AWS Organizations id/);
    expect(() => synth({ ...base, profile: 'none', s3EcrLayersOnly: true, endpoints: { ecr_api: {} } })).toThrow(/s3EcrLayersOnly is true, but the s3 gateway endpoint is not among the endpoints/);
    expect(() => synth({ ...base, profile: 'none', allowedPrincipalOrgId: 'o-a1b2c3d4e5', endpoints: { s3: {}, logs: {} } })).toThrow(/restrict ecr_api, ecr_dkr, ecs, ecs_agent, ecs_telemetry, and none of them/);
    expect(() => synth({ ...base, tags: JSON.parse('{"__proto__": "x"}') })).toThrow(/tags has the key "__proto__", which CDKTF silently drops/);
    expect(() => synth({ ...base, endpoints: { s3: { tags: { '%': 'x' } } } })).toThrow(/endpoints\.s3\.tags has the key "%", which the AWS provider silently drops/);
  });

  test('accepts unresolved tokens as principal ids', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const account = new TerraformVariable(stack, 'account', { type: 'string' });
    new EcsPrivateLink(stack, 'privatelink', { ...base, allowedPrincipalAccountIds: [account.stringValue] });
    expect(Testing.synth(stack)).toContain('\\"aws:PrincipalAccount\\":[\\"${var.account}\\"]');
  });

  test('rejects an unknown endpoint key', () => {
    expect(() => synth({ ...base, endpoints: { ecr_apii: {} } })).toThrow(/endpoints\.ecr_apii: "ecr_apii" is not a known endpoint; allowed: ecr_api, ecr_dkr, .*; did you mean "ecr_api"\?/);
  });

  test('rejects ecr_dkr without private DNS', () => {
    expect(() => synth({ ...base, endpoints: { ecr_dkr: { privateDnsEnabled: false } } })).toThrow(/ecr_dkr\.privateDnsEnabled is false/);
  });

  // Each rule the construct shares with the configuration file, the message written out as a user reads it: the
  // props are maps, so entries are named by their keys (customEndpoints.ddb), lists by index (subnetIds[1]).
  const ONLY_INTERFACE = 'only applies to interface endpoints, and s3 (a gateway endpoint) is reached through route tables; remove it';
  test.each([
    ['a custom endpoint with the key of an endpoint of the profile', { customEndpoints: { ecs: { service: 'sqs' } } }, 'customEndpoints.ecs has the key of an endpoint of endpoints or of the profile; choose another key'],
    [
      'an endpoint no private hosted zone can serve',
      { privateDnsFromHubZones: ['s3'] },
      'privateDnsFromHubZones has "s3"; a private hosted zone can serve only ecr_api, ecr_dkr, ecs, logs, secretsmanager, ssm, ssmmessages, ec2messages, kms, sts',
    ],
    [
      'accounts (no organization) with none of the endpoints they restrict',
      { profile: 'none', endpoints: { s3: {} }, allowedPrincipalAccountIds: ['111122223333'] },
      'allowedPrincipalAccountIds and allowedPrincipalOrgId restrict ecr_api, ecr_dkr, ecs, ecs_agent, ecs_telemetry, and none of them is among the endpoints',
    ],
    ['subnets of the s3 gateway', { endpoints: { s3: { subnetIds: ['subnet-0123456789abcdef1'] } } }, `endpoints.s3.subnetIds: ${ONLY_INTERFACE}`],
    ['security groups of the s3 gateway', { endpoints: { s3: { securityGroupIds: ['sg-0123456789abcdef1'] } } }, `endpoints.s3.securityGroupIds: ${ONLY_INTERFACE}`],
    ['an IP address type of the s3 gateway', { endpoints: { s3: { ipAddressType: 'dualstack' } } }, `endpoints.s3.ipAddressType: ${ONLY_INTERFACE}`],
    ['DNS options of the s3 gateway', { endpoints: { s3: { dnsOptions: { dnsRecordIpType: 'ipv4' } } } }, `endpoints.s3.dnsOptions: ${ONLY_INTERFACE}`],
    ['a service region of the s3 gateway', { endpoints: { s3: { serviceRegion: 'us-east-1' } } }, `endpoints.s3.serviceRegion: ${ONLY_INTERFACE}`],
    [
      'dual-stack ECR',
      { endpoints: { ecr_api: { ipAddressType: 'dualstack' } } },
      'endpoints.ecr_api.ipAddressType: "dualstack" is not supported by ecr.api: Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints: use IPv4-only ECR endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html); remove the line or use ipv4',
    ],
    [
      'ecs_agent in another region',
      { endpoints: { ecs_agent: { serviceRegion: 'us-east-1' } } },
      "endpoints.ecs_agent.serviceRegion: ecs-agent cannot be reached in another region: AWS's list of cross-region PrivateLink services has ecr.api, ecr.dkr, ecs and the S3 interface endpoint among the ECS/ECR ones, not ecs-agent or ecs-telemetry (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html); remove serviceRegion",
    ],
    ['an endpoint subnet listed twice', { endpoints: { ecs: { subnetIds: ['subnet-0123456789abcdef1', 'subnet-0123456789abcdef1'] } } }, 'endpoints.ecs.subnetIds[1]: "subnet-0123456789abcdef1" is listed twice'],
    [
      'private DNS of a custom gateway endpoint',
      { customEndpoints: { ddb: { service: 'dynamodb', type: 'Gateway', privateDnsEnabled: false } } },
      'customEndpoints.ddb.privateDns: only applies to interface endpoints, and dynamodb (a gateway endpoint) has no private DNS; remove it',
    ],
    [
      'subnets of a custom gateway endpoint',
      { customEndpoints: { ddb: { service: 'dynamodb', type: 'Gateway', subnetIds: ['subnet-0123456789abcdef1'] } } },
      'customEndpoints.ddb.subnetIds: only applies to interface endpoints, and dynamodb (a gateway endpoint) is reached through route tables; remove it',
    ],
    [
      'a custom endpoint security group listed twice',
      { customEndpoints: { q: { service: 'sqs', securityGroupIds: ['sg-0123456789abcdef1', 'sg-0123456789abcdef1'] } } },
      'customEndpoints.q.securityGroupIds[1]: "sg-0123456789abcdef1" is listed twice',
    ],
    [
      'a custom endpoint of a catalog service',
      { customEndpoints: { mylogs: { service: 'logs' } } },
      'customEndpoints.mylogs.service: "logs" is in the catalog; list it in endpoints instead (as "logs" or {service: logs, ...} with options)',
    ],
    [
      'a custom gateway endpoint AWS does not offer',
      { customEndpoints: { q: { service: 'sqs', type: 'Gateway' } } },
      'customEndpoints.q.type: Gateway is not offered for "sqs": AWS has gateway endpoints for s3 and dynamodb only; remove type to get an interface endpoint',
    ],
    [
      'two custom endpoints of one service, with no endpoint of the catalog',
      { profile: 'none', customEndpoints: { a: { service: 'sqs' }, b: { service: 'sqs' } } },
      'customEndpoints.b.service: "sqs" has the same key (sqs) as customEndpoints.a; list each service once',
    ],
    [
      'a DNS option for a service without a gateway',
      { customEndpoints: { q: { service: 'sqs', dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: true } } } },
      'customEndpoints.q.dnsOptions.privateDnsOnlyForInboundResolverEndpoint: only applies to the interface endpoint of a service that also has a gateway endpoint (s3, dynamodb), not to sqs; remove it',
    ],
  ] as [string, Partial<EcsPrivateLinkProps>, string][])('rejects %s, in the configuration file\'s words', (_name, props, message) => {
    expect(() => synth({ ...base, ...props })).toThrow(new Error(`EcsPrivateLink privatelink: ${message}`));
  });

  test('takes no endpoint but custom ones with profile none, and no endpoint at all (a spoke of a hub that keeps none)', () => {
    const custom = resources(synth({ ...base, profile: 'none', customEndpoints: { q: { service: 'sqs' } } })).aws_vpc_endpoint;
    expect(Object.values(custom).map((e) => e.service_name)).toEqual(['com.amazonaws.eu-west-1.sqs']);
    expect(resources(synth({ ...base, profile: 'none' })) ?? {}).toEqual({});
  });

  test('with only the required props: the six endpoints without subnets, a security group without ingress rules, no route table association', () => {
    const all = resources(synth({ region: 'eu-west-1', vpcId: 'vpc-0123456789abcdef0' }));
    expect(Object.keys(all).sort()).toEqual(['aws_security_group', 'aws_vpc_endpoint']);
    const interfaces = Object.values(all.aws_vpc_endpoint).filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(interfaces.map((e) => e.subnet_ids)).toEqual([[], [], [], [], []]);
  });

  test("an endpoint's own security groups come after the shared ones, each once", () => {
    const shared = ['sg-0aaaaaaaaaaaaaaa1', 'sg-0aaaaaaaaaaaaaaa2'];
    const json = synth({ ...base, securityGroupIds: shared, endpoints: { ecs: { securityGroupIds: ['sg-0aaaaaaaaaaaaaaa2', 'sg-0aaaaaaaaaaaaaaa3'] } } });
    const ecs = Object.values(resources(json).aws_vpc_endpoint).find((e) => e.service_name === 'com.amazonaws.eu-west-1.ecs')!;
    expect(ecs.security_group_ids).toEqual(['sg-0aaaaaaaaaaaaaaa1', 'sg-0aaaaaaaaaaaaaaa2', 'sg-0aaaaaaaaaaaaaaa3']);
  });
});

describe('EcsPrivateLinkStack', () => {
  test('declares an AWS provider range that accepts both 5.100 and 6.x', () => {
    const app = Testing.app();
    const stack = new EcsPrivateLinkStack(app, DEFAULT_STACK_NAME, loadConfig(EXAMPLE_CONFIG));
    const json = JSON.parse(Testing.synth(stack));
    // cdktf writes the source `aws`, cdktn `hashicorp/aws`: the same provider to Terraform.
    expect(json.terraform.required_providers.aws).toEqual({ source: expect.stringMatching(/^(hashicorp\/)?aws$/), version: '>= 5.100, < 7.0' });
    expect(json.provider.aws).toEqual([{ region: 'eu-west-1' }]);
  });
});
