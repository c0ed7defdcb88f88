/**
 * The JSON Schema of the configuration file.
 *
 * It is the single description of the file's shape: `lib/model/config.ts` checks
 * every file against it (with its own small interpreter, so each problem gets
 * a message in the user's terms), and `ecs-privatelink schema` prints it for
 * editors. Rules that span several fields (one subnet per Availability Zone,
 * what is required when) live in `lib/model/config.ts`. This is one VPC;
 * `lib/model/fleet-schema.ts` builds the fleet form (defaults and vpcs) from it, and
 * the document that `ecs-privatelink schema` prints (either form).
 *
 * `x-expected`, `x-name` and `x-why` are annotations of ours, for error
 * messages: what a valid value looks like, in words; what one value is called
 * ("endpoint", "tag key"); why a limit is what it is. Editors ignore them.
 */
import {
  CATALOG,
  DNS_RECORD_IP_TYPES,
  IP_ADDRESS_TYPES,
  PRINCIPAL_RESTRICTED_SERVICES,
  PROFILE_CHOICES,
  REGION_PATTERN,
  REGIONS,
  SERVICE_NAME_PATTERN,
} from './catalog';

/** Highest price accepted in the config's pricing section and by cost's price options, in US dollars per hour or per GB (list prices are cents; 1,000 keeps every total finite and readable). */
export const MAX_PRICE_USD = 1000;
import { HUB_PRICING_SCHEMA_PROPERTIES } from './hub-pricing';

export type JsonType = 'object' | 'array' | 'string' | 'boolean' | 'number';

export type JsonSchema = {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  /** One type, or the types a value may have (`policies` takes a map or JSON text). */
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  maxProperties?: number;
  items?: JsonSchema;
  /** Exactly one of these, told apart by type (an `endpoints` entry is a short name or a map). */
  oneOf?: JsonSchema[];
  uniqueItems?: boolean;
  minItems?: number;
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  examples?: unknown[];
  'x-expected'?: string;
  'x-name'?: string;
  'x-why'?: string;
  /** Added to the message when a number was given where a string is expected. */
  'x-number-hint'?: string;
};

const hexId = (prefix: string, what: string): JsonSchema => ({
  type: 'string',
  pattern: `^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`,
  'x-expected': `a ${what} id: "${prefix}-" followed by 8 or 17 lowercase hexadecimal digits, like ${prefix}-0123456789abcdef0`,
});

const idList = (prefix: string, what: string, description: string): JsonSchema => ({
  description,
  type: 'array',
  items: hexId(prefix, what),
});

const serviceNames = CATALOG.map((e) => e.service);

/**
 * `{name}`, `{stack}`, `{vpcId}`, `{region}`, `{account}`: the placeholders
 * of the state locations (lib/model/state.ts fills them in per VPC).
 */
const TEMPLATE_WORDS = 'it may use {name}, {stack}, {vpcId}, {region} and {account}';

