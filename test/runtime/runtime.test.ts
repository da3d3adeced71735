import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { APP_METRICS, appNamespace } from '../../lib/model/app-metrics';
import { instrument } from '../../lib/runtime/instrument';
import { valuesOf } from './emf-validate';
import { memoryTelemetry } from './helpers';

const ROOT = join(__dirname, '../..');

const wrap = <A extends unknown[], R>(
  t: ReturnType<typeof memoryTelemetry>['t'],
  name: string,
  fn: (...args: A) => R,
  options?: Parameters<typeof instrument>[3],
) => instrument(() => t, name, fn, options);

function busy(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('withTelemetry', () => {
  test('a sync call: its value, its duration, no error, within budget, under Module/Function', () => {
    const { t, take } = memoryTelemetry();
    const double = wrap(t, 'tasks.double', (x: number) => x * 2);
    expect(double(21)).toBe(42);
    const { emf } = take();
    expect(emf).toHaveLength(1);
    const doc = emf[0];
    expect(doc).toMatchObject({
      Module: 'tasks',
      Function: 'double',
      Errors: 0,
      OverBudget: 0,
      BudgetMs: 200,
    });
    expect((doc._aws as { CloudWatchMetrics: unknown[] }).CloudWatchMetrics).toEqual([
      {
        Namespace: appNamespace('sophie'),
        Dimensions: [['Module', 'Function']],
        Metrics: [
          { Name: 'Duration', Unit: 'Milliseconds' },
          { Name: 'Errors', Unit: 'Count' },
          { Name: 'OverBudget', Unit: 'Count' },
        ],
      },
    ]);
    expect(valuesOf(emf, 'Duration')).toHaveLength(1);
    expect(valuesOf(emf, 'Duration')[0]).toBeGreaterThanOrEqual(0);
  });

  test('a sync throw: the same error object is thrown, counted, and classified', () => {
    const { t, take } = memoryTelemetry();
    class QuotaExceeded extends Error {}
    const err = new QuotaExceeded('no');
    const f = wrap(t, 'tasks.create', () => {
      throw err;
    });
    let caught: unknown;
    try {
      f();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(err);
    const { emf } = take();
    expect(valuesOf(emf, 'Errors', { Function: 'create' })).toEqual([1, 1]); // total, and by class
    const byClass = emf.find((d) => 'ErrorClass' in d)!;
    expect(byClass).toMatchObject({ ErrorClass: 'QuotaExceeded', Errors: 1, Module: 'tasks' });
    expect(JSON.stringify(byClass._aws)).toContain('[["Module","Function","ErrorClass"]]');
  });

  test('an async call resolves to its value; a rejection rejects with the same reason and is counted', async () => {
    const { t, take } = memoryTelemetry();
    const reason = new RangeError('late');
    const ok = wrap(t, 'jobs.ok', async (x: number) => x + 1);
    const bad = wrap(t, 'jobs.bad', async () => {
      await new Promise((r) => setTimeout(r, 2));
      throw reason;
    });
    await expect(ok(1)).resolves.toBe(2);
    await expect(bad()).rejects.toBe(reason);
    const { emf } = take();
    expect(valuesOf(emf, 'Errors', { Function: 'ok' })).toEqual([0]);
    expect(valuesOf(emf, 'Errors', { Function: 'bad', ErrorClass: 'RangeError' })).toEqual([1]);
    expect(valuesOf(emf, 'Duration', { Function: 'bad' })[0]).toBeGreaterThanOrEqual(1.5);
  });

  test('an unhandled rejection of a wrapped call is still unhandled: Node reports it and exits 1', () => {
    const probe = `const { withTelemetry, configureTelemetry } = require('./lib/runtime');
      configureTelemetry({ flush: 'manual' });
      const bad = withTelemetry('jobs.bad', () => Promise.reject(new Error('nobody listens')));
      bad();`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nobody listens');
  });

  test('keeps `this`, the arguments and the function name', () => {
    const { t } = memoryTelemetry();
    const obj = {
      base: 10,
      add: wrap(t, 'math.add', function namedAdd(this: { base: number }, a: number, b: number) {
        return this.base + a + b;
      }),
    };
    expect(obj.add(1, 2)).toBe(13);
    expect(obj.add.name).toBe('namedAdd');
  });

  test('budgets: over budget is counted; auth.* gets the auth budget from the settings', () => {
    const { t, take } = memoryTelemetry({
      settings: { v: 1, app: 'sophie', budget: 200, ops: [['auth', 5]] },
    });
    const login = wrap(t, 'auth.login', () => busy(8));
    const fast = wrap(t, 'tasks.list', () => 1);
    login();
    fast();
    const { emf } = take();
    expect(emf.find((d) => d.Function === 'login')).toMatchObject({ BudgetMs: 5, OverBudget: 1 });
    expect(emf.find((d) => d.Function === 'list')).toMatchObject({ BudgetMs: 200, OverBudget: 0 });
  });

  test('isError: errors the application does not count are recorded as calls, not errors', () => {
    const { t, take } = memoryTelemetry();
    class ValidationError extends Error {}
    const f = wrap(
      t,
      'api.create',
      (bad: boolean) => {
        if (bad) throw new ValidationError('title missing');
        return 1;
      },
      { isError: (e) => !(e instanceof ValidationError) },
    );
    expect(() => f(true)).toThrow(ValidationError);
    f(false);
    const { emf } = take();
    expect(valuesOf(emf, 'Errors')).toEqual([0]);
    expect(valuesOf(emf, 'Duration')).toHaveLength(2);
  });

  test('names: a name without a dot belongs to the service; a tuple names module and function', () => {
    const { t, take } = memoryTelemetry({ service: 'api' });
    wrap(t, 'GET /tasks', () => 1)();
    instrument(
      () => t,
      ['billing', 'charge.card'],
      () => 1,
    )();
    const { emf } = take();
    expect(emf.map((d) => [d.Module, d.Function])).toEqual([
      ['api', 'GET /tasks'],
      ['billing', 'charge.card'],
    ]);
  });

  test('extra dimensions: the base set is always written, the extended set beside it', () => {
    const { t, take } = memoryTelemetry();
    wrap(t, 'pay.charge', () => 1, { dimensions: { provider: 'stripe' } })();
    const { emf } = take();
    const d = (emf[0]._aws as { CloudWatchMetrics: Array<{ Dimensions: string[][] }> }).CloudWatchMetrics[0];
    expect(d.Dimensions).toEqual([
      ['Module', 'Function'],
      ['Module', 'Function', 'provider'],
    ]);
    expect(emf[0].provider).toBe('stripe');
  });

  test('a disabled runtime only calls through', () => {
    const { t, take, sink } = memoryTelemetry({ enabled: false });
    expect(wrap(t, 'a.b', () => 7)()).toBe(7);
    take();
    expect(sink.lines).toEqual([]);
  });
});

describe('emitEvent', () => {
  test('measurements become metrics of the event; metadata goes to a filtered event record', () => {
    const { t, take } = memoryTelemetry();
    t.emitEvent(
      'checkout.paid',
      { amount: { value: 42.5, unit: 'None' }, items: 3 },
      { customer: 'ann@example.com', note: 'ok' },
    );
    t.emitEvent('checkout.paid', { amount: { value: 10, unit: 'None' }, items: 1 });
    const { emf, records } = take();
    expect(valuesOf(emf, 'amount')).toEqual([42.5, 10]);
    expect(valuesOf(emf, 'items')).toEqual([3, 1]);
    expect(JSON.stringify(emf[0]._aws)).toContain('{"Name":"items","Unit":"Count"}');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      telemetry: 'event',
      event: 'checkout.paid',
      measurements: { amount: 42.5, items: 3 },
      metadata: { customer: '[EMAIL]', note: 'ok' },
    });
  });

  test('bad measurements are dropped and counted, the rest is written', () => {
    const { t, take } = memoryTelemetry();
    t.emitEvent('a.b', { ok: 1, nan: NaN, inf: Infinity, str: 'x' as unknown as number, Module: 3 });
    const { emf } = take();
    expect(valuesOf(emf, 'ok')).toEqual([1]);
    expect(emf[0]).not.toHaveProperty('nan');
    expect(emf[0].Module).toBe('a');
    expect(t.stats().dropped).toMatchObject({ invalidValue: 3, invalidName: 1 });
  });
});

