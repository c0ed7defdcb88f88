/**
 * One Terraform root that plans many configurations at once.
 *
 * Starting the AWS provider dominates the time of a plan (seconds per run),
 * so the tests put every configuration they want planned into one root as a
 * child module, with its own provider configuration, and run init, plan and
 * `show -json` once. Each planned resource is then attributed to its child
 * by its module address (`module.<name>.…`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { addTestProviderOverride, plan, tempDir, TEST_PROVIDER_OVERRIDE, type PlanJson } from './terraform';

export type PlannedResource = NonNullable<PlanJson['resource_changes']>[number];

export interface Child {
  /** Terraform identifier, unique in the root. */
  name: string;
  /**
   * Writes the child's files into `dir` and returns the text of its module
   * call's arguments besides `source` (providers, inputs), if any.
   */
  write(dir: string): string;
  /** Values for root variables (`terraform.tfvars.json`, read literally), by variable name. */
  variables?: Record<string, unknown>;
  /** Provider configurations the root declares for this child. */
  provider?: string;
  /** The folder the module call points at, inside the child's folder (default: the child's folder itself). */
  source?: string;
}

/**
 * Credentials are the one part of a provider an offline plan cannot use:
 * `assume_role` would call AWS STS and `profile` read ~/.aws. The plan does
 * not depend on them, so the children drop them (the test-only override gives
 * a fake key instead); the goldens keep them.
 */
const CREDENTIAL_ATTRIBUTES = ['assume_role', 'profile'];

type CdkTfJson = { terraform?: { backend?: unknown }; provider?: { aws?: Record<string, unknown>[] } & Record<string, unknown> };

/** A cdk.tf.json without its backend (which only matters to a root) and without provider credentials. */
function offlineCdkTfJson(cdkTfJson: string): CdkTfJson {
  const json = JSON.parse(cdkTfJson) as CdkTfJson;
  delete json.terraform?.backend;
  for (const provider of json.provider?.aws ?? []) for (const attribute of CREDENTIAL_ATTRIBUTES) delete provider[attribute];
  return json;
}

/**
 * The region of a child's AWS provider configurations when they are one
 * configuration that sets nothing but its region (what every stack and
 * generated root sets once its credentials are dropped): such a child can use
 * the root's shared configuration of that region instead, and each provider
 * configuration is a provider process to start (about 0.7 s of CPU each; 49
 * of them made the shared plan 64 s of CPU, 11 make it 39 s). Anything more
 * (an alias, default tags, a second configuration) keeps the child's own.
 */
function regionOnly(configs: readonly Record<string, unknown>[] | undefined): string | undefined {
  if (configs?.length !== 1) return undefined;
  const [config] = configs;
  const keys = Object.keys(config);
  return keys.length === 1 && keys[0] === 'region' && typeof config.region === 'string' ? config.region : undefined;
}

/** The module call's argument that hands it the root's provider configuration of `region`. */
function providersArgument(region: string): string {
  return `  providers = {\n    aws = aws.${regionAlias(region)}\n  }\n`;
}

/** A root main.tf without the credentials of its provider block (see CREDENTIAL_ATTRIBUTES); fails when the text is not as generated. */
export function offlineRootMainTf(text: string): string {
  const provider = /^provider "aws" \{\n[\s\S]*?^\}\n/m.exec(text);
  if (!provider) throw new Error('the root has no provider "aws" block at the start of a line');
  const stripped = provider[0].replace(/^ {2}assume_role \{\n[^}]*\n {2}\}\n/m, '').replace(/^ {2}profile +=.*\n/m, '');
  if (CREDENTIAL_ATTRIBUTES.some((a) => new RegExp(`^\\s*${a}\\b`, 'm').test(stripped))) throw new Error(`could not drop the credentials of:\n${provider[0]}`);
  return text.replace(provider[0], () => stripped);
}

/**
 * A child holding a fleet's generated output (the module and the root of
 * `vpc`), called at that root: the root as generated, its provider block
 * included, less the credentials.
 */
export function fleetRootChild(name: string, files: ReadonlyMap<string, string>, moduleDir: string, vpc: string, inputs?: Record<string, unknown>): Child {
  const root = `roots/${vpc}`;
  const rootMain = files.get(`${root}/main.tf`);
  if (rootMain === undefined) throw new Error(`the fleet's files have no ${root}/main.tf`);
  const offlineMain = offlineRootMainTf(rootMain);
  // A provider block that sets only its region gives way to the root's shared configuration of that region.
  const regionBlock = /^provider "aws" \{\n {2}region += "([^"\n]+)"\n\n?\}\n/m.exec(offlineMain);
  const region = regionBlock?.[1];
  return {
    name,
    source: root,
    ...inputChild(name, inputs),
    ...(region !== undefined ? { provider: testProvider(regionAlias(region), region) } : {}),
    write(dir) {
      for (const [rel, text] of files) {
        // The root's main.tf only: its backend.tf would be ignored in a child module, with a warning.
        const keep = (rel.startsWith(`${moduleDir}/`) && !/\/(tests|examples)\//.test(rel.slice(moduleDir.length))) || rel === `${root}/main.tf`;
        if (!keep) continue;
        const file = path.join(dir, ...rel.split('/'));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, rel === `${root}/main.tf` ? (regionBlock ? offlineMain.replace(regionBlock[0], '') : offlineMain) : text);
      }
      if (region === undefined) addTestProviderOverride(path.join(dir, ...root.split('/')));
      return (region !== undefined ? providersArgument(region) : '') + inputArguments(name, inputs);
    },
  };
}

