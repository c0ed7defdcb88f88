import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { loadConfig, validateConfig, type PrivateLinkConfig } from '../lib/model/config';
import { EXAMPLE_CONFIG, loadCases, REPO_ROOT } from './support/cases';
import { expectGolden } from './support/golden';
import { synthSpec } from './support/synth';

describe('CDKTF synth goldens', () => {
  test.each(loadCases().map((c) => [c.name, c] as const))('%s matches test/cases/%s/cdk.tf.json', (_name, testCase) => {
    expectGolden(path.join(testCase.dir, 'cdk.tf.json'), synthSpec(testCase.spec));
  });

  test('the built-in example matches test/example/cdk.tf.json', () => {
    expectGolden(path.join(REPO_ROOT, 'test', 'example', 'cdk.tf.json'), synthSpec(loadConfig(EXAMPLE_CONFIG)));
  });

  test('two synths of the same config are byte-identical, and the spec is not mutated', () => {
    const spec = loadConfig(EXAMPLE_CONFIG);
    const before = JSON.stringify(spec);
    expect(synthSpec(spec)).toBe(synthSpec(spec));
    expect(JSON.stringify(spec)).toBe(before);
  });

  test('the order of the endpoints list in the config does not change the output', () => {
    const file = path.join(REPO_ROOT, 'test', 'cases', 'extra-endpoints', 'config.yaml');
    const raw = parse(fs.readFileSync(file, 'utf8')) as PrivateLinkConfig;
    const reversed = validateConfig({ ...raw, endpoints: [...raw.endpoints!].reverse() });
    expect(reversed.endpoints.map((e) => e.key)).toEqual(loadConfig(file).endpoints.map((e) => e.key));
    expect(synthSpec(reversed)).toBe(synthSpec(loadConfig(file)));
  });
});
