import type * as V8 from 'node:v8';
import { LIFTOFF_MAX_RESOURCES, validateWasmLazily, validatorLiftoffOnly } from '../../bin/validator-tiering';

// the module object itself (an `import * as` namespace is a copy, which a spy on would not see the calls to)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const v8 = require('node:v8') as typeof V8;

const flags = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
const set = () => flags.mock.calls.map(([f]) => f);

describe('validatorLiftoffOnly', () => {
  beforeEach(() => flags.mockClear());

  test('turns WebAssembly tier-up off and validates lazily for an app up to the size limit', () => {
    expect(validatorLiftoffOnly(200, {})).toBe(true);
    expect(set()).toEqual(['--wasm-lazy-validation', '--liftoff-only']);
    flags.mockClear();
    expect(validatorLiftoffOnly(LIFTOFF_MAX_RESOURCES, {})).toBe(true);
    expect(set()).toEqual(['--wasm-lazy-validation', '--liftoff-only']);
  });

  test('keeps tier-up for a larger app, whose long validation it pays off, and still validates lazily', () => {
    expect(validatorLiftoffOnly(LIFTOFF_MAX_RESOURCES + 1, {})).toBe(false);
    expect(set()).toEqual(['--wasm-lazy-validation']);
  });

  test('CDK_TELEMETRY_WASM_TIER_UP=1 keeps V8 default', () => {
    expect(validatorLiftoffOnly(200, { CDK_TELEMETRY_WASM_TIER_UP: '1' })).toBe(false);
    expect(set()).toEqual([]);
  });
});

describe("validateWasmLazily (the tests' validator engine)", () => {
  beforeEach(() => flags.mockClear());

  test('validates lazily, and leaves tier-up as it is', () => {
    expect(validateWasmLazily({})).toBe(true);
    expect(set()).toEqual(['--wasm-lazy-validation']);
  });

  test('CDK_TELEMETRY_WASM_TIER_UP=1 keeps V8 default', () => {
    expect(validateWasmLazily({ CDK_TELEMETRY_WASM_TIER_UP: '1' })).toBe(false);
    expect(set()).toEqual([]);
  });
});
