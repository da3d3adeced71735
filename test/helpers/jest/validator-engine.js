// Loaded once per jest worker by environment.js, outside jest's module registry.
//
// aws-cdk-lib validates every synthesized template with @aws/cloudformation-validate (cdk.json turns its findings into
// errors). Starting that engine costs about 7 s of CPU, and jest gives every test file a fresh module registry, so
// every test file that synthesizes paid it again (and again whenever a synthesis brought a resource type the previous
// engine was not built for). This module keeps one engine per configuration for the life of the worker and hands it
// to every test file: templates are still validated, one by one, by the same engine as `cdk synth`; only its
// start-up is shared.
//
// The engine lives in the worker's own JavaScript realm, test code in jest's sandbox realm. The package checks that
// its inputs are plain objects of its own realm, so every input is copied across with this realm's JSON.
const real = require(
  require.resolve('@aws/cloudformation-validate', {
    paths: [require('node:path').dirname(require.resolve('aws-cdk-lib/package.json'))],
  }),
);

const copy = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const engines = new Map();

/** An engine that outlives `free()`: the next test file gets it already started. */
class SharedEngine {
  constructor(inner) {
    this.inner = inner;
  }
  validateTemplate(template, config) {
    return this.inner.validateTemplate(template, copy(config));
  }
  validateStandard(template, config) {
    return this.inner.validateStandard(template, copy(config));
  }
  validateDetailed(template, config) {
    return this.inner.validateDetailed(template, copy(config));
  }
  free() {}
}

function CompositeEngine(config) {
  const key = JSON.stringify(config ?? {});
  let engine = engines.get(key);
  if (!engine) {
    engine = new SharedEngine(new real.CompositeEngine(copy(config ?? {})));
    engines.set(key, engine);
  }
  return engine; // `new CompositeEngine(...)` returns this object
}

/** What test code gets for `require('@aws/cloudformation-validate')`. */
exports.module = { ...real, CompositeEngine };
/** How many engines this worker started (one per distinct configuration). */
exports.started = () => engines.size;
