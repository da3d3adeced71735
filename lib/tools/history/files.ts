/**
 * Metric history files for `cdk-telemetry backtest --history`. Two formats, one or many metrics per file:
 *
 * JSON: `{ "metrics": [ ... ] }`, a list, or a single metric object:
 * ```json
 * { "metric": "AWS/Lambda Errors{FunctionName=checkout}", "stat": "Sum", "period": 60,
 *   "points": [["2026-03-01T10:00:00Z", 0], ["2026-03-01T10:01:00Z", 3]] }
 * ```
 * The metric is `metric` (compact form) or `namespace`, `metricName`, `dimensions`. With `stat` and `period` the
 * values are already aggregated datapoints (timestamps are period starts, as GetMetricData returns them; an
 * optional third element is the sample count); without them they are raw datapoints, aggregated for each alarm.
 * Instead of `points`, `timestamps` + `values` (+ `samples`) arrays are accepted (GetMetricData's shape).
 *
 * CSV: a header row with `timestamp` and `value`, and `metric`, `stat`, `period`, `samples` columns as needed;
 * `# metric: ...`, `# stat: ...`, `# period: ...` comment lines set them for the whole file. Quote a metric that
 * has several dimensions: `"AWS/ApiGateway Count{ApiName=shop,Stage=prod}"`.
 *
 * Timestamps are ISO 8601 strings or epoch numbers (seconds, or milliseconds when above 10^11), from 1970 to
 * 9999. Values are finite decimal numbers; sample counts are whole numbers of at least 0. Aggregated datapoints
 * (with `stat` and `period`) are one per period, in time order (oldest first, or newest first as GetMetricData
 * returns them by default); raw datapoints may come in any order and share a timestamp. Files are at most
 * {@link INPUT_LIMITS.historyFileBytes} and hold at most {@link INPUT_LIMITS.historyPoints} datapoints together.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { explainIssues, formatPath } from '../../config/errors';
import type { MetricId } from '../../model/alarm-spec';
import { printable, quote } from '../echo';
import { parseStatistic } from '../evaluate/statistics';
import { formatBytes, formatLimit, INPUT_LIMITS } from '../limits';
import { own } from '../own';
import { parseMetricRef } from './metric-ref';
import { HistoryStore } from './store';
import { HistoryFileError, parseTimestamp, TIME_FORMS } from './timestamps';

const Time = z.union([z.string(), z.number()]);
const Value = z.union([z.number(), z.null()]);
const Point = z.union([
  z.tuple([Time, Value]),
  z.tuple([Time, Value, z.number().min(0)]),
  z.strictObject({ timestamp: Time, value: Value, samples: z.number().min(0).optional() }),
]);
const Dimensions = z.union([
  z.record(z.string(), z.string()),
  z.array(z.strictObject({ Name: z.string(), Value: z.string() })),
]);
const MetricJson = z.strictObject({
  metric: z.string().optional(),
  namespace: z.string().optional(),
  metricName: z.string().optional(),
  dimensions: Dimensions.optional(),
  stat: z.string().optional(),
  period: z.number().int().positive().max(INPUT_LIMITS.replaySeconds).optional(),
  unit: z.string().optional(),
  points: z.array(Point).optional(),
  timestamps: z.array(Time).optional(),
  values: z.array(Value).optional(),
  samples: z.array(z.number().min(0)).optional(),
});
type MetricJson = z.infer<typeof MetricJson>;
/** The three shapes of a file, told apart before validation so errors point into the right one. */
function fileSchema(data: unknown) {
  if (Array.isArray(data)) return z.array(MetricJson);
  if (data !== null && typeof data === 'object' && 'metrics' in data)
    return z.strictObject({ metrics: z.array(MetricJson) });
  return MetricJson;
}

/** `file: metrics[0]` + `stat` → `file: metrics[0].stat`; `file` (a single metric object) + `stat` → `file: stat`. */
const fieldOf = (where: string, key: string, top: boolean) => (top ? `${where}: ${key}` : `${where}.${key}`);

