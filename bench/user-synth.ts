/**
 * What a user waits for: `npx cdk synth` of the example app (telemetry.yaml), wall and CPU time of the whole process
 * tree (npx, the CDK CLI, the app), beside a bare CDK app with the same cdk.json in the same run. Never part of
 * `npm test`.
 *
 *   npm run build && npx tsx bench/user-synth.ts              # 5 repetitions
 *   npx tsx bench/user-synth.ts --reps 9 --configs ours,bare
 *   npx tsx bench/user-synth.ts --configs bare,ours-cold --baseline ../main-copy   # before/after in one run
 *
 * The bare app (bench/out/user-synth/bare/) is a project of its own: this repository's cdk.json, bin/run-app.cjs
 * and scripts/source-hash.cjs, a bin/app.ts with one stack holding one placeholder resource, compiled to dist/ and
 * stamped as `npm run build` does, and this repository's node_modules. So it runs the same way as ours, and its
 * time is the CDK CLI, node, aws-cdk-lib and CloudFormation validation, which every CDK app pays.
 *
 * The configurations of one repetition run back to back in a rotating order, after one untimed warm-up each; the
 * figures are medians over repetitions, the ratio is ours over bare. CPU time is user + system of every process of
 * the tree (read from /proc/self/stat as the children's times, Linux only), steadier than wall time on a busy
 * machine. `cdk.out` is kept between runs, as when a user synthesizes again.
 *
 * `ours` synthesizes templates the CloudFormation validator has seen before (bin/validation-memo.ts: `cdk synth`,
 * `cdk diff`, `cdk deploy` of the same config), so it never starts the validator; `ours-cold` turns that cache off,
 * which is what a synth after an edit to every stack costs (an edit to one stack costs the validator's start-up and
 * that stack's validation).
 *
 * `--baseline <dir>` adds `baseline-cold`: `ours-cold` in another built copy of this repository (a checkout of main
 * after `npm run build`, its node_modules linked or installed), in the same rotation, so a change is measured beside
 * the tree before it.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { transformSync } from 'esbuild';
import { renderTable } from '../lib/tools/cli/table';
import { median } from './median';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS script bin/run-app.cjs uses
const { beginBuild, builtFrom, commitBuild, sourcesHash } = require('../scripts/source-hash.cjs') as {
  beginBuild: (root: string) => void;
  builtFrom: (root: string) => string | undefined;
  commitBuild: (root: string) => void;
  sourcesHash: (root: string) => string;
};

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out', 'user-synth');

const BARE_APP = `#!/usr/bin/env node
// The baseline: one stack with one placeholder resource (CloudFormation validation refuses an empty template).
import { App, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';

const app = new App();
new CfnWaitConditionHandle(new Stack(app, 'bare'), 'Placeholder');
app.synth();
`;

/** The bare app with the validator's WebAssembly validated and compiled as ours does (bin/validator-tiering.ts). */
const BARE_APP_LIFTOFF = BARE_APP.replace(
  'import { App,',
  "import { setFlagsFromString } from 'node:v8';\nsetFlagsFromString('--wasm-lazy-validation');\nsetFlagsFromString('--liftoff-only');\nimport { App,",
);

interface Config {
  readonly id: string;
  readonly title: string;
  /** The project folder `npx cdk synth` runs in. */
  readonly dir: string;
  readonly env?: Record<string, string>;
}

/** A CDK project with this repository's cdk.json and launcher and a bare app, compiled and stamped. */
function bareProject(dir: string, app?: string, source = BARE_APP): string {
  rmSync(dir, { recursive: true, force: true });
  for (const d of ['bin', 'scripts', 'dist/bin']) mkdirSync(join(dir, d), { recursive: true });
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'));
  if (app) cdkJson.app = app;
  writeFileSync(join(dir, 'cdk.json'), JSON.stringify(cdkJson, null, 2));
  copyFileSync(join(ROOT, 'bin', 'run-app.cjs'), join(dir, 'bin', 'run-app.cjs'));
  copyFileSync(join(ROOT, 'scripts', 'source-hash.cjs'), join(dir, 'scripts', 'source-hash.cjs'));
  writeFileSync(join(dir, 'bin', 'app.ts'), source);
  beginBuild(dir);
  const js = transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    platform: 'node',
  }).code;
  writeFileSync(join(dir, 'dist', 'bin', 'app.js'), js);
  commitBuild(dir);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const CONFIGS: Record<string, () => Config> = {
  ours: () => ({ id: 'ours', title: 'cdk-telemetry example app', dir: ROOT }),
  bare: () => ({ id: 'bare', title: 'bare CDK app, same cdk.json', dir: bareProject(join(OUT, 'bare')) }),
  'ours-cold': () => ({
    id: 'ours-cold',
    title: 'cdk-telemetry, every template new to the validator (its cache off)',
    dir: ROOT,
    env: { CDK_TELEMETRY_VALIDATION_CACHE: '0' },
  }),
  'ours-cold-tier-up': () => ({
    id: 'ours-cold-tier-up',
    title: 'cdk-telemetry, every template new, WebAssembly tier-up on (as before bin/validator-tiering.ts)',
    dir: ROOT,
    env: { CDK_TELEMETRY_VALIDATION_CACHE: '0', CDK_TELEMETRY_WASM_TIER_UP: '1' },
  }),
  'bare-liftoff': () => ({
    id: 'bare-liftoff',
    title: 'bare CDK app, WebAssembly compiled as ours (Liftoff only)',
    dir: bareProject(join(OUT, 'bare-liftoff'), undefined, BARE_APP_LIFTOFF),
  }),
  'ours-source': () => ({
    id: 'ours-source',
    title: 'cdk-telemetry, from TypeScript (lib/ edited since the build)',
    dir: ROOT,
    env: { CDK_TELEMETRY_FROM_SOURCE: '1' },
  }),
  'bare-tsx': () => ({
    id: 'bare-tsx',
    title: 'bare CDK app, `npx tsx bin/app.ts` (the cdk.json before)',
    dir: bareProject(join(OUT, 'bare-tsx'), 'npx tsx bin/app.ts'),
  }),
};

