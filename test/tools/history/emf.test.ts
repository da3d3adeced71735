/** EMF logs as backtest history: the documents in their three wrappings, what CloudWatch would extract, bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistoryFiles } from '../../../lib/tools/history/files';
import { parseMetricRef } from '../../../lib/tools/history/metric-ref';
import { HistoryFileError } from '../../../lib/tools/history/timestamps';

const dir = mkdtempSync(join(tmpdir(), 'emf-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const T = Date.parse('2026-03-02T10:00:00Z');
const grid = { start: T / 1000, period: 60, length: 2 };

/** A document as cdk-telemetry/runtime writes it: a duration per call, a count, two dimension sets. */
const doc = (t: number, durations: number[], errors: number, errorClass?: string) => ({
  _aws: {
    Timestamp: t,
    CloudWatchMetrics: [
      {
        Namespace: 'cdk-telemetry/sophie',
        Dimensions: [['Module', 'Function'], ...(errorClass ? [['Module', 'Function', 'ErrorClass']] : [])],
        Metrics: [
          { Name: 'Duration', Unit: 'Milliseconds' },
          { Name: 'Errors', Unit: 'Count' },
        ],
      },
    ],
  },
  Module: 'api',
  Function: 'POST /tasks',
  ...(errorClass ? { ErrorClass: errorClass } : {}),
  Duration: durations,
  Errors: errors,
});
const duration = parseMetricRef('cdk-telemetry/sophie Duration{Module=api,Function=POST /tasks}');
const errors = parseMetricRef('cdk-telemetry/sophie Errors{Module=api,Function=POST /tasks}');
const byClass = parseMetricRef(
  'cdk-telemetry/sophie Errors{Module=api,Function=POST /tasks,ErrorClass=Conflict}',
);
const lines = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n');

const RAW = lines(doc(T, [120, 180, 240], 0), doc(T + 60_000, [90], 2, 'Conflict'));

test('raw stdout: every value of every dimension set is a datapoint at the document time, with its unit', () => {
  const store = loadHistoryFiles([
    file('stdout.jsonl', `START RequestId: 1 Version: $LATEST\n${RAW}\nEND RequestId: 1\n`),
  ]);
  expect(store.emfDocuments).toBe(2);
  expect([...store.series({ metric: duration, stat: 'SampleCount', period: 60 }, grid)!.values]).toEqual([
    3, 1,
  ]);
  expect([...store.series({ metric: duration, stat: 'Maximum', period: 60 }, grid)!.values]).toEqual([
    240, 90,
  ]);
  expect([...store.series({ metric: errors, stat: 'Sum', period: 60 }, grid)!.values]).toEqual([0, 2]);
  // the second dimension set: the same value, for its own metric
  expect([...store.series({ metric: byClass, stat: 'Sum', period: 60 }, grid)!.values]).toEqual([NaN, 2]);
  expect(store.unitsOf(duration)).toEqual(['Milliseconds']);
  expect(store.span()).toEqual({ from: T / 1000, to: T / 1000 + 61 });
});

test('CloudWatch log events and Lambda JSON log lines (the document as "message", string or object)', () => {
  const events = [doc(T, [120, 180, 240], 0), doc(T + 60_000, [90], 2, 'Conflict')];
  const asEvents = JSON.stringify({
    events: events.map((d, i) => ({ timestamp: T + i, message: JSON.stringify(d), ingestionTime: T + 5 })),
  });
  const asLambda = lines(
    { timestamp: '2026-03-02T10:00:00Z', level: 'INFO', requestId: 'r1', message: events[0] },
    { timestamp: '2026-03-02T10:00:01Z', level: 'INFO', requestId: 'r1', message: 'saved the task' },
    { timestamp: '2026-03-02T10:01:00Z', level: 'INFO', requestId: 'r2', message: JSON.stringify(events[1]) },
  );
  for (const f of [
    file('events.json', asEvents),
    file('lambda.log', asLambda),
    file('list.json', JSON.stringify(events.map((d) => ({ message: JSON.stringify(d) })))),
  ]) {
    const store = loadHistoryFiles([f]);
    expect(store.emfDocuments).toBe(2);
    expect([...store.series({ metric: errors, stat: 'Sum', period: 60 }, grid)!.values]).toEqual([0, 2]);
  }
  // a .json file of EMF lines is EMF too; a pretty-printed history file is still a history file
  expect(loadHistoryFiles([file('raw.json', RAW)]).emfDocuments).toBe(2);
  const history = JSON.stringify({ metric: 'Shop Orders', points: [[T / 1000, 1]] }, null, 2);
  expect(loadHistoryFiles([file('history.json', history)]).emfDocuments).toBe(0);
});

