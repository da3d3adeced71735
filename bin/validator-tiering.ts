/**
 * The CloudFormation validator aws-cdk-lib runs on every synth (`@aws/cloudformation-validate`) is a 9 MB
 * WebAssembly module. V8 compiles it with its baseline compiler (Liftoff) and then, for the functions that run hot,
 * again with its optimizing compiler (TurboFan) on background threads. A synth of a small app is over before that
 * second compilation pays off: on the example app (200 resources) it costs about 2.5 s of CPU (the validator's
 * start-up and the validation of its 10 templates took 6.2 s of CPU with Liftoff only, 9.2-11.5 s with tier-up, same
 * machine, interleaved runs). A large app validates long enough for TurboFan's code to win (7,000 alarms: the scale
 * tests took longer with Liftoff only), so the choice is made by the number of resources, known after construction.
 * The reports are the same either way: only the machine code differs.
 *
 * {@link validatorLiftoffOnly} turns tier-up off for WebAssembly compiled from then on (JavaScript is not affected):
 * call it before the validator's module is loaded. `CDK_TELEMETRY_WASM_TIER_UP=1` keeps V8's default always.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Apps up to this many resources compile the validator with Liftoff only. Measured: 200 resources gain ~2.5 s of
 * CPU, 7,000 lose; the crossover between them was not measured, so this stays well below the losing size.
 */
export const LIFTOFF_MAX_RESOURCES = 1000;

/**
 * Makes V8 compile WebAssembly with Liftoff only when the app has at most {@link LIFTOFF_MAX_RESOURCES} resources,
 * unless `CDK_TELEMETRY_WASM_TIER_UP=1`. Returns whether it did.
 */
export function validatorLiftoffOnly(resources: number, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CDK_TELEMETRY_WASM_TIER_UP === '1' || resources > LIFTOFF_MAX_RESOURCES) return false;
  setFlagsFromString('--liftoff-only');
  return true;
}
