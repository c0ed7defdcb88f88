/**
 * The test cases: one folder per case under test/cases/<name>/ with a
 * `config.yaml` and the expected files. A new case is a new folder, no code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, type Spec } from '../../lib/model/config';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CASES_DIR = path.join(REPO_ROOT, 'test', 'cases');
export const EXAMPLE_CONFIG = path.join(REPO_ROOT, 'privatelink.config.yaml');

export interface TestCase {
  name: string;
  dir: string;
  configFile: string;
  spec: Spec;
}

export function loadCases(): TestCase[] {
  return fs
    .readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = path.join(CASES_DIR, name);
      const configFile = path.join(dir, 'config.yaml');
      return { name, dir, configFile, spec: loadConfig(configFile) };
    });
}
