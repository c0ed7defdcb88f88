/**
 * Build step (`npm run build`, after tsc): precompiles every template of
 * templates/ into dist/generators/templates.precompiled.js, so that the
 * command line loads the Handlebars runtime only and compiles nothing (which
 * took `generate` about 0.1 s). Each entry keeps the SHA-256 of its source;
 * generators/helpers.ts uses them only while every hash matches: a template
 * changed or added since the build makes it compile every template from
 * source, as it always does when run from TypeScript (ts-jest).
 */
import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { markerText, PRECOMPILED_FILE, sha256, TEMPLATE_OPTIONS, templateFiles, templatesDir } from './helpers';

export function precompiledModule(): string {
  const root = templatesDir();
  const entries = templateFiles().map((rel) => {
    const source = fs.readFileSync(path.join(root, rel), 'utf8');
    return `  ${JSON.stringify(rel)}: {\n    sha256: ${JSON.stringify(sha256(source))},\n    spec: ${Handlebars.precompile(source, TEMPLATE_OPTIONS)},\n  },`;
  });
  return `// ${markerText()} (npm run build: generators/precompile.ts)\n'use strict';\nmodule.exports = {\n${entries.join('\n')}\n};\n`;
}

/** Writes the module to `target` whole: a temporary file beside it, renamed over it. */
export function writePrecompiledModule(target: string): void {
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, precompiledModule());
  fs.renameSync(tmp, target);
}

if (require.main === module) writePrecompiledModule(path.join(__dirname, `${PRECOMPILED_FILE}.js`));