/** The root variable that carries a child's inputs (a spoke's hub_dns), read literally from terraform.tfvars.json. */
function inputChild(name: string, inputs: Record<string, unknown> | undefined): Pick<Child, 'variables'> {
  return inputs ? { variables: { [name]: inputs } } : {};
}

function inputArguments(name: string, inputs: Record<string, unknown> | undefined): string {
  return Object.keys(inputs ?? {})
    .map((key) => `  ${key} = var.${name}.${key}\n`)
    .join('');
}

/**
 * A child holding a synthesized CDKTF stack (`cdk.tf.json`) as it is, less its
 * backend and provider credentials, and less its provider block when that sets
 * only the region (the root's shared configuration of the region is passed
 * in); `inputs` are its variables (a spoke's hub_dns).
 */
export function cdktfChild(name: string, cdkTfJson: string, inputs?: Record<string, unknown>): Child {
  const json = offlineCdkTfJson(cdkTfJson);
  const region = regionOnly(json.provider?.aws);
  if (region !== undefined) {
    delete json.provider!.aws;
    if (Object.keys(json.provider!).length === 0) delete json.provider;
  }
  return {
    name,
    ...inputChild(name, inputs),
    ...(region !== undefined ? { provider: testProvider(regionAlias(region), region) } : {}),
    write(dir) {
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), `${JSON.stringify(json, null, 2)}\n`);
      if (region === undefined) addTestProviderOverride(dir);
      return (region !== undefined ? providersArgument(region) : '') + inputArguments(name, inputs);
    },
  };
}

/**
 * A child that is a copy of a module folder, called with `inputs` through a
 * root variable (so that every string reaches it literally, as from a
 * .tfvars.json file) and with its own provider configuration for `region`.
 */
export function moduleChild(name: string, moduleDir: string, region: string, inputs: Record<string, unknown>): Child {
  return {
    name,
    variables: { [name]: inputs },
    write(dir) {
      // The module's own tests and examples are not part of what a caller plans.
      const skip = /^(\.terraform|tests|examples)([\\/]|$)/;
      fs.cpSync(moduleDir, dir, { recursive: true, filter: (src) => !skip.test(path.relative(moduleDir, src)) });
      const args = Object.keys(inputs).map((key) => `  ${key} = var.${name}.${key}\n`);
      return `${providersArgument(region)}${args.join('')}`;
    },
    // One provider configuration per region, shared by the module calls of that region (each configuration is a provider process).
    provider: testProvider(regionAlias(region), region),
  };
}

/** The alias of the shared test provider configuration of a region. */
export const regionAlias = (region: string) => `region_${region.replace(/-/g, '_')}`;

/** The test-only provider configuration of one region, for module calls from the root. */
export function testProvider(alias: string, region: string): string {
  return TEST_PROVIDER_OVERRIDE.replace('provider "aws" {\n', `provider "aws" {\n  alias                       = "${alias}"\n  region                      = "${region}"\n`);
}

/** Writes a root that calls every child into a fresh temporary folder, and returns the folder. */
export function writeRoot(children: Child[], rootExtra = ''): string {
  const root = tempDir('plan-root');
  let main = rootExtra;
  const variables: Record<string, unknown> = {};
  const providers = new Set<string>();
  for (const child of children) {
    if (!/^[a-z][a-z0-9_-]*$/.test(child.name)) throw new Error(`child name ${child.name} is not a Terraform identifier`);
    const dir = path.join(root, 'children', child.name);
    fs.mkdirSync(dir, { recursive: true });
    const args = child.write(dir);
    main += `\nmodule "${child.name}" {\n  source = "./children/${child.name}${child.source ? `/${child.source}` : ''}"\n${args}}\n`;
    if (child.provider && !providers.has(child.provider)) {
      providers.add(child.provider);
      main += `\n${child.provider}`;
    }
    for (const [name, value] of Object.entries(child.variables ?? {})) {
      main += `\nvariable "${name}" {\n  type = any\n}\n`;
      variables[name] = value;
    }
  }
  fs.writeFileSync(path.join(root, 'terraform.tfvars.json'), `${JSON.stringify(variables, null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'main.tf'), main);
  return root;
}

/**
 * Writes a root that calls every child, plans it once, and returns the planned
 * resources of each child by name.
 */
export async function planChildren(children: Child[], rootExtra = ''): Promise<Map<string, PlannedResource[]>> {
  const planned = await plan(writeRoot(children, rootExtra));
  const byChild = new Map<string, PlannedResource[]>(children.map((c) => [c.name, []]));
  for (const change of planned.resource_changes ?? []) {
    const name = /^module\.([^.[]+)/.exec(change.address)?.[1];
    if (!name || !byChild.has(name)) throw new Error(`planned resource ${change.address} belongs to no child`);
    byChild.get(name)!.push(change);
  }
  return byChild;
}
