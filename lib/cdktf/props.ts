/**
 * From a validated configuration to the construct's properties. The module's
 * input variables are the same values in snake_case (see `generators/`).
 */
import type { Spec } from '../model/config';
import type { EcsPrivateLinkProps, EndpointOptions } from './construct';

export function specToProps(spec: Spec): EcsPrivateLinkProps {
  return {
    region: spec.region,
    vpcId: spec.vpcId,
    subnetIds: spec.subnetIds,
    routeTableIds: spec.routeTableIds,
    allowedCidrBlocks: spec.allowedCidrBlocks,
    allowedSecurityGroupIds: spec.allowedSecurityGroupIds,
    createSecurityGroup: spec.createSecurityGroup,
    securityGroupIds: spec.securityGroupIds,
    endpoints: Object.fromEntries(
      spec.endpoints.map((e): [string, EndpointOptions] => [
        e.key,
        { ...(e.privateDns === undefined ? {} : { privateDnsEnabled: e.privateDns }), ...(e.policy === undefined ? {} : { policy: e.policy }) },
      ]),
    ),
    tags: spec.tags,
    namePrefix: spec.namePrefix,
    s3EcrLayersOnly: spec.s3EcrLayersOnly,
    allowedPrincipalAccountIds: spec.allowedPrincipalAccountIds,
    ...(spec.allowedPrincipalOrgId !== undefined ? { allowedPrincipalOrgId: spec.allowedPrincipalOrgId } : {}),
    ...(spec.privateDnsFromHubZones !== undefined ? { privateDnsFromHubZones: [...spec.privateDnsFromHubZones] } : {}),
  };
}
