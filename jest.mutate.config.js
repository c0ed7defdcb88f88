/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the quick
 * ones (no terraform), less those that spawn the compiled binary in dist/,
 * which a mutant of the sources never reaches.
 */
const quick = require('./jest.quick.config');

/** @type {import('jest').Config} */
module.exports = {
  ...quick,
  testPathIgnorePatterns: [...quick.testPathIgnorePatterns, '/test/cli\\.test\\.ts$', '/test/cost-diagram-cli\\.test\\.ts$'],
};
