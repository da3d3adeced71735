/**
 * One measured library in a fresh process, run by bench/runtime.ts:
 * `node --import tsx bench/runtime-child.ts <lib> <invocations> [blocked] [runtime folder]`.
 *
 * `ours` loads the runtime from `lib/runtime`, or from the runtime folder when given (a copy of an earlier commit's
 * `lib/`, to measure before and after in the same run).
 *
 * The work, the same for every library: an invocation runs one timed operation, records its duration with two
 * dimensions, and flushes one EMF document to stdout (what a Lambda handler does with each library). Measured:
 *
 * - `invocationNs`: CPU time (user + system, every thread) per invocation, minus the bare operation's loop;
 * - `callNs`: CPU per call when 1,000 calls share a flush (the cost of one more instrumented call), and
 *   `flushNs`, the difference: the cost of writing one document;
 * - `heapBytes`: V8 heap allocated per invocation (the heap's growth plus what each collection freed, from
 *   v8.GCProfiler);
 * - `blocked*`: when stdout stops being read (the parent does not read it): CPU per invocation, p99 wall time of
 *   an invocation, and how much the process keeps queued (the stdout backlog, and the heap kept after a full
 *   collection).
 *
 * Prints one JSON line on stderr.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createMetricsLogger, Unit } from 'aws-embedded-metrics';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { join, resolve } from 'node:path';
import type * as runtime from '../lib/runtime';
import type { Telemetry } from '../lib/runtime';
import type * as instrumentModule from '../lib/runtime/instrument';

type Runtime = typeof runtime & typeof instrumentModule;
/** The runtime measured as `ours`, loaded in main(). */
let rt: Runtime;

type Lib = 'ours' | 'powertools' | 'emf' | 'base';

/**
 * The measured runs drain stdout: a backlog bound the reader never forces, so that ours writes every document, as the
 * others do (they queue without bound). The blocked run keeps the default bound: that is what it shows.
 */
const limits = process.argv[4] === 'blocked' ? {} : { maxPendingBytes: 256 * 1024 * 1024 };

/** One invocation, split into its record and flush phases (flush may be async). */
interface Harness {
  record(): void;
  flush(): void | Promise<void>;
}

let sink = 0;
/** The timed operation: cheap, so that the telemetry is what is measured. */
function operation(x: number): number {
  sink = (sink + x) % 1_000_003;
  return sink;
}

/** Every instance of ours, to check that none dropped a document (the measurement would be void). */
const instances: Telemetry[] = [];
const dropped = () =>
  instances.reduce((n, t) => n + Object.values(t.stats().dropped).reduce((a, b) => a + b, 0), 0);

function harness(lib: Lib): Harness {
  switch (lib) {
    case 'ours': {
      const t = new rt.Telemetry({ app: 'bench', flush: 'manual', env: {}, limits });
      instances.push(t);
      const op = rt.instrument(() => t, 'orders.create', operation);
      return { record: () => void op(1), flush: () => t.flush() };
    }
    case 'powertools': {
      const metrics = new Metrics({ namespace: 'bench', serviceName: 'orders' });
      return {
        record: () => {
          const start = performance.now();
          operation(1);
          metrics.addDimension('Function', 'create');
          metrics.addMetric('Duration', MetricUnit.Milliseconds, performance.now() - start);
        },
        flush: () => void metrics.publishStoredMetrics(),
      };
    }
    case 'emf': {
      let logger = createMetricsLogger();
      return {
        record: () => {
          logger = createMetricsLogger();
          logger.setNamespace('bench');
          const start = performance.now();
          operation(1);
          logger.setDimensions({ Module: 'orders', Function: 'create' });
          logger.putMetric('Duration', performance.now() - start, Unit.Milliseconds);
        },
        flush: () => logger.flush(),
      };
    }
    case 'base':
      return { record: () => void operation(1), flush: () => undefined };
  }
}

