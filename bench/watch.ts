/**
 * `npx tsx bench/watch.ts [--reps 5]`: what a user waits for, `npx cdk synth` of the example shop (examples/app),
 * with the one-line `Telemetry.watch` (examples/app/main.ts) and without it (bench/watch-without.ts: the same stacks,
 * cdk-telemetry never loaded), in the same run; and the lines of user code of the example. Never part of `npm test`.
 *
 * Both run in examples/app with its cdk.json (CloudFormation validation on, `npx tsx` as the app command, cdk-nag
 * AwsSolutions on), each into a fresh output folder (a cold synth). After one untimed warm-up each (tsx's transform
 * cache, the file cache), every repetition runs both back to back, alternating the order. Figures are medians; the
 * difference is the median over repetitions of (with − without), so load changes between repetitions cancel. CPU
 * time is user + system of the whole process tree (npx, the CDK CLI, the app), read from /proc (Linux only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './median';

const EXAMPLE = resolve(__dirname, '..', 'examples', 'app');
const MODES = {
  without: `npx tsx ${join(__dirname, 'watch-without.ts')}`,
  with: 'npx tsx main.ts',
} as const;
type Mode = keyof typeof MODES;

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** CPU time (user + system) of the children this process has waited for, in ms (Linux). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, 1/100 s
}

/** One `npx cdk synth` of the example, into a fresh folder. */
function synth(mode: Mode): Run & { stacks: number } {
  const out = mkdtempSync(join(tmpdir(), 'watch-bench-'));
  try {
    const cpu0 = childrenCpuMs();
    const t0 = performance.now();
    const r = spawnSync('npx', ['cdk', 'synth', '--quiet', '--app', MODES[mode], '--output', out], {
      cwd: EXAMPLE,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = performance.now() - t0;
    if (r.status !== 0)
      throw new Error(
        `${mode}: npx cdk synth exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' ')}`,
      );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      artifacts?: Record<string, { type: string }>;
    };
    const stacks = Object.values(manifest.artifacts ?? {}).filter(
      (a) => a.type === 'aws:cloudformation:stack',
    ).length;
    return { wallMs, cpuMs: childrenCpuMs() - cpu0, stacks };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Non-blank lines that are not comments. */
const codeLines = (text: string) =>
  text.split('\n').filter((l) => l.trim() && !/^\s*(\/\/|\/\*\*?|\*)/.test(l)).length;

function main(): void {
  const { values } = parseArgs({ options: { reps: { type: 'string', default: '5' } } });
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps: "${values.reps}" is not a positive integer`);
  if (!existsSync('/proc/self/stat'))
    throw new Error('CPU time of a process tree is read from /proc: Linux only');

  const load0 = loadavg();
  const stacks: Record<Mode, number> = { without: 0, with: 0 };
  process.stderr.write('warm-up: without, with\n');
  for (const mode of ['without', 'with'] as const) stacks[mode] = synth(mode).stacks;
  const runs: Record<Mode, Run[]> = { without: [], with: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const mode of rep % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
      const r = synth(mode);
      runs[mode].push(r);
      process.stderr.write(
        `rep ${rep + 1}/${reps} ${mode}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU\n`,
      );
    }
  }
  const load1 = loadavg();
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const med = (mode: Mode, k: keyof Run) => median(runs[mode].map((r) => r[k]));
  const diff = (k: keyof Run) => median(runs.with.map((r, i) => r[k] - runs.without[i][k]));
  console.log(
    `\`npx cdk synth\` of examples/app, medians of ${reps}; ${cpus().length} CPUs, load average ` +
      `${load0[0].toFixed(1)} at start, ${load1[0].toFixed(1)} at end; node ${process.version}`,
  );
  for (const mode of ['without', 'with'] as const)
    console.log(
      `  ${mode === 'with' ? 'with Telemetry.watch:   ' : 'without (same stacks): '} ${s(med(mode, 'wallMs'))} wall, ` +
        `${s(med(mode, 'cpuMs'))} CPU, ${stacks[mode]} stacks`,
    );
  console.log(
    `  difference: +${s(diff('wallMs'))} wall, +${s(diff('cpuMs'))} CPU ` +
      `(${(med('with', 'cpuMs') / med('without', 'cpuMs')).toFixed(2)}x by CPU)`,
  );

  const read = (f: string) => readFileSync(join(EXAMPLE, f), 'utf8');
  const shop = read('shop.ts');
  const body = shop.slice(shop.indexOf('const watch = Telemetry.watch('), shop.indexOf('return {'));
  console.log(
    `lines of user code: ${codeLines(read('stacks.ts'))} in examples/app/stacks.ts (the shop), ` +
      `${codeLines(shop)} in shop.ts and ${codeLines(read('main.ts'))} in main.ts; ` +
      `the telemetry itself is ${codeLines(body)} lines (one call of Telemetry.watch and two overrides)`,
  );
}

try {
  main();
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
}
