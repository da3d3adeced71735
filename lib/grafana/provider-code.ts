/**
 * The Grafana provider's Lambda code: one CommonJS file bundled from `provider/` with esbuild (no Docker).
 * The published package carries it prebuilt (`npm run build` writes `provider/bundle/index.js` next to the
 * compiled handler), so users need neither esbuild nor Docker. From the TypeScript sources (this repository,
 * tests) it is bundled once per content of the sources and cached in the OS temp folder, so a synth after the
 * first costs no bundling.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Esbuild from 'esbuild';

const PROVIDER_DIR = join(__dirname, 'provider');
/** The SDK clients the handler bundles: their versions are part of the cache key. */
const BUNDLED = ['@aws-sdk/client-grafana', '@aws-sdk/client-s3', 'esbuild'];

/** Bundles the handler into `outDir/index.js`. Needs the `esbuild` package (a dev dependency). */
export function bundleProvider(outDir: string, entry = join(PROVIDER_DIR, 'index.ts')): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof Esbuild;
  mkdirSync(outDir, { recursive: true });
  const tmp = join(outDir, `index.js.${process.pid}.tmp`);
  esbuild.buildSync({
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  renameSync(tmp, join(outDir, 'index.js')); // atomic: parallel test workers never see half a file
}

function sourcesHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(PROVIDER_DIR)
    .filter((n) => n.endsWith('.ts'))
    .sort()) {
    h.update(f).update(readFileSync(join(PROVIDER_DIR, f)));
  }
  for (const pkg of BUNDLED) {
    h.update(pkg);
    try {
      h.update(JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version);
    } catch {
      h.update('?');
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** A folder holding the bundled handler as `index.js`. */
export function providerCodeDir(): string {
  const prebuilt = join(PROVIDER_DIR, 'bundle');
  if (existsSync(join(prebuilt, 'index.js')) && !existsSync(join(PROVIDER_DIR, 'index.ts'))) return prebuilt;
  const dir = join(tmpdir(), `cdk-telemetry-grafana-provider-${sourcesHash()}`);
  if (!existsSync(join(dir, 'index.js'))) bundleProvider(dir);
  return dir;
}
