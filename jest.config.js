/** @type {import('jest').Config} */
module.exports = {
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // esbuild strips types file by file (the type check is `npm run typecheck`): see the transform's header.
  transform: { '^.+\\.ts$': '<rootDir>/test/helpers/jest/esbuild-transform.js' },
  // node, plus one CloudFormation validation engine per worker instead of one per test file (see its header)
  testEnvironment: '<rootDir>/test/helpers/jest/environment.js',
  moduleNameMapper: { '^@aws/cloudformation-validate$': '<rootDir>/test/helpers/jest/validator-module.js' },
  // shared synths (test/helpers/shared-synth.ts): started by the setup, read by the files the sequencer puts last
  // V8's code cache of the modules a worker compiled, for its next test files (see its header)
  runtime: '<rootDir>/test/helpers/jest/runtime.js',
  testSequencer: '<rootDir>/test/helpers/jest/sequencer.js',
  globalSetup: '<rootDir>/test/helpers/jest/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/jest/global-teardown.ts',
  snapshotSerializers: ['<rootDir>/test/helpers/mask-asset-hashes.js'],
  // CDK synthesis with the CloudFormation validator is CPU-heavy; 2 workers match CI's 2 cores.
  maxWorkers: 2,
  testTimeout: 120000,
};
