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
 * V8 also validates every function of a WebAssembly module when it compiles the module, although it compiles each
 * function only when first called (lazy compilation, Node's default): `--wasm-lazy-validation` validates a function
 * when it is compiled instead, so the validator's functions a synth never calls are never validated. That saves
 * 0.4-1.0 s of CPU of the validator's start-up (standalone, the engine and the example's 10 templates: 7.3-7.8 s
 * against 7.7-8.7 s, interleaved, load ~27) and changes nothing else: the module is valid, and the reports of the
 * example's templates and of a broken one are byte-identical with and without it.
 *
 * {@link validatorLiftoffOnly} sets these flags for WebAssembly compiled from then on (JavaScript is not affected):
 * call it before the validator's module is loaded. `CDK_TELEMETRY_WASM_TIER_UP=1` keeps V8's defaults always.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Apps up to this many resources compile the validator with Liftoff only. Measured: 200 resources gain ~2.5 s of
 * CPU, 7,000 lose; the crossover between them was not measured, so this stays well below the losing size.
 */
export const LIFTOFF_MAX_RESOURCES = 1000;

/**
 * Makes V8 validate WebAssembly functions lazily and, when the app has at most {@link LIFTOFF_MAX_RESOURCES}
 * resources, compile them with Liftoff only; neither when `CDK_TELEMETRY_WASM_TIER_UP=1`. Returns whether it chose
 * Liftoff only.
 */
export function validatorLiftoffOnly(resources: number, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!validateWasmLazily(env) || resources > LIFTOFF_MAX_RESOURCES) return false;
  setFlagsFromString('--liftoff-only');
  return true;
}

/**
 * Makes V8 validate WebAssembly functions lazily, when first compiled (the tests' validator engine too), unless
 * `CDK_TELEMETRY_WASM_TIER_UP=1`. Returns whether it did.
 */
export function validateWasmLazily(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CDK_TELEMETRY_WASM_TIER_UP === '1') return false;
  setFlagsFromString('--wasm-lazy-validation');
  return true;
}
