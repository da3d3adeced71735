/* global process */
// What dist/ was compiled from: a hash of every input of `npm run build` (the TypeScript of bin/ and lib/, the
// tsconfig files, and package-lock.json for the dependencies the Grafana provider bundle carries).
//
//   node scripts/source-hash.cjs --begin    first step of `npm run build`: hashes the sources as they are now
//   node scripts/source-hash.cjs --commit   last step, once everything compiled: dist/ is from that hash
//
// scripts/prepare.mjs (`npm ci`'s quick esbuild build) calls the same two steps, `beginBuild` and `commitBuild`.
//
// bin/run-app.cjs (cdk.json's "app") runs the compiled app only when the committed hash equals the hash of the
// sources at the time of the synth, so an edit to lib/ is never synthesized from stale JavaScript.
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

/** Where `--commit` records the hash dist/ was built from, relative to the project root. */
const STAMP = join('dist', '.sources-hash');
const PENDING = `${STAMP}.pending`;
const FOLDERS = ['bin', 'lib'];
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function tsFiles(root, dir, out) {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return out; // a project without lib/ (the benchmark's bare app)
  }
  for (const e of entries) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) tsFiles(root, rel, out);
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** The hash of the build's inputs under `root`, as they are now. */
function sourcesHash(root) {
  const h = createHash('sha256');
  const files = [...FOLDERS.flatMap((d) => tsFiles(root, d, [])).sort(), ...FILES];
  for (const rel of files) {
    h.update(rel).update('\0');
    try {
      h.update(readFileSync(join(root, rel)));
    } catch {
      h.update('(missing)');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

/** The hash dist/ under `root` was built from, or undefined when it has no complete build. */
function builtFrom(root) {
  try {
    return readFileSync(join(root, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Before a build of dist/ under `root`: removes the stamp (a build that stops half way leaves none) and keeps aside the
 * hash of the sources as they are now, so that an edit made while the build runs is not taken as built.
 */
function beginBuild(root) {
  rmSync(join(root, STAMP), { force: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, PENDING), `${sourcesHash(root)}\n`);
}

/** Once the build of dist/ under `root` completed: dist/ is from the hash `beginBuild` kept aside. */
function commitBuild(root) {
  renameSync(join(root, PENDING), join(root, STAMP));
}

module.exports = { sourcesHash, builtFrom, beginBuild, commitBuild };

if (require.main === module) {
  const root = join(__dirname, '..');
  const step = process.argv[2];
  if (step === '--begin') {
    beginBuild(root);
  } else if (step === '--commit') {
    commitBuild(root);
  } else {
    process.stderr.write('usage: node scripts/source-hash.cjs --begin | --commit\n');
    process.exitCode = 2;
  }
}
