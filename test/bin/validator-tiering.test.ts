import { validatorLiftoffOnly } from '../../bin/validator-tiering';

describe('validatorLiftoffOnly', () => {
  test('turns WebAssembly tier-up off by default', () => {
    expect(validatorLiftoffOnly({})).toBe(true);
  });

  test('CDK_TELEMETRY_WASM_TIER_UP=1 keeps V8 default', () => {
    expect(validatorLiftoffOnly({ CDK_TELEMETRY_WASM_TIER_UP: '1' })).toBe(false);
  });
});
