/**
 * One terraform plan of everything, shared by every test file that needs a plan.
 *
 * equivalence, module-terraform and synth-terraform all look at plans of the
 * same configurations: each case (and the built-in example) synthesized by
 * CDKTF, and the case's module rendered FRESH (renderModule into a temporary
 * folder, not the committed copy) and called with all its inputs and with its
 * defaults. Planning them once, in one root (starting the AWS provider
 * dominates the time of a plan), instead of once per file, is what keeps
 * `npm test` short.
 *
 * How the files share it: jest's globalSetup (test/support/global-setup.ts)
 * builds every child in-process, starts the plan in the background and
 * returns at once, so that the plan runs beside the fast test files; it
 * writes the result to `$ECS_PRIVATELINK_PLAN_DIR/plans.json`, which the
 * files read with `sharedPlans()`. Without that variable (a custom jest
 * config), `sharedPlans()` plans in the test process itself.
 *
 * Failures are per case: when the plan of everything fails, each case (its
 * CDKTF child and its module children) is planned alone, at most as many at
 * once as there are cores, so that the tests of a broken case fail with its
 * error and every other case still gets its plan.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FLEET_MODULE_DIR, renderFleet } from '../../generators/fleet';
import { renderModule } from '../../generators/module';
import { specToTfvars } from '../../generators/tfvars';
import { MODULE_VARIABLES } from '../../generators/interface';
import { loadConfig, type Spec } from '../../lib/model/config';
import { EXAMPLE_CONFIG, loadCases } from './cases';
import { loadFleetCases, synthFleet } from './fleets';
import { hubTestInputs } from './hub';
import { cdktfChild, fleetRootChild, moduleChild, planChildren, type Child, type PlannedResource } from './plan-root';
import { synthSpec } from './synth';
import { inParallel, tempDir } from './terraform';

export const PLAN_DIR_ENV = 'ECS_PRIVATELINK_PLAN_DIR';
export const PLANS_FILE = 'plans.json';

/** A Terraform identifier from a case name. */
export const planId = (name: string): string => name.replace(/[^a-z0-9]+/g, '_');

/** The names of a case's children in the shared root. */
export function childNames(caseName: string): { cdktf: string; hcl: string; defaults: string } {
  const id = planId(caseName);
  return { cdktf: `cdktf_${id}`, hcl: `hcl_${id}`, defaults: `hcl_${id}_defaults` };
}

/** Every configuration of test/cases, then the built-in example (privatelink.config.yaml) as "example". */
export function planCases(): { name: string; spec: Spec }[] {
  return [...loadCases().map((c) => ({ name: c.name, spec: c.spec })), { name: 'example', spec: loadConfig(EXAMPLE_CONFIG) }];
}

/** Every VPC of every fleet case, as "<fleet>/<vpc>". */
export function planFleetVpcs(): { name: string; spec: Spec }[] {
  return loadFleetCases().flatMap((f) => f.fleet.vpcs.map((vpc) => ({ name: `${f.name}/${vpc.name}`, spec: vpc.spec })));
}

/** The names of a fleet VPC's children: its synthesized stack and its generated root. */
export function fleetChildNames(vpcName: string): { cdktf: string; hcl: string } {
  const id = planId(`fleet/${vpcName}`);
  return { cdktf: `cdktf_${id}`, hcl: `hcl_${id}` };
}

/**
 * The inputs of the "defaults" call: every input left out whose value is the
 * variable's default. The rendered module's defaults are the configuration's
 * (its `endpoints` default leaves out `private_dns_enabled` where the catalog's
 * default applies), so this exercises the module's default path: the catalog's
 * private DNS, the default name prefix, empty lists, no tags.
 */
export function defaultsInputs(spec: Spec): Record<string, unknown> {
  const inputs = specToTfvars(spec) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const variable of MODULE_VARIABLES) {
    const value = inputs[variable.name];
    const fallback = variable.default ? variable.default(spec) : undefined;
    if (variable.name === 'vpc_id' || JSON.stringify(value) !== JSON.stringify(fallback)) out[variable.name] = value;
  }
  return out;
}

/** What one child planned, or why it could not be planned. */
export type ChildPlan = { ok: true; resources: PlannedResource[] } | { ok: false; error: string };

export interface SharedPlans {
  /** By child name. */
  children: Record<string, ChildPlan>;
  /** How the plan went, for the reader of the test output. */
  summary: string;
}

