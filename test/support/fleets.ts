/**
 * The fleet cases: one folder per case under test/fleets/<name>/ with a
 * `config.yaml` in the fleet form and the expected files (`stacks/` and
 * `roots/`). A new case is a new folder, no code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { loadFleet, type Fleet } from '../../lib/model/fleet';
import { addFleetStacks } from '../../lib/cdktf/stack';
import { REPO_ROOT } from './cases';

export const FLEETS_DIR = path.join(REPO_ROOT, 'test', 'fleets');

export interface FleetCase {
  name: string;
  dir: string;
  configFile: string;
  fleet: Fleet;
}

export function loadFleetCases(): FleetCase[] {
  return fs
    .readdirSync(FLEETS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = path.join(FLEETS_DIR, name);
      const configFile = path.join(dir, 'config.yaml');
      return { name, dir, configFile, fleet: loadFleet(configFile) };
    });
}

/** Each stack of the fleet's app as the tests see it (`Testing.synth`: sorted, stable JSON), by stack name. */
export function synthFleet(fleet: Fleet): Map<string, string> {
  const app = Testing.app();
  return new Map(addFleetStacks(app, fleet).map((stack) => [stack.node.id, `${Testing.synth(stack)}\n`]));
}
