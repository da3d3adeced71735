/**
 * Synth benchmark (`npm run bench`, never part of `npm test`): synth time and template bytes of cdk-telemetry
 * beside a bare CDK app and beside cdk-monitoring-constructs on the same workload, in the same run.
 *
 *   npm run bench                          # N = 1, 10, 40, 1000
 *   npm run bench -- --sizes 1,10,40       # skip the slow size
 *   npm run bench -- --reps 7 --configs bare,ours,cmc
 *
 * Every synthesis runs cold in a fresh `node --import tsx` process (bench/child.ts), like `cdk synth`: module
 * load, construction, synthesis with CloudFormation validation on. The configurations of one repetition run back
 * to back, in a rotating order; "overhead" is the median over repetitions of (configuration − bare app) of the
 * same repetition, so a change of machine load between repetitions cancels out. Progress goes to stderr; the
 * table to stdout; JSON and Markdown to bench/out/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderTable } from '../lib/tools/cli/table';
import { CONFIGS, configById, type BenchConfig } from './configs';
import { median } from './median';
import { readAssembly, type AssemblyReport } from './templates';
import { MONITORED_PER_SERVICE } from './workload';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const CHILD = join(ROOT, 'bench', 'child.ts');
/** Node flags of every child: the same loader for all, and heap room for N = 1000. */
const NODE_FLAGS = ['--max-old-space-size=8192', '--import', 'tsx'];
/** The size the targets of issue 2 are stated for. */
const TARGET_N = 40;

interface ChildResult {
  readonly phases: { boot: number; load: number; construct: number; synth: number };
  readonly totalMs: number;
  readonly cpuMs: number;
  /** Linux only. */
  readonly mainThreadCpuMs?: number;
  readonly maxRssMb: number;
}

interface Run extends ChildResult {
  /** Spawn to exit, as seen by the parent (includes process teardown). */
  readonly wallMs: number;
}

interface Measurement {
  readonly config: string;
  readonly n: number;
  readonly runs: Run[];
  readonly failure?: string;
  assembly?: AssemblyReport;
}

