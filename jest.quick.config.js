/**
 * `npm run test:quick`: the inner loop, without terraform. Every test file
 * except those that run the terraform binary (their list is TERRAFORM_FILES);
 * `npm test` runs them all.
 */
const base = require('./jest.config');

/** The test files that run terraform: test/support/terraform-files.js. */
const TERRAFORM_FILES = require('./test/support/terraform-files');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  // The type check (test/typecheck.test.ts) is left to `npm test` too: the inner loop only transpiles.
  testPathIgnorePatterns: ['/node_modules/', ...[...TERRAFORM_FILES, 'typecheck'].map((name) => `/test/${name}\\.test\\.ts$`)],
};
