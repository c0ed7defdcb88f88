/**
 * The build's precompiled templates (generators/precompile.ts): one entry per
 * template with the hash of its source, and the command line, which uses them,
 * writes what the in-process renderer (which compiles) writes: see the
 * generate tests of cli.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sha256, templateFiles, templatesDir } from '../generators/helpers';
import { precompiledModule } from '../generators/precompile';

test('every template and partial is precompiled, keyed by its path, with the SHA-256 of its source', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-precompiled-'));
  try {
    const file = path.join(dir, 'templates.precompiled.js');
    fs.writeFileSync(file, precompiledModule());
    const precompiled = require(file) as Record<string, { sha256: string; spec: Record<string, unknown> }>;
    expect(Object.keys(precompiled)).toEqual(templateFiles());
    expect(templateFiles()).toEqual(expect.arrayContaining(['module/main.tf.hbs', 'module/partials/header.hbs', 'roots/main.tf.hbs']));
    for (const [rel, entry] of Object.entries(precompiled)) {
      expect({ rel, sha256: entry.sha256 }).toEqual({ rel, sha256: sha256(fs.readFileSync(path.join(templatesDir(), rel), 'utf8')) });
      expect(typeof entry.spec.main).toBe('function');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