function metricOf(m: MetricJson, where: string, top = false): MetricId {
  if (m.metric !== undefined) {
    try {
      return parseMetricRef(m.metric);
    } catch (e) {
      throw new HistoryFileError(`${fieldOf(where, 'metric', top)}: ${(e as Error).message}`);
    }
  }
  if (!m.namespace || !m.metricName)
    throw new HistoryFileError(
      `${where}: give "metric" (e.g. "AWS/Lambda Errors{FunctionName=checkout}") or "namespace" and "metricName"`,
    );
  const dims = Array.isArray(m.dimensions)
    ? Object.fromEntries(m.dimensions.map((d) => [d.Name, d.Value]))
    : (m.dimensions ?? {});
  return { namespace: m.namespace, metricName: m.metricName, dimensions: dims };
}

function checkStatPeriod(
  stat: string | undefined,
  period: number | undefined,
  where: string,
  top = false,
): void {
  if ((stat === undefined) !== (period === undefined))
    throw new HistoryFileError(
      `${where}: give both "stat" and "period" for aggregated datapoints, or neither for raw datapoints`,
    );
  if (stat !== undefined) {
    try {
      parseStatistic(stat);
    } catch (e) {
      throw new HistoryFileError(`${fieldOf(where, 'stat', top)}: ${(e as Error).message}`);
    }
  }
}

interface Rows {
  times: number[];
  values: number[];
  counts: (number | undefined)[];
  /** Where each row is in its file (a CSV line number, an index in a JSON array): numbers, not texts, so that
   * millions of rows cost 8 bytes each. */
  source: number[];
  /** A source number as a message says it: `file:12`, `file: metrics[0].points[3]`. */
  locate: (source: number) => string;
}

const newRows = (locate: (source: number) => string): Rows => ({
  times: [],
  values: [],
  counts: [],
  source: [],
  locate,
});

/** Datapoints of all files loaded together, against {@link INPUT_LIMITS.historyPoints}. */
interface Loading {
  readonly store: HistoryStore;
  points: number;
  readonly maxPoints: number;
}

function tooManyPoints(l: Loading, at: string): never {
  throw new HistoryFileError(
    `${at}: the history files hold more than ${formatLimit(l.maxPoints)} datapoints (the limit): give a shorter time span or fewer metrics`,
  );
}

const isoOf = (t: number) => new Date(t * 1000).toISOString();

/**
 * Aggregated datapoints are one per period, in time order (oldest or newest first): a duplicate or an
 * out-of-order datapoint is a mistake (two exports pasted together), not something to guess about.
 */
function checkOrder(rows: Rows, period: number): void {
  const n = rows.times.length;
  if (n < 2) return;
  const slot = (i: number) => Math.floor(rows.times[i] / period);
  const at = (i: number) => rows.locate(rows.source[i]);
  const descending = slot(n - 1) < slot(0);
  for (let i = 1; i < n; i++) {
    const d = descending ? slot(i - 1) - slot(i) : slot(i) - slot(i - 1);
    if (d === 0)
      throw new HistoryFileError(
        `${at(i)}: a second datapoint for the ${period}s period of ${isoOf(slot(i) * period)} (the first is at ${at(i - 1)}): aggregated datapoints are one per period`,
      );
    if (d < 0)
      throw new HistoryFileError(
        `${at(i)}: ${isoOf(rows.times[i])} is out of order (after ${isoOf(rows.times[i - 1])} at ${at(i - 1)}): sort the datapoints by time`,
      );
  }
}

function addRows(
  l: Loading,
  metric: MetricId,
  stat: string | undefined,
  period: number | undefined,
  rows: Rows,
) {
  if (stat !== undefined && period !== undefined) {
    checkOrder(rows, period);
    const hasCounts = rows.counts.some((c) => c !== undefined);
    l.store.addAggregated(metric, stat, period, rows.times, rows.values, hasCounts ? rows.counts : undefined);
  } else l.store.addRaw(metric, rows.times, rows.values);
}

