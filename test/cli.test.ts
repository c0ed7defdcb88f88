/**
 * The `ecs-privatelink` command line, end to end: each test runs a command
 * line and looks at the exit code, stdout, stderr and the disk. Most run it in
 * this process (`run(argv, io)`, what the binary calls, with its own working
 * folder and environment): a spawned node costs a third of a second of CPU.
 * The compiled binary (dist/bin/ecs-privatelink.js; `npm test` builds it
 * first) is spawned as a user runs it where the process is the point
 * (--version, --help, usage errors), and on one run of each command, whose
 * exit code, output and files must be those of run() in process.
 *
 * Bad inputs live in test/bad-inputs/: a new case is a new file. A YAML file
 * carries its expected message fragments in `# expect: ` comment lines; the
 * few files that cannot hold comments are in BAD_INPUT_EXPECTATIONS below.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../bin/ecs-privatelink';
import { renderFleet } from '../generators/fleet';
import { renderModule } from '../generators/module';
import { PROFILES, profileEndpoints } from '../lib/model/catalog';
import { count, listed, type Io } from '../bin/cli/context';
import { loadConfig } from '../lib/model/config';
import { loadFleet } from '../lib/model/fleet';
import { fileSchema } from '../lib/model/fleet-schema';
import { CONFIG_SCHEMA } from '../lib/model/schema';
import { version } from '../package.json';
import { CASES_DIR, EXAMPLE_CONFIG, REPO_ROOT } from './support/cases';
import { FLEETS_DIR } from './support/fleets';
import { expectGolden, listFiles } from './support/golden';
import { runInProcess } from './support/run-cli';

const BIN = path.join(REPO_ROOT, 'dist', 'bin', 'ecs-privatelink.js');
const BAD_INPUTS = path.join(REPO_ROOT, 'test', 'bad-inputs');
const SCHEMA_FILE = path.join(REPO_ROOT, 'schema', 'privatelink.config.schema.json');
/** A line of a JavaScript stack trace. */
const STACK_TRACE = /^\s+at .+[:(]/m;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a run: this one's, ECS_PRIVATELINK_CONFIG unset unless `extra` sets it. */
function runEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete env.ECS_PRIVATELINK_CONFIG;
  return Object.assign(env, extra);
}

/** Runs the compiled binary. ECS_PRIVATELINK_CONFIG is unset unless `env` sets it. */
function binary(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
  const env = runEnv(options.env);
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** run(argv, io) in this process, as `binary` runs the compiled binary: the working folder is `cwd` (default the repository), ECS_PRIVATELINK_CONFIG is unset unless `env` sets it. */
function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
  return runInProcess(args, options.cwd ?? REPO_ROOT, runEnv(options.env));
}

const temps: string[] = [];
function tmp(label = 'cli'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ecs-privatelink-${label}-`));
  temps.push(dir);
  return dir;
}

/** Every file under `dir` with its text, for "nothing changed" checks. */
/** A snapshot of synth's output without its record of what it wrote (which `npx cdktf synth` does not write). */
function withoutRecord(snap: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).filter(([rel]) => rel !== '.ecs-privatelink-synth.json'));
}

function snapshot(dir: string): Record<string, string> {
  const read = (file: string) => (fs.lstatSync(file).isSymbolicLink() ? `symbolic link to ${fs.readlinkSync(file)}` : fs.readFileSync(file, 'latin1'));
  return Object.fromEntries(listFiles(dir).sort().map((rel) => [rel, read(path.join(dir, rel))]));
}

/** Asserts the bad-input contract: exit 2, every fragment on stderr, one line per problem and a summary, no stack trace. */
function expectBadInput(result: Result, fragments: string[], command: string): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 2, stderr: expect.any(String) });
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(result.stderr).not.toMatch(STACK_TRACE);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[lines.length - 1]).toMatch(new RegExp(`^${command}: \\d+ problems?( in .+)?; nothing was written$`));
}

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${path.relative(REPO_ROOT, BIN)} is missing; run \`npm run build\` (npm test does it first)`);
});

afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------

/** A run's output with the timings of its progress lines ("synth done in 12 ms", "(1.2 s)") made equal. */
const untimed = (r: Result): Result => ({ ...r, stderr: r.stderr.replace(/\b\d+(\.\d+)? (ms|s)\b/g, '<time>') });

describe('the binary', () => {
  // Each command once through the compiled binary, in a folder of its own, and once in process, in a copy of that
  // folder: the same exit code, stdout and stderr, and the same files afterwards. (The other tests run in process.)
  const MODULE = 'modules/ecs-privatelink';
  const seedModule = async (dir: string) => {
    expect((await cli(['generate', '-q', '--config', EXAMPLE_CONFIG, '--out', MODULE], { cwd: dir })).code).toBe(0);
  };
  const runs: [string, string[], ((dir: string) => Promise<void>)?][] = [
    ['init', ['init', '--profile', 'fargate']],
    ['synth', ['synth', '--config', EXAMPLE_CONFIG, '--out', 'out']],
    ['synth of a fleet, --json', ['synth', '--json', '--config', path.join(FLEETS_DIR, 'three-vpcs', 'config.yaml'), '--out', 'out']],
    ['generate', ['generate', '--config', EXAMPLE_CONFIG, '--out', MODULE]],
    ['generate of a fleet', ['generate', '--config', path.join(FLEETS_DIR, 'three-vpcs', 'config.yaml'), '--out', 'infra']],
    ['check, up to date', ['check', '--config', EXAMPLE_CONFIG, '--dir', MODULE], seedModule],
    ['check, drifted (exit 1)', ['check', '--config', path.join(CASES_DIR, 'fargate', 'config.yaml'), '--dir', MODULE], seedModule],
    ['schema', ['schema']],
    ['cost', ['cost', '--config', EXAMPLE_CONFIG, '--gb-per-month', '6500']],
    ['diagram', ['diagram', '--config', EXAMPLE_CONFIG]],
    ['a usage error (exit 2)', ['synth', '--outt', 'x']],
    ['bad input, --json (exit 2)', ['generate', '--json', '--config', 'missing.yaml']],
  ];
  test.concurrent.each(runs)('%s: the binary exits, prints and writes what run() does in process', async (_, args, seed) => {
    const [spawnedDir, insideDir] = [tmp(), tmp()];
    if (seed) await Promise.all([seed(spawnedDir), seed(insideDir)]);
    const spawned = untimed(await binary(args, { cwd: spawnedDir }));
    const inside = untimed(await cli(args, { cwd: insideDir }));
    expect(spawned).toEqual(inside);
    expect(snapshot(spawnedDir)).toEqual(snapshot(insideDir));
  });
  test('the runs cover every command, and the exit codes 0, 1 and 2', () => {
    const commands = fs.readdirSync(path.join(REPO_ROOT, 'bin', 'commands')).filter((f) => f.endsWith('.ts')).map((f) => path.basename(f, '.ts'));
    const covered = new Set(runs.map(([, args]) => args[0]));
    // doctor reads AWS: test/doctor-cli.test.ts runs it through the binary against a local server.
    expect(commands.filter((c) => !covered.has(c))).toEqual(['doctor']);
  });
  test.concurrent.each([0, 1, 2])('a run of the binary exits with %i', async (code) => {
    const [, args, seed] = runs.find(([name]) => (code === 0 ? name === 'schema' : code === 1 ? name.includes('exit 1') : name.includes('exit 2')))!;
    const dir = tmp();
    if (seed) await seed(dir);
    expect((await binary(args, { cwd: dir })).code).toBe(code);
  });
});

