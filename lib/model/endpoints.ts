/**
 * The endpoint set of a configuration and the options of each endpoint.
 *
 * `profile` picks a preset set (default `ec2`; `none` for no preset);
 * `endpoints` adds catalog endpoints to it, by short name or as a map with
 * options; `customEndpoints` adds services outside the catalog. Additions never
 * replace the preset, so adding `logs` cannot drop the ECR/ECS endpoints.
 *
 * The rules here apply the catalog's knowledge before apply: which services
 * take dual-stack or IPv6 endpoints, which can be reached in another region,
 * what only interface endpoints take. Each refusal names AWS's reason.
 */
import {
  CATALOG,
  CROSS_REGION_SERVICES,
  CROSS_REGION_SOURCE,
  customEndpointKey,
  DEFAULT_PROFILE,
  endpointByKey,
  endpointByService,
  IP_ADDRESS_TYPE_SOURCES,
  isKnownRegion,
  isWellFormedRegion,
  partitionOf,
  profileEndpoints,
  REGIONS,
  serviceName,
  type DnsRecordIpType,
  type EndpointType,
  type IpAddressType,
  type ProfileChoice,
} from './catalog';

/** Options of one endpoint, as the configuration writes them. */
export interface EndpointOptionsConfig {
  subnetIds?: string[];
  securityGroupIds?: string[];
  ipAddressType?: IpAddressType;
  dnsOptions?: { dnsRecordIpType?: DnsRecordIpType; privateDnsOnlyForInboundResolverEndpoint?: boolean };
  /** The region of the service, for cross-region PrivateLink (the resolved endpoint's `serviceName` names it). */
  serviceRegion?: string;
  timeouts?: { create?: string; update?: string; delete?: string };
}

/** An entry of `endpoints`: a short name, or a map with the short name and options. */
export type EndpointEntry = string | ({ service: string } & EndpointOptionsConfig);

/** An entry of `customEndpoints`. */
export interface CustomEndpointConfig extends EndpointOptionsConfig {
  service: string;
  type?: EndpointType;
  privateDns?: boolean;
  policy?: unknown;
}

/** The fields of a configuration this file reads. */
export interface EndpointFields {
  region: string;
  profile?: ProfileChoice;
  endpoints?: EndpointEntry[];
  customEndpoints?: CustomEndpointConfig[];
}

/** The option names, in the order the messages list them. */
export const OPTION_NAMES = ['subnetIds', 'securityGroupIds', 'ipAddressType', 'dnsOptions', 'serviceRegion', 'timeouts'] as const;

/** Options that only interface endpoints take. */
const INTERFACE_ONLY_OPTIONS = ['subnetIds', 'securityGroupIds', 'ipAddressType', 'dnsOptions', 'serviceRegion'] as const;

/** Gateway endpoints exist for these services only (AWS: "Gateway endpoints" in the PrivateLink guide). */
export const GATEWAY_SERVICES: readonly string[] = ['s3', 'dynamodb'];

/** One endpoint of the set, before defaults are resolved. */
export interface SetMember {
  key: string;
  service: string;
  type: EndpointType;
  /** True for an entry of customEndpoints. */
  custom: boolean;
  /** Where its options were written: `['endpoints', 2]`, `['customEndpoints', 0]`; undefined for a profile endpoint without an entry. */
  at?: (string | number)[];
  options: EndpointOptionsConfig;
  /** customEndpoints only. */
  privateDns?: boolean;
  policy?: unknown;
}

const optionsOf = (entry: EndpointOptionsConfig): EndpointOptionsConfig =>
  Object.fromEntries(OPTION_NAMES.filter((name) => entry[name] !== undefined).map((name) => [name, entry[name]])) as EndpointOptionsConfig;

/** The key of a custom endpoint: its short name in snake case, `_interface` added where that is a catalog key (the S3 interface endpoint). */
export function customKey(service: string): string {
  const key = customEndpointKey(service);
  return endpointByKey(key) ? `${key}_interface` : key;
}