/** Where the state of the VPC's stack and root is kept: one of local, s3 and cloud (lib/model/state.ts). */
const BACKEND_SCHEMA: JsonSchema = {
  description:
    'Where Terraform keeps the state of this VPC, for the CDKTF stack and the generated root alike: one of local (the default), s3 and cloud; ' +
    'every VPC gets a location of its own',
  type: 'object',
  additionalProperties: false,
  maxProperties: 1,
  'x-name': 'backend',
  'x-why': 'a configuration keeps its state in one place: keep one of local, s3 and cloud',
  properties: {
    local: {
      description: 'A state file on disk (the default)',
      type: 'object',
      additionalProperties: false,
      properties: {
        path: {
          description: `Relative path of the state file: to the project folder for the CDKTF stack, to roots/<name> for a root; default terraform.{stack}.tfstate (a root: terraform.tfstate); ${TEMPLATE_WORDS}`,
          type: 'string',
          minLength: 1,
          maxLength: 1024,
          'x-expected': 'a relative path, like state/{name}.tfstate',
        },
      },
    },
    s3: {
      description: 'An object in an S3 bucket, locked with a lock file next to it (use_lockfile, Terraform >= 1.10)',
      type: 'object',
      required: ['bucket'],
      additionalProperties: false,
      properties: {
        bucket: {
          description: 'The bucket, which must exist',
          type: 'string',
          pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
          'x-expected': 'an S3 bucket name: 3 to 63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, like acme-terraform-state',
        },
        key: {
          description: `Key of the state object; default ecs-privatelink/{region}/{vpcId}.tfstate; ${TEMPLATE_WORDS}`,
          type: 'string',
          minLength: 1,
          maxLength: 1024,
          'x-why': 'the S3 limit for object keys',
          'x-expected': 'an object key, like ecs-privatelink/{region}/{vpcId}.tfstate',
        },
        region: { description: "Region of the bucket; default: the VPC's region", type: 'string', enum: Object.keys(REGIONS), 'x-name': 'AWS region' },
        encrypt: { description: 'Server-side encryption of the state object', type: 'boolean', default: true },
        useLockfile: { description: 'Lock the state with a <key>.tflock object next to it (S3 conditional writes; Terraform >= 1.10)', type: 'boolean', default: true },
        dynamodbTable: {
          description: 'DynamoDB table for locking, the older way (deprecated by Terraform in favour of useLockfile); with useLockfile, both are used',
          type: 'string',
          pattern: '^[A-Za-z0-9_.-]{3,255}$',
          'x-expected': 'a DynamoDB table name of 3 to 255 letters, digits, "_", "-" or "."',
        },
        kmsKeyId: {
          description: 'KMS key that encrypts the state object (an ARN, a key id or alias/<name>); default: S3 managed keys',
          type: 'string',
          pattern: '^(arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+|alias/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$',
          'x-expected': 'a KMS key ARN, key id or alias, like alias/terraform-state',
        },
        roleArn: {
          description: 'IAM role the backend assumes to reach the bucket (assume_role)',
          type: 'string',
          pattern: '^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$',
          'x-expected': 'an IAM role ARN, like arn:aws:iam::123456789012:role/terraform-state',
        },
        workspaceKeyPrefix: {
          description: 'Prefix of the keys of non-default Terraform workspaces; default env:',
          type: 'string',
          pattern: '^[^/](.*[^/])?$',
          maxLength: 256,
          'x-expected': 'a key prefix that neither starts nor ends with "/", like workspaces',
        },
      },
    },
    cloud: {
      description: 'A workspace of HCP Terraform or Terraform Enterprise (the cloud block)',
      type: 'object',
      required: ['organization'],
      additionalProperties: false,
      properties: {
        organization: {
          description: 'The HCP Terraform (or Terraform Enterprise) organization that owns the workspace, like acme',
          type: 'string',
          pattern: '^[A-Za-z0-9_-]{1,100}$',
          'x-expected': 'an organization name of letters, digits, "_" or "-"',
        },
        workspace: {
          description: `The workspace, created on first use; default {stack}; ${TEMPLATE_WORDS}`,
          type: 'string',
          pattern: '^[A-Za-z0-9_{}-]{1,90}$',
          'x-expected': 'a workspace name of letters, digits, "_" or "-" (and placeholders), like privatelink-{name}',
        },
        project: {
          description: 'Project of the workspace; default: the default project',
          type: 'string',
          minLength: 1,
          maxLength: 40,
        },
        hostname: {
          description: 'Terraform Enterprise host; default app.terraform.io',
          type: 'string',
          pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$',
          'x-expected': 'a host name, like tfe.example.com',
        },
      },
    },
  },
};

/** Endpoints and a security group made by hand, to import instead of create (lib/model/state.ts). */
const ADOPT_SCHEMA: JsonSchema = {
  description:
    'Existing endpoints and security group to bring under management: the next plan imports them instead of creating new ones; remove adopt once applied',
  type: 'object',
  additionalProperties: false,
  properties: {
    endpoints: {
      description: 'Endpoint id by AWS short name, like ecr.api: vpce-0123456789abcdef0',
      type: 'object',
      propertyNames: { type: 'string', enum: CATALOG.map((e) => e.service), 'x-name': 'endpoint' },
      additionalProperties: {
        type: 'string',
        pattern: '^vpce-[0-9a-f]{17}$',
        'x-expected': 'a VPC endpoint id: "vpce-" followed by 17 lowercase hexadecimal digits, like vpce-0123456789abcdef0',
      },
    },
    securityGroup: {
      description: 'The security group ecs-privatelink would create for the interface endpoints, when it exists already',
      ...hexId('sg', 'security group'),
    },
  },
};
const restricted = PRINCIPAL_RESTRICTED_SERVICES.join(', ');

