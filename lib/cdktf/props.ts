/**
 * From a validated configuration to the construct's properties. The module's
 * input variables are the same values in snake_case (see `generators/`).
 */
import type { EndpointPlan, Spec } from '../model/config';
import type { CustomEndpointOptions, EcsPrivateLinkProps, EndpointOptions } from './construct';

/** The construct options of one endpoint of a Spec. */
export function endpointOptions(e: EndpointPlan): EndpointOptions {
  return {
    ...(e.privateDns === undefined ? {} : { privateDnsEnabled: e.privateDns }),
    ...(e.policy === undefined ? {} : { policy: e.policy }),
    ...(e.subnetIds === undefined ? {} : { subnetIds: [...e.subnetIds] }),
    ...(e.securityGroupIds === undefined ? {} : { securityGroupIds: [...e.securityGroupIds] }),
    ...(e.ipAddressType === undefined ? {} : { ipAddressType: e.ipAddressType }),
    ...(e.dnsOptions === undefined ? {} : { dnsOptions: { ...e.dnsOptions } }),
    ...(e.serviceRegion === undefined ? {} : { serviceRegion: e.serviceRegion }),
    ...(e.timeouts === undefined ? {} : { timeouts: { ...e.timeouts } }),
  };
}

/** The props of a Spec: the fields a Spec always has are always set (the construct's props leave them optional). */
export type SpecProps = EcsPrivateLinkProps &
  Required<
    Pick<
      EcsPrivateLinkProps,
      'subnetIds' | 'routeTableIds' | 'allowedCidrBlocks' | 'allowedSecurityGroupIds' | 'securityGroupIds' | 'profile' | 'tags' | 'namePrefix' | 's3EcrLayersOnly' | 'allowedPrincipalAccountIds'
    >
  >;

export function specToProps(spec: Spec): SpecProps {
  const custom = spec.endpoints.filter((e) => e.custom);
  return {
    region: spec.region,
    vpcId: spec.vpcId,
    subnetIds: spec.subnetIds,
    routeTableIds: spec.routeTableIds,
    allowedCidrBlocks: spec.allowedCidrBlocks,
    allowedSecurityGroupIds: spec.allowedSecurityGroupIds,
    createSecurityGroup: spec.createSecurityGroup,
    securityGroupIds: spec.securityGroupIds,
    profile: spec.profile,
    endpoints: Object.fromEntries(spec.endpoints.filter((e) => !e.custom).map((e): [string, EndpointOptions] => [e.key, endpointOptions(e)])),
    ...(custom.length > 0
      ? { customEndpoints: Object.fromEntries(custom.map((e): [string, CustomEndpointOptions] => [e.key, { service: e.service, type: e.type, ...endpointOptions(e) }])) }
      : {}),
    tags: spec.tags,
    namePrefix: spec.namePrefix,
    s3EcrLayersOnly: spec.s3EcrLayersOnly,
    allowedPrincipalAccountIds: spec.allowedPrincipalAccountIds,
    ...(spec.allowedPrincipalOrgId !== undefined ? { allowedPrincipalOrgId: spec.allowedPrincipalOrgId } : {}),
    ...(spec.privateDnsFromHubZones !== undefined ? { privateDnsFromHubZones: [...spec.privateDnsFromHubZones] } : {}),
  };
}
