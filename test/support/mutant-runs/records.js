/**
 * The tests of each test file, as StrykerJS's dry run found them, for its mutant runs (jest.mutate.config.js).
 *
 * For each mutant StrykerJS runs jest with a test name pattern listing the tests that cover the mutant
 * (perTest coverage), but over every test file: jest would set up and load each file (cdktf, the AWS provider
 * bindings, the sources) only to find that none of its tests is selected. That, ~40 times per mutant, was most
 * of a run's time. So the runs without an active mutant (the dry run, which runs every test) write down each
 * file's tests (./jest-circus.js), one record per test file in StrykerJS's sandbox, removed with it; a mutant
 * run leaves out the files whose recorded tests the pattern all misses (./runner.js). A file with no record
 * runs as before: a missing record costs time, never a result.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** Set by StrykerJS to the mutant a run tests; unset in its dry run. */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

const inMutantRun = () => process.env[ACTIVE_MUTANT] !== undefined;

/** Set by StrykerJS in its worker processes: records are written there only, never by a plain jest run. */
const inStrykerWorker = () => process.env.STRYKER_MUTATOR_WORKER !== undefined;

/** Where the tests of one test file are recorded. */
function recordOf(rootDir, testPath) {
  const key = crypto.createHash('sha256').update(path.relative(rootDir, testPath)).digest('hex').slice(0, 32);
  return path.join(rootDir, '.stryker-test-names', `${key}.json`);
}

const known = new Map();

/** A test file's record ({ ms, tests: [{ ancestorTitles, title, fullName }] }), or undefined when it has none. */
function recorded(rootDir, testPath) {
  if (!known.has(testPath)) {
    try {
      known.set(testPath, JSON.parse(fs.readFileSync(recordOf(rootDir, testPath), 'utf8')));
    } catch {
      return undefined;
    }
  }
  return known.get(testPath);
}

/** The recorded tests of a test file, or undefined when it has no record. */
const recordedTests = (rootDir, testPath) => recorded(rootDir, testPath)?.tests;

/**
 * Records a test file's tests from jest's result of running it (all of them, the skipped ones too) and the
 * milliseconds its run took (loading it included).
 */
function record(rootDir, testPath, result, ms) {
  const tests = result.testResults.map(({ ancestorTitles, title, fullName }) => ({ ancestorTitles, title, fullName }));
  const file = recordOf(rootDir, testPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const part = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(part, JSON.stringify({ ms, tests }));
  fs.renameSync(part, file);
  known.set(testPath, { ms, tests });
}

/** The recorded milliseconds of a test file's run; a file with no record counts as the slowest. */
const recordedMs = (rootDir, testPath) => recorded(rootDir, testPath)?.ms ?? Infinity;

/**
 * Whether a mutant run with this test name pattern needs the test file: when it has no record, or a recorded
 * test the pattern selects (as jest does: the pattern, case-insensitive, against the test's full name).
 */
function selects(pattern, rootDir, testPath) {
  const tests = recordedTests(rootDir, testPath);
  if (!pattern || tests === undefined) return true;
  const selected = new RegExp(pattern, 'i');
  return tests.some((test) => selected.test(test.fullName));
}

module.exports = { inMutantRun, inStrykerWorker, record, recordedMs, recordedTests, selects };
