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

/**
 * What a configuration's `profile` field takes: a preset, or `none` for a set
 * of your own. `endpoints` and `customEndpoints` add to the preset; they never
 * replace it, so adding one endpoint cannot drop the ECR/ECS set.
 */
export const PROFILE_CHOICES = [...PROFILES, 'none'] as const;
export type ProfileChoice = (typeof PROFILE_CHOICES)[number];

/** `ip_address_type` of an interface endpoint. */
export const IP_ADDRESS_TYPES = ['ipv4', 'dualstack', 'ipv6'] as const;
export type IpAddressType = (typeof IP_ADDRESS_TYPES)[number];

/** `dns_options.dns_record_ip_type` of an interface endpoint. */
export const DNS_RECORD_IP_TYPES = ['ipv4', 'dualstack', 'ipv6', 'service-defined'] as const;
export type DnsRecordIpType = (typeof DNS_RECORD_IP_TYPES)[number];

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
  /**
   * The `ipAddressType`s AWS documents for this service's interface endpoints;
   * undefined where AWS's pages say nothing we could verify (then any type is
   * accepted with a warning). See IP_ADDRESS_TYPE_SOURCES for the pages.
   */
  readonly ipAddressTypes?: readonly IpAddressType[];
  /**
   * True where AWS lists the service among those an interface endpoint can
   * reach in another region (`serviceRegion`); see CROSS_REGION_SOURCE.
   */
  readonly crossRegion: boolean;
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
    ipAddressTypes: ['ipv4'],
    crossRegion: true,
  },
  {
    key: 'ecr_dkr',
    service: 'ecr.dkr',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: true,
    profiles: ['ec2', 'fargate', 'ecr-only'],
    description: 'ECR Docker registry protocol; docker resolves the public registry host name, so private DNS is required',
    ipAddressTypes: ['ipv4'],
    crossRegion: true,
  },
  {
    key: 's3',
    service: 's3',
    type: 'Gateway',
    privateDns: false,
    privateDnsRequired: false,
    profiles: ['ec2', 'fargate', 'ecr-only'],
    description: 'S3 gateway on the route tables: ECR keeps image layers in S3',
    crossRegion: false,
  },
  {
    key: 'ecs',
    service: 'ecs',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['ec2'],
    description: 'ECS control plane API, for ECS on EC2',
    crossRegion: true,
  },
  {
    key: 'ecs_agent',
    service: 'ecs-agent',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['ec2'],
    description: 'ECS container agent, for ECS on EC2 and Service Connect',
    crossRegion: false,
  },
  {
    key: 'ecs_telemetry',
    service: 'ecs-telemetry',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['ec2'],
    description: 'ECS telemetry (container metrics), for ECS on EC2',
    crossRegion: false,
  },
  {
    key: 'logs',
    service: 'logs',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: ['fargate'],
    description: 'CloudWatch Logs, for tasks with the awslogs log driver',
    crossRegion: false,
  },
  {
    key: 'secretsmanager',
    service: 'secretsmanager',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'Secrets Manager, for task definitions that reference secrets',
    crossRegion: false,
  },
  {
    key: 'ssm',
    service: 'ssm',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'Systems Manager Parameter Store, for task definitions that reference parameters',
    crossRegion: false,
  },
  {
    key: 'ssmmessages',
    service: 'ssmmessages',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'Session Manager channels, for ECS Exec',
    crossRegion: false,
  },
  {
    key: 'ec2messages',
    service: 'ec2messages',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'Systems Manager agent messages, for managed EC2 container instances',
    crossRegion: false,
  },
  {
    key: 'kms',
    service: 'kms',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'KMS, for secrets, parameters and logs encrypted with customer managed keys',
    ipAddressTypes: ['ipv4', 'dualstack', 'ipv6'],
    crossRegion: true,
  },
  {
    key: 'sts',
    service: 'sts',
    type: 'Interface',
    privateDns: true,
    privateDnsRequired: false,
    profiles: [],
    description: 'STS, for tasks and tools that assume IAM roles',
    ipAddressTypes: ['ipv4', 'dualstack'],
    crossRegion: false,
  },
] as const satisfies readonly EndpointSpec[];

export type EndpointKey = (typeof CATALOG)[number]['key'];

