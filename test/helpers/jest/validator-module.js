// `require('@aws/cloudformation-validate')` inside a test (jest.config.js moduleNameMapper): the worker's shared
// engine, put there by environment.js (see validator-engine.js).
const shared = globalThis[Symbol.for('cdk-telemetry.test.cloudformation-validate')];
if (!shared) throw new Error('jest.config.js must use test/helpers/jest/environment.js as testEnvironment');
module.exports = shared();
