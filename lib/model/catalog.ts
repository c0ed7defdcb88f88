/**
 * Every VPC endpoint ecs-privatelink knows, as data.
 *
 * The `key` is the identity everywhere: the construct id, the key of the HCL
 * `endpoints` map and the address `aws_vpc_endpoint.this["<key>"]`. Renaming a
 * key replaces infrastructure, so treat it as a breaking change.
 */

/** Presets of endpoints for the common ways of running ECS. */
export const PROFILES = ['ec2', 'fargate', 'ecr-only'] as const;
export type Profile = (typeof PROFILES)[number];

export type EndpointType = 'Interface' | 'Gateway';

export interface EndpointSpec {
  /** Identity of the endpoint: construct id, HCL map key, resource address key. */
  readonly key: string;
  /** AWS short service name, the last part of `com.amazonaws.<region>.<service>`. */
  readonly service: string;
  readonly type: EndpointType;
  /** Private DNS default for interface endpoints; gateway endpoints have none. */
  readonly privateDns: boolean;
  /** True where turning private DNS off breaks the clients. */
  readonly privateDnsRequired: boolean;
  /** The profiles that include this endpoint. */
  readonly profiles: readonly Profile[];
  /** One line on what needs it. */
  readonly description: string;
}

export const CATALOG = [
  {
    key: 'ecr_api',
    service: 'ecr.api',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['ec2', 'fargate', 'ecr-only'],
    description: 'ECR registry API: authorization tokens and image manifests for every image pull',
  },
  {
    key: 'ecr_dkr',
    service: 'ecr.dkr',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: true,
    profiles: ['ec2', 'fargate', 'ecr-only'],
    description: 'ECR Docker registry protocol; docker resolves the public registry host name, so private DNS is required',
  },
  {
    key: 's3',
    service: 's3',
    type: 'Gateway',
    privateDns: false,
    privateDnsRequired: false,
    profiles: ['ec2', 'fargate', 'ecr-only'],
    description: 'S3 gateway on the route tables: ECR keeps image layers in S3',
  },
  {
    key: 'ecs',
    service: 'ecs',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['ec2'],
    description: 'ECS control plane API, for ECS on EC2',
  },
  {
    key: 'ecs_agent',
    service: 'ecs-agent',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['ec2'],
    description: 'ECS container agent, for ECS on EC2 and Service Connect',
  },
  {
    key: 'ecs_telemetry',
    service: 'ecs-telemetry',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['ec2'],
    description: 'ECS telemetry (container metrics), for ECS on EC2',
  },
  {
    key: 'logs',
    service: 'logs',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['fargate'],
    description: 'CloudWatch Logs, for tasks with the awslogs log driver',
  },
  {
    key: 'secretsmanager',
    service: 'secretsmanager',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'Secrets Manager, for task definitions that reference secrets',
  },
  {
    key: 'ssm',
    service: 'ssm',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'Systems Manager Parameter Store, for task definitions that reference parameters',
  },
  {
    key: 'ssmmessages',
    service: 'ssmmessages',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'Session Manager channels, for ECS Exec',
  },
  {
    key: 'ec2messages',
    service: 'ec2messages',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'Systems Manager agent messages, for managed EC2 container instances',
  },
  {
    key: 'kms',
    service: 'kms',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'KMS, for secrets, parameters and logs encrypted with customer managed keys',
  },
  {
    key: 'sts',
    service: 'sts',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'STS, for tasks and tools that assume IAM roles',
  },
] as const satisfies readonly EndpointSpec[];

export type EndpointKey = (typeof CATALOG)[number]['key'];
export type ServiceShortName = (typeof CATALOG)[number]['service'];

/** The endpoints a configuration gets when it names neither endpoints nor a profile. */
export const DEFAULT_PROFILE: Profile = 'ec2';

const BY_KEY = new Map<string, EndpointSpec>(CATALOG.map((e) => [e.key, e]));
const BY_SERVICE = new Map<string, EndpointSpec>(CATALOG.map((e) => [e.service, e]));

export function endpointByKey(key: string): EndpointSpec | undefined {
  return BY_KEY.get(key);
}

export function endpointByService(service: string): EndpointSpec | undefined {
  return BY_SERVICE.get(service);
}

/** The catalog entries of a profile, in catalog order. */
export function profileEndpoints(profile: Profile): EndpointSpec[] {
  return CATALOG.filter((e) => (e.profiles as readonly Profile[]).includes(profile));
}

