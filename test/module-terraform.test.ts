/**
 * The generated module through the real terraform and AWS provider, offline:
 * fmt, init + validate of the module and its example, the module's own
 * `terraform test`, a plan of every case through the module, the committed
 * module copied alone into an empty folder, and the HCL escaping helper
 * round-tripped through terraform.
 *
 * The plan of every case through its freshly rendered module (with every
 * input and with the defaults) is the test run's shared plan
 * (test/support/shared-plans.ts), which equivalence reads too. The other
 * terraform work starts in beforeAll, two jobs at a time (the two cores),
 * the slow `terraform test` of the validations first, beside the others;
 * each test then checks the outcome of its own job.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, type Spec } from '../lib/model/config';
import { endpointName, HTTPS_PORT, securityGroupDescription, securityGroupName } from '../lib/model/naming';
import { hclString } from '../generators/helpers';
import { renderModule } from '../generators/module';
import { renderTfvarsJson, specToTfvars } from '../generators/tfvars';
import { EXAMPLE_CONFIG, loadCases, REPO_ROOT } from './support/cases';
import { expectedPolicies } from './support/expectations';
import type { PlannedResource } from './support/plan-root';
import { childNames, childPlan, planCases, sharedPlans } from './support/shared-plans';
import { addTestProviderOverride, inParallel, removeTempDirs, tempDir, terraform, type ProviderUse, type TerraformResult } from './support/terraform';

const MODULE_DIR = path.join(REPO_ROOT, 'modules', 'ecs-privatelink');
const cases = loadCases();
const exampleSpec = loadConfig(EXAMPLE_CONFIG);
const childName = (caseName: string) => `hcl_${caseName.replace(/[^a-z0-9]+/g, '_')}`;
/** The cases and the built-in example, as the shared plan holds them. */
const plannedCases = planCases();

type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };
const outcomes = new Map<string, Outcome>();
const started = Date.now();
const timings: string[] = [];

/** Each job's end, by name: a test waits for its own job only (no shared hook that a slow job could time out). */
const finished = new Map<string, Promise<void>>();

/** The value of a job, or its error thrown in the test that checks it. */
async function outcome<T>(name: string): Promise<T> {
  const done = finished.get(name);
  if (!done) throw new Error(`job ${name} was not started`);
  await done;
  const o = outcomes.get(name)!;
  if (!o.ok) throw o.error;
  return o.value as T;
}

function writeFiles(dir: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** A copy of the committed module in a fresh temporary folder (terraform writes .terraform/ next to it). */
function copyOfCommittedModule(label: string): string {
  if (!fs.existsSync(path.join(MODULE_DIR, 'main.tf'))) throw new Error(`${MODULE_DIR} is missing; run npm run generate`);
  const dir = path.join(tempDir(label), 'ecs-privatelink');
  fs.cpSync(MODULE_DIR, dir, { recursive: true });
  return dir;
}

async function initAndValidate(dir: string, use: ProviderUse = {}): Promise<TerraformResult> {
  await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color'], use);
  return terraform(dir, ['validate', '-no-color'], use);
}

// ---------------------------------------------------------------------------
// Strings for the escaping round trip: fixed hard cases, then seeded random mixes of the pieces that matter.
// ---------------------------------------------------------------------------

const PIECES = ['$', '{', '}', '%', '${', '%{', '$${', '%%{', '~', '\\', '"', '\n', '\r', '\t', '\u0000', '\u0007', '\u007f', '\u0085', '\u200b', '\u202e', '\u2028', 'é', 'e\u0301', 'ß', '🚢', '\u{e0041}', 'שלום', 'a', ' ', 'x=1', '//', '#', '/*', '<<EOF'];

function escapeSamples(): string[] {
  const fixed = ['', 'plain', ...Object.values(cases.find((c) => c.name === 'tricky-tags')!.spec.tags), '$', '%', '$$', '%%', '${', '%{', '$${', '$$${', '%%%{', '${}', '\\${', '\\', '"', '\\"'];
  let seed = 20261128;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const mixed = Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => PIECES[Math.floor(random() * PIECES.length)]).join(''));
  return [...fixed, ...mixed];
}

// ---------------------------------------------------------------------------
// Expected plans
// ---------------------------------------------------------------------------

interface Expected {
  address: string;
  type: string;
  attributes: Record<string, unknown>;
}

