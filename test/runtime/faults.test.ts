/**
 * The runtime never throws into the application, never blocks it, and keeps bounded memory: a throwing sink, a
 * refusing sink, a standard output that stops taking data, hostile inputs.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { instrument } from '../../lib/runtime/instrument';
import { StreamSink, type TelemetrySink, type WritableLike } from '../../lib/runtime/sink';
import { Telemetry } from '../../lib/runtime/telemetry';
import { T0 } from './helpers';

const ROOT = join(__dirname, '../..');

function telemetryWith(sink: TelemetrySink, warnings: string[] = []) {
  return new Telemetry({
    app: 'a',
    flush: 'manual',
    env: {},
    sink,
    clock: () => T0,
    warn: (l) => warnings.push(l),
  });
}

/** Every public entry point, with ordinary arguments. */
function exercise(t: Telemetry) {
  const f = instrument(
    () => t,
    'm.f',
    (x: number) => x + 1,
  );
  expect(f(1)).toBe(2);
  t.emitEvent('m.e', { n: 1 }, { a: 1 });
  t.kpiCount('k');
  t.kpiOutcome('k', true);
  t.kpiFeature('k', 'f');
  t.kpiRecord('k', 1);
  t.journeyStart('j', { user: 'u' });
  t.journeyReached('j', 's', { startedAt: T0 - 1000 });
  t.flush();
}

test('a sink that throws: nothing reaches the application, the loss is counted and reported later', () => {
  let fail = true;
  const lines: string[] = [];
  const warnings: string[] = [];
  const t = telemetryWith(
    {
      write(text) {
        if (fail) throw new Error('EBADF');
        lines.push(...text.trim().split('\n'));
        return true;
      },
    },
    warnings,
  );
  expect(() => exercise(t)).not.toThrow();
  expect(t.stats().dropped.sinkError).toBeGreaterThan(0);
  expect(warnings).toEqual([expect.stringContaining('the sink failed (EBADF)')]);
  fail = false;
  t.kpiCount('k');
  t.flush();
  const report = lines.map((l) => JSON.parse(l)).find((d) => 'TelemetryDropped' in d);
  expect(report).toMatchObject({ reasons: { sinkError: t.stats().dropped.sinkError } });
});

test('a sink whose ready() throws, or that refuses: counted as busy, nothing thrown', () => {
  const t1 = telemetryWith({
    ready() {
      throw new Error('x');
    },
    write: () => true,
  });
  expect(() => exercise(t1)).not.toThrow();
  expect(t1.stats().dropped.sinkBusy).toBeGreaterThan(0);
  const t2 = telemetryWith({ write: () => false });
  expect(() => exercise(t2)).not.toThrow();
  expect(t2.stats().dropped.sinkBusy).toBeGreaterThan(0);
});

/** A stream whose reader stopped: every write queues. */
class StuckStream extends EventEmitter implements WritableLike {
  writableLength = 0;
  writes = 0;
  write(chunk: string): boolean {
    this.writes++;
    this.writableLength += Buffer.byteLength(chunk);
    return false;
  }
}

test('standard output that stops taking data: the backlog stays under the bound, later documents are dropped', () => {
  const stream = new StuckStream();
  const sink = new StreamSink(64 * 1024, () => stream);
  const t = telemetryWith(sink);
  const f = instrument(
    () => t,
    'm.f',
    () => 1,
  );
  for (let i = 0; i < 5000; i++) {
    f();
    t.flush();
  }
  expect(sink.backlog).toBeLessThan(64 * 1024 + 1024);
  expect(t.stats().dropped.sinkBusy).toBe(5000 - stream.writes);
  expect(stream.writes).toBeLessThan(500);
  // the reader catches up: documents are taken again
  stream.writableLength = 0;
  f();
  t.flush();
  expect(t.stats().dropped.sinkBusy).toBe(5000 - stream.writes + 1);
});

test('standard output closed (EPIPE): no crash, later writes are dropped', () => {
  const stream = new StuckStream();
  const t = telemetryWith(new StreamSink(1024, () => stream));
  t.kpiCount('k');
  t.flush();
  stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  t.kpiCount('k');
  expect(() => t.flush()).not.toThrow();
  expect(t.stats().dropped.sinkBusy).toBe(1);
});