// ---------------------------------------------------------------------------
// The program
// ---------------------------------------------------------------------------

describe('the program', () => {
  test('--version prints the version of package.json', async () => {
    const result = await binary(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('--help lists every command and the exit codes; each command has --help with an example', async () => {
    const result = await binary(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes: 0 done, 1 drift found by check or findings of doctor, 2 bad input or usage');
    const commands = [...result.stdout.split('Commands:')[1].matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]);
    expect(commands).toEqual(expect.arrayContaining(['init', 'synth', 'generate', 'check', 'schema']));
    const helps = await Promise.all(commands.map((command) => cli([command, '--help'])));
    commands.forEach((command, i) => {
      expect({ command, code: helps[i].code, stderr: helps[i].stderr }).toEqual({ command, code: 0, stderr: '' });
      expect(helps[i].stdout).toMatch(/Examples?:\n {2}\$ ecs-privatelink /);
      expect(helps[i].stdout).toContain(`Usage: ecs-privatelink ${command}`);
    });
  });

  test('every module in bin/commands/ is registered', async () => {
    const files = fs.readdirSync(path.join(REPO_ROOT, 'bin', 'commands')).filter((f) => f.endsWith('.ts'));
    const help = (await cli(['--help'])).stdout;
    for (const file of files) expect(help).toMatch(new RegExp(`^ {2}${path.basename(file, '.ts')} `, 'm'));
  });

  test('runs in process too: run(argv, io) returns the exit code', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: BAD_INPUTS, env: {} };
    expect(await run(['schema'], io)).toBe(0);
    expect(out.join('')).toBe(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    out.length = 0;
    expect(await run(['synth', '--config', 'unknown-region.yaml', '--out', path.join(tmp(), 'out')], io)).toBe(2);
    expect(err.join('')).toContain('unknown-region.yaml:3: region: "eu-west-l" is not valid; expected an AWS region name like eu-west-1');
    expect(out).toEqual([]);
  });

  test.each([
    [['synt'], "ecs-privatelink: unknown command 'synt' (did you mean synth?); see `ecs-privatelink --help`"],
    [['synth', '--outt', 'x'], "ecs-privatelink synth: unknown option '--outt' (did you mean --out?); see `ecs-privatelink synth --help`"],
    [['synth', 'extra.yaml'], 'ecs-privatelink synth: too many arguments for \'synth\'. Expected 0 arguments but got 1.'],
    [['check'], "ecs-privatelink check: required option '-d, --dir <dir>' not specified"],
    [['generate', '--config', 'x.yaml', '--out'], "ecs-privatelink generate: option '-o, --out <dir>' argument missing"],
    [['init', '--profile', 'fargte'], '"fargte" is not a known profile; allowed: ec2, fargate, ecr-only; did you mean "fargate"?'],
    [['synth', '--config'], "ecs-privatelink synth: option '-c, --config <file>' argument missing"],
  ])('rejects the usage %j with exit 2 and one line', async (args, message) => {
    const dir = tmp();
    const result = await cli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('rejects no command at all with the help on stderr and exit 2', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: ecs-privatelink [options] [command]');
  });

  test('--json reports usage errors as JSON on stdout', async () => {
    const result = await cli(['synth', '--json', '--bogus']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ exitCode: 2, problems: [{ message: expect.stringContaining("unknown option '--bogus'") }] });
  });
});

// ---------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------

describe('progress lines', () => {
  test('count groups thousands with commas and puts the noun in the plural unless one', () => {
    expect([0, 1, 2, 999, 1000, 12345, 1234567, 10000].map((n) => count(n, 'VPC'))).toEqual([
      '0 VPCs', '1 VPC', '2 VPCs', '999 VPCs', '1,000 VPCs', '12,345 VPCs', '1,234,567 VPCs', '10,000 VPCs',
    ]);
  });
  test('listed names the first five and counts the rest', () => {
    expect(listed(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c, d, e');
    expect(listed(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e, and 2 more');
  });
});

describe('init', () => {
  test.each(PROFILES)('writes a commented starter file for profile %s that loads as it is', async (profile) => {
    const dir = tmp();
    const result = await cli(['init', '--profile', profile], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('privatelink.config.yaml\n');
    expect(result.stderr).toContain(`wrote privatelink.config.yaml (profile ${profile})`);
    const file = path.join(dir, 'privatelink.config.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const spec = loadConfig(file);
    expect(spec.endpoints.map((e) => e.service)).toEqual(profileEndpoints(profile).map((e) => e.service));
    // Every field of the schema is explained (set, or commented out with its explanation).
    for (const field of Object.keys(CONFIG_SCHEMA.properties!)) expect(text).toMatch(new RegExp(`^#? ?${field}:`, 'm'));
    // The editor line points at the schema written beside the file, the committed one.
    const ref = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)![1];
    expect(ref).toBe('./privatelink.config.schema.json');
    expect(fs.readFileSync(path.resolve(dir, ref), 'utf8')).toBe(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  });

  test('the schema reference still works once the file and its schema are moved elsewhere together', async () => {
    const dir = tmp();
    const result = await cli(['init', '--out', 'infra/vpc/privatelink.config.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    const moved = path.join(tmp('moved'), 'elsewhere');
    fs.renameSync(path.join(dir, 'infra', 'vpc'), moved);
    const text = fs.readFileSync(path.join(moved, 'privatelink.config.yaml'), 'utf8');
    const ref = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)![1];
    expect(fs.readFileSync(path.resolve(moved, ref), 'utf8')).toBe(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  });

  test('rejects writing the schema over a file of the same name that is not an ecs-privatelink schema', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'privatelink.config.schema.json'), '{"title":"something else"}\n');
    const refused = await cli(['init'], { cwd: dir });
    expectBadInput(refused, ['privatelink.config.schema.json, which exists and is not an ecs-privatelink schema'], 'ecs-privatelink init');
    expect(fs.readdirSync(dir)).toEqual(['privatelink.config.schema.json']);
  });

  test('prints to stdout with --out -', async () => {
    const dir = tmp();
    const result = await cli(['init', '--profile', 'fargate', '--out', '-'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# yaml-language-server: \$schema=/);
    expect(result.stdout).toContain('profile: fargate');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('rejects an existing file without --force, and overwrites it with --force', async () => {
    const dir = tmp();
    const file = path.join(dir, 'mine.yaml');
    fs.writeFileSync(file, 'region: eu-west-1\n');
    const refused = await cli(['init', '--out', 'mine.yaml'], { cwd: dir });
    expectBadInput(refused, ['--out mine.yaml: already exists; add --force to overwrite it, or choose another --out'], 'ecs-privatelink init');
    expect(fs.readFileSync(file, 'utf8')).toBe('region: eu-west-1\n');
    const forced = await cli(['init', '--out', 'mine.yaml', '--force', '--json'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({ command: 'ecs-privatelink init', file: 'mine.yaml', schema: 'privatelink.config.schema.json', profile: 'ec2' });
    expect(fs.readFileSync(file, 'utf8')).toContain('profile: ec2');
    expect(fs.readdirSync(dir).sort()).toEqual(['mine.yaml', 'privatelink.config.schema.json']);
  });

  test('rejects --out naming a folder, or a path below a file', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'configs'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    expectBadInput(await cli(['init', '--out', 'configs'], { cwd: dir }), ['--out configs: is a folder; name a file'], 'ecs-privatelink init');
    expectBadInput(
      await cli(['init', '--out', 'notes.txt/a.yaml'], { cwd: dir }),
      ['--out notes.txt/a.yaml: cannot be created: notes.txt is a file, not a folder'],
      'ecs-privatelink init',
    );
    expect(snapshot(dir)).toEqual({ 'notes.txt': 'x' });
  });
});

// ---------------------------------------------------------------------------
// synth
// ---------------------------------------------------------------------------

/** What `npx cdktf synth` produces: it runs the app (dist/main.js) with CDKTF_OUTDIR set. */
function cdktfAppSynth(config: string, outdir: string, cwd: string): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'dist', 'main.js')],
      { cwd, env: { ...process.env, ECS_PRIVATELINK_CONFIG: config, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe('synth', () => {
  test.each([
    ['the example', EXAMPLE_CONFIG, 'ecs-privatelink-vpc-0a1b2c3d4e5f67890'],
    ['the fargate case', path.join(CASES_DIR, 'fargate', 'config.yaml'), 'ecs-privatelink-vpc-1a2b3c4d'],
  ])('writes the same files as the CDKTF app (npx cdktf synth) for %s, the stack named after the VPC', async (_, config, stack) => {
    // Both write the local state path relative to the stack's folder (out/ and app/ are as deep), never an absolute one.
    const dir = tmp();
    const [mine, app] = await Promise.all([cli(['synth', '--config', config, '--out', 'out'], { cwd: dir }), cdktfAppSynth(config, path.join(dir, 'app'), dir)]);
    expect(app.code).toBe(0);
    expect(mine.code).toBe(0);
    expect(mine.stdout).toBe(`out/stacks/${stack}/cdk.tf.json\n`);
    // Besides CDKTF's files, the record of what synth wrote (so that it replaces only its own files, and removes stacks of VPCs that left).
    expect(listFiles(path.join(dir, 'out')).sort()).toEqual(['.ecs-privatelink-synth.json', 'manifest.json', `stacks/${stack}/cdk.tf.json`]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'stacks', stack, 'cdk.tf.json'), 'utf8')).terraform.backend).toEqual({ local: { path: `../../../terraform.${stack}.tfstate` } });
    expect(withoutRecord(snapshot(path.join(dir, 'out')))).toEqual(snapshot(path.join(dir, 'app')));
  });

  test('the app (npx cdktf synth) with an output folder it cannot make: one line naming it and why, exit 2, no stack trace', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const cases: [string, RegExp][] = [
      [path.join(dir, 'missing', 'out'), /a folder of its path does not exist; create it/],
      [path.join(dir, 'a-file', 'out'), /: a folder in the path is a file; choose another path$/],
    ];
    for (const [outdir, why] of cases) {
      const app = await cdktfAppSynth(EXAMPLE_CONFIG, outdir, dir);
      expect(app.code).toBe(2);
      expect(app.stdout).toBe('');
      const lines = app.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(why);
      expect(lines[0].startsWith(`ecs-privatelink: ${outdir}: the stacks cannot be written there (CDKTF_OUTDIR, the output folder): `)).toBe(true);
    }
    expect(fs.readdirSync(dir)).toEqual(['a-file']);
  });

  test('reports progress with timing on stderr; --quiet silences it; --json describes the result', async () => {
    const dir = tmp();
    const loud = await cli(['synth', '--config', EXAMPLE_CONFIG, '--out', 'a'], { cwd: dir });
    expect(loud.stderr).toMatch(/^read .*privatelink\.config\.yaml: eu-west-1, vpc-0a1b2c3d4e5f67890, 6 endpoints \(ecr\.api, /m);
    expect(loud.stderr).toMatch(/^wrote a\/manifest\.json, a\/stacks\/ecs-privatelink-vpc-0a1b2c3d4e5f67890\/cdk\.tf\.json$/m);
    expect(loud.stderr).toMatch(/^synth done in \d+(\.\d+)? (ms|s)$/m);
    const quiet = await cli(['synth', '-q', '--config', EXAMPLE_CONFIG, '--out', 'b'], { cwd: dir });
    expect(quiet).toEqual({ code: 0, stdout: 'b/stacks/ecs-privatelink-vpc-0a1b2c3d4e5f67890/cdk.tf.json\n', stderr: '' });
    const json = await cli(['synth', '--config', EXAMPLE_CONFIG, '--out', 'c', '--json', '--quiet'], { cwd: dir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      command: 'ecs-privatelink synth',
      config: EXAMPLE_CONFIG,
      stack: 'ecs-privatelink-vpc-0a1b2c3d4e5f67890',
      outdir: 'c',
      stackFile: 'c/stacks/ecs-privatelink-vpc-0a1b2c3d4e5f67890/cdk.tf.json',
      files: ['c/manifest.json', 'c/stacks/ecs-privatelink-vpc-0a1b2c3d4e5f67890/cdk.tf.json'],
      endpoints: ['ecr_api', 'ecr_dkr', 's3', 'ecs', 'ecs_agent', 'ecs_telemetry'],
      removedStacks: [],
      keptStacks: [],
    });
  });

  test('reads $ECS_PRIVATELINK_CONFIG, else ./privatelink.config.yaml, and writes cdktf.out by default', async () => {
    const dir = tmp();
    const fromEnv = await cli(['synth', '-q'], { cwd: dir, env: { ECS_PRIVATELINK_CONFIG: path.join(CASES_DIR, 'fargate', 'config.yaml') } });
    expect(fromEnv).toEqual({ code: 0, stdout: 'cdktf.out/stacks/ecs-privatelink-vpc-1a2b3c4d/cdk.tf.json\n', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'cdktf.out/stacks/ecs-privatelink-vpc-1a2b3c4d/cdk.tf.json'), 'utf8')).toContain('logs');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'privatelink.config.yaml'));
    const fromCwd = await cli(['synth', '--out', 'x'], { cwd: dir });
    expect(fromCwd.code).toBe(0);
    expect(fromCwd.stderr).toMatch(/^read privatelink\.config\.yaml: /m);
    const missing = await cli(['synth'], { cwd: tmp() });
    expectBadInput(missing, ['privatelink.config.yaml: no such file; create one with `ecs-privatelink init`'], 'ecs-privatelink synth');
  });
});

// ---------------------------------------------------------------------------
// generate and check
// ---------------------------------------------------------------------------

describe('generate and check', () => {
  let rendered: Map<string, string>;
  let generated: string;

  beforeAll(async () => {
    rendered = await renderModule(loadConfig(EXAMPLE_CONFIG));
    generated = path.join(tmp('generate'), 'modules', 'ecs-privatelink');
    const result = await cli(['generate', '--config', EXAMPLE_CONFIG, '--out', generated]);
    expect(result.stderr).not.toMatch(/problem|error/);
    expect(result.code).toBe(0);
  });

  test('generate writes exactly what renderModule renders, and lists the files', async () => {
    expect(listFiles(generated).sort()).toEqual([...rendered.keys()].sort());
    for (const [rel, text] of rendered) expect({ rel, text: fs.readFileSync(path.join(generated, rel), 'utf8') }).toEqual({ rel, text });
    const dir = tmp();
    const again = await cli(['generate', '--config', EXAMPLE_CONFIG, '--out', 'mod', '--json', '-q'], { cwd: dir });
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json).toEqual({ command: 'ecs-privatelink generate', config: EXAMPLE_CONFIG, dir: 'mod', files: [...rendered.keys()].sort().map((rel) => `mod/${rel}`) });
  });

  test('generate overwrites its own files, refuses a folder with other files unless --force', async () => {
    const dir = tmp();
    fs.cpSync(generated, path.join(dir, 'mod'), { recursive: true });
    expect((await cli(['generate', '-q', '--config', EXAMPLE_CONFIG, '--out', 'mod'], { cwd: dir })).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'mod', 'mine.tf'), '# my own file\n');
    const before = snapshot(dir);
    const refused = await cli(['generate', '--config', EXAMPLE_CONFIG, '--out', 'mod'], { cwd: dir });
    expectBadInput(
      refused,
      ['--out mod: holds 1 file that ecs-privatelink did not generate (mine.tf); move it elsewhere, choose another --out, or add --force to replace the folder (which deletes it)'],
      'ecs-privatelink generate',
    );
    expect(snapshot(dir)).toEqual(before);
    const forced = await cli(['generate', '-q', '--config', EXAMPLE_CONFIG, '--out', 'mod', '--force'], { cwd: dir });
    expect(forced).toEqual({ code: 0, stdout: expect.stringContaining('mod/main.tf\n'), stderr: '' });
    expect(fs.existsSync(path.join(dir, 'mod', 'mine.tf'))).toBe(false);
  });

  test.each([
    ['a .tf file in a subfolder', 'examples/mine.tf', (dir: string) => fs.writeFileSync(path.join(dir, 'examples', 'mine.tf'), '# my own example\n')],
    ['a .md file at the top', 'notes.md', (dir: string) => fs.writeFileSync(path.join(dir, 'notes.md'), '# notes\n')],
    ['a .md file in a folder of its own', 'docs/notes.md', (dir: string) => {
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.writeFileSync(path.join(dir, 'docs', 'notes.md'), '# notes\n');
    }],
    ['a symbolic link to a generated file', 'link.tf', (dir: string) => fs.symlinkSync('main.tf', path.join(dir, 'link.tf'))],
    ['a symbolic link to a folder', 'tests/shared', (dir: string) => fs.symlinkSync('..', path.join(dir, 'tests', 'shared'))],
    ['an empty folder', 'mine/', (dir: string) => fs.mkdirSync(path.join(dir, 'mine'))],
    ['a copy of a generated file without its marker line', 'tests/plan.tftest.hcl', (dir: string) => {
      const file = path.join(dir, 'tests', 'plan.tftest.hcl');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').split('\n').slice(1).join('\n'));
    }],
  ])('rejects a folder holding %s (%s) that it did not generate: exit 2, names it, changes nothing; --force replaces it', async (_, rel, make) => {
    const dir = tmp();
    fs.cpSync(generated, path.join(dir, 'mod'), { recursive: true });
    make(path.join(dir, 'mod'));
    const before = snapshot(dir);
    const refused = await cli(['generate', '--config', EXAMPLE_CONFIG, '--out', 'mod'], { cwd: dir });
    expectBadInput(refused, [`--out mod: holds 1 file that ecs-privatelink did not generate (${rel}); move it elsewhere`], 'ecs-privatelink generate');
    expect(snapshot(dir)).toEqual(before);
    expect(fs.lstatSync(path.join(dir, 'mod', rel), { throwIfNoEntry: false })).toBeDefined();
    const forced = await cli(['generate', '-q', '--config', EXAMPLE_CONFIG, '--out', 'mod', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(listFiles(path.join(dir, 'mod')).sort()).toEqual([...rendered.keys()].sort());
  });

  test('check exits 0 and prints nothing on stdout when the folder is up to date', async () => {
    const result = await cli(['check', '--dir', generated, '--config', EXAMPLE_CONFIG]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`is up to date with privatelink.config.yaml (${rendered.size} files)`);
  });

  test('check ignores Terraform working files', async () => {
    const dir = path.join(tmp(), 'mod');
    fs.cpSync(generated, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, '.terraform', 'providers'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.terraform', 'providers', 'x'), 'x');
    fs.writeFileSync(path.join(dir, '.terraform.lock.hcl'), '# lock\n');
    fs.writeFileSync(path.join(dir, 'examples', 'complete', 'terraform.tfstate'), '{}');
    expect((await cli(['check', '-q', '--dir', dir, '--config', EXAMPLE_CONFIG])).code).toBe(0);
  });

  test('check exits 1 on drift and prints a unified diff: different, missing and extra files', async () => {
    const dir = tmp();
    fs.cpSync(generated, path.join(dir, 'mod'), { recursive: true });
    const main = path.join(dir, 'mod', 'main.tf');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('resource "aws_vpc_endpoint" "this" {', 'resource "aws_vpc_endpoint" "this" {\n  # hand edit'));
    fs.rmSync(path.join(dir, 'mod', 'README.md'));
    fs.writeFileSync(path.join(dir, 'mod', 'old.tf'), 'locals {}\n');
    const before = snapshot(dir);
    const result = await cli(['check', '--dir', 'mod', '--config', EXAMPLE_CONFIG], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('--- a/mod/main.tf\n+++ b/mod/main.tf\n@@ ');
    expect(result.stdout).toContain('\n-  # hand edit\n');
    expect(result.stdout).toContain('--- /dev/null\n+++ b/mod/README.md\n');
    expect(result.stdout).toContain('--- a/mod/old.tf\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-locals {}\n');
    expect(result.stderr).toContain(
      `ecs-privatelink check: mod has drifted from ${EXAMPLE_CONFIG}: 1 different (main.tf), 1 missing (README.md), 1 extra (old.tf); regenerate it with: ecs-privatelink generate --config ${EXAMPLE_CONFIG} --out mod --force (which deletes old.tf)`,
    );
    expect(snapshot(dir)).toEqual(before);
    // The diff applies: patch turns the folder into the render.
    const json = await cli(['check', '--json', '-q', '--dir', 'mod', '--config', EXAMPLE_CONFIG], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      command: 'ecs-privatelink check',
      config: EXAMPLE_CONFIG,
      dir: 'mod',
      identical: false,
      missing: ['README.md'],
      extra: ['old.tf'],
      different: ['main.tf'],
      unexpected: [],
      diff: result.stdout,
    });
  });

  test('check drifts when the configuration changes', async () => {
    const result = await cli(['check', '-q', '--dir', generated, '--config', path.join(CASES_DIR, 'fargate', 'config.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^[-+].*fargate|^[-+].*logs/m);
  });

  test('rejects a --dir that is missing or a file, with exit 2', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'main.tf'), '');
    expectBadInput(
      await cli(['check', '--dir', 'nope', '--config', EXAMPLE_CONFIG], { cwd: dir }),
      [`--dir nope: no such folder; write it with: ecs-privatelink generate --config ${EXAMPLE_CONFIG} --out nope`],
      'ecs-privatelink check',
    );
    expectBadInput(await cli(['check', '--dir', 'main.tf', '--config', EXAMPLE_CONFIG], { cwd: dir }), ['--dir main.tf: is a file, not a folder'], 'ecs-privatelink check');
    expect(fs.readdirSync(dir)).toEqual(['main.tf']);
  });
});

// ---------------------------------------------------------------------------
// fleets
// ---------------------------------------------------------------------------

describe('fleets', () => {
  const FLEET = path.join(FLEETS_DIR, 'three-vpcs', 'config.yaml');
  const STACKS = ['ecs-privatelink-payments-prod', 'ecs-privatelink-payments-staging', 'ecs-privatelink-search-prod'];

  test('synth writes one stack per VPC, the same files as the CDKTF app, and describes them with --json', async () => {
    const dir = tmp();
    const [mine, app] = await Promise.all([cli(['synth', '--config', FLEET, '--out', 'out'], { cwd: dir }), cdktfAppSynth(FLEET, path.join(dir, 'app'), dir)]);
    expect(app.code).toBe(0);
    expect(mine.code).toBe(0);
    expect(mine.stdout).toBe(STACKS.map((s) => `out/stacks/${s}/cdk.tf.json\n`).join(''));
    expect(mine.stderr).toMatch(/^read .*config\.yaml: a fleet of 3 VPCs \(payments-prod, payments-staging, search-prod\) in 2 regions \(eu-west-1, us-east-1\)$/m);
    expect(listFiles(path.join(dir, 'out')).sort()).toEqual(['.ecs-privatelink-synth.json', 'manifest.json', ...STACKS.map((s) => `stacks/${s}/cdk.tf.json`)]);
    expect(withoutRecord(snapshot(path.join(dir, 'out')))).toEqual(snapshot(path.join(dir, 'app')));
    const json = await cli(['synth', '-q', '--json', '--config', FLEET, '--out', 'j'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toEqual({
      command: 'ecs-privatelink synth',
      config: FLEET,
      outdir: 'j',
      stacks: [
        { vpc: 'payments-prod', stack: STACKS[0], stackFile: `j/stacks/${STACKS[0]}/cdk.tf.json`, region: 'eu-west-1', endpoints: ['ecr_api', 'ecr_dkr', 's3', 'ecs', 'ecs_agent', 'ecs_telemetry'] },
        { vpc: 'payments-staging', stack: STACKS[1], stackFile: `j/stacks/${STACKS[1]}/cdk.tf.json`, region: 'eu-west-1', endpoints: ['ecr_api', 'ecr_dkr', 's3', 'logs'] },
        { vpc: 'search-prod', stack: STACKS[2], stackFile: `j/stacks/${STACKS[2]}/cdk.tf.json`, region: 'us-east-1', endpoints: ['ecr_api', 'ecr_dkr', 's3', 'logs', 'ssm'] },
      ],
      files: ['j/manifest.json', ...STACKS.map((s) => `j/stacks/${s}/cdk.tf.json`)],
      removedStacks: [],
      keptStacks: [],
    });
  });

  test('generate writes the module and one root per VPC (by default into the working folder); check finds them up to date, then drifted', async () => {
    const rendered = await renderFleet(loadFleet(FLEET));
    const dir = tmp();
    const result = await cli(['generate', '-q', '--config', FLEET], { cwd: dir });
    expect(result).toEqual({ code: 0, stdout: [...rendered.keys()].sort().map((rel) => `${rel}\n`).join(''), stderr: '' });
    expect(snapshot(dir)).toEqual(Object.fromEntries([...rendered].sort(([a], [b]) => (a < b ? -1 : 1))));
    expect((await cli(['check', '-q', '--dir', '.', '--config', FLEET], { cwd: dir })).code).toBe(0);

    // A root is a Terraform working directory: its other files are the user's and stay.
    fs.writeFileSync(path.join(dir, 'roots', 'search-prod', 'terraform.tfvars'), 'a = 1\n');
    fs.writeFileSync(path.join(dir, 'roots', 'search-prod', 'terraform.tfstate'), '{}');
    expect((await cli(['check', '-q', '--dir', '.', '--config', FLEET], { cwd: dir })).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'roots', 'payments-prod', 'main.tf'), '# an edit\n');
    const drift = await cli(['check', '-q', '--dir', '.', '--config', FLEET], { cwd: dir });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('--- a/./roots/payments-prod/main.tf');
    expect(drift.stderr).toContain('1 different (roots/payments-prod/main.tf); regenerate it with: ecs-privatelink generate');
    expect((await cli(['generate', '-q', '--config', FLEET, '--out', '.'], { cwd: dir })).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'roots', 'search-prod', 'terraform.tfvars'), 'utf8')).toBe('a = 1\n');
    expect(fs.readFileSync(path.join(dir, 'roots', 'search-prod', 'backend.tf'), 'utf8')).toBe(rendered.get('roots/search-prod/backend.tf'));
    expect((await cli(['check', '-q', '--dir', '.', '--config', FLEET], { cwd: dir })).code).toBe(0);
  });

  test('generate names the root of a VPC that left the configuration and leaves it; check counts it as extra', async () => {
    const dir = tmp();
    expect((await cli(['generate', '-q', '--config', FLEET, '--out', 'infra'], { cwd: dir })).code).toBe(0);
    fs.cpSync(path.join(dir, 'infra', 'roots', 'search-prod'), path.join(dir, 'infra', 'roots', 'old-vpc'), { recursive: true });
    const again = await cli(['generate', '-q', '--config', FLEET, '--out', 'infra'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(
      `ecs-privatelink generate: note: infra/roots/old-vpc is a generated root of no VPC in ${FLEET}; it was left alone: destroy what it deployed (terraform -chdir=infra/roots/old-vpc destroy), then delete the folder\n`,
    );
    const check = await cli(['check', '-q', '--dir', 'infra', '--config', FLEET], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stderr).toBe(
      `ecs-privatelink check: infra has drifted from ${FLEET}: 2 extra (roots/old-vpc/backend.tf, roots/old-vpc/main.tf); roots/old-vpc is the root of no VPC in the configuration: destroy what it deployed, then delete it\n`,
    );
  });

  test('rejects, for a fleet, a root that declares a backend of its own (in backend.tf or another file), writing nothing', async () => {
    const dir = tmp();
    expect((await cli(['generate', '-q', '--config', FLEET, '--out', 'infra'], { cwd: dir })).code).toBe(0);
    const before = snapshot(dir);
    const own = 'terraform {\n  backend "s3" {}\n}\n';
    fs.writeFileSync(path.join(dir, 'infra', 'roots', 'search-prod', 'state.tf'), own);
    expectBadInput(
      await cli(['generate', '-q', '--config', FLEET, '--out', 'infra'], { cwd: dir }),
      ['--out infra: roots/search-prod/state.tf declares a backend of its own; generate now writes each root\'s backend to backend.tf from backend in the configuration'],
      'ecs-privatelink generate',
    );
    fs.rmSync(path.join(dir, 'infra', 'roots', 'search-prod', 'state.tf'));
    fs.writeFileSync(path.join(dir, 'infra', 'roots', 'search-prod', 'backend.tf'), own);
    expectBadInput(
      await cli(['generate', '-q', '--config', FLEET, '--out', 'infra'], { cwd: dir }),
      ['--out infra: holds 1 file that ecs-privatelink did not generate where it writes (roots/search-prod/backend.tf); generate now writes backend.tf from backend in the configuration'],
      'ecs-privatelink generate',
    );
    expect(fs.readFileSync(path.join(dir, 'infra', 'roots', 'search-prod', 'backend.tf'), 'utf8')).toBe(own);
    fs.rmSync(path.join(dir, 'infra', 'roots', 'search-prod', 'backend.tf'));
    expect((await cli(['generate', '-q', '--config', FLEET, '--out', 'infra'], { cwd: dir })).code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  test('rejects, for a fleet, an --out that holds a generated module, and a root main.tf that is not generated, writing nothing', async () => {
    const dir = tmp();
    expect((await cli(['generate', '-q', '--config', EXAMPLE_CONFIG, '--out', 'modules/ecs-privatelink'], { cwd: dir })).code).toBe(0);
    const before = snapshot(dir);
    expectBadInput(
      await cli(['generate', '--config', FLEET, '--out', 'modules/ecs-privatelink'], { cwd: dir }),
      ['--out modules/ecs-privatelink: holds a generated module (versions.tf, variables.tf); for a fleet, --out is the folder that gets modules/ecs-privatelink and roots/<name>'],
      'ecs-privatelink generate',
    );
    fs.mkdirSync(path.join(dir, 'roots', 'payments-prod'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'roots', 'payments-prod', 'main.tf'), '# my own root\n');
    const mine = snapshot(dir);
    expectBadInput(
      await cli(['generate', '--config', FLEET], { cwd: dir }),
      ['--out .: holds 1 file that ecs-privatelink did not generate where it writes (roots/payments-prod/main.tf)'],
      'ecs-privatelink generate',
    );
    expect(snapshot(dir)).toEqual(mine);
    expect(Object.keys(mine)).toEqual([...Object.keys(before), 'roots/payments-prod/main.tf']);
  });
});

// ---------------------------------------------------------------------------
// schema
// ---------------------------------------------------------------------------

describe('schema', () => {
  test('prints the JSON Schema, which is committed as schema/privatelink.config.schema.json', async () => {
    const result = await cli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expectGolden(SCHEMA_FILE, result.stdout);
    const schema = JSON.parse(result.stdout);
    expect(schema).toEqual(JSON.parse(JSON.stringify(fileSchema())));
    expect(schema.$defs.vpc.properties).toEqual(JSON.parse(JSON.stringify(CONFIG_SCHEMA.properties)));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  test('describes every field, and every field of the example and the test cases is in it', () => {
    const props = CONFIG_SCHEMA.properties!;
    for (const [name, field] of Object.entries(props)) expect({ name, described: Boolean(field.description) }).toEqual({ name, described: true });
    const configs = [EXAMPLE_CONFIG, ...fs.readdirSync(CASES_DIR).map((c) => path.join(CASES_DIR, c, 'config.yaml')).filter((f) => fs.existsSync(f))];
    for (const config of configs) {
      const keys = [...fs.readFileSync(config, 'utf8').matchAll(/^([A-Za-z]+):/gm)].map((m) => m[1]);
      for (const key of keys) expect({ config, key, known: key in props }).toEqual({ config, key, known: true });
    }
  });
});

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

/** Expected fragments of the inputs that cannot carry `# expect:` comments. */
const BAD_INPUT_EXPECTATIONS: Record<string, string[]> = {
  'empty.yaml': ['empty.yaml: is empty; it needs at least region and vpcId (`ecs-privatelink init` writes a commented starter file)'],
  'json-nested-too-deep.json': ['json-nested-too-deep.json:1: is not valid JSON: nests maps or lists deeper than 100 levels, past which it is not read; a configuration needs a few (column 132)'],
  'invalid-json.json': ['invalid-json.json:5: is not valid JSON: expected a property name in double quotes (a trailing comma?), found "}" (column 1)'],
  'unknown-field.json': ['unknown-field.json:6: routeTableId: is not a known field; known fields: region, vpcId,', 'did you mean "routeTableIds"?'],
  'wrong-top-level-type.json': ['wrong-top-level-type.json:1: the file holds a list; expected a map of settings like "region: eu-west-1"'],
};

function expectedFragments(name: string): string[] {
  const fromComments = fs
    .readFileSync(path.join(BAD_INPUTS, name), 'latin1')
    .split('\n')
    .filter((l) => l.startsWith('# expect: '))
    .map((l) => l.slice('# expect: '.length));
  return [...fromComments, ...(BAD_INPUT_EXPECTATIONS[name] ?? [])];
}

const BAD_FILES = fs.readdirSync(BAD_INPUTS).sort();

describe('bad input', () => {
  test('there are at least 25 bad input files, each with expected messages', () => {
    expect(BAD_FILES.length).toBeGreaterThanOrEqual(25);
    for (const name of BAD_FILES) expect({ name, fragments: expectedFragments(name).length > 0 }).toEqual({ name, fragments: true });
  });

  // In process (run(argv, io), what the binary calls): a spawned node per file cost a third of a
  // second of CPU each. The binary itself gives the same result: see the next test.
  test.each(BAD_FILES)('rejects %s: exit 2, the message, one line per problem, nothing written', async (name) => {
    const out = path.join(tmp('bad'), 'out');
    const result = await cli(['synth', '--config', name, '--out', out], { cwd: BAD_INPUTS });
    expectBadInput(result, expectedFragments(name), 'ecs-privatelink synth');
    const lines = result.stderr.trimEnd().split('\n');
    for (const line of lines.slice(0, -1)) expect(line.startsWith(`${name}:`)).toBe(true);
    expect(lines[lines.length - 1]).toContain(` in ${name}; nothing was written`);
    expect(result.stdout).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });

  // One file of each kind of failure: YAML and JSON syntax, binary content, an alias bomb, the schema, a rule, several problems, a fleet, an empty file.
  const SPAWNED = ['invalid-yaml.yaml', 'invalid-json.json', 'binary.yaml', 'yaml-alias-bomb.yaml', 'unknown-field.json', 'unknown-region.yaml', 'several-problems.yaml', 'fleet-rules.yaml', 'empty.yaml'];
  test('the files the binary is run on are bad input files', () => {
    for (const name of SPAWNED) expect(BAD_FILES).toContain(name);
  });
  test.concurrent.each(SPAWNED)(
    'the binary rejects %s exactly as run() does in process: the same exit code, stdout and stderr',
    async (name) => {
      const outOf = (label: string) => path.join(tmp('bad'), label);
      const spawned = await binary(['synth', '--config', name, '--out', outOf('spawned')], { cwd: BAD_INPUTS });
      const inside = await cli(['synth', '--config', name, '--out', outOf('inside')], { cwd: BAD_INPUTS });
      expect(spawned.code).toBe(2);
      expect(spawned).toEqual(inside);
    },
  );

  // Every file with an entry listed twice goes through generate too: the module path reads the same rules.
  test.concurrent.each(['unknown-region.yaml', 'two-subnets-one-zone.yaml', 'invalid-json.json', ...BAD_FILES.filter((f) => f.startsWith('duplicate-'))])(
    'rejects %s the same way in generate and check, and --json lists the problems',
    async (name) => {
      const out = path.join(tmp('bad'), 'module');
      const generate = await cli(['generate', '--config', name, '--out', out], { cwd: BAD_INPUTS });
      expectBadInput(generate, expectedFragments(name), 'ecs-privatelink generate');
      expect(fs.existsSync(out)).toBe(false);
      const existing = path.join(tmp('bad'), 'module');
      fs.mkdirSync(existing);
      fs.writeFileSync(path.join(existing, 'main.tf'), '# mine\n');
      const check = await cli(['check', '--config', name, '--dir', existing, '--json'], { cwd: BAD_INPUTS });
      expectBadInput(check, expectedFragments(name), 'ecs-privatelink check');
      const json = JSON.parse(check.stdout);
      expect(json).toEqual({ command: 'ecs-privatelink check', exitCode: 2, problems: expect.any(Array) });
      expect(json.problems[0]).toEqual(expect.objectContaining({ file: name, message: expect.any(String) }));
      expect(snapshot(existing)).toEqual({ 'main.tf': '# mine\n' });
    },
  );

  describe('paths', () => {
    let dir: string;
    beforeAll(() => {
      dir = tmp('paths');
      fs.writeFileSync(path.join(dir, 'a-file'), 'x');
      fs.mkdirSync(path.join(dir, 'a-folder'));
      fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'good.yaml'));
    });
    afterEach(() => {
      // Nothing was written: the folder holds what beforeAll put there, no more.
      expect(fs.readdirSync(dir).sort()).toEqual(['a-file', 'a-folder', 'good.yaml']);
      expect(fs.readdirSync(path.join(dir, 'a-folder'))).toEqual([]);
    });

    test.each([
      ['a missing configuration file', ['synth', '--config', 'nope.yaml', '--out', 'out'], 'nope.yaml: no such file; create one with `ecs-privatelink init` or point ECS_PRIVATELINK_CONFIG at an existing file'],
      ['a folder as configuration', ['synth', '--config', 'a-folder', '--out', 'out'], 'a-folder: is a folder, not a configuration file; name a .yaml, .yml or .json file'],
      ['a configuration below a file', ['synth', '--config', 'a-file/c.yaml', '--out', 'out'], 'a-file/c.yaml: no such file: a folder in the path is a file; check the path'],
      ['a device as configuration', ['synth', '--config', '/dev/null', '--out', 'out'], '/dev/null: is not a regular file (a device, pipe or socket)'],
      ['synth --out pointing at a file', ['synth', '--config', 'good.yaml', '--out', 'a-file'], '--out a-file: is a file, not a folder; name a folder (it is created if missing)'],
      ['synth --out below a file (unwritable)', ['synth', '--config', 'good.yaml', '--out', 'a-file/out'], '--out a-file/out: cannot be created: a-file is a file, not a folder'],
      ['synth --out where no folder can be made, even as root', ['synth', '--config', 'good.yaml', '--out', '/proc/ecs-privatelink/out'], '--out /proc/ecs-privatelink/out: cannot be created in /proc: the file system does not allow new files there'],
      ['generate --out pointing at a file', ['generate', '--config', 'good.yaml', '--out', 'a-file'], '--out a-file: is a file, not a folder'],
      ['generate --out below a file (unwritable)', ['generate', '--config', 'good.yaml', '--out', 'a-file/module'], '--out a-file/module: cannot be created: a-file is a file, not a folder'],
      ['init --out below a file (unwritable)', ['init', '--out', 'a-file/x.yaml'], '--out a-file/x.yaml: cannot be created: a-file is a file, not a folder'],
    ])('rejects %s', async (_, args, message) => {
      const command = `ecs-privatelink ${args[0]}`;
      expectBadInput(await cli(args, { cwd: dir }), [message], command);
    });
  });
});

// ---------------------------------------------------------------------------
// npm start (the CDKTF app) with bad input
// ---------------------------------------------------------------------------

test('npm start with a bad ECS_PRIVATELINK_CONFIG prints the problems, exits 2 and writes no cdktf.out', async () => {
  // In a copy of the sources, so that its build does not rewrite dist/ under the other tests' feet.
  const copy = tmp('start');
  for (const entry of ['package.json', 'tsconfig.json', 'main.ts', 'lib', 'bin', 'generators', 'templates', 'scripts']) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  const config = path.join(BAD_INPUTS, 'several-problems.yaml');
  const result = await new Promise<Result>((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ECS_PRIVATELINK_CONFIG: config };
    delete env.CDKTF_OUTDIR;
    execFile('npm', ['start', '--silent'], { cwd: copy, env }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }));
  });
  expect(fs.existsSync(path.join(copy, 'dist', 'main.js'))).toBe(true);
  expect(result.code).toBe(2);
  for (const fragment of expectedFragments('several-problems.yaml')) expect(result.stderr).toContain(fragment.replace(/^several-problems\.yaml/, config));
  expect(result.stderr).toContain(`6 problems in ${config}; nothing was written`);
  expect(result.stderr).not.toMatch(STACK_TRACE);
  expect(fs.existsSync(path.join(copy, 'cdktf.out'))).toBe(false);
});
