/**
 * test/support/mutant-runs/: how StrykerJS's mutant runs pick their test files. A real jest runs two test
 * files with the runner and test runner of jest.mutate.config.js, under the environment variables StrykerJS
 * sets: the dry run records each file's tests; a mutant run loads only the files holding a selected test,
 * quickest first, and stops at the first failed test; a stale record changes nothing but time. And a real
 * StrykerJS run of a fixture: the file-load coverage, and the checkpoint reporter (test/support/stryker-checkpoint.mjs).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

let dir: string;
let loads: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-mutant-runs-'));
  loads = path.join(dir, 'loads.txt');
  // alpha is quick; beta takes 400 ms to load (its tests are quick), so the dry run times it as the slower file.
  fs.writeFileSync(
    path.join(dir, 'alpha.test.js'),
    "require('fs').appendFileSync(process.env.LOADS, 'alpha\\n');\n" +
      "test('alpha one', () => {});\n" +
      "test('alpha two', () => { if (process.env.FAIL_ALPHA) throw new Error('alpha two failed'); });\n",
  );
  fs.writeFileSync(
    path.join(dir, 'beta.test.js'),
    "require('fs').appendFileSync(process.env.LOADS, 'beta\\n');\n" +
      'const until = Date.now() + 400;\n' +
      'while (Date.now() < until);\n' +
      "test('beta one', () => {});\n" +
      "test('beta two', () => {});\n",
  );
  fs.writeFileSync(
    path.join(dir, 'jest.config.json'),
    JSON.stringify({
      rootDir: dir,
      runner: path.join(ROOT, 'test/support/mutant-runs/runner.js'),
      testRunner: path.join(ROOT, 'test/support/mutant-runs/jest-circus.js'),
      testEnvironment: 'node',
      transform: {},
      cacheDirectory: path.join(dir, 'cache'),
    }),
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  loaded: string[];
  tests: Record<string, string>;
  /** Each test's time as jest reports it (StrykerJS reads it as the test's time). */
  ms: Record<string, number>;
}

/** One jest run in band, as StrykerJS makes it: the files it loaded and each test's status. */
function jest(env: Record<string, string>, pattern?: string): Run {
  fs.rmSync(loads, { force: true });
  const results = path.join(dir, 'results.json');
  const inherited = { ...process.env };
  for (const name of ['__STRYKER_ACTIVE_MUTANT__', 'STRYKER_MUTATOR_WORKER', 'FAIL_ALPHA']) delete inherited[name];
  const run = spawnSync(
    process.execPath,
    [JEST, '--config', path.join(dir, 'jest.config.json'), '--runInBand', '--json', '--outputFile', results, ...(pattern ? ['--testNamePattern', pattern] : [])],
    { cwd: dir, env: { ...inherited, LOADS: loads, ...env }, encoding: 'utf8', timeout: 60_000 },
  );
  const json = JSON.parse(fs.readFileSync(results, 'utf8')) as { testResults: { assertionResults: { fullName: string; status: string; duration: number | null }[] }[] };
  return {
    status: run.status,
    loaded: fs.existsSync(loads) ? fs.readFileSync(loads, 'utf8').trim().split('\n') : [],
    tests: Object.fromEntries(json.testResults.flatMap((file) => file.assertionResults.map((test) => [test.fullName, test.status]))),
    ms: Object.fromEntries(json.testResults.flatMap((file) => file.assertionResults.map((test) => [test.fullName, test.duration ?? 0]))),
  };
}

const records = () => (fs.existsSync(path.join(dir, '.stryker-test-names')) ? fs.readdirSync(path.join(dir, '.stryker-test-names')) : []);

test('a plain jest run (not in a StrykerJS worker) runs every file and records nothing', () => {
  const run = jest({}, 'beta one');
  expect(run.status).toBe(0);
  expect(run.loaded.sort()).toEqual(['alpha', 'beta']);
  expect(records()).toEqual([]);
  // jest's own times: the test's body only.
  expect(run.ms['beta one']).toBeLessThan(400);
});

