import fc from 'fast-check';
import type { AlarmSpec, CompositeAlarmSpec, MissingData } from '../../../lib/model/alarm-spec';
import { evaluateClassified, type MetricAlarmRule } from '../../../lib/tools/evaluate/metric-alarm';
import { replayAlarms } from '../../../lib/tools/evaluate/replay';
import { evaluateSliding, rolling } from '../../../lib/tools/evaluate/sliding';
import { HistoryStore } from '../../../lib/tools/history/store';

const T0 = 1_700_000_000 - (1_700_000_000 % 86_400);
const metric = { namespace: 'Shop', metricName: 'Errors', dimensions: {} };

const alarm = (name: string, over: Partial<AlarmSpec> = {}): AlarmSpec => ({
  type: 'metric',
  name,
  description: '',
  source: { type: 'metric', metric, stat: 'Sum', period: 3600 },
  comparison: 'GreaterThanThreshold',
  threshold: 5,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  treatMissingData: 'notBreaching',
  severity: 'critical',
  actions: { alarm: ['pager'], ok: [], insufficientData: [] },
  ...over,
});

describe('rolling aggregates', () => {
  test('sum, min and max over a window equal the naive computation, NaN where the window is empty', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (raw, width) => {
          const base = Float64Array.from(raw, (v) => (v === undefined ? NaN : v));
          for (const kind of ['sum', 'min', 'max'] as const) {
            const got = rolling(base, width, kind);
            for (let i = 0; i < base.length; i++) {
              const win = [...base.slice(Math.max(0, i - width + 1), i + 1)].filter((v) => v === v);
              const want =
                win.length === 0
                  ? NaN
                  : kind === 'sum'
                    ? win.reduce((a, b) => a + b, 0)
                    : kind === 'min'
                      ? Math.min(...win)
                      : Math.max(...win);
              expect(got[i]).toBe(want);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('sliding evaluation', () => {
  test('with a stride of one it is the classic evaluation, for every missing-data treatment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(-1, 0, 1), { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<MissingData>('missing', 'ignore', 'breaching', 'notBreaching'),
        (cls, n, mRaw, treat) => {
          const m = Math.min(mRaw, n);
          const rule: MetricAlarmRule = {
            comparison: 'GreaterThanThreshold',
            threshold: 0,
            evaluationPeriods: n,
            datapointsToAlarm: m,
            treatMissingData: treat,
          };
          const c = Int8Array.from(cls);
          expect([...evaluateSliding(c, 1, rule)]).toEqual([...evaluateClassified(c, rule)]);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a one-hour period is a rolling hour evaluated every minute, not a clock hour', () => {
    // Ten errors at 10:30: a clock-hour alarm would see them once, at 11:00; a rolling hour sees them from 10:31
    // (the evaluation at the end of that minute) until 11:30.
    // The function is invoked every minute, so the metric has a datapoint (0 errors) every minute.
    const history = new HistoryStore();
    const times = [...Array(4 * 60).keys()].map((k) => T0 + 9 * 3600 + k * 60 + 5);
    history.addRaw(
      metric,
      times,
      times.map((t) => (t === T0 + 10 * 3600 + 30 * 60 + 5 ? 10 : 0)),
    );
    const [r] = replayAlarms([alarm('hourly')], history, { from: T0 + 9 * 3600, to: T0 + 13 * 3600 });
    expect(r.alarmEpisodes).toEqual([
      { state: 'ALARM', start: T0 + 10 * 3600 + 31 * 60, end: T0 + 11 * 3600 + 31 * 60 },
    ]);
    expect(r.notes).toContain("evaluated every minute over a sliding 3600s window (CloudWatch's default)");
    const [aligned] = replayAlarms([alarm('hourly')], history, {
      from: T0 + 9 * 3600,
      to: T0 + 13 * 3600,
      window: 'aligned',
    });
    expect(aligned.alarmEpisodes[0]).toEqual({
      state: 'ALARM',
      start: T0 + 11 * 3600,
      end: T0 + 12 * 3600,
    });
  });

  test('an error ratio over a rolling hour, from one-minute sums (metric math)', () => {
    const history = new HistoryStore();
    const times: number[] = [];
    const errors: number[] = [];
    const requests: number[] = [];
    for (let k = 0; k < 180; k++) {
      times.push(T0 + k * 60);
      requests.push(100);
      errors.push(k >= 60 && k < 70 ? 20 : 0); // 200 errors in 6,000 requests of the hour: 3.3 %
    }
    const errorsId = { ...metric, metricName: 'E' };
    const requestsId = { ...metric, metricName: 'R' };
    history.addAggregated(errorsId, 'Sum', 60, times, errors);
    history.addAggregated(requestsId, 'Sum', 60, times, requests);
    const spec = alarm('ratio', {
      threshold: 0.02,
      source: {
        type: 'math',
        expression: 'errors / requests',
        period: 3600,
        metrics: [
          { id: 'errors', metric: errorsId, stat: 'Sum', period: 3600 },
          { id: 'requests', metric: requestsId, stat: 'Sum', period: 3600 },
        ],
      },
    });
    const [r] = replayAlarms([spec], history, { from: T0, to: T0 + 180 * 60 });
    // 2 % of 6,000 is 120 errors: the 7th minute of the burst (140 errors) crosses it; it clears when the rolling
    // hour holds 6 burst minutes or fewer (120 errors, not above the threshold): at the end of minute 123.
    expect(r.alarmEpisodes[0]).toEqual({ state: 'ALARM', start: T0 + 67 * 60, end: T0 + 124 * 60 });
  });

  test('without one-minute history the alarm is evaluated on aligned periods, and says so', () => {
    const history = new HistoryStore();
    history.addAggregated(metric, 'Sum', 3600, [T0 + 3600], [10]);
    const [r] = replayAlarms([alarm('hourly')], history, { from: T0, to: T0 + 4 * 3600 });
    expect(r.alarmEpisodes[0].start).toBe(T0 + 2 * 3600);
    expect(r.notes.join(' ')).toMatch(/no one-minute history to slide its 3600s period over/);
  });

  test('without any history the alarm says only that: nothing about sliding or sample counts', () => {
    const p99 = alarm('hourly-p99', {
      source: { type: 'metric', metric, stat: 'p99', period: 3600 },
      evaluateLowSampleCountPercentile: 'ignore',
    });
    const [r] = replayAlarms([p99], new HistoryStore(), { from: T0, to: T0 + 4 * 3600 });
    expect(r.notes).toEqual(['no history for Shop Errors p99: every datapoint missing']);
  });
});

describe('actions suppressors', () => {
  const history = new HistoryStore();
  const fast = { ...metric, metricName: 'Fast' };
  const slow = { ...metric, metricName: 'Slow' };
  // A datapoint every minute (0 when healthy), 1 in the breaching minutes.
  const everyMinute = (bad: (m: number) => boolean) => {
    const ms = [...Array(60).keys()];
    return [ms.map((m) => T0 + m * 60 + 1), ms.map((m) => (bad(m) ? 1 : 0))] as const;
  };
  // Fast breaches minutes 10-19; slow breaches 12-40.
  history.addRaw(fast, ...everyMinute((m) => m >= 10 && m < 20));
  history.addRaw(slow, ...everyMinute((m) => m >= 12 && m <= 40));
  const child = (name: string, m: typeof fast) =>
    alarm(name, {
      threshold: 0,
      source: { type: 'metric', metric: m, stat: 'Sum', period: 60 },
      actions: { alarm: [], ok: [], insufficientData: [] },
    });
  const composite = (
    name: string,
    of: string,
    over: Partial<CompositeAlarmSpec> = {},
  ): CompositeAlarmSpec => ({
    type: 'composite',
    name,
    description: '',
    rule: { type: 'state', state: 'ALARM', alarm: of },
    severity: 'critical',
    actions: { alarm: ['pager'], ok: ['pager'], insufficientData: [] },
    ...over,
  });
  const run = (extensionPeriod: number, waitPeriod = 60) =>
    replayAlarms(
      [
        child('fast-child', fast),
        child('slow-child', slow),
        composite('fast', 'fast-child'),
        composite('slow', 'slow-child', { suppressor: { alarm: 'fast', waitPeriod, extensionPeriod } }),
      ],
      history,
      { from: T0, to: T0 + 60 * 60, initialState: 'OK' },
    );

  test('the slow tier pages only after the fast tier and its extension are over, if still in ALARM', () => {
    const [, , f, s] = run(10 * 60);
    expect(f.notifications.map((n) => [n.state, (n.time - T0) / 60])).toEqual([
      ['ALARM', 11],
      ['OK', 21],
    ]);
    // Slow goes into ALARM at 13 while fast is in ALARM: held until 21 + 10 = 31, and slow is still in ALARM.
    expect(s.notifications.map((n) => [n.state, (n.time - T0) / 60])).toEqual([
      ['ALARM', 31],
      ['OK', 42],
    ]);
    expect(s.pages).toBe(1);
  });

  test('a long extension drops the slow page: the incident was paged once', () => {
    const [, , f, s] = run(60 * 60);
    expect(f.pages).toBe(1);
    expect(s.notifications).toEqual([]);
  });

  test('without a suppressor in ALARM, actions wait for the wait period (21 + 2 minutes), then go out', () => {
    const history2 = new HistoryStore();
    history2.addRaw(fast, ...everyMinute(() => false));
    history2.addRaw(slow, ...everyMinute((m) => m >= 20 && m < 25));
    const [, , , s] = replayAlarms(
      [
        child('fast-child', fast),
        child('slow-child', slow),
        composite('fast', 'fast-child'),
        composite('slow', 'slow-child', {
          suppressor: { alarm: 'fast', waitPeriod: 120, extensionPeriod: 600 },
        }),
      ],
      history2,
      { from: T0, to: T0 + 60 * 60, initialState: 'OK' },
    );
    expect(s.notifications.map((n) => [n.state, (n.time - T0) / 60])).toEqual([
      ['ALARM', 23],
      ['OK', 26],
    ]);
  });
});
