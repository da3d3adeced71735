/* global __filename */
// Jest transform: TypeScript to CommonJS with esbuild, one file at a time, as ts-jest's isolatedModules did, in a
// fraction of its time on a cold cache. It strips types without checking them: `npm run typecheck` (tsc --noEmit)
// is the type check. The source map goes to jest, so stack traces point at the .ts lines.
//
// Two differences from tsc's CommonJS output are undone, so tests behave as they did under ts-jest:
// - `await import('x')` becomes a `require` (jest runs CommonJS; a real import() needs --experimental-vm-modules);
// - esbuild exports through non-configurable getters, which `jest.spyOn(module, 'fn')` cannot replace: its
//   `__defProp` helper is made to define configurable properties;
// - `import * as m from './x'` gets a copy of x's exports from esbuild, x's exports themselves from tsc (so a spy on
//   `m.fn` is seen by x's other importers): its `__toESM` helper returns a compiled ES module as it is, as tsc's
//   `__importStar` does.
const { createHash } = require('node:crypto');
const { transformSync, version } = require('esbuild');

const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  platform: 'node',
  sourcemap: 'external',
  sourcesContent: false,
  supported: { 'dynamic-import': false },
  // tsconfig.json's settings that change the emitted code (esModuleInterop is esbuild's behaviour already).
  tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } },
};

/** esbuild's helper declarations (exact text, checked) and what they become. */
const HELPERS = [
  [
    'var __defProp = Object.defineProperty;',
    'var __defProp = (o, k, d) => Object.defineProperty(o, k, { ...d, configurable: true });',
  ],
  [
    'var __toESM = (mod, isNodeMode, target) => (',
    'var __toESM = (mod, isNodeMode, target) => mod != null && mod.__esModule && !isNodeMode ? mod : (',
  ],
];

function patchHelpers(code) {
  for (const [from, to] of HELPERS) {
    const name = from.split(' ')[1];
    if (!code.includes(`${name}(`)) continue;
    if (!code.includes(from))
      throw new Error(`esbuild ${version} no longer declares "${from}": update ${__filename}`);
    code = code.replace(from, to);
  }
  return code;
}

module.exports = {
  canInstrument: false,
  process(source, filename) {
    const { code, map } = transformSync(source, { ...OPTIONS, sourcefile: filename });
    return { code: patchHelpers(code), map }; // each helper stays on its line: the source map still holds
  },
  getCacheKey(source, filename) {
    return createHash('sha256')
      .update(`${version}\0${JSON.stringify(OPTIONS)}\0${JSON.stringify(HELPERS)}\0${filename}\0`)
      .update(source)
      .digest('hex');
  },
};
