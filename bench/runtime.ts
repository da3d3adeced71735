/**
 * Runtime benchmark (`npm run bench:runtime`, never part of `npm test`): the cost of `cdk-telemetry/runtime` per
 * instrumented call and per flushed document, and the heap it allocates, beside Powertools for AWS Lambda (Metrics)
 * and aws-embedded-metrics doing the same work, in the same run; then the same with a standard output that stops
 * being read.
 *
 *   npm run bench:runtime                               # 20,000 invocations, 5 repetitions
 *   npm run bench:runtime -- --invocations 50000 --reps 9
 *   npm run bench:runtime -- --stdout null              # stdout to /dev/null: each library's own work
 *   npm run bench:runtime -- --baseline main            # also the runtime of another commit: before and after
 *
 * Every measurement runs in a fresh process (bench/runtime-child.ts) with the environment of a Lambda function;
 * the libraries of one repetition run back to back in a rotating order, and the tables give medians over
 * repetitions. Times are CPU time (user + system), which other load on a shared machine disturbs far less than wall
 * time, minus the bare operation measured in the same process. Standard output is a pipe this process drains, as
 * Lambda's log agent drains a function's (ours gets a 256 MiB backlog bound here, so that a reader slowed by other
 * load never makes it drop what the others would queue); in the blocked runs, a pipe nobody reads, with the
 * default bound.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderTable } from '../lib/tools/cli/table';
import { median } from './median';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const CHILD = join(ROOT, 'bench', 'runtime-child.ts');
const ALL_LIBS = ['ours', 'before', 'powertools', 'emf'] as const;
type Lib = (typeof ALL_LIBS)[number];
const LABEL: Record<Lib, string> = {
  ours: 'cdk-telemetry/runtime',
  before: 'cdk-telemetry/runtime, before',
  powertools: '@aws-lambda-powertools/metrics 2.36.0',
  emf: 'aws-embedded-metrics 4.2.1',
};

interface Result {
  lib: Lib;
  invocationNs: number;
  callNs: number;
  flushNs: number;
  heapBytes: number | null;
  /** Documents ours dropped (must be 0, or the run measured less work). */
  dropped: number;
  /** The first document written, and its size in bytes. */
  sampleDocument: string;
  documentBytes: number | null;
}

interface Blocked {
  lib: Lib;
  blockedInvocationNs: number;
  blockedP99Us: number;
  blockedBacklogBytes: number;
  blockedHeapGrowthBytes: number;
}

/** Where a measured child's standard output goes. */
type Stdout = 'pipe' | 'file' | 'null' | 'blocked';

/**
 * The runtime of `before` (`--baseline <commit>`): that commit's `lib/runtime` and `lib/model`, extracted to a
 * temporary folder (outside the project, which the type-check covers), removed at the end.
 */
let baselineDir = '';

/** Extracts `lib/runtime` and `lib/model` of a commit; returns the runtime folder. */
function extractBaseline(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-telemetry-baseline-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const tar = execFileSync('git', ['archive', '--format=tar', ref, 'lib/runtime', 'lib/model'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  return join(dir, 'lib', 'runtime');
}

function run(lib: Lib, n: number, stdout: Stdout): Promise<Record<string, unknown>> {
  // `pipe`: drained by this process, as Lambda's log agent drains a function's stdout; `file`: every write completes
  // at once; `null`: /dev/null, the cheapest write there is, so what remains is each library's own work; `blocked`:
  // a pipe nobody reads.
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `runtime-${lib}.stdout`);
  const fd =
    stdout === 'file' ? openSync(file, 'w') : stdout === 'null' ? openSync('/dev/null', 'w') : undefined;
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        ...(stdout === 'blocked' ? ['--expose-gc'] : []),
        '--import',
        'tsx',
        CHILD,
        lib === 'before' ? 'ours' : lib,
        String(n),
        stdout === 'blocked' ? 'blocked' : '',
        lib === 'before' ? baselineDir : '',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          AWS_LAMBDA_FUNCTION_NAME: 'bench',
          AWS_EMF_ENVIRONMENT: 'Lambda',
          POWERTOOLS_DEV: '',
        },
        stdio: ['ignore', fd ?? 'pipe', 'pipe'],
      },
    );
    if (fd !== undefined) closeSync(fd);
    let first = '';
    if (stdout === 'blocked') child.stdout?.pause();
    else
      child.stdout?.on('data', (d: Buffer) => {
        if (!first) first = d.toString('utf8').split('\n')[0];
      });
    let err = '';
    child.stderr?.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      child.stdout?.destroy();
      const last = err.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        fail(new Error(`${lib}: exit ${code}: ${err.slice(-2000)}`));
        return;
      }
      const result = JSON.parse(last) as Record<string, unknown>;
      if (stdout !== 'blocked') {
        if (stdout === 'file') {
          first = readFileSync(file, 'utf8').split('\n')[0];
          rmSync(file, { force: true });
        }
        if (stdout !== 'null' && !first.includes('"_aws"'))
          fail(new Error(`${lib}: stdout is not EMF: ${first.slice(0, 200)}`));
        if (result.dropped) fail(new Error(`${lib}: ${String(result.dropped)} documents dropped`));
        result.sampleDocument = first;
        result.documentBytes = first ? Buffer.byteLength(first) + 1 : null;
      }
      done(result);
    });
  });
}

