/**
 * The module's interface as data: its input variables and outputs, in one
 * table each. `variables.tf`, `outputs.tf` and the README's terraform-docs
 * tables are all rendered from these tables, so they cannot drift apart.
 *
 * The variables are the snake_case mirrors of `EcsPrivateLinkProps` in
 * lib/cdktf/construct.ts (minus `region`, which the module reads from its
 * provider), plus the module-only `allow_any_cidr`; a test checks the match.
 *
 * Every rule of lib/model/config.ts that HCL can express is a `validation` here or a
 * `precondition` in main.tf, each made to fail by tests/validation.tftest.hcl.
 * Not mirrored, on purpose: the region list (the module takes its region from
 * the provider, and must work in regions newer than this tool); one subnet per
 * Availability Zone (the module gets no zones, and looking them up would call
 * AWS at plan time); rules about the file's own shape (profile or endpoints,
 * an endpoint listed twice, privateDns or policies for an endpoint that is
 * off: a map keyed by endpoint cannot say these); tag text HCL cannot hold or
 * that Terraform has already merged (lone surrogates, keys equal in NFC); and
 * the tag key `__proto__`, refused for CDKTF's sake only.
 */
import { CATALOG, PRINCIPAL_RESTRICTED_KEYS, type EndpointSpec } from '../lib/model/catalog';
import type { Spec } from '../lib/model/config';
import { MAX_POLICY_CHARACTERS, POLICY_VERSIONS } from '../lib/model/policies';
import { HUB_ZONES } from '../lib/model/hub';
import { CONFIG_SCHEMA } from '../lib/model/schema';
import { hclString } from './helpers';

/** Section banners, in file order; main.tf, variables.tf and outputs.tf use the same titles in the same order. */
export const SECTIONS = ['VPC endpoints', 'Endpoint policies', 'S3 gateway route tables', 'Security group', 'Names and tags'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Validation {
  /** An HCL expression that may refer only to the variable itself. */
  condition: string;
  /** A full sentence (or more) ending with a period. */
  errorMessage: string;
}

export interface ModuleVariable {
  name: string;
  section: Section;
  /** Sentence case, no final period. */
  description: string;
  /** HCL type expression; multi-line types are written with two-space indentation. */
  type: string;
  /** The default value for this configuration; absent means the variable is required. */
  default?: (spec: Spec) => unknown;
  /** True for a variable that takes null (its default is null); every other variable is `nullable = false`. */
  nullable?: boolean;
  validations: Validation[];
}

export interface ModuleOutput {
  name: string;
  section: Section;
  description: string;
  /** HCL expression. */
  value: string;
}

/** Variables that have no construct property (module-only inputs). */
export const MODULE_ONLY_VARIABLES: readonly string[] = ['allow_any_cidr'];

// ---------------------------------------------------------------------------
// Validation building blocks
// ---------------------------------------------------------------------------

const schema = CONFIG_SCHEMA.properties!;
const pattern = (p: string | undefined): string => {
  if (!p) throw new Error('lib/model/schema.ts is missing a pattern the module validations need');
  return hclString(p);
};
const VPC_PATTERN = pattern(schema.vpcId.pattern);
const SUBNET_PATTERN = pattern(schema.subnetIds.items?.pattern);
const ROUTE_TABLE_PATTERN = pattern(schema.routeTableIds.items?.pattern);
const SECURITY_GROUP_PATTERN = pattern(schema.securityGroupIds.items?.pattern);
const NAME_PREFIX_PATTERN = pattern(schema.namePrefix.pattern);
const ACCOUNT_ID_PATTERN = pattern(schema.allowedPrincipalAccountIds.items?.pattern);
const ORG_ID_PATTERN = pattern(schema.allowedPrincipalOrgId.pattern);

/** The number of characters (Unicode code points, as AWS and the configuration count them) of a string; HCL's length() counts grapheme clusters. */
const characters = (expression: string) => `length(regexall("(?s).", ${expression}))`;

/** "a, b or c" */
export function wordList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const hexIdWords = (prefix: string, what: string) =>
  `${what} id: "${prefix}-" followed by 8 or 17 lowercase hexadecimal digits, like ${prefix}-0123456789abcdef0`;

function idListValidations(name: string, prefix: string, p: string, what: string): Validation[] {
  return [
    {
      condition: `alltrue([for id in var.${name} : can(regex(${p}, id))])`,
      errorMessage: `Every entry of ${name} must be a ${hexIdWords(prefix, what)}.`,
    },
    {
      condition: `length(distinct(var.${name})) == length(var.${name})`,
      errorMessage: `${name} lists an id twice; list each ${what} once.`,
    },
  ];
}

const keyList = (keys: readonly string[]) => `[${keys.map(hclString).join(', ')}]`;
const CATALOG_KEYS = CATALOG.map((e) => e.key);
const GATEWAY_KEYS = CATALOG.filter((e) => e.type === 'Gateway').map((e) => e.key);
const DNS_REQUIRED: EndpointSpec[] = CATALOG.filter((e) => e.privateDnsRequired);
const HUB_ZONE_KEYS = Object.keys(HUB_ZONES);

/** The default of `endpoints` for a configuration: its endpoints, with private DNS only where it differs from the catalog, and their own policies. */
export function endpointDefaults(spec: Spec): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    spec.endpoints.map((e) => {
      const catalogDefault = CATALOG.find((c) => c.key === e.key)!.privateDns;
      return [
        e.key,
        {
          ...(e.privateDns !== undefined && e.privateDns !== catalogDefault ? { private_dns_enabled: e.privateDns } : {}),
          ...(e.policy !== undefined ? { policy: e.policy } : {}),
        },
      ];
    }),
  );
}

