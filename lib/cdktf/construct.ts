/**
 * `EcsPrivateLink`: the VPC endpoints that ECS and ECR need in private
 * subnets, as one CDKTF construct. A thin layer over `lib/model/catalog.ts`: what
 * each endpoint is lives there, this file only turns it into resources.
 */
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcEndpointRouteTableAssociation } from '@cdktf/provider-aws/lib/vpc-endpoint-route-table-association';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_ENDPOINT_KEYS, endpointByKey, partitionOf, PRINCIPAL_RESTRICTED_KEYS, serviceName, type EndpointSpec } from '../model/catalog';
import { DEFAULT_NAME_PREFIX, MAP_SIZE_KEY, PROTO_KEY } from '../model/config';
import {
  endpointName,
  HTTPS_PORT,
  ingressRuleKey,
  securityGroupDescription,
  securityGroupName,
  terraformLiteral,
  terraformLiteralMap,
} from '../model/naming';
import { HUB_ZONES } from '../model/hub';
import { presetPolicies } from '../model/policies';
import { CONFIG_SCHEMA } from '../model/schema';

/** Options of one endpoint (mirrors an entry of the module's `endpoints` map). */
export interface EndpointOptions {
  /**
   * Private DNS for an interface endpoint.
   *
   * Ignored for the s3 gateway. `ecr_dkr` requires it.
   *
   * @default - the catalog's default: true for every interface endpoint
   */
  readonly privateDnsEnabled?: boolean;

  /**
   * Endpoint policy, a JSON document.
   *
   * Replaces the preset of this endpoint (`s3EcrLayersOnly`, `allowedPrincipalAccountIds`,
   * `allowedPrincipalOrgId`), if any. Passed as it is: write it in a stable form
   * (`canonicalJson` in lib/model/policies.ts) to keep plans free of spurious diffs.
   *
   * @default - the endpoint's preset if one is on, else no policy: AWS's default policy allows full access
   */
  readonly policy?: string;

  /**
   * Tags of this endpoint only, merged over `tags`.
   *
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** Properties of `EcsPrivateLink`: camelCase mirrors of the module's variables, plus `region`. */
export interface EcsPrivateLinkProps {
  /**
   * AWS region of the VPC; the service names are built from it.
   *
   * The module reads it from its provider instead; a CDKTF stack knows it at synth time.
   */
  readonly region: string;

  /** ID of the VPC that gets the endpoints. */
  readonly vpcId: string;

  /**
   * Subnets of the interface endpoints, at most one per Availability Zone.
   *
   * @default [] - required when any interface endpoint is on
   */
  readonly subnetIds?: string[];

  /**
   * Route tables associated with the s3 gateway endpoint.
   *
   * @default [] - required when the s3 gateway is on
   */
  readonly routeTableIds?: string[];

  /**
   * CIDR blocks (IPv4 or IPv6) allowed to reach the interface endpoints on TCP 443.
   *
   * @default []
   */
  readonly allowedCidrBlocks?: string[];

  /**
   * Security groups allowed to reach the interface endpoints on TCP 443.
   *
   * @default []
   */
  readonly allowedSecurityGroupIds?: string[];

  /**
   * Create a security group for the interface endpoints, allowing HTTPS from the allowed sources.
   *
   * @default true
   */
  readonly createSecurityGroup?: boolean;

  /**
   * Existing security groups attached to the interface endpoints, besides the created one.
   *
   * @default []
   */
  readonly securityGroupIds?: string[];

  /**
   * The endpoints to create, by catalog key (`ecr_api`, `s3`, ...), with their options.
   *
   * @default - the six for ECS on EC2: ecr_api, ecr_dkr, s3, ecs, ecs_agent, ecs_telemetry
   */
  readonly endpoints?: Record<string, EndpointOptions>;

  /**
   * Interface endpoints, by catalog key, whose names private hosted zones of a hub serve instead of their own private DNS.
   *
   * For the hub of centralized endpoints with `hubDns: zones` (lib/model/hub.ts): these
   * endpoints get private DNS off, `ecr_dkr` included, since the hub's zones answer
   * for their names in the hub and its spokes.
   *
   * @default []
   */
  readonly privateDnsFromHubZones?: string[];

  /**
   * Tags of every resource; each also gets a `Name` tag.
   *
   * @default {}
   */
  readonly tags?: Record<string, string>;

  /**
   * Prefix of the Name tags and of the security group name.
   *
   * @default "ecs-privatelink"
   */
  readonly namePrefix?: string;

  /**
   * Restrict the s3 gateway endpoint to ECR's image layers.
   *
   * Gives the `s3` endpoint a policy that only allows `s3:GetObject` on
   * `arn:<partition>:s3:::prod-<region>-starport-layer-bucket/*`, the bucket
   * ECR serves image layers from. This cuts off every other S3 use (package
   * repositories, your own buckets) from the subnets of `routeTableIds`. An
   * `s3` entry with its own `policy` keeps that instead.
   *
   * @default false
   */
  readonly s3EcrLayersOnly?: boolean;

