/**
 * The doctor's analysis: a snapshot (lib/reports/doctor/snapshot.ts) in,
 * findings out. Pure: no AWS call, no file, no clock.
 *
 * The causes of `CannotPullContainerError … i/o timeout` and of container
 * instances that never register, each a named step below:
 * the VPC's DNS attributes, endpoints missing for what the tasks use (ECR,
 * the S3 gateway, ECS on EC2, logs for awslogs, Secrets Manager and SSM for
 * secrets), endpoints not `available`, private DNS off, Availability Zones
 * of the clients without an endpoint interface, the S3 gateway missing from
 * a client subnet's route table or its policy not allowing ECR's layer
 * bucket, and security groups and network ACLs that do not let HTTPS out and
 * the answers back.
 */
import type { Spec } from '../../model/config';
import { REGIONS, servicePrefix, type Partition } from '../../model/catalog';
import { countFindings, type DoctorReport, type Finding } from './findings';
import { aclRuleText, EPHEMERAL, evaluateAcl, evaluatePolicy, HTTPS, permissionsAllow, portText, type Peer, type PortRange } from './network';
import { SnapshotReader } from './reader';
import {
  familyRevision,
  taskDefinitionKey,
  type ContainerInstance,
  type Instance,
  type IpPermission,
  type NetworkAcl,
  type PrefixList,
  type RouteTable,
  type SecurityGroup,
  type Service,
  type Snapshot,
  type Subnet,
  type TaskDefinition,
  type Vpc,
  type VpcEndpoint,
} from './snapshot';

export interface AnalyseOptions {
  /** The configuration of the VPC, when there is one: its endpoints are expected to be there. */
  spec?: Spec;
}

const DOCS = {
  dns: 'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html#prerequisites-interface-endpoints',
  ecr: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
  ecs: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html',
  logs: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html',
  secrets: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
  ssm: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html',
  gateway: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
  state: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html',
  nacl: 'https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html',
  sg: 'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html#create-interface-endpoint-aws',
  az: 'https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html',
};

/** Why each service's endpoint is needed, for the findings. */
const NEEDED_FOR: Record<string, string> = {
  'ecr.api': `every image pull from ECR calls the ECR API for a token and the manifest (${DOCS.ecr})`,
  'ecr.dkr': `docker pulls from <account>.dkr.ecr.<region>.amazonaws.com, which resolves to the endpoint only through it (${DOCS.ecr})`,
  s3: `ECR serves image layers from S3; from a private subnet only the S3 gateway endpoint reaches them (${DOCS.ecr})`,
  ecs: `container instances call the ECS API to register (${DOCS.ecs})`,
  'ecs-agent': `the ECS agent on container instances talks to ECS through it (${DOCS.ecs})`,
  'ecs-telemetry': `the ECS agent sends metrics through it (${DOCS.ecs})`,
  logs: `tasks with the awslogs log driver send their logs to CloudWatch Logs (${DOCS.logs})`,
  secretsmanager: `ECS reads the task definition's Secrets Manager secrets before starting the task (${DOCS.secrets})`,
  ssm: `ECS reads the task definition's SSM parameters before starting the task (${DOCS.ssm})`,
};

interface Client {
  /** How the finding names it: `service web` or `container instance i-…`. */
  name: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /**
   * Whether its own network interface pulls images and reaches the endpoints: a Fargate task's, or a
   * container instance's. On EC2, the agent and docker on the instance pull, not the task's awsvpc interface.
   */
  pulls: boolean;
}

/** Everything a step needs, read once. */
interface Context {
  snapshot: Snapshot;
  reader: SnapshotReader;
  findings: Finding[];
  spec?: Spec;
  partition: Partition;
  prefix: (service: string) => string;
  vpc?: Vpc;
  subnets?: Subnet[];
  routeTables?: RouteTable[];
  acls?: NetworkAcl[];
  endpoints?: VpcEndpoint[];
  groups?: SecurityGroup[];
  s3PrefixList?: PrefixList;
  /** From the cluster, or undefined without one. */
  clients?: Client[];
  /** Subnets whose route tables and ACLs are checked: the clients', else the configuration's. */
  clientSubnetIds: string[];
  taskDefinitions: TaskDefinition[];
  ec2Launch: boolean;
}

/** The findings for a snapshot. */
export function analyse(snapshot: Snapshot, options: AnalyseOptions = {}): DoctorReport {
  const findings: Finding[] = [];
  const ctx = readContext(snapshot, findings, options.spec);
  const steps: [string, (c: Context) => void][] = [
    ['the VPC DNS attributes', checkDnsAttributes],
    ['the endpoints the clients need', checkRequiredEndpoints],
    ['the endpoints\' states', checkEndpointStates],
    ['private DNS', checkPrivateDns],
    ['the Availability Zones of the endpoints', checkZones],
    ['the S3 gateway routes', checkS3Routes],
    ['the S3 gateway policy', checkS3Policy],
    ['the security groups', checkSecurityGroups],
    ['the network ACLs', checkNetworkAcls],
  ];
  for (const [what, step] of steps) {
    // A hand-written snapshot may hold a field of another type than AWS returns: that step is reported, the others run.
    try {
      step(ctx);
    } catch (err) {
      findings.push({
        severity: 'warning',
        check: 'not-collected',
        resource: snapshot.vpcId,
        what: `could not check ${what}: the snapshot holds a field of an unexpected type (${(err as Error).message})`,
        why: 'a snapshot holds the SDK\'s output objects as the EC2 and ECS API references describe them',
        fix: 'record the snapshot again with ecs-privatelink doctor --snapshot-out, or fix the field in the file',
      });
    }
  }
  const merged = mergeFailedCalls(findings);
  return { region: snapshot.region, vpcId: snapshot.vpcId, ...(snapshot.cluster ? { cluster: snapshot.cluster } : {}), findings: merged, counts: countFindings(merged) };
}

