/**
 * Names and fixed values that the construct and the module templates share.
 * The module computes the same names in HCL; the equivalence test keeps the
 * two in step.
 *
 * cdktf is loaded only by `terraformLiteral` (the construct's): loading it
 * takes 150-300 ms, which `generate` and `diagram` would pay for nothing.
 */
import type * as Cdktf from 'cdktf';

/** The only port the endpoint security group opens. */
export const HTTPS_PORT = 443;

export const securityGroupDescription = 'HTTPS from ECS instances and tasks to the VPC interface endpoints';

/** Name (and Name tag) of the security group created for the interface endpoints. */
export function securityGroupName(namePrefix: string): string {
  return `${namePrefix}-endpoints`;
}

/** Name tag of an endpoint: `ecs-privatelink-ecr-api`. */
export function endpointName(namePrefix: string, key: string): string {
  return `${namePrefix}-${key.replace(/_/g, '-')}`;
}

/** Construct-id-safe form of an ingress rule's source (a CIDR block or a security group id). */
export function ingressRuleKey(source: string): string {
  return source.replace(/[^A-Za-z0-9]+/g, '-');
}

/**
 * A literal string as Terraform must see it in JSON configuration, where
 * every string is a template: `${` and `%{` are escaped as `$${` and `%%{`,
 * and a leading U+FEFF, which the template parser would drop as a byte order
 * mark, is written as an interpolation of itself. CDKTF tokens (references
 * to other resources) pass unchanged.
 */
export function terraformLiteral(text: string): string {
  if (text.includes('${') && cdktfTokenization().reverseString(text).tokens.length > 0) return text;
  const escaped = text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
  return escaped.startsWith(BYTE_ORDER_MARK) ? `\${"\\uFEFF"}${escaped.slice(1)}` : escaped;
}

const BYTE_ORDER_MARK = '\uFEFF';

let tokenization: typeof Cdktf.Tokenization | undefined;
/** cdktf's Tokenization, loaded on first use and kept: `require` on every call cost 1 ms per VPC in a fleet's synth. */
function cdktfTokenization(): typeof Cdktf.Tokenization {
  tokenization ??= (require('cdktf') as typeof Cdktf).Tokenization;
  return tokenization;
}

/** `terraformLiteral` applied to the keys and values of a map of tags. */
export function terraformLiteralMap(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [terraformLiteral(k), terraformLiteral(v)]));
}
