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
 * Mirrored in another form: an unknown but well-formed region is a warning in
 * both (a `check` block in the module); a malformed one an error (a
 * precondition on the provider's region). Rules that span variables (a custom
 * endpoint's key or service against the profile's endpoints, serviceRegion
 * against the provider's region and partition, the S3 interface endpoint
 * without the gateway) are preconditions in main.tf, since validations may only
 * name their own variable before Terraform 1.9. Not mirrored, on purpose: the
 * warnings about options AWS's pages do not confirm (ipAddressType of a service
 * the catalog has no facts for) and about layers of a cross-region ECR (HCL has
 * no warning short of a check block, and these need the configuration's
 * words); two custom endpoints of one service (a map keyed by your own keys
 * cannot say it); one subnet per
 * Availability Zone (the module gets no zones, and looking them up would call
 * AWS at plan time); rules about the file's own shape (profile or endpoints,
 * an endpoint listed twice, privateDns or policies for an endpoint that is
 * off: a map keyed by endpoint cannot say these); tag text HCL cannot hold or
 * that Terraform has already merged (lone surrogates, keys equal in NFC); and
 * the tag key `__proto__`, refused for CDKTF's sake only.
 */
import {
  CATALOG,
  CROSS_REGION_SERVICES,
  DNS_RECORD_IP_TYPES,
  IP_ADDRESS_TYPES,
  PRINCIPAL_RESTRICTED_KEYS,
  PROFILE_CHOICES,
  REGION_PATTERN,
  SERVICE_NAME_PATTERN,
  type EndpointSpec,
} from '../lib/model/catalog';
import { GATEWAY_SERVICES } from '../lib/model/endpoints';
import { DURATION_PATTERN } from '../lib/model/schema';
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

/**
 * Variables that have no construct property (module-only inputs). `preflight_checks`: the CDKTF
 * side has it as the stack option `preflightChecks` (check blocks are top-level blocks of a stack).
 */
export const MODULE_ONLY_VARIABLES: readonly string[] = ['allow_any_cidr', 'preflight_checks'];

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
/** Catalog endpoints whose IP address types AWS documents as limited. */
const IP_LIMITED: EndpointSpec[] = (CATALOG as readonly EndpointSpec[]).filter((e) => e.ipAddressTypes !== undefined && e.ipAddressTypes.length < IP_ADDRESS_TYPES.length);
const IP_REASONS: Record<string, string> = {
  ecr_api: 'Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html)',
  ecr_dkr: 'Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html)',
  sts: 'IPv6-only AWS STS VPC endpoints are not supported (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_dual-stack_endpoint_support.html)',
};
const CROSS_REGION_KEYS = CATALOG.filter((e) => e.crossRegion).map((e) => e.key);
const HUB_ZONE_KEYS = Object.keys(HUB_ZONES);

/** The options of one endpoint of a Spec as the module's map entry: only what differs from the defaults. */
export function endpointEntry(e: Spec['endpoints'][number]): Record<string, unknown> {
  const catalogDefault = e.custom ? true : CATALOG.find((c) => c.key === e.key)!.privateDns;
  const dns = e.dnsOptions;
  return {
    ...(e.custom ? { service: e.service, ...(e.type !== 'Interface' ? { type: e.type } : {}) } : {}),
    ...(e.privateDns !== undefined && e.privateDns !== catalogDefault ? { private_dns_enabled: e.privateDns } : {}),
    ...(e.policy !== undefined ? { policy: e.policy } : {}),
    ...(e.subnetIds !== undefined ? { subnet_ids: e.subnetIds } : {}),
    ...(e.securityGroupIds !== undefined ? { security_group_ids: e.securityGroupIds } : {}),
    ...(e.ipAddressType !== undefined ? { ip_address_type: e.ipAddressType } : {}),
    ...(dns !== undefined
      ? {
          dns_options: {
            ...(dns.dnsRecordIpType !== undefined ? { dns_record_ip_type: dns.dnsRecordIpType } : {}),
            ...(dns.privateDnsOnlyForInboundResolverEndpoint !== undefined ? { private_dns_only_for_inbound_resolver_endpoint: dns.privateDnsOnlyForInboundResolverEndpoint } : {}),
          },
        }
      : {}),
    ...(e.serviceRegion !== undefined ? { service_region: e.serviceRegion } : {}),
    ...(e.timeouts !== undefined ? { timeouts: { ...e.timeouts } } : {}),
  };
}

