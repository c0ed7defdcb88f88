/**
 * The folders follow the pipeline, and imports run one way:
 * bin/ → generators/ → lib/cdktf/, lib/reports/ → lib/model/, with no cycle.
 * Read from the source text (every relative `import`, `import()` and
 * `require()`), so a new file is checked without being listed here.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** Each layer, and the layers it may import from (itself included). */
const LAYERS: Record<string, readonly string[]> = {
  'lib/model': ['lib/model'],
  'lib/cdktf': ['lib/cdktf', 'lib/model'],
  'lib/reports': ['lib/reports', 'lib/model'],
  // The package's library entry (`import { EcsPrivateLink } from 'ecs-privatelink'`).
  'lib/index.ts': ['lib/cdktf', 'lib/model'],
  generators: ['generators', 'lib/cdktf', 'lib/reports', 'lib/model'],
  bin: ['bin', 'generators', 'lib/cdktf', 'lib/reports', 'lib/model'],
  'main.ts': ['bin/cli', 'lib/cdktf', 'lib/model'],
};

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (fs.statSync(abs).isFile()) return [dir];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

function layerOf(file: string): string {
  const match = Object.keys(LAYERS)
    .filter((l) => file === l || file.startsWith(`${l}/`))
    .sort((a, b) => b.length - a.length)[0];
  if (!match) throw new Error(`${file} is in no layer; add its folder to LAYERS`);
  return match;
}

/** The repository files a source file imports, by relative specifier. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.flatMap((spec) => {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    if (base === 'package.json' || base.endsWith('.json')) return [];
    for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
      if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return [candidate];
    }
    // A precompiled template bundle exists only after the build.
    if (/templates\.precompiled$/.test(base)) return [];
    throw new Error(`${file}: import "${spec}" resolves to no file`);
  });
}

const FILES = ['lib', 'generators', 'bin', 'main.ts'].flatMap(sourceFiles);

test('every source file is in a layer and imports only from its own layer or one below', () => {
  const violations: string[] = [];
  for (const file of FILES) {
    const allowed = LAYERS[layerOf(file)];
    for (const target of importsOf(file)) {
      const ok = allowed.some((l) => target === l || target.startsWith(`${l}/`));
      if (!ok) violations.push(`${file} imports ${target}`);
    }
  }
  expect(violations).toEqual([]);
  expect(FILES.length).toBeGreaterThan(20);
});

test('the imports have no cycle', () => {
  const graph = new Map(FILES.map((f) => [f, importsOf(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of FILES) visit(file, []);
  expect(cycles).toEqual([]);
});

test('rejects an import running back up (the checker itself can fail)', () => {
  const allowed = LAYERS['lib/model'];
  expect(allowed.some((l) => 'generators/module.ts'.startsWith(`${l}/`))).toBe(false);
  expect(() => layerOf('elsewhere/x.ts')).toThrow(/in no layer/);
});
