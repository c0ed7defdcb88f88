/**
 * The doctor's snapshot: what `ecs-privatelink doctor` reads from AWS about
 * one VPC (and, with --cluster, one ECS cluster), as a file a user can save,
 * share and analyse offline.
 *
 * Its format is the AWS SDK's own output objects, keyed by operation name, so
 * that a snapshot can be written by hand from the EC2 and ECS API references
 * or recorded from a real account (`--snapshot-out`):
 *
 * ```json
 * { "region": "eu-west-1", "vpcId": "vpc-…",
 *   "ec2": { "DescribeVpcs": {"Vpcs": […]},
 *            "DescribeVpcAttribute.enableDnsSupport": {"VpcId": "vpc-…", "EnableDnsSupport": {"Value": true}},
 *            "DescribeVpcAttribute.enableDnsHostnames": {…}, "DescribeSubnets": {"Subnets": […]},
 *            "DescribeRouteTables": {…}, "DescribeNetworkAcls": {…}, "DescribeVpcEndpoints": {…},
 *            "DescribeSecurityGroups": {…}, "DescribePrefixLists": {…}, "DescribeInstances": {…} },
 *   "ecs": { "DescribeServices": {"services": […]}, "DescribeContainerInstances": {…},
 *            "DescribeTaskDefinition.web:7": {"taskDefinition": {…}} },
 *   "errors": { "ecs.DescribeServices": {"name": "AccessDeniedException", "message": "…"} } }
 * ```
 *
 * A paginated operation is stored as one output object holding the items of
 * every page (`NextToken` dropped). `errors` holds the calls that failed, so
 * that the analysis says "could not check …" instead of guessing. The JSON
 * Schema is schema/doctor-snapshot.schema.json.
 *
 * Only the fields the analysis reads are typed below; everything else the SDK
 * returns is kept in the file as it came.
 */

export const SNAPSHOT_FORMAT_VERSION = 1;

export interface Tag {
  Key?: string;
  Value?: string;
}

export interface Vpc {
  VpcId?: string;
  CidrBlock?: string;
  CidrBlockAssociationSet?: { CidrBlock?: string }[];
}

export interface Subnet {
  SubnetId?: string;
  VpcId?: string;
  AvailabilityZone?: string;
  CidrBlock?: string;
}

export interface Route {
  DestinationCidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  NatGatewayId?: string;
  TransitGatewayId?: string;
  /** A NAT instance (or another appliance) that the route sends to: its instance, or its network interface. */
  InstanceId?: string;
  NetworkInterfaceId?: string;
  State?: string;
}

export interface RouteTable {
  RouteTableId?: string;
  VpcId?: string;
  Associations?: { Main?: boolean; SubnetId?: string; RouteTableId?: string }[];
  Routes?: Route[];
}

export interface NetworkAclEntry {
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  Egress?: boolean;
  PortRange?: { From?: number; To?: number };
  Protocol?: string;
  RuleAction?: string;
  RuleNumber?: number;
}

export interface NetworkAcl {
  NetworkAclId?: string;
  VpcId?: string;
  IsDefault?: boolean;
  Associations?: { SubnetId?: string; NetworkAclId?: string }[];
  Entries?: NetworkAclEntry[];
}

export interface VpcEndpoint {
  VpcEndpointId?: string;
  VpcEndpointType?: string;
  VpcId?: string;
  ServiceName?: string;
  State?: string;
  PolicyDocument?: string;
  RouteTableIds?: string[];
  SubnetIds?: string[];
  Groups?: { GroupId?: string; GroupName?: string }[];
  PrivateDnsEnabled?: boolean;
  FailureReason?: string;
  LastError?: { Message?: string; Code?: string };
}

export interface IpPermission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string }[];
  PrefixListIds?: { PrefixListId?: string }[];
  UserIdGroupPairs?: { GroupId?: string }[];
}

export interface SecurityGroup {
  GroupId?: string;
  GroupName?: string;
  VpcId?: string;
  IpPermissions?: IpPermission[];
  IpPermissionsEgress?: IpPermission[];
}

export interface PrefixList {
  PrefixListId?: string;
  PrefixListName?: string;
  Cidrs?: string[];
}

export interface Instance {
  InstanceId?: string;
  SubnetId?: string;
  VpcId?: string;
  SecurityGroups?: { GroupId?: string }[];
}

export interface AwsVpcConfiguration {
  subnets?: string[];
  securityGroups?: string[];
  assignPublicIp?: string;
}