/** The catalog keys of a profile. */
function profileKeys(profile: Spec['profile']): string[] {
  return profile === 'none' ? [] : CATALOG.filter((e) => (e.profiles as readonly string[]).includes(profile)).map((e) => e.key);
}

/** The default of `endpoints` for a configuration: the endpoints it adds to its profile, and those of the profile it gives options. */
export function endpointDefaults(spec: Spec): Record<string, Record<string, unknown>> {
  const fromProfile = profileKeys(spec.profile);
  return Object.fromEntries(
    spec.endpoints
      .filter((e) => !e.custom)
      .map((e) => [e.key, endpointEntry(e)] as const)
      .filter(([key, entry]) => !fromProfile.includes(key) || Object.keys(entry).length > 0),
  );
}

/** The default of `custom_endpoints` for a configuration. */
export function customEndpointDefaults(spec: Spec): Record<string, Record<string, unknown>> {
  return Object.fromEntries(spec.endpoints.filter((e) => e.custom).map((e) => [e.key, endpointEntry(e)]));
}

/** The options an entry of endpoints and of custom_endpoints take, as HCL object attributes. */
const OPTION_TYPES = [
  'private_dns_enabled = optional(bool)',
  'policy              = optional(string)',
  'tags                = optional(map(string), {})',
  'subnet_ids          = optional(list(string))',
  'security_group_ids  = optional(list(string), [])',
  'ip_address_type     = optional(string)',
  'dns_options = optional(object({',
  '  dns_record_ip_type                             = optional(string)',
  '  private_dns_only_for_inbound_resolver_endpoint = optional(bool)',
  '}))',
  'service_region = optional(string)',
  'timeouts = optional(object({',
  '  create = optional(string)',
  '  update = optional(string)',
  '  delete = optional(string)',
  '}))',
];

const OPTION_DESCRIPTION =
  '`private_dns_enabled` (interface endpoints only; null takes the default), `policy` (a JSON endpoint policy; null takes the preset of the endpoint, if any, else the AWS default: full access), `tags` (merged over `tags`), ' +
  '`subnet_ids` (instead of `subnet_ids`), `security_group_ids` (besides the shared ones), `ip_address_type` (ipv4, dualstack or ipv6), `dns_options`, `service_region` (cross-region PrivateLink) and `timeouts`';

const DURATION = pattern(DURATION_PATTERN);
const REGION = pattern(REGION_PATTERN);

