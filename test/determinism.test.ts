/**
 * Determinism and safe writes: the same configuration renders and synthesizes
 * to the same bytes, whatever the time, the working folder or the run;
 * generated text is LF-only, ends with one newline and has no trailing
 * spaces; and a write that fails part-way leaves the previous module exactly
 * as it was, in writeModule and through `ecs-privatelink generate`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { run } from '../bin/ecs-privatelink';
import type { Io } from '../bin/cli/context';
import { loadConfig, type Spec } from '../lib/model/config';
import { EcsPrivateLinkStack } from '../lib/cdktf/stack';
import { renderModule } from '../generators/module';
import { renderTfvarsJson, specToTfvars } from '../generators/tfvars';
import { writeModule } from '../generators/write';
import { EXAMPLE_CONFIG, loadCases, REPO_ROOT } from './support/cases';
import { listFiles } from './support/golden';
import { synthSpec } from './support/synth';
import { removeTempDirs, tempDir } from './support/terraform';

/** The fs module object itself: generators/write.ts reads its functions from it at each call, so spies on it take effect there. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof fs = require('fs');

const cases = [...loadCases().map((c) => ({ name: c.name, spec: c.spec })), { name: 'example', spec: loadConfig(EXAMPLE_CONFIG) }];
afterAll(removeTempDirs);

/** cdk.tf.json as `app.synth()` writes it (what `ecs-privatelink synth` and `cdktf synth` write), from the working folder `cwd`. */
function appSynth(spec: Spec, cwd: string): string {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const outdir = path.join(cwd, 'cdktf.out');
    const app = new App({ outdir });
    new EcsPrivateLinkStack(app, spec.stack, spec);
    app.synth();
    return fs.readFileSync(path.join(outdir, 'stacks', spec.stack, 'cdk.tf.json'), 'utf8');
  } finally {
    process.chdir(before);
  }
}

/** The local state file, written relative to the stack's folder cdktf.out/stacks/<stack>: in the project folder, as with 0.1.0, but no absolute path. */
function expectRelativeStatePath(json: string, stack: string): void {
  const parsed = JSON.parse(json) as { terraform: { backend?: { local?: { path?: string } } } };
  expect(parsed.terraform.backend?.local?.path).toBe(`../../../terraform.${stack}.tfstate`);
}

/** A date with a time, or today's date (policy versions like 2012-10-17 are dates, but not timestamps). */
const TIMESTAMP = new RegExp(`\\b\\d{4}-[01]\\d-[0-3]\\d[T ][0-2]\\d:[0-5]\\d|${new Date().toISOString().slice(0, 10)}`);

function expectCleanText(what: string, text: string): void {
  const problems = [
    ...(text.includes('\r') ? ['a carriage return (CRLF or CR line ending)'] : []),
    ...(text.endsWith('\n') ? [] : ['no final newline']),
    ...(text.endsWith('\n\n') ? ['blank lines at the end'] : []),
    ...text.split('\n').flatMap((line, i) => (/[ \t]+$/.test(line) ? [`trailing white space on line ${i + 1}`] : [])),
    ...(text.includes(REPO_ROOT) || text.includes(os.tmpdir() + path.sep) ? ['an absolute path'] : []),
    ...(TIMESTAMP.test(text) ? [`a timestamp (${TIMESTAMP.exec(text)![0]})`] : []),
  ];
  expect({ what, problems }).toEqual({ what, problems: [] });
}

// ---------------------------------------------------------------------------
// Same input, same bytes
// ---------------------------------------------------------------------------

describe.each(cases.map((c) => [c.name, c.spec] as const))('%s', (_name, spec) => {
  test('two renders, at different times and from different working folders, are byte-identical', async () => {
    const first = await renderModule(spec);
    const before = process.cwd();
    jest.useFakeTimers({ now: new Date('2031-07-04T12:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'] });
    process.chdir(tempDir('cwd'));
    try {
      const second = await renderModule(structuredClone(spec));
      expect([...second.entries()]).toEqual([...first.entries()]);
    } finally {
      process.chdir(before);
      jest.useRealTimers();
    }
  });

  test('two synths are byte-identical (Testing.synth, and app.synth from the same or another working folder), the local state path relative', () => {
    expect(synthSpec(structuredClone(spec))).toBe(synthSpec(spec));
    const a = tempDir('synth-a');
    const b = tempDir('synth-b');
    const first = appSynth(spec, a);
    expectRelativeStatePath(first, spec.stack);
    expect(appSynth(structuredClone(spec), a)).toBe(first);
    expect(appSynth(spec, b)).toBe(first);
  });

  test('every generated file, the synthesized JSON and the tfvars are LF-only, end with one newline, and hold no trailing space, absolute path or timestamp', async () => {
    for (const [rel, text] of await renderModule(spec)) expectCleanText(`module ${rel}`, text);
    expectCleanText('cdk.tf.json (Testing.synth)', synthSpec(spec));
    const dir = tempDir('synth-clean');
    // app.synth writes no final newline; the rest must be clean, the local state path included.
    expectCleanText('cdk.tf.json (app.synth)', `${appSynth(spec, dir)}\n`);
    expectCleanText('terraform.tfvars.json', renderTfvarsJson(specToTfvars(spec)));
  });
});

