/**
 * `npm run bench`: wall time and peak memory of the command line, against
 * the baselines users would otherwise get, of fleets of 1 to 10,000 VPCs
 * (BENCH_FLEETS), and of the everyday loop (npm start, npx cdktf synth)
 * before and after the incremental build (BENCH_LOOP=0 skips it).
 * Not part of `npm test`.
 *
 * Every measurement is a fresh process, run BENCH_RUNS times (default 5)
 * after one unmeasured warm-up run (file cache); the tables give the median,
 * min and max. Wall time is measured around the process; peak memory is its
 * maximum resident set size, from GNU time (`/usr/bin/time -f %M`) or, where
 * that is missing, from `process.resourceUsage().maxRSS` of every Node.js
 * process of the run (a --require hook), taking the largest. For a run of
 * several processes (npx) that is the largest single process.
 *
 * Writes BENCHMARKS.md in the repository root and prints it.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'bin', 'ecs-privatelink.js');
const APP = path.join(ROOT, 'dist', 'main.js');
const ROOT_IMPORT_APP = path.join(ROOT, 'dist', 'bench', 'root-import-app.js');
const EXAMPLE = path.join(ROOT, 'privatelink.config.yaml');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const FLEET_SIZES = (process.env.BENCH_FLEETS ?? '1,10,100,1000,10000').split(',').map(Number);
/** Fleets of this many VPCs or more are measured BENCH_RUNS_LARGE times (default 3: one run is at the mercy of the host's speed), without a warm-up: a 10,000-VPC synth takes a while. */
const LARGE_FLEET = 5000;
const RUNS_LARGE = Math.max(1, Number(process.env.BENCH_RUNS_LARGE ?? 3));
const GNU_TIME = '/usr/bin/time';

const TARGETS = {
  exampleSeconds: 0.5,
  exampleMb: 150,
  speedupOverCdktf: 5,
  fleet1000Seconds: 20,
  fleet1000Mb: 1024,
  fleet10000Seconds: 30,
  fleet10000Mb: 1024,
  /** The whole suite (issue 16), wall time. */
  suiteSeconds: 180,
  /** npm start on an unchanged tree: at most this many times its work (synth + generate). */
  startOverWork: 2,
  /** npm start after a one-file edit: under the 5.2 s of the full tsc build (issue 16). */
  startAfterEditSeconds: 5.2,
};

interface Sample {
  seconds: number;
  mb: number;
  /** User plus system CPU time: less sensitive than wall time to other work on the machine. */
  cpu: number;
}

