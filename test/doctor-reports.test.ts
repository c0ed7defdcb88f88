/**
 * The doctor's reports word for word: each fixture snapshot, and variants of
 * them that reach the branches the fixtures do not (failed calls merged by
 * reason, a NAT route, transient and failed states, policies that deny or
 * allow under conditions, China and GovCloud names, fields of the wrong
 * type; which clients make ECS on EC2 need its endpoints, several ACLs,
 * services and zones, S3 interface endpoints beside or instead of the
 * gateway, items of other VPCs, snapshots written by hand without ids or
 * types), analysed and compared with reviewed goldens in test/doctor/reports/
 * (the JSON report: severity, check, resource, what, why and fix of every
 * finding). `UPDATE_GOLDEN=1 npm test` rewrites them; read the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyse, type AnalyseOptions } from '../lib/reports/doctor/analyse';
import { parseSnapshot, type Snapshot } from '../lib/reports/doctor/snapshot';
import { loadConfig, parseConfig } from '../lib/model/config';
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
const A = 'subnet-0a1b2c3d4e5f60001';
const B = 'subnet-0a1b2c3d4e5f60002';
const routeTables = (s: Snap): Output[] => s.ec2.DescribeRouteTables.RouteTables;
const acls = (s: Snap): Output[] => s.ec2.DescribeNetworkAcls.NetworkAcls;
const subnets = (s: Snap): Output[] => s.ec2.DescribeSubnets.Subnets;
/** The snapshot without the endpoints of these services. */
const withoutEndpoints = (s: Snap, ...services: string[]) => {
  s.ec2.DescribeVpcEndpoints.VpcEndpoints = endpoints(s).filter((e) => !services.some((x) => (e.ServiceName as string).endsWith(`.${x}`)));
};
/** The cluster as the collector records it when no container instance is registered: empty lists, and no DescribeInstances call. */
const noContainerInstances = (s: Snap) => {
  s.ecs!.ListContainerInstances = { containerInstanceArns: [] };
  s.ecs!.DescribeContainerInstances = { containerInstances: [], failures: [] };
  delete s.ec2.DescribeInstances;
};
const awslogs = (family: string) => ({ logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/${family}`, 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': family } });
/** A service of the cluster in subnets a and b with the web tasks' security group, running `family:revision`, and that task definition (one container, `container` added to it). */
const addService = (s: Snap, name: string, familyRevision: string, fields: Output, container: Output, where: 'first' | 'last' = 'last') => {
  const [family, revision] = familyRevision.split(':');
  const launch = (fields.launchType as string | undefined) ?? 'EC2';
  const added = {
    serviceArn: `arn:aws:ecs:eu-west-1:111122223333:service/prod/${name}`,
    serviceName: name,
    clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/prod',
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    launchType: launch,
    taskDefinition: `arn:aws:ecs:eu-west-1:111122223333:task-definition/${familyRevision}`,
    networkConfiguration: { awsvpcConfiguration: { subnets: [A, B], securityGroups: ['sg-0a1b2c3d4e5f6aaaa'], assignPublicIp: 'DISABLED' } },
    schedulingStrategy: 'REPLICA',
    ...fields,
  };
  if (where === 'first') s.ecs!.DescribeServices.services.unshift(added);
  else s.ecs!.DescribeServices.services.push(added);
  s.ecs![`DescribeTaskDefinition.${familyRevision}`] = {
    taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:eu-west-1:111122223333:task-definition/${familyRevision}`,
      family,
      revision: Number(revision),
      networkMode: 'awsvpc',
      requiresCompatibilities: [launch],
      status: 'ACTIVE',
      containerDefinitions: [{ name: family, image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/${family}:2.0.1`, essential: true, ...container }],
    },
  };
};
/** A network ACL rule for 0.0.0.0/0: all traffic, or TCP on `ports`. */
const aclRule = (n: number, egress: boolean, action: 'allow' | 'deny', ports?: [number, number]) => ({
  CidrBlock: '0.0.0.0/0',
  Egress: egress,
  Protocol: ports ? '6' : '-1',
  RuleAction: action,
  RuleNumber: n,
  ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
});
/** A configuration of the fixtures' VPC for Fargate tasks (ECR, the S3 gateway, CloudWatch Logs) that also wants a DynamoDB interface endpoint. */
const FARGATE_CONFIG = `region: eu-west-1
vpcId: vpc-0a1b2c3d4e5f67890
subnets:
  - id: ${A}
    availabilityZone: eu-west-1a
  - id: ${B}
    availabilityZone: eu-west-1b
routeTableIds: [rtb-0a1b2c3d4e5f60001, rtb-0a1b2c3d4e5f60002]
allowedSecurityGroupIds: [sg-0a1b2c3d4e5f6aaaa]
profile: fargate
customEndpoints:
  - service: dynamodb
`;
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
  'clients-route-to-a-nat-instance': {
    base: 'awslogs-without-logs-endpoint',
    edit: (s) => {
      // As DescribeRouteTables shows a route to a NAT instance: its instance and its network interface.
      for (const t of s.ec2.DescribeRouteTables.RouteTables) t.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-0a1b2c3d4e5f60099', InstanceOwnerId: '111111111111', NetworkInterfaceId: 'eni-0a1b2c3d4e5f60099', Origin: 'CreateRoute', State: 'active' });
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
  // Which clients make ECS on EC2 (and its three endpoints) needed: container instances, or a service of launch type EC2.
  'fargate-cluster-without-container-instances': {
    base: 'healthy',
    edit: (s) => {
      service(s).launchType = 'FARGATE';
      s.ecs!['DescribeTaskDefinition.web:7'].taskDefinition.requiresCompatibilities = ['FARGATE'];
      noContainerInstances(s);
      withoutEndpoints(s, 'ecs', 'ecs-agent', 'ecs-telemetry');
    },
  },
  'ec2-service-whose-container-instances-never-registered': {
    base: 'healthy',
    edit: (s) => {
      // No instance registered (there is no ECS endpoint to register through); a Fargate service runs beside the EC2 one.
      noContainerInstances(s);
      withoutEndpoints(s, 'ecs', 'ecs-agent', 'ecs-telemetry');
      addService(s, 'worker', 'worker:3', { launchType: 'FARGATE' }, { logConfiguration: awslogs('worker') });
    },
  },
  'container-instances-of-a-capacity-provider-without-ecs-endpoints': {
    base: 'healthy',
    edit: (s) => {
      // A service placed by an Auto Scaling group capacity provider has no launchType; its awsvpc tasks need no egress of their own (the instance pulls).
      const web = service(s);
      delete web.launchType;
      web.capacityProviderStrategy = [{ capacityProvider: 'prod-asg', weight: 1, base: 0 }];
      group(s, 'sg-0a1b2c3d4e5f6aaaa').IpPermissionsEgress = [];
      withoutEndpoints(s, 'ecs', 'ecs-agent', 'ecs-telemetry');
    },
  },
  'service-field-of-unexpected-type-in-a-vpc-without-ecs-endpoints': {
    base: 'healthy',
    edit: (s) => {
      // The cluster cannot be read, so nothing says whether ECS on EC2 runs: its endpoints are not asked for.
      service(s).capacityProviderStrategy = 'FARGATE';
      withoutEndpoints(s, 'ecs', 'ecs-agent', 'ecs-telemetry');
    },
  },
  'no-cluster-vpc-without-ecr-dkr-and-ecs-endpoints': {
    base: 'healthy',
    edit: (s) => {
      delete s.cluster;
      delete s.ecs;
      withoutEndpoints(s, 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry');
    },
  },
  'no-cluster-fargate-configuration-wanting-a-dynamodb-interface-endpoint': {
    base: 'healthy',
    edit: (s) => {
      delete s.cluster;
      delete s.ecs;
      withoutEndpoints(s, 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs');
      endpoints(s).push({
        VpcEndpointId: 'vpce-0a1b2c3d4e5f60011',
        VpcEndpointType: 'Gateway',
        VpcId: s.vpcId,
        ServiceName: 'com.amazonaws.eu-west-1.dynamodb',
        State: 'available',
        RouteTableIds: ['rtb-0a1b2c3d4e5f60001', 'rtb-0a1b2c3d4e5f60002'],
        SubnetIds: [],
        Groups: [],
        PrivateDnsEnabled: false,
      });
    },
    options: () => ({ spec: parseConfig(FARGATE_CONFIG, 'privatelink.config.yaml') }),
  },
  'ecs-outputs-without-a-cluster-name': { base: 'healthy', edit: (s) => void delete s.cluster },
  'clients-default-route-to-a-peering-connection-and-on-premises-to-a-transit-gateway': {
    base: 'awslogs-without-logs-endpoint',
    edit: (s) => {
      // Neither reaches CloudWatch Logs: a peering connection does not carry traffic on to the internet, and 10.0.0.0/8 is not the default route.
      for (const t of routeTables(s).slice(1)) {
        t.Routes.push(
          { DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: 'tgw-0a1b2c3d4e5f60001', Origin: 'CreateRoute', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', VpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f60001', Origin: 'CreateRoute', State: 'active' },
        );
      }
    },
  },
  'subnet-b-on-a-network-acl-of-its-own-denying-443-out': {
    base: 'healthy',
    edit: (s) => {
      const [main] = acls(s);
      main.Associations = main.Associations.filter((a: Output) => a.SubnetId !== B);
      acls(s).push({
        Associations: [{ NetworkAclAssociationId: 'aclassoc-0a1b2c3d4e5f60012', NetworkAclId: 'acl-0a1b2c3d4e5f60002', SubnetId: B }],
        Entries: [aclRule(90, true, 'deny', [443, 443]), aclRule(100, true, 'allow'), aclRule(32767, true, 'deny'), aclRule(100, false, 'allow'), aclRule(32767, false, 'deny')],
        IsDefault: false,
        NetworkAclId: 'acl-0a1b2c3d4e5f60002',
        Tags: [{ Key: 'Name', Value: 'private-b' }],
        VpcId: s.vpcId,
        OwnerId: '111122223333',
      });
    },
  },
  'network-acl-letting-only-ephemeral-ports-in': {
    base: 'healthy',
    edit: (s) => {
      const [acl] = acls(s);
      acl.Entries = acl.Entries.map((e: Output) => (!e.Egress && e.RuleNumber === 100 ? aclRule(100, false, 'allow', [1024, 65535]) : e));
    },
  },
  'network-acl-written-without-its-final-rules': {
    base: 'network-acl-without-ephemeral-ports',
    edit: (s) => {
      // Written by hand without the * rules AWS lists as 32767: what no rule allows is still denied.
      const [acl] = acls(s);
      acl.Entries = acl.Entries.filter((e: Output) => e.RuleNumber !== 32767);
    },
  },
  'gateway-load-balancer-endpoint-in-an-inspection-subnet-of-zone-c': {
    base: 'healthy',
    edit: (s) => {
      // A Gateway Load Balancer endpoint (traffic inspection) in a /28 of zone c on a custom ACL that denies everything: it is no endpoint of the clients.
      const c = 'subnet-0a1b2c3d4e5f60003';
      subnets(s).push({ AvailabilityZone: 'eu-west-1c', AvailabilityZoneId: 'euw1-az3', AvailableIpAddressCount: 10, CidrBlock: '10.20.32.0/28', DefaultForAz: false, MapPublicIpOnLaunch: false, State: 'available', SubnetId: c, VpcId: s.vpcId, OwnerId: '111122223333' });
      acls(s).push({
        Associations: [{ NetworkAclAssociationId: 'aclassoc-0a1b2c3d4e5f60013', NetworkAclId: 'acl-0a1b2c3d4e5f60003', SubnetId: c }],
        Entries: [aclRule(32767, true, 'deny'), aclRule(32767, false, 'deny')],
        IsDefault: false,
        NetworkAclId: 'acl-0a1b2c3d4e5f60003',
        Tags: [],
        VpcId: s.vpcId,
        OwnerId: '111122223333',
      });
      endpoints(s).push({
        VpcEndpointId: 'vpce-0a1b2c3d4e5f60012',
        VpcEndpointType: 'GatewayLoadBalancer',
        VpcId: s.vpcId,
        ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f60012',
        State: 'available',
        RouteTableIds: [],
        SubnetIds: [c],
        Groups: [],
        IpAddressType: 'ipv4',
        PrivateDnsEnabled: false,
        RequesterManaged: false,
        NetworkInterfaceIds: ['eni-0a1b2c3d4e5f61201'],
        OwnerId: '111122223333',
      });
    },
  },
  'tasks-in-three-zones-endpoints-in-two-unevenly': {
    base: 'healthy',
    edit: (s) => {
      // The web tasks also run in zone c (a subnet whose id sorts first); ecr.api has an interface in zone b only, ecr.dkr in zone a only.
      const c = 'subnet-0a1b2c3d4e5f60000';
      subnets(s).push({ AvailabilityZone: 'eu-west-1c', AvailabilityZoneId: 'euw1-az3', AvailableIpAddressCount: 4000, CidrBlock: '10.20.32.0/20', DefaultForAz: false, MapPublicIpOnLaunch: false, State: 'available', SubnetId: c, VpcId: s.vpcId, OwnerId: '111122223333' });
      routeTables(s)[1].Associations.push({ Main: false, RouteTableAssociationId: 'rtbassoc-0a1b2c3d4e5f60010', RouteTableId: 'rtb-0a1b2c3d4e5f60001', AssociationState: { State: 'associated' }, SubnetId: c });
      acls(s)[0].Associations.push({ NetworkAclAssociationId: 'aclassoc-0a1b2c3d4e5f60010', NetworkAclId: 'acl-0a1b2c3d4e5f60000', SubnetId: c });
      service(s).networkConfiguration.awsvpcConfiguration.subnets = [c, A, B];
      Object.assign(endpoint(s, 'ecr.api'), { SubnetIds: [B], NetworkInterfaceIds: ['eni-0a1b2c3d4e5f60002'] });
      Object.assign(endpoint(s, 'ecr.dkr'), { SubnetIds: [A], NetworkInterfaceIds: ['eni-0a1b2c3d4e5f60101'] });
    },
  },
  's3-gateway-on-no-route-table-service-subnets-listed-b-first': {
    base: 'healthy',
    edit: (s) => {
      service(s).networkConfiguration.awsvpcConfiguration.subnets = [B, A];
      endpoint(s, 's3').RouteTableIds = [];
      for (const t of routeTables(s)) t.Routes = t.Routes.filter((r: Output) => !r.DestinationPrefixListId);
    },
  },
  'three-services-two-on-awslogs-without-logs-ssm-and-kms-endpoints': {
    base: 'healthy',
    edit: (s) => {
      // Listed worker, web, cron; web reads one Secrets Manager secret; cron logs with json-file.
      addService(s, 'worker', 'worker:3', {}, { logConfiguration: awslogs('worker') }, 'first');
      addService(s, 'cron', 'cron:2', {}, { logConfiguration: { logDriver: 'json-file' } });
      const [web] = containers(s);
      web.secrets = web.secrets.filter((x: Output) => x.name === 'DB_PASSWORD');
      withoutEndpoints(s, 'logs', 'ssm', 'kms');
    },
  },
  'task-without-awslogs-or-secrets-in-a-vpc-without-logs-secrets-and-kms-endpoints': {
    base: 'healthy',
    edit: (s) => {
      const [web] = containers(s);
      delete web.secrets;
      delete web.logConfiguration;
      withoutEndpoints(s, 'logs', 'secretsmanager', 'ssm', 'kms');
    },
  },
  'no-s3-endpoint-and-client-security-group-without-443-out': {
    base: 'client-security-group-without-443-out',
    edit: (s) => {
      withoutEndpoints(s, 's3');
      for (const t of routeTables(s)) t.Routes = t.Routes.filter((r: Output) => !r.DestinationPrefixListId);
    },
  },
  's3-interface-endpoint-instead-of-the-gateway-behind-an-acl-denying-443-out': {
    base: 'network-acl-denying-443-out',
    edit: (s) => {
      // The S3 endpoint is an interface endpoint for one bucket, no gateway routes; the instances' security group lets 443 out to the endpoints only.
      Object.assign(endpoint(s, 's3'), {
        VpcEndpointType: 'Interface',
        RouteTableIds: [],
        SubnetIds: [A, B],
        Groups: [{ GroupId: 'sg-0a1b2c3d4e5f6eeee', GroupName: 'ecs-privatelink-endpoints' }],
        PrivateDnsEnabled: true,
        PolicyDocument: policy({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::acme-artifacts-eu-west-1', 'arn:aws:s3:::acme-artifacts-eu-west-1/*'] }),
      });
      for (const t of routeTables(s)) t.Routes = t.Routes.filter((r: Output) => !r.DestinationPrefixListId);
      group(s, 'sg-0a1b2c3d4e5f6bbbb').IpPermissionsEgress = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d4e5f6eeee', UserId: '111122223333' }] }];
    },
  },
  's3-interface-endpoint-for-one-bucket-beside-the-gateway-behind-an-acl-denying-443-out': {
    base: 'network-acl-denying-443-out',
    edit: (s) => {
      endpoints(s).push({
        VpcEndpointId: 'vpce-0a1b2c3d4e5f60010',
        VpcEndpointType: 'Interface',
        VpcId: s.vpcId,
        ServiceName: 'com.amazonaws.eu-west-1.s3',
        State: 'available',
        PolicyDocument: policy({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::acme-artifacts-eu-west-1', 'arn:aws:s3:::acme-artifacts-eu-west-1/*'] }),
        RouteTableIds: [],
        SubnetIds: [A, B],
        Groups: [{ GroupId: 'sg-0a1b2c3d4e5f6eeee', GroupName: 'ecs-privatelink-endpoints' }],
        IpAddressType: 'ipv4',
        DnsOptions: { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: true },
        PrivateDnsEnabled: true,
      });
    },
  },
  'fargate-service-and-the-prefix-lists-of-every-aws-service': {
    base: 'healthy',
    edit: (s) => {
      // DescribePrefixLists without a filter, as the AWS CLI prints it: DynamoDB's list comes first.
      service(s).launchType = 'FARGATE';
      s.ec2.DescribePrefixLists.PrefixLists.unshift({ Cidrs: ['3.248.0.0/18', '52.94.24.0/23', '52.94.26.0/23', '52.119.240.0/21'], PrefixListId: 'pl-6fa54006', PrefixListName: 'com.amazonaws.eu-west-1.dynamodb' });
    },
  },
  'snapshot-without-vpcs-endpoints-security-groups-and-instances': {
    base: 'healthy',
    edit: (s) => {
      for (const op of ['DescribeVpcs', 'DescribeVpcEndpoints', 'DescribeSecurityGroups', 'DescribeInstances']) delete s.ec2[op];
    },
  },
  'container-instances-call-denied': {
    base: 'healthy',
    edit: (s) => {
      fail(s, 'ecs.DescribeContainerInstances', 'AccessDeniedException', 'User: arn:aws:sts::111122223333:assumed-role/doctor/ci is not authorized to perform: ecs:DescribeContainerInstances');
      delete s.ec2.DescribeInstances;
    },
  },
  'prefix-list-call-denied': {
    base: 'healthy',
    edit: (s) => fail(s, 'ec2.DescribePrefixLists', 'UnauthorizedOperation', 'You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/doctor/ci is not authorized to perform: ec2:DescribePrefixLists'),
  },
  'ecr-endpoints-in-a-security-group-of-their-own-fargate-service-without-egress': {
    base: 'healthy',
    edit: (s) => {
      service(s).launchType = 'FARGATE';
      group(s, 'sg-0a1b2c3d4e5f6aaaa').IpPermissionsEgress = [];
      const ecr = { ...group(s, 'sg-0a1b2c3d4e5f6eeee'), GroupId: 'sg-0a1b2c3d4e5f6ffff', GroupName: 'ecr-endpoints', Description: 'ecr-endpoints', Tags: [{ Key: 'Name', Value: 'ecr-endpoints' }] };
      s.ec2.DescribeSecurityGroups.SecurityGroups.push(ecr);
      for (const e of [endpoint(s, 'ecr.api'), endpoint(s, 'ecr.dkr')]) e.Groups = [{ GroupId: 'sg-0a1b2c3d4e5f6ffff', GroupName: 'ecr-endpoints' }];
    },
  },
  'clients-behind-a-nat-gateway-with-only-the-s3-gateway-endpoint': {
    base: 'healthy',
    edit: (s) => {
      s.ec2.DescribeVpcEndpoints.VpcEndpoints = [endpoint(s, 's3')];
      for (const t of routeTables(s).slice(1)) t.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0a1b2c3d4e5f60001', Origin: 'CreateRoute', State: 'active' });
    },
  },
  'logs-endpoint-in-another-vpc-of-the-account': {
    base: 'awslogs-without-logs-endpoint',
    edit: (s) => {
      // DescribeVpcEndpoints and DescribeSubnets without the vpc-id filter list another VPC's logs endpoint and subnet: they do not serve this VPC.
      const other = 'vpc-0fedcba9876543210';
      subnets(s).push({ AvailabilityZone: 'eu-west-1c', AvailabilityZoneId: 'euw1-az3', AvailableIpAddressCount: 250, CidrBlock: '10.30.0.0/24', DefaultForAz: false, MapPublicIpOnLaunch: false, State: 'available', SubnetId: 'subnet-0fedcba9876543211', VpcId: other, OwnerId: '111122223333' });
      endpoints(s).push({
        VpcEndpointId: 'vpce-0fedcba9876543212',
        VpcEndpointType: 'Interface',
        VpcId: other,
        ServiceName: 'com.amazonaws.eu-west-1.logs',
        State: 'available',
        RouteTableIds: [],
        SubnetIds: ['subnet-0fedcba9876543211'],
        Groups: [{ GroupId: 'sg-0fedcba9876543213', GroupName: 'default' }],
        PrivateDnsEnabled: true,
      });
    },
  },
  'hand-written-without-vpc-ids-or-endpoint-types': {
    base: 'healthy',
    edit: (s) => {
      // A snapshot written by hand leaves out what it need not say: every item is of the VPC, and no endpoint is missing (an untyped S3 endpoint counts as the gateway, any other as an interface endpoint).
      for (const item of [...subnets(s), ...routeTables(s), ...acls(s), ...endpoints(s)]) delete item.VpcId;
      for (const e of endpoints(s)) delete e.VpcEndpointType;
      delete endpoint(s, 's3').PrivateDnsEnabled;
    },
  },
  'hand-written-endpoints-without-their-ids': {
    base: 'healthy',
    edit: (s) => {
      // Written by hand without VpcEndpointId; the kms endpoint also without SubnetIds.
      const anonymous = (name: string, fields: Output) => {
        const e = endpoint(s, name);
        delete e.VpcEndpointId;
        Object.assign(e, fields);
      };
      anonymous('ecr.api', { SubnetIds: ['subnet-0a1b2c3d4e5f6dead', 'subnet-0a1b2c3d4e5f6beef'] });
      anonymous('ecr.dkr', { PrivateDnsEnabled: false });
      anonymous('logs', { State: 'rejected' });
      anonymous('s3', { PolicyDocument: policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: LAYERS }) });
      delete endpoint(s, 'kms').SubnetIds;
    },
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

// A hand-written snapshot may leave out each endpoint's VpcEndpointType: every check reads s3 and dynamodb's as gateways, the others' as interfaces.
test.each(fixtures)('the fixture %s without its endpoints\' types: the same report', (name) => {
  const typed = read(name);
  expect(endpoints(typed).every((e) => e.VpcEndpointType === (/\.(s3|dynamodb)$/.test(e.ServiceName as string) ? 'Gateway' : 'Interface'))).toBe(true);
  const untyped = read(name);
  for (const e of endpoints(untyped)) delete e.VpcEndpointType;
  expect(analyse(untyped)).toEqual(analyse(typed));
});

test('an S3 interface endpoint written with its type is not taken for the gateway', () => {
  const s = read('healthy');
  Object.assign(endpoint(s, 's3'), { VpcEndpointType: 'Interface', RouteTableIds: [], SubnetIds: [A, B], Groups: endpoint(s, 'ecr.api').Groups });
  const missing = analyse(s).findings.find((f) => f.check === 'endpoint-missing');
  expect(missing?.what).toBe('no gateway endpoint for s3 in vpc-0a1b2c3d4e5f67890 (there is an S3 interface endpoint, which cannot serve ECR layers)');
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
