/**
 * Hardening (issue 11): what a hostile or careless user can do to the
 * command line, tried in real temporary folders, in this process (`run(argv,
 * io)`, what the binary calls: test/cli.test.ts checks that the binary does
 * what it does) or, where the process matters (its environment, its user,
 * its temporary folder, a read that could block, a closed pipe), on the built
 * CLI (dist/bin/ecs-privatelink.js), bounded in time: links, FIFOs and devices in a module folder, YAML that
 * is not plain data, --force in the wrong folder, files the tool did not
 * write, closed pipes, paths the file system refuses, misleading messages,
 * huge numbers and huge files, and stacks of VPCs that left a fleet.
 * Atomicity under SIGKILL is in kill-points.test.ts.
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeProblem } from '../bin/cli/context';
import { fsReason } from '../bin/cli/support';
import { EXAMPLE_CONFIG, REPO_ROOT } from './support/cases';
import { FLEETS_DIR } from './support/fleets';
import { runInProcess } from './support/run-cli';

const BIN = path.join(REPO_ROOT, 'dist', 'bin', 'ecs-privatelink.js');
const FLEET = path.join(FLEETS_DIR, 'three-vpcs', 'config.yaml');
/** A line of a JavaScript stack trace. */
const STACK_TRACE = /^\s+at .+[:(]/m;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', ...extra };
  delete e.ECS_PRIVATELINK_CONFIG;
  return e;
}

/** Runs the command line in this process, in `cwd`, with ECS_PRIVATELINK_CONFIG unset. */
async function cli(args: string[], cwd: string): Promise<Result> {
  return { ...(await runInProcess(args, cwd, env())), signal: null };
}

/** Runs the built CLI (time-bounded: a hang fails the test instead of blocking it). */
function binary(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; uid?: number; timeout?: number } = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: options.env ?? env(), timeout: options.timeout ?? 60_000, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024, uid: options.uid, gid: options.uid },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, signal: (err as { signal?: NodeJS.Signals } | null)?.signal ?? null, stdout, stderr });
      },
    );
  });
}

/** Exit 2, one line per problem plus the summary, no stack trace, and each fragment present. */
function expectBadInput(r: Result, fragments: (string | RegExp)[]): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.any(String) });
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain('internal error');
  for (const f of fragments) expect(r.stderr).toEqual(typeof f === 'string' ? expect.stringContaining(f) : expect.stringMatching(f));
}

