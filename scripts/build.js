#!/usr/bin/env node
/**
 * `npm run build`: dist/ from the TypeScript sources, redoing only what
 * changed since the last build. Plain JavaScript, so that it runs before
 * anything is built.
 *
 * - Each source of tsconfig.json's `include` is transpiled on its own with
 *   TypeScript's `transpileModule` (the emitter of `tsc`, with the options of
 *   tsconfig.json; the sources are `isolatedModules`-clean, which
 *   `npm run typecheck` checks; the output is byte for byte tsc's) into
 *   dist/<path>.js, when its content hash differs from the one recorded at
 *   the last build, or its output is not the one recorded (missing, or
 *   overwritten since). The outputs of sources that are gone are deleted.
 * - JSON files the sources import (package.json) are copied, as tsc does.
 * - The templates are precompiled again (dist/generators/templates.precompiled.js)
 *   when any of them changed.
 * - A change to tsconfig.json, to this script or to the TypeScript version
 *   rebuilds everything.
 *
 * Nothing is type-checked here: `npm run typecheck` (tsc --noEmit, part of
 * `npm test`) does that. On an unchanged tree the build reads and hashes the
 * sources and loads nothing else (about 50 ms); `tsc -p` took 4-5 s every
 * time. `node scripts/build.js --full` (or deleting dist/) rebuilds all.
 *
 * State: dist/.build-state.json, written last; an interrupted build redoes
 * what it had not recorded. Every output is written through a temporary file
 * and a rename, so a reader never sees half a file.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const TSCONFIG = path.join(ROOT, 'tsconfig.json');
const STATE_FILE = '.build-state.json';
const TEMPLATES = path.join(ROOT, 'templates');
/** JSON files imported by the sources: tsc (resolveJsonModule) copies them into outDir. */
const COPIED = ['package.json'];

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

/** Files under `dir` (relative to ROOT, with /) whose names end in `ext`, sorted. */
function walk(dir, ext) {
  const abs = path.join(ROOT, dir);
  const stat = fs.statSync(abs, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return dir.endsWith(ext) ? [dir] : [];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`, ext) : e.name.endsWith(ext) ? [`${dir}/${e.name}`] : []))
    .sort();
}

/** The sources of tsconfig.json: `include` entries are files or `<folder>/**\/*.ts`. */
function sourceFiles(config) {
  const excluded = new Set(config.exclude ?? []);
  return [
    ...new Set(
      config.include.flatMap((pattern) => {
        const folder = pattern.replace(/\/\*\*\/\*\.ts$/, '');
        if (folder === pattern && !pattern.endsWith('.ts')) throw new Error(`scripts/build.js: tsconfig.json include "${pattern}" is neither a file nor <folder>/**/*.ts`);
        return walk(folder, '.ts');
      }),
    ),
  ].filter((rel) => !excluded.has(rel.split('/')[0]) && !rel.endsWith('.d.ts'));
}

function writeAtomic(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function readState(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function build(options = {}) {
  const started = process.hrtime.bigint();
  const tsconfigText = fs.readFileSync(TSCONFIG, 'utf8');
  const tsconfig = JSON.parse(tsconfigText);
  const outDir = path.resolve(ROOT, tsconfig.compilerOptions.outDir);
  const stateFile = path.join(outDir, STATE_FILE);
  let typescriptVersion;
  try {
    typescriptVersion = require('typescript/package.json').version;
  } catch {
    throw new Error('scripts/build.js: typescript is not installed; run npm ci');
  }
  const setup = sha256([tsconfigText, fs.readFileSync(__filename, 'utf8'), typescriptVersion].join('\0'));
  const previous = options.full ? undefined : readState(stateFile);
  const old = previous && previous.setup === setup ? previous : { setup, sources: {}, outputs: {}, copied: {}, templates: '' };

  // A source is rebuilt when it changed, or when its output is not the one this script wrote (missing, or written by something else).
  const sources = {};
  const outputs = {};
  const stale = [];
  for (const rel of sourceFiles(tsconfig)) {
    const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    const hash = sha256(text);
    sources[rel] = hash;
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    const written = fs.existsSync(out) ? sha256(fs.readFileSync(out)) : undefined;
    if (old.sources[rel] !== hash || written === undefined || old.outputs?.[rel] !== written) stale.push({ rel, text, out });
    else outputs[rel] = written;
  }
  const gone = Object.keys(old.sources).filter((rel) => !(rel in sources));

  if (stale.length > 0) {
    // Loaded only when something changed: TypeScript takes 0.3-0.5 s to load.
    const ts = require('typescript');
    const parsed = ts.parseJsonConfigFileContent(tsconfig, ts.sys, ROOT, undefined, TSCONFIG);
    const compilerOptions = { ...parsed.options, noEmit: false, declaration: false, sourceMap: false };
    for (const { rel, text, out } of stale) {
      const result = ts.transpileModule(text, { compilerOptions, fileName: path.join(ROOT, rel), reportDiagnostics: true });
      const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
      if (errors.length > 0) {
        const message = ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' });
        throw new Error(`scripts/build.js: ${rel} does not transpile:\n${message}`);
      }
      writeAtomic(out, result.outputText);
      outputs[rel] = sha256(result.outputText);
    }
  }
  for (const rel of gone) fs.rmSync(path.join(outDir, rel.replace(/\.ts$/, '.js')), { force: true });

  const copied = {};
  for (const rel of COPIED) {
    const data = fs.readFileSync(path.join(ROOT, rel));
    copied[rel] = sha256(data);
    const out = path.join(outDir, rel);
    if (!fs.existsSync(out) || sha256(fs.readFileSync(out)) !== copied[rel]) writeAtomic(out, data);
  }

  const templates = sha256(walk(path.relative(ROOT, TEMPLATES), '.hbs').map((rel) => `${rel}\0${sha256(fs.readFileSync(path.join(ROOT, rel)))}`).join('\n'));
  const precompiledFile = path.join(outDir, 'generators', 'templates.precompiled.js');
  let precompiled = false;
  const generatorChanged = stale.some((s) => s.rel.startsWith('generators/') || s.rel.startsWith('lib/model/')) || COPIED.some((rel) => old.copied[rel] !== copied[rel]);
  if (old.templates !== templates || generatorChanged || !fs.existsSync(precompiledFile)) {
    // generators/precompile.ts, as built just now; it writes the file itself.
    const precompile = path.join(outDir, 'generators', 'precompile.js');
    delete require.cache[require.resolve(precompile)];
    writeAtomic(precompiledFile, require(precompile).precompiledModule());
    precompiled = true;
  }

  writeAtomic(stateFile, `${JSON.stringify({ setup, sources, outputs, copied, templates }, null, 2)}\n`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { transpiled: stale.map((s) => s.rel), deleted: gone, precompiled, ms };
}

if (require.main === module) {
  try {
    const result = build({ full: process.argv.includes('--full') });
    if (process.argv.includes('--verbose') || process.env.ECS_PRIVATELINK_BUILD_VERBOSE === '1') {
      process.stderr.write(
        `build: ${result.transpiled.length} transpiled, ${result.deleted.length} deleted, templates ${result.precompiled ? 'precompiled' : 'unchanged'} (${Math.round(result.ms)} ms)\n`,
      );
    }
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}

module.exports = { build };
