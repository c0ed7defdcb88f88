/**
 * Atomicity under SIGKILL, at every rename (issue 11, item 5).
 *
 * strace kills the real CLI at its N-th rename (`-e inject=rename,renameat,
 * renameat2:signal=SIGKILL:when=N`), for every N from 1 to the number of
 * renames a normal run makes, for generate (one VPC and a fleet) and synth.
 * After each kill the output must be the old set or the new set, complete,
 * or hold a journal that the next run completes (and says so); after the next
 * run it must be exactly the new set, with nothing left over (no staging, no
 * lock, no journal, nothing in $TMPDIR). strace is required: without it the
 * tests fail, they never skip.
 */
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_CONFIG, REPO_ROOT } from './support/cases';
import { FLEETS_DIR } from './support/fleets';

const BIN = path.join(REPO_ROOT, 'dist', 'bin', 'ecs-privatelink.js');
const STRACE = spawnSync('sh', ['-c', 'command -v strace'], { encoding: 'utf8' }).stdout.trim();
const RENAMES = 'rename,renameat,renameat2';

/** Names only an interrupted run leaves: staging, previous versions, lock, journal, synth's staging. */
const TEMPORARY = /(\.(new|old|stale)-\d+-[0-9a-f]{8}$)|(\.lock$)|(\.journal$)|(^\.ecs-privatelink-synth-\d+-[0-9a-f]{8}$)|(\.\d+\.tmp$)/;

/** A $TMPDIR of the test's own (the machine's /tmp is shared with other runs): it must stay empty. */
let privateTmp = os.tmpdir();

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TMPDIR: privateTmp };
  delete e.ECS_PRIVATELINK_CONFIG;
  return e;
}

function cli(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env: env(), encoding: 'utf8', timeout: 120_000 });
}

/** Every entry under `dir` (hidden ones included, links not followed): path → content ('<dir>' for folders). */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const abs = path.join(dir, name);
    const stat = fs.lstatSync(abs);
    if (stat.isDirectory()) {
      out[rel] = '<dir>';
      Object.assign(out, snapshot(abs, rel));
    } else {
      out[rel] = fs.readFileSync(abs, 'utf8');
    }
  }
  return out;
}

/** The snapshot without what an interrupted run leaves (what a user sees as the output). */
function visible(snap: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).filter(([rel]) => !rel.split('/').some((part) => TEMPORARY.test(part))));
}

function tmpEntries(): string[] {
  return fs.readdirSync(privateTmp).sort();
}

interface Scenario {
  name: string;
  /** Writes the config files into `work` and returns [old args, new args]; the output goes to `work/out`. */
  setup(work: string): [string[], string[]];
}

const example = fs.readFileSync(EXAMPLE_CONFIG, 'utf8');
const fleetText = fs.readFileSync(path.join(FLEETS_DIR, 'three-vpcs', 'config.yaml'), 'utf8');
/** The fleet with payments-staging gone, a VPC added, and the default CIDR and a VPC id changed: a root and a stack leave, one arrives, the others change. */
const fleetChanged =
  fleetText
    .replace(/\n {2}payments-staging:\n(?: {4}.*\n| {6}.*\n)*/, '\n')
    .replace('10.0.0.0/8', '10.0.0.0/9')
    .replace('vpc-0a1b2c3d4e5f60003', 'vpc-0a1b2c3d4e5f60033') +
  `
  billing-prod:
    vpcId: vpc-0a1b2c3d4e5f60004
    subnetIds: [subnet-0a1b2c3d4e5f64001]
    routeTableIds: [rtb-0a1b2c3d4e5f64001]
`;

const SCENARIOS: Scenario[] = [
  {
    name: 'generate, one VPC',
    setup: (work) => {
      fs.writeFileSync(path.join(work, 'a.yaml'), example);
      fs.writeFileSync(path.join(work, 'b.yaml'), example.replace(/^vpcId: .*$/m, 'vpcId: vpc-0fedcba9876543210'));
      return [
        ['generate', '-q', '-c', 'a.yaml', '--out', 'out'],
        ['generate', '-q', '-c', 'b.yaml', '--out', 'out'],
      ];
    },
  },
  {
    name: 'generate, a fleet',
    setup: (work) => {
      fs.writeFileSync(path.join(work, 'a.yaml'), fleetText);
      fs.writeFileSync(path.join(work, 'b.yaml'), fleetChanged);
      return [
        ['generate', '-q', '-c', 'a.yaml', '--out', 'out'],
        ['generate', '-q', '-c', 'b.yaml', '--out', 'out'],
      ];
    },
  },
  {
    name: 'synth, a fleet',
    setup: (work) => {
      fs.writeFileSync(path.join(work, 'a.yaml'), fleetText);
      fs.writeFileSync(path.join(work, 'b.yaml'), fleetChanged);
      return [
        ['synth', '-q', '-c', 'a.yaml', '--out', 'out'],
        ['synth', '-q', '-c', 'b.yaml', '--out', 'out'],
      ];
    },
  },
];

