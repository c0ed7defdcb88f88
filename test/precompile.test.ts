/**
 * The build's precompiled templates (generators/precompile.ts): one entry per
 * template with the hash of its source, and the command line, which uses them,
 * writes what the in-process renderer (which compiles) writes: see the
 * generate tests of cli.test.ts. Here, in process, the renderer's choice
 * (generators/helpers.ts): the precompiled templates when every hash matches
 * its source, without loading the compiler; else every template compiled.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sha256, templateFiles, templatesDir } from '../generators/helpers';
import { renderModule } from '../generators/module';
import { precompiledModule, writePrecompiledModule } from '../generators/precompile';
import { loadConfig } from '../lib/model/config';
import { EXAMPLE_CONFIG } from './support/cases';

type Precompiled = Record<string, { sha256: string; spec: Record<string, unknown> }>;

/** The build's precompiled templates of the current sources, as dist/generators/templates.precompiled.js holds them. */
function buildPrecompiled(): Precompiled {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-precompiled-'));
  try {
    const file = path.join(dir, 'templates.precompiled.js');
    fs.writeFileSync(file, precompiledModule());
    return require(file) as Precompiled;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('every template and partial is precompiled, keyed by its path, with the SHA-256 of its source', () => {
  const precompiled = buildPrecompiled();
  expect(Object.keys(precompiled)).toEqual(templateFiles());
  expect(templateFiles()).toEqual(expect.arrayContaining(['module/main.tf.hbs', 'module/partials/header.hbs', 'roots/main.tf.hbs']));
  for (const [rel, entry] of Object.entries(precompiled)) {
    expect({ rel, sha256: entry.sha256 }).toEqual({ rel, sha256: sha256(fs.readFileSync(path.join(templatesDir(), rel), 'utf8')) });
    expect(typeof entry.spec.main).toBe('function');
  }
});

test('the build writes the module whole: over what was there, through a temporary file it does not leave', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'precompiled-'));
  try {
    const target = path.join(dir, 'templates.precompiled.js');
    fs.writeFileSync(target, 'stale');
    writePrecompiledModule(target);
    expect(fs.readFileSync(target, 'utf8')).toBe(precompiledModule());
    expect(fs.readdirSync(dir)).toEqual(['templates.precompiled.js']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('templateFiles lists the .hbs files of every folder, with /, sorted, and nothing else', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-templates-'));
  try {
    // b-x.hbs sorts before b/ as a path, after b as a name (Node lists a folder sorted by name).
    for (const rel of ['a.hbs', 'b/deep/c.hbs', 'b/notes.md', 'b/z.hbs', 'b-x.hbs', 'c.hbs', 'README', 'x.hbs.bak']) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), '');
    }
    expect(templateFiles(dir)).toEqual(['a.hbs', 'b-x.hbs', 'b/deep/c.hbs', 'b/z.hbs', 'c.hbs']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('the renderer with precompiled templates beside it, as in dist/', () => {
  const spec = loadConfig(EXAMPLE_CONFIG);
  let compiled: Map<string, string>;
  let precompiled: Precompiled;

  beforeAll(async () => {
    compiled = await renderModule(spec);
    precompiled = buildPrecompiled();
  });

  afterEach(() => {
    jest.dontMock('../generators/templates.precompiled');
    jest.dontMock('handlebars');
    jest.resetModules();
  });

  /** renderModule from a fresh load of the generators, with `templates` as generators/templates.precompiled; `compiler: false` makes loading the Handlebars compiler fail. */
  function renderWith(templates: Precompiled, compiler: boolean): Promise<Map<string, string>> {
    let render!: typeof renderModule;
    jest.isolateModules(() => {
      jest.doMock('../generators/templates.precompiled', () => templates, { virtual: true });
      if (!compiler) {
        jest.doMock('handlebars', () => {
          throw new Error('the Handlebars compiler was loaded');
        });
      }
      render = (require('../generators/module') as typeof import('../generators/module')).renderModule;
    });
    return render(spec);
  }

  test('every hash matches its source: the precompiled templates, without the compiler, render what the compiler renders', async () => {
    expect(await renderWith(precompiled, false)).toEqual(compiled);
  });

  test.each([
    ['a template changed since the build (its hash differs; its precompiled spec is another template)', 'module/main.tf.hbs', 'changed'],
    ['a template added since the build (no precompiled entry)', 'module/main.tf.hbs', 'missing'],
    ['a partial changed since the build', 'module/partials/header.hbs', 'changed'],
  ] as const)('%s: every template is compiled from its source', async (_name, rel, how) => {
    const other = Object.keys(precompiled).find((key) => key !== rel && key.startsWith('module/') && !key.includes('/partials/'))!;
    const { [rel]: entry, ...rest } = precompiled;
    expect(entry).toBeDefined();
    const stale: Precompiled = how === 'missing' ? rest : { ...precompiled, [rel]: { sha256: '0'.repeat(64), spec: precompiled[other].spec } };
    expect(await renderWith(stale, true)).toEqual(compiled);
  });
});
