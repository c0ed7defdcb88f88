/**
 * `terraform validate` of every stack and every root of the hub fleet cases
 * (test/fleets/hub-*), in one terraform process; the rules of a hub fleet are
 * test/hub.test.ts, the plans of these fleets test/equivalence.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderFleet } from '../generators/fleet';
import { loadFleetCases, synthFleet } from './support/fleets';
import { addTestProviderOverride, removeTempDirs, tempDir, validateRoots, type RootToValidate } from './support/terraform';

const hubCases = loadFleetCases().filter((c) => c.fleet.hub !== undefined);
/** What terraform validate says about each stack and root, by "<case> stack|root <name>", all in one terraform process (validateRoots). */
const validated = new Map<string, string[]>();

beforeAll(async () => {
  const roots: (RootToValidate & { what: string })[] = [];
  for (const c of hubCases) {
    for (const [stack, json] of synthFleet(c.fleet)) {
      const dir = tempDir('hub-stack');
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), json);
      addTestProviderOverride(dir);
      roots.push({ what: `${c.name} stack ${stack}`, name: `r${roots.length}`, dir });
    }
    const files = await renderFleet(c.fleet);
    for (const vpc of c.fleet.vpcs) {
      const dir = tempDir('hub-root');
      for (const [rel, text] of files) {
        if (!rel.startsWith('modules/') && !rel.startsWith(`roots/${vpc.name}/`)) continue;
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      }
      addTestProviderOverride(path.join(dir, 'roots', vpc.name));
      roots.push({ what: `${c.name} root ${vpc.name}`, name: `r${roots.length}`, dir, source: `roots/${vpc.name}` });
    }
  }
  const diagnostics = await validateRoots(roots);
  for (const root of roots) validated.set(root.what, diagnostics.get(root.name)!);
}, 600_000);
afterAll(removeTempDirs);

test('the hub fleet cases are profile and zones, each a hub with a spoke in another account; one spoke keeps no endpoint', () => {
  expect(hubCases.map((c) => [c.name, c.fleet.hub!.dns, c.fleet.hub!.spokes.map((s) => s.crossAccount)])).toEqual([
    ['hub-profile', 'profile', [false, false, true]],
    ['hub-zones', 'zones', [false, true]],
  ]);
  const keepingNothing = hubCases.flatMap((c) => c.fleet.vpcs.filter((v) => v.spec.endpoints.length === 0).map((v) => `${c.name}/${v.name}`));
  expect(keepingNothing).toEqual(['hub-profile/batch']);
});

test('terraform validate passes, without warnings, for every stack and every root of the hub fleets', () => {
  expect(validated.size).toBe(hubCases.reduce((n, c) => n + 2 * c.fleet.vpcs.length, 0));
  for (const [what, diagnostics] of validated) expect({ what, diagnostics }).toEqual({ what, diagnostics: [] });
});