test('strace is installed (the kill-point tests need it; they fail, never skip, without it)', () => {
  expect({ strace: STRACE !== '' }).toEqual({ strace: true });
});

describe.each(SCENARIOS)('$name: killed at every rename', (scenario) => {
  test('each kill leaves the old or the new output, or a journal the next run completes; the next run leaves exactly the new output', () => {
    expect(STRACE).not.toBe('');
    expect(fleetChanged).not.toContain('payments-staging');
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-kill-'));
    try {
      const work = path.join(base, 'work');
      const saved = path.join(base, 'saved');
      fs.mkdirSync(work);
      privateTmp = path.join(base, 'tmp');
      fs.mkdirSync(privateTmp);
      const [oldArgs, newArgs] = scenario.setup(work);

      // The old output, kept to restore before each kill.
      expect(cli(oldArgs, work).status).toBe(0);
      fs.cpSync(work, saved, { recursive: true, verbatimSymlinks: true });
      const oldSet = snapshot(path.join(work, 'out'));

      // The new output written over the old one, counting its renames.
      const trace = path.join(base, 'trace.txt');
      const counted = spawnSync(STRACE, ['-f', '-qq', '-o', trace, '-e', `trace=${RENAMES}`, process.execPath, BIN, ...newArgs], { cwd: work, env: env(), encoding: 'utf8', timeout: 120_000 });
      expect(counted.status).toBe(0);
      const renames = fs.readFileSync(trace, 'utf8').split('\n').filter((l) => /\brename(at2?)?\(/.test(l)).length;
      const newSet = snapshot(path.join(work, 'out'));
      expect(newSet).not.toEqual(oldSet);
      expect(Object.keys(newSet).filter((rel) => rel.split('/').some((p) => TEMPORARY.test(p)))).toEqual([]);
      expect(renames).toBeGreaterThanOrEqual(3);

      const outcomes: string[] = [];
      for (let n = 1; n <= renames; n++) {
        fs.rmSync(work, { recursive: true, force: true });
        fs.cpSync(saved, work, { recursive: true, verbatimSymlinks: true });
        const killed = spawnSync(STRACE, ['-f', '-qq', '-o', '/dev/null', '-e', `inject=${RENAMES}:signal=SIGKILL:when=${n}`, process.execPath, BIN, ...newArgs], {
          cwd: work,
          env: env(),
          encoding: 'utf8',
          timeout: 120_000,
        });
        // strace ends the way its tracee did: killed.
        expect({ n, killed: killed.signal === 'SIGKILL' || killed.status === 137 }).toEqual({ n, killed: true });
        const after = snapshot(path.join(work, 'out'));
        const shown = visible(after);
        const state = equal(shown, oldSet) ? 'old' : equal(shown, newSet) ? 'new' : 'mixed';
        const journal = Object.keys(after).some((rel) => rel.endsWith('.journal')) || fs.readdirSync(work).some((name) => name.endsWith('.journal'));
        // Mixed only after the commit point, with the journal that lets the next run finish.
        expect({ n, state, journal: state === 'mixed' ? journal : 'n/a' }).toEqual({ n, state, journal: state === 'mixed' ? true : 'n/a' });

        const next = cli(newArgs, work);
        expect({ n, status: next.status, stderr: next.stderr }).toEqual({ n, status: 0, stderr: next.stderr });
        if (journal) expect({ n, said: /completed the write of an interrupted run/.test(next.stderr) }).toEqual({ n, said: true });
        if (state !== 'mixed' && Object.keys(after).length !== Object.keys(shown).length) {
          expect({ n, said: /note: (removed \d+ temporary|completed the write)/.test(next.stderr) }).toEqual({ n, said: true });
        }
        expect({ n, output: snapshot(path.join(work, 'out')) }).toEqual({ n, output: newSet });
        // Nothing beside the output either (the module's parent holds the lock and journal of a one-VPC generate).
        expect({ n, work: fs.readdirSync(work).sort() }).toEqual({ n, work: ['a.yaml', 'b.yaml', 'out'] });
        outcomes.push(`${n}:${state}${journal ? '+journal' : ''}`);
      }
      expect(tmpEntries()).toEqual([]);
      // Both sides of the commit point were hit.
      expect(outcomes.some((o) => /:old/.test(o))).toBe(true);
      expect(outcomes.some((o) => /journal/.test(o))).toBe(true);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

test('concurrent runs: four generates of two configurations into one folder all finish, and the folder is one of the two outputs, complete, with nothing left over', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-race-'));
  try {
    fs.writeFileSync(path.join(base, 'a.yaml'), example);
    fs.writeFileSync(path.join(base, 'b.yaml'), example.replace(/^vpcId: .*$/m, 'vpcId: vpc-0fedcba9876543210'));
    const expected: Record<string, Record<string, string>> = {};
    for (const c of ['a', 'b']) {
      const dir = path.join(base, `only-${c}`);
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(base, `${c}.yaml`), path.join(dir, 'c.yaml'));
      expect(cli(['generate', '-q', '-c', 'c.yaml', '--out', 'out'], dir).status).toBe(0);
      expected[c] = snapshot(path.join(dir, 'out'));
    }
    const { execFile } = await import('child_process');
    const runs = ['a', 'b', 'a', 'b'].map(
      (c) =>
        new Promise<number>((resolve) => {
          execFile(process.execPath, [BIN, 'generate', '-q', '-c', `${c}.yaml`, '--out', 'out'], { cwd: base, env: env() }, (err) => resolve(err ? Number(err.code) : 0));
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    const result = snapshot(path.join(base, 'out'));
    expect([equal(result, expected.a), equal(result, expected.b)]).toContain(true);
    expect(fs.readdirSync(base).sort()).toEqual(['a.yaml', 'b.yaml', 'only-a', 'only-b', 'out']);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('a folder another run replaces while generate probes it (the probe finds it gone, ENOENT) is looked at again: generate finishes, as with a folder that was never there', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-vanish-'));
  try {
    fs.writeFileSync(path.join(base, 'c.yaml'), example);
    expect(cli(['generate', '-q', '-c', 'c.yaml', '--out', 'out'], base).status).toBe(0);
    const before = snapshot(path.join(base, 'out'));
    // The first mkdir of generate is its write probe inside --out: strace makes it fail as if the folder had just been renamed away.
    const run = spawnSync(STRACE, ['-f', '-qq', '-o', '/dev/null', '-e', 'inject=mkdir,mkdirat:error=ENOENT:when=1', process.execPath, BIN, 'generate', '-q', '-c', 'c.yaml', '--out', 'out'], {
      cwd: base,
      env: env(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(snapshot(path.join(base, 'out'))).toEqual(before);
    expect(fs.readdirSync(base).sort()).toEqual(['c.yaml', 'out']);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

function equal(a: Record<string, string>, b: Record<string, string>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

test("a dead run's lock found by two runs at once, one of them slowed between reading it and removing it: one run holds the lock at a time", async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-takeover-'));
  try {
    const home = path.join(base, 'home');
    fs.mkdirSync(home);
    const held = path.join(home, 'held');
    // A run that takes the transaction lock of `home`, marks its hold with a file only one run can create, holds
    // the lock for argv[2] ms, lets go.
    const holder = path.join(base, 'holder.js');
    fs.writeFileSync(
      holder,
      `const fs = require('fs');
const { Transaction } = require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'generators', 'transaction.js'))});
const tx = new Transaction(${JSON.stringify(home)}, '.x');
tx.lock();
try {
  fs.writeFileSync(${JSON.stringify(held)}, String(process.pid), { flag: 'wx' });
} catch {
  process.stdout.write('held by two runs at once');
  process.exit(3);
}
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
fs.unlinkSync(${JSON.stringify(held)});
tx.unlock();
process.stdout.write('done');
`,
    );
    // The lock of a run that is gone.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.writeFileSync(path.join(home, '.x.lock'), `${dead}\n`);
    const { execFile } = await import('child_process');
    const start = (command: string, args: string[]) =>
      new Promise<string>((resolve) => execFile(command, args, { env: env(), timeout: 60_000 }, (err, stdout) => resolve(`${err ? `exit ${err.code}: ` : ''}${stdout}`)));
    // The first run waits 1.5 s before each rename and unlink; the second starts once the first has read the
    // dead lock, and takes it over (holding it 3 s) while the first is about to remove what it read.
    const trace = path.join(base, 'trace');
    const removals = `${RENAMES},unlink,unlinkat`;
    const slowed = start(STRACE, ['-f', '-qq', '-o', trace, '-e', `trace=openat,${removals}`, '-e', `inject=${removals}:delay_enter=1500000`, process.execPath, holder, '100']);
    const deadline = Date.now() + 30_000;
    while (!(fs.existsSync(trace) && fs.readFileSync(trace, 'utf8').includes('.x.lock", O_RDONLY'))) {
      if (Date.now() > deadline) throw new Error(`the slowed run never read the lock; its trace:\n${fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8').slice(-2000) : '(none)'}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const other = start(process.execPath, [holder, '3000']);
    expect(await Promise.all([slowed, other])).toEqual(['done', 'done']);
    expect(fs.readdirSync(home)).toEqual([]);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the takeover lock of a run killed while it removed a dead lock is removed by the next run, once it is seconds old; a fresh one is left to its run', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-takeover-left-'));
  try {
    fs.writeFileSync(path.join(base, 'c.yaml'), example);
    const old = path.join(base, '.mod.lock.takeover');
    fs.writeFileSync(old, '12345\n');
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(old, minuteAgo, minuteAgo);
    const first = cli(['generate', '-c', 'c.yaml', '--out', 'mod'], base);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('removed 1 temporary entry left by an interrupted run (.mod.lock.takeover)');
    expect(fs.existsSync(old)).toBe(false);
    fs.writeFileSync(old, '12345\n');
    expect(cli(['generate', '-q', '-c', 'c.yaml', '--out', 'mod'], base).status).toBe(0);
    expect(fs.existsSync(old)).toBe(true);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