test('"Dimensions": [] publishes without dimensions; __proto__ as a dimension is a plain name', () => {
  const d = {
    _aws: {
      Timestamp: T,
      CloudWatchMetrics: [
        { Namespace: 'N', Dimensions: [], Metrics: [{ Name: 'Dropped' }] },
        { Namespace: 'N', Dimensions: [['__proto__']], Metrics: [{ Name: 'Dropped' }] },
      ],
    },
    Dropped: 1,
    ['__proto__']: 'x',
  };
  const text = JSON.stringify(d).replace('"Dropped":1', '"Dropped":1,"__proto__":"x"');
  const store = loadHistoryFiles([file('proto.jsonl', text)]);
  const ids = store.metrics().map((m) => JSON.stringify(m.dimensions));
  expect(ids).toEqual(['{}', '{"__proto__":"x"}']);
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(store.unitsOf(parseMetricRef('N Dropped'))).toEqual(['None']);
});

test.each([
  [{ _aws: { Timestamp: 'now', CloudWatchMetrics: [] } }, 'bad.log:2: _aws.Timestamp "now" is not a time'],
  [{ _aws: { Timestamp: 1e16, CloudWatchMetrics: [] } }, 'from 1970 to 9999'],
  [{ _aws: { Timestamp: T } }, 'bad.log:2: _aws.CloudWatchMetrics is not a list'],
  [
    { ...doc(T, [1], 0), Module: undefined },
    'bad.log:2: _aws.CloudWatchMetrics[0].Dimensions[0]: the dimension "Module" has no value',
  ],
  [{ ...doc(T, [1], 0), Duration: 'slow' }, 'bad.log:2: the metric "Duration" has the value "\\"slow\\""'],
  [{ ...doc(T, [1], 0), Duration: [] }, 'a number or a list of 1 to 100 numbers'],
  [{ ...doc(T, new Array(101).fill(1), 0) }, 'a number or a list of 1 to 100 numbers'],
  [
    {
      _aws: {
        Timestamp: T,
        CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [], Metrics: [{ Name: 'A', Unit: 'ms' }] }],
      },
      A: 1,
    },
    'Metrics[0].Unit "ms" is not a CloudWatch unit (allowed: Seconds, Microseconds, Milliseconds',
  ],
  [
    {
      _aws: {
        Timestamp: T,
        CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [new Array(31).fill('D')], Metrics: [] }],
      },
    },
    'Dimensions[0] is not a list of at most 30 dimension names',
  ],
])('a document CloudWatch would reject is one line with its place (%#)', (bad, message) => {
  const f = file('bad.log', lines(doc(T, [1], 0), bad));
  let error: unknown;
  try {
    loadHistoryFiles([f]);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(HistoryFileError);
  const text = (error as Error).message;
  expect(text).toContain(message);
  expect(text.startsWith(`${f}:`)).toBe(true);
  expect(text).not.toContain('\n');
});

test('a file with no document, a broken events file, and the datapoint limit', () => {
  expect(() => loadHistoryFiles([file('text.log', 'START\n{"level":"INFO","message":"hi"}\nEND\n')])).toThrow(
    /text\.log: no EMF document .* in 3 lines$/,
  );
  expect(() => loadHistoryFiles([file('cut.json', '{"events": [{"message": ')])).toThrow(
    /cut\.json: not JSON/,
  );
  expect(() => loadHistoryFiles([file('odd.json', '{"events": 3}')])).toThrow(
    /odd\.json: "events" is not a list of log events/,
  );
  // 3 + 1 durations, 2 errors, 1 by class: the 7th datapoint is over a limit of 6
  expect(() => loadHistoryFiles([file('many.jsonl', RAW)], undefined, 6)).toThrow(
    /many\.jsonl:2: the history files hold more than 6 datapoints \(the limit\)/,
  );
  expect(() => loadHistoryFiles([file('x.txt', RAW)])).toThrow(
    /unknown history format "\.txt" \(allowed: \.json, \.csv\) and not EMF logs \(\.jsonl, \.ndjson, \.log\)/,
  );
});