const regionName = (description: string): JsonSchema => ({
  description,
  type: 'string',
  pattern: REGION_PATTERN,
  'x-name': 'AWS region',
  'x-expected': `an AWS region name like eu-west-1 (known: ${Object.keys(REGIONS).length} regions; a newer well-formed one is accepted with a warning)`,
});

/** A Terraform duration (Go syntax): `10m`, `1h30m`, `90s`. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';

const duration = (what: string): JsonSchema => ({
  description: `How long Terraform waits to ${what} the endpoint`,
  type: 'string',
  pattern: DURATION_PATTERN,
  'x-expected': 'a duration like 10m, 1h or 1h30m (numbers with ms, s, m or h)',
});

/** The options of one endpoint, in the object form of an `endpoints` entry and in `customEndpoints`. */
export const ENDPOINT_OPTION_PROPERTIES: Record<string, JsonSchema> = {
  subnetIds: idList('subnet', 'subnet', 'Subnets of this interface endpoint, at most one per Availability Zone; replaces subnetIds/subnets for it'),
  securityGroupIds: idList('sg', 'security group', 'Security groups attached to this interface endpoint besides the others (the created one and securityGroupIds)'),
  ipAddressType: {
    description: 'IP address type of this interface endpoint: ipv4, dualstack or ipv6 (ECR takes ipv4 only)',
    type: 'string',
    enum: IP_ADDRESS_TYPES,
    'x-name': 'IP address type',
  },
  dnsOptions: {
    description: 'DNS options of this interface endpoint',
    type: 'object',
    additionalProperties: false,
    properties: {
      dnsRecordIpType: {
        description: 'The DNS records of the endpoint: ipv4 (A), ipv6 (AAAA), dualstack (both) or service-defined; must fit ipAddressType',
        type: 'string',
        enum: DNS_RECORD_IP_TYPES,
        'x-name': 'DNS record IP type',
      },
      privateDnsOnlyForInboundResolverEndpoint: {
        description: 'S3 interface endpoint only: private DNS for on-premises clients (inbound Resolver endpoints) only, so the VPC keeps using the s3 gateway',
        type: 'boolean',
      },
    },
  },
  serviceRegion: regionName('Region of the service, for cross-region PrivateLink: the endpoint stays in the VPC and reaches the service there (ecr.api, ecr.dkr, ecs, the S3 interface endpoint and a few more; not ecs-agent or ecs-telemetry)'),
  timeouts: {
    description: 'How long Terraform waits for this endpoint',
    type: 'object',
    additionalProperties: false,
    properties: { create: duration('create'), update: duration('update'), delete: duration('delete') },
  },
};

const endpointEntry: JsonSchema = {
  'x-expected': 'an AWS short name like ecr.api, or a map like {service: ecr.api, serviceRegion: us-east-1}',
  oneOf: [
    { type: 'string', enum: serviceNames, 'x-name': 'endpoint' },
    {
      type: 'object',
      required: ['service'],
      additionalProperties: false,
      properties: {
        service: { description: 'AWS short name of a catalog endpoint', type: 'string', enum: serviceNames, 'x-name': 'endpoint' },
        ...ENDPOINT_OPTION_PROPERTIES,
      },
    },
  ],
};

const customEndpoint: JsonSchema = {
  type: 'object',
  required: ['service'],
  additionalProperties: false,
  properties: {
    service: {
      description: 'AWS short service name, the last part of com.amazonaws.<region>.<service>: sqs, elasticfilesystem, xray, ...',
      type: 'string',
      pattern: SERVICE_NAME_PATTERN,
      'x-expected': 'an AWS short service name: lowercase letters and digits, words joined by "." or "-", like sqs, elasticfilesystem or secretsmanager',
    },
    type: { description: 'Interface (default) or Gateway (S3 and DynamoDB only)', type: 'string', enum: ['Interface', 'Gateway'], default: 'Interface' },
    privateDns: { description: 'Private DNS of this interface endpoint; default: on', type: 'boolean' },
    policy: {
      description: 'Endpoint policy: a policy document with Version and Statement, as a map or as JSON text',
      type: ['object', 'string'],
      'x-name': 'policy',
      'x-expected': 'a policy document: a map with Version and Statement, or the same as JSON text',
    },
    ...ENDPOINT_OPTION_PROPERTIES,
  },
};