// ---------------------------------------------------------------------------
// Variables
// ---------------------------------------------------------------------------

export const MODULE_VARIABLES: readonly ModuleVariable[] = [
  {
    name: 'vpc_id',
    section: 'VPC endpoints',
    description: 'ID of the VPC that gets the endpoints',
    type: 'string',
    validations: [
      {
        condition: `can(regex(${VPC_PATTERN}, var.vpc_id))`,
        errorMessage: `vpc_id must be a ${hexIdWords('vpc', 'VPC')}.`,
      },
    ],
  },
  {
    name: 'endpoints',
    section: 'VPC endpoints',
    description:
      'The endpoints to create, by catalog key, with their options: `private_dns_enabled` (interface endpoints only; null takes the catalog default), `policy` (a JSON endpoint policy; null takes the preset of the endpoint, if any, else the AWS default: full access) and `tags` (merged over `tags`)',
    type: 'map(object({\n  private_dns_enabled = optional(bool)\n  policy              = optional(string)\n  tags                = optional(map(string), {})\n}))',
    default: endpointDefaults,
    validations: [
      {
        condition: 'length(var.endpoints) > 0',
        errorMessage: `endpoints is empty; name at least one endpoint. Allowed keys: ${wordList(CATALOG_KEYS)}.`,
      },
      {
        condition: `alltrue([for key in keys(var.endpoints) : contains(${keyList(CATALOG_KEYS)}, key)])`,
        errorMessage: `Every key of endpoints must be a catalog key: ${wordList(CATALOG_KEYS)}.`,
      },
      ...DNS_REQUIRED.map((e) => ({
        condition: `alltrue([for key, endpoint in var.endpoints : endpoint.private_dns_enabled != false if key == ${hclString(e.key)}])`,
        errorMessage: `endpoints.${e.key}.private_dns_enabled must not be false (${e.description}). Allowed values: true, or null for the default.`,
      })),
      {
        condition: `alltrue([for key, endpoint in var.endpoints : endpoint.private_dns_enabled == null if contains(${keyList(GATEWAY_KEYS)}, key)])`,
        errorMessage: `private_dns_enabled only applies to interface endpoints; remove it from ${wordList(GATEWAY_KEYS)}, which ${GATEWAY_KEYS.length === 1 ? 'is a gateway endpoint' : 'are gateway endpoints'}.`,
      },
      {
        condition: 'alltrue([for endpoint in values(var.endpoints) : endpoint.policy == null || can(jsondecode(endpoint.policy))])',
        errorMessage: 'Every policy in endpoints must be a JSON document (use jsonencode or data.aws_iam_policy_document), or null for the preset or the AWS default policy.',
      },
      {
        condition: [
          'alltrue([for endpoint in values(var.endpoints) : endpoint.policy == null || try(alltrue([',
          '  for doc in [jsondecode(endpoint.policy)] :',
          `  contains(${keyList(POLICY_VERSIONS)}, doc.Version) &&`,
          '  (can(keys(doc.Statement)) || length(doc.Statement) > 0 && alltrue([for statement in doc.Statement : can(keys(statement))])) &&',
          '  alltrue([for statement in flatten([doc.Statement]) : contains(["Allow", "Deny"], statement.Effect)])',
          ']), false)])',
        ].join('\n'),
        errorMessage: `Every policy in endpoints must be a policy document: a JSON object with Version ${wordList(POLICY_VERSIONS.map((v) => `"${v}"`))} and a Statement that is one statement or a non-empty list of statements, each with Effect "Allow" or "Deny".`,
      },
      {
        condition: `alltrue([for endpoint in values(var.endpoints) : endpoint.policy == null || try(${characters('endpoint.policy')} <= ${MAX_POLICY_CHARACTERS}, false)])`,
        errorMessage: `Every policy in endpoints must be at most ${MAX_POLICY_CHARACTERS} characters, the AWS limit for an endpoint policy (white space included).`,
      },
      {
        condition:
          'alltrue(flatten([for endpoint in values(var.endpoints) : [for key in keys(endpoint.tags) : key != "Name" && key != "%" && !startswith(lower(key), "aws:")]]))',
        errorMessage:
          'The tags in endpoints must not use the key Name, which is set from name_prefix, the key "%", which the AWS provider drops (it keeps the size of a map under it), nor keys starting with "aws:", which are reserved for AWS.',
      },
    ],
  },
  {
    name: 'private_dns_from_hub_zones',
    section: 'VPC endpoints',
    description:
      'For the hub of centralized endpoints (ecs-privatelink `hubDns: zones`): the interface endpoints, by catalog key, whose names private hosted zones of the hub serve to it and its spokes; ' +
      'their private DNS is off, `ecr_dkr` included, since the zones answer for their names',
    type: 'list(string)',
    default: () => [],
    validations: [
      {
        condition: `alltrue([for key in var.private_dns_from_hub_zones : contains(${keyList(HUB_ZONE_KEYS)}, key)])`,
        errorMessage: `Every entry of private_dns_from_hub_zones must be an interface endpoint whose names a private hosted zone can serve: ${wordList(HUB_ZONE_KEYS)} (the names of ecs_agent and ecs_telemetry have a wildcard inside a label, which no zone can hold).`,
      },
    ],
  },
  {
    name: 's3_ecr_layers_only',
    section: 'Endpoint policies',
    description:
      'Give the s3 gateway endpoint a policy that only allows `s3:GetObject` on the ECR image layer bucket of the region (`prod-<region>-starport-layer-bucket`), ' +
      'which cuts off every other S3 use from the route tables of `route_table_ids`; an `s3` entry with its own `policy` keeps that instead',
    type: 'bool',
    default: () => false,
    validations: [],
  },
  {
    name: 'allowed_principal_account_ids',
    section: 'Endpoint policies',
    description: `AWS accounts whose principals may use the ECR and ECS endpoints (${PRINCIPAL_RESTRICTED_KEYS.join(', ')}): each of them that has no \`policy\` of its own gets a policy that allows only principals of these accounts (\`aws:PrincipalAccount\`) or of \`allowed_principal_org_id\``,
    type: 'list(string)',
    default: () => [],
    validations: [
      {
        condition: `alltrue([for id in var.allowed_principal_account_ids : can(regex(${ACCOUNT_ID_PATTERN}, id))])`,
        errorMessage: 'Every entry of allowed_principal_account_ids must be an AWS account id: 12 digits, like "111122223333".',
      },
      {
        condition: 'length(distinct(var.allowed_principal_account_ids)) == length(var.allowed_principal_account_ids)',
        errorMessage: 'allowed_principal_account_ids lists an account twice; list each account once.',
      },
    ],
  },
  {
    name: 'allowed_principal_org_id',
    section: 'Endpoint policies',
    description: `AWS Organizations id (\`o-...\`) whose principals may use the ECR and ECS endpoints, like \`allowed_principal_account_ids\` with \`aws:PrincipalOrgID\`; with both, principals of either are allowed; null for none`,
    type: 'string',
    default: () => null,
    nullable: true,
    validations: [
      {
        condition: `var.allowed_principal_org_id == null || can(regex(${ORG_ID_PATTERN}, var.allowed_principal_org_id))`,
        errorMessage: 'allowed_principal_org_id must be an AWS Organizations id: "o-" followed by 10 to 32 lowercase letters or digits, like o-a1b2c3d4e5, or null.',
      },
    ],
  },
  {
    name: 'subnet_ids',
    section: 'VPC endpoints',
    description: 'Subnets of the interface endpoints, at most one per Availability Zone; required when any interface endpoint is on',
    type: 'list(string)',
    default: () => [],
    validations: idListValidations('subnet_ids', 'subnet', SUBNET_PATTERN, 'subnet'),
  },
  {
    name: 'route_table_ids',
    section: 'S3 gateway route tables',
    description: 'Route tables associated with the s3 gateway endpoint (those of the private subnets); required when s3 is on',
    type: 'list(string)',
    default: () => [],
    validations: idListValidations('route_table_ids', 'rtb', ROUTE_TABLE_PATTERN, 'route table'),
  },
  {
    name: 'create_security_group',
    section: 'Security group',
    description: 'Create a security group for the interface endpoints that allows HTTPS from `allowed_cidr_blocks` and `allowed_security_group_ids`',
    type: 'bool',
    default: () => true,
    validations: [],
  },
  {
    name: 'allowed_cidr_blocks',
    section: 'Security group',
    description: 'CIDR blocks (IPv4 or IPv6) allowed to reach the interface endpoints on TCP 443, usually the VPC CIDR',
    type: 'list(string)',
    default: () => [],
    validations: [
      {
        condition: 'alltrue([for cidr in var.allowed_cidr_blocks : can(cidrhost(cidr, 0)) && (strcontains(cidr, ":") || !can(regex("(^|[.])0[0-9]", cidr)))])',
        errorMessage: 'Every entry of allowed_cidr_blocks must be a CIDR block: an IPv4 address (numbers 0-255 without leading zeros) and a prefix length 0-32, like 10.0.0.0/16, or an IPv6 address and a prefix length 0-128, like 2001:db8::/56.',
      },
      {
        condition:
          'alltrue([for cidr in var.allowed_cidr_blocks : try(cidrhost(cidr, 0) == cidrhost("${split("/", cidr)[0]}/${strcontains(cidr, ":") ? 128 : 32}", 0), true)])',
        errorMessage: 'Every entry of allowed_cidr_blocks must be a network address without host bits set, like 10.0.0.0/16 rather than 10.0.0.1/16.',
      },
      {
        condition: 'length(distinct(var.allowed_cidr_blocks)) == length(var.allowed_cidr_blocks)',
        errorMessage: 'allowed_cidr_blocks lists a CIDR block twice; list each block once.',
      },
    ],
  },
  {
    name: 'allowed_security_group_ids',
    section: 'Security group',
    description: 'Security groups (of the ECS instances or tasks) allowed to reach the interface endpoints on TCP 443',
    type: 'list(string)',
    default: () => [],
    validations: idListValidations('allowed_security_group_ids', 'sg', SECURITY_GROUP_PATTERN, 'security group'),
  },
  {
    name: 'allow_any_cidr',
    section: 'Security group',
    description: 'Allow 0.0.0.0/0 or ::/0 (any /0 block) in `allowed_cidr_blocks`, which is refused otherwise',
    type: 'bool',
    default: () => false,
    validations: [],
  },
  {
    name: 'security_group_ids',
    section: 'Security group',
    description: 'Existing security groups attached to the interface endpoints, besides the created one',
    type: 'list(string)',
    default: () => [],
    validations: idListValidations('security_group_ids', 'sg', SECURITY_GROUP_PATTERN, 'security group'),
  },
  {
    name: 'name_prefix',
    section: 'Names and tags',
    description: 'Prefix of the Name tags and of the security group name',
    type: 'string',
    default: (spec) => spec.namePrefix,
    validations: [
      {
        condition: `can(regex(${NAME_PREFIX_PATTERN}, var.name_prefix))`,
        errorMessage: 'name_prefix must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.',
      },
    ],
  },
  {
    name: 'tags',
    section: 'Names and tags',
    description: 'Tags of every resource; each resource also gets a Name tag from `name_prefix`',
    type: 'map(string)',
    default: () => ({}),
    validations: [
      {
        condition: 'alltrue([for key in keys(var.tags) : !startswith(lower(key), "aws:")])',
        errorMessage: 'Tag keys starting with "aws:" are reserved for AWS; remove them from tags.',
      },
      {
        condition: '!contains(keys(var.tags), "%")',
        errorMessage: 'tags must not use the key "%": the AWS provider keeps the number of entries of a map under that key, so it would drop the tag without a word. Use another key.',
      },
      {
        condition: '!contains(keys(var.tags), "Name")',
        errorMessage: 'tags must not set Name: every resource gets a Name tag from name_prefix, so set name_prefix instead.',
      },
      {
        condition:
          `alltrue([for key, value in var.tags : ${characters('key')} >= 1 && ${characters('key')} <= 128 && ${characters('value')} <= 256 && !can(regex("[[:cntrl:]]", "\${key}\${value}"))])`,
        errorMessage: 'Every tag key must be 1 to 128 characters and every tag value at most 256, without control characters (newline, tab, ...), which AWS rejects.',
      },
      {
        condition: 'length(var.tags) <= 49',
        errorMessage: 'tags has more than 49 entries; AWS allows 50 tags a resource and the Name tag takes one.',
      },
    ],
  },
];