/** A finite decimal number (no hex, no `Infinity`, nothing that overflows), or undefined. */
export function parseDecimal(text: string): number | undefined {
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function loadJson(file: string, text: string, l: Loading): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new HistoryFileError(`${file}: not JSON (${printable((e as Error).message, 160)})`);
  }
  const parsed = fileSchema(data).safeParse(data);
  if (!parsed.success) {
    const first = explainIssues(parsed.error.issues, data)[0];
    throw new HistoryFileError(
      `${file}: ${first.path.length ? `${printable(formatPath(first.path), 200)}: ` : ''}${printable(first.message, 300)}`,
    );
  }
  const list = Array.isArray(parsed.data)
    ? parsed.data
    : 'metrics' in parsed.data
      ? parsed.data.metrics
      : [parsed.data];
  const top = !Array.isArray(parsed.data) && 'metrics' in parsed.data ? 'metrics' : '';
  list.forEach((m, i) => {
    // A single metric object is the whole file: its fields are named without a prefix (`file: points[3]`).
    const single = !top && !Array.isArray(parsed.data);
    const where = single ? file : `${file}: ${top ? `metrics[${i}]` : `[${i}]`}`;
    const metric = metricOf(m, where, single);
    checkStatPeriod(m.stat, m.period, where, single);
    const list = m.points ? 'points' : 'timestamps';
    const rows = newRows((j) => fieldOf(where, `${list}[${j}]`, single));
    const push = (t: unknown, v: number | null, n: number | undefined, j: number) => {
      const time = parseTimestamp(t);
      if (time === undefined)
        throw new HistoryFileError(`${rows.locate(j)}: ${quote(t)} is not a timestamp (${TIME_FORMS})`);
      if (v === null) return;
      if (++l.points > l.maxPoints) tooManyPoints(l, rows.locate(j));
      rows.times.push(time);
      rows.values.push(v);
      rows.counts.push(n);
      rows.source.push(j);
    };
    if (m.points) {
      m.points.forEach((p, j) =>
        Array.isArray(p) ? push(p[0], p[1], p[2], j) : push(p.timestamp, p.value, p.samples, j),
      );
    } else if (m.timestamps && m.values) {
      if (m.timestamps.length !== m.values.length)
        throw new HistoryFileError(
          `${where}: ${m.timestamps.length} timestamps but ${m.values.length} values`,
        );
      m.timestamps.forEach((t, j) => push(t, m.values![j], m.samples?.[j], j));
    } else {
      throw new HistoryFileError(`${where}: no datapoints (give "points", or "timestamps" and "values")`);
    }
    addRows(l, metric, m.stat, m.period, rows);
  });
}

/** Splits one CSV line (RFC 4180 quoting); throws an Error on a quote that is not closed. */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (quoted) throw new Error('a quoted field is not closed (a " is missing)');
  out.push(cur.trim());
  return out;
}

const CSV_ALIASES: Readonly<Record<string, string>> = {
  time: 'timestamp',
  count: 'samples',
  samplecount: 'samples',
};
const CSV_COLUMNS = ['timestamp', 'value', 'metric', 'stat', 'period', 'samples'];

