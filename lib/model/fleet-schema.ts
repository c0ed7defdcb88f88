/**
 * The JSON Schema of a fleet file (many VPCs in one file), and the schema
 * document of the configuration file as a whole: one VPC (`CONFIG_SCHEMA` of
 * `lib/model/schema.ts`, unchanged) or a fleet.
 *
 * A fleet's `defaults` and each entry of its `vpcs` take the single-VPC
 * fields (none of them required on their own: a VPC needs region and vpcId
 * once merged with the defaults) plus `account`. `lib/model/fleet.ts` checks a fleet
 * file against `FLEET_SCHEMA` with the same interpreter as a single-VPC file
 * (`schemaProblems` in `lib/model/config.ts`), then each merged VPC against
 * `CONFIG_SCHEMA` and its rules.
 */
import { CONFIG_SCHEMA, type JsonSchema } from './schema';

/** A JSON Schema with the keywords of a schema document (references, definitions, alternatives). */
export type SchemaDocument = Omit<JsonSchema, 'properties' | 'additionalProperties'> & {
  properties?: Record<string, SchemaDocument>;
  additionalProperties?: boolean | SchemaDocument;
  minProperties?: number;
  $ref?: string;
  $defs?: Record<string, SchemaDocument>;
  oneOf?: SchemaDocument[];
};

/** A VPC's name in a fleet: its stack is `ecs-privatelink-<name>`, its Terraform root `roots/<name>`. */
export const VPC_NAME_SCHEMA: JsonSchema = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  'x-name': 'VPC name',
  'x-expected': 'a VPC name of 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit, like payments-prod',
};

/** How the AWS provider of one VPC gets its credentials. */
export const ACCOUNT_SCHEMA: JsonSchema = {
  description: "Credentials of this VPC's AWS provider: a role to assume and/or a named profile; without account the provider uses the default credentials",
  type: 'object',
  additionalProperties: false,
  properties: {
    assumeRoleArn: {
      description: 'IAM role the AWS provider assumes for this VPC (assume_role), usually in the account that owns the VPC',
      type: 'string',
      pattern: '^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$',
      'x-expected': 'an IAM role ARN, like arn:aws:iam::123456789012:role/ecs-privatelink-deploy',
    },
    profile: {
      description: 'Named profile of the shared AWS config and credentials files (profile)',
      type: 'string',
      pattern: '^[A-Za-z0-9_.+=,@/-]{1,128}$',
      'x-expected': 'a profile name of 1 to 128 letters, digits or _.+=,@/-, like payments-prod',
    },
  },
};

/** The IPv4 CIDR of a VPC: with a hub, a spoke's is allowed into the hub's endpoint security group (lib/model/hub.ts). */
export const VPC_CIDR_SCHEMA: JsonSchema = {
  description:
    "The VPC's IPv4 CIDR block; with hub, every spoke's is allowed into the hub's endpoint security group on TCP 443, and no two may overlap",
  type: 'string',
  pattern: '^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$',
  'x-expected': 'an IPv4 CIDR block, like 10.1.0.0/16',
};

/** `defaults` and each VPC of `vpcs`: the single-VPC fields, none required on its own, plus account and cidr. */
export const FLEET_VPC_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...vpcFields(), account: ACCOUNT_SCHEMA, cidr: VPC_CIDR_SCHEMA },
};

/** The single-VPC fields a fleet's VPC takes: all but name (a fleet's VPC is named by its key under vpcs). */
function vpcFields(): Record<string, JsonSchema> {
  const { name: _name, ...fields } = CONFIG_SCHEMA.properties ?? {};
  return fields;
}

/** The fields of a fleet VPC that are not single-VPC fields: taken out before the VPC is checked like a single-VPC file. */
export const FLEET_ONLY_VPC_FIELDS = ['account', 'cidr'] as const;

/** How the spokes resolve the hub's endpoints (lib/model/hub.ts). */
export const HUB_DNS_VALUES = ['zones', 'profile'] as const;

/** The fields of a fleet file itself. */
export const FLEET_FIELDS = ['defaults', 'vpcs', 'hub', 'hubDns'] as const;

/** A fleet file: defaults for every VPC, and the VPCs by name. */
export const FLEET_SCHEMA: SchemaDocument = {
  description: 'Many VPCs in one file: defaults for every VPC, and the VPCs by name',
  type: 'object',
  required: ['vpcs'],
  additionalProperties: false,
  properties: {
    defaults: {
      description:
        'Fields every VPC gets unless it sets them itself; the merge is per field and shallow: a field set in a VPC replaces the default whole (lists and maps are not merged)',
      ...FLEET_VPC_SCHEMA,
    },
    vpcs: {
      description:
        'The VPCs by name: each gets a CDKTF stack ecs-privatelink-<name> and a Terraform root roots/<name>, and needs region and vpcId (its own or from defaults)',
      type: 'object',
      minProperties: 1,
      propertyNames: VPC_NAME_SCHEMA,
      additionalProperties: FLEET_VPC_SCHEMA,
    },
    hub: {
      description:
        'Centralized endpoints: the VPC (a name of vpcs) that holds the interface endpoints for every other VPC of the fleet, its spokes, reached over a Transit Gateway; each spoke keeps its s3 gateway',
      ...VPC_NAME_SCHEMA,
    },
    hubDns: {
      description:
        "How spokes resolve the hub's endpoints: zones (default: a private hosted zone per service, private DNS off in the hub; ecs-agent and ecs-telemetry stay in each spoke) or profile (a Route 53 Profile with the endpoints, shared with RAM; every name, one Profile per VPC)",
      type: 'string',
      enum: HUB_DNS_VALUES,
      'x-name': 'hubDns',
    },
  },
};

/**
 * The schema document of the configuration file, as `ecs-privatelink schema`
 * prints it: one VPC or a fleet. The fleet's fields refer to the single-VPC
 * ones, so that each is written once.
 */
export function fileSchema(): SchemaDocument {
  const { $schema, $id, title, ...vpc } = CONFIG_SCHEMA;
  const fleetVpc: SchemaDocument = {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(Object.keys(vpcFields()).map((key) => [key, { $ref: `#/$defs/vpc/properties/${key}` }])),
      account: { $ref: '#/$defs/account' },
      cidr: VPC_CIDR_SCHEMA,
    },
  };
  const { defaults, vpcs, hub, hubDns } = FLEET_SCHEMA.properties!;
  return {
    $schema,
    $id,
    title,
    description: `${CONFIG_SCHEMA.description}: one VPC, or a fleet of VPCs (defaults and vpcs)`,
    oneOf: [{ $ref: '#/$defs/vpc' }, { $ref: '#/$defs/fleet' }],
    $defs: {
      vpc: { ...vpc, description: `One VPC: ${vpc.description}` },
      fleet: {
        ...FLEET_SCHEMA,
        properties: {
          defaults: { description: defaults.description, $ref: '#/$defs/fleetVpc' },
          vpcs: { ...vpcs, additionalProperties: { $ref: '#/$defs/fleetVpc' } },
          hub,
          hubDns,
        },
      },
      fleetVpc,
      account: ACCOUNT_SCHEMA,
    },
  };
}
