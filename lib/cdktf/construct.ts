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
import {
  DEFAULT_PROFILE,
  endpointByKey,
  partitionOf,
  PRINCIPAL_RESTRICTED_KEYS,
  profileEndpoints,
  SERVICE_NAME_PATTERN,
  type DnsRecordIpType,
  type EndpointType,
  type IpAddressType,
  type ProfileChoice,
} from '../model/catalog';
import { checkEndpointList, checkEndpointOptions, endpointSet, memberServiceName, type CustomEndpointConfig, type EndpointEntry } from '../model/endpoints';
import { DEFAULT_NAME_PREFIX, formatPath, MAP_SIZE_KEY, PROTO_KEY } from '../model/config';
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
import { listItems } from './tokens';
import { assertValidProps } from './validate';

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

  /**
   * Subnets of this interface endpoint, instead of `subnetIds`.
   *
   * @default - `subnetIds`
   */
  readonly subnetIds?: string[];

  /**
   * Security groups of this interface endpoint, besides the created one and `securityGroupIds`.
   *
   * @default []
   */
  readonly securityGroupIds?: string[];

  /**
   * IP address type of this interface endpoint: `ipv4`, `dualstack` or `ipv6`.
   *
   * ECR (`ecr_api`, `ecr_dkr`) takes `ipv4` only: AWS PrivateLink to ECR is IPv4 only.
   *
   * @default - AWS's default (ipv4)
   */
  readonly ipAddressType?: IpAddressType;

  /**
   * DNS options of this interface endpoint.
   *
   * @default - AWS's defaults
   */
  readonly dnsOptions?: { readonly dnsRecordIpType?: DnsRecordIpType; readonly privateDnsOnlyForInboundResolverEndpoint?: boolean };

  /**
   * Region of the service, for cross-region PrivateLink (`ecr_api`, `ecr_dkr`, `ecs`; not `ecs_agent` or `ecs_telemetry`).
   *
   * The deploying principal needs the `vpce:AllowMultiRegion` permission.
   *
   * @default - the VPC's region
   */
  readonly serviceRegion?: string;

  /**
   * How long Terraform waits to create, update or delete this endpoint (`10m`, `1h`).
   *
   * @default - the AWS provider's defaults (10 minutes each)
   */
  readonly timeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
}

/** An endpoint of an AWS service outside the catalog (mirrors an entry of the module's `custom_endpoints` map). */
export interface CustomEndpointOptions extends EndpointOptions {
  /** AWS short service name, the last part of `com.amazonaws.<region>.<service>`: `sqs`, `elasticfilesystem`. */
  readonly service: string;

  /**
   * `Interface`, or `Gateway` (S3 and DynamoDB only).
   *
   * @default "Interface"
   */
  readonly type?: EndpointType;
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
   * @default - true unless `securityGroupIds` is given: existing groups mean "create none"
   */
  readonly createSecurityGroup?: boolean;

  /**
   * Existing security groups attached to the interface endpoints, besides the created one.
   *
   * @default []
   */
  readonly securityGroupIds?: string[];

  /**
   * The preset set of endpoints that `endpoints` and `customEndpoints` add to.
   *
   * `ec2`: the six for ECS on EC2 (ecr_api, ecr_dkr, s3, ecs, ecs_agent,
   * ecs_telemetry); `fargate`: ecr_api, ecr_dkr, s3, logs; `ecr-only`:
   * ecr_api, ecr_dkr, s3; `none`: only the endpoints listed.
   *
   * @default "ec2"
   */
  readonly profile?: ProfileChoice;

  /**
   * Catalog endpoints added to the profile, by catalog key (`logs`, `kms`, ...), with their options.
   *
   * An entry for an endpoint of the profile sets its options; it never removes the others.
   *
   * @default {}
   */
  readonly endpoints?: Record<string, EndpointOptions>;

  /**
   * Endpoints of AWS services outside the catalog, by a key of your choice (`sqs`, `efs`).
   *
   * @default {}
   */
  readonly customEndpoints?: Record<string, CustomEndpointOptions>;

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

export class EcsPrivateLink extends Construct {
  /** The endpoints, by catalog key. */
  public readonly endpoints: Readonly<Record<string, VpcEndpoint>>;

  /** The security group created for the interface endpoints, if any. */
  public readonly securityGroup?: SecurityGroup;

  /** Security groups attached to the interface endpoints. */
  public readonly securityGroupIds: string[];