/** What the module must plan for a spec: every resource address and its configured attributes. */
function expectedResources(spec: Spec): Expected[] {
  const interfaces = spec.endpoints.filter((e) => e.type === 'Interface');
  const sg = spec.createSecurityGroup && interfaces.length > 0;
  const policies = expectedPolicies(spec);
  const out: Expected[] = spec.endpoints.map((e) => ({
    address: `aws_vpc_endpoint.this["${e.key}"]`,
    type: 'aws_vpc_endpoint',
    attributes: {
      vpc_id: spec.vpcId,
      service_name: e.serviceName,
      vpc_endpoint_type: e.type,
      tags: { ...spec.tags, Name: endpointName(spec.namePrefix, e.key) },
      ...(e.type === 'Interface' ? { private_dns_enabled: e.privateDns, subnet_ids: [...(e.subnetIds ?? spec.subnetIds)].sort() } : {}), // an endpoint's own subnets replace the VPC's
      // Without a policy of its own or a preset, the endpoint gets AWS's default at apply: unknown in the plan.
      ...(policies[e.key] !== undefined ? { policy: policies[e.key] } : {}),
    },
  }));
  if (spec.endpoints.some((e) => e.key === 's3')) {
    for (const rtb of spec.routeTableIds) {
      out.push({ address: `aws_vpc_endpoint_route_table_association.this["s3-${rtb}"]`, type: 'aws_vpc_endpoint_route_table_association', attributes: { route_table_id: rtb } });
    }
  }
  if (sg) {
    const name = securityGroupName(spec.namePrefix);
    out.push({
      address: 'aws_security_group.this[0]',
      type: 'aws_security_group',
      attributes: { name, description: securityGroupDescription, vpc_id: spec.vpcId, egress: [], tags: { ...spec.tags, Name: name } },
    });
    for (const source of [...spec.allowedCidrBlocks, ...spec.allowedSecurityGroupIds]) {
      const field = source.startsWith('sg-') ? 'referenced_security_group_id' : source.includes(':') ? 'cidr_ipv6' : 'cidr_ipv4';
      out.push({
        address: `aws_vpc_security_group_ingress_rule.this["${source}"]`,
        type: 'aws_vpc_security_group_ingress_rule',
        attributes: {
          [field]: source,
          description: `HTTPS from ${source}`,
          ip_protocol: 'tcp',
          from_port: HTTPS_PORT,
          to_port: HTTPS_PORT,
          tags: { ...spec.tags, Name: `${securityGroupName(spec.namePrefix)}-https` },
        },
      });
    }
  }
  return out;
}

/** Terraform reads every string as NFC. */
function nfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfc);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.normalize('NFC'), nfc(v)]));
  return value;
}

// ---------------------------------------------------------------------------
// The jobs
// ---------------------------------------------------------------------------