  /**
   * AWS accounts whose principals may use the ECR and ECS endpoints.
   *
   * Gives `ecr_api`, `ecr_dkr`, `ecs`, `ecs_agent` and `ecs_telemetry` a
   * policy that allows requests only from principals of these accounts
   * (`aws:PrincipalAccount`) or of `allowedPrincipalOrgId`. An endpoint with
   * its own `policy` keeps that instead.
   *
   * @default [] - no account condition
   */
  readonly allowedPrincipalAccountIds?: string[];

  /**
   * AWS Organizations id (`o-...`) whose principals may use the ECR and ECS endpoints.
   *
   * Like `allowedPrincipalAccountIds`, with `aws:PrincipalOrgID`; with both,
   * principals of either are allowed.
   *
   * @default - no organization condition
   */
  readonly allowedPrincipalOrgId?: string;
}

const ACCOUNT_ID = new RegExp(CONFIG_SCHEMA.properties!.allowedPrincipalAccountIds.items!.pattern!);
const ORG_ID = new RegExp(CONFIG_SCHEMA.properties!.allowedPrincipalOrgId.pattern!);

export class EcsPrivateLink extends Construct {
  /** The endpoints, by catalog key. */
  public readonly endpoints: Readonly<Record<string, VpcEndpoint>>;

  /** The security group created for the interface endpoints, if any. */
  public readonly securityGroup?: SecurityGroup;

  /** Security groups attached to the interface endpoints. */
  public readonly securityGroupIds: string[];

