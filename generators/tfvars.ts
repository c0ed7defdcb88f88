/**
 * A configuration as the module's input variables: the snake_case of
 * `specToProps` (lib/cdktf/props.ts) without `region`, which the module reads from
 * its provider, plus the module-only `allow_any_cidr`.
 */
import type { Spec } from '../lib/model/config';
import type { EndpointOptions } from '../lib/cdktf/construct';
import { specToProps } from '../lib/cdktf/props';

/** One entry of the module's `endpoints` map. */
export interface EndpointInput {
  private_dns_enabled?: boolean;
  policy?: string;
  tags?: Record<string, string>;
}

/** The module's input variables. */
export interface ModuleInputs {
  vpc_id: string;
  subnet_ids: string[];
  route_table_ids: string[];
  allowed_cidr_blocks: string[];
  allowed_security_group_ids: string[];
  create_security_group: boolean;
  security_group_ids: string[];
  endpoints: Record<string, EndpointInput>;
  private_dns_from_hub_zones: string[];
  tags: Record<string, string>;
  name_prefix: string;
  s3_ecr_layers_only: boolean;
  allowed_principal_account_ids: string[];
  /** null for none (the variable's default). */
  allowed_principal_org_id: string | null;
  /** Module only: a validated Spec holds a /0 block only when its file said `allowAnyCidr: true`. */
  allow_any_cidr: boolean;
}

/** True for a CIDR block that allows every address (prefix length 0). */
export function isAnyCidr(cidr: string): boolean {
  return /\/0$/.test(cidr);
}

function endpointInput(options: EndpointOptions): EndpointInput {
  return {
    ...(options.privateDnsEnabled !== undefined ? { private_dns_enabled: options.privateDnsEnabled } : {}),
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    ...(options.tags !== undefined ? { tags: { ...options.tags } } : {}),
  };
}

/** The module inputs equivalent to the construct props of `spec` (fresh objects; `spec` is not touched). */
export function specToTfvars(spec: Spec): ModuleInputs {
  const props = specToProps(spec);
  return {
    vpc_id: props.vpcId,
    subnet_ids: [...(props.subnetIds ?? [])],
    route_table_ids: [...(props.routeTableIds ?? [])],
    allowed_cidr_blocks: [...(props.allowedCidrBlocks ?? [])],
    allowed_security_group_ids: [...(props.allowedSecurityGroupIds ?? [])],
    create_security_group: props.createSecurityGroup ?? true,
    security_group_ids: [...(props.securityGroupIds ?? [])],
    endpoints: Object.fromEntries(Object.entries(props.endpoints ?? {}).map(([key, options]) => [key, endpointInput(options)])),
    private_dns_from_hub_zones: [...(props.privateDnsFromHubZones ?? [])],
    tags: { ...(props.tags ?? {}) },
    name_prefix: props.namePrefix ?? spec.namePrefix,
    s3_ecr_layers_only: props.s3EcrLayersOnly ?? false,
    allowed_principal_account_ids: [...(props.allowedPrincipalAccountIds ?? [])],
    allowed_principal_org_id: props.allowedPrincipalOrgId ?? null,
    allow_any_cidr: (props.allowedCidrBlocks ?? []).some(isAnyCidr),
  };
}

/**
 * `terraform.tfvars.json` text for the inputs. Terraform reads the strings of
 * a .tfvars.json file literally (no `${` templates), so no escaping is needed.
 */
export function renderTfvarsJson(inputs: ModuleInputs): string {
  return `${JSON.stringify(inputs, null, 2)}\n`;
}
