/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking runs once in `npm test` (tsc); here ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  // One terraform plan of every case, shared by equivalence, module-terraform and synth-terraform:
  // started here in the background when one of them is selected (test/support/shared-plans.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Two cores: two test files at a time (the shared plan runs beside them).
  maxWorkers: 2,
  // A bound, not a speed goal (that lives in the benchmark): on a machine shared with other work, terraform takes many times its quiet time.
  testTimeout: 30 * 60 * 1000,
};
