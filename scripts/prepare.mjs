#!/usr/bin/env node
/* global process, console */
/**
 * npm's `prepare` script (run by `npm ci` and `npm install` in this repository, before `npm pack` and
 * `npm publish`, and when the package is installed from git), and anything else that needs a current `dist/`:
 *
 * 1. compiles `lib/` and `bin/` to `dist/` with esbuild, one file per source (about a second; no type check and
 *    no declarations: `npm run build` is the type-checked build with declarations, run before `npm pack`), but
 *    only the sources newer than their output, so a second run costs a few milliseconds;
 * 2. bundles the Grafana provider's handler into `dist/lib/grafana/provider/bundle/` when its sources changed;
 * 3. links the package's own commands (package.json `bin`) into its own `node_modules/.bin`, which npm does not
 *    do for a package's own bin, so `npx cdk-telemetry` runs this checkout's command.
 *
 * When npm prepares the package for another project (installed from git or from a folder), it also writes the
 * declarations (`tsc -p tsconfig.build.json`), as `npm pack` does through `prepack`.
 *
 * Plain JavaScript, so it runs before anything is compiled and starts in milliseconds.
 * Usage: node scripts/prepare.mjs [--force] [--quiet]
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');
const say = (text) => quiet || console.log(`prepare: ${text}`);
const require = createRequire(import.meta.url);

/** Every TypeScript source under `dir` (declarations excluded). */
function sources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);
const outputOf = (source) => join(dist, relative(root, source)).replace(/\.ts$/, '.js');

/** 1. The sources whose compiled file is missing or older. */
function compile(esbuild) {
  const all = [...sources(join(root, 'lib')), ...sources(join(root, 'bin'))];
  const stale = force ? all : all.filter((s) => mtime(outputOf(s)) < mtime(s));
  if (stale.length === 0) return 0;
  esbuild.buildSync({
    entryPoints: stale,
    outdir: dist,
    outbase: root,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import() becomes require(), as tsc writes it for CommonJS: Node's loader would not find an import of a
    // path without its extension (`await import('../cost/usage')`).
    supported: { 'dynamic-import': false },
    sourcemap: true,
    logLevel: 'warning',
  });
  return stale.length;
}

/** 2. The Grafana provider's bundle, when a source of the provider is newer than it. */
function bundleProvider() {
  const providerDir = join(root, 'lib', 'grafana', 'provider');
  if (!existsSync(providerDir)) return false;
  const bundle = join(dist, 'lib', 'grafana', 'provider', 'bundle', 'index.js');
  const newest = Math.max(...sources(providerDir).map(mtime), mtime(join(root, 'package-lock.json')));
  if (!force && mtime(bundle) >= newest) return false;
  const { bundleProvider } = require(join(dist, 'lib', 'grafana', 'provider-code.js'));
  bundleProvider(dirname(bundle), join(providerDir, 'index.ts'));
  return true;
}

/** 3. `node_modules/.bin/<name>` for each command of package.json `bin`, pointing into `dist/`. */
function linkBins() {
  const { bin = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) return [];
  mkdirSync(join(modules, '.bin'), { recursive: true });
  return Object.entries(bin).map(([name, target]) => {
    const file = join(root, target);
    if (!existsSync(file)) throw new Error(`package.json bin ${name}: ${target} was not built`);
    chmodSync(file, 0o755);
    const link = join(modules, '.bin', name);
    if (lstatExists(link)) rmSync(link);
    symlinkSync(relative(dirname(link), file), link);
    return name;
  });
}

const lstatExists = (path) => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  console.error(
    'prepare: esbuild is missing: run npm ci (it is a dev dependency) before building from source',
  );
  process.exit(1);
}
/** npm was started outside this checkout: it is preparing the package for a project that installs it. */
const forAnotherProject = () =>
  Boolean(process.env.INIT_CWD) && relative(root, resolve(process.env.INIT_CWD)).startsWith('..');

/** The type-checked build with declarations, as `npm run build` does it. */
function declarations() {
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// What dist/ is compiled from (scripts/source-hash.cjs): bin/run-app.cjs, cdk.json's app, runs dist/ only when
// its stamp matches the sources at synth time. Hashed before compiling, stamped once everything compiled.
const { beginBuild, commitBuild } = require('./source-hash.cjs');

const started = Date.now();
beginBuild(root);
const compiled = compile(esbuild);
if (forAnotherProject()) declarations();
const bundled = bundleProvider();
const linked = linkBins();
commitBuild(root);
say(
  `${compiled ? `compiled ${compiled} files` : 'dist/ is up to date'}${bundled ? ', bundled the Grafana provider' : ''}` +
    `${linked.length ? `, linked ${linked.join(', ')} into node_modules/.bin` : ''} (${Date.now() - started} ms)`,
);
