import { LIFTOFF_MAX_RESOURCES, validatorLiftoffOnly } from '../../bin/validator-tiering';

describe('validatorLiftoffOnly', () => {
  test('turns WebAssembly tier-up off for an app up to the size limit', () => {
    expect(validatorLiftoffOnly(200, {})).toBe(true);
    expect(validatorLiftoffOnly(LIFTOFF_MAX_RESOURCES, {})).toBe(true);
  });

  test('keeps tier-up for a larger app, whose long validation it pays off', () => {
    expect(validatorLiftoffOnly(LIFTOFF_MAX_RESOURCES + 1, {})).toBe(false);
  });

  test('CDK_TELEMETRY_WASM_TIER_UP=1 keeps V8 default', () => {
    expect(validatorLiftoffOnly(200, { CDK_TELEMETRY_WASM_TIER_UP: '1' })).toBe(false);
  });
});
