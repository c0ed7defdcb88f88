/**
 * scripts/build.js (`npm run build`, and the first step of `npm start` and of
 * cdktf.json's app) rebuilds only what changed: these tests check, in a copy
 * of the sources, that an edit always shows up in what dist/ runs and that an
 * unchanged tree rebuilds nothing. That its output is tsc's, byte for byte,
 * is checked by test/typecheck.test.ts, on the output of the type check's tsc.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './support/cases';
import { buildSources } from './support/golden';

interface BuildResult {
  transpiled: string[];
  deleted: string[];
  precompiled: boolean;
}

let copy: string;
beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-build-'));
  for (const entry of ['package.json', 'tsconfig.json', 'main.ts', 'lib', 'bin', 'generators', 'templates', 'scripts', 'privatelink.config.yaml']) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

/** Runs the copy's build in its own process, as npm start does. */
function build(): BuildResult {
  const code = `process.stdout.write(JSON.stringify(require(${JSON.stringify(path.join(copy, 'scripts', 'build.js'))}).build()))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: copy, encoding: 'utf8' })) as BuildResult;
}

function cli(args: string[]): string {
  return execFileSync(process.execPath, [path.join(copy, 'dist', 'bin', 'ecs-privatelink.js'), ...args], { cwd: copy, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
}

function edit(rel: string, from: string, to: string): void {
  const file = path.join(copy, rel);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${rel} no longer holds ${JSON.stringify(from)}; update this test`);
  fs.writeFileSync(file, text.replace(from, to));
}

describe('scripts/build.js', () => {
  // That the JavaScript is tsc's, byte for byte, test/typecheck.test.ts checks on the repository's dist/, against the
  // output of its own tsc run (one TypeScript program for both).
  test('a first build transpiles every source, in the layout of tsc, plus the precompiled templates', () => {
    const first = build();
    const sources = buildSources(copy);
    expect([...first.transpiled].sort()).toEqual(sources);
    expect(first.precompiled).toBe(true);
    const dist = path.join(copy, 'dist');
    for (const rel of sources) expect({ rel, built: fs.existsSync(path.join(dist, rel.replace(/\.ts$/, '.js'))) }).toEqual({ rel, built: true });
    for (const rel of ['generators/templates.precompiled.js', 'package.json']) expect(fs.existsSync(path.join(dist, rel))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dist, 'package.json'), 'utf8'))).toEqual(JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8')));
  });

  test('an unchanged tree rebuilds nothing', () => {
    expect(build()).toEqual({ transpiled: [], deleted: [], precompiled: false, ms: expect.any(Number) });
  });

  test('an edited source shows up in the next run, and only that file is transpiled', () => {
    expect(cli(['--help'])).toContain('write a commented starter configuration file');
    edit('bin/commands/init.ts', "summary('write a commented starter configuration file')", "summary('EDITED starter')");
    expect(build().transpiled).toEqual(['bin/commands/init.ts']);
    expect(cli(['--help'])).toContain('EDITED starter');
  });

  test('an edited template shows up in generate, through a new precompiled bundle', () => {
    const out = path.join(copy, 'out-module');
    cli(['generate', '-q', '--out', out]);
    expect(fs.readFileSync(path.join(out, 'main.tf'), 'utf8')).not.toContain('EDITED-TEMPLATE');
    const main = fs.readdirSync(path.join(copy, 'templates', 'module')).find((f) => f.startsWith('main.tf'))!;
    fs.appendFileSync(path.join(copy, 'templates', 'module', main), '\n# EDITED-TEMPLATE\n');
    const before = fs.readFileSync(path.join(copy, 'dist', 'generators', 'templates.precompiled.js'), 'utf8');
    const result = build();
    expect(result).toMatchObject({ transpiled: [], precompiled: true });
    expect(fs.readFileSync(path.join(copy, 'dist', 'generators', 'templates.precompiled.js'), 'utf8')).not.toBe(before);
    cli(['generate', '-q', '--out', out]);
    expect(fs.readFileSync(path.join(out, 'main.tf'), 'utf8')).toContain('EDITED-TEMPLATE');
  });

  test('a version bump in package.json shows up in --version', () => {
    edit('package.json', '"version": "', '"version": "9.8.7-edited+');
    build();
    expect(cli(['--version'])).toMatch(/^9\.8\.7-edited\+/);
  });

  test('an output overwritten by something else, or deleted, is rebuilt from the source', () => {
    const out = path.join(copy, 'dist', 'bin', 'commands', 'init.js');
    fs.writeFileSync(out, 'throw new Error("stale")\n');
    fs.rmSync(path.join(copy, 'dist', 'main.js'));
    expect(build().transpiled.sort()).toEqual(['bin/commands/init.ts', 'main.ts']);
    expect(cli(['--help'])).toContain('EDITED starter');
  });

  test('a deleted source loses its output; a new one gets one', () => {
    fs.writeFileSync(path.join(copy, 'lib', 'model', 'extra.ts'), 'export const EXTRA = 1;\n');
    expect(build().transpiled).toEqual(['lib/model/extra.ts']);
    expect(fs.existsSync(path.join(copy, 'dist', 'lib', 'model', 'extra.js'))).toBe(true);
    fs.rmSync(path.join(copy, 'lib', 'model', 'extra.ts'));
    expect(build()).toMatchObject({ transpiled: [], deleted: ['lib/model/extra.ts'] });
    expect(fs.existsSync(path.join(copy, 'dist', 'lib', 'model', 'extra.js'))).toBe(false);
  });

  test('fails with the file and the error when a source does not parse, and keeps the last good output', () => {
    const good = fs.readFileSync(path.join(copy, 'dist', 'main.js'), 'utf8');
    fs.appendFileSync(path.join(copy, 'main.ts'), '\nconst = ;\n');
    expect(() => build()).toThrow(/main\.ts does not transpile/);
    expect(fs.readFileSync(path.join(copy, 'dist', 'main.js'), 'utf8')).toBe(good);
  });
});