const fmtNs = (ns: number) =>
  ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${(ns / 1000).toFixed(2)} µs`;
const fmtBytes = (b: number | null) =>
  b === null
    ? 'n/a'
    : b >= 1024 * 1024
      ? `${(b / 1024 / 1024).toFixed(1)} MiB`
      : b >= 1024
        ? `${(b / 1024).toFixed(1)} KiB`
        : `${Math.round(b)} B`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      invocations: { type: 'string', default: '20000' },
      reps: { type: 'string', default: '5' },
      stdout: { type: 'string', default: 'pipe' },
      baseline: { type: 'string' },
    },
  });
  const LIBS: Lib[] = ALL_LIBS.filter((l) => l !== 'before' || values.baseline !== undefined);
  if (values.baseline !== undefined) {
    baselineDir = extractBaseline(values.baseline);
    LABEL.before = `cdk-telemetry/runtime at ${values.baseline} (before)`;
  }
  const n = Number(values.invocations);
  const reps = Number(values.reps);
  const stdout = values.stdout as Stdout;
  if (stdout !== 'pipe' && stdout !== 'file' && stdout !== 'null')
    throw new Error('--stdout is pipe, file or null');
  const load0 = loadavg()[0];
  const results: Record<Lib, Result[]> = { ours: [], before: [], powertools: [], emf: [] };
  const blocked: Record<Lib, Blocked[]> = { ours: [], before: [], powertools: [], emf: [] };
  for (let rep = 0; rep < reps; rep++) {
    const order = LIBS.map((_, i) => LIBS[(i + rep) % LIBS.length]);
    for (const lib of order) {
      process.stderr.write(`rep ${rep + 1}/${reps} ${lib}\n`);
      results[lib].push((await run(lib, n, stdout)) as unknown as Result);
      blocked[lib].push((await run(lib, n, 'blocked')) as unknown as Blocked);
    }
  }
  const load1 = loadavg()[0];
  const med = <T>(xs: T[], f: (x: T) => number | null) => {
    const v = xs.map(f).filter((x): x is number => x !== null);
    return v.length ? median(v) : null;
  };
  const rows = LIBS.map((lib) => ({
    library: LABEL[lib],
    'per invocation (1 call + 1 flush)': fmtNs(med(results[lib], (r) => r.invocationNs)!),
    'per call (1,000 per flush)': fmtNs(med(results[lib], (r) => r.callNs)!),
    'per flushed document': fmtNs(med(results[lib], (r) => r.flushNs)!),
    'heap per invocation': fmtBytes(med(results[lib], (r) => r.heapBytes)),
    'document (1 value)': fmtBytes(med(results[lib], (r) => r.documentBytes)),
  }));
  const ours = med(results.ours, (r) => r.invocationNs)!;
  const fastest = Math.min(
    med(results.powertools, (r) => r.invocationNs)!,
    med(results.emf, (r) => r.invocationNs)!,
  );
  const blockedRows = LIBS.map((lib) => ({
    library: LABEL[lib],
    'per invocation, stdout read': fmtNs(med(results[lib], (r) => r.invocationNs)!),
    'per invocation, stdout blocked': fmtNs(med(blocked[lib], (r) => r.blockedInvocationNs)!),
    'p99 invocation, blocked (wall)': `${med(blocked[lib], (r) => r.blockedP99Us)!.toFixed(1)} µs`,
    [`stdout backlog after ${n.toLocaleString('en-US')} more`]: fmtBytes(
      med(blocked[lib], (r) => r.blockedBacklogBytes),
    ),
    'memory kept (heap + external, after GC)': fmtBytes(med(blocked[lib], (r) => r.blockedHeapGrowthBytes)),
  }));
  const header =
    `${n.toLocaleString('en-US')} invocations per measurement, ${reps} repetitions (medians), stdout: ${stdout}, Node ${process.version}, ` +
    `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load0.toFixed(1)} → ${load1.toFixed(1)}`;
  const before = baselineDir ? med(results.before, (r) => r.invocationNs) : null;
  const ratio =
    `cdk-telemetry/runtime per invocation: ${(ours / fastest).toFixed(2)} × the faster of the two others (target ≤ 0.50)` +
    (before === null ? '' : `; before (${values.baseline}): ${(before / fastest).toFixed(2)} ×`);
  const md = `${header}\n\n${renderTable(rows, 'md')}\n\n${ratio}\n\n${renderTable(blockedRows, 'md')}\n`;
  process.stdout.write(
    `${header}\n\n${renderTable(rows, 'text')}\n\n${ratio}\n\n${renderTable(blockedRows, 'text')}\n`,
  );
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'runtime-latest.md'), md);
  writeFileSync(
    join(OUT, 'runtime-latest.json'),
    JSON.stringify({ n, reps, load: [load0, load1], results, blocked }, null, 2),
  );
}

void main();
