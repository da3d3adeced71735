import fc from 'fast-check';
import type { MissingData } from '../../../lib/model/alarm-spec';
import {
  defaultEvaluationRange,
  evaluateMetricAlarm,
  evaluationWindow,
  type MetricAlarmRule,
} from '../../../lib/tools/evaluate/metric-alarm';
import { ALARM, INSUFFICIENT_DATA, OK, stateName, type StateCode } from '../../../lib/tools/evaluate/state';

/** The User Guide's notation: `0` not breaching, `X` breaching, `-` missing (threshold 5, GreaterThanThreshold). */
const series = (notation: string) =>
  Float64Array.from(notation.split(' '), (c) => (c === '-' ? NaN : c === 'X' ? 10 : 0));
const rule = (m: number, n: number, treatMissingData: MissingData, evaluationRange = 5): MetricAlarmRule => ({
  comparison: 'GreaterThanThreshold',
  threshold: 5,
  evaluationPeriods: n,
  datapointsToAlarm: m,
  treatMissingData,
  evaluationRange,
});
const TREATMENTS: MissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
type Expected = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'retain';

/** The state after evaluating exactly the evaluation range, from a given prior state. */
function finalState(points: string, m: number, n: number, t: MissingData, initial: StateCode) {
  const states = evaluateMetricAlarm(series(points), rule(m, n, t), { initial });
  return states[states.length - 1];
}

function checkRow(points: string, m: number, n: number, expected: Expected[]) {
  TREATMENTS.forEach((t, i) => {
    for (const initial of [OK, ALARM] as StateCode[]) {
      const want = expected[i] === 'retain' ? stateName(initial) : expected[i];
      expect([t, stateName(finalState(points, m, n, t, initial))]).toEqual([t, want]);
    }
  });
}

