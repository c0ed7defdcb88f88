/**
 * `synth --only` and `generate --only`: a subset of a fleet, for fanning a
 * large fleet out over CI jobs or HCP Terraform workspaces. Run in process
 * (`run(argv, io)`), on real folders.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadFleetCases } from './support/fleets';
import { listFiles } from './support/golden';
import { runInProcess, type CliResult } from './support/run-cli';

const fleetCase = loadFleetCases().find((c) => c.name === 'three-vpcs')!; // payments-prod, payments-staging, search-prod
const NAMES = fleetCase.fleet.vpcs.map((v) => v.name);

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'only-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function cli(argv: string[]): Promise<CliResult> {
  return runInProcess(argv, work, {});
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).sort().map((rel) => [rel, fs.readFileSync(path.join(dir, rel), 'latin1')]));
}

describe('--only', () => {
  test('generate --only writes the module and those roots, and leaves the other roots alone', async () => {
    const full = path.join(work, 'gen-full');
    expect((await cli(['generate', '-q', '--config', fleetCase.configFile, '--out', full])).code).toBe(0);
    const out = path.join(work, 'gen-only');
    expect((await cli(['generate', '-q', '--config', fleetCase.configFile, '--out', out])).code).toBe(0);
    // Another VPC's root edited by hand, and a root of a VPC that left the fleet: both untouched, no note for the first.
    const other = path.join(out, 'roots', NAMES[0], 'main.tf');
    fs.appendFileSync(other, '# edited\n');
    fs.rmSync(path.join(out, 'roots', NAMES[2], 'main.tf'));
    const result = await cli(['generate', '--config', fleetCase.configFile, '--out', out, '--only', ` ${NAMES[2]} ,${NAMES[1]}`]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((l) => l.includes('roots/'))).toEqual([`gen-only/roots/${NAMES[1]}/backend.tf`, `gen-only/roots/${NAMES[1]}/main.tf`, `gen-only/roots/${NAMES[2]}/backend.tf`, `gen-only/roots/${NAMES[2]}/main.tf`]);
    expect(result.stderr).toContain('the module and 2 roots');
    expect(result.stderr).not.toContain('note:');
    const after = snapshot(out);
    const expected = snapshot(full);
    expect(after[`roots/${NAMES[0]}/main.tf`]).toBe(`${expected[`roots/${NAMES[0]}/main.tf`]}# edited\n`);
    expect({ ...after, [`roots/${NAMES[0]}/main.tf`]: '' }).toEqual({ ...expected, [`roots/${NAMES[0]}/main.tf`]: '' });
  });

  test('generate --only into an empty folder: the module and that root only', async () => {
    const out = path.join(work, 'gen-one');
    expect((await cli(['generate', '-q', '--config', fleetCase.configFile, '--out', out, '--only', NAMES[1]])).code).toBe(0);
    expect(listFiles(path.join(out, 'roots'))).toEqual([`${NAMES[1]}/backend.tf`, `${NAMES[1]}/main.tf`]);
    expect(fs.existsSync(path.join(out, 'modules', 'ecs-privatelink', 'main.tf'))).toBe(true);
  });

  test('synth --only writes those stacks and keeps the others and their manifest entries', async () => {
    const full = path.join(work, 'synth-full');
    expect((await cli(['synth', '-q', '--config', fleetCase.configFile, '--out', full])).code).toBe(0);
    const out = path.join(work, 'synth-only');
    expect((await cli(['synth', '-q', '--config', fleetCase.configFile, '--out', out, '--only', NAMES[0]])).code).toBe(0);
    expect(listFiles(out).sort()).toEqual(['.ecs-privatelink-synth.json', 'manifest.json', `stacks/ecs-privatelink-${NAMES[0]}/cdk.tf.json`]);
    const result = await cli(['synth', '--json', '-q', '--config', fleetCase.configFile, '--out', out, '--only', `${NAMES[2]},${NAMES[1]}`]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).stacks.map((s: { vpc: string }) => s.vpc)).toEqual([NAMES[1], NAMES[2]]);
    expect(snapshot(out)).toEqual(snapshot(full));
  });

  test.each(['synth', 'generate'])('rejects %s --only with a name not in the fleet: exit 2, one line with a suggestion, nothing written', async (command) => {
    const out = path.join(work, `bad-${command}`);
    const result = await cli([command, '--config', fleetCase.configFile, '--out', out, '--only', `${NAMES[0]},search-prd`]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('read '));
    expect(lines).toEqual([
      `--only ${NAMES[0]},search-prd: "search-prd" is not a VPC of ${fleetCase.configFile}; did you mean "search-prod"?; its VPCs are ${NAMES.join(', ')}`,
      `ecs-privatelink ${command}: 1 problem; nothing was written`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('rejects --only that names nothing, and --only on a single-VPC configuration', async () => {
    const empty = await cli(['synth', '--config', fleetCase.configFile, '--out', path.join(work, 'x'), '--only', ' , ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('names no VPC');
    const single = path.join(work, 'single.yaml');
    fs.copyFileSync(path.join(__dirname, '..', 'privatelink.config.yaml'), single);
    const one = await cli(['generate', '--config', single, '--out', path.join(work, 'y'), '--only', 'a']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('--only a: single.yaml holds one VPC, not a fleet');
    expect(fs.existsSync(path.join(work, 'y'))).toBe(false);
  });
});