// ---------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------

export const MODULE_OUTPUTS: readonly ModuleOutput[] = [
  {
    name: 'endpoint_ids',
    section: 'VPC endpoints',
    description: 'Endpoint ID by catalog key',
    value: '{ for key, endpoint in aws_vpc_endpoint.this : key => endpoint.id }',
  },
  {
    name: 'endpoint_arns',
    section: 'VPC endpoints',
    description: 'Endpoint ARN by catalog key',
    value: '{ for key, endpoint in aws_vpc_endpoint.this : key => endpoint.arn }',
  },
  {
    name: 'endpoint_dns_entries',
    section: 'VPC endpoints',
    description: 'DNS entries (`dns_name`, `hosted_zone_id`) of the interface endpoints by catalog key; the gateway endpoint has none',
    value: '{ for key, endpoint in aws_vpc_endpoint.this : key => endpoint.dns_entry if local.endpoints[key].type == "Interface" }',
  },
  {
    name: 's3_prefix_list_id',
    section: 'S3 gateway route tables',
    description: "Prefix list ID of the s3 gateway endpoint, for the clients' egress rules; null when s3 is off",
    value: 'contains(keys(aws_vpc_endpoint.this), "s3") ? aws_vpc_endpoint.this["s3"].prefix_list_id : null',
  },
  {
    name: 'security_group_id',
    section: 'Security group',
    description: 'ID of the security group created for the interface endpoints; null when none is created',
    value: 'one(aws_security_group.this[*].id)',
  },
];

/** The resources and data sources of main.tf, for the README (terraform-docs order: resources, then data sources, each by address). */
export const MODULE_RESOURCES: readonly { type: string; name: string; mode: 'resource' | 'data source' }[] = [
  { type: 'aws_security_group', name: 'this', mode: 'resource' },
  { type: 'aws_vpc_endpoint', name: 'this', mode: 'resource' },
  { type: 'aws_vpc_endpoint_route_table_association', name: 'this', mode: 'resource' },
  { type: 'aws_vpc_security_group_ingress_rule', name: 'this', mode: 'resource' },
  { type: 'aws_partition', name: 'current', mode: 'data source' },
  { type: 'aws_region', name: 'current', mode: 'data source' },
];