/** One invocation of the library as an application calls it (ours: the wrapped handler flushes on return). */
function invoker(lib: Lib): () => void | Promise<void> {
  if (lib === 'ours') {
    const t = new rt.Telemetry({
      limits,
      app: 'bench',
      flush: 'invocation',
      env: { AWS_LAMBDA_FUNCTION_NAME: 'bench' },
    });
    instances.push(t);
    const handler = rt.instrument(() => t, 'orders.create', operation);
    return () => void handler(1);
  }
  const h = harness(lib);
  return () => {
    h.record();
    return h.flush();
  };
}

const cpuNs = (c: NodeJS.CpuUsage) => (c.user + c.system) * 1000;

/**
 * Until standard output has written everything queued: a pipe whose reader fell behind makes Node queue writes and
 * perform them later, and that work belongs to the loop that caused it. Polls ('drain' only follows a write that
 * returned false); waiting costs next to no CPU.
 */
async function drained(): Promise<void> {
  if (process.argv[4] === 'blocked') return; // it never drains: that is the point of that run
  while (process.stdout.writableLength > 0) await new Promise((r) => setTimeout(r, 1));
}

async function loop(n: number, invoke: () => void | Promise<void>): Promise<number> {
  await drained();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const r = invoke();
    if (r) await r;
  }
  await drained();
  return cpuNs(process.cpuUsage(start)) / n;
}

async function main(): Promise<void> {
  const lib = process.argv[2] as Lib;
  const n = Number(process.argv[3] ?? 20_000);
  const dir = process.argv[5] ? resolve(process.argv[5]) : join(__dirname, '..', 'lib', 'runtime');
  rt = { ...(await import(join(dir, 'index.ts'))), ...(await import(join(dir, 'instrument.ts'))) } as Runtime;
  const invoke = invoker(lib);
  const bare = invoker('base');
  const blockedRun = process.argv[4] === 'blocked';

  // Warm-up: the JIT, the libraries' first-call set-up, and (blocked run) a full pipe.
  await loop(Math.min(n, 5000), invoke);
  await loop(Math.min(n, 5000), bare);

  if (blockedRun) {
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
    gc();
    const mem0 = process.memoryUsage();
    const walls: number[] = [];
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = invoke();
      if (r) await r;
      walls.push(performance.now() - t0);
    }
    const cpu = cpuNs(process.cpuUsage(start)) / n;
    const baseline = await loop(n, bare);
    gc();
    const mem1 = process.memoryUsage();
    walls.sort((a, b) => a - b);
    process.stderr.write(
      JSON.stringify({
        lib,
        blockedInvocationNs: cpu - baseline,
        blockedP99Us: walls[Math.floor(walls.length * 0.99)] * 1000,
        blockedBacklogBytes: process.stdout.writableLength,
        blockedHeapGrowthBytes: mem1.heapUsed + mem1.external - (mem0.heapUsed + mem0.external),
      }) + '\n',
    );
    process.exit(0);
  }

  // Per invocation, CPU, against the bare operation measured in the same process.
  const bareNs = await loop(n, bare);
  const invocationNs = (await loop(n, invoke)) - bareNs;

  // Per call: 1,000 calls share a flush, so the flush is amortized away; the flushed document is the difference.
  const b = harness(lib);
  const batch = async () => {
    for (let i = 0; i < 1000; i++) b.record();
    const r = b.flush();
    if (r) await r;
  };
  await loop(5, batch);
  const callNs = (await loop(Math.ceil(n / 1000), batch)) / 1000 - bareNs;

  // Heap allocated per invocation: what the heap grew by, plus what every collection during the loop freed.
  const profiler = new GCProfiler();
  const before = getHeapStatistics().used_heap_size;
  profiler.start();
  for (let i = 0; i < n; i++) {
    const r = invoke();
    if (r) await r;
  }
  const after = getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics ?? [];
  let freed = 0;
  for (const g of gcs)
    freed += g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize;
  const heapBytes = (after - before + freed) / n;

  process.stderr.write(
    JSON.stringify({
      lib,
      invocationNs,
      callNs,
      flushNs: invocationNs - callNs,
      heapBytes,
      dropped: lib === 'ours' ? dropped() : 0,
    }) + '\n',
  );
}

void main();
