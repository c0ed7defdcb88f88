/**
 * jest-circus for StrykerJS's runs (its perTest coverage requires a runner named jest-circus):
 * - without an active mutant (the dry run, every test) it records each file's tests (./records.js), and gives the
 *   coverage a test file makes outside its tests (module loads, describe bodies, beforeAll) to each of its tests
 *   (fileLoadCoverage below);
 * - in a mutant run, once a test failed (the mutant is killed) the run's later files are not run but reported
 *   with each test skipped, as jest-circus reports the tests a name pattern leaves out: StrykerJS's "bail"
 *   (jest's own bail option exits the process, StrykerJS's worker with it).
 */
const { createEmptyTestResult } = require('@jest/test-result');
const circus = require('jest-circus/runner');
const { inMutantRun, inStrykerWorker, record, recordedTests } = require('./records');

/** The jest runs (one global config each) in which a test failed. */
const killed = new WeakSet();

function allSkipped(testPath, tests) {
  return {
    ...createEmptyTestResult(),
    testFilePath: testPath,
    numPendingTests: tests.length,
    skipped: true,
    testResults: tests.map(({ ancestorTitles, title, fullName }) => ({
      ancestorTitles,
      title,
      fullName,
      status: 'pending',
      duration: null,
      failureMessages: [],
      failureDetails: [],
      numPassingAsserts: 0,
      invocations: 0,
      location: null,
      retryReasons: [],
    })),
  };
}

/** A test that ran (passed or failed), not one the name pattern or a skip left out. */
const ran = (test) => test.status === 'passed' || test.status === 'failed';

/**
 * StrykerJS counts a mutant as covered by a test only when the test's own body reached it (perTest coverage);
 * what a test file does outside its tests (loading the sources, so every module-level constant; a describe body
 * that renders once for all its tests; beforeAll) it counts as "static" coverage, and with ignoreStatic it runs
 * such a mutant against the tests that reached it themselves, or ignores it when none did. So a mutant of a
 * module constant was never tested, and a mutant of text a describe body rendered was tested only by the odd
 * test that rendered it again (lib/reports/hub-diagram.ts scored 5 %). Yet StrykerJS switches a mutant on for
 * the whole run (an environment variable the instrumented code reads when it loads), so each test of that file
 * does see the mutant: the file's static coverage is each of its tests' coverage. This moves it there, for the
 * tests that ran (passed or failed).
 */
function fileLoadCoverage(environment) {
  const global = environment.global;
  const context = global?.[global.__strykerGlobalNamespace__ ?? '__stryker__'];
  if (context === undefined) return () => {};
  const before = { ...(context.mutantCoverage?.static ?? {}) };
  return (result) => {
    const coverage = context.mutantCoverage;
    if (coverage === undefined) return;
    const hits = {};
    for (const [id, count] of Object.entries(coverage.static)) {
      const made = count - (before[id] ?? 0);
      if (made <= 0) continue;
      hits[id] = made;
      if (before[id] === undefined) delete coverage.static[id];
      else coverage.static[id] = before[id];
    }
    for (const test of result.testResults.filter(ran)) {
      const own = (coverage.perTest[test.fullName] ??= {});
      for (const [id, made] of Object.entries(hits)) own[id] = (own[id] ?? 0) + made;
    }
  };
}

/**
 * StrykerJS times a mutant out after 1.5 times the dry-run time of its covering tests plus a minute, and
 * jest times only the tests' bodies. With a file's load now covering its tests (fileLoadCoverage), a mutant of
 * a module constant is covered by every test of every file that loads the module, and its run loads them all:
 * seconds each (cdktf, the provider bindings) that no test's time counted, so such runs timed out (counted as
 * detected) and restarted the worker. The dry run's test times carry the file's own time instead, spread
 * over the tests that ran.
 */
function spreadFileTime(result, ms) {
  const tests = result.testResults.filter(ran);
  const overhead = ms - tests.reduce((sum, test) => sum + (test.duration ?? 0), 0);
  if (tests.length === 0 || overhead <= 0) return;
  for (const test of tests) test.duration = (test.duration ?? 0) + overhead / tests.length;
}

module.exports = async function jestCircusForMutants(globalConfig, config, environment, runtime, testPath, sendMessageToJest) {
  if (inMutantRun() && killed.has(globalConfig)) {
    const tests = recordedTests(config.rootDir, testPath);
    // jest refuses a file result with no test: a file with no record runs.
    if (tests !== undefined && tests.length > 0) return allSkipped(testPath, tests);
  }
  const dryRun = !inMutantRun() && inStrykerWorker();
  const giveCoverage = dryRun ? fileLoadCoverage(environment) : () => {};
  const start = Date.now();
  const result = await circus(globalConfig, config, environment, runtime, testPath, sendMessageToJest);
  if (inMutantRun()) {
    if (result.numFailingTests > 0 || result.testExecError) killed.add(globalConfig);
  } else if (dryRun && !result.testExecError) {
    const ms = Date.now() - start;
    record(config.rootDir, testPath, result, ms);
    giveCoverage(result);
    spreadFileTime(result, ms);
  }
  return result;
};
