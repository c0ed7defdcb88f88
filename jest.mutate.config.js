/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the quick
 * ones (no terraform), less those that only spawn the compiled binary in
 * dist/ (or the build), which a mutant of the sources never reaches.
 */
const quick = require('./jest.quick.config');

/** MUTATE_TESTS=policies,construct runs only those test files (a scoped run, e.g. with --mutate lib/model/policies.ts). */
const only = (process.env.MUTATE_TESTS ?? '').split(',').filter((name) => name !== '');

/** @type {import('jest').Config} */
module.exports = {
  ...quick,
  testPathIgnorePatterns: [...quick.testPathIgnorePatterns, ...['cli', 'cost-diagram-cli', 'doctor-cli', 'build', 'kill-points', 'hardening'].map((name) => `/test/${name}\\.test\\.ts$`)],
  ...(only.length > 0 ? { testMatch: only.map((name) => `**/test/${name}.test.ts`) } : {}),
};