/** The endpoint set: the profile's endpoints, then the catalog entries and the custom endpoints, catalog order first (later duplicates ignored: rules report them). */
export function endpointSet(config: EndpointFields): SetMember[] {
  const profile = config.profile ?? DEFAULT_PROFILE;
  const entries = new Map<string, { at: (string | number)[]; options: EndpointOptionsConfig }>();
  (config.endpoints ?? []).forEach((entry, i) => {
    const service = typeof entry === 'string' ? entry : entry.service;
    if (!entries.has(service) && endpointByService(service)) entries.set(service, { at: ['endpoints', i], options: typeof entry === 'string' ? {} : optionsOf(entry) });
  });
  const fromProfile = new Set(profile === 'none' ? [] : profileEndpoints(profile).map((e) => e.service));
  const members: SetMember[] = CATALOG.filter((e) => fromProfile.has(e.service) || entries.has(e.service)).map((e) => ({
    key: e.key,
    service: e.service,
    type: e.type,
    custom: false,
    at: entries.get(e.service)?.at,
    options: entries.get(e.service)?.options ?? {},
  }));
  const keys = new Set(members.map((m) => m.key));
  (config.customEndpoints ?? []).forEach((entry, i) => {
    const key = customKey(entry.service);
    if (keys.has(key)) return;
    keys.add(key);
    members.push({
      key,
      service: entry.service,
      type: entry.type ?? 'Interface',
      custom: true,
      at: ['customEndpoints', i],
      options: optionsOf(entry),
      ...(entry.privateDns !== undefined ? { privateDns: entry.privateDns } : {}),
      ...(entry.policy !== undefined ? { policy: entry.policy } : {}),
    });
  });
  return members;
}

/** The full service name of a member: in its service region when it has one. */
export function memberServiceName(region: string, member: Pick<SetMember, 'service' | 'options'>): string {
  const serviceRegion = member.options.serviceRegion;
  if (serviceRegion === undefined) return serviceName(region, member.service);
  // The endpoint lives in the VPC's partition; the name carries the service's region.
  return serviceName(region, member.service).replace(`.${region}.`, `.${serviceRegion}.`);
}

type Report = (path: (string | number)[], message: string) => void;

const show = (value: unknown) => JSON.stringify(value);

/**
 * The list of `endpoints` and `customEndpoints`: no duplicates, no catalog service among the custom ones, a non-empty set.
 * `nameOf` names an earlier entry in a message ("entry 2" of a list; the construct's maps name theirs by key).
 */
export function checkEndpointList(config: EndpointFields, report: Report, nameOf: (list: 'endpoints' | 'customEndpoints', index: number) => string = (_, i) => `entry ${i}`): void {
  const seen = new Map<string, number>();
  (config.endpoints ?? []).forEach((entry, i) => {
    const service = typeof entry === 'string' ? entry : entry.service;
    if (seen.has(service)) report(['endpoints', i], `${show(service)} is listed twice (also ${nameOf('endpoints', seen.get(service)!)}); keep one entry, with all its options`);
    else seen.set(service, i);
  });
  if (config.endpoints !== undefined && config.endpoints.length === 0) {
    report(['endpoints'], 'is empty; list endpoints to add to the profile, or remove the field');
  }
  const customKeys = new Map<string, number>();
  (config.customEndpoints ?? []).forEach((entry, i) => {
    const type = entry.type ?? 'Interface';
    const catalog = endpointByService(entry.service);
    if (catalog && catalog.type === type) {
      report(['customEndpoints', i, 'service'], `${show(entry.service)} is in the catalog; list it in endpoints instead (as ${show(entry.service)} or {service: ${entry.service}, ...} with options)`);
      return;
    }
    if (type === 'Gateway' && !GATEWAY_SERVICES.includes(entry.service)) {
      report(['customEndpoints', i, 'type'], `Gateway is not offered for ${show(entry.service)}: AWS has gateway endpoints for ${GATEWAY_SERVICES.join(' and ')} only; remove type to get an interface endpoint`);
    }
    const key = customKey(entry.service);
    if (customKeys.has(key)) {
      report(['customEndpoints', i, 'service'], `${show(entry.service)} has the same key (${key}) as ${nameOf('customEndpoints', customKeys.get(key)!)}; list each service once`);
    } else customKeys.set(key, i);
  });
  if (config.profile === 'none' && (config.endpoints ?? []).length === 0 && (config.customEndpoints ?? []).length === 0) {
    report(['profile'], 'is none, and neither endpoints nor customEndpoints lists an endpoint; list the endpoints you want, or choose a profile (ec2, fargate, ecr-only)');
  }
}

/**
 * The options of each endpoint: interface-only options on gateways, the IP
 * address types and cross-region support AWS documents, DNS options that fit.
 */