// ---------------------------------------------------------------------------
// Safe writes
// ---------------------------------------------------------------------------

describe('a write that fails part-way leaves the previous module exactly as it was', () => {
  let previous: Map<string, string>;
  let next: Map<string, string>;
  beforeAll(async () => {
    previous = await renderModule(loadConfig(EXAMPLE_CONFIG));
    next = await renderModule(cases.find((c) => c.name === 'endpoint-policies')!.spec);
  });
  afterEach(() => jest.restoreAllMocks());

  const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).sort().map((rel) => [rel, fs.readFileSync(path.join(dir, rel), 'utf8')]));
  /** A module folder holding `previous`, and the folder around it (which must end up holding nothing else). */
  const existingModule = () => {
    const dir = path.join(tempDir('safe-write'), 'ecs-privatelink');
    writeModule(dir, previous);
    return dir;
  };
  const injected = (what: string) => Object.assign(new Error(`injected failure: ${what}`), { code: 'EIO' });

  test('writes the module (the baseline the failures below break)', () => {
    const dir = existingModule();
    writeModule(dir, next);
    expect(snapshot(dir)).toEqual(Object.fromEntries([...next.entries()].sort()));
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['ecs-privatelink']);
  });

  test('fails at every file written, in turn: the previous module stays, and no temporary folder is left', () => {
    const dir = existingModule();
    const before = snapshot(dir);
    const realWrite = nodeFs.writeFileSync;
    for (let failAt = 1; failAt <= next.size; failAt++) {
      let writes = 0;
      const spy = jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((...args: Parameters<typeof nodeFs.writeFileSync>) => {
        if (++writes === failAt) throw injected(`write ${failAt} of ${next.size}`);
        return realWrite(...args);
      });
      expect(() => writeModule(dir, next)).toThrow(`injected failure: write ${failAt} of ${next.size}`);
      spy.mockRestore();
      expect({ failAt, files: snapshot(dir) }).toEqual({ failAt, files: before });
      expect({ failAt, siblings: fs.readdirSync(path.dirname(dir)) }).toEqual({ failAt, siblings: ['ecs-privatelink'] });
    }
  });

  test('fails creating a folder of the new module, or moving the previous one aside: the previous module stays', () => {
    for (const [method, match] of [
      ['mkdirSync', (p: string) => p.endsWith(`${path.sep}tests`)],
      ['renameSync', (p: string) => !path.basename(p).startsWith('.')],
      ['chmodSync', () => true],
    ] as const) {
      const dir = existingModule();
      const before = snapshot(dir);
      const real = nodeFs[method] as (...a: unknown[]) => unknown;
      const spy = jest.spyOn(nodeFs, method).mockImplementation(((...args: unknown[]) => {
        if (match(String(args[0]))) throw injected(method);
        return real(...args);
      }) as never);
      expect(() => writeModule(dir, next)).toThrow(`injected failure: ${method}`);
      spy.mockRestore();
      expect({ method, files: snapshot(dir) }).toEqual({ method, files: before });
      expect({ method, siblings: fs.readdirSync(path.dirname(dir)) }).toEqual({ method, siblings: ['ecs-privatelink'] });
    }
  });

  test('fails putting the new module in place after the previous one was moved aside: the previous one is moved back', () => {
    const dir = existingModule();
    const before = snapshot(dir);
    const realRename = nodeFs.renameSync;
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (path.basename(String(from)).includes('.new-')) throw injected('rename into place');
      return realRename(from, to);
    });
    expect(() => writeModule(dir, next)).toThrow('injected failure: rename into place');
    jest.restoreAllMocks();
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['ecs-privatelink']);
  });

  test('generate, with a write failing half-way: exit 2, one line saying what failed, the previous module intact', async () => {
    const dir = existingModule();
    const before = snapshot(dir);
    const realWrite = nodeFs.writeFileSync;
    let writes = 0;
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((...args: Parameters<typeof nodeFs.writeFileSync>) => {
      if (String(args[0]).includes('.new-') && ++writes === 5) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return realWrite(...args);
    });
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: REPO_ROOT, env: {} };
    const config = path.join(REPO_ROOT, 'test', 'cases', 'endpoint-policies', 'config.yaml');
    const code = await run(['generate', '--quiet', '--config', config, '--out', dir], io);
    jest.restoreAllMocks();
    expect({ code, stdout: out.join('') }).toEqual({ code: 2, stdout: '' });
    const lines = err.join('').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^--out \S+ecs-privatelink: cannot be written \(no space left on the device\)/);
    expect(lines.every((line) => !line.includes('    at '))).toBe(true);
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['ecs-privatelink']);
  });
});