export const CONFIG_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/ecs-privatelink/ecs-privatelink/schema/privatelink.config.schema.json',
  title: 'ecs-privatelink configuration',
  description: 'VPC endpoints that let ECS and ECR work from private subnets without a NAT gateway',
  type: 'object',
  required: ['region', 'vpcId'],
  additionalProperties: false,
  properties: {
    region: { ...regionName('AWS region of the VPC'), examples: Object.keys(REGIONS) },
    vpcId: { description: 'VPC that gets the endpoints', ...hexId('vpc', 'VPC') },
    subnetIds: idList(
      'subnet',
      'subnet',
      'Subnets of the interface endpoints, at most one per Availability Zone (use subnets to have that checked before apply)',
    ),
    subnets: {
      description: 'Subnets of the interface endpoints with their Availability Zones, so that the one-subnet-per-zone rule is checked before apply; instead of subnetIds',
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'availabilityZone'],
        additionalProperties: false,
        properties: {
          id: hexId('subnet', 'subnet'),
          availabilityZone: {
            type: 'string',
            pattern: '^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$',
            'x-expected': 'an Availability Zone name, like eu-west-1a',
          },
        },
      },
    },
    routeTableIds: idList('rtb', 'route table', 'Route tables of the S3 gateway endpoint (those of the private subnets)'),
    allowedCidrBlocks: {
      description: 'Address ranges allowed to reach the interface endpoints on TCP 443, IPv4 or IPv6 (usually the VPC CIDR)',
      type: 'array',
      items: { type: 'string', 'x-expected': 'a CIDR block, like 10.0.0.0/16' },
    },
    allowAnyCidr: {
      description: 'Allow 0.0.0.0/0 or ::/0 in allowedCidrBlocks (refused otherwise)',
      type: 'boolean',
      default: false,
    },
    allowedSecurityGroupIds: idList(
      'sg',
      'security group',
      'Security groups (of the ECS instances or tasks) allowed to reach the interface endpoints on TCP 443',
    ),
    createSecurityGroup: {
      description: 'Create a security group for the interface endpoints; default: true unless securityGroupIds is given (then none is created)',
      type: 'boolean',
    },
    securityGroupIds: idList(
      'sg',
      'security group',
      'Existing security groups to attach to the interface endpoints (instead of, or with createSecurityGroup in addition to, the created one)',
    ),
    profile: {
      description:
        'The preset set of endpoints that endpoints and customEndpoints add to: ec2 (the six for ECS on EC2, default), fargate (ECR, S3 and Logs), ecr-only (ECR and S3), none (only the endpoints listed)',
      type: 'string',
      enum: PROFILE_CHOICES,
      default: 'ec2',
      'x-name': 'profile',
    },
    endpoints: {
      description:
        'Catalog endpoints added to the profile, by AWS short name, or as a map with the short name in service and options of that endpoint (subnetIds, securityGroupIds, ipAddressType, dnsOptions, serviceRegion, timeouts); an entry for an endpoint of the profile sets its options',
      type: 'array',
      items: endpointEntry,
    },
    customEndpoints: {
      description: 'Endpoints of AWS services outside the catalog, added to the profile: service (short name), type (Interface by default), privateDns, policy, and the options of an endpoints entry',
      type: 'array',
      items: customEndpoint,
    },
    privateDns: {
      description: 'Per-endpoint private DNS, by AWS short name (interface endpoints; ecr.dkr requires it)',
      type: 'object',
      propertyNames: { type: 'string', enum: serviceNames, 'x-name': 'endpoint' },
      additionalProperties: { type: 'boolean' },
    },
    tags: {
      description: 'Tags for every resource (a Name tag is added per resource)',
      type: 'object',
      maxProperties: 49,
      'x-name': 'tag',
      'x-why': 'AWS allows 50 tags per resource and ecs-privatelink adds a Name tag',
      propertyNames: {
        type: 'string',
        minLength: 1,
        maxLength: 128,
        'x-name': 'tag key',
        'x-why': 'the AWS limit for tag keys',
        'x-expected': 'a tag key of 1 to 128 characters, not starting with "aws:"',
      },
      additionalProperties: {
        type: 'string',
        maxLength: 256,
        'x-name': 'tag value',
        'x-why': 'the AWS limit for tag values',
        'x-expected': 'a tag value of at most 256 characters',
      },
    },
    pricing: {
      description: 'Prices in US dollars for `ecs-privatelink cost`; each defaults to the us-east-1 list price',
      type: 'object',
      additionalProperties: false,
      properties: {
        natGatewayHourly: { description: 'NAT gateway, per gateway-hour', type: 'number', minimum: 0, maximum: MAX_PRICE_USD, default: 0.045, 'x-expected': 'a number from 0 to 1000: US dollars per gateway-hour (NAT gateway), like 0.045' },
        natGatewayPerGb: { description: 'NAT gateway data processed, per GB', type: 'number', minimum: 0, maximum: MAX_PRICE_USD, default: 0.045, 'x-expected': 'a number from 0 to 1000: US dollars per GB (NAT gateway data processed), like 0.045' },
        interfaceEndpointHourly: { description: 'Interface endpoint, per endpoint per Availability Zone-hour', type: 'number', minimum: 0, maximum: MAX_PRICE_USD, default: 0.01, 'x-expected': 'a number from 0 to 1000: US dollars per endpoint per AZ-hour (interface endpoint), like 0.01' },
        interfaceEndpointPerGb: { description: 'Interface endpoint data processed, per GB', type: 'number', minimum: 0, maximum: MAX_PRICE_USD, default: 0.01, 'x-expected': 'a number from 0 to 1000: US dollars per GB (interface endpoint data processed), like 0.01' },
        // The hub's prices, bounded like the others.
        ...Object.fromEntries(
          Object.entries(HUB_PRICING_SCHEMA_PROPERTIES).map(([field, property]) => [
            field,
            { ...property, maximum: MAX_PRICE_USD, 'x-expected': property['x-expected'].replace('a number of 0 or more', `a number from 0 to ${MAX_PRICE_USD}`) },
          ]),
        ),
      },
    },
    s3EcrLayersOnly: {
      description:
        'Give the s3 gateway endpoint a policy that only allows s3:GetObject on the ECR image layer bucket of the region (prod-<region>-starport-layer-bucket); ' +
        'this cuts off every other S3 use from the subnets of routeTableIds',
      type: 'boolean',
      default: false,
    },
    allowedPrincipalAccountIds: {
      description: `Give the ECR and ECS endpoints (${restricted}) a policy that only allows principals of these AWS accounts (aws:PrincipalAccount); with allowedPrincipalOrgId, principals of either`,
      type: 'array',
      items: {
        type: 'string',
        pattern: '^[0-9]{12}$',
        'x-expected': 'an AWS account id: 12 digits, like "111122223333"',
        'x-number-hint': 'put it in quotes: YAML reads unquoted digits as a number and drops leading zeros',
      },
    },
    allowedPrincipalOrgId: {
      description: `Give the ECR and ECS endpoints (${restricted}) a policy that only allows principals of this AWS organization (aws:PrincipalOrgID); with allowedPrincipalAccountIds, principals of either`,
      type: 'string',
      pattern: '^o-[a-z0-9]{10,32}$',
      'x-expected': 'an AWS Organizations id: "o-" followed by 10 to 32 lowercase letters or digits, like o-a1b2c3d4e5',
    },
    policies: {
      description:
        'Endpoint policies by AWS short name: a policy document with Version and Statement, as a map or as JSON text; ' +
        'replaces the preset (s3EcrLayersOnly, allowedPrincipal...) of that endpoint',
      type: 'object',
      propertyNames: { type: 'string', enum: serviceNames, 'x-name': 'endpoint' },
      additionalProperties: {
        type: ['object', 'string'],
        'x-name': 'policy',
        'x-expected': 'a policy document: a map with Version and Statement, or the same as JSON text',
      },
    },
    namePrefix: {
      description: 'Prefix of the Name tags and of the security group name',
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
      default: 'ecs-privatelink',
      'x-expected': '1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    },
    name: {
      description: 'Name of this VPC: its CDKTF stack and the default state location use it; default ecs-privatelink-<vpcId> (ecs-privatelink for the stack of 0.1.0)',
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      'x-expected': 'a name of 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit, like payments-prod',
    },
    backend: BACKEND_SCHEMA,
    adopt: ADOPT_SCHEMA,
  },
};