// ---------------------------------------------------------------------------------------------------------------

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1,10,40,1000' },
      reps: { type: 'string' },
      configs: { type: 'string', default: CONFIGS.map((c) => c.id).join(',') },
      'no-warmup': { type: 'boolean', default: false },
      'no-validation': { type: 'boolean', default: false },
      'node-flags': { type: 'string', default: '' },
    },
  });
  const sizes = values.sizes.split(',').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: "${s}" is not a positive integer`);
    return n;
  });
  const ids = new Set(['bare', ...values.configs.split(',').filter(Boolean)]);
  const configs = [...ids].map(configById);
  const reps = values.reps === undefined ? undefined : Number(values.reps);
  if (reps !== undefined && !(Number.isInteger(reps) && reps >= 1)) {
    throw new Error(`--reps: "${values.reps}" is not a positive integer`);
  }
  return {
    sizes,
    configs,
    reps,
    warmup: !values['no-warmup'],
    validation: !values['no-validation'],
    nodeFlags: values['node-flags'].split(' ').filter(Boolean),
  };
}

/** Repetitions per size: 5, or 3 from N = 1000 on (minutes per synthesis). */
const repsFor = (n: number, override?: number) => override ?? (n >= 1000 ? 3 : 5);

const outdirOf = (config: string, n: number) => join(OUT, 'cdk.out', `${config}-n${n}`);

type Options = ReturnType<typeof options>;

function runChild(config: BenchConfig, n: number, opts: Options): Promise<Run> {
  const outdir = outdirOf(config.id, n);
  rmSync(outdir, { recursive: true, force: true });
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      [...NODE_FLAGS, ...opts.nodeFlags, CHILD, config.id, String(n), outdir],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        // aws-cdk-lib runs its CloudFormation validator on every synth unless CDK_VALIDATION=false
        env: { ...process.env, CDK_VALIDATION: opts.validation ? undefined : 'false' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        const why = stderr.trim().split('\n').slice(0, 6).join('\n') || `exit status ${code}`;
        fail(new Error(`${config.id} N=${n}: ${why}`));
        return;
      }
      done({ ...(JSON.parse(last) as ChildResult), wallMs });
    });
  });
}

const secs = (ms: number) => (ms / 1000).toFixed(2);
const kb = (bytes: number) => (bytes / 1024).toFixed(2);
const log = (text: string) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------------------------------------------------------

interface Summary {
  readonly n: number;
  readonly config: string;
  readonly title: string;
  readonly failure?: string;
  readonly reps: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly mainCpuMs: number;
  readonly phasesMs: ChildResult['phases'] & { exit: number };
  readonly maxRssMb: number;
  /** Median over repetitions of (this − bare app of the same repetition). */
  readonly overheadWallMs: number;
  readonly overheadCpuMs: number;
  readonly overheadMainCpuMs: number;
  readonly assembly?: AssemblyReport;
  /** Template bytes per monitored resource (4 per service). */
  readonly bytesPerMonitored?: { written: number; minified: number; indented: number };
}

function summarize(m: Measurement, bare: Measurement | undefined, title: string): Summary {
  const paired = (pick: (r: Run) => number) =>
    bare && bare.runs.length === m.runs.length
      ? median(m.runs.map((r, i) => pick(r) - pick(bare.runs[i])))
      : Number.NaN;
  const monitored = m.n * MONITORED_PER_SERVICE;
  const b = m.assembly?.bytes;
  return {
    n: m.n,
    config: m.config,
    title,
    failure: m.failure,
    reps: m.runs.length,
    wallMs: median(m.runs.map((r) => r.wallMs)),
    cpuMs: median(m.runs.map((r) => r.cpuMs)),
    mainCpuMs: median(m.runs.map((r) => r.mainThreadCpuMs ?? Number.NaN)),
    phasesMs: {
      boot: median(m.runs.map((r) => r.phases.boot)),
      load: median(m.runs.map((r) => r.phases.load)),
      construct: median(m.runs.map((r) => r.phases.construct)),
      synth: median(m.runs.map((r) => r.phases.synth)),
      exit: median(m.runs.map((r) => r.wallMs - r.totalMs)),
    },
    maxRssMb: median(m.runs.map((r) => r.maxRssMb)),
    overheadWallMs: m.config === 'bare' ? 0 : paired((r) => r.wallMs),
    overheadCpuMs: m.config === 'bare' ? 0 : paired((r) => r.cpuMs),
    overheadMainCpuMs: m.config === 'bare' ? 0 : paired((r) => r.mainThreadCpuMs ?? Number.NaN),
    assembly: m.assembly,
    bytesPerMonitored: b && {
      written: b.written / monitored,
      minified: b.minified / monitored,
      indented: b.indented / monitored,
    },
  };
}

function mainTable(summaries: readonly Summary[]) {
  return summaries.map((s) => {
    const a = s.assembly;
    const per = s.bytesPerMonitored;
    return {
      N: s.n,
      configuration: s.title,
      stacks: a?.stacks ?? '-',
      resources: a?.resources ?? '-',
      alarms: a?.alarms ?? '-',
      'wall s': s.failure ? 'failed' : secs(s.wallMs),
      'CPU s': s.failure ? '-' : secs(s.cpuMs),
      '+wall s': s.config === 'bare' || s.failure ? '-' : secs(s.overheadWallMs),
      '+CPU s': s.config === 'bare' || s.failure ? '-' : secs(s.overheadCpuMs),
      'main CPU s': s.failure ? '-' : secs(s.mainCpuMs),
      '+main s': s.config === 'bare' || s.failure ? '-' : secs(s.overheadMainCpuMs),
      'KB written': a ? kb(a.bytes.written) : '-',
      'KB/res written': per && s.config !== 'bare' ? kb(per.written) : '-',
      'KB/res minified': per && s.config !== 'bare' ? kb(per.minified) : '-',
      'KB/res indented': per && s.config !== 'bare' ? kb(per.indented) : '-',
    };
  });
}

function phaseTable(summaries: readonly Summary[]) {
  return summaries
    .filter((s) => !s.failure)
    .map((s) => ({
      N: s.n,
      configuration: s.title,
      'boot s': secs(s.phasesMs.boot),
      'load s': secs(s.phasesMs.load),
      'construct s': secs(s.phasesMs.construct),
      'synth+validate s': secs(s.phasesMs.synth),
      'exit s': secs(s.phasesMs.exit),
      'max RSS MB': s.maxRssMb.toFixed(0),
    }));
}

/** The two targets of issue 2 at N = 40, against CMC with equivalent alarms. */
function targets(summaries: readonly Summary[]): string[] {
  const at = (config: string) => summaries.find((s) => s.n === TARGET_N && s.config === config && !s.failure);
  const cmc = at('cmc');
  if (!cmc)
    return [`(targets are stated at N=${TARGET_N} against CMC: run that size with the cmc configuration)`];
  const lines: string[] = [];
  for (const ours of [at('ours'), at('ours-nag')]) {
    if (!ours) continue;
    const verdict = (ratio: number, limit: number) =>
      `${ratio.toFixed(2)} (target ≤ ${limit}: ${ratio <= limit ? 'met' : 'MISSED'})`;
    const ratio = (pick: (s: Summary) => number) => verdict(pick(ours) / pick(cmc), 0.5);
    lines.push(
      `${ours.title}, N=${TARGET_N}: synth overhead over the bare app, ours vs CMC: ` +
        `wall ${secs(ours.overheadWallMs)} vs ${secs(cmc.overheadWallMs)} s, ratio ${ratio((s) => s.overheadWallMs)}; ` +
        `CPU ${secs(ours.overheadCpuMs)} vs ${secs(cmc.overheadCpuMs)} s, ratio ${ratio((s) => s.overheadCpuMs)}; ` +
        `main-thread CPU ${secs(ours.overheadMainCpuMs)} vs ${secs(cmc.overheadMainCpuMs)} s, ratio ${ratio((s) => s.overheadMainCpuMs)}`,
    );
    if (ours.config === 'ours' && ours.bytesPerMonitored && cmc.bytesPerMonitored) {
      const o = ours.bytesPerMonitored;
      const c = cmc.bytesPerMonitored;
      lines.push(
        `template bytes per monitored resource, N=${TARGET_N}: ours ${kb(o.written)} KB as written vs CMC ${kb(c.written)} KB ` +
          `(ratio ${verdict(o.written / c.written, 0.25)}); both minified ${kb(o.minified)} vs ${kb(c.minified)} KB ` +
          `(${verdict(o.minified / c.minified, 0.25)}); both indented ${kb(o.indented)} vs ${kb(c.indented)} KB ` +
          `(${verdict(o.indented / c.indented, 0.25)})`,
      );
    }
  }
  return lines;
}

/** Where the bytes go at one size: per resource type, with its three largest properties. */
function bytesTable(summaries: readonly Summary[], n: number) {
  const rows: Array<Record<string, string | number>> = [];
  for (const s of summaries.filter((x) => x.n === n && x.assembly && x.config !== 'bare')) {
    const a = s.assembly!;
    for (const [type, share] of Object.entries(a.byType).sort((x, y) => y[1].bytes - x[1].bytes)) {
      const top = Object.entries(share.properties)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 3)
        .map(([k, v]) => `${k} ${Math.round(v / share.count)}`)
        .join(', ');
      rows.push({
        configuration: s.title,
        type,
        count: share.count,
        'KB minified': kb(share.bytes),
        'B/resource': Math.round(share.bytes / share.count),
        'largest properties (B/resource)': top,
      });
    }
    rows.push({
      configuration: s.title,
      type: '(outside Resources)',
      count: a.stacks,
      'KB minified': kb(a.nonResourceBytes),
      'B/resource': Math.round(a.nonResourceBytes / a.stacks),
      'largest properties (B/resource)': 'Parameters, Rules (CDK bootstrap check), per stack',
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const opts = options();
  mkdirSync(OUT, { recursive: true });
  const versions = Object.fromEntries(
    ['aws-cdk-lib', 'cdk-monitoring-constructs', 'cdk-nag', 'tsx'].map((p) => [
      p,
      (JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')) as { version: string })
        .version,
    ]),
  );
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    loadavgAtStart: loadavg(),
  };
  log(
    `synth bench: sizes ${opts.sizes.join(', ')}; configurations ${opts.configs.map((c) => c.id).join(', ')}`,
  );
  log(
    `machine: ${machine.cpus} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (!opts.validation)
    log('CloudFormation validation OFF (CDK_VALIDATION=false): for the split only, not the headline');
  if (opts.nodeFlags.length) log(`extra node flags for every child: ${opts.nodeFlags.join(' ')}`);

  if (opts.warmup) {
    // Fills the tsx transform cache and the file cache for every configuration; not measured.
    for (const c of opts.configs) {
      log(`warm-up: ${c.id} N=1`);
      await runChild(c, 1, opts).catch((e: Error) => log(`  warm-up failed: ${e.message}`));
    }
  }

  const measurements: Measurement[] = [];
  for (const n of opts.sizes) {
    const reps = repsFor(n, opts.reps);
    const byConfig = new Map(opts.configs.map((c) => [c.id, { config: c.id, n, runs: [] } as Measurement]));
    for (let r = 0; r < reps; r++) {
      const order = opts.configs.map((_, i) => opts.configs[(i + r) % opts.configs.length]);
      for (const c of order) {
        const m = byConfig.get(c.id)!;
        if (m.failure) continue;
        try {
          const run = await runChild(c, n, opts);
          m.runs.push(run);
          log(
            `N=${n} rep ${r + 1}/${reps} ${c.id.padEnd(12)} wall ${secs(run.wallMs)} s, CPU ${secs(run.cpuMs)} s ` +
              `(load ${loadavg()[0].toFixed(1)})`,
          );
          if (r === reps - 1 || !m.assembly) m.assembly = readAssembly(outdirOf(c.id, n));
        } catch (e) {
          (m as { failure?: string }).failure = (e as Error).message;
          log(`N=${n} ${c.id}: FAILED ${(e as Error).message}`);
        }
      }
    }
    measurements.push(...byConfig.values());
  }

  const finished = new Date();
  const summaries = measurements.map((m) =>
    summarize(
      m,
      measurements.find((b) => b.config === 'bare' && b.n === m.n),
      configById(m.config).title,
    ),
  );
  const sizeForBytes = opts.sizes.includes(TARGET_N)
    ? TARGET_N
    : Math.max(...opts.sizes.filter((n) => n <= TARGET_N), opts.sizes[0]);
  const sections = (format: 'text' | 'md') => [
    `${finished.toISOString()}: ${machine.cpus} CPUs (${machine.cpuModel}), load average ${machine.loadavgAtStart.map((l) => l.toFixed(1)).join(' ')} at start; node ${process.version}; ` +
      `aws-cdk-lib ${versions['aws-cdk-lib']}, cdk-monitoring-constructs ${versions['cdk-monitoring-constructs']}, cdk-nag ${versions['cdk-nag']}; ` +
      `CloudFormation validation ${opts.validation ? 'on' : 'OFF'}${opts.nodeFlags.length ? `; node flags ${opts.nodeFlags.join(' ')}` : ''}`,
    '',
    `Synth time (median of repetitions; CPU = all threads, main CPU = the main thread; +wall, +CPU, +main = overhead over the bare app of the same repetition) and template bytes (KB/res = per monitored resource, ${MONITORED_PER_SERVICE} per service)`,
    renderTable(mainTable(summaries), format),
    '',
    'Phases (median): boot = node + loader start, load = module load, construct, synth+validate = app.synth() with CloudFormation validation (and cdk-nag when on), exit = from the end of synth to the exit of the process, as the parent sees it; each column is its own median',
    renderTable(phaseTable(summaries), format),
    '',
    `Where the bytes go at N=${sizeForBytes} (minified)`,
    renderTable(bytesTable(summaries, sizeForBytes), format),
    '',
    `Targets (issue 2, N=${TARGET_N}):`,
    ...targets(summaries).map((t) => `- ${t}`),
  ];
  process.stdout.write(`${sections('text').join('\n')}\n`);

  const record = {
    finished: finished.toISOString(),
    machine: { ...machine, loadavgAtEnd: loadavg() },
    versions,
    nodeFlags: [...NODE_FLAGS, ...opts.nodeFlags],
    validation: opts.validation,
    monitoredPerService: MONITORED_PER_SERVICE,
    summaries,
    runs: measurements,
  };
  const stamp = finished.toISOString().replace(/[:.]/g, '-');
  const variant = opts.validation ? '' : '-novalidation';
  const files = [`synth-${stamp}${variant}.json`, `synth-latest${variant}.json`, `synth-latest${variant}.md`];
  writeFileSync(join(OUT, files[0]), JSON.stringify(record, undefined, 2));
  writeFileSync(join(OUT, files[1]), JSON.stringify(record, undefined, 2));
  writeFileSync(join(OUT, files[2]), `${sections('md').join('\n\n')}\n`);
  log(`written: ${files.map((f) => `bench/out/${f}`).join(', ')}`);
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