const jobs: Record<string, () => Promise<unknown>> = {
  // The longest first, so that the two lanes end at about the same time.
  'terraform test: validation': async () => {
    // Its provider is mocked: the run's shared provider gives the schema (64 runs, each of which would start its own).
    const dir = copyOfCommittedModule('tftest-validation');
    await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color'], { sharedProvider: true });
    return (await terraform(dir, ['test', '-no-color', '-filter=tests/validation.tftest.hcl'], { sharedProvider: true })).stdout;
  },
  'terraform test: plan and defaults': async () => {
    const dir = copyOfCommittedModule('tftest-plan');
    await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
    return (await terraform(dir, ['test', '-no-color', '-filter=tests/plan.tftest.hcl', '-filter=tests/defaults.tftest.hcl'])).stdout;
  },
  'examples/complete of every case validate': async () => {
    // One root that calls every example (each with its own provider block), validated at once.
    const root = tempDir('examples');
    let main = '';
    for (const c of cases) {
      const dir = path.join(root, c.name, 'ecs-privatelink');
      writeFiles(dir, await renderModule(c.spec));
      main += `module "${childName(c.name)}" {\n  source = "./${c.name}/ecs-privatelink/examples/complete"\n}\n\n`;
    }
    fs.writeFileSync(path.join(root, 'main.tf'), main);
    return initAndValidate(root, { sharedProvider: true });
  },
  'committed module alone: validate, examples/complete validate, plan': async () => {
    // Nothing from the repo but the module folder itself.
    const dir = path.join(tempDir('alone'), 'vendored');
    fs.cpSync(MODULE_DIR, dir, { recursive: true });
    // Each init installs the provider from the mirror, as a user's does; validate and show need only its schema (the shared provider).
    const validateAfterInit = async (root: string) => {
      await terraform(root, ['init', '-backend=false', '-input=false', '-no-color']);
      return terraform(root, ['validate', '-no-color'], { sharedProvider: true });
    };
    const validate = await validateAfterInit(dir);
    const example = await validateAfterInit(path.join(dir, 'examples', 'complete'));
    fs.writeFileSync(path.join(dir, 'test_root_provider.tf'), `provider "aws" {\n  region = ${hclString(exampleSpec.region)}\n}\n`);
    addTestProviderOverride(dir);
    fs.writeFileSync(path.join(dir, 'terraform.tfvars.json'), renderTfvarsJson(specToTfvars(exampleSpec)));
    await terraform(dir, ['init', '-input=false', '-no-color']);
    const planned = await terraform(dir, ['plan', '-input=false', '-no-color', '-lock=false', '-out=tfplan']);
    const shown = JSON.parse((await terraform(dir, ['show', '-json', 'tfplan'], { sharedProvider: true })).stdout) as { resource_changes?: PlannedResource[] };
    return { validate, example, plan: planned.stdout + planned.stderr, resources: shown.resource_changes ?? [] };
  },
  'fmt -check -recursive': async () => {
    const dirs: string[] = [];
    for (const c of [...cases.map((x) => x.spec), exampleSpec]) {
      const dir = path.join(tempDir('fmt'), 'ecs-privatelink');
      writeFiles(dir, await renderModule(c));
      dirs.push(dir);
    }
    return Promise.all(dirs.map((dir) => terraform(dir, ['fmt', '-check', '-recursive', '-diff', '-no-color'])));
  },
  'escaping round trip': async () => {
    const samples = escapeSamples();
    const dir = tempDir('escape');
    fs.writeFileSync(path.join(dir, 'main.tf'), `output "strings" {\n  value = [\n${samples.map((s) => `    ${hclString(s)},\n`).join('')}  ]\n}\n`);
    await terraform(dir, ['init', '-input=false', '-no-color']);
    await terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock=false']);
    const out = JSON.parse((await terraform(dir, ['output', '-json', 'strings'])).stdout) as string[];
    return { samples, out };
  },
};

