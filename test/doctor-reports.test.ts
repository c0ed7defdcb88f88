/**
 * The doctor's reports word for word: each fixture snapshot, and variants of
 * them that reach the branches the fixtures do not (failed calls merged by
 * reason, a NAT route, transient and failed states, policies that deny or
 * allow under conditions, China and GovCloud names, fields of the wrong
 * type), analysed and compared with reviewed goldens in test/doctor/reports/
 * (the JSON report: severity, check, resource, what, why and fix of every
 * finding). `UPDATE_GOLDEN=1 npm test` rewrites them; read the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyse, type AnalyseOptions } from '../lib/reports/doctor/analyse';
import { parseSnapshot, type Snapshot } from '../lib/reports/doctor/snapshot';
import { loadConfig } from '../lib/model/config';
import { EXAMPLE_CONFIG } from './support/cases';
import { expectGolden, updatingGoldens } from './support/golden';

const FIXTURES = path.join(__dirname, 'doctor', 'snapshots');
const REPORTS = path.join(__dirname, 'doctor', 'reports');

type Output = Record<string, any>;
type Snap = Snapshot & { ec2: Record<string, Output>; ecs?: Record<string, Output> };

const read = (name: string, text: (t: string) => string = (t) => t): Snap => parseSnapshot(text(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'))) as Snap;
const endpoints = (s: Snap): Output[] => s.ec2.DescribeVpcEndpoints.VpcEndpoints;
/** The endpoint whose service name ends with `.<service>`. */
const endpoint = (s: Snap, service: string): Output => endpoints(s).find((e) => (e.ServiceName as string).endsWith(`.${service}`))!;
const group = (s: Snap, id: string): Output => s.ec2.DescribeSecurityGroups.SecurityGroups.find((g: Output) => g.GroupId === id);
const service = (s: Snap): Output => s.ecs!.DescribeServices.services[0];
const containers = (s: Snap): Output[] => s.ecs!['DescribeTaskDefinition.web:7'].taskDefinition.containerDefinitions;
const fail = (s: Snap, key: string, name: string, message: string) => {
  const [section, ...op] = key.split('.');
  delete (s as unknown as Record<string, Output>)[section][op.join('.')];
  s.errors = { ...s.errors, [key]: { name, message } };
};
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const LAYERS = 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*';
/** The healthy snapshot moved to another region (and partition), its names and ARNs with it. */
const moved = (region: string, partition: string) => (t: string) => t.replaceAll('eu-west-1', region).replaceAll('euw1-', 'x-').replaceAll('arn:aws:', `arn:${partition}:`);

interface Variant {
  base: string;
  edit?: (s: Snap) => void;
  text?: (t: string) => string;
  options?: () => AnalyseOptions;
}

