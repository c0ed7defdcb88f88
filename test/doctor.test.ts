/**
 * The doctor's analysis, pure over snapshots: the healthy fixture has no
 * finding, each fixture with one defect (test/doctor/snapshots/) gets exactly
 * the findings of that defect, bad snapshots become findings or one clear
 * error, and every fixture follows schema/doctor-snapshot.schema.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { analyse } from '../lib/reports/doctor/analyse';
import { countFindings, doctorExitCode, formatDoctorReport, type Finding } from '../lib/reports/doctor/findings';
import { cidrContains } from '../lib/model/cidr';
import { evaluateAcl, evaluatePolicy, permissionsAllow } from '../lib/reports/doctor/network';
import { familyRevision, parseSnapshot, renderSnapshot, SnapshotError, taskDefinitionKey, type Snapshot } from '../lib/reports/doctor/snapshot';
import { loadConfig, parseConfig, type Spec } from '../lib/model/config';
import { EXAMPLE_CONFIG, REPO_ROOT } from './support/cases';

const FIXTURES = path.join(__dirname, 'doctor', 'snapshots');
const read = (name: string): Snapshot => parseSnapshot(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
const brief = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.check} ${f.resource}`).sort();

/** Fixture → its findings (severity, check, resource), exactly, and words the first one must say. */
const CAUSES: Record<string, { findings: string[]; says: RegExp }> = {
  'dns-support-off': { findings: ['error vpc-dns-support vpc-0a1b2c3d4e5f67890'], says: /enableDnsSupport is off.*CannotPullContainerError/ },
  'dns-hostnames-off': { findings: ['error vpc-dns-hostnames vpc-0a1b2c3d4e5f67890'], says: /enableDnsHostnames is off/ },
  'route-table-without-s3-gateway': { findings: ['error s3-route rtb-0a1b2c3d4e5f60002'], says: /rtb-0a1b2c3d4e5f60002 of subnet subnet-0a1b2c3d4e5f60002 has no route to the S3 gateway/ },
  'client-security-group-without-443-out': {
    findings: ['error sg-egress-endpoints sg-0a1b2c3d4e5f6bbbb', 'error sg-egress-s3 sg-0a1b2c3d4e5f6bbbb'],
    says: /container instance i-0a1b2c3d4e5f60001 \(sg-0a1b2c3d4e5f6bbbb\) do not allow TCP 443 out/,
  },
  'network-acl-denying-443-out': {
    findings: ['error nacl acl-0a1b2c3d4e5f60000', 'error nacl acl-0a1b2c3d4e5f60000', 'error nacl acl-0a1b2c3d4e5f60000'],
    says: /outbound TCP 443 to .* meets rule 90 \(deny/,
  },
  'network-acl-without-ephemeral-ports': {
    findings: Array(5).fill('error nacl acl-0a1b2c3d4e5f60000'),
    says: /answers back .*TCP 1024-8079 .* meets rule 32767/,
  },
  'zone-without-endpoint-interface': { findings: ['warning endpoint-zone eu-west-1b'], says: /run in eu-west-1b, where the endpoints ecr\.api/ },
  'awslogs-without-logs-endpoint': { findings: ['error endpoint-missing com.amazonaws.eu-west-1.logs'], says: /no interface endpoint for logs/ },
  'secrets-without-secretsmanager-ssm-kms': {
    findings: ['error endpoint-missing com.amazonaws.eu-west-1.secretsmanager', 'error endpoint-missing com.amazonaws.eu-west-1.ssm', 'info kms-endpoint com.amazonaws.eu-west-1.kms'],
    says: /no interface endpoint for secretsmanager/,
  },
  'endpoint-pending-acceptance': { findings: ['error endpoint-state vpce-0a1b2c3d4e5f60001'], says: /ecr\.api endpoint is pendingAcceptance/ },
  'endpoint-failed': { findings: ['error endpoint-state vpce-0a1b2c3d4e5f60004'], says: /ecs-agent endpoint is failed.*insufficient free addresses/ },
  'ecr-dkr-private-dns-off': { findings: ['error private-dns vpce-0a1b2c3d4e5f60002'], says: /private DNS is off on the ecr\.dkr endpoint/ },
  's3-policy-without-layer-bucket': { findings: ['error s3-policy vpce-0a1b2c3d4e5f6099'], says: /does not allow s3:GetObject on prod-eu-west-1-starport-layer-bucket/ },
};

describe('doctor analysis over fixture snapshots', () => {
  test('the healthy snapshot has no finding and exits 0', () => {
    const report = analyse(read('healthy'));
    expect(report.findings).toEqual([]);
    expect(doctorExitCode(report)).toBe(0);
    expect(formatDoctorReport(report)).toContain('healthy: no error, no warning');
  });

  test('there is a fixture for every cause, and no other', () => {
    const files = fs.readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, '')).filter((f) => f !== 'healthy').sort();
    expect(files).toEqual(Object.keys(CAUSES).sort());
  });

  test.each(Object.entries(CAUSES))('fails %s: exactly its findings, each with why and fix', (name, expected) => {
    const report = analyse(read(name));
    expect(brief(report.findings)).toEqual([...expected.findings].sort());
    const first = report.findings.find((f) => f.severity !== 'info')!;
    expect(first.what).toMatch(expected.says);
    for (const f of report.findings) {
      expect(f.why.length).toBeGreaterThan(20);
      expect(f.fix.length).toBeGreaterThan(10);
    }
    expect(doctorExitCode(report)).toBe(1);
  });

  test('every rule that has an AWS page cites it in why', () => {
    const all = Object.keys(CAUSES).flatMap((name) => analyse(read(name)).findings);
    for (const f of all.filter((x) => x.check !== 'kms-endpoint')) expect({ check: f.check, why: f.why }).toEqual({ check: f.check, why: expect.stringMatching(/https:\/\/docs\.aws\.amazon\.com\//) });
  });
});

describe('doctor analysis: what the snapshot lacks', () => {
  test('without a cluster: an informational note only, exit 0; route tables of the configuration\'s subnets are still checked', () => {
    const snap = read('route-table-without-s3-gateway');
    delete snap.cluster;
    delete snap.ecs;
    const plain = analyse(snap);
    expect(brief(plain.findings)).toEqual(['info no-cluster vpc-0a1b2c3d4e5f67890']);
    expect(doctorExitCode(plain)).toBe(0);
    const withConfig = analyse(snap, { spec: loadConfig(EXAMPLE_CONFIG) });
    expect(brief(withConfig.findings)).toEqual(['error s3-route rtb-0a1b2c3d4e5f60002', 'info no-cluster vpc-0a1b2c3d4e5f67890']);
  });

  test('rejects an operation that is missing: a "not collected" finding, the other checks still run', () => {
    const snap = read('dns-support-off');
    delete snap.ec2.DescribeNetworkAcls;
    delete snap.ec2['DescribeVpcAttribute.enableDnsHostnames'];
    const report = analyse(snap);
    expect(brief(report.findings)).toEqual([
      'error vpc-dns-support vpc-0a1b2c3d4e5f67890',
      'warning not-collected ec2.DescribeNetworkAcls',
      'warning not-collected ec2.DescribeVpcAttribute.enableDnsHostnames',
    ]);
    expect(report.findings.find((f) => f.resource === 'ec2.DescribeNetworkAcls')!.what).toBe('not collected: DescribeNetworkAcls; not checked: the network ACLs');
  });

  test('rejects a call that failed with access denied: "could not check", with the IAM action to allow', () => {
    const snap = read('healthy');
    delete snap.ecs!.DescribeServices;
    snap.errors = { 'ecs.DescribeServices': { name: 'AccessDeniedException', message: 'User is not authorized to perform: ecs:DescribeServices' } };
    const report = analyse(snap);
    expect(brief(report.findings)).toEqual(['warning could-not-check ecs.DescribeServices']);
    expect(report.findings[0].what).toMatch(/^could not check the services' subnets, security groups and task definitions: DescribeServices failed \(AccessDeniedException/);
    expect(report.findings[0].fix).toMatch(/allow ecs:DescribeServices/);
  });

  test('rejects an operation that is not an SDK output object, and a list that is not a list', () => {
    const snap = read('healthy');
    snap.ec2.DescribeSubnets = 'subnet-0a1b2c3d4e5f60001';
    (snap.ec2.DescribeRouteTables as Record<string, unknown>).RouteTables = { RouteTableId: 'rtb-0a1b2c3d4e5f60001' };
    expect(brief(analyse(snap).findings)).toEqual(['warning not-collected ec2.DescribeRouteTables', 'warning not-collected ec2.DescribeSubnets']);
  });

  test('rejects a field of the wrong type deep inside an output: that check is reported, the others run', () => {
    const snap = read('dns-hostnames-off');
    const endpoints = (snap.ec2.DescribeVpcEndpoints as { VpcEndpoints: Record<string, unknown>[] }).VpcEndpoints;
    endpoints[0].SubnetIds = 'subnet-0a1b2c3d4e5f60001';
    const findings = brief(analyse(snap).findings);
    expect(findings).toContain('error vpc-dns-hostnames vpc-0a1b2c3d4e5f67890');
    expect(findings).toContain('warning not-collected vpc-0a1b2c3d4e5f67890');
  });

  test('rejects a task definition the snapshot does not hold', () => {
    const snap = read('healthy');
    delete snap.ecs!['DescribeTaskDefinition.web:7'];
    expect(brief(analyse(snap).findings)).toEqual(['warning not-collected ecs.DescribeTaskDefinition.web:7']);
  });

  test('rejects a VPC that DescribeVpcs does not list', () => {
    const snap = read('healthy');
    snap.ec2.DescribeVpcs = { Vpcs: [] };
    expect(brief(analyse(snap).findings)).toEqual(['error vpc-not-found vpc-0a1b2c3d4e5f67890']);
  });

  test('a missing endpoint is a warning, not an error, when the clients route 0.0.0.0/0 to a NAT gateway', () => {
    const snap = read('awslogs-without-logs-endpoint');
    for (const t of (snap.ec2.DescribeRouteTables as { RouteTables: { Routes: unknown[] }[] }).RouteTables) t.Routes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0a1b2c3d4e5f60001', State: 'active' });
    expect(brief(analyse(snap).findings)).toEqual(['warning endpoint-missing com.amazonaws.eu-west-1.logs']);
  });

  test('a Fargate task\'s security group must allow 443 out; an EC2 task\'s need not (the instance pulls)', () => {
    const snap = read('healthy');
    const groups = (snap.ec2.DescribeSecurityGroups as { SecurityGroups: { GroupId: string; IpPermissionsEgress: unknown[] }[] }).SecurityGroups;
    groups.find((g) => g.GroupId === 'sg-0a1b2c3d4e5f6aaaa')!.IpPermissionsEgress = [];
    expect(analyse(snap).findings).toEqual([]);
    const service = (snap.ecs!.DescribeServices as { services: Record<string, unknown>[] }).services[0];
    service.launchType = 'FARGATE';
    expect(brief(analyse(snap).findings)).toEqual(['error sg-egress-endpoints sg-0a1b2c3d4e5f6aaaa', 'error sg-egress-s3 sg-0a1b2c3d4e5f6aaaa']);
    delete service.launchType;
    service.capacityProviderStrategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    expect(brief(analyse(snap).findings)).toEqual(['error sg-egress-endpoints sg-0a1b2c3d4e5f6aaaa', 'error sg-egress-s3 sg-0a1b2c3d4e5f6aaaa']);
  });

  test('the configuration\'s endpoints are expected: one it lists and the VPC lacks is reported', () => {
    const snap = read('healthy');
    delete snap.cluster;
    delete snap.ecs;
    const spec = { ...loadConfig(EXAMPLE_CONFIG) };
    spec.endpoints = [...spec.endpoints, { ...spec.endpoints[0], key: 'ssmmessages', service: 'ssmmessages' } as (typeof spec.endpoints)[number]];
    expect(brief(analyse(snap, { spec }).findings)).toEqual(['error endpoint-missing com.amazonaws.eu-west-1.ssmmessages', 'info no-cluster vpc-0a1b2c3d4e5f67890']);
  });
});

describe('doctor analysis: snapshots written by hand, or read while AWS catches up', () => {
  type Out = Record<string, any>;
  const A = 'subnet-0a1b2c3d4e5f60001';
  const ec2 = (snap: Snapshot) => snap.ec2 as Record<string, Out>;
  const endpointsOf = (snap: Snapshot): Out[] => ec2(snap).DescribeVpcEndpoints.VpcEndpoints;
  const endpoint = (snap: Snapshot, service: string): Out => endpointsOf(snap).find((e) => (e.ServiceName as string).endsWith(`.${service}`))!;
  const group = (snap: Snapshot, id: string): Out => ec2(snap).DescribeSecurityGroups.SecurityGroups.find((g: Out) => g.GroupId === id);
  const routeTables = (snap: Snapshot): Out[] => ec2(snap).DescribeRouteTables.RouteTables;
  const webService = (snap: Snapshot): Out => (snap.ecs as Record<string, Out>).DescribeServices.services[0];
  const webContainer = (snap: Snapshot): Out => (snap.ecs as Record<string, Out>)['DescribeTaskDefinition.web:7'].taskDefinition.containerDefinitions[0];

  test("the S3 gateway serves a route table that either record names: the endpoint's RouteTableIds, or a route to the endpoint", () => {
    // The routes without the association (RouteTableIds emptied).
    const routesOnly = read('healthy');
    endpoint(routesOnly, 's3').RouteTableIds = [];
    expect(brief(analyse(routesOnly).findings)).toEqual([]);
    // The associations without the routes, with two S3 gateways, one for each client route table.
    const associationsOnly = read('healthy');
    const first = endpoint(associationsOnly, 's3');
    first.RouteTableIds = ['rtb-0a1b2c3d4e5f60001'];
    endpointsOf(associationsOnly).push({ ...first, VpcEndpointId: 'vpce-0a1b2c3d4e5f6098', RouteTableIds: ['rtb-0a1b2c3d4e5f60002'] });
    for (const t of routeTables(associationsOnly)) t.Routes = t.Routes.filter((r: Out) => !r.DestinationPrefixListId);
    expect(brief(analyse(associationsOnly).findings)).toEqual([]);
    // A route to another prefix list (on-premises ranges, through a transit gateway) is no route to the S3 gateway.
    const otherPrefixList = read('route-table-without-s3-gateway');
    routeTables(otherPrefixList)[2].Routes.push({ DestinationPrefixListId: 'pl-0a1b2c3d4e5f60001', TransitGatewayId: 'tgw-0a1b2c3d4e5f60001', Origin: 'CreateRoute', State: 'active' });
    expect(brief(analyse(otherPrefixList).findings)).toEqual(['error s3-route rtb-0a1b2c3d4e5f60002']);
  });

  test.each<[string, string, (snap: Snapshot) => void, string[]]>([
    ['private DNS off on ecr.dkr', 'healthy', (snap) => void (endpoint(snap, 'ecr.dkr').PrivateDnsEnabled = false), ['error private-dns vpce-0a1b2c3d4e5f60002']],
    ['ecr.api in zone a only', 'healthy', (snap) => void (endpoint(snap, 'ecr.api').SubnetIds = [A]), ['warning endpoint-zone eu-west-1b']],
    [
      "the endpoints' security group not letting the instances in",
      'healthy',
      (snap) => void (group(snap, 'sg-0a1b2c3d4e5f6eeee').IpPermissions[0].UserIdGroupPairs = [{ GroupId: 'sg-0a1b2c3d4e5f6aaaa', UserId: '111122223333' }]),
      ['error sg-ingress-endpoints sg-0a1b2c3d4e5f6eeee'],
    ],
    ['a network ACL denying 443 out', 'network-acl-denying-443-out', () => undefined, Array(3).fill('error nacl acl-0a1b2c3d4e5f60000')],
    [
      // A service whose name starts like a gateway service's (S3 on Outposts has interface endpoints only) is not a gateway.
      'private DNS off on an S3 on Outposts endpoint',
      'healthy',
      (snap) => void endpointsOf(snap).push({ ...endpoint(snap, 'ecr.api'), VpcEndpointId: 'vpce-0a1b2c3d4e5f60077', ServiceName: 'com.amazonaws.eu-west-1.s3-outposts', PrivateDnsEnabled: false }),
      ['warning private-dns vpce-0a1b2c3d4e5f60077'],
    ],
  ])('an interface endpoint written without VpcEndpointType is checked as an interface endpoint: %s', (_, base, edit, expected) => {
    const typed = read(base);
    edit(typed);
    expect(brief(analyse(typed).findings)).toEqual(expected);
    const untyped = read(base);
    edit(untyped);
    for (const e of endpointsOf(untyped)) if (e.VpcEndpointType === 'Interface') delete e.VpcEndpointType;
    expect(brief(analyse(untyped).findings)).toEqual(expected);
  });

  test("endpoint security groups written without GroupId: the clients' egress is still checked, the endpoints' ingress cannot be", () => {
    const snap = read('healthy');
    for (const e of endpointsOf(snap)) e.Groups = (e.Groups as Out[]).map(({ GroupName }) => ({ GroupName }));
    // The instances may send 443 to S3 only: not to the endpoints' subnets.
    group(snap, 'sg-0a1b2c3d4e5f6bbbb').IpPermissionsEgress = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], PrefixListIds: [{ PrefixListId: 'pl-6da54004' }], UserIdGroupPairs: [] }];
    const { findings } = analyse(snap);
    expect(brief(findings)).toEqual(['error sg-egress-endpoints sg-0a1b2c3d4e5f6bbbb']);
    expect(findings[0].fix).toBe("add an egress rule: TCP 443 to the endpoints' subnets (10.20.0.0/20, 10.20.16.0/20)");
  });

  test("endpoints written without SubnetIds, or without SubnetIds and GroupIds: the clients' egress finding names only what the snapshot tells", () => {
    const snap = read('client-security-group-without-443-out');
    for (const e of endpointsOf(snap)) if (e.VpcEndpointType === 'Interface') delete e.SubnetIds;
    const egress = () => analyse(snap).findings.filter((f) => f.check === 'sg-egress-endpoints').map((f) => [f.what, f.fix]);
    expect(egress()).toEqual([
      [
        'the security groups of container instance i-0a1b2c3d4e5f60001 (sg-0a1b2c3d4e5f6bbbb) do not allow TCP 443 out to the interface endpoints (security groups sg-0a1b2c3d4e5f6eeee)',
        'add an egress rule: TCP 443 to sg-0a1b2c3d4e5f6eeee',
      ],
    ]);
    for (const e of endpointsOf(snap)) if (e.VpcEndpointType === 'Interface') e.Groups = (e.Groups as Out[]).map(({ GroupName }) => ({ GroupName }));
    expect(egress()).toEqual([
      ['the security groups of container instance i-0a1b2c3d4e5f60001 (sg-0a1b2c3d4e5f6bbbb) do not allow TCP 443 out to the interface endpoints', "add an egress rule: TCP 443 to the endpoints' security group"],
    ]);
  });

  test('a service subnet that DescribeSubnets does not list (deleted, or in another VPC) is named once and left out of the network ACL checks and of the addresses the endpoints must let in', () => {
    const snap = read('healthy');
    const web = webService(snap);
    web.launchType = 'FARGATE';
    web.networkConfiguration.awsvpcConfiguration.subnets = [A, 'subnet-0a1b2c3d4e5f6dead'];
    // The endpoints let in subnet a by its CIDR block.
    group(snap, 'sg-0a1b2c3d4e5f6eeee').IpPermissions = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/20' }], PrefixListIds: [], UserIdGroupPairs: [] }];
    const findings = analyse(snap).findings;
    expect(brief(findings)).toEqual(['warning subnet-elsewhere subnet-0a1b2c3d4e5f6dead']);
    expect(findings[0].what).toBe("subnet subnet-0a1b2c3d4e5f6dead of service web is not one of vpc-0a1b2c3d4e5f67890's subnets (it is in another VPC, or was deleted), so it was not checked");
  });

  test('a service that runs only in another VPC: its subnets named, and no check of this VPC blames its route tables or security groups', () => {
    const snap = read('healthy');
    const web = webService(snap);
    web.launchType = 'FARGATE';
    web.networkConfiguration.awsvpcConfiguration = { subnets: ['subnet-0a1b2c3d4e5f6f001', 'subnet-0a1b2c3d4e5f6f002'], securityGroups: ['sg-0a1b2c3d4e5f6f00f'], assignPublicIp: 'DISABLED' };
    // This VPC's main route table has no S3 gateway route: it is not the other VPC's.
    expect(endpoint(snap, 's3').RouteTableIds).not.toContain('rtb-0a1b2c3d4e5f60000');
    const findings = analyse(snap).findings;
    expect(brief(findings)).toEqual(['warning subnet-elsewhere subnet-0a1b2c3d4e5f6f001', 'warning subnet-elsewhere subnet-0a1b2c3d4e5f6f002']);
    expect(findings.map((f) => f.fix)).toEqual(Array(2).fill("run the service in this VPC's private subnets, or check the subnet's own VPC with its configuration (ecs-privatelink doctor --config ...)"));
  });

  test("a service with one subnet in another VPC is still checked in its subnet of this VPC: its route table and its security group", () => {
    const snap = read('route-table-without-s3-gateway');
    const web = webService(snap);
    web.launchType = 'FARGATE';
    web.networkConfiguration.awsvpcConfiguration.subnets = ['subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f6f001'];
    group(snap, 'sg-0a1b2c3d4e5f6aaaa').IpPermissionsEgress = [];
    const findings = analyse(snap).findings;
    expect(brief(findings)).toEqual([
      'error s3-route rtb-0a1b2c3d4e5f60002',
      'error sg-egress-endpoints sg-0a1b2c3d4e5f6aaaa',
      'error sg-egress-s3 sg-0a1b2c3d4e5f6aaaa',
      'warning subnet-elsewhere subnet-0a1b2c3d4e5f6f001',
    ]);
    expect(findings.find((f) => f.check === 'subnet-elsewhere')!.why).toBe("the endpoints, their private DNS names and the S3 gateway's routes serve only their own VPC's subnets");
  });

  test('a container instance whose subnet is not recorded is still checked when a service runs only in another VPC', () => {
    const snap = read('client-security-group-without-443-out');
    const web = webService(snap);
    web.launchType = 'FARGATE';
    web.networkConfiguration.awsvpcConfiguration.subnets = ['subnet-0a1b2c3d4e5f6f001'];
    const instance = (snap.ecs as Record<string, Out>).DescribeContainerInstances.containerInstances[0];
    instance.attributes = instance.attributes.filter((a: Out) => a.name !== 'ecs.subnet-id');
    delete ec2(snap).DescribeInstances.Reservations[0].Instances[0].SubnetId;
    const findings = analyse(snap).findings;
    expect(brief(findings)).toEqual(['error sg-egress-endpoints sg-0a1b2c3d4e5f6bbbb', 'error sg-egress-s3 sg-0a1b2c3d4e5f6bbbb', 'warning subnet-elsewhere subnet-0a1b2c3d4e5f6f001']);
    expect(findings.filter((f) => f.check.startsWith('sg-')).map((f) => f.what)).toEqual([expect.stringMatching(/^the security groups of container instance i-0a1b2c3d4e5f60001 /), expect.stringMatching(/^the security groups of container instance i-0a1b2c3d4e5f60001 /)]);
  });

  test("a snapshot that names a cluster but holds no ECS outputs: a subnet elsewhere is the configuration's, as without a cluster", () => {
    const snap = read('healthy');
    delete snap.ecs;
    const spec = parseConfig(fs.readFileSync(EXAMPLE_CONFIG, 'utf8').replace('subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f6f002'), 'privatelink.config.yaml');
    const findings = analyse(snap, { spec }).findings.filter((f) => f.check === 'subnet-elsewhere');
    expect(findings.map((f) => [f.what, f.fix])).toEqual([
      ["subnet subnet-0a1b2c3d4e5f6f002 of the configuration's subnetIds is not one of vpc-0a1b2c3d4e5f67890's subnets (it is in another VPC, or was deleted), so it was not checked", "list this VPC's private subnets in the configuration's subnetIds"],
    ]);
  });

  test('a client subnet the VPC does not list, when the clients could not all be read: named as the cluster\'s', () => {
    const snap = read('healthy');
    const web = webService(snap);
    web.networkConfiguration.awsvpcConfiguration.subnets = [A, 'subnet-0a1b2c3d4e5f6f001'];
    // A field of an unexpected type, read after the clients' subnets: the clients are not known.
    web.taskDefinition = 7;
    const elsewhere = analyse(snap).findings.filter((f) => f.check === 'subnet-elsewhere');
    expect(elsewhere.map((f) => f.what)).toEqual(["subnet subnet-0a1b2c3d4e5f6f001 of cluster prod is not one of vpc-0a1b2c3d4e5f67890's subnets (it is in another VPC, or was deleted), so it was not checked"]);
  });

  test("without a cluster, a subnet of the configuration's subnetIds that the VPC does not list is named, and left out of the checks", () => {
    const snap = read('healthy');
    delete (snap as { cluster?: string }).cluster;
    const spec = parseConfig(fs.readFileSync(EXAMPLE_CONFIG, 'utf8').replace('subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f6f002'), 'privatelink.config.yaml');
    const findings = analyse(snap, { spec }).findings.filter((f) => f.check !== 'no-cluster');
    expect(brief(findings)).toEqual(['warning subnet-elsewhere subnet-0a1b2c3d4e5f6f002']);
    expect(findings[0].what).toBe("subnet subnet-0a1b2c3d4e5f6f002 of the configuration's subnetIds is not one of vpc-0a1b2c3d4e5f67890's subnets (it is in another VPC, or was deleted), so it was not checked");
    expect(findings[0].fix).toBe("list this VPC's private subnets in the configuration's subnetIds");
  });

  test('registry credentials named without an ARN are a Secrets Manager secret (ECS takes its name), not an SSM parameter', () => {
    const snap = read('healthy');
    webContainer(snap).secrets = [];
    webContainer(snap).repositoryCredentials = { credentialsParameter: 'dockerhub-credentials' };
    ec2(snap).DescribeVpcEndpoints.VpcEndpoints = endpointsOf(snap).filter((e) => !(e.ServiceName as string).endsWith('.ssm'));
    expect(brief(analyse(snap).findings)).toEqual([]);
    ec2(snap).DescribeVpcEndpoints.VpcEndpoints = endpointsOf(snap).filter((e) => !(e.ServiceName as string).endsWith('.secretsmanager'));
    const missing = analyse(snap).findings.filter((f) => f.check === 'endpoint-missing');
    expect(missing.map((f) => [f.resource, f.why])).toEqual([
      ['com.amazonaws.eu-west-1.secretsmanager', expect.stringMatching(/^ECS reads the task definition's Secrets Manager secrets before starting the task .*; used by web:7$/)],
    ]);
  });

  test('a snapshot that names a cluster but holds no ECS outputs says so, and how to record them, instead of "no cluster given"', () => {
    const snap = read('healthy');
    delete (snap as { ecs?: unknown }).ecs;
    const note = analyse(snap).findings.find((f) => f.check === 'no-cluster');
    expect(note?.what).toMatch(/^the snapshot names the cluster prod but holds no ECS outputs \("ecs"\), so the client checks were skipped \(/);
    expect(note?.fix).toBe('record the snapshot again with ecs-privatelink doctor --cluster prod --snapshot-out');
    delete (snap as { cluster?: string }).cluster;
    expect(analyse(snap).findings.find((f) => f.check === 'no-cluster')?.what).toMatch(/^no cluster given, so the client checks were skipped/);
  });

  test("endpoint security groups written without GroupId: egress to the endpoints' subnets is enough, and a refusal names the subnets only", () => {
    const snap = read('healthy');
    for (const e of endpointsOf(snap)) e.Groups = (e.Groups as Out[]).map(({ GroupName }) => ({ GroupName }));
    const egress = group(snap, 'sg-0a1b2c3d4e5f6bbbb');
    egress.IpPermissionsEgress = [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/16' }], PrefixListIds: [{ PrefixListId: 'pl-6da54004' }], UserIdGroupPairs: [] },
    ];
    expect(brief(analyse(snap).findings)).toEqual([]);
    egress.IpPermissionsEgress[0].IpRanges = [];
    expect(analyse(snap).findings.map((f) => f.what)).toEqual([
      'the security groups of container instance i-0a1b2c3d4e5f60001 (sg-0a1b2c3d4e5f6bbbb) do not allow TCP 443 out to the interface endpoints (subnets 10.20.0.0/20, 10.20.16.0/20)',
    ]);
  });

  test('a subnet without an IPv4 CIDR block (IPv6 only) is left out of the network ACL checks, which are of IPv4 rules', () => {
    const snap = read('network-acl-denying-443-out');
    const second = ec2(snap).DescribeSubnets.Subnets.find((x: Out) => x.SubnetId === 'subnet-0a1b2c3d4e5f60002');
    delete second.CidrBlock;
    second.Ipv6CidrBlockAssociationSet = [{ Ipv6CidrBlock: '2001:db8:1234:1a01::/64', Ipv6CidrBlockState: { State: 'associated' } }];
    const nacl = analyse(snap).findings.filter((f) => f.check === 'nacl');
    expect(nacl.map((f) => f.what)).toEqual([
      expect.stringMatching(/^network ACL acl-0a1b2c3d4e5f60000 of subnet subnet-0a1b2c3d4e5f60001 blocks HTTPS out to S3 \(prefix list pl-6da54004: /),
    ]);
  });

  test("a gateway endpoint the configuration lists (custom dynamodb gateway) is looked for as a gateway, not as an interface", () => {
    const spec = parseConfig(`${fs.readFileSync(EXAMPLE_CONFIG, 'utf8')}\ncustomEndpoints: [{ service: dynamodb, type: Gateway }]\n`, 'with-dynamodb.yaml');
    const snap = read('healthy');
    const missing = () => analyse(snap, { spec }).findings.filter((f) => f.check === 'endpoint-missing').map((f) => f.what);
    expect(missing()).toEqual(['no gateway endpoint for dynamodb in vpc-0a1b2c3d4e5f67890']);
    endpointsOf(snap).push({ ...endpoint(snap, 's3'), VpcEndpointId: 'vpce-0a1b2c3d4e5f6d000', ServiceName: 'com.amazonaws.eu-west-1.dynamodb' });
    expect(missing()).toEqual([]);
  });

  test("a missing endpoint's fix: add it to the configuration when the configuration does not list it, deploy it when it does", () => {
    const snap = read('awslogs-without-logs-endpoint');
    const fixes = (spec: Spec) => analyse(snap, { spec }).findings.filter((f) => f.check === 'endpoint-missing').map((f) => [f.resource, f.fix]);
    const example = fs.readFileSync(EXAMPLE_CONFIG, 'utf8');
    expect(fixes(parseConfig(example, 'privatelink.config.yaml'))).toEqual([
      ['com.amazonaws.eu-west-1.logs', "add logs to the configuration's endpoints (or use a profile that has it), then deploy: ecs-privatelink synth or generate"],
    ]);
    const withLogs = parseConfig(example.replace(/^profile: ec2$/m, 'profile: none\nendpoints: [ecr.api, ecr.dkr, s3, ecs, ecs-agent, ecs-telemetry, logs]'), 'with-logs.yaml');
    expect(fixes(withLogs)).toEqual([
      ['com.amazonaws.eu-west-1.logs', 'the configuration lists logs, so it is not deployed to this VPC yet: deploy the configuration (ecs-privatelink synth or generate, then apply)'],
    ]);
  });

  test('a secret written without valueFrom names no service to reach', () => {
    const snap = read('healthy');
    ec2(snap).DescribeVpcEndpoints.VpcEndpoints = endpointsOf(snap).filter((e) => !(e.ServiceName as string).endsWith('.ssm'));
    webContainer(snap).secrets = [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf' }, { name: 'API_KEY' }];
    expect(brief(analyse(snap).findings)).toEqual([]);
  });
});

describe('parseSnapshot', () => {
  test('rejects text that is not JSON, with one line saying so', () => {
    expect(() => parseSnapshot('{"region": "eu-west-1",')).toThrow(SnapshotError);
    expect(() => parseSnapshot('not json')).toThrow(/^is not JSON \(.*\); a snapshot is the JSON that --snapshot-out writes$/);
  });

  test('rejects JSON that is not a snapshot: every problem, one line each', () => {
    let error: SnapshotError | undefined;
    try {
      parseSnapshot(JSON.stringify({ region: 'Ireland', ec2: [] }));
    } catch (err) {
      error = err as SnapshotError;
    }
    expect(error?.problems.map((p) => p.path)).toEqual(['region', 'vpcId', 'ec2']);
    expect(error?.name).toBe('SnapshotError');
    expect(error?.message.split('\n')).toHaveLength(3);
    expect(() => parseSnapshot('[]')).toThrow(/not a JSON object/);
  });

  const problems = (value: unknown): string[] => {
    try {
      parseSnapshot(JSON.stringify(value));
    } catch (err) {
      return (err as SnapshotError).message.split('\n');
    }
    return [];
  };
  const BASE = { region: 'eu-west-1', vpcId: 'vpc-0a1b2c3d4e5f67890', ec2: {} };

  test('region and vpcId: AWS names and ids only, each problem saying what it got', () => {
    for (const region of ['eu-west-1', 'us-gov-west-1', 'cn-northwest-1', 'ap-southeast-10']) expect(problems({ ...BASE, region })).toEqual([]);
    for (const vpcId of ['vpc-0a1b2c3d', 'vpc-0a1b2c3d4e5f67890']) expect(problems({ ...BASE, vpcId })).toEqual([]);
    for (const region of ['EU-west-1', 'eu-west', 'euwest-1', 'eu-west-1a', 'e-west-1', 'eu-west-1 ', ' eu-west-1', 'eu--1']) {
      expect(problems({ ...BASE, region })).toEqual([`region: ${JSON.stringify(region)} is not an AWS region name like "eu-west-1"`]);
    }
    for (const vpcId of ['vpc-0a1b2c3', 'vpc-0a1b2c3d4', 'vpc-0A1B2C3D', 'vpc-0a1b2c3d4e5f678901', 'subnet-0a1b2c3d', ' vpc-0a1b2c3d', 'vpc-0a1b2c3d ']) {
      expect(problems({ ...BASE, vpcId })).toEqual([`vpcId: ${JSON.stringify(vpcId)} is not a VPC id like "vpc-0123456789abcdef0"`]);
    }
    expect(problems({ ec2: {} })).toEqual(['region: null is not an AWS region name like "eu-west-1"', 'vpcId: null is not a VPC id like "vpc-0123456789abcdef0"']);
    expect(problems({ ...BASE, region: 7, vpcId: ['vpc-0a1b2c3d'] })).toEqual(['region: 7 is not an AWS region name like "eu-west-1"', 'vpcId: ["vpc-0a1b2c3d"] is not a VPC id like "vpc-0123456789abcdef0"']);
  });

  test('the sections: ec2 an object, ecs and errors objects when present, formatVersion 1 when present', () => {
    expect(problems({ ...BASE, ec2: null })).toEqual(['ec2: is missing or not an object: it holds the EC2 outputs by operation name']);
    expect(problems({ ...BASE, ecs: [] })).toEqual(['ecs: is not an object: it holds the ECS outputs by operation name']);
    expect(problems({ ...BASE, errors: 'none' })).toEqual(['errors: is not an object: it holds the failed calls by operation name']);
    expect(problems({ ...BASE, formatVersion: 2 })).toEqual(['formatVersion: 2 is not supported; this version reads format 1']);
    expect(problems({ ...BASE, formatVersion: '1' })).toEqual(['formatVersion: "1" is not supported; this version reads format 1']);
    expect(problems({ ...BASE, formatVersion: 1, ecs: {}, errors: {} })).toEqual([]);
    expect(problems('eu-west-1')).toEqual(['is not a JSON object; a snapshot is {"region", "vpcId", "ec2": {…}, "ecs": {…}}']);
    expect(problems(null)).toEqual(['is not a JSON object; a snapshot is {"region", "vpcId", "ec2": {…}, "ecs": {…}}']);
  });

  test('failed calls are read as a name and a message, whatever their shape in the file', () => {
    const snap = parseSnapshot(JSON.stringify({ ...BASE, errors: { 'ec2.A': { name: 'AccessDenied', message: 'no' }, 'ec2.B': {}, 'ec2.C': 'socket hang up', 'ec2.D': { name: 5, message: false } } }));
    expect(snap.errors).toEqual({
      'ec2.A': { name: 'AccessDenied', message: 'no' },
      'ec2.B': { name: 'Error', message: '' },
      'ec2.C': { name: 'Error', message: 'socket hang up' },
      'ec2.D': { name: '5', message: 'false' },
    });
    expect(parseSnapshot(JSON.stringify(BASE)).errors).toEqual({});
  });

  test('a byte order mark is dropped only at the start; task definitions are keyed by family and revision', () => {
    expect(() => parseSnapshot(`{"region": "eu-west-1", "vpcId": "vpc-0a1b2c3d", "ec2": {}}\uFEFF`)).toThrow(/^is not JSON/);
    expect(familyRevision('arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7')).toBe('web:7');
    expect(familyRevision('web:7')).toBe('web:7');
    expect(taskDefinitionKey('web:7')).toBe('DescribeTaskDefinition.web:7');
    expect(renderSnapshot(parseSnapshot(JSON.stringify(BASE)))).toBe('{\n  "region": "eu-west-1",\n  "vpcId": "vpc-0a1b2c3d4e5f67890",\n  "ec2": {},\n  "errors": {}\n}\n');
  });

  test('a byte order mark and unknown SDK fields are fine', () => {
    const text = `\uFEFF${fs.readFileSync(path.join(FIXTURES, 'healthy.json'), 'utf8')}`;
    expect(parseSnapshot(text).vpcId).toBe('vpc-0a1b2c3d4e5f67890');
  });
});

describe('the JSON Schema of snapshots (schema/doctor-snapshot.schema.json)', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'doctor-snapshot.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

  test.each(fs.readdirSync(FIXTURES))('accepts the fixture %s', (file) => {
    const ok = validate(JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('rejects a snapshot without vpcId, with an unknown top-level field, or with a list that is not a list', () => {
    const healthy = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'healthy.json'), 'utf8')) as Record<string, any>;
    const { vpcId: _vpcId, ...noVpc } = healthy;
    expect(validate(noVpc)).toBe(false);
    expect(validate({ ...healthy, vpc: 'vpc-0a1b2c3d4e5f67890' })).toBe(false);
    expect(validate({ ...healthy, ec2: { ...healthy.ec2, DescribeSubnets: { Subnets: {} } } })).toBe(false);
    expect(validate({ ...healthy, ecs: { ...healthy.ecs, 'DescribeTaskDefinition.web:8': {} } })).toBe(false);
  });
});

describe('network rules', () => {
  const acl = (entries: object[]) => ({ NetworkAclId: 'acl-0a1b2c3d', Entries: entries });
  const rule = (n: number, egress: boolean, action: string, cidr: string, protocol = '-1', ports?: [number, number]) => ({
    RuleNumber: n,
    Egress: egress,
    RuleAction: action,
    CidrBlock: cidr,
    Protocol: protocol,
    ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
  });

  test('network ACLs: the first matching rule decides, per port; the final rule denies', () => {
    const a = acl([rule(100, false, 'allow', '10.0.0.0/16', '6', [1024, 2000]), rule(110, false, 'deny', '10.0.5.0/24', '6', [1500, 65535]), rule(120, false, 'allow', '0.0.0.0/0')]);
    expect(evaluateAcl(a, false, '10.0.1.0/24', [1024, 65535])).toEqual({ allowed: true });
    const denied = evaluateAcl(a, false, '10.0.5.0/24', [1024, 65535]);
    expect(denied).toMatchObject({ allowed: false, deniedPorts: '2001-65535', deniedBy: { RuleNumber: 110 } });
    expect(evaluateAcl(acl([rule(100, true, 'allow', '10.0.0.0/16', '6', [443, 443])]), true, '10.1.0.0/24', [443, 443])).toEqual({ allowed: false, deniedPorts: '443' });
    expect(evaluateAcl(acl([rule(100, true, 'allow', '10.0.0.0/16', '17', [0, 65535])]), true, '10.0.0.0/24', [443, 443]).allowed).toBe(false);
  });

  test('security groups: any rule that covers the port and the peer allows', () => {
    const perms = [{ IpProtocol: 'tcp', FromPort: 400, ToPort: 500, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }, { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-1' }] }];
    expect(permissionsAllow(perms, { cidrs: ['10.1.0.0/16', '10.2.0.0/16'] }, [443, 443])).toBe(true);
    expect(permissionsAllow(perms, { cidrs: ['10.1.0.0/16', '192.168.0.0/16'] }, [443, 443])).toBe(false);
    expect(permissionsAllow(perms, { groupIds: ['sg-1'] }, [1024, 65535])).toBe(true);
    expect(permissionsAllow(perms, { prefixListId: 'pl-1' }, [443, 443])).toBe(false);
    expect(cidrContains('0.0.0.0/0', '52.218.0.0/17')).toBe(true);
  });

  test('endpoint policies: no policy allows, a Deny wins, wildcards match, conditions make it conditional', () => {
    const arn = 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/layer';
    const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
    expect(evaluatePolicy(undefined, 's3:GetObject', arn)).toEqual({ verdict: 'allowed' });
    expect(evaluatePolicy(doc({ Effect: 'Allow', Principal: '*', Action: 's3:Get*', Resource: 'arn:aws:s3:::prod-*-starport-layer-bucket/*' }), 's3:GetObject', arn)).toEqual({ verdict: 'allowed' });
    expect(evaluatePolicy(doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, { Sid: 'NoLayers', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*' }), 's3:GetObject', arn)).toEqual({ verdict: 'denied', sid: 'NoLayers' });
    expect(evaluatePolicy(doc({ Sid: 'Org', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }), 's3:GetObject', arn)).toEqual({ verdict: 'conditional', sid: 'Org' });
    expect(evaluatePolicy(doc({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: '*' }), 's3:GetObject', arn)).toEqual({ verdict: 'not-allowed' });
    expect(evaluatePolicy('{"Statement": [', 's3:GetObject', arn).verdict).toBe('unreadable');
  });
});

describe('the report as text', () => {
  const finding = (severity: Finding['severity'], resource: string): Finding => ({ severity, check: 'c', resource, what: `${resource} is wrong`, why: `the rule of ${resource}`, fix: `mend ${resource}` });
  const report = (findings: Finding[], cluster?: string) => ({
    region: 'eu-west-1',
    vpcId: 'vpc-0a1b2c3d4e5f67890',
    ...(cluster ? { cluster } : {}),
    findings,
    counts: countFindings(findings),
  });

  test('one block per finding, errors first, then warnings, then notes, each in its order; a summary line that counts them', () => {
    const text = formatDoctorReport(report([finding('info', 'kms'), finding('warning', 'eu-west-1b'), finding('error', 'rtb-1'), finding('warning', 'sg-1'), finding('error', 'vpce-1')], 'prod'));
    expect(text).toBe(
      [
        'ecs-privatelink doctor: vpc-0a1b2c3d4e5f67890 in eu-west-1, cluster prod',
        '',
        ...['ERROR   rtb-1', 'ERROR   vpce-1', 'WARNING eu-west-1b', 'WARNING sg-1', 'INFO    kms'].flatMap((head) => {
          const resource = head.slice(8);
          return [`${head}: ${resource} is wrong`, `        why: the rule of ${resource}`, `        fix: mend ${resource}`, ''];
        }),
        '2 errors, 2 warnings, 1 note',
        '',
      ].join('\n'),
    );
  });

  test('the summary: healthy with or without notes, and one of each in the singular', () => {
    expect(formatDoctorReport(report([]))).toBe('ecs-privatelink doctor: vpc-0a1b2c3d4e5f67890 in eu-west-1\n\nhealthy: no error, no warning\n');
    expect(formatDoctorReport(report([finding('info', 'a')])).split('\n').slice(-2)).toEqual(['healthy: no error, no warning (1 note)', '']);
    expect(formatDoctorReport(report([finding('info', 'a'), finding('info', 'b')])).split('\n').slice(-2)).toEqual(['healthy: no error, no warning (2 notes)', '']);
    expect(formatDoctorReport(report([finding('warning', 'a')])).split('\n').slice(-2)).toEqual(['0 errors, 1 warning, 0 notes', '']);
    expect(formatDoctorReport(report([finding('error', 'a')])).split('\n').slice(-2)).toEqual(['1 error, 0 warnings, 0 notes', '']);
  });

  test('exit code 1 for an error or a warning, 0 for notes only', () => {
    expect(countFindings([finding('error', 'a'), finding('info', 'b'), finding('info', 'c')])).toEqual({ error: 1, warning: 0, info: 2 });
    expect(doctorExitCode(report([finding('info', 'a')]))).toBe(0);
    expect(doctorExitCode(report([finding('warning', 'a')]))).toBe(1);
    expect(doctorExitCode(report([finding('error', 'a')]))).toBe(1);
  });
});
