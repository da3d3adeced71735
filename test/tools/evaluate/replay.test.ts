import fc from 'fast-check';
import type { AlarmSpec, CompositeAlarmSpec } from '../../../lib/model/alarm-spec';
import { parseAlarmRule } from '../../../lib/model/alarm-rule';
import { evaluateComposite, ruleHolds } from '../../../lib/tools/evaluate/composite';
import { effectiveMissingData } from '../../../lib/model/alarm-spec';
import { replayAlarms } from '../../../lib/tools/evaluate/replay';
import {
  ALARM,
  INSUFFICIENT_DATA,
  OK,
  stateCode,
  stateName,
  type StateCode,
} from '../../../lib/tools/evaluate/state';
import { stateAt, type Timeline } from '../../../lib/tools/evaluate/timeline';
import { HistoryStore } from '../../../lib/tools/history/store';

const tl = (changes: [number, StateCode][], initial: StateCode = INSUFFICIENT_DATA): Timeline => ({
  initial,
  times: Float64Array.from(changes.map((c) => c[0])),
  states: Uint8Array.from(changes.map((c) => c[1])),
});

const metricAlarm = (name: string, over: Partial<AlarmSpec> = {}): AlarmSpec => ({
  type: 'metric',
  name,
  description: '',
  source: {
    type: 'metric',
    metric: { namespace: 'Shop', metricName: 'Errors', dimensions: {} },
    stat: 'Sum',
    period: 60,
  },
  comparison: 'GreaterThanThreshold',
  threshold: 0,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  treatMissingData: 'notBreaching',
  severity: 'critical',
  actions: { alarm: ['pager'], ok: ['pager'], insufficientData: [] },
  ...over,
});

describe('composite alarms', () => {
  test('AND, OR, NOT, AT_LEAST (count and percent, NOT STATE), TRUE', () => {
    const states: Record<string, StateCode> = { a: ALARM, b: OK, c: INSUFFICIENT_DATA };
    const holds = (rule: string) => ruleHolds(parseAlarmRule(rule), (n) => states[n] ?? INSUFFICIENT_DATA);
    expect(holds('ALARM(a) AND OK(b)')).toBe(true);
    expect(holds('ALARM(a) AND ALARM(b)')).toBe(false);
    expect(holds('ALARM(b) OR INSUFFICIENT_DATA(c)')).toBe(true);
    expect(holds('NOT ALARM(a)')).toBe(false);
    expect(holds('AT_LEAST(2, ALARM, (a, b, c))')).toBe(false);
    expect(holds('AT_LEAST(2, NOT OK, (a, b, c))')).toBe(true);
    expect(holds('AT_LEAST(30%, ALARM, (a, b, c))')).toBe(true);
    expect(holds('TRUE')).toBe(true);
  });

  test('evaluated whenever a child changes; INSUFFICIENT_DATA only before the first evaluation', () => {
    const children = new Map([
      [
        'a',
        tl([
          [60, OK],
          [300, ALARM],
          [600, OK],
        ]),
      ],
      [
        'b',
        tl([
          [120, OK],
          [400, ALARM],
          [700, OK],
        ]),
      ],
    ]);
    const c = evaluateComposite(parseAlarmRule('ALARM(a) AND ALARM(b)'), children, 0);
    expect([...c.times]).toEqual([60, 400, 600]);
    expect(Array.from(c.states, stateName)).toEqual(['OK', 'ALARM', 'OK']);
    expect(stateName(stateAt(c, 59))).toBe('INSUFFICIENT_DATA');
  });

  test('property: an OR composite is in ALARM exactly when a child is', () => {
    const child = fc.array(
      fc.tuple(fc.integer({ min: 1, max: 50 }), fc.constantFrom<StateCode>(OK, ALARM, INSUFFICIENT_DATA)),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(child, child, (x, y) => {
        const norm = (c: [number, StateCode][]) =>
          tl([...new Map(c.map(([t, s]) => [t * 60, s]))].sort((p, q) => p[0] - q[0]));
        const kids = new Map([
          ['x', norm(x)],
          ['y', norm(y)],
        ]);
        const c = evaluateComposite(parseAlarmRule('ALARM(x) OR ALARM(y)'), kids, 0);
        for (let t = 60; t <= 3000; t += 60) {
          if (c.times.length && t < c.times[0]) continue;
          const any = [...kids.values()].some((k) => stateAt(k, t) === ALARM);
          expect(stateAt(c, t) === ALARM).toBe(any);
        }
      }),
    );
  });
});

