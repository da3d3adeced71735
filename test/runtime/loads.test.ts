/**
 * `cdk-telemetry/runtime` runs in every cold start of the application's functions: it loads only its own folder
 * and the metrics contract (no aws-cdk-lib, zod, yaml, AWS SDK), and bundles small.
 */
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '../..');

test('loading the runtime loads no package and no project file outside lib/runtime and the contract', () => {
  const probe = `require('./lib/runtime');
    console.log(JSON.stringify(Object.keys(require.cache)));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  const loaded = (JSON.parse(r.stdout) as string[]).map((f) => relative(ROOT, f));
  const packages = new Set(
    loaded.filter((f) => f.includes('node_modules/')).map((f) => f.split('node_modules/')[1].split('/')[0]),
  );
  for (const loader of ['tsx', 'esbuild']) packages.delete(loader); // how this test loads TypeScript
  expect([...packages]).toEqual([]);
  const own = loaded.filter((f) => !f.includes('node_modules/') && !f.startsWith('..') && !f.startsWith('['));
  expect(own.filter((f) => !f.startsWith('lib/runtime/') && f !== 'lib/model/app-metrics.ts')).toEqual([]);
  expect(own).toContain('lib/model/app-metrics.ts');
});

test('a Lambda bundle of the runtime is small and holds only the runtime and the contract', () => {
  const out = buildSync({
    entryPoints: [join(ROOT, 'lib/runtime/index.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    write: false,
    metafile: true,
  });
  const inputs = Object.keys(out.metafile.inputs);
  expect(inputs.filter((f) => !f.startsWith('lib/runtime/') && f !== 'lib/model/app-metrics.ts')).toEqual([]);
  expect(out.outputFiles[0].contents.byteLength).toBeLessThan(40 * 1024);
});

test('package.json exports the runtime as cdk-telemetry/runtime, beside the root, for require, import and types', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the manifest as npm reads it
  const pkg = require('../../package.json') as {
    main: string;
    types: string;
    bin: Record<string, string>;
    exports: Record<string, string | { types: string; default: string }>;
    typesVersions: Record<string, Record<string, string[]>>;
  };
  const source = (dist: string) => dist.replace(/^\.?\/?dist\//, '').replace(/\.(d\.ts|js)$/, '.ts');
  expect(pkg.exports['.']).toEqual({ types: `./${pkg.types}`, default: `./${pkg.main}` });
  const runtime = pkg.exports['./runtime'] as { types: string; default: string };
  expect(source(runtime.default)).toBe('lib/runtime/index.ts');
  expect(source(runtime.types)).toBe('lib/runtime/index.ts');
  // TypeScript's older "node" resolution reads typesVersions instead of exports
  expect(pkg.typesVersions['*'].runtime).toEqual([runtime.types.slice(2)]);
  // deep imports into dist keep working, with or without .js; the CLI stays a bin
  expect(pkg.exports['./dist/*']).toBe('./dist/*.js');
  expect(pkg.bin['cdk-telemetry']).toBe('dist/bin/cli.js');
});
