/** When the runtime writes: per invocation in Lambda, per interval and at exit elsewhere, or by hand. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type * as Runtime from '../../lib/runtime';
import { instrument } from '../../lib/runtime/instrument';
import { MemorySink } from '../../lib/runtime/sink';
import { Telemetry } from '../../lib/runtime/telemetry';
import { T0, memoryTelemetry } from './helpers';

const ROOT = join(__dirname, '../..');

describe('invocation mode (Lambda)', () => {
  test('nested calls are written once, when the outermost call returns', async () => {
    const { t, sink } = memoryTelemetry({ flush: 'invocation' });
    const inner = instrument(
      () => t,
      'db.get',
      async () => 1,
    );
    const handler = instrument(
      () => t,
      'api.handle',
      async () => {
        await inner();
        await inner();
        t.kpiCount('k');
        expect(sink.lines).toEqual([]);
        return 'done';
      },
    );
    await expect(handler()).resolves.toBe('done');
    const docs = sink.documents();
    expect(docs.map((d) => d.Function ?? d.Kpi)).toEqual(['get', 'k', 'handle']);
    expect(t.stats().flushes).toBe(1);
  });

  test('overlapping async calls: one flush when the last settles', async () => {
    const { t, sink } = memoryTelemetry({ flush: 'invocation' });
    const slow = instrument(
      () => t,
      'a.slow',
      (ms: number) => new Promise((r) => setTimeout(r, ms)),
    );
    await Promise.all([slow(5), slow(10)]);
    expect(t.stats().flushes).toBe(1);
    expect(sink.documents()[0].Duration).toHaveLength(2);
  });

  test('an observation outside any instrumented call is written at once (nothing waits in a frozen sandbox)', () => {
    const { t, sink } = memoryTelemetry({ flush: 'invocation' });
    t.kpiCount('k');
    expect(sink.lines).toHaveLength(1);
  });

  test('a sync handler that throws still flushes', () => {
    const { t, sink } = memoryTelemetry({ flush: 'invocation' });
    const handler = instrument(
      () => t,
      'api.handle',
      () => {
        throw new Error('x');
      },
    );
    expect(() => handler()).toThrow('x');
    expect(sink.documents().map((d) => d.Errors)).toEqual([1, 1]);
  });

  test('auto is invocation in Lambda, interval elsewhere', () => {
    const mode = (env: Record<string, string>) => new Telemetry({ env, sink: new MemorySink() }).flushMode;
    expect(mode({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe('invocation');
    expect(mode({})).toBe('interval');
  });

  test('Lambda JSON log format with a level above INFO: documents carry that level, so Lambda keeps them', () => {
    const { t, sink } = memoryTelemetry({
      flush: 'invocation',
      env: { AWS_LAMBDA_FUNCTION_NAME: 'f', AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'warn' },
    });
    t.kpiCount('k');
    t.emitEvent('a.b', { x: 1 }, { y: 1 });
    expect(sink.documents().map((d) => d.level)).toEqual(['WARN', 'WARN', 'WARN']);
    const text = memoryTelemetry({
      flush: 'invocation',
      env: { AWS_LAMBDA_FUNCTION_NAME: 'f', AWS_LAMBDA_LOG_FORMAT: 'Text', AWS_LAMBDA_LOG_LEVEL: 'WARN' },
    });
    text.t.kpiCount('k');
    expect(text.sink.documents()[0]).not.toHaveProperty('level');
  });
});

describe('interval mode (containers)', () => {
  afterEach(() => jest.useRealTimers());

  test('every flushIntervalMs, with a timer that does not keep the process alive', () => {
    jest.useFakeTimers();
    const { t, sink } = memoryTelemetry({ flush: 'interval', flushIntervalMs: 5000 });
    t.kpiCount('k');
    expect(sink.lines).toEqual([]);
    jest.advanceTimersByTime(5000);
    expect(sink.lines).toHaveLength(1);
    t.stop();
  });

  test('a new minute flushes the previous one, so each document stays within its minute', () => {
    const { t, sink, clock } = memoryTelemetry({ flush: 'interval', flushIntervalMs: 3_600_000 });
    t.kpiCount('k'); // 10:00:30
    clock.now += 20_000; // 10:00:50
    t.kpiCount('k');
    expect(sink.lines).toEqual([]);
    clock.now += 20_000; // 10:01:10
    t.kpiCount('k');
    expect(sink.documents().map((d) => [d.KpiCount, (d._aws as { Timestamp: number }).Timestamp])).toEqual([
      [2, T0],
    ]);
    t.stop();
  });

  test('a full buffer flushes early', () => {
    const { t, sink } = memoryTelemetry({ flush: 'interval', limits: { maxBufferedValues: 10 } });
    const f = instrument(
      () => t,
      'a.b',
      () => 1,
    );
    for (let i = 0; i < 25; i++) f();
    expect(sink.documents().map((d) => (d.Duration as number[]).length)).toEqual([10, 10]);
    t.stop();
  });
});

test('manual mode writes only on flush() (or a full buffer)', () => {
  const { t, sink } = memoryTelemetry({ flush: 'manual' });
  t.kpiCount('k');
  expect(sink.lines).toEqual([]);
  t.flush();
  expect(sink.lines).toHaveLength(1);
  t.flush();
  expect(sink.lines).toHaveLength(1);
});

describe('process exit (child processes)', () => {
  // The children load the compiled runtime, as an installed package does: node alone starts in a fifth of the CPU
  // of node with tsx. scripts/prepare.mjs first compiles what changed since dist/ was built (nothing, usually).
  beforeAll(() => {
    const prepared = spawnSync(process.execPath, ['scripts/prepare.mjs', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (prepared.status !== 0) throw new Error(`scripts/prepare.mjs failed: ${prepared.stderr}`);
  });
  const run = (code: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['-e', code], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: '', ...env },
    });

  test('the event loop empties: buffered metrics are written before the process ends', () => {
    const r = run(`const { kpi } = require('./dist/lib/runtime'); kpi.count('jobs-done', 3);`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ Kpi: 'jobs-done', KpiCount: 3 });
  });

  test('process.exit(): written in the exit hook', () => {
    const r = run(`const { kpi } = require('./dist/lib/runtime'); kpi.count('jobs-done'); process.exit(3);`);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('"KpiCount":1');
  });

  const killed = (code: string) =>
    new Promise<{ signal: NodeJS.Signals | null; status: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', code], {
        cwd: ROOT,
        env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: '' },
      });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => {
        if (String(d).includes('ready')) child.kill('SIGTERM');
      });
      child.on('exit', (status, signal) => resolve({ signal, status, stdout }));
    });

  test('SIGTERM (ECS stopping a task): written, then the process ends by the signal as it would have', async () => {
    const r = await killed(`const { kpi } = require('./dist/lib/runtime');
      kpi.count('orders', 2); setInterval(() => {}, 1000); process.stderr.write('ready\\n');`);
    expect(r.signal).toBe('SIGTERM');
    expect(r.stdout).toContain('"KpiCount":2');
  });

  test('SIGTERM with the application’s own handler: written, and the application decides how to exit', async () => {
    const r = await killed(`const { kpi } = require('./dist/lib/runtime');
      kpi.count('orders'); const keep = setInterval(() => {}, 1000);
      process.on('SIGTERM', () => { clearInterval(keep); process.exitCode = 0; });
      process.stderr.write('ready\\n');`);
    expect(r.status).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.stdout).toContain('"KpiCount":1');
  });
});

describe('settings and the default instance', () => {
  test('settings come from CDK_TELEMETRY_RUNTIME when the code gives none', () => {
    const { t, sink } = memoryTelemetry({
      app: undefined,
      flush: 'invocation',
      env: {
        CDK_TELEMETRY_RUNTIME: JSON.stringify({ v: 1, app: 'sophie', budget: 200, ops: [['auth', 50]] }),
      },
    });
    instrument(
      () => t,
      'auth.login',
      () => 1,
    )();
    const doc = sink.documents()[0];
    expect(doc).toMatchObject({ BudgetMs: 50, Module: 'auth' });
    expect(JSON.stringify(doc._aws)).toContain('"Namespace":"cdk-telemetry/sophie"');
  });

  test('a broken CDK_TELEMETRY_RUNTIME: one warning, the defaults, the call unaffected', () => {
    const { t, sink, warnings } = memoryTelemetry({
      flush: 'invocation',
      env: { CDK_TELEMETRY_RUNTIME: '{"v":2}' },
    });
    expect(
      instrument(
        () => t,
        'a.b',
        () => 'ok',
      )(),
    ).toBe('ok');
    expect(warnings).toEqual([
      'cdk-telemetry: CDK_TELEMETRY_RUNTIME ignored: settings version 2 is not supported (expected 1); using the defaults',
    ]);
    expect(sink.documents()[0]).toMatchObject({ BudgetMs: 200 });
  });

  test('configureTelemetry replaces the default instance, flushing what the previous one held', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh default instance
      const rt = require('../../lib/runtime') as typeof Runtime;
      const one = new MemorySink();
      const two = new MemorySink();
      rt.configureTelemetry({ flush: 'manual', app: 'one', sink: one, env: {} });
      const f = rt.withTelemetry('a.b', () => 1); // wrapped before the second configure: follows the default
      rt.kpi.count('k');
      rt.configureTelemetry({ flush: 'manual', app: 'two', sink: two, env: {} });
      expect(one.lines).toHaveLength(1);
      f();
      rt.flush();
      expect(two.documents()).toEqual([expect.objectContaining({ Module: 'a' })]);
      expect(JSON.stringify(two.documents()[0]._aws)).toContain('cdk-telemetry/two');
      expect(rt.telemetryStats().lines).toBe(1);
    });
  });
});

test('a long invocation (a loop over many instrumented calls) is flushed when its buffer fills', () => {
  const { t, sink } = memoryTelemetry({ flush: 'invocation', limits: { maxBufferedValues: 100 } });
  const inner = instrument(
    () => t,
    'db.get',
    () => 1,
  );
  const handler = instrument(
    () => t,
    'api.handle',
    () => {
      for (let i = 0; i < 250; i++) inner();
    },
  );
  handler();
  expect(sink.documents().flatMap((d) => (d.Duration as number[]) ?? [])).toHaveLength(251);
  expect(t.stats().flushes).toBe(3);
});