/** The validations of the options every endpoint entry takes, for `endpoints` or `custom_endpoints`. */
function optionValidations(name: string): Validation[] {
  const all = (test: string) => `alltrue([for key, endpoint in var.${name} : ${test}])`;
  return [
    {
      condition: 'alltrue([for endpoint in values(var.' + name + ') : endpoint.policy == null || can(jsondecode(endpoint.policy))])',
      errorMessage: `Every policy in ${name} must be a JSON document (use jsonencode or data.aws_iam_policy_document), or null for the preset or the AWS default policy.`,
    },
    {
      condition: [
        `alltrue([for endpoint in values(var.${name}) : endpoint.policy == null || try(alltrue([`,
        '  for doc in [jsondecode(endpoint.policy)] :',
        `  contains(${keyList(POLICY_VERSIONS)}, doc.Version) &&`,
        '  (can(keys(doc.Statement)) || length(doc.Statement) > 0 && alltrue([for statement in doc.Statement : can(keys(statement))])) &&',
        '  alltrue([for statement in flatten([doc.Statement]) : contains(["Allow", "Deny"], statement.Effect)])',
        ']), false)])',
      ].join('\n'),
      errorMessage: `Every policy in ${name} must be a policy document: a JSON object with Version ${wordList(POLICY_VERSIONS.map((v) => `"${v}"`))} and a Statement that is one statement or a non-empty list of statements, each with Effect "Allow" or "Deny".`,
    },
    {
      condition: `alltrue([for endpoint in values(var.${name}) : endpoint.policy == null || try(${characters('endpoint.policy')} <= ${MAX_POLICY_CHARACTERS}, false)])`,
      errorMessage: `Every policy in ${name} must be at most ${MAX_POLICY_CHARACTERS} characters, the AWS limit for an endpoint policy (white space included).`,
    },
    {
      condition: `alltrue(flatten([for endpoint in values(var.${name}) : [for key in keys(endpoint.tags) : key != "Name" && key != "%" && !startswith(lower(key), "aws:")]]))`,
      errorMessage: `The tags in ${name} must not use the key Name, which is set from name_prefix, the key "%", which the AWS provider drops (it keeps the size of a map under it), nor keys starting with "aws:", which are reserved for AWS.`,
    },
    {
      condition: all(`endpoint.subnet_ids == null || try(length(endpoint.subnet_ids) > 0 && length(distinct(endpoint.subnet_ids)) == length(endpoint.subnet_ids) && alltrue([for id in endpoint.subnet_ids : can(regex(${SUBNET_PATTERN}, id))]), false)`),
      errorMessage: `Every subnet_ids in ${name} must be null (the shared subnet_ids) or a non-empty list of distinct ${hexIdWords('subnet', 'subnet')}.`,
    },
    {
      condition: all(`length(distinct(endpoint.security_group_ids)) == length(endpoint.security_group_ids) && alltrue([for id in endpoint.security_group_ids : can(regex(${SECURITY_GROUP_PATTERN}, id))])`),
      errorMessage: `Every security_group_ids in ${name} must list distinct ${hexIdWords('sg', 'security group')}s.`,
    },
    {
      // HCL's || does not short-circuit: coalesce keeps contains() away from null.
      condition: all(`contains(${keyList(IP_ADDRESS_TYPES)}, coalesce(endpoint.ip_address_type, "ipv4"))`),
      errorMessage: `Every ip_address_type in ${name} must be ${wordList(IP_ADDRESS_TYPES)}, or null for the AWS default.`,
    },
    {
      condition: all(`contains(${keyList(DNS_RECORD_IP_TYPES)}, try(coalesce(endpoint.dns_options.dns_record_ip_type, "ipv4"), "ipv4"))`),
      errorMessage: `Every dns_options.dns_record_ip_type in ${name} must be ${wordList(DNS_RECORD_IP_TYPES)}, or null.`,
    },
    {
      condition: all(
        `contains(coalesce(endpoint.ip_address_type, "ipv4") == "dualstack" ? ${keyList(DNS_RECORD_IP_TYPES)} : [coalesce(endpoint.ip_address_type, "ipv4"), "service-defined"], try(coalesce(endpoint.dns_options.dns_record_ip_type, "service-defined"), "service-defined"))`,
      ),
      errorMessage: `Every dns_options.dns_record_ip_type in ${name} must fit the endpoint's ip_address_type (null means ipv4): an ipv4 endpoint takes ipv4 or service-defined records, an ipv6 endpoint ipv6 or service-defined, a dualstack endpoint any.`,
    },
    {
      condition: all(`endpoint.service_region == null || can(regex(${REGION}, endpoint.service_region))`),
      errorMessage: `Every service_region in ${name} must be an AWS region name like us-east-1, or null for the provider's region.`,
    },
    {
      condition: all(`endpoint.timeouts == null || alltrue([for t in [try(endpoint.timeouts.create, null), try(endpoint.timeouts.update, null), try(endpoint.timeouts.delete, null)] : t == null || can(regex(${DURATION}, t))])`),
      errorMessage: `Every timeouts value in ${name} must be a duration like 10m, 1h or 1h30m (numbers with ms, s, m or h), or null.`,
    },
  ];
}

