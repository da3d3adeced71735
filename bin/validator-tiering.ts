/**
 * The CloudFormation validator aws-cdk-lib runs on every synth (`@aws/cloudformation-validate`) is a 9 MB
 * WebAssembly module. V8 compiles it with its baseline compiler (Liftoff) and then, for the functions that run hot,
 * again with its optimizing compiler (TurboFan) on background threads. A synth is over before that second
 * compilation pays off: on the example app it costs about 2.5 s of CPU (the validator's start-up and the validation
 * of 10 templates took 6.2 s of CPU with Liftoff only, 9.2-11.5 s with tier-up, same machine, same run), and the
 * reports are the same, as only the machine code differs.
 *
 * {@link validatorLiftoffOnly} turns tier-up off for WebAssembly compiled from then on (JavaScript is not affected).
 * It must run before the validator's module is loaded. `CDK_TELEMETRY_WASM_TIER_UP=1` keeps V8's default.
 */
import { setFlagsFromString } from 'node:v8';

/** Makes V8 compile WebAssembly with Liftoff only, unless `CDK_TELEMETRY_WASM_TIER_UP=1`. Returns whether it did. */
export function validatorLiftoffOnly(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CDK_TELEMETRY_WASM_TIER_UP === '1') return false;
  setFlagsFromString('--liftoff-only');
  return true;
}