describe('CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data": every worked example', () => {
  // Columns: MISSING, IGNORE, BREACHING, NOT BREACHING. Evaluation range 5, most recent datapoint on the right.
  describe('Datapoints to Alarm 3, Evaluation Periods 3', () => {
    test.each<[string, Expected[]]>([
      ['0 - X - X', ['OK', 'OK', 'OK', 'OK']],
      ['- - - - 0', ['OK', 'OK', 'OK', 'OK']],
      ['- - - - -', ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK']],
      ['0 X X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
      ['- - X - -', ['ALARM', 'retain', 'ALARM', 'OK']],
      // Rows of earlier versions of the page:
      ['0 - - - -', ['OK', 'OK', 'OK', 'OK']],
      ['- - - - X', ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK']],
      ['X - - - -', ['ALARM', 'retain', 'ALARM', 'OK']],
    ])('%s', (points, expected) => checkRow(points, 3, 3, expected));
  });

  describe('Datapoints to Alarm 2, Evaluation Periods 3 (M of N)', () => {
    test.each<[string, Expected[]]>([
      ['0 - X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
      ['0 0 X 0 X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
      ['0 - X - -', ['OK', 'OK', 'ALARM', 'OK']],
      ['- - - - 0', ['OK', 'OK', 'ALARM', 'OK']],
      ['- - X - -', ['ALARM', 'retain', 'ALARM', 'OK']],
      ['- - - - X', ['INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK']],
    ])('%s', (points, expected) => checkRow(points, 2, 3, expected));
  });

  test('row 2 explained: once the good datapoint leaves the evaluation range, missing data goes to ALARM (breaching)', () => {
    // The earlier version of the row, "0 - - - -": the next evaluation no longer sees the 0.
    const states = evaluateMetricAlarm(series('0 - - - - -'), rule(3, 3, 'breaching'), { initial: OK });
    expect(stateName(states[4])).toBe('OK');
    expect(stateName(states[5])).toBe('ALARM');
  });

  test('avoiding premature ALARM: "- - - - X" and "- - - X -" wait, "- - X - -" goes to ALARM (3 of 3, missing)', () => {
    const states = evaluateMetricAlarm(series('- - - - X - -'), rule(3, 3, 'missing', 5));
    expect(Array.from(states.slice(4), stateName)).toEqual([
      'INSUFFICIENT_DATA',
      'INSUFFICIENT_DATA',
      'ALARM',
    ]);
  });

  test('missing data only fills as few datapoints as needed: enough real datapoints ignore the setting', () => {
    for (const t of TREATMENTS) expect(stateName(finalState('0 X X - X', 3, 3, t, OK))).toBe('ALARM');
  });
});

describe('CloudWatch User Guide, "Using Amazon CloudWatch alarms": the evaluation figure', () => {
  test('threshold 3, 3 of 3: ALARM in periods 3-5, OK at period 6, a single breach in period 9 stays OK', () => {
    const values = Float64Array.from([4, 4, 4, 5, 5, 2, 2, 2, 4, 1]);
    const states = evaluateMetricAlarm(values, {
      comparison: 'GreaterThanThreshold',
      threshold: 3,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: 'missing',
    });
    // periods 1 and 2 have fewer than 3 datapoints, all breaching but not yet M periods old
    expect(Array.from(states, stateName)).toEqual([
      'INSUFFICIENT_DATA',
      'INSUFFICIENT_DATA',
      'ALARM',
      'ALARM',
      'ALARM',
      'OK',
      'OK',
      'OK',
      'OK',
      'OK',
    ]);
  });

  test('breaching datapoints of an M of N alarm need not be consecutive', () => {
    const states = evaluateMetricAlarm(series('0 X 0 X 0 X'), rule(3, 5, 'missing', 7));
    expect(stateName(states[4])).toBe('OK'); // 0 X 0 X 0: 2 of 5
    expect(stateName(states[5])).toBe('ALARM'); // X 0 X 0 X: 3 of 5
  });
});

describe('evaluation details', () => {
  test('the default evaluation range is 5 for N = 3 (the documented example) and grows with N', () => {
    expect(defaultEvaluationRange(3)).toBe(5);
    expect(defaultEvaluationRange(1)).toBe(3);
    expect(defaultEvaluationRange(15)).toBe(20);
  });

  test('each comparison operator', () => {
    const v = Float64Array.from([4, 5, 6]);
    const one = (comparison: MetricAlarmRule['comparison']) =>
      Array.from(
        evaluateMetricAlarm(v, {
          comparison,
          threshold: 5,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          treatMissingData: 'missing',
        }),
        stateName,
      );
    expect(one('GreaterThanThreshold')).toEqual(['OK', 'OK', 'ALARM']);
    expect(one('GreaterThanOrEqualToThreshold')).toEqual(['OK', 'ALARM', 'ALARM']);
    expect(one('LessThanThreshold')).toEqual(['ALARM', 'OK', 'OK']);
    expect(one('LessThanOrEqualToThreshold')).toEqual(['ALARM', 'ALARM', 'OK']);
    expect(() => one('LessThanLowerOrGreaterThanUpperThreshold')).toThrow(/anomaly detection band/);
  });

  test('hold keeps the state (low-sample percentiles with ignore)', () => {
    const states = evaluateMetricAlarm(series('X X X X'), rule(1, 1, 'missing'), {
      initial: OK,
      hold: Uint8Array.from([1, 1, 0, 1]),
    });
    expect(Array.from(states, stateName)).toEqual(['OK', 'OK', 'ALARM', 'ALARM']);
  });

  test('M above N is refused', () => {
    expect(() => evaluateMetricAlarm(series('0'), rule(4, 3, 'missing'))).toThrow(
      /between 1 and the evaluation periods/,
    );
  });

  test('evaluationWindow shows what an evaluation saw, in the User Guide notation', () => {
    const w = evaluationWindow(series('0 X - X 0 X'), rule(2, 3, 'missing'), 5);
    expect(w.notation).toBe('X - X 0 X');
    expect(w).toMatchObject({ present: 4, breaching: 3 });
  });
});

/**
 * A plain reference implementation, written from the documented rules with a copy of the window per step: the
 * O(1) implementation must agree with it on any series.
 */
function reference(values: (number | undefined)[], r: MetricAlarmRule, initial: StateCode): StateCode[] {
  const R = r.evaluationRange!;
  const N = r.evaluationPeriods;
  const M = r.datapointsToAlarm;
  const out: StateCode[] = [];
  let state = initial;
  for (let k = 0; k < values.length; k++) {
    const window: ('X' | '0' | '-')[] = [];
    for (let i = k - R + 1; i <= k; i++) {
      const v = i >= 0 ? values[i] : undefined;
      window.push(v === undefined ? '-' : v > r.threshold ? 'X' : '0');
    }
    const real = window.filter((w) => w !== '-');
    const bad = real.filter((w) => w === 'X').length;
    if (real.length === 0) {
      state = { missing: INSUFFICIENT_DATA, ignore: state, breaching: ALARM, notBreaching: OK }[
        r.treatMissingData
      ] as StateCode;
    } else if (real.length >= N) {
      state = real.slice(-N).filter((w) => w === 'X').length >= M ? ALARM : OK;
    } else if (r.treatMissingData === 'breaching') {
      state = bad + (N - real.length) >= M ? ALARM : OK;
    } else if (r.treatMissingData === 'notBreaching') {
      state = bad >= M ? ALARM : OK;
    } else if (bad >= M) {
      state = ALARM;
    } else if (bad < real.length) {
      state = OK;
    } else if (r.treatMissingData === 'missing') {
      const oldestAge = R - window.indexOf('X');
      state = oldestAge >= M ? ALARM : INSUFFICIENT_DATA;
    }
    out.push(state);
  }
  return out;
}

const datapoint = fc.oneof(fc.constant(undefined), fc.constantFrom(0, 10), fc.integer({ min: 0, max: 10 }));
const alarmRule = fc
  .record({
    n: fc.integer({ min: 1, max: 8 }),
    extra: fc.integer({ min: 0, max: 4 }),
    treat: fc.constantFrom<MissingData>('missing', 'ignore', 'breaching', 'notBreaching'),
  })
  .chain(({ n, extra, treat }) => fc.integer({ min: 1, max: n }).map((m) => rule(m, n, treat, n + extra)));
const initialState = fc.constantFrom<StateCode>(OK, ALARM, INSUFFICIENT_DATA);
const toSeries = (v: (number | undefined)[]) => Float64Array.from(v, (x) => (x === undefined ? NaN : x));
const firstAlarm = (s: ArrayLike<number>) => Array.prototype.indexOf.call(s, ALARM) as number;

describe('properties', () => {
  test('the evaluator agrees with a plain implementation of the documented rules', () => {
    fc.assert(
      fc.property(fc.array(datapoint, { maxLength: 60 }), alarmRule, initialState, (values, r, init) => {
        expect(Array.from(evaluateMetricAlarm(toSeries(values), r, { initial: init }))).toEqual(
          reference(values, r, init),
        );
      }),
      { numRuns: 3000 },
    );
  });

  test('adding a non-breaching datapoint never makes an alarm fire sooner', () => {
    fc.assert(
      fc.property(
        fc.array(datapoint, { minLength: 1, maxLength: 40 }),
        alarmRule,
        fc.nat(),
        (values, r, at) => {
          const i = at % values.length;
          fc.pre(values[i] === undefined || values[i]! > r.threshold);
          const better = [...values];
          better[i] = 0;
          const before = firstAlarm(evaluateMetricAlarm(toSeries(values), r));
          const after = firstAlarm(evaluateMetricAlarm(toSeries(better), r));
          expect(after === -1 || (before !== -1 && after >= before)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('without missing data, an alarm is in ALARM exactly when M of the last N datapoints breach', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 50 }), alarmRule, (values, r) => {
        const states = evaluateMetricAlarm(toSeries(values), r);
        values.forEach((_, k) => {
          if (k + 1 < r.evaluationPeriods) return;
          const bad = values.slice(k + 1 - r.evaluationPeriods, k + 1).filter((v) => v > r.threshold).length;
          expect(states[k]).toBe(bad >= r.datapointsToAlarm ? ALARM : OK);
        });
      }),
    );
  });

  test('treating missing data as breaching never fires later than treating it as not breaching', () => {
    fc.assert(
      fc.property(fc.array(datapoint, { maxLength: 40 }), alarmRule, (values, r) => {
        const bad = firstAlarm(
          evaluateMetricAlarm(toSeries(values), { ...r, treatMissingData: 'breaching' }),
        );
        const good = firstAlarm(
          evaluateMetricAlarm(toSeries(values), { ...r, treatMissingData: 'notBreaching' }),
        );
        expect(good === -1 || (bad !== -1 && bad <= good)).toBe(true);
      }),
    );
  });
});