  constructor(scope: Construct, id: string, props: EcsPrivateLinkProps) {
    super(scope, id);
    // Literal ids, CIDR blocks and endpoint keys, by the configuration file's rules; tokens pass.
    assertValidProps(id, props);
    const subnetIds = props.subnetIds ?? [];
    const routeTableIds = props.routeTableIds ?? [];
    const allowedCidrBlocks = props.allowedCidrBlocks ?? [];
    const allowedSecurityGroupIds = props.allowedSecurityGroupIds ?? [];
    const extraSecurityGroupIds = props.securityGroupIds ?? [];
    const createSecurityGroup = props.createSecurityGroup ?? extraSecurityGroupIds.length === 0;
    const profile = props.profile ?? DEFAULT_PROFILE;
    const customEndpoints = props.customEndpoints ?? {};
    // The profile's endpoints, with the options of `endpoints` over them, plus the added ones.
    const options: Record<string, EndpointOptions> = {
      ...Object.fromEntries((profile === 'none' ? [] : profileEndpoints(profile)).map((e) => [e.key, {}])),
      ...(props.endpoints ?? {}),
    };
    const tags = props.tags ?? {};
    const namePrefix = props.namePrefix ?? DEFAULT_NAME_PREFIX;
    const s3EcrLayersOnly = props.s3EcrLayersOnly ?? false;
    const allowedPrincipalAccountIds = props.allowedPrincipalAccountIds ?? [];
    const allowedPrincipalOrgId = props.allowedPrincipalOrgId;
    const privateDnsFromHubZones = props.privateDnsFromHubZones ?? [];
    // Every string below is literal text; in Terraform's JSON syntax `${` and `%{` would start templates.
    const sgName = terraformLiteral(securityGroupName(namePrefix));

    const endpoints: ResolvedEndpoint[] = Object.entries(options).map(([key, opts]) => {
      // A catalog key: the profile's, or one of endpoints, whose unknown keys assertValidProps refused.
      const spec = endpointByKey(key)!;
      if (spec.privateDnsRequired && opts.privateDnsEnabled === false) {
        throw new Error(`EcsPrivateLink ${id}: endpoints.${key}.privateDnsEnabled is false; ${spec.description}`);
      }
      return { key, service: spec.service, type: spec.type, privateDns: opts.privateDnsEnabled ?? spec.privateDns, opts };
    });
    for (const [key, custom] of Object.entries(customEndpoints)) {
      if (!Token.isUnresolved(custom.service) && !SERVICE_NAME.test(custom.service)) {
        throw new Error(`EcsPrivateLink ${id}: customEndpoints.${key}.service is "${custom.service}"; an AWS short service name is lowercase letters and digits, words joined by "." or "-", like sqs or elasticfilesystem`);
      }
      if (options[key]) throw new Error(`EcsPrivateLink ${id}: customEndpoints.${key} has the key of an endpoint of endpoints or of the profile; choose another key`);
      const type = custom.type ?? 'Interface';
      endpoints.push({ key, service: custom.service, type, privateDns: custom.privateDnsEnabled ?? true, opts: custom });
    }
    checkEndpointFacts(id, props.region, options, customEndpoints);
    const hasInterface = endpoints.some((e) => e.type === 'Interface');

    for (const [where, map] of [['tags', tags], ...endpoints.map((e) => [`endpoints.${e.key}.tags`, e.opts.tags ?? {}] as const)] as const) {
      if (Object.prototype.hasOwnProperty.call(map, PROTO_KEY)) {
        throw new Error(`EcsPrivateLink ${id}: ${where} has the key "${PROTO_KEY}", which CDKTF silently drops (a JavaScript quirk); use another key`);
      }
      if (Object.prototype.hasOwnProperty.call(map, MAP_SIZE_KEY)) {
        throw new Error(`EcsPrivateLink ${id}: ${where} has the key "${MAP_SIZE_KEY}", which the AWS provider silently drops (it keeps a map's size under that key); use another key`);
      }
    }


    // Policy presets: the same rules as the module's validations and preconditions.
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
      const securityGroupId = this.securityGroup.id;
      // A token CIDR block is taken as IPv4 (its value is unknown at synth): give IPv6 ranges as literals.
      const sources = [
        ...listItems(allowedCidrBlocks, ingressRuleKey, 'cidr').map((c) => ({ ...c, source: c.value.includes(':') ? { cidrIpv6: c.value } : { cidrIpv4: c.value } })),
        ...listItems(allowedSecurityGroupIds, ingressRuleKey, 'security-group').map((g) => ({ ...g, source: { referencedSecurityGroupId: g.value } })),
      ];
      for (const { key, value, forEach, source } of sources) {
        new VpcSecurityGroupIngressRule(this, `https-from-${key}`, {
          forEach,
          securityGroupId,
          description: `HTTPS from ${value}`,
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
    for (const endpoint of endpoints) {
      const key = endpoint.key;
      // A hub whose private hosted zones serve this endpoint's names: its own private DNS is off.
      const fromHubZone = privateDnsFromHubZones.includes(key);
      const resolved = fromHubZone ? { ...endpoint, privateDns: false } : endpoint;
      created[key] = this.endpoint(resolved, props, { subnetIds, tags, namePrefix, policy: endpoint.opts.policy ?? presets[key] });
      if (endpoint.type === 'Gateway') {
        for (const { key: item, value, forEach } of listItems(routeTableIds, (id) => id, 'route-table')) {
          new VpcEndpointRouteTableAssociation(this, `${key}-${item}`, {
            forEach,
            vpcEndpointId: created[key].id,
            routeTableId: value,
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
    endpoint: ResolvedEndpoint,
    props: EcsPrivateLinkProps,
    resolved: { subnetIds: string[]; tags: Record<string, string>; namePrefix: string; policy?: string },
  ): VpcEndpoint {
    const { key, opts } = endpoint;
    const common = {
      vpcId: props.vpcId,
      serviceName: memberServiceName(props.region, { service: endpoint.service, options: { serviceRegion: opts.serviceRegion } }),
      vpcEndpointType: endpoint.type,
      policy: resolved.policy === undefined ? undefined : terraformLiteral(resolved.policy),
      tags: terraformLiteralMap({ ...resolved.tags, ...(opts.tags ?? {}), Name: endpointName(resolved.namePrefix, key) }),
      ...(opts.timeouts !== undefined ? { timeouts: { ...opts.timeouts } } : {}),
    };
    if (endpoint.type === 'Gateway') return new VpcEndpoint(this, key, common);
    return new VpcEndpoint(this, key, {
      ...common,
      subnetIds: opts.subnetIds ?? resolved.subnetIds,
      securityGroupIds: [...this.securityGroupIds, ...(opts.securityGroupIds ?? []).filter((sg) => !this.securityGroupIds.includes(sg))],
      privateDnsEnabled: endpoint.privateDns,
      ...(opts.ipAddressType !== undefined ? { ipAddressType: opts.ipAddressType } : {}),
      ...(opts.dnsOptions !== undefined ? { dnsOptions: { ...opts.dnsOptions } } : {}),
      ...(opts.serviceRegion !== undefined ? { serviceRegion: opts.serviceRegion } : {}),
    });
  }
}

interface ResolvedEndpoint {
  key: string;
  service: string;
  type: EndpointType;
  privateDns: boolean;
  opts: EndpointOptions;
}

const SERVICE_NAME = new RegExp(SERVICE_NAME_PATTERN);

/**
 * The catalog's knowledge (lib/model/endpoints.ts), with the configuration
 * file's rules and words: dual-stack support, cross-region support, options
 * that only interface endpoints take, DNS options that fit. Throws the first problem.
 */
function checkEndpointFacts(
  id: string,
  region: string,
  options: Record<string, EndpointOptions>,
  customEndpoints: Record<string, CustomEndpointOptions>,
): void {
  const catalogKeys = Object.keys(options);
  const customKeys = Object.keys(customEndpoints);
  const asConfig = (opts: EndpointOptions) => ({
    ...(opts.subnetIds !== undefined ? { subnetIds: opts.subnetIds } : {}),
    ...(opts.securityGroupIds !== undefined ? { securityGroupIds: opts.securityGroupIds } : {}),
    ...(opts.ipAddressType !== undefined ? { ipAddressType: opts.ipAddressType } : {}),
    ...(opts.dnsOptions !== undefined ? { dnsOptions: opts.dnsOptions } : {}),
    ...(opts.serviceRegion !== undefined ? { serviceRegion: opts.serviceRegion } : {}),
  });
  const fields = {
    region,
    profile: 'none' as ProfileChoice,
    endpoints: catalogKeys.map((key): EndpointEntry => ({ service: endpointByKey(key)!.service, ...asConfig(options[key]) })),
    customEndpoints: customKeys.map((key): CustomEndpointConfig => {
      const c = customEndpoints[key];
      return { service: c.service, ...(c.type ? { type: c.type } : {}), ...(c.privateDnsEnabled !== undefined ? { privateDns: c.privateDnsEnabled } : {}), ...asConfig(c) };
    }),
  };
  // The checks name list entries by index (`customEndpoints[1]`); the props are maps, named by key.
  const keyOf = (list: string | number, index: number) => (list === 'customEndpoints' ? customKeys[index] : catalogKeys[index]);
  const fail = (path: (string | number)[], message: string): never => {
    const [list, index, ...rest] = path;
    throw new Error(`EcsPrivateLink ${id}: ${formatPath([list, ...(index === undefined ? [] : [keyOf(list, index as number)]), ...rest])}: ${message}`);
  };
  // A construct with no endpoint at all is allowed (a spoke of a hub that keeps none); the configuration file
  // refuses it, and so would the list check (its `profile` rule; with profile none it sees only the listed
  // endpoints, and with another profile they include the profile's). An empty `endpoints` map means nothing.
  if (catalogKeys.length + customKeys.length > 0) {
    checkEndpointList(fields, (p, m) => (p[0] === 'endpoints' && p.length === 1 ? undefined : fail(p, m)), (list, i) => formatPath([list, keyOf(list, i)]));
  }
  checkEndpointOptions(fields, endpointSet(fields), fail, () => undefined);
}