const temps: string[] = [];
function tmp(label = 'hardening'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `ecs-privatelink-${label}-`)));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every entry under `dir` (hidden ones too, links not followed), with the content of regular files. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const abs = path.join(dir, name);
    const stat = fs.lstatSync(abs);
    if (stat.isDirectory()) Object.assign(out, { [rel]: '<dir>' }, snapshot(abs, rel));
    else if (stat.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(abs)}`;
    else if (stat.isFile()) out[rel] = fs.readFileSync(abs, 'latin1');
    else out[rel] = '<special>';
  }
  return out;
}

/** A folder holding the example configuration as c.yaml and its generated module in mod/. */
async function generated(): Promise<string> {
  const dir = tmp('check');
  fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'c.yaml'));
  const r = await cli(['generate', '-q', '-c', 'c.yaml', '--out', 'mod'], dir);
  expect(r.code).toBe(0);
  return dir;
}

// ---------------------------------------------------------------------------
// 1. check never follows a link nor reads a FIFO or a device
// ---------------------------------------------------------------------------

describe('1. check and the readers of a module folder', () => {
  test('rejects a symlink to /proc/self/environ, a link to /dev/zero, a FIFO and a linked folder: exit 1, each named, no byte of them printed, in bounded time', async () => {
    const dir = await generated();
    const mod = path.join(dir, 'mod');
    fs.symlinkSync('/proc/self/environ', path.join(mod, 'env.tf'));
    fs.symlinkSync('/dev/zero', path.join(mod, 'zero.tf'));
    fs.symlinkSync('/etc', path.join(mod, 'etc'));
    fs.symlinkSync(path.join(dir, 'c.yaml'), path.join(mod, 'config.tf'));
    spawnSync('mkfifo', [path.join(mod, 'fifo.tf')]);
    expect(fs.lstatSync(path.join(mod, 'fifo.tf')).isFIFO()).toBe(true);
    const secret = 'ecs-privatelink-test-secret-4c1f0e';
    const r = await binary(['check', '-c', 'c.yaml', '--dir', 'mod'], dir, { env: env({ CI_TOKEN: secret }), timeout: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    for (const [kind, name] of [
      ['symlink', 'env.tf'],
      ['symlink', 'zero.tf'],
      ['symlink', 'etc'],
      ['symlink', 'config.tf'],
      ['FIFO', 'fifo.tf'],
    ]) {
      expect(r.stderr).toContain(`ecs-privatelink check: unexpected ${kind} mod/${name}: not read`);
    }
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout + r.stderr).not.toContain('PATH=');
    expect(r.stdout + r.stderr).not.toContain('vpc-0a1b2c3d4e5f67890\nsubnets');
    expect(r.stdout + r.stderr).not.toMatch(/root:x:0:0/);
    expect(r.stderr).toMatch(/mod has drifted from c\.yaml: 5 unexpected \(/);
    const json = await binary(['check', '-q', '--json', '-c', 'c.yaml', '--dir', 'mod'], dir, { timeout: 30_000 });
    expect(JSON.parse(json.stdout).unexpected.map((u: { rel: string; kind: string }) => `${u.kind} ${u.rel}`)).toEqual(['symlink config.tf', 'symlink env.tf', 'symlink etc', 'FIFO fifo.tf', 'symlink zero.tf']);
  });

  test('rejects a regular file larger than any generated file without reading it whole (a 64 MiB sparse file)', async () => {
    const dir = await generated();
    const big = path.join(dir, 'mod', 'big.tf');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 64 * 1024 * 1024);
    const r = await cli(['check', '-c', 'c.yaml', '--dir', 'mod'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unexpected oversize file mod/big.tf (67108864 bytes): not read');
    expect(r.stdout.length).toBeLessThan(10_000);
  });

  test('rejects a module file it cannot read as a non-root user: exit 2 naming it, no stack trace', async () => {
    const dir = await generated();
    for (const p of [dir, path.join(dir, 'mod')]) fs.chmodSync(p, 0o755);
    fs.chmodSync(path.join(dir, 'c.yaml'), 0o644);
    fs.chmodSync(path.join(dir, 'mod', 'main.tf'), 0o000);
    const r = await binary(['check', '-c', 'c.yaml', '--dir', 'mod'], dir, { uid: 65534 });
    expectBadInput(r, ['--dir mod/main.tf: cannot be read (permission denied)']);
  });

  test('generate --force treats links and FIFOs in the folder as foreign, and never reads them', async () => {
    const dir = await generated();
    spawnSync('mkfifo', [path.join(dir, 'mod', 'fifo.tf')]);
    const r = await binary(['generate', '-c', 'c.yaml', '--out', 'mod'], dir, { timeout: 30_000 });
    expectBadInput(r, ['--out mod: holds 1 file that ecs-privatelink did not generate (fifo.tf)']);
  });
});

// ---------------------------------------------------------------------------
// 2. YAML that is not plain data fails closed, in every field and command
// ---------------------------------------------------------------------------

describe('2. the reader fails closed', () => {
  const omapPolicy = 'policies: !!omap\n  - s3: {Version: "2012-10-17", Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*"}]}\n';

  test.each(['synth', 'generate', 'check', 'cost', 'diagram'])('rejects a restrictive !!omap policy in %s (never drops it): exit 2, the construct, the line and the field', async (command) => {
    const dir = tmp('yaml');
    fs.writeFileSync(path.join(dir, 'c.yaml'), `${fs.readFileSync(EXAMPLE_CONFIG, 'utf8')}${omapPolicy}`);
    const line = fs.readFileSync(path.join(dir, 'c.yaml'), 'utf8').split('\n').indexOf('policies: !!omap') + 1;
    fs.mkdirSync(path.join(dir, 'mod'));
    const args = { synth: ['--out', 'out'], generate: ['--out', 'out'], check: ['--dir', 'mod'], cost: ['--gb-per-month', '10'], diagram: [] }[command]!;
    const r = await cli([command, '-c', 'c.yaml', ...args], dir);
    expectBadInput(r, [`c.yaml:${line}: policies: is an ordered map (!!omap), which a configuration cannot hold`]);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('rejects the constructs in a fleet too, in defaults and in a VPC, each with its line and field', async () => {
    const dir = tmp('yaml');
    const text = fs
      .readFileSync(FLEET, 'utf8')
      .replace('    team: platform\n', '    team: platform\n    since: !!timestamp 2001-12-14\n')
      .replace("      note: 'a \"quoted\" ${not-a-template} value'", '      blob: !!binary aGVsbG8=');
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), text);
    const lines = text.split('\n');
    const r = await cli(['generate', '-c', 'fleet.yaml', '--out', 'out'], dir);
    expectBadInput(r, [
      `fleet.yaml:${lines.findIndex((l) => l.includes('since:')) + 1}: defaults.tags.since: is a timestamp (!!timestamp)`,
      `fleet.yaml:${lines.findIndex((l) => l.includes('blob:')) + 1}: vpcs.search-prod.tags.blob: is binary data (!!binary)`,
    ]);
    expect(r.stderr).not.toMatch(/is a map/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('a %YAML 1.1 directive changes nothing: `yes` stays a string, a merge key is refused', async () => {
    const dir = tmp('yaml');
    fs.writeFileSync(path.join(dir, 'c.yaml'), `%YAML 1.1\n---\n${fs.readFileSync(EXAMPLE_CONFIG, 'utf8')}privateDns:\n  ecs: yes\n`);
    const r = await cli(['synth', '-c', 'c.yaml', '--out', 'out'], dir);
    expectBadInput(r, [/privateDns\.ecs: is a string \("yes"\)/]);
  });
});

// ---------------------------------------------------------------------------
// 3. what --force may replace
// ---------------------------------------------------------------------------

describe('3. --force', () => {
  /** A repository: .git, the configuration, a README; the module generated in place would replace all of it. */
  function repository(): string {
    const dir = tmp('repo');
    fs.mkdirSync(path.join(dir, '.git', 'objects'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'privatelink.config.yaml'));
    fs.writeFileSync(path.join(dir, 'README.md'), '# my repository\n');
    return dir;
  }

  test('rejects generate --out . --force in a repository root: exit 2, nothing deleted', async () => {
    const dir = repository();
    const before = snapshot(dir);
    const r = await cli(['generate', '--out', '.', '--force'], dir);
    expectBadInput(r, ['--out .: cannot be replaced: it is the working folder']);
    expect(snapshot(dir)).toEqual(before);
  });

  test('rejects --force on a folder that is an ancestor of the working folder, holds the configuration, a .git, or no generated file', async () => {
    const dir = repository();
    fs.mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
    const before = snapshot(dir);
    const cases: [string, string[], string][] = [
      [path.join(dir, 'sub', 'deeper'), ['generate', '-c', '../../privatelink.config.yaml', '--out', '..', '--force'], 'cannot be replaced: it holds the working folder (deeper)'],
      [path.join(dir, 'sub'), ['generate', '-c', '../privatelink.config.yaml', '--out', dir, '--force'], 'cannot be replaced: it holds the working folder'],
      [os.tmpdir(), ['generate', '-c', path.join(dir, 'privatelink.config.yaml'), '--out', dir, '--force'], ': cannot be replaced: it holds the configuration file (privatelink.config.yaml)'],
    ];
    for (const [cwd, args, message] of cases) {
      const r = await cli(args, cwd);
      expectBadInput(r, [message]);
      expect(snapshot(dir)).toEqual(before);
    }
    // A folder with a .git inside (but not the configuration nor the working folder).
    const other = tmp('repo');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(other, 'c.yaml'));
    fs.mkdirSync(path.join(other, 'mod', 'vendor', '.git'), { recursive: true });
    const withGit = await cli(['generate', '-c', 'c.yaml', '--out', 'mod', '--force'], other);
    expectBadInput(withGit, ['--out mod: cannot be replaced: it holds vendor/.git, a git repository']);
    expect(fs.existsSync(path.join(other, 'mod', 'vendor', '.git'))).toBe(true);
    // A folder of someone's own files, none generated.
    fs.rmSync(path.join(other, 'mod'), { recursive: true });
    fs.mkdirSync(path.join(other, 'mod'));
    fs.writeFileSync(path.join(other, 'mod', 'notes.md'), 'mine\n');
    const foreign = await cli(['generate', '-c', 'c.yaml', '--out', 'mod', '--force'], other);
    expectBadInput(foreign, ['--out mod: cannot be replaced: it holds no file that ecs-privatelink generated (1 file, like notes.md); --force replaces only a folder of a generated module']);
    expect(fs.readFileSync(path.join(other, 'mod', 'notes.md'), 'utf8')).toBe('mine\n');
  });

  test('replaces, with --force, a generated module with a file added', async () => {
    const dir = await generated();
    fs.writeFileSync(path.join(dir, 'mod', 'extra.tf'), '# mine\n');
    const r = await cli(['generate', '-q', '-c', 'c.yaml', '--out', 'mod', '--force'], dir);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'mod', 'extra.tf'))).toBe(false);
  });

  test('rejects a symlinked --out (generate and a fleet module folder) instead of replacing the link', async () => {
    const dir = await generated();
    fs.renameSync(path.join(dir, 'mod'), path.join(dir, 'real'));
    fs.symlinkSync('real', path.join(dir, 'mod'));
    const before = snapshot(dir);
    const r = await cli(['generate', '-c', 'c.yaml', '--out', 'mod'], dir);
    expectBadInput(r, [`--out mod: cannot be replaced: it is a symbolic link to real; name the folder itself (--out ${path.join(dir, 'real')})`]);
    expect(snapshot(dir)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------
// 4. no command replaces a file it did not write
// ---------------------------------------------------------------------------

describe('4. files the tool did not write', () => {
  test("rejects synth --out . over an unrelated manifest.json and cdk.tf.json; replaces CDKTF's own and, with --force, any", async () => {
    const dir = tmp('synth');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'c.yaml'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"name": "my web app"}\n');
    const before = snapshot(dir);
    const r = await cli(['synth', '-c', 'c.yaml', '--out', '.'], dir);
    expectBadInput(r, ['--out .: holds 1 file that synth would replace but did not write (manifest.json)', 'nothing was written']);
    expect(snapshot(dir)).toEqual(before);
    // A stack file that is not CDKTF's.
    const other = tmp('synth');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(other, 'c.yaml'));
    // The example's stack: ecs-privatelink-<vpcId>.
    const stack = 'ecs-privatelink-vpc-0a1b2c3d4e5f67890';
    fs.mkdirSync(path.join(other, 'out', 'stacks', stack), { recursive: true });
    fs.writeFileSync(path.join(other, 'out', 'stacks', stack, 'cdk.tf.json'), '{}\n');
    expectBadInput(await cli(['synth', '-c', 'c.yaml', '--out', 'out'], other), [`(stacks/${stack}/cdk.tf.json)`]);
    expect(fs.readFileSync(path.join(other, 'out', 'stacks', stack, 'cdk.tf.json'), 'utf8')).toBe('{}\n');
    expect((await cli(['synth', '-q', '-c', 'c.yaml', '--out', 'out', '--force'], other)).code).toBe(0);
    // Output of the CDKTF app itself (no record of ours): replaced without --force.
    fs.rmSync(path.join(other, 'out', '.ecs-privatelink-synth.json'));
    expect((await cli(['synth', '-q', '-c', 'c.yaml', '--out', 'out'], other)).code).toBe(0);
  });

  test('rejects diagram --out over notes it did not write, and an extension it cannot write (.png, none); writes .md as Mermaid in Markdown and replaces its own files', async () => {
    const dir = tmp('diagram');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'c.yaml'));
    fs.writeFileSync(path.join(dir, 'NOTES.md'), '# my notes\n');
    const notes = await cli(['diagram', '-c', 'c.yaml', '--out', 'NOTES.md'], dir);
    expectBadInput(notes, ['--out NOTES.md: already exists and is not a diagram this command wrote; choose another --out, or add --force to replace it']);
    expect(fs.readFileSync(path.join(dir, 'NOTES.md'), 'utf8')).toBe('# my notes\n');
    for (const name of ['d.png', 'diagram']) {
      const r = await cli(['diagram', '-c', 'c.yaml', '--out', name], dir);
      expectBadInput(r, [`--out ${name}: has `, 'diagram cannot tell the format; name a .svg file (SVG), .mmd or .mermaid (Mermaid) or .md']);
      expect(fs.existsSync(path.join(dir, name))).toBe(false);
    }
    for (const name of ['d.md', 'd.mmd', 'd.svg']) {
      expect((await cli(['diagram', '-q', '-c', 'c.yaml', '--out', name], dir)).code).toBe(0);
      expect((await cli(['diagram', '-q', '-c', 'c.yaml', '--out', name], dir)).code).toBe(0);
    }
    expect(fs.readFileSync(path.join(dir, 'd.md'), 'utf8')).toMatch(/^<!-- Diagram generated by ecs-privatelink diagram;.*-->\n\n```mermaid\n%%\{init:[^]*\n```\n$/);
    expect(fs.readFileSync(path.join(dir, 'd.svg'), 'utf8')).toMatch(/^<\?xml/);
    expect((await cli(['diagram', '-q', '-c', 'c.yaml', '--out', 'NOTES.md', '--force'], dir)).code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['NOTES.md', 'c.yaml', 'd.md', 'd.mmd', 'd.svg']);
  });

  test('rejects init and diagram --out naming a symbolic link, which would be replaced instead of its target', async () => {
    const dir = tmp('link');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'c.yaml'));
    fs.writeFileSync(path.join(dir, 'target.mmd'), 'x\n');
    fs.symlinkSync('target.mmd', path.join(dir, 'link.mmd'));
    expectBadInput(await cli(['diagram', '-c', 'c.yaml', '--out', 'link.mmd'], dir), ['--out link.mmd: is a symbolic link']);
    expectBadInput(await cli(['init', '--out', 'link.mmd', '--force'], dir), ['--out link.mmd: is a symbolic link']);
    expect(fs.readlinkSync(path.join(dir, 'link.mmd'))).toBe('target.mmd');
  });
});

// ---------------------------------------------------------------------------
// 6. a closed pipe
// ---------------------------------------------------------------------------

describe('6. EPIPE', () => {
  test.each([
    ['schema | true', `node ${JSON.stringify(BIN)} schema | true`],
    ['schema | head -c 10', `node ${JSON.stringify(BIN)} schema | head -c 10 >/dev/null`],
    ['synth | head -1', `node ${JSON.stringify(BIN)} synth -c ${JSON.stringify(EXAMPLE_CONFIG)} --out out --json -q | head -1 >/dev/null`],
    ['generate | true', `node ${JSON.stringify(BIN)} generate -c ${JSON.stringify(EXAMPLE_CONFIG)} --out mod -q | true`],
  ])('%s: quiet, exit 0, no stack trace, and the write complete', (_, command) => {
    const dir = tmp('pipe');
    const r = spawnSync('bash', ['-c', `set -o pipefail; sleep 0; ${command}; echo "exit=\${PIPESTATUS[0]}" >&2`], { cwd: dir, env: env(), encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('exit=0\n');
    if (command.includes('synth')) expect(fs.existsSync(path.join(dir, 'out', 'manifest.json'))).toBe(true);
    if (command.includes('generate')) expect(fs.existsSync(path.join(dir, 'mod', 'main.tf'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// 7. bad input is exit 2, never 3
// ---------------------------------------------------------------------------

describe('7. exit 2, not 3', () => {
  test('rejects a 300-character name and a symbolic link loop, for every command that reads or writes', async () => {
    const dir = tmp('paths');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'c.yaml'));
    fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
    const long = 'x'.repeat(300);
    const cases: [string[], string][] = [
      [['synth', '-c', `${long}.yaml`, '--out', 'out'], 'the name is too long'],
      [['synth', '-c', 'c.yaml', '--out', long], 'the name is too long'],
      [['generate', '-c', 'c.yaml', '--out', `${long}/mod`], 'the name is too long'],
      [['check', '-c', 'c.yaml', '--dir', long], 'the name is too long'],
      [['init', '--out', `${long}.yaml`], 'the name is too long'],
      [['diagram', '-c', 'c.yaml', '--out', `${long}.svg`], 'the name is too long'],
      [['cost', '-c', `${long}.yaml`, '--gb-per-month', '1'], 'the name is too long'],
      [['synth', '-c', 'loop-a', '--out', 'out'], 'symbolic link loop'],
      [['generate', '-c', 'c.yaml', '--out', 'loop-a'], 'symbolic link loop'],
      [['check', '-c', 'c.yaml', '--dir', 'loop-a'], 'symbolic link loop'],
      [['diagram', '-c', 'c.yaml', '--out', 'loop-a/d.svg'], 'symbolic link loop'],
    ];
    for (const [args, fragment] of cases) {
      const r = await cli([args[0], '-q', ...args.slice(1)], dir);
      expect({ args: args.join(' ').slice(0, 60), code: r.code }).toEqual({ args: args.join(' ').slice(0, 60), code: 2 });
      expectBadInput(r, [fragment]);
      expect(r.stderr.trimEnd().split('\n').length).toBe(2);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['c.yaml', 'loop-a', 'loop-b']);
  });

  test('rejects a configuration it cannot read as a non-root user', async () => {
    const dir = tmp('paths');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'c.yaml'));
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'c.yaml'), 0o000);
    const unreadable = await binary(['synth', '-c', 'c.yaml', '--out', '/tmp/never-written'], dir, { uid: 65534 });
    expectBadInput(unreadable, ['c.yaml: cannot be read (permission denied)']);
  });

  test('synth works with $TMPDIR missing, and leaves nothing in the temporary folder', async () => {
    const dir = tmp('tmpdir');
    const r = await binary(['synth', '-q', '-c', EXAMPLE_CONFIG, '--out', 'out'], dir, { env: env({ TMPDIR: path.join(dir, 'missing') }) });
    expect(r).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['.ecs-privatelink-synth.json', 'manifest.json', 'stacks']);
  });

  test('accepts a fleet of 10,000 VPCs reusing *cidrs and *tags anchors, and rejects a billion-laughs bomb of 1 KB', async () => {
    const dir = tmp('aliases');
    const vpcs = Array.from({ length: 10_000 }, (_, i) => {
      const n = String(i).padStart(5, '0');
      return `  vpc-${n}:\n    vpcId: vpc-0a1b2c3d4e5f${n.padStart(5, '0')}\n    subnetIds: [subnet-0a1b2c3d4e5f${n}]\n    routeTableIds: [rtb-0a1b2c3d4e5f${n}]\n    allowedCidrBlocks: *cidrs\n    tags: *tags\n`;
    });
    // The anchors live under defaults (a known field), so the file is valid.
    const text = `defaults:\n  region: eu-west-1\n  profile: ecr-only\n  allowedCidrBlocks: &cidrs [10.0.0.0/16, 10.1.0.0/16, 10.2.0.0/16, 10.3.0.0/16]\n  tags: &tags {team: platform, owner: infra, cost-center: "4711", env: prod, app: ecs}\nvpcs:\n${vpcs.join('')}`;
    expect(text.match(/\*cidrs/g)).toHaveLength(10_000);
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), text);
    const ok = await binary(['cost', '-q', '-c', 'fleet.yaml', '--vpc', 'vpc-05000', '--gb-per-month', '100'], dir, { timeout: 120_000 });
    expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
    const bomb = ['region: eu-west-1', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const c of 'bcdefghij') bomb.push(`${c}: &${c} [${Array(10).fill(`*${String.fromCharCode(c.charCodeAt(0) - 1)}`).join(',')}]`);
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), `${bomb.join('\n')}\n`);
    expect(fs.statSync(path.join(dir, 'bomb.yaml')).size).toBeLessThan(1024);
    const refused = await binary(['synth', '-c', 'bomb.yaml', '--out', 'out'], dir, { timeout: 30_000 });
    expectBadInput(refused, ['bomb.yaml: its aliases (*name) expand to more than 100,000 values (an alias bomb?)']);
  });
});

// ---------------------------------------------------------------------------
// 8. messages
// ---------------------------------------------------------------------------

describe('8. messages', () => {
  test.each(['cost', 'diagram'])('%s with a fleet says it takes one VPC and names them; --vpc picks one; a wrong --vpc is named', async (command) => {
    const dir = tmp('fleet-report');
    const extra = command === 'cost' ? ['--gb-per-month', '100'] : [];
    const r = await cli([command, '-c', FLEET, ...extra], dir);
    expectBadInput(r, [`config.yaml: is a fleet of 3 VPCs (payments-prod, payments-staging, search-prod); ${command} takes a single VPC: name one with --vpc <name>, like --vpc payments-prod`]);
    expect(r.stderr).not.toContain('is not a known field');
    const one = await cli([command, '-q', '-c', FLEET, '--vpc', 'search-prod', ...extra], dir);
    expect({ code: one.code, stderr: one.stderr }).toEqual({ code: 0, stderr: '' });
    expect(one.stdout).toContain(command === 'cost' ? 'us-east-1' : 'vpc-0a1b2c3d4e5f60003');
    expectBadInput(await cli([command, '-c', FLEET, '--vpc', 'search-prd', ...extra], dir), ['--vpc search-prd: is no VPC of the fleet', 'did you mean "search-prod"?']);
    expectBadInput(await cli([command, '-c', EXAMPLE_CONFIG, '--vpc', 'x', ...extra], dir), ['--vpc x: ', 'holds a single VPC, not a fleet; leave --vpc out']);
  });

  test('one endpoint is "1 endpoint", in the progress of every command that reads the configuration', async () => {
    const dir = tmp('count');
    fs.writeFileSync(path.join(dir, 'c.yaml'), 'region: eu-west-1\nvpcId: vpc-0a1b2c3d4e5f67890\nprofile: none\nendpoints: [s3]\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\n');
    for (const args of [['synth', '--out', 'out'], ['generate', '--out', 'mod'], ['diagram', '--out', 'd.svg'], ['cost', '--gb-per-month', '1']]) {
      const r = await cli([args[0], '-c', 'c.yaml', ...args.slice(1)], dir);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      expect(r.stderr).toContain('1 endpoint (s3)');
      expect(r.stderr).not.toMatch(/\b1 endpoints\b/);
    }
  });

  test('control characters, ANSI escapes and U+2028 in a path or a value are printed escaped, one problem per line', async () => {
    const dir = tmp('escape');
    const name = 'bad\u001b[31mred\nline\u2028.yaml';
    const missing = await cli(['synth', '-c', name, '--out', 'out'], dir);
    expectBadInput(missing, ['bad\\x1b[31mred\\x0aline\\u2028.yaml: no such file']);
    expect(missing.stderr).not.toMatch(/[\u001b\u2028]/);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(2);
    fs.writeFileSync(path.join(dir, 'c.yaml'), 'region: eu-west-1\nvpcId: "vpc-\\e[2J\\u2028\\u0085x"\nprofile: none\nendpoints: [s3]\nrouteTableIds: [rtb-0a1b2c3d4e5f60001]\n');
    const value = await cli(['generate', '-c', 'c.yaml', '--out', 'mod'], dir);
    expectBadInput(value, ['c.yaml:2: vpcId: ']);
    expect(value.stderr).not.toMatch(/[\u001b\u2028\u0085]/);
    expect(value.stderr).toMatch(/\\u2028/);
    expect(value.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  test('file system errors name the cause, not permissions, when permissions are not the cause', () => {
    for (const code of ['EBUSY', 'ENOTEMPTY', 'EXDEV', 'ENOSPC', 'ELOOP', 'ENAMETOOLONG']) {
      const err = Object.assign(new Error(code), { code });
      expect({ code, text: writeProblem(err) }).toEqual({ code, text: expect.not.stringContaining('permissions') });
      expect(fsReason(err)).not.toBe(code);
    }
    expect(writeProblem(Object.assign(new Error('EBUSY'), { code: 'EBUSY' }))).toBe(
      'cannot be written (it is in use: a mount point, or held open by another program); choose a folder that is not a mount point, or unmount it',
    );
    expect(writeProblem(Object.assign(new Error('EACCES'), { code: 'EACCES' }))).toContain('fix the permissions');
  });
});

// ---------------------------------------------------------------------------
// 9. bounds on prices and volumes
// ---------------------------------------------------------------------------

describe('9. cost never prints infinity, NaN or null', () => {
  test.each([
    ['natGatewayHourly: 1e308', 'pricing.natGatewayHourly: 1e+308 is above 1000'],
    ['interfaceEndpointPerGb: 1e400', 'pricing.interfaceEndpointPerGb: 1e400 is out of range'],
    ['natGatewayPerGb: .inf', 'pricing.natGatewayPerGb: .inf is out of range'],
  ])('rejects pricing %s', async (line, message) => {
    const dir = tmp('cost');
    fs.writeFileSync(path.join(dir, 'c.yaml'), `${fs.readFileSync(EXAMPLE_CONFIG, 'utf8')}pricing:\n  ${line}\n`);
    const r = await cli(['cost', '--json', '-c', 'c.yaml', '--gb-per-month', '100'], dir);
    expectBadInput(r, [message]);
    expect(r.stdout + r.stderr).not.toMatch(/∞|NaN|null/);
  });

  test('rejects flags beyond their bounds, and the largest accepted values give finite numbers', async () => {
    const dir = tmp('cost');
    for (const args of [
      ['--gb-per-month', '9'.repeat(400)],
      ['--gb-per-month', '1000000001'],
      ['--gb-per-month', '1', '--nat-gateway-hourly', '1001'],
      ['--gb-per-month', '1', '--nat-gateways', '1001'],
    ]) {
      const r = await cli(['cost', '-c', EXAMPLE_CONFIG, ...args], dir);
      expectBadInput(r, ['is invalid. expected']);
    }
    const max = ['--gb-per-month', '1000000000', '--nat-gateways', '1000', '--nat-gateway-hourly', '1000', '--nat-gateway-per-gb', '1000', '--interface-endpoint-hourly', '1000', '--interface-endpoint-per-gb', '1000'];
    const text = await cli(['cost', '-q', '-c', EXAMPLE_CONFIG, ...max], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/∞|NaN|null|undefined/);
    const json = await cli(['cost', '-q', '--json', '-c', EXAMPLE_CONFIG, ...max], dir);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(/null|NaN|Infinity/);
  });
});

// ---------------------------------------------------------------------------
// 10. synth removes the stacks of VPCs that left the fleet
// ---------------------------------------------------------------------------

describe('10. stacks of VPCs that left', () => {
  test('synth removes the stack folder it wrote for a VPC that left the fleet and says so; one holding a state is left alone with a note', async () => {
    const dir = tmp('stale');
    const text = fs.readFileSync(FLEET, 'utf8');
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), text);
    expect((await cli(['synth', '-q', '-c', 'fleet.yaml', '--out', 'out'], dir)).code).toBe(0);
    const stacks = path.join(dir, 'out', 'stacks');
    expect(fs.readdirSync(stacks).sort()).toEqual(['ecs-privatelink-payments-prod', 'ecs-privatelink-payments-staging', 'ecs-privatelink-search-prod']);
    // search-prod has been deployed with a local state; payments-staging has not.
    fs.writeFileSync(path.join(stacks, 'ecs-privatelink-search-prod', 'terraform.ecs-privatelink-search-prod.tfstate'), '{}\n');
    const fewer = text.replace(/\n {2}payments-staging:\n(?: {4}.*\n)*/, '\n').replace(/\n {2}search-prod:\n(?: {4}.*\n)*/, '\n');
    expect(fewer).not.toMatch(/payments-staging|search-prod/);
    fs.writeFileSync(path.join(dir, 'fleet.yaml'), fewer);
    const r = await cli(['synth', '-c', 'fleet.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('removed out/stacks/ecs-privatelink-payments-staging: its VPC is no longer in fleet.yaml');
    expect(r.stderr).toContain(
      'ecs-privatelink synth: note: out/stacks/ecs-privatelink-search-prod is a stack of no VPC in fleet.yaml; it was left alone because it holds terraform.ecs-privatelink-search-prod.tfstate',
    );
    expect(fs.readdirSync(stacks).sort()).toEqual(['ecs-privatelink-payments-prod', 'ecs-privatelink-search-prod']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'manifest.json'), 'utf8')).stacks).toEqual({ 'ecs-privatelink-payments-prod': expect.any(Object) });
    // A folder synth did not write is never removed, whatever its name.
    fs.mkdirSync(path.join(stacks, 'ecs-privatelink-mine'));
    fs.writeFileSync(path.join(stacks, 'ecs-privatelink-mine', 'cdk.tf.json'), '{}\n');
    expect((await cli(['synth', '-q', '-c', 'fleet.yaml', '--out', 'out'], dir)).code).toBe(0);
    expect(fs.existsSync(path.join(stacks, 'ecs-privatelink-mine', 'cdk.tf.json'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['.ecs-privatelink-synth.json', 'manifest.json', 'stacks']);
  });
});

// ---------------------------------------------------------------------------
// 11. a size bound on the configuration file
// ---------------------------------------------------------------------------

describe('11. size bound', () => {
  test('rejects a configuration file over 10 MiB before parsing it (a 50 MB tag value), quickly', async () => {
    const dir = tmp('size');
    const file = path.join(dir, 'c.yaml');
    fs.writeFileSync(file, `${fs.readFileSync(EXAMPLE_CONFIG, 'utf8')}  big: "`);
    fs.appendFileSync(file, Buffer.alloc(50 * 1000 * 1000, 'a'));
    fs.appendFileSync(file, '"\n');
    const started = Date.now();
    const r = await cli(['synth', '-c', 'c.yaml', '--out', 'out'], dir);
    expectBadInput(r, ['c.yaml: is larger than 10 MiB (the largest configuration file read;']);
    // Not a speed goal (those live in the benchmark): a bound that fails only when the file is parsed (15 to 40 s before).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('accepts a file just under the bound', async () => {
    const dir = tmp('size');
    const file = path.join(dir, 'c.yaml');
    fs.writeFileSync(file, fs.readFileSync(EXAMPLE_CONFIG, 'utf8'));
    fs.appendFileSync(file, `# ${'x'.repeat(10 * 1024 * 1024 - fs.statSync(file).size - 4)}\n`);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(10 * 1024 * 1024);
    const r = await cli(['synth', '-q', '-c', 'c.yaml', '--out', 'out'], dir);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });
});

// ---------------------------------------------------------------------------
// 12. the lock of a run of another user
// ---------------------------------------------------------------------------

describe('12. the lock of a run of another user', () => {
  test("waits, as a non-root user, on the lock of a live run of another user (which it may not signal): never takes it over", async () => {
    const dir = tmp('lock');
    fs.copyFileSync(EXAMPLE_CONFIG, path.join(dir, 'c.yaml'));
    fs.chmodSync(dir, 0o777);
    fs.chmodSync(path.join(dir, 'c.yaml'), 0o644);
    // This test's own process (root's, alive) holds the lock: signalling it from uid 65534 fails with EPERM, not ESRCH.
    const lock = path.join(dir, '.mod.lock');
    fs.writeFileSync(lock, `${process.pid}\n`);
    const r = await binary(['generate', '-q', '-c', 'c.yaml', '--out', 'mod'], dir, { uid: 65534, timeout: 3000 });
    expect(r.signal).toBe('SIGKILL'); // still waiting when stopped
    expect(fs.readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    expect(fs.readdirSync(dir).sort()).toEqual(['.mod.lock', 'c.yaml']);
  });
});
