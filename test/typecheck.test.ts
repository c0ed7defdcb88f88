/**
 * The type check of `npm test` (tsc over the sources and the tests,
 * tsconfig.test.json), run as a test file: jest transpiles without checking
 * types, and running tsc here puts its ~15 s of one core beside the other
 * test files instead of before them all. `npm run typecheck` checks the same.
 *
 * The same tsc run writes its JavaScript, the reference for the build
 * (scripts/build.js, what `npm test` runs first): dist/ must hold tsc's
 * output byte for byte. One program serves both, instead of a second tsc
 * of the sources in test/build.test.ts.
 *
 * Incremental: tsc keeps what it learned in node_modules/.cache and, on the
 * next run, checks and writes again only what changed and what depends on it
 * (a fresh clone checks everything: about half the CPU of a full check is
 * saved after).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './support/cases';
import { buildSources } from './support/golden';

/** tsc's output and its incremental state; removing the folder makes the next run a full one. */
const TSC_OUT = path.join(REPO_ROOT, 'node_modules', '.cache', 'ecs-privatelink', 'tsc-out');
const DIST = path.join(REPO_ROOT, 'dist');


let tsc: Promise<{ code: number; output: string }> | undefined;
function runTsc(): Promise<{ code: number; output: string }> {
  const bin = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['-p', 'tsconfig.test.json', '--pretty', 'false', '--noEmit', 'false', '--outDir', TSC_OUT, '--incremental', '--tsBuildInfoFile', path.join(TSC_OUT, 'tsconfig.test.tsbuildinfo')];
  return (tsc ??= new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, output: `${stdout}${stderr}` });
    });
  }));
}

test('tsc -p tsconfig.test.json finds no type error', async () => {
  const result = await runTsc();
  // The errors themselves on failure, not just the exit code.
  expect({ code: result.code, errors: result.output.split('\n').filter((line) => line.includes('error TS')) }).toEqual({ code: 0, errors: [] });
});

test("dist/ holds tsc's JavaScript of every source, byte for byte (scripts/build.js transpiles as tsc does)", async () => {
  await runTsc();
  if (!fs.existsSync(path.join(DIST, 'bin', 'ecs-privatelink.js'))) throw new Error('dist/ is missing; run `npm run build` (npm test does it first)');
  const files = buildSources(REPO_ROOT);
  expect(files).toEqual(expect.arrayContaining(['main.ts', 'bin/ecs-privatelink.ts', 'lib/index.ts', 'generators/module.ts']));
  const read = (dir: string, rel: string) => {
    const file = path.join(dir, rel);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `(${path.relative(REPO_ROOT, file)} is missing)`;
  };
  for (const rel of files.map((ts) => ts.replace(/\.ts$/, '.js'))) expect(`${rel}: ${read(DIST, rel)}`).toBe(`${rel}: ${read(TSC_OUT, rel)}`);
  // tsc copies package.json (main.ts and the CLI import its version) re-indented; the content is the same.
  expect(JSON.parse(read(DIST, 'package.json'))).toEqual(JSON.parse(read(TSC_OUT, 'package.json')));
});