/**
 * Calls that failed for one reason (no credentials, the network) become one
 * finding that lists them, instead of one per call.
 */
function mergeFailedCalls(findings: Finding[]): Finding[] {
  const failed = findings.filter((f) => f.check === 'could-not-check');
  const reason = (f: Finding) => /failed \((.*)\)$/.exec(f.what)?.[1] ?? f.what;
  const groups = new Map<string, Finding[]>();
  for (const f of failed) groups.set(reason(f), [...(groups.get(reason(f)) ?? []), f]);
  const out = findings.filter((f) => f.check !== 'could-not-check');
  for (const [why, group] of groups) {
    if (group.length === 1) {
      out.push(group[0]);
      continue;
    }
    out.push({
      ...group[0],
      resource: [...new Set(group.map((f) => f.resource.split('.')[0]))].join(', '),
      what: `could not read AWS: ${group.length} calls failed (${why}): ${group.map((f) => f.resource.replace(/^(ec2|ecs)\./, '')).join(', ')}; their checks were not done`,
      fix: group[0].fix.startsWith('allow ')
        ? group[0].fix.replace(/^allow \S+/, `allow ${[...new Set(group.map((f) => f.resource.replace('.', ':').split('.')[0]))].join(', ')}`)
        : group[0].fix,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

function readContext(snapshot: Snapshot, findings: Finding[], spec: Spec | undefined): Context {
  const reader = new SnapshotReader(snapshot, findings);
  const partition: Partition = REGIONS[snapshot.region] ?? (snapshot.region.startsWith('cn-') ? 'aws-cn' : snapshot.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');
  const inVpc = <T extends { VpcId?: string }>(items: T[] | undefined) => items?.filter((i) => i.VpcId === undefined || i.VpcId === snapshot.vpcId);
  const vpcs = reader.list<Vpc>('ec2', 'DescribeVpcs', 'Vpcs', 'the VPC itself');
  const vpc = vpcs?.find((v) => v.VpcId === snapshot.vpcId);
  if (vpcs && !vpc) {
    findings.push({
      severity: 'error',
      check: 'vpc-not-found',
      resource: snapshot.vpcId,
      what: `DescribeVpcs does not list ${snapshot.vpcId}`,
      why: 'the VPC of the configuration must exist in this account and region',
      fix: `check vpcId and region in the configuration, and that the credentials are of the VPC's account (${snapshot.region})`,
    });
  }
  const ctx: Context = {
    snapshot,
    reader,
    findings,
    spec,
    partition,
    prefix: (service) => `${servicePrefix(partition, service)}.${snapshot.region}.`,
    vpc,
    subnets: inVpc(reader.list<Subnet>('ec2', 'DescribeSubnets', 'Subnets', 'the subnets and their Availability Zones')),
    routeTables: inVpc(reader.list<RouteTable>('ec2', 'DescribeRouteTables', 'RouteTables', 'the route tables (S3 gateway routes)')),
    acls: inVpc(reader.list<NetworkAcl>('ec2', 'DescribeNetworkAcls', 'NetworkAcls', 'the network ACLs')),
    endpoints: inVpc(reader.list<VpcEndpoint>('ec2', 'DescribeVpcEndpoints', 'VpcEndpoints', 'the VPC endpoints'))?.map(withType),
    groups: reader.list<SecurityGroup>('ec2', 'DescribeSecurityGroups', 'SecurityGroups', 'the security groups'),
    clientSubnetIds: [],
    taskDefinitions: [],
    ec2Launch: false,
  };
  const s3Name = `${servicePrefix(partition, 's3')}.${snapshot.region}.s3`;
  ctx.s3PrefixList = reader.list<PrefixList>('ec2', 'DescribePrefixLists', 'PrefixLists', 'the S3 prefix list (security group and ACL rules to S3)')?.find((p) => p.PrefixListName === s3Name);
  try {
    readClients(ctx);
  } catch (err) {
    ctx.clients = undefined;
    findings.push({
      severity: 'warning',
      check: 'not-collected',
      resource: snapshot.cluster ?? snapshot.vpcId,
      what: `could not read the cluster's services and container instances: the snapshot holds a field of an unexpected type (${(err as Error).message})`,
      why: 'a snapshot holds the SDK\'s output objects as the ECS API reference describes them',
      fix: 'record the snapshot again with ecs-privatelink doctor --snapshot-out, or fix the field in the file',
    });
  }
  setAsideOtherVpcs(ctx);
  return ctx;
}

/**
 * A client subnet the VPC does not list is in another VPC (or deleted): what runs there reaches that
 * VPC's endpoints, so no check of this one applies to it (this VPC's main route table, network ACLs and
 * security groups are not its). Each such subnet is named once; it, and the clients that run only in
 * such subnets, are left out of the checks.
 */
function setAsideOtherVpcs(ctx: Context): void {
  if (!ctx.subnets) return;
  const elsewhere = ctx.clientSubnetIds.filter((id) => !subnetById(ctx, id));
  if (elsewhere.length === 0) return;
  ctx.clientSubnetIds = ctx.clientSubnetIds.filter((id) => subnetById(ctx, id));
  // Without a cluster the subnets are the configuration's; with one whose clients could not all be read, the cluster's.
  const fromConfig = !ctx.snapshot.cluster || ctx.snapshot.ecs === undefined;
  const users = (id: string) => (ctx.clients ?? []).filter((c) => c.subnetIds.includes(id)).map((c) => c.name);
  for (const id of elsewhere) {
    const of = fromConfig ? "the configuration's subnetIds" : ctx.clients ? list(users(id)) : `cluster ${ctx.snapshot.cluster}`;
    ctx.findings.push({
      severity: 'warning',
      check: 'subnet-elsewhere',
      resource: id,
      what: `subnet ${id} of ${of} is not one of ${ctx.snapshot.vpcId}'s subnets (it is in another VPC, or was deleted), so it was not checked`,
      why: "the endpoints, their private DNS names and the S3 gateway's routes serve only their own VPC's subnets",
      fix: fromConfig
        ? "list this VPC's private subnets in the configuration's subnetIds"
        : "run the service in this VPC's private subnets, or check the subnet's own VPC with its configuration (ecs-privatelink doctor --config ...)",
    });
  }
  if (ctx.clients) ctx.clients = ctx.clients.filter((c) => c.subnetIds.length === 0 || c.subnetIds.some((id) => subnetById(ctx, id)));
}

/** The cluster's services and container instances, their subnets, security groups and task definitions. */
function readClients(ctx: Context): void {
  const { snapshot, reader } = ctx;
  if (!snapshot.cluster || snapshot.ecs === undefined) {
    ctx.clientSubnetIds = ctx.spec?.subnetIds ?? [];
    ctx.ec2Launch = ctx.spec?.endpoints.some((e) => e.service === 'ecs-agent') ?? false;
    ctx.findings.push({
      severity: 'info',
      check: 'no-cluster',
      resource: snapshot.vpcId,
      what: `${snapshot.cluster ? `the snapshot names the cluster ${snapshot.cluster} but holds no ECS outputs ("ecs")` : 'no cluster given'}, so the client checks were skipped (security groups, task definitions' log driver and secrets, Availability Zones of the tasks)${ctx.clientSubnetIds.length > 0 ? '; the route tables and network ACLs checked are those of the configuration\'s subnets' : ''}`,
      why: 'the clients of the endpoints are the cluster\'s container instances and tasks',
      fix: snapshot.cluster ? `record the snapshot again with ecs-privatelink doctor --cluster ${snapshot.cluster} --snapshot-out` : 'run ecs-privatelink doctor with --cluster <name> to check them too',
    });
    return;
  }
  const services = reader.list<Service>('ecs', 'DescribeServices', 'services', "the services' subnets, security groups and task definitions") ?? [];
  const instances = reader.list<ContainerInstance>('ecs', 'DescribeContainerInstances', 'containerInstances', 'the container instances') ?? [];
  const ec2Instances = instances.length > 0 ? (reader.list<{ Instances?: Instance[] }>('ec2', 'DescribeInstances', 'Reservations', "the container instances' subnets and security groups") ?? []).flatMap((r) => r.Instances ?? []) : [];
  const clients: Client[] = services.map((s) => ({
    name: `service ${s.serviceName ?? s.serviceArn ?? '?'}`,
    subnetIds: s.networkConfiguration?.awsvpcConfiguration?.subnets ?? [],
    securityGroupIds: s.networkConfiguration?.awsvpcConfiguration?.securityGroups ?? [],
    pulls: isFargate(s),
  }));
  for (const ci of instances) {
    const ec2 = ec2Instances.find((i) => i.InstanceId === ci.ec2InstanceId);
    const attributeSubnet = ci.attributes?.find((a) => a.name === 'ecs.subnet-id')?.value;
    clients.push({
      name: `container instance ${ci.ec2InstanceId ?? ci.containerInstanceArn ?? '?'}`,
      subnetIds: [ec2?.SubnetId ?? attributeSubnet].filter((s): s is string => !!s),
      securityGroupIds: (ec2?.SecurityGroups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g),
      pulls: true,
    });
  }
  ctx.clients = clients;
  ctx.clientSubnetIds = [...new Set(clients.flatMap((c) => c.subnetIds))].sort();
  ctx.ec2Launch = instances.length > 0 || services.some((s) => s.launchType === 'EC2');
  const families = [...new Set(services.map((s) => s.taskDefinition).filter((t): t is string => !!t).map(familyRevision))].sort();
  ctx.taskDefinitions = families
    .map((fr) => reader.output('ecs', taskDefinitionKey(fr), `task definition ${fr} (log driver, secrets)`)?.taskDefinition as TaskDefinition | undefined)
    .filter((t): t is TaskDefinition => t !== undefined);
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** A service whose tasks run on Fargate: its launch type, or a FARGATE or FARGATE_SPOT capacity provider. */
function isFargate(s: Service): boolean {
  return s.launchType === 'FARGATE' || (s.capacityProviderStrategy ?? []).some((c) => (c.capacityProvider ?? '').startsWith('FARGATE'));
}

/** The endpoints of a service (`ecr.dkr`), of any type. */
function endpointsOf(ctx: Context, service: string): VpcEndpoint[] {
  return (ctx.endpoints ?? []).filter((e) => e.ServiceName === `${ctx.prefix(service)}${service}`);
}

/** The short service name of an endpoint (`ecr.dkr`), or its full name when it is not an AWS service of this region. */
function shortName(ctx: Context, e: VpcEndpoint): string {
  const name = e.ServiceName ?? '?';
  const m = new RegExp(`^(com\\.amazonaws|cn\\.com\\.amazonaws)\\.${ctx.snapshot.region.replace(/-/g, '\\-')}\\.(.+)$`).exec(name);
  return m ? m[2] : name;
}

const isAvailable = (e: VpcEndpoint) => (e.State ?? '').toLowerCase() === 'available';

/**
 * An endpoint with its type: a hand-written snapshot may leave VpcEndpointType out, which is then taken
 * as Gateway for s3 and dynamodb (the services that have gateway endpoints; CreateVpcEndpoint's default
 * type) and Interface for every other service (the only type it has), by every check alike.
 */
function withType(e: VpcEndpoint): VpcEndpoint {
  if (typeof e !== 'object' || e === null || e.VpcEndpointType !== undefined) return e;
  return { ...e, VpcEndpointType: /\.(s3|dynamodb)$/.test(String(e.ServiceName)) ? 'Gateway' : 'Interface' };
}

/** The route table of a subnet: its explicit association, else the VPC's main route table. */
function routeTableOf(ctx: Context, subnetId: string): RouteTable | undefined {
  const tables = ctx.routeTables ?? [];
  return tables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId === subnetId)) ?? tables.find((t) => (t.Associations ?? []).some((a) => a.Main));
}

/** The network ACL of a subnet: its association, else the VPC's default ACL. */
function aclOf(ctx: Context, subnetId: string): NetworkAcl | undefined {
  const acls = ctx.acls ?? [];
  return acls.find((a) => (a.Associations ?? []).some((x) => x.SubnetId === subnetId)) ?? acls.find((a) => a.IsDefault);
}

/** Does the subnet's route table send 0.0.0.0/0 to a NAT gateway, an internet gateway or a transit gateway? */
function hasDefaultRoute(ctx: Context, subnetId: string): boolean {
  const table = routeTableOf(ctx, subnetId);
  return (table?.Routes ?? []).some(
    (r) =>
      r.DestinationCidrBlock === '0.0.0.0/0' &&
      (r.State ?? 'active') === 'active' &&
      (!!r.NatGatewayId || !!r.InstanceId || !!r.NetworkInterfaceId || !!r.TransitGatewayId || (r.GatewayId ?? '').startsWith('igw-')),
  );
}

const subnetById = (ctx: Context, id: string) => ctx.subnets?.find((s) => s.SubnetId === id);

/** The IPv4 CIDR block of a subnet the VPC lists, or undefined (unknown subnet, or IPv6 only). */
const cidrOf = (ctx: Context, id: string): string | undefined => subnetById(ctx, id)?.CidrBlock;

const list = (items: readonly string[]) => items.join(', ');

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

function checkDnsAttributes(ctx: Context): void {
  const vpc = ctx.snapshot.vpcId;
  for (const [attribute, field, flag] of [
    ['enableDnsSupport', 'EnableDnsSupport', '--enable-dns-support'],
    ['enableDnsHostnames', 'EnableDnsHostnames', '--enable-dns-hostnames'],
  ] as const) {
    const output = ctx.reader.output('ec2', `DescribeVpcAttribute.${attribute}`, `the VPC attribute ${attribute}`);
    if (!output) continue;
    const value = (output[field] as { Value?: boolean } | undefined)?.Value;
    if (value === true) continue;
    ctx.findings.push({
      severity: 'error',
      check: attribute === 'enableDnsSupport' ? 'vpc-dns-support' : 'vpc-dns-hostnames',
      resource: vpc,
      what: `${attribute} is ${value === false ? 'off' : 'not known (the output has no Value)'}: the endpoints' private DNS names do not resolve, so tasks resolve the public ECR and ECS names and time out (CannotPullContainerError … i/o timeout)`,
      why: `private DNS of interface endpoints needs both enableDnsSupport and enableDnsHostnames on the VPC (${DOCS.dns})`,
      fix: `aws ec2 modify-vpc-attribute --vpc-id ${vpc} ${flag} '{"Value":true}' (Terraform: ${attribute === 'enableDnsSupport' ? 'enable_dns_support' : 'enable_dns_hostnames'} = true on the aws_vpc)`,
    });
  }
}

/** The services whose endpoints the clients need, with why. */
function requiredServices(ctx: Context): Map<string, string> {
  const needed = new Map<string, string>([
    ['ecr.api', NEEDED_FOR['ecr.api']],
    ['ecr.dkr', NEEDED_FOR['ecr.dkr']],
    ['s3', NEEDED_FOR.s3],
  ]);
  if (ctx.ec2Launch) for (const s of ['ecs', 'ecs-agent', 'ecs-telemetry']) needed.set(s, NEEDED_FOR[s]);
  const containers = ctx.taskDefinitions.flatMap((t) => (t.containerDefinitions ?? []).map((c) => ({ t, c })));
  const awslogs = containers.filter(({ c }) => c.logConfiguration?.logDriver === 'awslogs');
  if (awslogs.length > 0) needed.set('logs', `${NEEDED_FOR.logs}; used by ${list([...new Set(awslogs.map(({ t }) => `${t.family}:${t.revision}`))])}`);
  // A secret's valueFrom without an ARN is an SSM parameter; the registry credentials are a Secrets Manager secret, by ARN or name.
  const secretSources = containers.flatMap(({ t, c }) => [
    ...(c.secrets ?? []).filter((s) => !!s.valueFrom).map((s) => ({ t, service: secretService(s.valueFrom!, 'ssm') })),
    ...(c.repositoryCredentials?.credentialsParameter ? [{ t, service: secretService(c.repositoryCredentials.credentialsParameter, 'secretsmanager') }] : []),
  ]);
  const bySecretService = (service: string) => [...new Set(secretSources.filter((s) => s.service === service).map(({ t }) => `${t.family}:${t.revision}`))];
  for (const service of ['secretsmanager', 'ssm']) {
    const users = bySecretService(service);
    if (users.length > 0) needed.set(service, `${NEEDED_FOR[service]}; used by ${list(users)}`);
  }
  for (const e of ctx.spec?.endpoints ?? []) if (!needed.has(e.service)) needed.set(e.service, `the configuration lists ${e.service}`);
  return needed;
}

/** The service a secret is read from: an ARN's service, else `byName` (a secret's valueFrom names an SSM parameter, repositoryCredentials a Secrets Manager secret). */
function secretService(reference: string, byName: 'ssm' | 'secretsmanager'): string {
  const arn = /^arn:[^:]+:([^:]+):/.exec(reference);
  return arn ? arn[1] : byName;
}

function checkRequiredEndpoints(ctx: Context): void {
  if (!ctx.endpoints) return;
  const viaNat = ctx.clientSubnetIds.length > 0 && ctx.clientSubnetIds.every((s) => hasDefaultRoute(ctx, s));
  // s3, and what the configuration lists as a gateway (a custom dynamodb gateway endpoint).
  const gateways = new Set(['s3', ...(ctx.spec?.endpoints ?? []).filter((e) => e.type === 'Gateway').map((e) => e.service)]);
  for (const [service, why] of requiredServices(ctx)) {
    const gateway = gateways.has(service);
    const found = endpointsOf(ctx, service).filter((e) => e.VpcEndpointType === (gateway ? 'Gateway' : 'Interface'));
    if (found.length > 0) continue;
    const interfaceOnly = gateway && endpointsOf(ctx, service).length > 0;
    const listed = (ctx.spec?.endpoints ?? []).some((e) => e.service === service);
    ctx.findings.push({
      severity: viaNat ? 'warning' : 'error',
      check: 'endpoint-missing',
      resource: `${ctx.prefix(service)}${service}`,
      what: `no ${gateway ? 'gateway' : 'interface'} endpoint for ${service} in ${ctx.snapshot.vpcId}${interfaceOnly ? ' (there is an S3 interface endpoint, which cannot serve ECR layers)' : ''}${viaNat ? '; the clients\' subnets route 0.0.0.0/0 out of the VPC (to a NAT gateway or instance, an internet or a transit gateway), so the traffic goes that way' : ''}`,
      why,
      fix: listed
        ? `the configuration lists ${service}, so it is not deployed to this VPC yet: deploy the configuration (ecs-privatelink synth or generate, then apply)`
        : `add ${service} to the configuration's endpoints (or use a profile that has it), then deploy: ecs-privatelink synth or generate`,
    });
  }
  const secrets = ctx.taskDefinitions.some((t) => (t.containerDefinitions ?? []).some((c) => (c.secrets ?? []).length > 0));
  if (secrets && endpointsOf(ctx, 'kms').length === 0) {
    ctx.findings.push({
      severity: 'info',
      check: 'kms-endpoint',
      resource: `${ctx.prefix('kms')}kms`,
      what: 'task definitions use secrets and there is no kms endpoint; ECS\'s own secret injection does not need one (Secrets Manager and SSM decrypt on the service side)',
      why: `containers that call KMS themselves, for instance to decrypt with a customer managed key, need the kms endpoint in a private subnet (${DOCS.secrets})`,
      fix: 'add kms to the configuration\'s endpoints if your containers call KMS',
    });
  }
}

function checkEndpointStates(ctx: Context): void {
  for (const e of ctx.endpoints ?? []) {
    if (isAvailable(e)) continue;
    const state = e.State ?? 'unknown';
    const transient = ['pending', 'deleting'].includes(state.toLowerCase());
    const reason = e.FailureReason ?? e.LastError?.Message;
    ctx.findings.push({
      severity: transient ? 'warning' : 'error',
      check: 'endpoint-state',
      resource: e.VpcEndpointId ?? '?',
      what: `the ${shortName(ctx, e)} endpoint is ${state}, not available${reason ? ` (${reason})` : ''}: it carries no traffic`,
      why: `an endpoint serves requests only in the state available (${DOCS.state})`,
      fix: /pendingacceptance/i.test(state)
        ? 'AWS services accept endpoints at once: pendingAcceptance means the service name is an endpoint service that waits for its owner; check the service name, or ask the owner to accept it'
        : transient
          ? 'wait a few minutes and run the doctor again'
          : `delete and recreate it (terraform apply -replace='aws_vpc_endpoint.this["${shortName(ctx, e).replace(/[.-]/g, '_')}"]'), after fixing the reason above`,
    });
  }
}

function checkPrivateDns(ctx: Context): void {
  for (const e of ctx.endpoints ?? []) {
    if (e.VpcEndpointType !== 'Interface' || e.PrivateDnsEnabled !== false) continue;
    const service = shortName(ctx, e);
    const dkr = service === 'ecr.dkr';
    ctx.findings.push({
      severity: dkr ? 'error' : 'warning',
      check: 'private-dns',
      resource: e.VpcEndpointId ?? '?',
      what: `private DNS is off on the ${service} endpoint: the public name ${dkr ? '<account>.dkr.ecr.' + ctx.snapshot.region + '.amazonaws.com' : 'of ' + service} still resolves to public addresses, so ${dkr ? 'docker pulls time out' : 'clients do not use the endpoint'}`,
      why: dkr
        ? `docker resolves the registry's public host name, which points to the endpoint only with private DNS (${DOCS.ecr})`
        : `clients use an interface endpoint through its service's public name only with private DNS, unless a private hosted zone of yours answers for it (${DOCS.dns})`,
      fix: `turn private DNS on (privateDns in the configuration, private_dns_enabled in the module; the provider replaces the endpoint)${dkr ? '' : ', or keep it off if a private hosted zone answers for the name'}`,
    });
  }
}

/** Availability Zones of the clients without an interface of each endpoint; endpoint subnets that are gone. */
function checkZones(ctx: Context): void {
  if (!ctx.subnets || !ctx.clients) return;
  const clientZones = new Set(ctx.clientSubnetIds.map((id) => subnetById(ctx, id)?.AvailabilityZone).filter((z): z is string => !!z));
  const uncovered = new Map<string, VpcEndpoint[]>();
  for (const e of (ctx.endpoints ?? []).filter((x) => x.VpcEndpointType === 'Interface' && isAvailable(x))) {
    const gone = (e.SubnetIds ?? []).filter((id) => !subnetById(ctx, id));
    if (gone.length > 0) {
      ctx.findings.push({
        severity: 'error',
        check: 'endpoint-subnet-gone',
        resource: e.VpcEndpointId ?? '?',
        what: `the ${shortName(ctx, e)} endpoint is in subnet ${list(gone)}, which DescribeSubnets no longer lists`,
        why: `an interface endpoint answers in the subnets it has a network interface in (${DOCS.az})`,
        fix: 'set the configuration\'s subnets to existing private subnets, one per Availability Zone, and deploy',
      });
    }
    const zones = new Set((e.SubnetIds ?? []).map((id) => subnetById(ctx, id)?.AvailabilityZone).filter(Boolean));
    if (zones.size === 0) continue;
    for (const zone of [...clientZones].filter((z) => !zones.has(z))) uncovered.set(zone, [...(uncovered.get(zone) ?? []), e]);
  }
  for (const [zone, endpoints] of [...uncovered].sort(([a], [b]) => (a < b ? -1 : 1))) {
    ctx.findings.push({
      severity: 'warning',
      check: 'endpoint-zone',
      resource: zone,
      what: `tasks or instances run in ${zone}, where the endpoints ${list(endpoints.map((e) => `${shortName(ctx, e)} (${e.VpcEndpointId})`))} have no network interface: they reach them across Availability Zones (charged per GB), and lose them with their zone`,
      why: `an interface endpoint has one network interface per subnet, one subnet per Availability Zone; its DNS name answers with every interface (${DOCS.az})`,
      fix: `add a private subnet of ${zone} to the configuration's subnets and deploy`,
    });
  }
}

function checkS3Routes(ctx: Context): void {
  if (!ctx.routeTables || !ctx.endpoints) return;
  const gateways = endpointsOf(ctx, 's3').filter((e) => e.VpcEndpointType === 'Gateway');
  if (gateways.length === 0) return; // reported as a missing endpoint
  const ids = new Set(gateways.map((g) => g.VpcEndpointId));
  const tables = new Map<string, string[]>();
  for (const subnet of ctx.clientSubnetIds) {
    const table = routeTableOf(ctx, subnet);
    if (!table?.RouteTableId) continue;
    const viaEndpoint = gateways.some((g) => (g.RouteTableIds ?? []).includes(table.RouteTableId!));
    const viaRoute = (table.Routes ?? []).some((r) => !!r.DestinationPrefixListId && ids.has(r.GatewayId));
    if (viaEndpoint || viaRoute) continue;
    tables.set(table.RouteTableId, [...(tables.get(table.RouteTableId) ?? []), subnet]);
  }
  for (const [table, subnets] of tables) {
    ctx.findings.push({
      severity: 'error',
      check: 's3-route',
      resource: table,
      what: `route table ${table} of subnet ${list(subnets)} has no route to the S3 gateway endpoint ${list([...ids] as string[])}: image layers, served from S3, time out (CannotPullContainerError … i/o timeout)`,
      why: `a gateway endpoint serves only the subnets whose route tables it is associated with (${DOCS.gateway})`,
      fix: `add ${table} to the configuration's routeTableIds (route_table_ids in the module) and deploy`,
    });
  }
}

function checkS3Policy(ctx: Context): void {
  const bucket = `prod-${ctx.snapshot.region}-starport-layer-bucket`;
  const resource = `arn:${ctx.partition}:s3:::${bucket}/layer`;
  for (const e of endpointsOf(ctx, 's3').filter((x) => x.VpcEndpointType === 'Gateway')) {
    const result = evaluatePolicy(e.PolicyDocument, 's3:GetObject', resource);
    if (result.verdict === 'allowed') continue;
    const reading =
      result.verdict === 'unreadable'
        ? `is not readable JSON (${result.reason})`
        : result.verdict === 'denied'
          ? `denies s3:GetObject on ${bucket}${result.sid ? ` (statement ${result.sid})` : ''}`
          : result.verdict === 'conditional'
            ? `allows s3:GetObject on ${bucket} only under conditions or to some principals${result.sid ? ` (statement ${result.sid})` : ''}`
            : `does not allow s3:GetObject on ${bucket}`;
    ctx.findings.push({
      severity: result.verdict === 'conditional' ? 'warning' : 'error',
      check: 's3-policy',
      resource: e.VpcEndpointId ?? '?',
      what: `the S3 gateway endpoint's policy ${reading}: image layer downloads get 403 Access Denied`,
      why: `ECR stores image layers in the bucket ${bucket}; the S3 gateway's policy must allow s3:GetObject on arn:${ctx.partition}:s3:::${bucket}/* (${DOCS.ecr})`,
      fix: `allow it: s3EcrLayersOnly: true in the configuration writes that statement, or add it to policies.s3`,
    });
  }
}

// ---------------------------------------------------------------------------
// Security groups
// ---------------------------------------------------------------------------

function permissionsOf(ctx: Context, groupIds: readonly string[], egress: boolean): IpPermission[] {
  return (ctx.groups ?? []).filter((g) => groupIds.includes(g.GroupId ?? '')).flatMap((g) => (egress ? g.IpPermissionsEgress : g.IpPermissions) ?? []);
}

function checkSecurityGroups(ctx: Context): void {
  if (!ctx.clients || !ctx.groups || !ctx.endpoints || !ctx.subnets) return;
  const interfaces = ctx.endpoints.filter((e) => e.VpcEndpointType === 'Interface' && isAvailable(e));
  const endpointGroups = [...new Set(interfaces.flatMap((e) => (e.Groups ?? []).map((g) => g.GroupId ?? '')).filter(Boolean))].sort();
  const endpointCidrs = [...new Set(interfaces.flatMap((e) => (e.SubnetIds ?? []).map((id) => cidrOf(ctx, id) ?? '')).filter(Boolean))];
  for (const client of ctx.clients.filter((c) => c.pulls && c.securityGroupIds.length > 0)) {
    const egress = permissionsOf(ctx, client.securityGroupIds, true);
    // Either way in counts: to the endpoints' security groups, or to their subnets' CIDR blocks (a hand-written snapshot may lack the group ids).
    const toEndpoints = (endpointGroups.length > 0 && permissionsAllow(egress, { groupIds: endpointGroups }, HTTPS)) || (endpointCidrs.length > 0 && permissionsAllow(egress, { cidrs: endpointCidrs }, HTTPS));
    if (interfaces.length > 0 && !toEndpoints) {
      const targets = [...(endpointGroups.length > 0 ? [`security groups ${list(endpointGroups)}`] : []), ...(endpointCidrs.length > 0 ? [`subnets ${list(endpointCidrs)}`] : [])];
      ctx.findings.push(sgFinding(client, 'sg-egress-endpoints', `do not allow TCP 443 out to the interface endpoints${targets.length > 0 ? ` (${targets.join(', ')})` : ''}`, `clients need egress on 443 to the endpoints' security group or subnets (${DOCS.sg})`, `add an egress rule: TCP 443 to ${endpointGroups[0] ?? (endpointCidrs.length > 0 ? `the endpoints' subnets (${list(endpointCidrs)})` : 'the endpoints\' security group')}`));
    }
    const pl = ctx.s3PrefixList;
    if (pl && endpointsOf(ctx, 's3').some((e) => e.VpcEndpointType === 'Gateway')) {
      const toS3 = permissionsAllow(egress, { prefixListId: pl.PrefixListId }, HTTPS) || permissionsAllow(egress, { cidrs: pl.Cidrs ?? [] }, HTTPS);
      if (!toS3) {
        ctx.findings.push(sgFinding(client, 'sg-egress-s3', `do not allow TCP 443 out to the S3 prefix list ${pl.PrefixListId}: image layers time out`, `the S3 gateway is reached at S3's public addresses, which the prefix list holds; security group egress must allow them (${DOCS.gateway})`, `add an egress rule: TCP 443 to prefix list ${pl.PrefixListId} (the module's output s3_prefix_list_id)`));
      }
    }
  }
  checkEndpointIngress(ctx, interfaces, endpointGroups);
}

function sgFinding(client: Client, check: string, what: string, why: string, fix: string): Finding {
  return { severity: 'error', check, resource: list(client.securityGroupIds), what: `the security groups of ${client.name} (${list(client.securityGroupIds)}) ${what}`, why, fix };
}

/** Each endpoint security group must let HTTPS in from every client. */
function checkEndpointIngress(ctx: Context, interfaces: VpcEndpoint[], endpointGroups: string[]): void {
  if (interfaces.length === 0 || endpointGroups.length === 0) return;
  const ingress = permissionsOf(ctx, endpointGroups, false);
  const refused = ctx.clients!.filter((c) => c.pulls).filter((client) => {
    const cidrs = client.subnetIds.map((id) => cidrOf(ctx, id) ?? '').filter(Boolean);
    const peers: Peer[] = [{ groupIds: client.securityGroupIds }, { cidrs }];
    return !peers.some((p) => ((p.groupIds?.length ?? 0) > 0 || (p.cidrs?.length ?? 0) > 0) && permissionsAllow(ingress, p, HTTPS));
  });
  if (refused.length === 0) return;
  ctx.findings.push({
    severity: 'error',
    check: 'sg-ingress-endpoints',
    resource: list(endpointGroups),
    what: `the endpoints' security groups do not let TCP 443 in from ${list(refused.map((c) => c.name))}`,
    why: `the security group of an interface endpoint must allow inbound HTTPS from its clients (${DOCS.ecr})`,
    fix: 'add the clients\' security groups to allowedSecurityGroupIds, or their subnets\' CIDR blocks to allowedCidrBlocks, and deploy',
  });
}

// ---------------------------------------------------------------------------
// Network ACLs
// ---------------------------------------------------------------------------

interface AclCheck {
  subnetId: string;
  egress: boolean;
  /** Every range must be allowed (the S3 prefix list has several). */
  peers: string[];
  ports: PortRange;
  what: string;
}

function checkNetworkAcls(ctx: Context): void {
  if (!ctx.acls || !ctx.subnets || !ctx.endpoints) return;
  const interfaces = ctx.endpoints.filter((e) => e.VpcEndpointType === 'Interface' && isAvailable(e));
  const endpointSubnets = [...new Set(interfaces.flatMap((e) => e.SubnetIds ?? []))].filter((id) => subnetById(ctx, id));
  const s3Cidrs = endpointsOf(ctx, 's3').some((e) => e.VpcEndpointType === 'Gateway') ? (ctx.s3PrefixList?.Cidrs ?? []) : [];
  const checks: AclCheck[] = [];
  // The checks are of IPv4 rules: a subnet without an IPv4 CIDR block (IPv6 only) is left out.
  for (const client of ctx.clientSubnetIds.filter((id) => cidrOf(ctx, id))) {
    const clientCidr = cidrOf(ctx, client)!;
    for (const ep of endpointSubnets.filter((id) => id !== client && cidrOf(ctx, id))) {
      const epCidr = cidrOf(ctx, ep)!;
      checks.push({ subnetId: client, egress: true, peers: [epCidr], ports: HTTPS, what: `HTTPS out to the endpoints in ${ep}` });
      checks.push({ subnetId: client, egress: false, peers: [epCidr], ports: EPHEMERAL, what: `the answers back from the endpoints in ${ep}` });
      checks.push({ subnetId: ep, egress: false, peers: [clientCidr], ports: HTTPS, what: `HTTPS in from the clients in ${client}` });
      checks.push({ subnetId: ep, egress: true, peers: [clientCidr], ports: EPHEMERAL, what: `the answers back to the clients in ${client}` });
    }
    if (s3Cidrs.length > 0) {
      const pl = `S3 (prefix list ${ctx.s3PrefixList?.PrefixListId}: ${list(s3Cidrs)})`;
      checks.push({ subnetId: client, egress: true, peers: s3Cidrs, ports: HTTPS, what: `HTTPS out to ${pl}` });
      checks.push({ subnetId: client, egress: false, peers: s3Cidrs, ports: EPHEMERAL, what: `the answers back from ${pl}` });
    }
  }
  const seen = new Set<string>();
  for (const check of checks) {
    const acl = aclOf(ctx, check.subnetId);
    if (!acl?.NetworkAclId) continue;
    const key = `${acl.NetworkAclId} ${check.egress} ${check.peers} ${check.ports}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const denied = check.peers.map((peer) => ({ peer, verdict: evaluateAcl(acl, check.egress, peer, check.ports) })).find((x) => !x.verdict.allowed);
    if (!denied) continue;
    const { peer, verdict } = denied;
    ctx.findings.push({
      severity: 'error',
      check: 'nacl',
      resource: acl.NetworkAclId,
      what: `network ACL ${acl.NetworkAclId} of subnet ${check.subnetId} blocks ${check.what}: ${check.egress ? 'outbound' : 'inbound'} TCP ${verdict.deniedPorts ?? portText(check.ports)} ${check.egress ? 'to' : 'from'} ${peer} meets ${aclRuleText(verdict.deniedBy)}`,
      why: `network ACLs are stateless: a connection needs its port allowed one way and the ephemeral ports ${portText(EPHEMERAL)} the other way; rules apply in number order, the first match wins (${DOCS.nacl})`,
      fix: `add an ${check.egress ? 'outbound' : 'inbound'} allow rule for TCP ${portText(check.ports)} ${check.egress ? 'to' : 'from'} ${list(check.peers)} with a number below ${verdict.deniedBy?.RuleNumber ?? 'the deny rules'}`,
    });
  }
}
