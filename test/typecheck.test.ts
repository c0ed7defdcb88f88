/**
 * The type check of `npm test` (tsc --noEmit over the sources and the tests,
 * tsconfig.test.json), run as a test file: jest transpiles without checking
 * types, and running tsc here puts its ~15 s of one core beside the other
 * test files instead of before them all. `npm run typecheck` runs the same.
 * Incremental: tsc keeps what it learned in node_modules/.cache and, on the
 * next run, checks again only what changed and what depends on it (a fresh
 * clone checks everything: about half the CPU of a full check is saved after).
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from './support/cases';

/** Where tsc keeps its incremental state (also `npm run typecheck`'s). */
const TYPECHECK_BUILD_INFO = 'node_modules/.cache/ecs-privatelink/typecheck.tsbuildinfo';

test('tsc -p tsconfig.test.json finds no type error', async () => {
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.test.json', '--pretty', 'false', '--incremental', '--tsBuildInfoFile', TYPECHECK_BUILD_INFO], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, output: `${stdout}${stderr}` });
    });
  });
  // The errors themselves on failure, not just the exit code.
  expect({ code: result.code, errors: result.output.split('\n').filter((line) => line.includes('error TS')) }).toEqual({ code: 0, errors: [] });
});
