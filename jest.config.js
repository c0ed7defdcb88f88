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
  // Two cores: the terraform-heavy files run side by side.
  maxWorkers: 2,
  testTimeout: 600000,
};