const GATEWAY_ONLY_NULLS = '(endpoint.subnet_ids == null && length(endpoint.security_group_ids) == 0 && endpoint.ip_address_type == null && endpoint.dns_options == null && endpoint.service_region == null)';

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
    name: 'preflight_checks',
    section: 'VPC endpoints',
    description:
      'Check at plan time, as warnings, that the VPC has enableDnsSupport and enableDnsHostnames on and holds `subnet_ids` and `route_table_ids` (read-only calls to AWS; an API that cannot be reached is a warning too); false makes no call',
    type: 'bool',
    default: () => true,
    validations: [],
  },
  {
    name: 'profile',
    section: 'VPC endpoints',
    description:
      'The preset set of endpoints that `endpoints` and `custom_endpoints` add to: `ec2` (ecr_api, ecr_dkr, s3, ecs, ecs_agent, ecs_telemetry), `fargate` (ecr_api, ecr_dkr, s3, logs), `ecr-only` (ecr_api, ecr_dkr, s3) or `none` (only the endpoints listed)',
    type: 'string',
    default: (spec) => spec.profile,
    validations: [
      {
        condition: `contains(${keyList(PROFILE_CHOICES)}, var.profile)`,
        errorMessage: `profile must be ${wordList(PROFILE_CHOICES)}.`,
      },
    ],
  },
  {
    name: 'endpoints',
    section: 'VPC endpoints',
    description: `Catalog endpoints added to the profile, by catalog key, with their options (an entry for an endpoint of the profile sets its options): ${OPTION_DESCRIPTION}`,
    type: `map(object({\n${OPTION_TYPES.map((l) => `  ${l}`).join('\n')}\n}))`,
    default: endpointDefaults,
    validations: [
      {
        condition: `alltrue([for key in keys(var.endpoints) : contains(${keyList(CATALOG_KEYS)}, key)])`,
        errorMessage: `Every key of endpoints must be a catalog key: ${wordList(CATALOG_KEYS)}. Use custom_endpoints for other services.`,
      },
      ...DNS_REQUIRED.map((e) => ({
        condition: `alltrue([for key, endpoint in var.endpoints : endpoint.private_dns_enabled != false if key == ${hclString(e.key)}])`,
        errorMessage: `endpoints.${e.key}.private_dns_enabled must not be false (${e.description}). Allowed values: true, or null for the default.`,
      })),
      {
        condition: `alltrue([for key, endpoint in var.endpoints : endpoint.private_dns_enabled == null && ${GATEWAY_ONLY_NULLS} if contains(${keyList(GATEWAY_KEYS)}, key)])`,
        errorMessage: `private_dns_enabled, subnet_ids, security_group_ids, ip_address_type, dns_options and service_region only apply to interface endpoints; remove them from ${wordList(GATEWAY_KEYS)}, which ${GATEWAY_KEYS.length === 1 ? 'is a gateway endpoint' : 'are gateway endpoints'}.`,
      },
      ...IP_LIMITED.map((e) => ({
        condition: `alltrue([for key, endpoint in var.endpoints : endpoint.ip_address_type == null || contains(${keyList(e.ipAddressTypes!)}, coalesce(endpoint.ip_address_type, "ipv4")) if key == ${hclString(e.key)}])`,
        errorMessage: `endpoints.${e.key}.ip_address_type must be ${wordList(e.ipAddressTypes!)}: ${IP_REASONS[e.key]}.`,
      })),
      {
        condition: `alltrue([for key, endpoint in var.endpoints : endpoint.service_region == null || contains(${keyList(CROSS_REGION_KEYS)}, key)])`,
        errorMessage: `service_region (cross-region PrivateLink) is only for ${wordList(CROSS_REGION_KEYS)} among the catalog endpoints: AWS's list of cross-region services has ecr.api, ecr.dkr and ecs, not ecs-agent or ecs-telemetry (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html).`,
      },
      {
        condition: 'alltrue([for endpoint in values(var.endpoints) : try(endpoint.dns_options.private_dns_only_for_inbound_resolver_endpoint, null) != true])',
        errorMessage: `dns_options.private_dns_only_for_inbound_resolver_endpoint only applies to the interface endpoint of a service that also has a gateway endpoint (${wordList(GATEWAY_SERVICES)}): set it on that entry of custom_endpoints.`,
      },
      ...optionValidations('endpoints'),
    ],
  },
  {
    name: 'custom_endpoints',
    section: 'VPC endpoints',
    description: `Endpoints of AWS services outside the catalog, by a key of your choice: \`service\` (the AWS short name, like sqs or elasticfilesystem), \`type\` (Interface, or Gateway for S3 and DynamoDB) and the options of an \`endpoints\` entry: ${OPTION_DESCRIPTION}`,
    type: `map(object({\n  service             = string\n  type                = optional(string, "Interface")\n${OPTION_TYPES.map((l) => `  ${l}`).join('\n')}\n}))`,
    default: customEndpointDefaults,
    validations: [
      {
        condition: `alltrue([for endpoint in values(var.custom_endpoints) : can(regex(${pattern(SERVICE_NAME_PATTERN)}, endpoint.service))])`,
        errorMessage: 'Every service in custom_endpoints must be an AWS short service name: lowercase letters and digits, words joined by "." or "-", like sqs, elasticfilesystem or secretsmanager.',
      },
      {
        condition: 'alltrue([for endpoint in values(var.custom_endpoints) : contains(["Interface", "Gateway"], endpoint.type)])',
        errorMessage: 'Every type in custom_endpoints must be Interface or Gateway.',
      },
      {
        condition: `alltrue([for endpoint in values(var.custom_endpoints) : endpoint.type != "Gateway" || contains(${keyList(GATEWAY_SERVICES)}, endpoint.service)])`,
        errorMessage: `AWS has gateway endpoints for ${wordList(GATEWAY_SERVICES)} only; give the other services of custom_endpoints type Interface.`,
      },
      {
        condition: `alltrue([for endpoint in values(var.custom_endpoints) : !contains(${keyList(CATALOG.map((e) => `${e.service}/${e.type}`))}, "\${endpoint.service}/\${endpoint.type}")])`,
        errorMessage: `A service of the catalog (${wordList(CATALOG.map((e) => e.service))}) goes in endpoints, by its catalog key, not in custom_endpoints (the S3 interface endpoint, service s3 of type Interface, is the one exception).`,
      },
      {
        condition: `alltrue([for endpoint in values(var.custom_endpoints) : endpoint.type == "Interface" || endpoint.private_dns_enabled == null && ${GATEWAY_ONLY_NULLS}])`,
        errorMessage: 'private_dns_enabled, subnet_ids, security_group_ids, ip_address_type, dns_options and service_region only apply to interface endpoints; remove them from the gateway endpoints of custom_endpoints.',
      },
      {
        condition: `alltrue([for endpoint in values(var.custom_endpoints) : endpoint.service_region == null || contains(${keyList(CROSS_REGION_SERVICES)}, endpoint.service)])`,
        errorMessage: `service_region (cross-region PrivateLink) is only for the services AWS lists: ${wordList(CROSS_REGION_SERVICES)} (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html).`,
      },
      {
        condition: `alltrue([for endpoint in values(var.custom_endpoints) : try(endpoint.dns_options.private_dns_only_for_inbound_resolver_endpoint, null) != true || contains(${keyList(GATEWAY_SERVICES)}, endpoint.service) && endpoint.type == "Interface" && endpoint.private_dns_enabled != false])`,
        errorMessage: `dns_options.private_dns_only_for_inbound_resolver_endpoint only applies to the interface endpoint of ${wordList(GATEWAY_SERVICES)}, with private DNS on.`,
      },
      ...optionValidations('custom_endpoints'),
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
    description:
      'Create a security group for the interface endpoints that allows HTTPS from `allowed_cidr_blocks` and `allowed_security_group_ids`; null (the default) creates one unless `security_group_ids` is given',
    type: 'bool',
    default: () => null,
    nullable: true,
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
