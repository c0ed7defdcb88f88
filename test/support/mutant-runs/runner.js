/**
 * jest's test runner for StrykerJS's mutant runs: it runs only the test files with a test the run's name
 * pattern selects (./records.js), and all of them when none has (a stale record: the run stays as before);
 * the quickest first (as the dry run timed them), since the first failed test ends the run (./jest-circus.js).
 */
const TestRunner = require('jest-runner').default;
const { inMutantRun, recordedMs, selects } = require('./records');

class MutantRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!inMutantRun()) return super.runTests(tests, watcher, options);
    const pattern = this._globalConfig.testNamePattern;
    const needed = tests.filter((test) => selects(pattern, test.context.config.rootDir, test.path));
    const ms = (test) => recordedMs(test.context.config.rootDir, test.path);
    return super.runTests((needed.length > 0 ? needed : tests).slice().sort((a, b) => ms(a) - ms(b)), watcher, options);
  }
}

module.exports = MutantRunner;