/** CPU time (user + system) of the children this process has waited for, in ms (Linux). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, 1/100 s
}

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** One `npx cdk synth`, exactly as typed, in the config's folder. */
function synth(config: Config): Run {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync('npx', ['cdk', 'synth'], {
    cwd: config.dir,
    env: { ...process.env, ...config.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) {
    throw new Error(
      `${config.id}: npx cdk synth exited ${r.status}: ${(r.stderr ?? '').split('\n').slice(-5).join(' ')}`,
    );
  }
  return { wallMs, cpuMs: childrenCpuMs() - cpu0 };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '5' },
      configs: { type: 'string', default: 'ours,bare,ours-cold' },
      baseline: { type: 'string' },
    },
  });
  if (values.baseline !== undefined) {
    const dir = resolve(values.baseline);
    if (builtFrom(dir) === undefined || builtFrom(dir) !== sourcesHash(dir))
      throw new Error(
        `--baseline: ${dir} is not a built copy of this repository (run \`npm run build\` there)`,
      );
    CONFIGS['baseline-cold'] = () => ({
      id: 'baseline-cold',
      title: `baseline (${dir}), every template new to the validator`,
      dir,
      env: { CDK_TELEMETRY_VALIDATION_CACHE: '0' },
    });
  }
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps: "${values.reps}" is not a positive integer`);
  const ids = [
    ...new Set([
      'ours',
      'bare',
      ...values.configs.split(',').filter(Boolean),
      ...(values.baseline === undefined ? [] : ['baseline-cold']),
    ]),
  ];
  for (const id of ids) {
    if (!Object.hasOwn(CONFIGS, id))
      throw new Error(`--configs: unknown "${id}" (known: ${Object.keys(CONFIGS).join(', ')})`);
  }
  if (!existsSync('/proc/self/stat'))
    throw new Error('CPU time of a process tree is read from /proc: Linux only');
  if (builtFrom(ROOT) !== sourcesHash(ROOT)) {
    throw new Error(
      'dist/ is not built from the current sources: run `npm run build` first (as `npm ci` does)',
    );
  }
  mkdirSync(OUT, { recursive: true });
  const configs = ids.map((id) => CONFIGS[id]());
  const load0 = loadavg();
  const started = new Date().toISOString();
  process.stderr.write(`warm-up: ${configs.map((c) => c.id).join(', ')}\n`);
  for (const c of configs) synth(c);
  const runs = new Map(configs.map((c) => [c.id, [] as Run[]]));
  for (let rep = 0; rep < reps; rep++) {
    const order = configs.map((_, i) => configs[(i + rep) % configs.length]);
    for (const c of order) {
      const run = synth(c);
      runs.get(c.id)!.push(run);
      process.stderr.write(
        `rep ${rep + 1}/${reps} ${c.id}: ${(run.wallMs / 1000).toFixed(2)} s wall, ${(run.cpuMs / 1000).toFixed(2)} s CPU\n`,
      );
    }
  }
  const load1 = loadavg();
  const med = (id: string, k: keyof Run) => median(runs.get(id)!.map((r) => r[k])) / 1000;
  const rows = configs.map((c) => ({
    configuration: c.title,
    'wall s': med(c.id, 'wallMs').toFixed(2),
    'CPU s': med(c.id, 'cpuMs').toFixed(2),
    'CPU / bare': (med(c.id, 'cpuMs') / med('bare', 'cpuMs')).toFixed(2),
    'wall / bare': (med(c.id, 'wallMs') / med('bare', 'wallMs')).toFixed(2),
  }));
  const header =
    `${started}: \`npx cdk synth\`, medians of ${reps}; ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ` +
    `load average ${load0.map((l) => l.toFixed(1)).join(' ')} at start, ${load1.map((l) => l.toFixed(1)).join(' ')} at end; ` +
    `node ${process.version}`;
  const table = renderTable(rows, 'md');
  process.stdout.write(`${header}\n\n${table}\n`);
  writeFileSync(
    join(OUT, 'latest.json'),
    JSON.stringify(
      { started, reps, loadavg: { start: load0, end: load1 }, configs, runs: Object.fromEntries(runs) },
      null,
      2,
    ),
  );
  writeFileSync(join(OUT, 'latest.md'), `${header}\n\n${table}\n`);
}

try {
  main();
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
}
