/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the quick
 * ones (no terraform), less those that spawn the compiled binary in dist/,
 * which a mutant of the sources never reaches.
 */
const quick = require('./jest.quick.config');

/** MUTATE_TESTS=policies,construct runs only those test files (a scoped run, e.g. with --mutate lib/model/policies.ts). */
const only = (process.env.MUTATE_TESTS ?? '').split(',').filter((name) => name !== '');

/** @type {import('jest').Config} */
module.exports = {
  ...quick,
  testPathIgnorePatterns: [...quick.testPathIgnorePatterns, '/test/cli\\.test\\.ts$', '/test/cost-diagram-cli\\.test\\.ts$'],
  ...(only.length > 0 ? { testMatch: only.map((name) => `**/test/${name}.test.ts`) } : {}),
};
