/* global process */
// Loaded once per jest worker by environment.js, outside jest's module registry.
//
// aws-cdk-lib validates every synthesized template with @aws/cloudformation-validate (cdk.json turns its findings into
// errors). Starting that engine costs 2-5 s of CPU, and jest gives every test file a fresh module registry, so
// every test file that synthesizes paid it again (and again whenever a synthesis brought a resource type the previous
// engine was not built for). This module keeps one engine per configuration for the life of the worker and hands it
// to every test file: templates are still validated by the same engine as `cdk synth`; only its start-up is shared.
//
// Reports are memoized as the app memoizes them (bin/validation-memo.ts, the same code and folder:
// node_modules/.cache/cdk-telemetry/cfn-validate, keyed by the validator's version, the engine configuration, the
// options and the template's bytes): a template that a worker, the other worker, the shared synth's `cdk synth` or an
// earlier run already validated gets that report, and an engine starts only on a template nothing validated yet. A
// changed template is new bytes: it is validated, and its findings fail the synth as before.
// CDK_TELEMETRY_VALIDATION_CACHE=0 validates every template.
//
// The engine lives in a worker thread of the jest worker (below), called from the worker's own JavaScript realm; test
// code runs in jest's sandbox realm. The package checks that its inputs are plain objects of its own realm (and the
// memo caches plain data only), so every input is copied across with this realm's JSON.
const { createHash } = require('node:crypto');
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { buildSync } = require('esbuild');

/**
 * The app's validator modules (bin/), compiled here in one bundle (this file is outside jest's transform): the same
 * code as `cdk synth` runs, validation-memo.ts once for all three.
 */
function requireBin() {
  const bin = join(__dirname, '../../../bin');
  const { outputFiles } = buildSync({
    stdin: {
      contents: ['validation-memo', 'validator-tiering', 'validator-worker']
        .map((m) => `export * from './${m}';`)
        .join('\n'),
      resolveDir: bin,
      loader: 'ts',
    },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
  });
  const file = join(bin, 'validator-modules.js'); // a name for stack traces; no such file
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(bin);
  m._compile(outputFiles[0].text, file);
  return m.exports;
}

const appModules = requireBin();
const cache = appModules.cdkValidationCache();
// Each function of the validator's WebAssembly is validated when first compiled, not all when the module is (as in the
// app): the same reports. Set before this thread and the engine's thread compile the module.
appModules.validateWasmLazily();
const real = require(cache.path);
// The engine runs in a worker thread, as in the app (bin/validator-worker.ts, the same code): its start grows its
// WebAssembly memory in hundreds of steps, each a full garbage collection of the calling thread's heap, and a jest
// worker's heap holds the test files' construct trees (the 7,000-alarm app: ~1 GB). In a thread of its own, the
// scale and name-limits files took 24.7 s of CPU instead of 31.0 s (validation 15.7 s instead of 20.8 s), cold.
appModules.runValidatorInWorker(real, cache.path);

const copy = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** The worker's started engines, by configuration: what the memo starts on a miss. */
const started = new Map();
function startedEngine(config) {
  const key = JSON.stringify(config);
  let engine = started.get(key);
  if (!engine) {
    engine = new real.CompositeEngine(config);
    started.set(key, engine);
  }
  return { validateTemplate: (t, o) => engine.validateTemplate(t, o), free() {} };
}

const memoized = { CompositeEngine: startedEngine };
/** Hits and misses of this worker (misses are the templates it validated). */
const stats =
  process.env.CDK_TELEMETRY_VALIDATION_CACHE === '0'
    ? { hits: 0, misses: 0 }
    : appModules.memoizeValidation(memoized, cache.dir, cache.version, appModules.MAX_ENTRIES * 16);

/** With TEST_VALIDATION_LOG=<file>: one line per template, hit or miss, CPU ms, the template's hash. */
function logged(validate, template) {
  const log = process.env.TEST_VALIDATION_LOG;
  if (!log) return validate();
  const before = { ...stats };
  const cpu = process.cpuUsage();
  const report = validate();
  const { user, system } = process.cpuUsage(cpu);
  const what = stats.hits > before.hits ? 'hit' : stats.misses > before.misses ? 'miss' : 'off';
  const hash = createHash('sha256').update(template.readBytes()).digest('hex').slice(0, 16);
  appendFileSync(log, `${what}\t${((user + system) / 1000).toFixed(1)}\t${hash}\n`);
  return report;
}

/** An engine that outlives `free()`: the next test file gets the same one, its reports and its started engine. */
class SharedEngine {
  constructor(config) {
    this.memoized = new memoized.CompositeEngine(config);
  }
  validateTemplate(template, options) {
    return logged(() => this.memoized.validateTemplate(template, copy(options)), template);
  }
  free() {}
}

const engines = new Map();
function CompositeEngine(config) {
  const plain = copy(config ?? {});
  const key = JSON.stringify(plain);
  let engine = engines.get(key);
  if (!engine) {
    engine = new SharedEngine(plain);
    engines.set(key, engine);
  }
  return engine; // `new CompositeEngine(...)` returns this object
}

/** What test code gets for `require('@aws/cloudformation-validate')`. */
exports.module = { ...real, CompositeEngine, [Symbol.for('cdk-telemetry.test.validation-memo')]: stats };
/** This worker's memo counters: { hits, misses }. */
exports.stats = stats;