describe('journeys and KPIs', () => {
  test('journey: started, reached, and the time since the start in seconds', () => {
    const { t, take, clock } = memoryTelemetry();
    const signedUp = new Date(clock.now - 5 * 60_000);
    t.journeyStart('onboarding');
    t.journeyStart('onboarding');
    t.journeyReached('onboarding', 'first-project', { startedAt: signedUp });
    t.journeyReached('onboarding', 'first-project', { startedAt: signedUp.getTime() - 60_000 });
    t.journeyReached('onboarding', 'first-agent', {
      startedAt: signedUp.toISOString(),
      user: 'bob@corp.example',
    });
    const { emf, records } = take();
    expect(valuesOf(emf, 'JourneyStarted', { Journey: 'onboarding' })).toEqual([2]);
    expect(valuesOf(emf, 'JourneyStageReached', { Stage: 'first-project' })).toEqual([2]);
    expect(valuesOf(emf, 'JourneyStageTime', { Stage: 'first-project' })).toEqual([300, 360]);
    expect(records).toEqual([
      expect.objectContaining({
        journey: 'onboarding',
        stage: 'first-agent',
        elapsedSeconds: 300,
        user: '[EMAIL]',
      }),
    ]);
  });

  test('a start time in the future or unreadable counts the stage but not a time', () => {
    const { t, take, clock } = memoryTelemetry();
    t.journeyReached('onboarding', 'x', { startedAt: clock.now + 60_000 });
    t.journeyReached('onboarding', 'x', { startedAt: 'yesterday-ish' });
    const { emf } = take();
    expect(valuesOf(emf, 'JourneyStageReached')).toEqual([2]);
    expect(valuesOf(emf, 'JourneyStageTime')).toEqual([]);
    expect(t.stats().dropped.invalidValue).toBe(2);
  });

  test('KPIs: counters sum, outcomes are 0/1 samples, features by Feature, values keep their unit', () => {
    const { t, take } = memoryTelemetry();
    t.kpiCount('tasks-created');
    t.kpiCount('tasks-created', 2);
    t.kpiOutcome('payment', true);
    t.kpiOutcome('payment', false);
    t.kpiOutcome('payment', true);
    t.kpiFeature('adoption', 'export-pdf');
    t.kpiFeature('adoption', 'export-pdf');
    t.kpiFeature('adoption', 'share');
    t.kpiRecord('session-length', 93.5, 'Seconds');
    const { emf } = take();
    expect(valuesOf(emf, 'KpiCount', { Kpi: 'tasks-created' })).toEqual([3]);
    expect(valuesOf(emf, 'KpiSuccess', { Kpi: 'payment' })).toEqual([1, 0, 1]);
    expect(valuesOf(emf, 'FeatureUsed', { Feature: 'export-pdf' })).toEqual([2]);
    expect(valuesOf(emf, 'FeatureUsed', { Feature: 'share' })).toEqual([1]);
    expect(valuesOf(emf, 'KpiValue')).toEqual([93.5]);
    expect(JSON.stringify(emf)).toContain('{"Name":"KpiValue","Unit":"Seconds"}');
  });

  test('every metric of the contract is written by some call, with the contract dimensions', () => {
    const { t, take } = memoryTelemetry();
    wrap(t, 'a.ok', () => 1)();
    expect(() =>
      wrap(t, 'a.fail', () => {
        throw new Error('x');
      })(),
    ).toThrow();
    t.journeyStart('j');
    t.journeyReached('j', 's', { startedAt: T0Minus(1000) });
    t.kpiCount('k');
    t.kpiOutcome('k', true);
    t.kpiFeature('k', 'f');
    t.kpiRecord('k', 1);
    t.emitEvent('a.b', { x: NaN }); // a drop, so that TelemetryDropped is written
    const { emf } = take();
    const seen = new Set<string>();
    for (const doc of emf) {
      for (const d of (
        doc._aws as {
          CloudWatchMetrics: Array<{
            Dimensions: string[][];
            Metrics: Array<{ Name: string; Unit: string }>;
          }>;
        }
      ).CloudWatchMetrics) {
        for (const m of d.Metrics)
          for (const set of d.Dimensions) seen.add(`${m.Name}|${m.Unit}|${set.join(',')}`);
      }
    }
    const declared = Object.values(APP_METRICS).map((m) => `${m.name}|${m.unit}|${m.dimensions.join(',')}`);
    expect([...seen].sort()).toEqual([...new Set(declared)].sort());
  });
});

function T0Minus(ms: number) {
  return Date.UTC(2026, 2, 2, 10, 0, 30) - ms;
}