/** The catalog keys of the default set (the six of the ECS PrivateLink announcement). */
export const DEFAULT_ENDPOINT_KEYS: readonly string[] = profileEndpoints(DEFAULT_PROFILE).map((e) => e.key);

/**
 * The endpoints that the principal preset restricts (`allowedPrincipalAccountIds`,
 * `allowedPrincipalOrgId`): the ECR and ECS APIs. The s3 gateway has its own
 * preset (`s3EcrLayersOnly`); the other endpoints get no preset.
 */
export const PRINCIPAL_RESTRICTED_KEYS = ['ecr_api', 'ecr_dkr', 'ecs', 'ecs_agent', 'ecs_telemetry'] as const satisfies readonly EndpointKey[];

/** The AWS short names of PRINCIPAL_RESTRICTED_KEYS, in the same order. */
export const PRINCIPAL_RESTRICTED_SERVICES: readonly string[] = PRINCIPAL_RESTRICTED_KEYS.map((k) => BY_KEY.get(k)!.service);

// ---------------------------------------------------------------------------
// Partitions and service names
// ---------------------------------------------------------------------------

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = (typeof PARTITIONS)[number];

/** Standard reverse-DNS prefix of endpoint service names. */
export const STANDARD_SERVICE_PREFIX = 'com.amazonaws';

/**
 * The partition exceptions to `com.amazonaws.<region>.<service>`, in one table.
 * In the China regions ECR's interface endpoints use `cn.com.amazonaws`; ECS,
 * Logs and the S3 gateway keep the standard prefix.
 */
export const SERVICE_PREFIX_EXCEPTIONS = [
  { partition: 'aws-cn', prefix: 'cn.com.amazonaws', services: ['ecr.api', 'ecr.dkr'] },
] as const satisfies readonly { partition: Partition; prefix: string; services: readonly ServiceShortName[] }[];

/** Regions ecs-privatelink accepts, with their partitions. */
export const REGIONS: Readonly<Record<string, Partition>> = {
  'us-east-1': 'aws',
  'us-east-2': 'aws',
  'us-west-1': 'aws',
  'us-west-2': 'aws',
  'af-south-1': 'aws',
  'ap-east-1': 'aws',
  'ap-east-2': 'aws',
  'ap-south-1': 'aws',
  'ap-south-2': 'aws',
  'ap-southeast-1': 'aws',
  'ap-southeast-2': 'aws',
  'ap-southeast-3': 'aws',
  'ap-southeast-4': 'aws',
  'ap-southeast-5': 'aws',
  'ap-southeast-6': 'aws',
  'ap-southeast-7': 'aws',
  'ap-northeast-1': 'aws',
  'ap-northeast-2': 'aws',
  'ap-northeast-3': 'aws',
  'ca-central-1': 'aws',
  'ca-west-1': 'aws',
  'eu-central-1': 'aws',
  'eu-central-2': 'aws',
  'eu-west-1': 'aws',
  'eu-west-2': 'aws',
  'eu-west-3': 'aws',
  'eu-south-1': 'aws',
  'eu-south-2': 'aws',
  'eu-north-1': 'aws',
  'il-central-1': 'aws',
  'me-south-1': 'aws',
  'me-central-1': 'aws',
  'mx-central-1': 'aws',
  'sa-east-1': 'aws',
  'cn-north-1': 'aws-cn',
  'cn-northwest-1': 'aws-cn',
  'us-gov-west-1': 'aws-us-gov',
  'us-gov-east-1': 'aws-us-gov',
};

export function partitionOf(region: string): Partition {
  const partition = REGIONS[region];
  if (!partition) {
    throw new Error(`unknown AWS region "${region}"; known regions: ${Object.keys(REGIONS).join(', ')}`);
  }
  return partition;
}

/** The reverse-DNS prefix of a service in a partition. */
export function servicePrefix(partition: Partition, service: string): string {
  for (const exception of SERVICE_PREFIX_EXCEPTIONS) {
    if (exception.partition === partition && (exception.services as readonly string[]).includes(service)) {
      return exception.prefix;
    }
  }
  return STANDARD_SERVICE_PREFIX;
}

/** The endpoint service name, e.g. `com.amazonaws.eu-west-1.ecr.api`. */
export function serviceName(region: string, service: string): string {
  return `${servicePrefix(partitionOf(region), service)}.${region}.${service}`;
}