test("the dry run (a worker, no active mutant) runs every test and records each file's tests and time", () => {
  const run = jest({ STRYKER_MUTATOR_WORKER: '1' });
  expect(run.status).toBe(0);
  expect(run.loaded.sort()).toEqual(['alpha', 'beta']);
  expect(run.tests).toEqual({ 'alpha one': 'passed', 'alpha two': 'passed', 'beta one': 'passed', 'beta two': 'passed' });
  const recorded = records().map((name) => JSON.parse(fs.readFileSync(path.join(dir, '.stryker-test-names', name), 'utf8')) as { ms: number; tests: { fullName: string }[] });
  expect(recorded.map((file) => file.tests.map((test) => test.fullName)).sort()).toEqual([
    ['alpha one', 'alpha two'],
    ['beta one', 'beta two'],
  ]);
  const ms = Object.fromEntries(recorded.map((file) => [file.tests[0].fullName, file.ms]));
  expect(ms['beta one']).toBeGreaterThanOrEqual(400);
  expect(ms['alpha one']).toBeLessThan(ms['beta one']);
  // The tests' times carry their file's load, which StrykerJS's timeouts need (./jest-circus.js, spreadFileTime).
  expect(run.ms['beta one'] + run.ms['beta two']).toBeGreaterThanOrEqual(400);
});