test('hostile inputs: proxies, throwing getters, odd names, a throwing isError, odd thenables', async () => {
  const lines: string[] = [];
  const t = telemetryWith({ write: (s) => (lines.push(s), true) });
  const throwing = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('no keys');
      },
    },
  );
  const getter = {
    get n() {
      throw new Error('no value');
    },
  };
  expect(() => {
    t.emitEvent('m.e', throwing as Record<string, number>);
    t.emitEvent('m.e', getter as unknown as Record<string, number>);
    t.emitEvent('m.e', null as unknown as Record<string, number>);
    t.emitEvent('__proto__.constructor', { __proto__: 1, toString: 2 } as unknown as Record<string, number>);
    t.kpiCount('__proto__', 1, { constructor: 'x', __proto__: 'y' } as unknown as Record<string, string>);
    t.kpiCount(undefined as unknown as string);
    t.kpiRecord('k', 'NaN' as unknown as number);
    t.journeyReached(null as unknown as string, {} as unknown as string, {
      startedAt: {} as unknown as string,
    });
    t.emitEvent(['m', 'f'], { x: 1 }, undefined, { dimensions: throwing as Record<string, string> });
  }).not.toThrow();
  const f = instrument(
    () => t,
    'm.f',
    () => {
      throw new Error('app error');
    },
    {
      isError: () => {
        throw new Error('isError broken');
      },
    },
  );
  expect(() => f()).toThrow('app error');
  const weird = { then: 5 };
  expect(
    instrument(
      () => t,
      'm.g',
      () => weird,
    )(),
  ).toBe(weird);
  const trap = {
    get then() {
      throw new Error('getter');
    },
  };
  expect(
    instrument(
      () => t,
      'm.h',
      () => trap,
    )(),
  ).toBe(trap);
  const bad = {
    then() {
      throw new Error('then throws');
    },
  };
  expect(
    instrument(
      () => t,
      'm.i',
      () => bad,
    )(),
  ).toBe(bad);
  expect(() => t.flush()).not.toThrow();
  expect(({} as Record<string, unknown>).constructor).toBe(Object);
  for (const l of lines.join('').trim().split('\n')) expect(() => JSON.parse(l)).not.toThrow();
  expect(t.stats().internalErrors).toBe(0);
});

test('a runtime instance that cannot be resolved only calls through', () => {
  const f = instrument(
    () => {
      throw new Error('no instance');
    },
    'm.f',
    (x: number) => x * 3,
  );
  expect(f(2)).toBe(6);
});

test('a real pipe nobody reads: handler time unchanged, memory bounded, drops counted (child process)', async () => {
  const probe = `
    const { configureTelemetry, withTelemetry, telemetryStats } = require('./lib/runtime');
    configureTelemetry({ flush: 'invocation', limits: { maxPendingBytes: 256 * 1024 } });
    const handler = withTelemetry('api.handle', (x) => x + 1);
    const time = (n) => { const t = process.cpuUsage(); for (let i = 0; i < n; i++) handler(i); const c = process.cpuUsage(t); return (c.user + c.system) / n; };
    time(2000); // warm up, and fill the pipe
    const blocked = time(20000);
    const s = telemetryStats();
    process.stderr.write(JSON.stringify({ blocked, pending: process.stdout.writableLength, heap: process.memoryUsage().heapUsed, stats: s }) + '\\n');
    process.exit(0);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', probe], {
    cwd: ROOT,
    env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: 'x' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pause(); // never read: the pipe fills and stays full
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => child.on('exit', r));
  child.stdout.destroy();
  expect(code).toBe(0);
  const result = JSON.parse(err.trim().split('\n').pop()!) as {
    blocked: number;
    pending: number;
    stats: { dropped: { sinkBusy: number }; lines: number };
  };
  expect(result.pending).toBeLessThan(256 * 1024 + 4096);
  expect(result.stats.dropped.sinkBusy).toBeGreaterThan(10_000);
  expect(result.blocked).toBeLessThan(50); // µs per call, with a wide margin for a loaded CI machine
});
