/**
 * The promise of the product: the CDKTF app and the generated module plan the
 * same infrastructure. For every case and the built-in example, both are
 * planned by the real terraform and AWS provider (offline), reduced to an
 * address-independent form, and compared attribute by attribute.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../lib/config';
import { specToTfvars } from '../generators/tfvars';
import { canonicalize, differences } from './support/canonical';
import { EXAMPLE_CONFIG, loadCases, REPO_ROOT } from './support/cases';
import { cdktfChild, moduleChild, planChildren, type PlannedResource } from './support/plan-root';
import { synthSpec } from './support/synth';
import { removeTempDirs } from './support/terraform';

const MODULE_DIR = path.join(REPO_ROOT, 'modules', 'ecs-privatelink');
const cases = [...loadCases().map((c) => ({ name: c.name, spec: c.spec })), { name: 'example', spec: loadConfig(EXAMPLE_CONFIG) }];
const id = (name: string) => name.replace(/[^a-z0-9]+/g, '_');

let planned: Map<string, PlannedResource[]>;

beforeAll(async () => {
  if (!fs.existsSync(path.join(MODULE_DIR, 'main.tf'))) throw new Error(`${MODULE_DIR} is missing; run npm start to render it`);
  planned = await planChildren(
    cases.flatMap((c) => [
      cdktfChild(`cdktf_${id(c.name)}`, synthSpec(c.spec)),
      moduleChild(`hcl_${id(c.name)}`, MODULE_DIR, c.spec.region, { ...specToTfvars(c.spec) }),
    ]),
  );
});
const compared: string[] = [];
afterAll(() => {
  removeTempDirs();
  // What was compared, for the reader of the test output.
  if (compared.length > 0) process.stderr.write(`plan equivalence, resources compared per case: ${compared.join(', ')}\n`);
});

describe.each(cases.map((c) => [c.name, c.spec] as const))('CDKTF app and HCL module plan the same infrastructure: %s', (name, spec) => {
  test('every planned resource and attribute is equal', () => {
    const cdktf = canonicalize(planned.get(`cdktf_${id(name)}`)!);
    const hcl = canonicalize(planned.get(`hcl_${id(name)}`)!);
    expect(cdktf.size).toBeGreaterThanOrEqual(spec.endpoints.length);
    const diff = differences(cdktf, hcl, ['cdktf', 'module']);
    if (diff.length > 0) {
      throw new Error(`${name}: the CDKTF app and the module plan differently (${diff.length} differences):\n${diff.join('\n')}`);
    }
    compared.push(`${name}: ${cdktf.size}`);
  });
});