describe('mutant runs (after the dry run)', () => {
  const mutant = { STRYKER_MUTATOR_WORKER: '1', __STRYKER_ACTIVE_MUTANT__: '7' };

  test('load only the files holding a selected test (the pattern case-insensitive, as jest matches it)', () => {
    const run = jest(mutant, '(BETA ONE)');
    expect(run.status).toBe(0);
    expect(run.loaded).toEqual(['beta']);
    expect(run.tests).toEqual({ 'beta one': 'passed', 'beta two': 'pending' });
  });

  test('run the quickest file first and stop at the first failed test: the later files are reported skipped', () => {
    const run = jest({ ...mutant, FAIL_ALPHA: '1' }, '(alpha two)|(beta one)');
    expect(run.status).toBe(1);
    expect(run.loaded).toEqual(['alpha']);
    expect(run.tests).toEqual({ 'alpha one': 'pending', 'alpha two': 'failed', 'beta one': 'pending', 'beta two': 'pending' });
  });

  test('run every selected file when no test fails', () => {
    const run = jest(mutant, '(alpha two)|(beta one)');
    expect(run.status).toBe(0);
    expect(run.loaded).toEqual(['alpha', 'beta']);
    expect(run.tests).toEqual({ 'alpha one': 'pending', 'alpha two': 'passed', 'beta one': 'passed', 'beta two': 'pending' });
  });

  test('a pattern no record matches (a stale record) runs every file, as without records', () => {
    const run = jest(mutant, 'gamma');
    expect(run.loaded.sort()).toEqual(['alpha', 'beta']);
    expect(Object.values(run.tests)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });
});

interface Report {
  files: Record<string, { language: string; source: string; mutants: { id: string; mutatorName: string; replacement?: string; status: string; coveredBy?: string[]; killedBy?: string[]; location: unknown }[]; planned?: number }>;
  testFiles: Record<string, { tests: { id: string; name: string }[] }>;
  checkpoint?: { decided: number; planned: number };
  config?: { mutate?: string[] };
}

const readReport = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Report;

/** Each mutant of greet.js: what it is, where, its status, and the names of the tests covering and killing it. */
function mutantsOf(report: Report) {
  const names = new Map(Object.values(report.testFiles).flatMap((file) => file.tests.map((t) => [t.id, t.name] as const)));
  return report.files['greet.js'].mutants.map((m) => ({
    mutant: `${m.mutatorName} ${m.replacement ?? ''}`.trim(),
    location: m.location,
    status: m.status,
    coveredBy: (m.coveredBy ?? []).map((id) => names.get(id)).sort(),
    killedBy: (m.killedBy ?? []).map((id) => names.get(id)).sort(),
  }));
}

/** `stryker run` in the fixture project (its config file, else stryker.config.json); fails the test unless it exits 0. */
function strykerRun(project: string, args: string[] = []) {
  const inherited = { ...process.env };
  for (const name of ['__STRYKER_ACTIVE_MUTANT__', 'STRYKER_MUTATOR_WORKER']) delete inherited[name];
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', ...args], {
    cwd: project,
    env: inherited,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
  return run;
}

describe('a real StrykerJS run', () => {
  // Sources a test file reaches outside its tests: a module constant (read when the file loads) and a text a
  // describe body renders once; StrykerJS calls that "static" coverage and, with ignoreStatic, ignored those
  // mutants or ran them against too few tests. ./jest-circus.js gives it to each test of the file.
  let project: string;

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-stryker-'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(project, 'greet.js'), "const GREETING = 'hello';\nexports.greet = (name) => `${GREETING}, ${name}`;\n");
    fs.writeFileSync(
      path.join(project, 'greet.test.js'),
      "const { greet } = require('./greet');\n" +
        "const text = greet('world');\n" +
        "test('the greeting', () => expect(text).toBe('hello, world'));\n" +
        // Renders again inside the test: alone it sees the mutant on both sides and kills nothing.
        "test('the same greeting twice', () => expect(greet('world')).toBe(text));\n",
    );
    fs.writeFileSync(path.join(project, 'other.test.js'), "test('another file', () => expect(1 + 1).toBe(2));\n");
    fs.writeFileSync(
      path.join(project, 'jest.config.js'),
      `module.exports = ${JSON.stringify({
        testEnvironment: 'node',
        transform: {},
        runner: path.join(ROOT, 'test/support/mutant-runs/runner.js'),
        testRunner: path.join(ROOT, 'test/support/mutant-runs/jest-circus.js'),
      })};\n`,
    );
    const stryker = JSON.parse(fs.readFileSync(path.join(ROOT, 'stryker.config.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(
      path.join(project, 'stryker.config.json'),
      JSON.stringify({
        testRunner: 'jest',
        jest: { configFile: 'jest.config.js', enableFindRelatedTests: false },
        mutate: ['greet.js'],
        // As npm run mutate runs.
        coverageAnalysis: stryker.coverageAnalysis,
        ignoreStatic: stryker.ignoreStatic,
        concurrency: 1,
        // The checkpoint reporter as npm run mutate has it (its tests below read this run's checkpoint).
        plugins: ['@stryker-mutator/*', path.join(ROOT, 'test/support/stryker-checkpoint.mjs')],
        reporters: ['json', 'checkpoint'],
        jsonReporter: { fileName: 'report.json' },
        checkpoint: { fileName: 'checkpoint.json', everySeconds: 0 },
        incremental: true,
        incrementalFile: 'incremental.json',
      }),
    );
  });

  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  test('kills the mutants that a test file reaches as it loads, each tested by the tests of that file only', () => {
    strykerRun(project);
    const mutants = mutantsOf(readReport(path.join(project, 'report.json')));
    // The constant, the function, the template: each mutant reached only as greet.test.js loads.
    expect(mutants.length).toBeGreaterThanOrEqual(3);
    for (const m of mutants) expect(m).toEqual({ ...m, status: 'Killed', coveredBy: ['the greeting', 'the same greeting twice'] });
  });

  // test/support/stryker-checkpoint.mjs: what a run has decided so far, in StrykerJS's own format, kept while it runs.
  describe('the checkpoint reporter (of the run above)', () => {
    test('holds every mutant as the final report does, with the count planned per file; no temporary file left', () => {
      const final = readReport(path.join(project, 'report.json'));
      const checkpoint = readReport(path.join(project, 'checkpoint.json'));
      expect(mutantsOf(checkpoint)).toEqual(mutantsOf(final));
      expect(mutantsOf(checkpoint).length).toBeGreaterThanOrEqual(3);
      expect(checkpoint.files['greet.js'].planned).toBe(final.files['greet.js'].mutants.length);
      // What the run mutates (an incremental run's report also carries earlier results of other files).
      expect(checkpoint.config).toEqual({ mutate: ['greet.js'] });
      expect({ language: checkpoint.files['greet.js'].language, source: checkpoint.files['greet.js'].source }).toEqual({ language: 'javascript', source: final.files['greet.js'].source });
      expect(checkpoint.checkpoint).toEqual({ decided: final.files['greet.js'].mutants.length, planned: final.files['greet.js'].mutants.length, at: expect.any(String) });
      expect(fs.readdirSync(project).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    test('a stopped run resumes from it: the next run reuses what it holds and tests only the rest', () => {
      // As if the run had stopped before its last mutant: the checkpoint without it, given as the incremental file.
      const checkpoint = readReport(path.join(project, 'checkpoint.json'));
      const all = checkpoint.files['greet.js'].mutants;
      const partial = { ...checkpoint, files: { 'greet.js': { ...checkpoint.files['greet.js'], mutants: all.slice(0, -1) } } };
      fs.writeFileSync(path.join(project, 'resume.json'), JSON.stringify(partial));
      const base = JSON.parse(fs.readFileSync(path.join(project, 'stryker.config.json'), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(project, 'stryker.resume.json'), JSON.stringify({ ...base, incrementalFile: 'resume.json', jsonReporter: { fileName: 'resumed.json' } }));
      const run = strykerRun(project, ['stryker.resume.json']);
      expect(run.stdout).toContain(`${all.length - 1} of ${all.length} mutant result(s) are reused`);
      expect(mutantsOf(readReport(path.join(project, 'resumed.json')))).toEqual(mutantsOf(readReport(path.join(project, 'report.json'))));
    });
  });
});
