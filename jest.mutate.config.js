/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the quick
 * ones (no terraform), less those that only spawn the compiled binary in
 * dist/ (doctor-cli, kill-points) or test the build, which a mutant of the
 * sources never reaches. cli, cost-diagram-cli and hardening stay: they run
 * the command line in process (`run()`), the tests of the readers' refusals
 * and of the writers (generators/write.ts, transaction.ts); their tests that
 * spawn dist/ cover no source, so per-test coverage never runs them against
 * a mutant.
 */
const quick = require('./jest.quick.config');

/** MUTATE_TESTS=policies,construct runs only those test files (a scoped run, e.g. with --mutate lib/model/policies.ts). */
const only = (process.env.MUTATE_TESTS ?? '').split(',').filter((name) => name !== '');

/**
 * Left out: the hardening tests that run the binary as another user (uid 65534), who cannot read
 * StrykerJS's sandbox (a folder only its owner may enter), so they fail there before any mutant; they
 * cover no source either.
 */
const NOT_IN_THE_SANDBOX = ['as a non-root user'];

/** @type {import('jest').Config} */
module.exports = {
  ...quick,
  testNamePattern: `^(?!.*(${NOT_IN_THE_SANDBOX.join('|')}))`,
  // A mutant's run runs only the test files with a test it selects, and stops at its first failed test: test/support/mutant-runs/.
  runner: '<rootDir>/test/support/mutant-runs/runner.js',
  testRunner: '<rootDir>/test/support/mutant-runs/jest-circus.js',
  testPathIgnorePatterns: [...quick.testPathIgnorePatterns, ...['doctor-cli', 'build', 'kill-points'].map((name) => `/test/${name}\\.test\\.ts$`)],
  ...(only.length > 0 ? { testMatch: only.map((name) => `**/test/${name}.test.ts`) } : {}),
};
