import { aggregate, lowSampleThreshold, parseStatistic } from '../../../lib/tools/evaluate/statistics';

const one = (stat: string, values: number[]) =>
  aggregate(
    Float64Array.from(values, () => 0),
    Float64Array.from(values),
    { start: 0, period: 60, length: 1 },
    parseStatistic(stat),
  ).values[0];

describe('statistics from raw datapoints', () => {
  const v = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]; // 1..10
  test.each([
    ['Sum', 55],
    ['Average', 5.5],
    ['Minimum', 1],
    ['Maximum', 10],
    ['SampleCount', 10],
    ['p50', 5],
    ['p90', 9],
    ['p99', 10],
    ['p0', 1],
    ['p100', 10],
    ['tm90', 5], // mean of 1..9
    ['TM(10%:90%)', 5.5], // mean of 2..9
    ['IQM', 5.5],
    ['tc90', 9],
    ['ts90', 45],
    ['wm90', 5.4], // 1..9 and 10 clamped to 9
    ['TM(2:5)', 4], // values in (2, 5]
    ['PR(:3)', 30],
    ['PR(5:)', 50],
  ])('%s', (stat, expected) => {
    expect(one(stat, v)).toBeCloseTo(expected, 10);
  });

  test('datapoints are bucketed by period; empty periods are missing; NaN datapoints are skipped', () => {
    const grid = { start: 0, period: 60, length: 3 };
    const r = aggregate(
      Float64Array.from([0, 30, 59, 130, 500]),
      Float64Array.from([1, 2, NaN, 3, 4]),
      grid,
      parseStatistic('Sum'),
    );
    expect(Array.from(r.values)).toEqual([3, NaN, 3]);
    expect(Array.from(r.counts)).toEqual([2, 0, 1]);
    const p = aggregate(
      Float64Array.from([0, 30, 130]),
      Float64Array.from([1, 2, 3]),
      grid,
      parseStatistic('p50'),
    );
    expect(Array.from(p.values)).toEqual([1, NaN, 3]);
  });

  test('unknown statistics are refused with the list of allowed ones', () => {
    expect(() => parseStatistic('median')).toThrow(
      /statistic "median" is not supported \(allowed: SampleCount, Average/,
    );
    expect(() => parseStatistic('p101')).toThrow(/at most p100/);
    expect(() => parseStatistic('TM(10%:500)')).toThrow(/both bounds/);
  });
});

describe('CloudWatch User Guide, "Percentile-based alarms and low data samples"', () => {
  test('p99 needs 1000 samples (10/(1-0.99)); p50 needs 20; p10 needs 100 (10/0.1)', () => {
    expect(lowSampleThreshold(parseStatistic('p99'))).toBeCloseTo(1000);
    expect(lowSampleThreshold(parseStatistic('p50'))).toBeCloseTo(20);
    expect(lowSampleThreshold(parseStatistic('p10'))).toBeCloseTo(100);
    expect(lowSampleThreshold(parseStatistic('Average'))).toBe(0);
  });
});