let all: Promise<unknown> | undefined;
beforeAll(() => {
  // Started, not awaited: two at a time (the two cores), the longest first; each test awaits its own job.
  const ends = new Map(Object.keys(jobs).map((name) => {
    let end!: () => void;
    finished.set(name, new Promise<void>((resolve) => (end = resolve)));
    return [name, end] as const;
  }));
  all = inParallel(
    Object.keys(jobs).map((name) => async () => {
      const start = Date.now();
      try {
        outcomes.set(name, { ok: true, value: await jobs[name]() });
      } catch (err) {
        outcomes.set(name, { ok: false, error: err as Error });
      }
      timings.push(`${name}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
      ends.get(name)!();
    }),
    2,
  );
});
afterAll(async () => {
  await all;
  removeTempDirs();
  process.stderr.write(`module terraform jobs (${((Date.now() - started) / 1000).toFixed(0)} s in all): ${timings.join('; ')}\n`);
});

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

test('terraform fmt -check -recursive passes on the rendered module of every case and of the example', async () => {
  const results = await outcome<TerraformResult[]>('fmt -check -recursive');
  expect(results).toHaveLength(cases.length + 1);
  for (const r of results) expect(r.stdout).toBe('');
});

test('the committed module and its examples/complete, copied alone, pass init -backend=false and validate, without warnings', async () => {
  const { validate, example } = await outcome<{ validate: TerraformResult; example: TerraformResult }>('committed module alone: validate, examples/complete validate, plan');
  for (const r of [validate, example]) {
    expect(r.stdout).toContain('Success! The configuration is valid.');
    expect(r.stdout + r.stderr).not.toMatch(/Warning|deprecated/i);
  }
});

test('terraform test passes in the module: every validation and precondition run fails as expected', async () => {
  const stdout = await outcome<string>('terraform test: validation');
  expect(stdout).toMatch(/Success! \d+ passed, 0 failed\./);
  const declared = fs.readFileSync(path.join(MODULE_DIR, 'tests', 'validation.tftest.hcl'), 'utf8').match(/^run "rejects_[a-z0-9_]+"/gm) ?? [];
  const passed = stdout.match(/run "rejects_[a-z0-9_]+"\.\.\. pass/g) ?? [];
  expect(declared.length).toBeGreaterThanOrEqual(10);
  expect(passed).toHaveLength(declared.length);
});

test('terraform test passes in the module: plan and defaults runs', async () => {
  const stdout = await outcome<string>('terraform test: plan and defaults');
  expect(stdout).toMatch(/Success! \d+ passed, 0 failed\./);
  expect(stdout).toContain('run "china_uses_the_cn_prefix_for_ecr_only"... pass');
  expect(stdout).toContain('run "plans_the_default_endpoints"... pass');
});

test('the examples/complete of every case validate', async () => {
  const result = await outcome<TerraformResult>('examples/complete of every case validate');
  expect(result.stdout).toContain('Success! The configuration is valid.');
});

describe.each(plannedCases.map((c) => [c.name, c.spec] as const))('planned through its freshly rendered module: %s', (name, spec) => {
  const names = childNames(name);

  test('plans exactly the expected resources with the configured attributes', async () => {
    const planned = childPlan(await sharedPlans(), names.hcl);
    const prefix = `module.${names.hcl}.`;
    // The resources; the pre-flight checks' reads (mode data) are compared in test/preflight-terraform.test.ts and the equivalence test.
    const byAddress = new Map(planned.filter((r) => r.mode !== 'data').map((r) => [r.address.slice(prefix.length), r]));
    const expected = expectedResources(spec);
    expect([...byAddress.keys()].sort()).toEqual(expected.map((e) => e.address).sort());
    for (const e of expected) {
      const change = byAddress.get(e.address)!;
      expect(change.change.actions).toEqual(['create']);
      const after = change.change.after ?? {};
      const actual = Object.fromEntries(
        Object.keys(e.attributes).map((k) => [k, Array.isArray(after[k]) && k !== 'egress' ? [...(after[k] as string[])].sort() : after[k]]),
      );
      expect({ address: e.address, attributes: actual }).toEqual({ address: e.address, attributes: nfc(e.attributes) });
    }
  });

  test("plans the same when called with only the inputs that differ from the variables' defaults (the defaults are the configuration's)", async () => {
    const plans = await sharedPlans();
    const strip = (list: PlannedResource[], child: string) =>
      list.map((r) => ({ address: r.address.slice(`module.${child}.`.length), after: r.change.after })).sort((x, y) => x.address.localeCompare(y.address));
    const withDefaults = strip(childPlan(plans, names.defaults), names.defaults);
    expect(withDefaults.length).toBeGreaterThanOrEqual(spec.endpoints.length);
    expect(withDefaults).toEqual(strip(childPlan(plans, names.hcl), names.hcl));
  });
});

test('the committed module copied alone into an empty folder plans the example\'s resources', async () => {
  const { plan, resources } = await outcome<{ plan: string; resources: PlannedResource[] }>('committed module alone: validate, examples/complete validate, plan');
  const expected = expectedResources(exampleSpec);
  const summary = /Plan: (\d+) to add, 0 to change, 0 to destroy\./.exec(plan);
  expect(summary?.[1]).toBe(String(expected.length));
  expect(resources.filter((r) => r.mode !== 'data').map((r) => r.address).sort()).toEqual(expected.map((e) => e.address).sort());
  // The pre-flight checks read AWS, unreachable offline: each read is a warning, and the plan passes.
  expect(resources.filter((r) => r.mode === 'data').map((r) => `${r.address} ${r.change.actions}`).sort()).toEqual([
    'module.preflight[0].data.aws_route_tables.preflight read',
    'module.preflight[0].data.aws_subnets.preflight read',
    'module.preflight[0].data.aws_vpc.preflight read',
  ]);
  for (const read of ['EC2 VPC', 'EC2 Subnets', 'EC2 Route Tables']) expect(plan).toContain(`Warning: reading ${read}`);
  expect(plan).not.toMatch(/^Error/m);
  process.stderr.write(`modules/ecs-privatelink planned alone for privatelink.config.yaml: ${summary![0]}\n`);
});

test('every string written by hclEscape reads back through terraform as the same string (NFC)', async () => {
  const { samples, out } = await outcome<{ samples: string[]; out: string[] }>('escaping round trip');
  expect(out).toHaveLength(samples.length);
  samples.forEach((s, i) => expect({ input: s, read: out[i] }).toEqual({ input: s, read: s.normalize('NFC') }));
});