export interface Service {
  serviceArn?: string;
  serviceName?: string;
  launchType?: string;
  platformVersion?: string;
  taskDefinition?: string;
  capacityProviderStrategy?: { capacityProvider?: string }[];
  networkConfiguration?: { awsvpcConfiguration?: AwsVpcConfiguration };
}

export interface ContainerInstance {
  containerInstanceArn?: string;
  ec2InstanceId?: string;
  agentConnected?: boolean;
  attributes?: { name?: string; value?: string }[];
}

export interface ContainerDefinition {
  name?: string;
  image?: string;
  logConfiguration?: { logDriver?: string; options?: Record<string, string> };
  secrets?: { name?: string; valueFrom?: string }[];
  repositoryCredentials?: { credentialsParameter?: string };
}

export interface TaskDefinition {
  taskDefinitionArn?: string;
  family?: string;
  revision?: number;
  networkMode?: string;
  requiresCompatibilities?: string[];
  containerDefinitions?: ContainerDefinition[];
}

/** A call that failed while collecting: the SDK error's name and message. */
export interface CallError {
  name: string;
  message: string;
}

export interface Snapshot {
  /** Format version of the file; absent means 1. */
  formatVersion?: number;
  region: string;
  vpcId: string;
  /** The cluster the ECS part was read from, when one was given. */
  cluster?: string;
  /** When it was recorded (ISO 8601), for the reader. */
  collectedAt?: string;
  ec2: Record<string, unknown>;
  ecs?: Record<string, unknown>;
  /** Calls that failed, keyed `ec2.<Operation>` or `ecs.<Operation>`. */
  errors?: Record<string, CallError>;
}

/** The key of a task definition's output: `DescribeTaskDefinition.<family:revision>`. */
export function taskDefinitionKey(familyRevision: string): string {
  return `DescribeTaskDefinition.${familyRevision}`;
}

/** `web:7` from `arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7` (or from `web:7` itself). */
export function familyRevision(taskDefinition: string): string {
  return taskDefinition.slice(taskDefinition.lastIndexOf('/') + 1);
}

/** Why a snapshot file cannot be analysed at all; each is one line for the user. */
export class SnapshotError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n'));
    this.name = 'SnapshotError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A snapshot from the text of a file. Throws SnapshotError when it is not a
 * snapshot at all (not JSON, no region or vpcId, no ec2 section); a missing
 * or malformed operation is left for the analysis, which reports it as "not
 * collected" and goes on with the rest.
 */
export function parseSnapshot(text: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new SnapshotError([{ path: '', message: `is not JSON (${(err as Error).message}); a snapshot is the JSON that --snapshot-out writes` }]);
  }
  if (!isObject(value)) throw new SnapshotError([{ path: '', message: 'is not a JSON object; a snapshot is {"region", "vpcId", "ec2": {…}, "ecs": {…}}' }]);
  const problems: { path: string; message: string }[] = [];
  if (typeof value.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(value.region)) {
    problems.push({ path: 'region', message: `${JSON.stringify(value.region ?? null)} is not an AWS region name like "eu-west-1"` });
  }
  if (typeof value.vpcId !== 'string' || !/^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/.test(value.vpcId)) {
    problems.push({ path: 'vpcId', message: `${JSON.stringify(value.vpcId ?? null)} is not a VPC id like "vpc-0123456789abcdef0"` });
  }
  if (!isObject(value.ec2)) problems.push({ path: 'ec2', message: 'is missing or not an object: it holds the EC2 outputs by operation name' });
  if (value.ecs !== undefined && !isObject(value.ecs)) problems.push({ path: 'ecs', message: 'is not an object: it holds the ECS outputs by operation name' });
  if (value.errors !== undefined && !isObject(value.errors)) problems.push({ path: 'errors', message: 'is not an object: it holds the failed calls by operation name' });
  if (value.formatVersion !== undefined && value.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    problems.push({ path: 'formatVersion', message: `${JSON.stringify(value.formatVersion)} is not supported; this version reads format ${SNAPSHOT_FORMAT_VERSION}` });
  }
  if (problems.length > 0) throw new SnapshotError(problems);
  const errors: Record<string, CallError> = {};
  for (const [op, e] of Object.entries(isObject(value.errors) ? value.errors : {})) {
    errors[op] = isObject(e) ? { name: String(e.name ?? 'Error'), message: String(e.message ?? '') } : { name: 'Error', message: String(e) };
  }
  return { ...(value as unknown as Snapshot), errors };
}

/** The text of a snapshot file: stable key order as collected, two-space indentation, final newline. */
export function renderSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