export function checkEndpointOptions(config: EndpointFields, members: SetMember[], report: Report, warn: Report): void {
  const gatewayOn = (service: string) => members.some((m) => m.type === 'Gateway' && m.service === service);
  for (const member of members) {
    if (!member.at) continue;
    const at = member.at;
    const o = member.options;
    const what = `${member.service}${member.type === 'Gateway' ? ' (a gateway endpoint)' : ''}`;
    if (member.type === 'Gateway') {
      for (const name of INTERFACE_ONLY_OPTIONS) {
        if (o[name] !== undefined) report([...at, name], `only applies to interface endpoints, and ${what} is reached through route tables; remove it`);
      }
      if (member.custom && member.privateDns !== undefined) report([...at, 'privateDns'], `only applies to interface endpoints, and ${what} has no private DNS; remove it`);
      continue;
    }
    checkIdList(o.subnetIds, [...at, 'subnetIds'], report);
    checkIdList(o.securityGroupIds, [...at, 'securityGroupIds'], report);
    checkIpAddressType(member, report, warn);
    checkDnsOptions(member, gatewayOn, report);
    checkServiceRegion(config, member, report, warn);
  }
  // The S3 interface endpoint does not carry ECR's image layers: pulls need the gateway.
  const s3Interface = members.find((m) => m.custom && m.service === 's3' && m.type === 'Interface');
  if (s3Interface && !gatewayOn('s3') && members.some((m) => m.service === 'ecr.dkr')) {
    report(
      [...s3Interface.at!, 'service'],
      'is the S3 interface endpoint, which cannot serve ECR image layer downloads: ECR pulls need the s3 gateway endpoint (Amazon ECR user guide, "Create the Amazon S3 gateway endpoint"); add s3 to endpoints, or use a profile that has it',
    );
  }
  const dkr = members.find((m) => m.service === 'ecr.dkr' && m.options.serviceRegion !== undefined);
  if (dkr && dkr.options.serviceRegion !== config.region && isWellFormedRegion(dkr.options.serviceRegion!)) {
    warn(
      [...dkr.at!, 'serviceRegion'],
      `ECR serves the image layers of ${dkr.options.serviceRegion} from the S3 bucket prod-${dkr.options.serviceRegion}-starport-layer-bucket in ${dkr.options.serviceRegion}, and the s3 gateway endpoint of ${config.region} only reaches buckets in ${config.region}: layer downloads need another path (NAT, or ECR replication into ${config.region})`,
    );
  }
}

function checkIdList(ids: string[] | undefined, at: (string | number)[], report: Report): void {
  if (ids === undefined) return;
  if (ids.length === 0) report(at, 'is empty; remove it to use the shared setting, or list at least one id');
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) report([...at, i], `${show(id)} is listed twice`);
    seen.add(id);
  });
}

/** The reasons behind the catalog's ipAddressTypes, by short name. */
const IP_TYPE_REASONS: Record<string, string> = {
  'ecr.api': `Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints: use IPv4-only ECR endpoints (${IP_ADDRESS_TYPE_SOURCES.ecr})`,
  'ecr.dkr': `Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints: use IPv4-only ECR endpoints (${IP_ADDRESS_TYPE_SOURCES.ecr})`,
  sts: `IPv6-only AWS STS VPC endpoints are not supported; use ipv4 or dualstack (${IP_ADDRESS_TYPE_SOURCES.sts})`,
};

function checkIpAddressType(member: SetMember, report: Report, warn: Report): void {
  const type = member.options.ipAddressType;
  if (type === undefined) return;
  const allowed = member.custom ? undefined : endpointByService(member.service)?.ipAddressTypes;
  if (allowed && !allowed.includes(type)) {
    const reason = IP_TYPE_REASONS[member.service] ?? `AWS documents ${allowed.join(', ')} for ${member.service}`;
    report([...member.at!, 'ipAddressType'], `${show(type)} is not supported by ${member.service}: ${reason}; remove the line or use ${allowed.join(' or ')}`);
  } else if (!allowed && type !== 'ipv4') {
    warn(
      [...member.at!, 'ipAddressType'],
      `${show(type)}: AWS's pages do not say whether ${member.service} takes ${type} endpoints; check with aws ec2 describe-vpc-endpoint-services --service-names ${member.service.includes('.') ? '<full name>' : `com.amazonaws.<region>.${member.service}`} (SupportedIpAddressTypes)`,
    );
  }
}