/**
 * Where the catalog's `ipAddressTypes` come from (AWS pages, read 2026-11-30):
 * - ecr.api, ecr.dkr: IPv4 only. The ECR user guide, "Making requests to Amazon
 *   ECR registries" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html):
 *   "Amazon ECR does not support AWS PrivateLink traffic over dual-stack
 *   endpoints. You must use IPv4-only Amazon ECR endpoints if you need AWS
 *   PrivateLink support." (The ECR VPC endpoint page now mentions IPv6 too; the
 *   stricter statement is kept until AWS's pages agree.)
 * - kms: IPv4, dual-stack and IPv6: "AWS KMS is also privately accessible over
 *   IPv4 and IPv6 from your VPC using AWS PrivateLink"
 *   (https://docs.aws.amazon.com/kms/latest/developerguide/ipv6-kms.html).
 * - sts: IPv4 or dual-stack: "IPv6-only AWS STS VPC endpoints are not supported"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_dual-stack_endpoint_support.html).
 * - the others: not stated on a page we could read; `aws ec2 describe-vpc-endpoint-services
 *   --query 'ServiceDetails[].[ServiceName,SupportedIpAddressTypes]'` tells per region.
 */
export const IP_ADDRESS_TYPE_SOURCES = {
  ecr: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html',
  kms: 'https://docs.aws.amazon.com/kms/latest/developerguide/ipv6-kms.html',
  sts: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_dual-stack_endpoint_support.html',
} as const;

/**
 * AWS's list of services an interface endpoint reaches in another region
 * ("Cross-region enabled AWS services", cross-region PrivateLink, November 2025):
 * S3, IAM, ECR (ecr.api, ecr.dkr), KMS (kms, kms-fips), ECS (ecs only: not
 * ecs-agent nor ecs-telemetry), Lambda, Data Firehose, Managed Service for
 * Apache Flink, Route 53. The catalog's `crossRegion` flags follow it; custom
 * endpoints are checked against CROSS_REGION_SERVICES.
 */
export const CROSS_REGION_SOURCE = 'https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html';

/** Short names of AWS's cross-region list (CROSS_REGION_SOURCE); `s3` there is the S3 *interface* endpoint. */
export const CROSS_REGION_SERVICES: readonly string[] = [
  's3',
  'ecr.api',
  'ecr.dkr',
  'kms',
  'kms-fips',
  'ecs',
  'lambda',
  'kinesis-firehose',
  'kinesisanalytics',
  'kinesisanalytics-fips',
];

/** The form of an AWS short service name: lowercase words joined by dots or hyphens, like `elasticfilesystem` or `ecr.api`. */
export const SERVICE_NAME_PATTERN = '^[a-z0-9]+([.-][a-z0-9]+)*$';

/** The key of an endpoint of `customEndpoints`: its short name with `.` and `-` as `_` (`sqs`, `elasticfilesystem`, `ecr_api`). */
export function customEndpointKey(service: string): string {
  return service.replace(/[.-]/g, '_');
}
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

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f'] as const;
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

/**
 * The form of an AWS region name: `eu-west-1`, `us-gov-east-1`, `us-isob-east-1`.
 * A well-formed region that is not in REGIONS is accepted with a warning, so a
 * region AWS opens after this release works without a new release.
 */
export const REGION_PATTERN = '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$';

/** True for a region name of the right form (REGION_PATTERN), known or not. */
export function isWellFormedRegion(region: string): boolean {
  return new RegExp(REGION_PATTERN).test(region);
}

/** True for a region in REGIONS. */
export function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(REGIONS, region);
}

/** The partition of a region: from REGIONS, else from the form of its name (`cn-` aws-cn, `-gov-` aws-us-gov, `-iso-` ... the ISO partitions, else aws). */
export function partitionOf(region: string): Partition {
  if (isKnownRegion(region)) return REGIONS[region];
  if (!isWellFormedRegion(region)) {
    throw new Error(`"${region}" is not an AWS region name; expected a name like eu-west-1`);
  }
  if (region.startsWith('cn-')) return 'aws-cn';
  const infix = /^[a-z]{2}-(gov|iso[a-z]?)-/.exec(region)?.[1];
  if (infix === 'gov') return 'aws-us-gov';
  if (infix === 'iso') return 'aws-iso';
  if (infix === 'isob') return 'aws-iso-b';
  if (infix === 'isoe') return 'aws-iso-e';
  if (infix === 'isof') return 'aws-iso-f';
  return 'aws';
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

/** DNS suffix of AWS service host names, by partition. */
export const DNS_SUFFIXES: Readonly<Record<Partition, string>> = {
  aws: 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
  'aws-iso-e': 'cloud.adc-e.uk',
  'aws-iso-f': 'csp.hci.ic.gov',
};