interface Group {
  name: string;
  children: Child[];
  /** Why the case could not be built; its children's names then carry it. */
  error?: string;
  names?: string[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Every case's children, built in-process (synth and fresh renders); a case that fails to build carries its error. */
export async function buildGroups(): Promise<Group[]> {
  const groups: Group[] = [];
  for (const c of planCases()) {
    const names = childNames(c.name);
    try {
      const dir = path.join(tempDir('shared-module'), 'ecs-privatelink');
      for (const [rel, text] of await renderModule(c.spec)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      }
      groups.push({
        name: c.name,
        children: [
          cdktfChild(names.cdktf, synthSpec(c.spec)),
          moduleChild(names.hcl, dir, c.spec.region, { ...specToTfvars(c.spec) }),
          moduleChild(names.defaults, dir, c.spec.region, defaultsInputs(c.spec)),
        ],
      });
    } catch (err) {
      groups.push({ name: c.name, children: [], names: Object.values(names), error: `${c.name}: could not be synthesized or rendered: ${message(err)}` });
    }
  }
  for (const f of loadFleetCases()) {
    try {
      const stacks = [...synthFleet(f.fleet).values()];
      const files = await renderFleet(f.fleet);
      f.fleet.vpcs.forEach((vpc, i) => {
        const names = fleetChildNames(`${f.name}/${vpc.name}`);
        // A spoke of a hub gets the hub's ids as the hub_dns input (test/support/hub.ts), on both sides.
        const inputs = hubTestInputs(f.fleet, vpc.name);
        groups.push({ name: `fleet ${f.name}/${vpc.name}`, children: [cdktfChild(names.cdktf, stacks[i], inputs), fleetRootChild(names.hcl, files, FLEET_MODULE_DIR, vpc.name, inputs)] });
      });
    } catch (err) {
      const names = f.fleet.vpcs.flatMap((vpc) => Object.values(fleetChildNames(`${f.name}/${vpc.name}`)));
      groups.push({ name: `fleet ${f.name}`, children: [], names, error: `fleet ${f.name}: could not be synthesized or rendered: ${message(err)}` });
    }
  }
  return groups;
}

/** Plans the groups: all in one root, or, when that fails, each alone (bounded by the cores), so that a failure names its case. */
export async function planGroups(groups: Group[]): Promise<SharedPlans> {
  const started = Date.now();
  const children: Record<string, ChildPlan> = {};
  const buildable = groups.filter((g) => !g.error);
  for (const g of groups.filter((x) => x.error)) {
    // A case that could not be built: its tests fail with the reason.
    for (const name of g.names ?? []) children[name] = { ok: false, error: g.error! };
  }
  let summary: string;
  try {
    const planned = await planChildren(buildable.flatMap((g) => g.children));
    for (const [name, resources] of planned) children[name] = { ok: true, resources };
    summary = `one root, ${planned.size} children, ${((Date.now() - started) / 1000).toFixed(1)} s`;
  } catch (all) {
    await inParallel(
      buildable.map((g) => async () => {
        try {
          for (const [name, resources] of await planChildren(g.children)) children[name] = { ok: true, resources };
        } catch (err) {
          for (const child of g.children) children[child.name] = { ok: false, error: `${g.name}: ${message(err)}` };
        }
      }),
      Math.max(1, os.cpus().length),
    );
    const failed = buildable.filter((g) => g.children.some((c) => !children[c.name]?.ok)).map((g) => g.name);
    summary = `the plan of everything failed (${message(all).split('\n')[0]}); each case planned alone: ${failed.length} failed (${failed.join(', ')}), ${((Date.now() - started) / 1000).toFixed(1)} s`;
  }
  return { children, summary };
}

let inProcess: Promise<SharedPlans> | undefined;

/** Waits for the file the globalSetup's background plan writes. */
async function waitForFile(dir: string): Promise<SharedPlans> {
  const file = path.join(dir, PLANS_FILE);
  const failure = path.join(dir, 'failed.txt');
  const deadline = Date.now() + 30 * 60 * 1000;
  for (;;) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as SharedPlans;
    if (fs.existsSync(failure)) throw new Error(`the shared plan failed: ${fs.readFileSync(failure, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`the shared plan did not finish in 30 minutes (nothing in ${dir})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The shared plans: from the globalSetup's background run, else planned here (once per process). */
export function sharedPlans(): Promise<SharedPlans> {
  const dir = process.env[PLAN_DIR_ENV];
  if (dir) return (inProcess ??= waitForFile(dir));
  return (inProcess ??= buildGroups().then(planGroups));
}

/** The planned resources of one child; throws the child's own error (naming its case) when it could not be planned. */
export function childPlan(plans: SharedPlans, child: string): PlannedResource[] {
  const outcome = plans.children[child];
  if (!outcome) throw new Error(`the shared plan has no child ${child}; its case is missing from test/support/shared-plans.ts's buildGroups`);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.resources;
}