const VARIANTS: Record<string, Variant> = {
  'no-cluster': { base: 'route-table-without-s3-gateway', edit: (s) => void (delete s.cluster, delete s.ecs) },
  'no-cluster-with-configuration': { base: 'route-table-without-s3-gateway', edit: (s) => void (delete s.cluster, delete s.ecs), options: () => ({ spec: loadConfig(EXAMPLE_CONFIG) }) },
  'no-cluster-configuration-on-ec2-without-ecs-endpoints': {
    base: 'healthy',
    edit: (s) => {
      delete s.cluster;
      delete s.ecs;
      s.ec2.DescribeVpcEndpoints.VpcEndpoints = endpoints(s).filter((e) => !/\.ecs(-agent|-telemetry)?$/.test(e.ServiceName));
    },
    options: () => ({ spec: loadConfig(EXAMPLE_CONFIG) }),
  },
  'calls-failed': {
    base: 'healthy',
    edit: (s) => {
      const denied = 'You are not authorized to perform this operation.';
      fail(s, 'ec2.DescribeSubnets', 'UnauthorizedOperation', denied);
      fail(s, 'ec2.DescribeRouteTables', 'UnauthorizedOperation', denied);
      fail(s, 'ecs.DescribeContainerInstances', 'UnauthorizedOperation', denied);
      fail(s, 'ec2.DescribeNetworkAcls', 'ThrottlingException', 'Rate exceeded');
      fail(s, 'ec2.DescribeSecurityGroups', 'ThrottlingException', 'Rate exceeded');
      fail(s, 'ec2.DescribePrefixLists', 'CredentialsProviderError', 'Could not load credentials from any providers');
      fail(s, 'ec2.DescribeVpcAttribute.enableDnsSupport', 'AccessDenied', '');
    },
  },
  'clients-route-to-a-nat-gateway': {
    base: 'awslogs-without-logs-endpoint',
    edit: (s) => {
      for (const t of s.ec2.DescribeRouteTables.RouteTables) t.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0a1b2c3d4e5f60001', State: 'active' });
    },
  },
  'clients-route-to-an-internet-or-transit-gateway': {
    base: 'awslogs-without-logs-endpoint',
    edit: (s) => {
      const [main, a, b] = s.ec2.DescribeRouteTables.RouteTables;
      main.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0a1b2c3d4e5f60001' });
      a.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0a1b2c3d4e5f60001' });
      b.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-0a1b2c3d4e5f60001', State: 'active' });
    },
  },
  'one-client-subnet-routes-to-a-blackholed-nat': {
    base: 'awslogs-without-logs-endpoint',
    edit: (s) => {
      const [, a, b] = s.ec2.DescribeRouteTables.RouteTables;
      a.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0a1b2c3d4e5f60001', State: 'active' });
      b.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0a1b2c3d4e5f60002', State: 'blackhole' });
    },
  },
  'fargate-service-without-egress': {
    base: 'healthy',
    edit: (s) => {
      group(s, 'sg-0a1b2c3d4e5f6aaaa').IpPermissionsEgress = [];
      service(s).launchType = 'FARGATE';
    },
  },
  'endpoints-pending-deleting-rejected-failed': {
    base: 'healthy',
    edit: (s) => {
      endpoint(s, 'ecs').State = 'pending';
      endpoint(s, 'ecs-telemetry').State = 'Deleting';
      endpoint(s, 'logs').State = 'Rejected';
      Object.assign(endpoint(s, 'kms'), { State: 'Failed', LastError: { Code: 'InsufficientIps', Message: 'no free address in subnet-0a1b2c3d4e5f60002' } });
      delete endpoint(s, 's3').State;
    },
  },
  'private-dns-off-on-logs': { base: 'healthy', edit: (s) => void (endpoint(s, 'logs').PrivateDnsEnabled = false) },
  's3-policy-denies-the-layers': {
    base: 'healthy',
    edit: (s) => void (endpoint(s, 's3').PolicyDocument = policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, { Sid: 'NoLayers', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: LAYERS })),
  },
  's3-policy-denies-without-sid': {
    base: 'healthy',
    edit: (s) => void (endpoint(s, 's3').PolicyDocument = policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' })),
  },
  's3-policy-allows-under-conditions': {
    base: 'healthy',
    edit: (s) => void (endpoint(s, 's3').PolicyDocument = policy({ Sid: 'OurOrg', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: LAYERS, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })),
  },
  's3-policy-allows-some-principals-without-sid': {
    base: 'healthy',
    edit: (s) => void (endpoint(s, 's3').PolicyDocument = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: LAYERS })),
  },
  's3-policy-unreadable': { base: 'healthy', edit: (s) => void (endpoint(s, 's3').PolicyDocument = '{"Statement": [') },
  's3-interface-endpoint-only': { base: 'healthy', edit: (s) => void Object.assign(endpoint(s, 's3'), { VpcEndpointType: 'Interface', PrivateDnsEnabled: true }) },
  'endpoint-subnet-gone': { base: 'healthy', edit: (s) => void endpoint(s, 'ecr.api').SubnetIds.push('subnet-0a1b2c3d4e5f6dead') },
  'vpc-not-found': { base: 'healthy', edit: (s) => void (s.ec2.DescribeVpcs = { Vpcs: [{ VpcId: 'vpc-0fffffffffffffff0' }] }) },
  'dns-attribute-without-value': { base: 'healthy', edit: (s) => void (s.ec2['DescribeVpcAttribute.enableDnsHostnames'] = { VpcId: s.vpcId }) },
  'endpoint-field-of-unexpected-type': { base: 'dns-hostnames-off', edit: (s) => void (endpoints(s)[0].SubnetIds = 'subnet-0a1b2c3d4e5f60001') },
  'container-instance-field-of-unexpected-type': { base: 'healthy', edit: (s) => void (s.ecs!.DescribeContainerInstances.containerInstances[0].attributes = 'ecs.subnet-id') },
  'outputs-of-the-wrong-shape': {
    base: 'healthy',
    edit: (s) => {
      (s.ec2 as Record<string, unknown>).DescribeSubnets = ['subnet-0a1b2c3d4e5f60001'];
      (s.ec2 as Record<string, unknown>).DescribePrefixLists = 'pl-6da54004';
      s.ec2.DescribeRouteTables.RouteTables = [7];
    },
  },
  'outputs-that-are-null': {
    base: 'healthy',
    edit: (s) => {
      (s.ec2 as Record<string, unknown>).DescribeSubnets = null;
      s.ec2.DescribeRouteTables.RouteTables = [null];
      s.ec2.DescribeNetworkAcls.NetworkAcls = 'acl-0a1b2c3d4e5f60000';
    },
  },
  'a-list-left-out-when-empty': { base: 'healthy', edit: (s) => void (s.ec2.DescribeNetworkAcls = {}) },
  'operations-missing': {
    base: 'dns-support-off',
    edit: (s) => {
      delete s.ec2.DescribeNetworkAcls;
      delete s.ec2['DescribeVpcAttribute.enableDnsHostnames'];
      delete s.ecs!['DescribeTaskDefinition.web:7'];
    },
  },
  'secrets-by-parameter-name-and-registry-credentials': {
    base: 'healthy',
    edit: (s) => {
      s.ec2.DescribeVpcEndpoints.VpcEndpoints = endpoints(s).filter((e) => !/\.(ssm|secretsmanager|kms)$/.test(e.ServiceName));
      const [web] = containers(s);
      web.secrets = [{ name: 'API_KEY', valueFrom: 'prod/api-key' }];
      web.repositoryCredentials = { credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:dockerhub-AbCdEf' };
      containers(s).push({ name: 'sidecar', image: 'public.ecr.aws/nginx/nginx:1.27', logConfiguration: { logDriver: 'json-file' } });
    },
  },
  'container-instance-found-by-its-attribute': {
    base: 'healthy',
    edit: (s) => {
      // No EC2 instance to read its subnet from: the ecs.subnet-id attribute places it in subnet a, whose CIDR the endpoints let in.
      s.ec2.DescribeInstances = { Reservations: [{ Instances: [] }] };
      group(s, 'sg-0a1b2c3d4e5f6eeee').IpPermissions = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/20' }] }];
    },
  },
  'services-and-instances-known-by-arn-only': {
    base: 'healthy',
    edit: (s) => {
      // A Fargate service without its name or network configuration, one with neither name nor ARN; an instance known by its ARN, one by nothing.
      const web = service(s);
      delete web.serviceName;
      delete web.networkConfiguration;
      web.launchType = 'FARGATE';
      s.ecs!.DescribeServices.services.push({ launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: {} } });
      const [instance] = s.ecs!.DescribeContainerInstances.containerInstances;
      delete instance.ec2InstanceId;
      s.ecs!.DescribeContainerInstances.containerInstances.push({ attributes: [] });
    },
  },
  'endpoint-without-a-service-name': {
    base: 'healthy',
    edit: (s) => void endpoints(s).push({ VpcEndpointId: 'vpce-0a1b2c3d4e5f60077', VpcEndpointType: 'Interface', VpcId: s.vpcId, State: 'failed' }),
  },
  'subnet-on-the-main-route-table': {
    base: 'healthy',
    edit: (s) => {
      // Subnet b loses its own route table: the main one (no S3 route) serves it. The main table also holds an explicit association.
      const [main, , b] = s.ec2.DescribeRouteTables.RouteTables;
      main.Associations.push({ Main: false, RouteTableAssociationId: 'rtbassoc-0a1b2c3d4e5f60009', RouteTableId: main.RouteTableId, SubnetId: 'subnet-0a1b2c3d4e5f60009' });
      b.Associations = [];
    },
  },
  'subnet-on-the-default-network-acl': {
    base: 'network-acl-denying-443-out',
    edit: (s) => {
      // Subnet b has no association of its own: the VPC's default ACL (the one that denies) applies to it all the same.
      const [acl] = s.ec2.DescribeNetworkAcls.NetworkAcls;
      acl.Associations = acl.Associations.filter((a: Output) => a.SubnetId !== 'subnet-0a1b2c3d4e5f60002');
    },
  },
  'china-healthy': { base: 'healthy', text: (t) => moved('cn-north-1', 'aws-cn')(t).replaceAll('"com.amazonaws.cn-north-1.ecr.', '"cn.com.amazonaws.cn-north-1.ecr.') },
  'china-ecr-endpoints-with-standard-names': { base: 'healthy', text: moved('cn-north-1', 'aws-cn') },
  'china-region-not-in-the-catalog': {
    base: 'healthy',
    text: moved('cn-south-9', 'aws-cn'),
    edit: (s) => void (endpoint(s, 's3').PolicyDocument = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' })),
  },
  'standard-region-not-in-the-catalog': {
    base: 'healthy',
    text: moved('eu-central-9', 'aws'),
    edit: (s) => void (endpoint(s, 's3').PolicyDocument = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-artifacts/*' })),
  },
  'govcloud-region-not-in-the-catalog': {
    base: 'healthy',
    text: moved('us-gov-east-9', 'aws-us-gov'),
    edit: (s) => void (endpoint(s, 's3').PolicyDocument = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' })),
  },
};

function report(name: string, variant?: Variant): string {
  const snapshot = variant ? read(variant.base, variant.text) : read(name);
  variant?.edit?.(snapshot);
  const report = analyse(snapshot, variant?.options?.() ?? {});
  // The JavaScript engine's own words for a wrong type (`x.filter is not a function`) depend on the code's shape, not on the doctor.
  for (const f of report.findings) f.what = f.what.replace(/(a field of an unexpected type \().*\)$/, '$1<the TypeError>)');
  return `${JSON.stringify(report, null, 2)}\n`;
}

const fixtures = fs.readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, ''));

describe('the doctor\'s reports, word for word (test/doctor/reports/)', () => {
  test.each(fixtures)('the fixture %s', (name) => {
    expectGolden(path.join(REPORTS, `${name}.json`), report(name));
  });

  test.each(Object.keys(VARIANTS))('the variant %s', (name) => {
    expectGolden(path.join(REPORTS, `${name}.json`), report(name, VARIANTS[name]));
  });

  test('every golden is of a fixture or a variant, and no name is both', () => {
    const names = [...fixtures, ...Object.keys(VARIANTS)];
    expect(new Set(names).size).toBe(names.length);
    if (!updatingGoldens()) expect(fs.readdirSync(REPORTS).sort()).toEqual(names.map((n) => `${n}.json`).sort());
  });
});

// The route tables are read by the endpoints check (a NAT route) and the S3 routes; an endpoint's state by every check of available endpoints.
describe('a field of an unexpected type stops only the checks that read it, each named', () => {
  const stopped = (edit: (s: Snap) => void): string[] => {
    const snapshot = read('healthy');
    edit(snapshot);
    return analyse(snapshot)
      .findings.filter((f) => f.check === 'not-collected')
      .map((f) => /^could not check (.*?): the snapshot holds a field of an unexpected type \(.+\)$/.exec(f.what)?.[1] ?? f.what);
  };

  test.each<[string, (s: Snap) => void, string[]]>([
    ["a route table's associations", (s) => void (s.ec2.DescribeRouteTables.RouteTables[0].Associations = 7), ['the endpoints the clients need', 'the S3 gateway routes']],
    ["a network ACL's entries", (s) => void (s.ec2.DescribeNetworkAcls.NetworkAcls[0].Entries = 7), ['the network ACLs']],
    ["an endpoint's state", (s) => void (endpoints(s)[0].State = 7), ["the endpoints' states", 'the Availability Zones of the endpoints', 'the security groups', 'the network ACLs']],
    ["the S3 gateway's policy", (s) => void (endpoint(s, 's3').PolicyDocument = 7), ['the S3 gateway policy']],
  ])('%s', (_, edit, expected) => {
    expect(stopped(edit)).toEqual(expected);
  });
});
