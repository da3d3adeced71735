import { compileMath, MathEvalError } from '../../../lib/tools/evaluate/math-eval';
import { MathSyntaxError, parseMath } from '../../../lib/tools/evaluate/math-parse';
import type { Grid } from '../../../lib/tools/evaluate/grid';

/** `-` is a missing datapoint. */
const ts = (...v: (number | '-')[]) => Float64Array.from(v, (x) => (x === '-' ? NaN : x));
const out = (s: Float64Array) => Array.from(s, (x) => (Number.isNaN(x) ? '-' : x));

function run(expression: string, metrics: Record<string, Float64Array>, grid?: Partial<Grid>) {
  const length = Object.values(metrics)[0]?.length ?? 4;
  return out(
    compileMath(expression).evaluate({
      grid: { start: 0, period: 60, length, ...grid },
      metrics: new Map(Object.entries(metrics)),
    }),
  );
}

describe('CloudWatch User Guide, "Using IF expressions": every worked example', () => {
  const metric1 = ts(1, 1, 0, 0, '-');
  const metric2 = ts(30, '-', 0, 0, 30);
  const metric3 = ts(0, 0, 20, '-', 20);

  test('IF(metric1, metric2, metric3)', () => {
    expect(run('IF(metric1, metric2, metric3)', { metric1, metric2, metric3 })).toEqual([
      30,
      0,
      20,
      '-',
      '-',
    ]);
  });
  test('IF(metric1, scalar2, metric3)', () => {
    expect(run('IF(metric1, 5, metric3)', { metric1, metric3 })).toEqual([5, 5, 20, '-', '-']);
  });
  test('IF(metric1, metric2, scalar3)', () => {
    expect(run('IF(metric1, metric2, 5)', { metric1, metric2 })).toEqual([30, 0, 5, 5, '-']);
  });
  test('IF(scalar, metric2, metric3) and a missing false branch', () => {
    expect(run('IF(1, metric2, metric3)', { metric2, metric3 })).toEqual([30, '-', 0, 0, 30]);
    expect(run('IF(0, metric2)', { metric2 })).toEqual(['-', '-', '-', '-', '-']);
    expect(run('IF(metric1 > 0, metric2)', { metric1, metric2 })).toEqual([30, 0, '-', '-', '-']);
  });
});

describe('CloudWatch User Guide, "Comparison and logical operators": the worked example', () => {
  const metric1 = ts(30, 20, 0, 0);
  const metric2 = ts(20, '-', 20, '-');
  test.each([
    ['(metric1 < metric2)', [0, 0, 1, 0]],
    ['(metric1 >= 30)', [1, 0, 0, 0]],
    ['(metric1 > 15 AND metric2 > 15)', [1, 0, 0, 0]],
    ['(metric1 > 15 && metric2 > 15)', [1, 0, 0, 0]],
    ['metric1 > 25 OR metric2 > 15', [1, 0, 1, 0]],
  ])('%s', (expression, expected) => {
    expect(run(expression, { metric1, metric2 })).toEqual(expected);
  });
});

describe('arithmetic', () => {
  test('missing values are 0 between two series; a division by zero drops the datapoint', () => {
    expect(run('a + b', { a: ts(1, '-', 3, '-'), b: ts(1, 2, '-', '-') })).toEqual([2, 2, 3, '-']);
    expect(run('a / b', { a: ts(1, 4, 3, 0), b: ts(2, 2, 0, 0) })).toEqual([0.5, 2, '-', '-']);
  });

  test('with a scalar, a missing value stays missing; precedence and powers', () => {
    expect(run('100 * a / 4', { a: ts(1, '-', 2, 4) })).toEqual([25, '-', 50, 100]);
    expect(run('-a ^ 2 + 2 * 3', { a: ts(2, 3, 0, 1) })).toEqual([2, -3, 6, 5]);
  });

  test("this project's guarded error rate: quiet minutes and minutes without traffic cannot page", () => {
    const requests = ts(100, 4, '-', 50, 0);
    const errors = ts(10, 4, '-', '-', '-');
    expect(run('IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)', { requests, errors })).toEqual([
      10,
      0,
      '-',
      0,
      0,
    ]);
  });
});

describe('functions', () => {
  const a = ts(1, '-', '-', 4, '-');
  test('FILL with a number, a series, REPEAT and LINEAR', () => {
    expect(run('FILL(a, 0)', { a })).toEqual([1, 0, 0, 4, 0]);
    expect(run('FILL(a, b)', { a, b: ts(9, 8, '-', 6, 5) })).toEqual([1, 8, '-', 4, 5]);
    expect(run('FILL(a, REPEAT)', { a })).toEqual([1, 1, 1, 4, 4]);
    expect(run('FILL(a, LINEAR)', { a })).toEqual([1, 2, 3, 4, '-']);
  });

  test('SUM, AVG, MIN, MAX of an array are series; of one series, scalars', () => {
    const b = ts(3, 3, '-', 0, '-');
    expect(run('SUM([a, b])', { a, b })).toEqual([4, 3, '-', 4, '-']);
    expect(run('AVG([a, b])', { a, b })).toEqual([2, 1.5, '-', 2, '-']);
    expect(run('MAX(METRICS())', { a, b })).toEqual([3, 3, '-', 4, '-']);
    expect(run('a - AVG(a)', { a })).toEqual([-1.5, '-', '-', 1.5, '-']);
    expect(run('SUM(METRICS("b"))', { a, b })).toEqual([3, 3, '-', 0, '-']);
  });

  test('ABS, CEIL, FLOOR, LOG10, DIFF, RATE, PERIOD, TIME_SERIES, DATAPOINT_COUNT, HOUR', () => {
    expect(run('ABS(a - 2)', { a })).toEqual([1, '-', '-', 2, '-']);
    expect(run('CEIL(a / 3) + FLOOR(a / 3)', { a })).toEqual([1, '-', '-', 3, '-']);
    expect(run('LOG10(a * 10)', { a })).toEqual([1, '-', '-', Math.log10(40), '-']);
    expect(run('DIFF(a)', { a })).toEqual(['-', '-', '-', 3, '-']);
    expect(run('RATE(a)', { a })).toEqual(['-', '-', '-', 3 / 180, '-']);
    expect(run('a / PERIOD(a)', { a })).toEqual([1 / 60, '-', '-', 4 / 60, '-']);
    expect(run('TIME_SERIES(7)', { a })).toEqual([7, 7, 7, 7, 7]);
    expect(run('DATAPOINT_COUNT([a, TIME_SERIES(1)])', { a })).toEqual([2, 1, 1, 2, 1]);
    expect(run('HOUR(a)', { a }, { start: 3 * 3600, period: 3600 })).toEqual([3, 4, 5, 6, 7]);
  });

  test('unknown ids, unsupported functions and syntax errors say what is wrong', () => {
    expect(() => run('x + 1', { a })).toThrow(new MathEvalError('unknown id "x" (known: a)'));
    expect(() => run('ANOMALY_DETECTION_BAND(a)', { a })).toThrow(
      /ANOMALY_DETECTION_BAND is not supported by the evaluator \(supported: ABS/,
    );
    expect(() => run('IF(a)', { a })).toThrow('IF takes 2 to 3 arguments, got 1');
    expect(() => parseMath('a + (b')).toThrow(MathSyntaxError);
    expect(() => parseMath('a + (b')).toThrow(
      'metric math "a + (b": expected ")" but the expression ended at character 7',
    );
    expect(() => run('METRICS()', { a, b: a })).toThrow(
      'the expression returns 2 time series; an alarm needs exactly one',
    );
  });
});
