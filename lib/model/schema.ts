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
import { CATALOG, PRINCIPAL_RESTRICTED_SERVICES, PROFILES, REGIONS } from './catalog';
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
  uniqueItems?: boolean;
  minItems?: number;
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
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
const restricted = PRINCIPAL_RESTRICTED_SERVICES.join(', ');

export const CONFIG_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/ecs-privatelink/ecs-privatelink/schema/privatelink.config.schema.json',
  title: 'ecs-privatelink configuration',
  description: 'VPC endpoints that let ECS and ECR work from private subnets without a NAT gateway',
  type: 'object',
  required: ['region', 'vpcId'],
  additionalProperties: false,
  properties: {
    region: {
      description: 'AWS region of the VPC',
      type: 'string',
      enum: Object.keys(REGIONS),
      'x-name': 'AWS region',
      'x-expected': `one of the ${Object.keys(REGIONS).length} regions ecs-privatelink knows, like eu-west-1 (\`ecs-privatelink schema\` lists them)`,
    },
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
      description: 'Create a security group for the interface endpoints; default: true unless securityGroupIds is given',
      type: 'boolean',
    },
    securityGroupIds: idList(
      'sg',
      'security group',
      'Existing security groups to attach to the interface endpoints (instead of, or with createSecurityGroup in addition to, the created one)',
    ),
    profile: {
      description: 'A preset set of endpoints: ec2 (the six for ECS on EC2), fargate (ECR, S3 and Logs), ecr-only (ECR and S3); instead of endpoints',
      type: 'string',
      enum: PROFILES,
      'x-name': 'profile',
    },
    endpoints: {
      description: 'AWS short names of the endpoints to create; default: the six for ECS on EC2',
      type: 'array',
      items: { type: 'string', enum: serviceNames, 'x-name': 'endpoint' },
      default: ['ecr.api', 'ecr.dkr', 's3', 'ecs', 'ecs-agent', 'ecs-telemetry'],
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
        natGatewayHourly: { description: 'NAT gateway, per gateway-hour', type: 'number', minimum: 0, default: 0.045, 'x-expected': 'a number of 0 or more: US dollars per gateway-hour (NAT gateway), like 0.045' },
        natGatewayPerGb: { description: 'NAT gateway data processed, per GB', type: 'number', minimum: 0, default: 0.045, 'x-expected': 'a number of 0 or more: US dollars per GB (NAT gateway data processed), like 0.045' },
        interfaceEndpointHourly: { description: 'Interface endpoint, per endpoint per Availability Zone-hour', type: 'number', minimum: 0, default: 0.01, 'x-expected': 'a number of 0 or more: US dollars per endpoint per AZ-hour (interface endpoint), like 0.01' },
        interfaceEndpointPerGb: { description: 'Interface endpoint data processed, per GB', type: 'number', minimum: 0, default: 0.01, 'x-expected': 'a number of 0 or more: US dollars per GB (interface endpoint data processed), like 0.01' },
        ...HUB_PRICING_SCHEMA_PROPERTIES,
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
  },
};
