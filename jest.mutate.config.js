/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the quick
 * ones (no terraform), less those that only spawn the compiled binary in
 * dist/ (or the build), which a mutant of the sources never reaches.
 * test/cli.test.ts stays: it runs every bad input file through the command
 * line in process (`run()`), the only tests of most of the configuration
 * reader's refusals (lib/model/plain-yaml.ts); its tests that spawn dist/
 * cover no source, so per-test coverage never runs them against a mutant.
 */
const quick = require('./jest.quick.config');

/** MUTATE_TESTS=policies,construct runs only those test files (a scoped run, e.g. with --mutate lib/model/policies.ts). */
const only = (process.env.MUTATE_TESTS ?? '').split(',').filter((name) => name !== '');

/** @type {import('jest').Config} */
module.exports = {
  ...quick,
  testPathIgnorePatterns: [...quick.testPathIgnorePatterns, ...['cost-diagram-cli', 'doctor-cli', 'build', 'kill-points', 'hardening'].map((name) => `/test/${name}\\.test\\.ts$`)],
  ...(only.length > 0 ? { testMatch: only.map((name) => `**/test/${name}.test.ts`) } : {}),
};
