/**
 * jest-circus for StrykerJS's runs (its perTest coverage requires a runner named jest-circus):
 * - without an active mutant (the dry run, every test) it records each file's tests (./records.js);
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

module.exports = async function jestCircusForMutants(globalConfig, config, environment, runtime, testPath, sendMessageToJest) {
  if (inMutantRun() && killed.has(globalConfig)) {
    const tests = recordedTests(config.rootDir, testPath);
    // jest refuses a file result with no test: a file with no record runs.
    if (tests !== undefined && tests.length > 0) return allSkipped(testPath, tests);
  }
  const start = Date.now();
  const result = await circus(globalConfig, config, environment, runtime, testPath, sendMessageToJest);
  if (inMutantRun()) {
    if (result.numFailingTests > 0 || result.testExecError) killed.add(globalConfig);
  } else if (inStrykerWorker() && !result.testExecError) {
    record(config.rootDir, testPath, result, Date.now() - start);
  }
  return result;
};
