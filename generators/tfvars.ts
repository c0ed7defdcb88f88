/**
 * A configuration as the module's input variables: the snake_case of
 * `specToProps` (lib/cdktf/props.ts) without `region`, which the module reads from
 * its provider, plus the module-only `allow_any_cidr` and `preflight_checks`.
 */
import type { Spec } from '../lib/model/config';
import { specToProps } from '../lib/cdktf/props';
import { endpointEntry } from './interface';

/** One entry of the module's `endpoints` or `custom_endpoints` map (only what differs from the defaults). */
export type EndpointInput = Record<string, unknown>;

/** The module's input variables. */
export interface ModuleInputs {
  vpc_id: string;
  subnet_ids: string[];
  route_table_ids: string[];
  allowed_cidr_blocks: string[];
  allowed_security_group_ids: string[];
  /** null: derived from security_group_ids, as in the configuration. */
  create_security_group: boolean | null;
  security_group_ids: string[];
  profile: string;
  endpoints: Record<string, EndpointInput>;
  custom_endpoints: Record<string, EndpointInput>;
  private_dns_from_hub_zones: string[];
  tags: Record<string, string>;
  name_prefix: string;
  s3_ecr_layers_only: boolean;
  allowed_principal_account_ids: string[];
  /** null for none (the variable's default). */
  allowed_principal_org_id: string | null;
  /** Module only: a validated Spec holds a /0 block only when its file said `allowAnyCidr: true`. */
  allow_any_cidr: boolean;
  /** The pre-flight checks: on, as in the CDKTF stack (its option `preflightChecks`, default true). */
  preflight_checks: boolean;
}

/** True for a CIDR block that allows every address (prefix length 0). */
export function isAnyCidr(cidr: string): boolean {
  return /\/0$/.test(cidr);
}


/** A module map entry with private DNS always written, as the construct's props have it: what the service is, then its options. */
function explicitEntry(e: Spec['endpoints'][number]): EndpointInput {
  const { service, type, private_dns_enabled: _onlyWhenNotTheDefault, ...options } = endpointEntry(e);
  return {
    ...(service !== undefined ? { service } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(e.privateDns !== undefined ? { private_dns_enabled: e.privateDns } : {}),
    ...options,
  };
}

/** The module inputs equivalent to the construct props of `spec` (fresh objects; `spec` is not touched). */
export function specToTfvars(spec: Spec): ModuleInputs {
  const props = specToProps(spec);
  return {
    vpc_id: props.vpcId,
    subnet_ids: [...props.subnetIds],
    route_table_ids: [...props.routeTableIds],
    allowed_cidr_blocks: [...props.allowedCidrBlocks],
    allowed_security_group_ids: [...props.allowedSecurityGroupIds],
    create_security_group: props.createSecurityGroup ?? null,
    security_group_ids: [...props.securityGroupIds],
    profile: props.profile,
    // Every endpoint of the Spec, those of the profile included: the module adds them to the profile, so the set is the same.
    endpoints: Object.fromEntries(spec.endpoints.filter((e) => !e.custom).map((e) => [e.key, explicitEntry(e)])),
    custom_endpoints: Object.fromEntries(spec.endpoints.filter((e) => e.custom).map((e) => [e.key, explicitEntry(e)])),
    private_dns_from_hub_zones: [...(props.privateDnsFromHubZones ?? [])],
    tags: { ...props.tags },
    name_prefix: props.namePrefix,
    s3_ecr_layers_only: props.s3EcrLayersOnly,
    allowed_principal_account_ids: [...props.allowedPrincipalAccountIds],
    allowed_principal_org_id: props.allowedPrincipalOrgId ?? null,
    allow_any_cidr: props.allowedCidrBlocks.some(isAnyCidr),
    preflight_checks: true,
  };
}

/**
 * `terraform.tfvars.json` text for the inputs. Terraform reads the strings of
 * a .tfvars.json file literally (no `${` templates), so no escaping is needed.
 */
export function renderTfvarsJson(inputs: ModuleInputs): string {
  return `${JSON.stringify(inputs, null, 2)}\n`;
}
