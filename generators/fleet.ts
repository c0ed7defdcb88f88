/**
 * The Terraform output of a fleet: the one shared module, and per VPC a small
 * root that calls it, ready for one Terraform working directory (and one
 * state) per VPC.
 *
 * `renderFleet(fleet)` is pure and returns relative path -> file text:
 *
 * ```
 * modules/ecs-privatelink/...   the module (renderModule), shared by every VPC
 * roots/<name>/main.tf          terraform block, provider (region, assume_role,
 *                               profile), the module call with the VPC's inputs,
 *                               import blocks of adopted resources
 * roots/<name>/backend.tf       where the VPC's state is kept (backend)
 * ```
 *
 * The module's README, example and the defaults of `endpoints` and
 * `name_prefix` come from the first VPC by name; every root passes every input,
 * so no VPC depends on those defaults. `generators/write.ts` (`writeFleet`)
 * puts the files on disk.
 */
import type { Spec } from '../lib/model/config';
import type { Fleet, FleetVpc } from '../lib/model/fleet';
import { VPC_NAME_SCHEMA } from '../lib/model/fleet-schema';
import { HTTPS_PORT } from '../lib/model/naming';
import { AWS_PROVIDER_CONSTRAINT, TERRAFORM_CONSTRAINT } from '../lib/model/versions';
import { hclValue, renderTemplate } from './helpers';
import { formatHcl, renderBackendFile, renderModule, tidy } from './module';
import { specToTfvars } from './tfvars';
import { BACKEND_FILE, importBlocks } from './state';
import { hubSection } from './hub';

/** Where the module goes in a fleet's output folder. */
export const FLEET_MODULE_DIR = 'modules/ecs-privatelink';
/** Where the roots go: `roots/<name>/`. */
export const ROOTS_DIR = 'roots';
/** The files `generate` writes in each root (the others in the folder are the user's and Terraform's). */
export const ROOT_FILES: readonly string[] = ['main.tf', BACKEND_FILE];

/**
 * Renders the module and the roots of a fleet: relative path -> file text.
 * `vpcs` (`generate --only`) limits the roots to those VPCs; the module is the
 * same whatever the subset.
 */
export async function renderFleet(fleet: Fleet, vpcs: readonly FleetVpc[] = fleet.vpcs): Promise<Map<string, string>> {
  if (fleet.vpcs.length === 0) throw new Error('a fleet has at least one VPC');
  const files = new Map<string, string>();
  for (const [rel, text] of await renderModule(moduleSpec(fleet))) files.set(`${FLEET_MODULE_DIR}/${rel}`, text);
  for (const vpc of vpcs) {
    files.set(`${ROOTS_DIR}/${vpc.name}/main.tf`, await renderRoot(vpc, hubSection(fleet, vpc)));
    files.set(`${ROOTS_DIR}/${vpc.name}/${BACKEND_FILE}`, await renderBackendFile(vpc.spec.backend, `the root of VPC ${vpc.name}`, `${ROOTS_DIR}/${vpc.name}/${BACKEND_FILE}`));
  }
  return files;
}

/** What the shared module is rendered from: the first VPC by name, without its state (backend, adopt), which is its root's. */
export function moduleSpec(fleet: Fleet): Spec {
  return { ...fleet.vpcs[0].spec, backend: { type: 'local' }, adopt: { endpoints: {} } };
}

/** `roots/<name>/main.tf` of one VPC; `hub` is its centralized-endpoints section (generators/hub.ts), if any. */
export async function renderRoot(vpc: FleetVpc, hub = ''): Promise<string> {
  // The name becomes a folder and is written in a comment: only a validated one will do.
  if (!new RegExp(VPC_NAME_SCHEMA.pattern!).test(vpc.name)) throw new Error(`cannot render the root of VPC ${JSON.stringify(vpc.name)}: ${VPC_NAME_SCHEMA['x-expected']} is expected`);
  const inputs = specToTfvars(vpc.spec);
  const context = {
    name: vpc.name,
    vpcId: vpc.spec.vpcId,
    region: vpc.spec.region,
    profile: vpc.account?.profile ?? false,
    assumeRoleArn: vpc.account?.assumeRoleArn ?? false,
    terraformConstraint: TERRAFORM_CONSTRAINT,
    awsProviderConstraint: AWS_PROVIDER_CONSTRAINT,
    httpsPort: HTTPS_PORT,
    // A spoke that gets every endpoint from its hub calls no module.
    keepsEndpoints: vpc.spec.endpoints.length > 0,
    imports: importBlocks(vpc.spec.adopt),
    arguments: Object.entries(inputs)
      .map(([name, value]) => `${name} = ${hclValue(value)}`)
      .join('\n'),
    hub,
  };
  return formatHcl(tidy(renderTemplate('main.tf', context, 'roots')), `${ROOTS_DIR}/${vpc.name}/main.tf`);
}
