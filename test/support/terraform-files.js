/**
 * The test files that run the terraform binary (plans, validate, fmt, terraform test), by name under test/:
 * `npm run test:quick` leaves them out (jest.quick.config.js), and jest's globalSetup starts the shared AWS
 * provider (test/support/shared-provider.ts) only when one of them is selected.
 */
module.exports = [
  'equivalence',
  'module-terraform',
  'synth-terraform',
  'fuzz',
  'preflight',
  'adopt-terraform',
  'state-s3',
  'cdktf-offline',
  'package',
  'hub-terraform',
  'shared-provider',
];
