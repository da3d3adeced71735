// Jest's runtime, with V8's code cache kept for the life of the worker.
//
// Jest gives every test file a fresh module registry, so every file compiles again the modules it loads: aws-cdk-lib,
// cdk-nag, zod and this library, the same sources each time. Here a module is compiled as a `vm.Script` (the
// function jest would compile, wrapped on its first line, as jest did before `compileFunction`), and the next
// compilation of the same source in the worker starts from V8's code cache of the first, taken after the first test
// file ran it: it then holds the functions that were compiled as they were called, not only the top level. Modules
// are still evaluated afresh in each file's context: only V8's parse and compile work is shared, keyed by the exact
// source. Were jest's module executor ever to change shape, or with --coverage, this is jest's runtime as it is.
const { Script } = require('node:vm');
const Runtime = require('jest-runtime').default;

const KEY = '__jest_module_function__';
/** By file, in this worker: the source, the first script compiled from it, and its code cache once taken. */
const caches = new Map();

/** jest's ModuleExecutor.compile through a cached script; jest's own compile for anything else or on any error. */
function cachingCompile(executor, jestCompile) {
  return (source, filename) => {
    const context = executor.environment.getVmContext();
    if (context == null || executor.resolution.isCoreModule(filename)) return jestCompile(source, filename);
    let known = caches.get(filename);
    if (known?.source !== source) known = undefined;
    if (known && !known.data) known.data = known.script.createCachedData();
    try {
      const script = new Script(
        `({"${KEY}":function(${executor.injectedModuleParameters.join(',')}){${source}\n}});`,
        {
          filename,
          cachedData: known?.data,
          importModuleDynamically: (specifier, _script, attributes, phase) =>
            executor.dynamicImport(specifier, filename, context, attributes, phase),
        },
      );
      if (!known) caches.set(filename, { source, script });
      return script.runInContext(context)[KEY];
    } catch {
      return jestCompile(source, filename); // jest's messages for a syntax error
    }
  };
}

class CodeCachingRuntime extends Runtime {
  constructor(config, environment, resolver, transformer, cacheFS, coverageOptions, ...rest) {
    super(config, environment, resolver, transformer, cacheFS, coverageOptions, ...rest);
    const { executor } = this;
    const usable =
      typeof executor?.compile === 'function' && Array.isArray(executor.injectedModuleParameters);
    // coverage maps positions in the source: left to jest's own compile
    if (usable && !coverageOptions?.collectCoverage) {
      executor.compile = cachingCompile(executor, executor.compile.bind(executor));
    }
  }
}

module.exports = CodeCachingRuntime;