describe('replay', () => {
  const store = new HistoryStore();
  const metric = { namespace: 'Shop', metricName: 'Errors', dimensions: {} };
  store.addAggregated(metric, 'Sum', 60, [0, 60, 120, 180, 240, 300], [0, 3, 3, 0, 0, 5]);

  test('metric alarms, then composites; notifications, pages, episodes and time in alarm', () => {
    const composite: CompositeAlarmSpec = {
      type: 'composite',
      name: 'shop-any',
      description: '',
      rule: parseAlarmRule('ALARM(errors) OR ALARM(unknown)'),
      severity: 'critical',
      actions: { alarm: ['pager'], ok: [], insufficientData: [] },
    };
    const [errors, any] = replayAlarms([metricAlarm('errors', { severity: 'warning' }), composite], store, {
      from: 0,
      to: 360,
    });
    expect(errors.transitions.map((t) => [t.time, t.to])).toEqual([
      [60, 'OK'],
      [120, 'ALARM'],
      [240, 'OK'],
      [360, 'ALARM'],
    ]);
    expect(errors.alarmEpisodes).toEqual([
      { state: 'ALARM', start: 120, end: 240 },
      { state: 'ALARM', start: 360 },
    ]);
    expect(errors.timeInAlarm).toBe(120);
    expect(errors.notifications.map((n) => n.state)).toEqual(['OK', 'ALARM', 'OK', 'ALARM']);
    expect(errors.pages).toBe(0); // a warning pages nobody
    expect(any.pages).toBe(2);
    expect(any.notes).toEqual([
      'rule names "unknown", which is not among the replayed alarms: counted as INSUFFICIENT_DATA',
    ]);
  });

  test('AWS/DynamoDB alarms ignore missing data whatever they say', () => {
    const spec = metricAlarm('throttles', {
      source: {
        type: 'metric',
        metric: { namespace: 'AWS/DynamoDB', metricName: 'ReadThrottleEvents', dimensions: {} },
        stat: 'Sum',
        period: 60,
      },
      treatMissingData: 'breaching',
    });
    expect(effectiveMissingData(spec)).toBe('ignore');
    const [r] = replayAlarms([spec], new HistoryStore(), { from: 0, to: 600, initialState: 'OK' });
    expect(r.transitions).toEqual([]);
    expect(r.notes[1]).toMatch(
      /AWS\/DynamoDB alarms always ignore missing data: evaluated as "ignore", not "breaching"/,
    );
  });

  test('metric math counts as DynamoDB only when all its metrics are', () => {
    const metric = (namespace: string) => ({
      id: namespace === 'AWS/DynamoDB' ? 'ddb' : 'fn',
      metric: { namespace, metricName: 'Errors', dimensions: {} },
      stat: 'Sum',
      period: 60,
    });
    const math = (...namespaces: string[]) =>
      metricAlarm('math', {
        source: { type: 'math', expression: 'ddb', period: 60, metrics: namespaces.map(metric) },
        treatMissingData: 'breaching',
      });
    expect(effectiveMissingData(math('AWS/DynamoDB'))).toBe('ignore');
    expect(effectiveMissingData(math('AWS/DynamoDB', 'AWS/Lambda'))).toBe('breaching');
  });

  test('low-sample percentiles with ignore keep their state; with evaluate they move', () => {
    const s = new HistoryStore();
    const latency = { namespace: 'Shop', metricName: 'Latency', dimensions: {} };
    s.addAggregated(latency, 'p99', 60, [0, 60, 120], [900, 900, 900], [5000, 10, 10]);
    const base = metricAlarm('latency', {
      source: { type: 'metric', metric: latency, stat: 'p99', period: 60 },
      threshold: 500,
    });
    const [ignored] = replayAlarms([{ ...base, evaluateLowSampleCountPercentile: 'ignore' }], s, {
      from: 0,
      to: 180,
      initialState: 'OK',
    });
    expect(ignored.transitions.map((t) => [t.time, t.to])).toEqual([[60, 'ALARM']]);
    const [held] = replayAlarms(
      [{ ...base, evaluateLowSampleCountPercentile: 'ignore' }],
      (() => {
        const t = new HistoryStore();
        t.addAggregated(latency, 'p99', 60, [0, 60], [900, 900], [10, 10]);
        return t;
      })(),
      { from: 0, to: 120, initialState: 'OK' },
    );
    expect(held.transitions).toEqual([]);
    const [evaluated] = replayAlarms([{ ...base, evaluateLowSampleCountPercentile: 'evaluate' }], s, {
      from: 0,
      to: 180,
      initialState: 'OK',
    });
    expect(evaluated.transitions.map((t) => t.to)).toEqual(['ALARM']);
  });

  test('what cannot be replayed is skipped with the reason', () => {
    const [band, math] = replayAlarms(
      [
        metricAlarm('band', { comparison: 'LessThanLowerOrGreaterThanUpperThreshold' }),
        metricAlarm('math', { source: { type: 'math', expression: 'SEARCH(x)', period: 60, metrics: [] } }),
      ],
      store,
      { from: 0, to: 360 },
    );
    expect(band.skipped).toMatch(/anomaly detection band/);
    expect(math.skipped).toMatch(/SEARCH is not supported/);
  });

  test('raw datapoints aggregate to the statistic of each alarm', () => {
    const s = new HistoryStore();
    s.addRaw(metric, [0, 10, 20, 70], [1, 1, 1, 1]);
    const [sum] = replayAlarms([metricAlarm('sum', { threshold: 2 })], s, { from: 0, to: 120 });
    expect(sum.transitions.map((t) => [t.time, t.to])).toEqual([
      [60, 'ALARM'],
      [120, 'OK'],
    ]);
    expect(stateCode('OK')).toBe(OK);
  });
});