/** Which DNS record types fit which endpoint IP address type. */
const RECORD_TYPES_BY_IP_TYPE: Record<IpAddressType, readonly DnsRecordIpType[]> = {
  ipv4: ['ipv4', 'service-defined'],
  dualstack: ['ipv4', 'dualstack', 'ipv6', 'service-defined'],
  ipv6: ['ipv6', 'service-defined'],
};

function checkDnsOptions(member: SetMember, gatewayOn: (service: string) => boolean, report: Report): void {
  const dns = member.options.dnsOptions;
  if (dns === undefined) return;
  const at = [...member.at!, 'dnsOptions'];
  const ipType = member.options.ipAddressType ?? 'ipv4';
  if (dns.dnsRecordIpType !== undefined && !RECORD_TYPES_BY_IP_TYPE[ipType].includes(dns.dnsRecordIpType)) {
    report(
      [...at, 'dnsRecordIpType'],
      `${show(dns.dnsRecordIpType)} does not fit an ${ipType} endpoint (ipAddressType${member.options.ipAddressType === undefined ? ' defaults to ipv4' : ` is ${ipType}`}): an ${ipType} endpoint has ${ipType === 'ipv4' ? 'IPv4 addresses only, so A records' : 'IPv6 addresses only, so AAAA records'}; use ${RECORD_TYPES_BY_IP_TYPE[ipType].join(' or ')}`,
    );
  }
  if (dns.privateDnsOnlyForInboundResolverEndpoint === true) {
    const where = [...at, 'privateDnsOnlyForInboundResolverEndpoint'];
    if (!GATEWAY_SERVICES.includes(member.service) || !member.custom) {
      report(where, `only applies to the interface endpoint of a service that also has a gateway endpoint (${GATEWAY_SERVICES.join(', ')}), not to ${member.service}; remove it`);
    } else if (!gatewayOn(member.service)) {
      report(
        where,
        `needs the ${member.service} gateway endpoint in the VPC: with it, VPC clients use the gateway and only on-premises clients (through inbound Resolver endpoints) resolve to this interface endpoint; add ${member.service} to endpoints, or remove this line`,
      );
    } else if (member.privateDns === false) {
      report(where, 'needs private DNS on, and privateDns is false; remove one of the two');
    }
  }
}

function checkServiceRegion(config: EndpointFields, member: SetMember, report: Report, warn: Report): void {
  const serviceRegion = member.options.serviceRegion;
  if (serviceRegion === undefined || !isWellFormedRegion(serviceRegion)) return;
  const at = [...member.at!, 'serviceRegion'];
  const supported = member.custom ? CROSS_REGION_SERVICES.includes(member.service) : endpointByService(member.service)!.crossRegion;
  if (!supported) {
    report(
      at,
      `${member.service} cannot be reached in another region: AWS's list of cross-region PrivateLink services has ${member.custom ? CROSS_REGION_SERVICES.join(', ') : 'ecr.api, ecr.dkr, ecs and the S3 interface endpoint among the ECS/ECR ones, not ecs-agent or ecs-telemetry'} (${CROSS_REGION_SOURCE}); remove serviceRegion`,
    );
    return;
  }
  if (serviceRegion === config.region) {
    report(at, `${show(serviceRegion)} is the VPC's own region; remove serviceRegion (it is for a service in another region)`);
    return;
  }
  if (isWellFormedRegion(config.region) && partitionOf(serviceRegion) !== partitionOf(config.region)) {
    report(at, `${show(serviceRegion)} is in the ${partitionOf(serviceRegion)} partition and the VPC's region ${config.region} in ${partitionOf(config.region)}; cross-region PrivateLink stays within a partition`);
    return;
  }
  if (!isKnownRegion(serviceRegion)) warn(at, unknownRegionWarning(serviceRegion));
}

/** The warning for a well-formed region that ecs-privatelink does not know. */
export function unknownRegionWarning(region: string): string {
  const near = Object.keys(REGIONS).find((known) => distance(known, region) <= 2);
  return `${show(region)} is not among the regions ecs-privatelink knows; it is used as written (partition ${partitionOf(region)})${near ? `; did you mean ${show(near)}?` : '; check the spelling if it is not a new region'}`;
}

/** Edit distance (insertions, deletions, substitutions); suggestions of the configuration's rules use it too. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
