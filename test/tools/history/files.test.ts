import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistoryFiles } from '../../../lib/tools/history/files';
import { HistoryFileError, parseTimestamp } from '../../../lib/tools/history/timestamps';
import { formatMetric, metricKey, parseMetricRef } from '../../../lib/tools/history/metric-ref';

const dir = mkdtempSync(join(tmpdir(), 'history-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const grid = { start: Date.parse('2026-03-01T10:00:00Z') / 1000, period: 60, length: 3 };
const errors = parseMetricRef('AWS/Lambda Errors{FunctionName=checkout}');

describe('metric references', () => {
  test('namespace, name and dimensions (quoted values may hold commas); the key ignores dimension order', () => {
    const m = parseMetricRef('AWS/ApiGateway Latency{Stage=prod, ApiName="shop,eu", Resource=/a}');
    expect(m).toEqual({
      namespace: 'AWS/ApiGateway',
      metricName: 'Latency',
      dimensions: { Stage: 'prod', ApiName: 'shop,eu', Resource: '/a' },
    });
    expect(metricKey(m)).toBe(
      metricKey({ ...m, dimensions: { Resource: '/a', ApiName: 'shop,eu', Stage: 'prod' } }),
    );
    expect(formatMetric(parseMetricRef('Shop Orders'))).toBe('Shop Orders');
    expect(() => parseMetricRef('Errors')).toThrow(/write the namespace, a space, the metric name/);
  });

  test('timestamps: ISO, epoch seconds, epoch milliseconds', () => {
    expect(parseTimestamp('2026-03-01T10:00:00Z')).toBe(grid.start);
    expect(parseTimestamp(grid.start)).toBe(grid.start);
    expect(parseTimestamp(grid.start * 1000)).toBe(grid.start);
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });
});

describe('JSON history', () => {
  test('aggregated points, GetMetricData-shaped arrays, raw datapoints, nulls as missing', () => {
    const store = loadHistoryFiles([
      file(
        'a.json',
        JSON.stringify({
          metrics: [
            {
              metric: 'AWS/Lambda Errors{FunctionName=checkout}',
              stat: 'Sum',
              period: 60,
              points: [
                ['2026-03-01T10:00:00Z', 1],
                ['2026-03-01T10:02:00Z', null],
              ],
            },
            {
              namespace: 'AWS/Lambda',
              metricName: 'Duration',
              dimensions: [{ Name: 'FunctionName', Value: 'checkout' }],
              timestamps: [grid.start, grid.start + 60],
              values: [100, 300],
            },
          ],
        }),
      ),
    ]);
    expect(Array.from(store.series({ metric: errors, stat: 'sum', period: 60 }, grid)!.values)).toEqual([
      1,
      NaN,
      NaN,
    ]);
    const duration = parseMetricRef('AWS/Lambda Duration{FunctionName=checkout}');
    expect(Array.from(store.series({ metric: duration, stat: 'Maximum', period: 60 }, grid)!.values)).toEqual(
      [100, 300, NaN],
    );
    expect(
      store.series({ metric: parseMetricRef('AWS/Lambda Throttles'), stat: 'Sum', period: 60 }, grid),
    ).toBeUndefined();
    expect(store.span()).toEqual({ from: grid.start, to: grid.start + 61 });
  });

  test('mistakes name the file and the field', () => {
    const bad = (text: string) => () => loadHistoryFiles([file('bad.json', text)]);
    expect(bad('{')).toThrow(HistoryFileError);
    expect(bad('{"metrics":[{"metric":"Shop X","stat":"Sum","points":[]}]}')).toThrow(
      /bad\.json: metrics\[0\]: give both "stat" and "period"/,
    );
    expect(bad('{"metric":"Shop X","points":[["soon",1]]}')).toThrow(
      /bad\.json: points\[0\]: "soon" is not a timestamp/,
    );
    expect(bad('{"metric":"Shop X","stat":"median","period":60,"points":[]}')).toThrow(
      /stat: statistic "median" is not supported/,
    );
    expect(bad('{"metrics":[{"metric":"Shop X","points":[[1,"a"]]}]}')).toThrow(
      /bad\.json: metrics\[0\]\.points\[0\]/,
    );
    expect(() => loadHistoryFiles([join(dir, 'none.json')])).toThrow(/none\.json: cannot be read \(ENOENT\)/);
    expect(() => loadHistoryFiles([file('h.txt', '')])).toThrow(
      /unknown history format "\.txt" \(allowed: \.json, \.csv\)/,
    );
  });
});

describe('CSV history', () => {
  test('a metric column, or # directives for a file per metric; sample counts; empty values are missing', () => {
    const store = loadHistoryFiles([
      file(
        'many.csv',
        'timestamp,metric,stat,period,value,samples\n2026-03-01T10:00:00Z,"AWS/Lambda Errors{FunctionName=checkout}",Sum,60,2,\n2026-03-01T10:01:00Z,"AWS/Lambda Errors{FunctionName=checkout}",Sum,60,,\n',
      ),
      file(
        'one.csv',
        '# metric: Shop Latency{Page=home}\n# stat: p99\n# period: 60\ntime,value,count\n2026-03-01T10:00:00Z,250,900\n2026-03-01T10:01:00Z,300,1200\n',
      ),
    ]);
    expect(Array.from(store.series({ metric: errors, stat: 'Sum', period: 60 }, grid)!.values)).toEqual([
      2,
      NaN,
      NaN,
    ]);
    const latency = store.series(
      { metric: parseMetricRef('Shop Latency{Page=home}'), stat: 'p99', period: 60 },
      grid,
    )!;
    expect(Array.from(latency.values)).toEqual([250, 300, NaN]);
    expect(Array.from(latency.counts!)).toEqual([900, 1200, 0]);
  });

  test('Sum re-aggregates to a longer period; raw datapoints to any statistic', () => {
    const store = loadHistoryFiles([
      file(
        'sum.csv',
        '# metric: Shop Orders\n# stat: Sum\n# period: 60\ntimestamp,value\n0,1\n60,2\n120,3\n300,4\n',
      ),
      file('raw.csv', '# metric: Shop Size\ntimestamp,value\n0,5\n10,7\n70,1\n'),
    ]);
    const g5 = { start: 0, period: 300, length: 2 };
    expect(
      Array.from(
        store.series({ metric: parseMetricRef('Shop Orders'), stat: 'Sum', period: 300 }, g5)!.values,
      ),
    ).toEqual([6, 4]);
    const g1 = { start: 0, period: 60, length: 2 };
    expect(
      Array.from(
        store.series({ metric: parseMetricRef('Shop Size'), stat: 'Average', period: 60 }, g1)!.values,
      ),
    ).toEqual([6, 1]);
  });

  test('mistakes name the file and line', () => {
    const bad = (text: string) => () => loadHistoryFiles([file('bad.csv', text)]);
    expect(bad('timestamp,value,color\n')).toThrow(
      /bad\.csv:1: unknown column "color" \(allowed: timestamp, value, metric, stat, period, samples\)/,
    );
    expect(bad('timestamp,value\n0,1\n')).toThrow(
      /bad\.csv:1: no "metric" column and no "# metric: \.\.\." line/,
    );
    expect(bad('timestamp,metric,value\n0,Shop X,abc\n')).toThrow(/bad\.csv:2: value "abc" is not a number/);
    expect(bad('timestamp,metric,value\n0,Errors,1\n')).toThrow(/bad\.csv:2: "Errors" is not a metric/);
    expect(bad('')).toThrow(/bad\.csv: empty/);
  });

  test('the datapoints of all files together are bounded, and the message names the limit', () => {
    const rows = (n: number) => [
      '# metric: Shop Size',
      'timestamp,value',
      ...Array.from({ length: n }, (_, i) => `${i},1`),
    ];
    const a = file('a.csv', rows(6).join('\n'));
    const b = file('b.csv', rows(5).join('\n'));
    expect(() => loadHistoryFiles([a, b], undefined, 10)).toThrow(
      /b\.csv:7: the history files hold more than 10 datapoints \(the limit\): give a shorter time span or fewer metrics/,
    );
    expect(() => loadHistoryFiles([a, b], undefined, 11)).not.toThrow();
  });
});
