/**
 * Version facts shared by the CDKTF app and the generated module.
 */
import { version } from '../../package.json';

/** This tool's version, as written into generated files. */
export const TOOL_VERSION: string = version;

/**
 * AWS provider versions that both deliverables accept. `@cdktf/provider-aws`
 * 21.x was generated from provider 6.x and would pin it; the module and the
 * app also run on 5.100 (the last 5.x).
 */
export const AWS_PROVIDER_CONSTRAINT = '>= 5.100, < 7.0';

/** Terraform versions the module accepts (optional object attributes need 1.3; tests and checks 1.5). */
export const TERRAFORM_CONSTRAINT = '>= 1.5';