interface Measurement {
  label: string;
  command: string;
  samples: Sample[];
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-bench-'));
/** GNU time, unless missing (or BENCH_NO_GNU_TIME=1, to try the fallback). */
const hasGnuTime = process.env.BENCH_NO_GNU_TIME !== '1' && fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

/** A --require hook for machines without GNU time: each Node.js process appends its peak RSS (KB) to $BENCH_RSS_FILE. */
const rssHook = path.join(work, 'rss-hook.js');
fs.writeFileSync(
  rssHook,
  "process.on('exit', () => { const u = process.resourceUsage(); require('fs').appendFileSync(process.env.BENCH_RSS_FILE, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}\\n`); });\n",
);

/** Runs `command args` once in a fresh process: wall seconds and peak RSS in MB. Throws when it fails. */
function runOnce(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Sample {
  const rssFile = path.join(work, `rss-${process.hrtime.bigint()}`);
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', ...options.env };
  let argv: [string, string[]];
  if (hasGnuTime) {
    argv = [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]];
  } else {
    env.BENCH_RSS_FILE = rssFile;
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${rssHook}`.trim();
    argv = [command, args];
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv[1], { cwd: options.cwd ?? ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  }
  // One line per process: peak RSS in KB, user and system seconds (GNU time may write a "Command exited" line first).
  const rows = fs
    .readFileSync(rssFile, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((row) => row.length === 3 && row.every(Number.isFinite));
  fs.rmSync(rssFile, { force: true });
  return { seconds, mb: Math.max(...rows.map((r) => r[0])) / 1024, cpu: rows.reduce((sum, r) => sum + r[1] + r[2], 0) };
}

/** One warm-up run (unless `runs` is given), then RUNS (or `runs`) measured runs, each after `before` (which is not measured). */
function measure(
  label: string,
  shown: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; before?: () => void; runs?: number } = {},
): Measurement {
  process.stderr.write(`bench: ${label} `);
  if (options.runs === undefined) {
    options.before?.();
    runOnce(command, args, options);
  }
  const samples: Sample[] = [];
  for (let i = 0; i < (options.runs ?? RUNS); i++) {
    options.before?.();
    samples.push(runOnce(command, args, options));
    process.stderr.write('.');
  }
  const m = { label, command: shown, samples };
  process.stderr.write(` ${fmtSeconds(median(m.samples.map((s) => s.seconds)))}, ${fmtMb(median(m.samples.map((s) => s.mb)))}\n`);
  return m;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmtSeconds = (s: number) => (s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);
const fmtMb = (mb: number) => `${Math.round(mb)} MB`;
const seconds = (m: Measurement) => median(m.samples.map((s) => s.seconds));
const mb = (m: Measurement) => median(m.samples.map((s) => s.mb));
const cpu = (m: Measurement) => median(m.samples.map((s) => s.cpu));
const range = (values: number[], f: (n: number) => string) => `${f(Math.min(...values))} – ${f(Math.max(...values))}`;

// ---------------------------------------------------------------------------
// Synthetic fleets
// ---------------------------------------------------------------------------

const FLEET_REGIONS = ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-southeast-2'];

/** A fleet of `n` VPCs over four regions, every other one with a role to assume: the YAML text. */
function fleetConfig(n: number): string {
  const hex = (i: number, width: number) => i.toString(16).padStart(width, '0');
  const lines = [
    `# A synthetic fleet of ${n} VPCs, written by bench/run.ts.`,
    'defaults:',
    '  region: eu-west-1',
    '  profile: ec2',
    '  allowedCidrBlocks: [10.0.0.0/8]',
    '  tags: { team: platform, generated-by: bench }',
    'vpcs:',
  ];
  for (let i = 0; i < n; i++) {
    const region = FLEET_REGIONS[i % FLEET_REGIONS.length];
    lines.push(
      `  vpc-${String(i + 1).padStart(4, '0')}:`,
      `    region: ${region}`,
      `    vpcId: vpc-${hex(i, 17)}`,
      '    subnets:',
      ...['a', 'b', 'c'].map((zone, z) => `      - { id: subnet-${hex(i * 4 + z, 17)}, availabilityZone: ${region}${zone} }`),
      `    routeTableIds: [rtb-${hex(i, 17)}]`,
      ...(i % 2 === 0 ? [`    account: { assumeRoleArn: "arn:aws:iam::${String(100000000000 + (i % 50)).padStart(12, '0')}:role/ecs-privatelink-deploy" }`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------

function main(): void {
  for (const file of [BIN, APP, ROOT_IMPORT_APP]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing; run npm run bench (it builds first)`);
  }
  const loadStart = os.loadavg();
  const out = (name: string) => path.join(work, name);
  // The folder removed, then `sync`: the disk writes of the removal and of the measurements before
  // (10,000 stack folders) are flushed here, not billed to the next measurement (a 10,000-VPC synth
  // right after a large removal took 38 s instead of 22 s).
  const fresh = (dir: string) => () => {
    fs.rmSync(dir, { recursive: true, force: true });
    execFileSync('sync');
  };
  const example = { ECS_PRIVATELINK_CONFIG: EXAMPLE };

  // The same stacks through both apps.
  const appOut = out('app-check');
  const rootOut = out('root-import-check');
  runOnce(process.execPath, [APP], { env: { ...example, CDKTF_OUTDIR: appOut } });
  runOnce(process.execPath, [ROOT_IMPORT_APP], { env: { ...example, CDKTF_OUTDIR: rootOut } });
  const stackFile = (dir: string) => {
    const stacks = fs.readdirSync(path.join(dir, 'stacks'));
    if (stacks.length !== 1) throw new Error(`expected one stack of the example in ${dir}, found ${stacks.length}`);
    return fs.readFileSync(path.join(dir, 'stacks', stacks[0], 'cdk.tf.json'), 'utf8');
  };
  if (stackFile(appOut) !== stackFile(rootOut)) throw new Error('the root-import app does not synthesize the same stack as the app; fix bench/root-import-app.ts');

  const exampleRows: Measurement[] = [
    measure('synth', 'ecs-privatelink synth', process.execPath, [BIN, 'synth', '-q', '--config', EXAMPLE, '--out', out('synth')], { before: fresh(out('synth')) }),
    measure('generate', 'ecs-privatelink generate', process.execPath, [BIN, 'generate', '-q', '--config', EXAMPLE, '--out', out('generate')], { before: fresh(out('generate')) }),
    measure('app', 'node dist/main.js (the CDKTF app alone, deep imports)', process.execPath, [APP], { env: { ...example, CDKTF_OUTDIR: out('app') }, before: fresh(out('app')) }),
    measure('root-import app', 'node dist/bench/root-import-app.js (the app importing @cdktf/provider-aws from its root)', process.execPath, [ROOT_IMPORT_APP], {
      env: { ...example, CDKTF_OUTDIR: out('root') },
      before: fresh(out('root')),
    }),
    measure('npx cdktf synth', 'npx cdktf synth (the app of cdktf.json: node scripts/build.js, then node dist/main.js)', 'npx', ['cdktf', 'synth', '--output', out('npx')], {
      env: example,
      before: fresh(out('npx')),
    }),
    measure('npx cdktf synth, no build', "npx cdktf synth --app 'node dist/main.js' (the same without the TypeScript build)", 'npx', ['cdktf', 'synth', '--app', `node ${APP}`, '--output', out('npx-app')], {
      env: example,
      before: fresh(out('npx-app')),
    }),
  ];

  const fleets: { n: number; synth: Measurement; generate: Measurement }[] = [];
  for (const n of FLEET_SIZES) {
    const config = out(`fleet-${n}.yaml`);
    fs.writeFileSync(config, fleetConfig(n));
    const synthDir = out(`fleet-${n}-synth`);
    const generateDir = out(`fleet-${n}-generate`);
    const runs = n >= LARGE_FLEET ? RUNS_LARGE : undefined;
    fleets.push({
      n,
      synth: measure(`fleet of ${n}: synth`, `ecs-privatelink synth (${n} VPCs)`, process.execPath, [BIN, 'synth', '-q', '--config', config, '--out', synthDir], { before: fresh(synthDir), runs }),
      generate: measure(`fleet of ${n}: generate`, `ecs-privatelink generate (${n} VPCs)`, process.execPath, [BIN, 'generate', '-q', '--config', config, '--out', generateDir], {
        before: fresh(generateDir),
        runs,
      }),
    });
    fs.rmSync(synthDir, { recursive: true, force: true });
    fs.rmSync(generateDir, { recursive: true, force: true });
  }

  const loop = process.env.BENCH_LOOP === '0' ? undefined : measureLoop(out);

  const report = render(exampleRows, fleets, loop, loadStart, os.loadavg());
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), report);
  process.stdout.write(report);
  fs.rmSync(work, { recursive: true, force: true });
}


// ---------------------------------------------------------------------------
// The everyday loop (issue 16): npm start and npx cdktf synth, before and after
// ---------------------------------------------------------------------------

/** What a copy of the sources needs to run npm start and npx cdktf synth. */
const LOOP_ENTRIES = ['package.json', 'tsconfig.json', 'cdktf.json', 'main.ts', 'lib', 'bin', 'generators', 'templates', 'scripts', 'privatelink.config.yaml'];
/** npm start as it was before scripts/build.js: the whole tsc build every time (build:tsc is that build). */
const OLD_START = 'npm run --silent build:tsc && node dist/bin/ecs-privatelink.js synth && node dist/bin/ecs-privatelink.js generate';
/** The suite before issue 16's work (it had no benchmark row then): the issue's figure, and a quiet run of the tree before its speed work. */
const SUITE_BEFORE = '5.5–6 min (issue 16); 6 min 40 s at 97d5bca, quiet machine';
/** The file edited before each "after a one-file edit" run. */
const EDITED_FILE = 'lib/cdktf/construct.ts';

interface Pair {
  label: string;
  before: Measurement;
  after: Measurement;
}

interface Loop {
  startUnchanged: Pair;
  startEdited: Pair;
  cdktf: Pair;
  /** `npm run test:quick`, when the branch has it. */
  quick?: Measurement;
  /** `CI=true npm test`, the whole suite (BENCH_SUITE=0 leaves it out). */
  suite?: Measurement;
}

/**
 * npm start and npx cdktf synth in a copy of the sources (so that their
 * builds do not touch this repository's dist/), each the old way ("before":
 * the full tsc build) and the new way ("after": scripts/build.js).
 */
function measureLoop(out: (name: string) => string): Loop {
  const copy = out('loop');
  for (const entry of LOOP_ENTRIES) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  const pkg = JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8'));
  pkg.scripts['start:before'] = OLD_START;
  fs.writeFileSync(path.join(copy, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const options = { cwd: copy, env: { ECS_PRIVATELINK_CONFIG: path.join(copy, 'privatelink.config.yaml') } };
  let edits = 0;
  const edit = () => fs.appendFileSync(path.join(copy, EDITED_FILE), `// bench edit ${++edits}\n`);
  const cdktfOut = path.join(copy, 'cdktf.out');
  const clean = () => fs.rmSync(cdktfOut, { recursive: true, force: true });

  const startBefore = measure('npm start, before', `npm start, the old way (${OLD_START.split(' && ')[0]}, then synth and generate)`, 'npm', ['run', '--silent', 'start:before'], options);
  const startBeforeEdited = measure('npm start after an edit, before', `the same after editing ${EDITED_FILE}`, 'npm', ['run', '--silent', 'start:before'], { ...options, before: edit });
  const cdktfBefore = measure('npx cdktf synth, before', "npx cdktf synth --app 'npm run --silent build:tsc && node dist/main.js'", 'npx', ['cdktf', 'synth', '--app', 'npm run --silent build:tsc && node dist/main.js'], {
    ...options,
    before: clean,
  });
  const startAfter = measure('npm start, after', 'npm start (scripts/build.js: nothing to rebuild)', 'npm', ['start', '--silent'], options);
  const startAfterEdited = measure('npm start after an edit, after', `npm start after editing ${EDITED_FILE} (one file transpiled)`, 'npm', ['start', '--silent'], { ...options, before: edit });
  const cdktfAfter = measure('npx cdktf synth, after', 'npx cdktf synth (cdktf.json: node scripts/build.js && node dist/main.js)', 'npx', ['cdktf', 'synth'], { ...options, before: clean });

  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  const quick = scripts['test:quick'] ? measure('npm run test:quick', 'npm run test:quick', 'npm', ['run', '--silent', 'test:quick'], { runs: 1 }) : undefined;
  // The whole suite as CI runs it (the build, the type check, every test with terraform), once: it takes minutes.
  const suite = process.env.BENCH_SUITE === '0' ? undefined : measure('npm test', 'CI=true npm test', 'npm', ['test', '--silent'], { runs: 1, env: { CI: 'true' } });
  return {
    startUnchanged: { label: 'npm start, unchanged tree', before: startBefore, after: startAfter },
    startEdited: { label: `npm start after a one-file edit (${EDITED_FILE})`, before: startBeforeEdited, after: startAfterEdited },
    cdktf: { label: 'npx cdktf synth, unchanged tree', before: cdktfBefore, after: cdktfAfter },
    quick,
    suite,
  };
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'not found';
  }
}

function row(m: Measurement): string {
  const s = m.samples.map((x) => x.seconds);
  const r = m.samples.map((x) => x.mb);
  return `| ${m.command} | ${fmtSeconds(seconds(m))} | ${range(s, fmtSeconds)} | ${fmtSeconds(cpu(m))} | ${fmtMb(mb(m))} | ${range(r, fmtMb)} |`;
}

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

function render(example: Measurement[], fleets: { n: number; synth: Measurement; generate: Measurement }[], loop: Loop | undefined, loadStart: number[], loadEnd: number[]): string {
  const [synth, generate, , , npx, npxNoBuild] = example;
  const terraform = version('terraform', ['version']).split('\n')[0];
  const commit = version('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = version('git', ['status', '--porcelain', '--untracked-files=no']) === '' ? '' : ' (with uncommitted changes)';
  const cpus = os.cpus();
  const lines: string[] = [];
  lines.push(
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); the latest run replaces this file. Every figure is a fresh process: ' +
      `the median of ${RUNS} runs after one unmeasured warm-up, with the min and max. Peak memory is the maximum resident set size ` +
      `(${hasGnuTime ? 'GNU time' : 'process.resourceUsage().maxRSS of each Node.js process'}); for npx, of its largest process. ` +
      'CPU time is user plus system time of the process and its children (median): on a busy machine it moves less than wall time; ' +
      'compare the load average below.',
    '',
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB memory, ${os.type()} ${os.release()}`,
    `- Load average (1 min) at the start and the end: ${loadStart[0].toFixed(2)}, ${loadEnd[0].toFixed(2)}`,
    `- Node.js ${process.version}, ${terraform}, cdktf ${version('node', ['-p', "require('cdktf/package.json').version"])}, @cdktf/provider-aws ${version('node', ['-p', "require('@cdktf/provider-aws/package.json').version"])}`,
    `- Code: ${commit}${dirty}`,
    '',
    '## The built-in example (privatelink.config.yaml)',
    '',
    '| Command | Wall time | min – max | CPU time | Peak memory | min – max |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...example.map(row),
    '',
    '## Fleets (synthetic configurations of N VPCs over four regions)',
    '',
    '| Command | Wall time | min – max | CPU time | Peak memory | min – max |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...fleets.flatMap((f) => [row(f.synth), row(f.generate)]),
    '',
    'Growth per VPC, between consecutive sizes (the difference of the medians divided by the difference in VPCs):',
    '',
    '| From – to | synth: time per VPC | synth: CPU per VPC | synth: memory per VPC | generate: time per VPC | generate: CPU per VPC | generate: memory per VPC |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (let i = 1; i < fleets.length; i++) {
    const [a, b] = [fleets[i - 1], fleets[i]];
    const dn = b.n - a.n;
    const per = (f: (m: Measurement) => number, m: 'synth' | 'generate', unit: (v: number) => string) => unit((f(b[m]) - f(a[m])) / dn);
    const ms = (v: number) => `${(v * 1000).toFixed(1)} ms`;
    const kb = (v: number) => `${Math.round(v * 1024)} KB`;
    lines.push(
      `| ${a.n} – ${b.n} | ${per(seconds, 'synth', ms)} | ${per(cpu, 'synth', ms)} | ${per(mb, 'synth', kb)} | ${per(seconds, 'generate', ms)} | ${per(cpu, 'generate', ms)} | ${per(mb, 'generate', kb)} |`,
    );
  }
  if (fleets.some((f) => f.n >= LARGE_FLEET)) {
    lines.push('', `Fleets of ${LARGE_FLEET.toLocaleString('en-US')} VPCs or more: ${RUNS_LARGE} run${RUNS_LARGE === 1 ? '' : 's'} each, without a warm-up (BENCH_RUNS_LARGE).`);
  }
  if (loop) {
    const pair = (p: Pair) =>
      `| ${p.label} | ${fmtSeconds(seconds(p.before))} | ${fmtSeconds(cpu(p.before))} | ${fmtSeconds(seconds(p.after))} | ${fmtSeconds(cpu(p.after))} | ${fmtMb(mb(p.after))} | ${(seconds(p.before) / seconds(p.after)).toFixed(1)}x |`;
    lines.push(
      '',
      '## The everyday loop (issue 16)',
      '',
      'In a copy of the sources. Before: the full TypeScript build (`tsc -p tsconfig.json` and the template precompile, now `npm run build:tsc`) ahead of every run, ' +
        'as `npm start` and cdktf.json\'s app did. After: `node scripts/build.js`, which transpiles only the sources that changed. ' +
        `"After a one-file edit" appends a comment to ${EDITED_FILE} before each run.`,
      '',
      '| Command | Before: wall | Before: CPU | After: wall | After: CPU | After: peak memory | Speed-up |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      pair(loop.startUnchanged),
      pair(loop.startEdited),
      pair(loop.cdktf),
      loop.quick
        ? `| npm run test:quick | | | ${fmtSeconds(seconds(loop.quick))} | ${fmtSeconds(cpu(loop.quick))} | ${fmtMb(mb(loop.quick))} | |`
        : '| npm run test:quick | | | not in this branch yet | | | |',
      loop.suite
        ? `| CI=true npm test (the whole suite) | ${SUITE_BEFORE} | | ${fmtSeconds(seconds(loop.suite))} | ${fmtSeconds(cpu(loop.suite))} | ${fmtMb(mb(loop.suite))} | |`
        : '| CI=true npm test (the whole suite) | | | not measured (BENCH_SUITE=0) | | | |',
    );
  }

  // Targets.
  const linear = (m: 'synth' | 'generate') => {
    // Linear: the time per VPC from 100 to 1,000 is within twice that from 10 to 100 (fixed costs dominate below 10).
    const at = (n: number) => fleets.find((f) => f.n === n);
    const [f10, f100, f1000] = [at(10), at(100), at(1000)];
    if (!f10 || !f100 || !f1000) return { ok: false, text: 'not measured (needs fleets of 10, 100 and 1,000)' };
    const early = (seconds(f100[m]) - seconds(f10[m])) / 90;
    const late = (seconds(f1000[m]) - seconds(f100[m])) / 900;
    return { ok: late <= 2 * early, text: `${(late * 1000).toFixed(1)} ms per VPC from 100 to 1,000 against ${(early * 1000).toFixed(1)} ms from 10 to 100` };
  };
  const speedup = seconds(npx) / seconds(synth);
  const speedupNoBuild = seconds(npxNoBuild) / seconds(synth);
  const example1 = (m: Measurement) => seconds(m) < TARGETS.exampleSeconds && mb(m) < TARGETS.exampleMb;
  const linSynth = linear('synth');
  const linGenerate = linear('generate');
  lines.push(
    '',
    '## Targets',
    '',
    '| Target | Measured | |',
    '| --- | --- | --- |',
    `| Example: synth under ${TARGETS.exampleSeconds} s and ${TARGETS.exampleMb} MB | ${fmtSeconds(seconds(synth))}, ${fmtMb(mb(synth))} | ${verdict(example1(synth))} |`,
    `| Example: generate under ${TARGETS.exampleSeconds} s and ${TARGETS.exampleMb} MB | ${fmtSeconds(seconds(generate))}, ${fmtMb(mb(generate))} | ${verdict(example1(generate))} |`,
    `| synth at least ${TARGETS.speedupOverCdktf}x faster than npx cdktf synth | ${speedup.toFixed(1)}x (${speedupNoBuild.toFixed(1)}x against npx cdktf synth without the build) | ${verdict(speedup >= TARGETS.speedupOverCdktf)} |`,
  );
  const thousand = fleets.find((f) => f.n === 1000);
  if (thousand) {
    const big = (m: Measurement) => seconds(m) < TARGETS.fleet1000Seconds && mb(m) < TARGETS.fleet1000Mb;
    lines.push(
      `| 1,000 VPCs: synth under ${TARGETS.fleet1000Seconds} s and 1 GB | ${fmtSeconds(seconds(thousand.synth))}, ${fmtMb(mb(thousand.synth))} | ${verdict(big(thousand.synth))} |`,
      `| 1,000 VPCs: generate under ${TARGETS.fleet1000Seconds} s and 1 GB | ${fmtSeconds(seconds(thousand.generate))}, ${fmtMb(mb(thousand.generate))} | ${verdict(big(thousand.generate))} |`,
    );
  }
  const f10k = fleets.find((f) => f.n === 10000);
  const f1k = fleets.find((f) => f.n === 1000);
  if (f10k) {
    const big = (m: Measurement) => seconds(m) < TARGETS.fleet10000Seconds && mb(m) < TARGETS.fleet10000Mb;
    lines.push(
      `| 10,000 VPCs: synth under ${TARGETS.fleet10000Seconds} s and 1 GB | ${fmtSeconds(seconds(f10k.synth))} (CPU ${fmtSeconds(cpu(f10k.synth))}), ${fmtMb(mb(f10k.synth))} | ${verdict(big(f10k.synth))} |`,
      `| 10,000 VPCs: generate under ${TARGETS.fleet10000Seconds} s and 1 GB | ${fmtSeconds(seconds(f10k.generate))} (CPU ${fmtSeconds(cpu(f10k.generate))}), ${fmtMb(mb(f10k.generate))} | ${verdict(big(f10k.generate))} |`,
    );
    if (f1k) {
      // Flat: the CPU time and memory per VPC from 1,000 to 10,000 within 1.25 times the average per VPC at 1,000 (CPU: less noisy than wall time on a shared machine).
      const late = (cpu(f10k.synth) - cpu(f1k.synth)) / 9000;
      const average = cpu(f1k.synth) / 1000;
      const lateMb = (mb(f10k.synth) - mb(f1k.synth)) / 9000;
      const averageMb = mb(f1k.synth) / 1000;
      lines.push(
        `| synth: CPU per VPC flat from 1,000 to 10,000 | ${(late * 1000).toFixed(2)} ms per VPC from 1,000 to 10,000 against ${(average * 1000).toFixed(2)} ms on average at 1,000 | ${verdict(late <= 1.25 * average)} |`,
        `| synth: memory per VPC flat from 1,000 to 10,000 | ${Math.round(lateMb * 1024)} KB per VPC from 1,000 to 10,000 against ${Math.round(averageMb * 1024)} KB on average at 1,000 | ${verdict(lateMb <= 1.25 * averageMb)} |`,
      );
    }
  }
  if (loop) {
    const work = seconds(synth) + seconds(generate);
    const unchanged = seconds(loop.startUnchanged.after);
    const edited = seconds(loop.startEdited.after);
    lines.push(
      `| npm start, unchanged tree: at most ${TARGETS.startOverWork}x its work (synth + generate, ${fmtSeconds(work)}) | ${fmtSeconds(unchanged)} (${(unchanged / work).toFixed(2)}x) | ${verdict(unchanged <= TARGETS.startOverWork * work)} |`,
      `| npm start after a one-file edit: well under ${TARGETS.startAfterEditSeconds} s | ${fmtSeconds(edited)} | ${verdict(edited < TARGETS.startAfterEditSeconds / 2)} |`,
    );
    if (loop.suite) {
      lines.push(`| CI=true npm test under ${TARGETS.suiteSeconds / 60} minutes | ${fmtSeconds(seconds(loop.suite))} (CPU ${fmtSeconds(cpu(loop.suite))}) | ${verdict(seconds(loop.suite) < TARGETS.suiteSeconds)} |`);
    }
  }
  lines.push(`| synth grows linearly | ${linSynth.text} | ${verdict(linSynth.ok)} |`, `| generate grows linearly | ${linGenerate.text} | ${verdict(linGenerate.ok)} |`, '');
  return `${lines.join('\n')}\n`;
}

main();