  constructor(scope: Construct, id: string, props: EcsPrivateLinkProps) {
    super(scope, id);
    const subnetIds = props.subnetIds ?? [];
    const routeTableIds = props.routeTableIds ?? [];
    const allowedCidrBlocks = props.allowedCidrBlocks ?? [];
    const allowedSecurityGroupIds = props.allowedSecurityGroupIds ?? [];
    const createSecurityGroup = props.createSecurityGroup ?? true;
    const extraSecurityGroupIds = props.securityGroupIds ?? [];
    const options: Record<string, EndpointOptions> = props.endpoints ?? Object.fromEntries(DEFAULT_ENDPOINT_KEYS.map((k) => [k, {}]));
    const tags = props.tags ?? {};
    const namePrefix = props.namePrefix ?? DEFAULT_NAME_PREFIX;
    const s3EcrLayersOnly = props.s3EcrLayersOnly ?? false;
    const allowedPrincipalAccountIds = props.allowedPrincipalAccountIds ?? [];
    const allowedPrincipalOrgId = props.allowedPrincipalOrgId;
    const privateDnsFromHubZones = props.privateDnsFromHubZones ?? [];
    // Every string below is literal text; in Terraform's JSON syntax `${` and `%{` would start templates.
    const sgName = terraformLiteral(securityGroupName(namePrefix));

    const endpoints = Object.entries(options).map(([key, opts]) => {
      const spec = endpointByKey(key);
      if (!spec) throw new Error(`EcsPrivateLink ${id}: endpoints has an unknown key "${key}"; see lib/model/catalog.ts for the known keys`);
      if (spec.privateDnsRequired && opts.privateDnsEnabled === false) {
        throw new Error(`EcsPrivateLink ${id}: endpoints.${key}.privateDnsEnabled is false; ${spec.description}`);
      }
      return { spec, opts };
    });
    const hasInterface = endpoints.some((e) => e.spec.type === 'Interface');

    for (const [where, map] of [['tags', tags], ...endpoints.map((e) => [`endpoints.${e.spec.key}.tags`, e.opts.tags ?? {}] as const)] as const) {
      if (Object.prototype.hasOwnProperty.call(map, PROTO_KEY)) {
        throw new Error(`EcsPrivateLink ${id}: ${where} has the key "${PROTO_KEY}", which CDKTF silently drops (a JavaScript quirk); use another key`);
      }
      if (Object.prototype.hasOwnProperty.call(map, MAP_SIZE_KEY)) {
        throw new Error(`EcsPrivateLink ${id}: ${where} has the key "${MAP_SIZE_KEY}", which the AWS provider silently drops (it keeps a map's size under that key); use another key`);
      }
    }

    // Policy presets: the same rules as the module's validations and preconditions.
    for (const accountId of allowedPrincipalAccountIds) {
      if (!Token.isUnresolved(accountId) && !ACCOUNT_ID.test(accountId)) {
        throw new Error(`EcsPrivateLink ${id}: allowedPrincipalAccountIds has "${accountId}"; an AWS account id is 12 digits, like "111122223333"`);
      }
    }
    if (allowedPrincipalOrgId !== undefined && !Token.isUnresolved(allowedPrincipalOrgId) && !ORG_ID.test(allowedPrincipalOrgId)) {
      throw new Error(`EcsPrivateLink ${id}: allowedPrincipalOrgId is "${allowedPrincipalOrgId}"; an AWS Organizations id is "o-" followed by 10 to 32 lowercase letters or digits`);
    }
    for (const key of privateDnsFromHubZones) {
      if (!(key in HUB_ZONES)) {
        throw new Error(`EcsPrivateLink ${id}: privateDnsFromHubZones has "${key}"; a private hosted zone can serve only ${Object.keys(HUB_ZONES).join(', ')}`);
      }
    }
    if (s3EcrLayersOnly && !options.s3) {
      throw new Error(`EcsPrivateLink ${id}: s3EcrLayersOnly is true, but the s3 gateway endpoint is not among the endpoints`);
    }
    if ((allowedPrincipalAccountIds.length > 0 || allowedPrincipalOrgId !== undefined) && !PRINCIPAL_RESTRICTED_KEYS.some((k) => options[k])) {
      throw new Error(`EcsPrivateLink ${id}: allowedPrincipalAccountIds and allowedPrincipalOrgId restrict ${PRINCIPAL_RESTRICTED_KEYS.join(', ')}, and none of them is among the endpoints`);
    }
    const presets = presetPolicies({ region: props.region, partition: partitionOf(props.region), s3EcrLayersOnly, allowedPrincipalAccountIds, allowedPrincipalOrgId });

    if (createSecurityGroup && hasInterface) {
      this.securityGroup = new SecurityGroup(this, 'security-group', {
        name: sgName,
        description: securityGroupDescription,
        vpcId: props.vpcId,
        egress: [], // no egress rules: endpoints answer, they never connect out
        tags: { ...terraformLiteralMap(tags), Name: sgName },
      });
      const sources = [
        ...allowedCidrBlocks.map((cidr) => (cidr.includes(':') ? { cidrIpv6: cidr } : { cidrIpv4: cidr })),
        ...allowedSecurityGroupIds.map((sg) => ({ referencedSecurityGroupId: sg })),
      ];
      for (const source of sources) {
        const from = Object.values(source)[0];
        new VpcSecurityGroupIngressRule(this, `https-from-${ingressRuleKey(from)}`, {
          securityGroupId: this.securityGroup.id,
          description: `HTTPS from ${from}`,
          ipProtocol: 'tcp',
          fromPort: HTTPS_PORT,
          toPort: HTTPS_PORT,
          ...source,
          tags: { ...terraformLiteralMap(tags), Name: `${sgName}-https` },
        });
      }
    }
    this.securityGroupIds = [...(this.securityGroup ? [this.securityGroup.id] : []), ...extraSecurityGroupIds];

    const created: Record<string, VpcEndpoint> = {};
    for (const { spec, opts } of endpoints) {
      const fromHubZone = privateDnsFromHubZones.includes(spec.key);
      created[spec.key] = this.endpoint(spec, fromHubZone ? { ...opts, privateDnsEnabled: false } : opts, props, { subnetIds, tags, namePrefix, policy: opts.policy ?? presets[spec.key] });
      if (spec.type === 'Gateway') {
        for (const routeTableId of routeTableIds) {
          new VpcEndpointRouteTableAssociation(this, `${spec.key}-${routeTableId}`, {
            vpcEndpointId: created[spec.key].id,
            routeTableId,
          });
        }
      }
    }
    this.endpoints = created;
  }

  /** The prefix list of the s3 gateway endpoint: clients need an egress rule to it. */
  public get s3PrefixListId(): string | undefined {
    return this.endpoints.s3?.prefixListId;
  }

  private endpoint(
    spec: EndpointSpec,
    opts: EndpointOptions,
    props: EcsPrivateLinkProps,
    resolved: { subnetIds: string[]; tags: Record<string, string>; namePrefix: string; policy?: string },
  ): VpcEndpoint {
    const common = {
      vpcId: props.vpcId,
      serviceName: serviceName(props.region, spec.service),
      vpcEndpointType: spec.type,
      policy: resolved.policy === undefined ? undefined : terraformLiteral(resolved.policy),
      tags: terraformLiteralMap({ ...resolved.tags, ...(opts.tags ?? {}), Name: endpointName(resolved.namePrefix, spec.key) }),
    };
    if (spec.type === 'Gateway') return new VpcEndpoint(this, spec.key, common);
    return new VpcEndpoint(this, spec.key, {
      ...common,
      subnetIds: resolved.subnetIds,
      securityGroupIds: this.securityGroupIds,
      privateDnsEnabled: opts.privateDnsEnabled ?? spec.privateDns,
    });
  }
}