function loadCsv(file: string, text: string, l: Loading): void {
  const directives: Record<string, string> = {};
  let header: string[] | undefined;
  const groups = new Map<string, { metric: MetricId; stat?: string; period?: number; rows: Rows }>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    const where = `${file}:${i + 1}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const d = /^#\s*(metric|stat|period)\s*:\s*(.+)$/i.exec(line);
      if (d) directives[d[1].toLowerCase()] = d[2].trim();
      return;
    }
    let fields: string[];
    try {
      fields = csvFields(line);
    } catch (e) {
      throw new HistoryFileError(`${where}: ${(e as Error).message}`);
    }
    if (!header) {
      header = fields.map((f) => own(CSV_ALIASES, f.toLowerCase()) ?? f.toLowerCase());
      const unknown = header.find((h) => !CSV_COLUMNS.includes(h));
      if (unknown !== undefined)
        throw new HistoryFileError(
          `${where}: unknown column ${quote(unknown)} (allowed: ${CSV_COLUMNS.join(', ')})`,
        );
      const twice = header.find((h, j) => header!.indexOf(h) !== j);
      if (twice !== undefined)
        throw new HistoryFileError(`${where}: the column ${quote(twice)} is there twice`);
      for (const need of ['timestamp', 'value'])
        if (!header.includes(need))
          throw new HistoryFileError(`${where}: the header has no "${need}" column`);
      if (!header.includes('metric') && !directives.metric)
        throw new HistoryFileError(
          `${where}: no "metric" column and no "# metric: ..." line before the header`,
        );
      return;
    }
    if (fields.length > header.length)
      throw new HistoryFileError(
        `${where}: ${fields.length} fields, but the header has ${header.length} columns`,
      );
    const row: Record<string, string> = { ...directives };
    header.forEach((h, j) => {
      if (fields[j] !== undefined && fields[j] !== '') row[h] = fields[j];
    });
    const time = parseTimestamp(row.timestamp);
    if (time === undefined)
      throw new HistoryFileError(
        `${where}: ${quote(row.timestamp ?? '')} is not a timestamp (${TIME_FORMS})`,
      );
    if (row.value === undefined) return; // an empty value is a missing datapoint
    const value = parseDecimal(row.value);
    if (value === undefined)
      throw new HistoryFileError(
        `${where}: value ${quote(row.value)} is not a number (a finite decimal, e.g. 12.5)`,
      );
    const period = row.period === undefined ? undefined : parseDecimal(row.period);
    if (
      period !== undefined &&
      !(Number.isInteger(period) && period > 0 && period <= INPUT_LIMITS.replaySeconds)
    )
      throw new HistoryFileError(
        `${where}: period ${quote(row.period)} is not a whole number of seconds from 1 to ${formatLimit(INPUT_LIMITS.replaySeconds)}`,
      );
    const samples = row.samples === undefined ? undefined : parseDecimal(row.samples);
    if (row.samples !== undefined && !(samples !== undefined && Number.isInteger(samples) && samples >= 0))
      throw new HistoryFileError(
        `${where}: samples ${quote(row.samples)} is not a whole number of at least 0`,
      );
    const key = `${row.metric}|${row.stat ?? ''}|${period ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      // The metric and statistic are read once per group: every later row of it has the same text.
      checkStatPeriod(row.stat, period, where);
      let metric: MetricId;
      try {
        metric = parseMetricRef(row.metric ?? '');
      } catch (e) {
        throw new HistoryFileError(`${where}: ${(e as Error).message}`);
      }
      groups.set(key, (g = { metric, stat: row.stat, period, rows: newRows((n) => `${file}:${n}`) }));
    }
    if (++l.points > l.maxPoints) tooManyPoints(l, where);
    g.rows.times.push(time);
    g.rows.values.push(value);
    g.rows.counts.push(samples);
    g.rows.source.push(i + 1);
  });
  if (!header) throw new HistoryFileError(`${file}: empty (expected a header row with timestamp,value,...)`);
  for (const g of groups.values()) addRows(l, g.metric, g.stat, g.period, g.rows);
}

/**
 * Loads history files (`.json` or `.csv`) into a store; at most `maxPoints` datapoints in all (a smaller limit is
 * for tests).
 */
export function loadHistoryFiles(
  files: readonly string[],
  store = new HistoryStore(),
  maxPoints: number = INPUT_LIMITS.historyPoints,
): HistoryStore {
  const l: Loading = { store, points: 0, maxPoints };
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    if (ext !== '.csv' && ext !== '.json')
      throw new HistoryFileError(`${file}: unknown history format ${quote(ext)} (allowed: .json, .csv)`);
    let text: string;
    try {
      const size = statSync(file).size;
      if (size > INPUT_LIMITS.historyFileBytes)
        throw new HistoryFileError(
          `${file}: ${formatLimit(size)} bytes, over the limit of ${formatBytes(INPUT_LIMITS.historyFileBytes)} for one history file: split it by metric or time`,
        );
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (e instanceof HistoryFileError) throw e;
      throw new HistoryFileError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
    if (ext === '.csv') loadCsv(file, text, l);
    else loadJson(file, text, l);
  }
  return store;
}
