/* global process */
// Exit 0 when dist/ holds the type-checked build of the sources as they are now (what `npm pack` would build: its
// JavaScript from the current sources, and a declaration file no older than each source), 1 otherwise. Lets the
// packaging test skip a second `npm run build` right after CI's own (a build takes minutes on the CI machine).
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const { builtFrom, sourcesHash } = require('../../scripts/source-hash.cjs');

const root = join(__dirname, '..', '..');

function sources(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(path));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function current() {
  if (builtFrom(root) !== sourcesHash(root)) return false;
  for (const source of [...sources(join(root, 'lib')), ...sources(join(root, 'bin'))]) {
    const declaration = join(root, 'dist', relative(root, source)).replace(/\.ts$/, '.d.ts');
    if (!existsSync(declaration) || statSync(declaration).mtimeMs < statSync(source).mtimeMs) return false;
  }
  return true;
}

process.exitCode = current() ? 0 : 1;
