/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json' }] },
  snapshotSerializers: ['<rootDir>/test/helpers/mask-asset-hashes.js'],
  // CDK synthesis with the CloudFormation validator is CPU-heavy; 2 workers match CI's 2 cores.
  maxWorkers: 2,
  testTimeout: 120000,
};
