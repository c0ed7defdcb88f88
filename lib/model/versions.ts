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

/**
 * The AWS provider versions the test suite plans with (the offline mirror's):
 * the rest of AWS_PROVIDER_CONSTRAINT is claimed, not tested. A test checks
 * this list against the mirror.
 */
export const TESTED_AWS_PROVIDER_VERSIONS: readonly string[] = ['5.100.0'];

/** Terraform versions the module accepts (optional object attributes need 1.3; tests and checks 1.5). */
export const TERRAFORM_CONSTRAINT = '>= 1.5';

/** Where the module is published: this repository, its folder, pinned by a release tag `v<version>`. */
export const MODULE_GIT_SOURCE = 'git::https://github.com/ecs-privatelink/ecs-privatelink.git//modules/ecs-privatelink';

/** The module's source pinned to a release: `git::https://…//modules/ecs-privatelink?ref=v0.1.0`. */
export function moduleSource(version: string = TOOL_VERSION): string {
  return `${MODULE_GIT_SOURCE}?ref=v${version}`;
}
