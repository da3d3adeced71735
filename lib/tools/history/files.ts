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
 *
 * EMF logs (`.jsonl`, `.ndjson`, `.log`, or a `.json` file whose first line is an EMF document or a log event) are
 * read by `emf.ts`: the raw datapoints CloudWatch would extract from them, within the same limits.
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
import { readEmfLog, looksLikeEmf } from './emf';
import { forEachLine } from './lines';
import { metricKey, parseMetricRef } from './metric-ref';
import { HistoryStore } from './store';
import { HistoryFileError, parseTimestamp, TIME_FORMS } from './timestamps';

const Time = z.union([z.string(), z.number()]);
const Value = z.union([z.number(), z.null()]);
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
  // Checked one by one as they are read (pointOf): a schema would copy millions of datapoints first.
  points: z.array(z.unknown()).optional(),
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

const POINT_FORMS =
  'not a datapoint: write [time, value], [time, value, samples] or {"timestamp": time, "value": value, "samples": n}, with a number or null as the value and a number of at least 0 as the samples';
const POINT_KEYS = new Set(['timestamp', 'value', 'samples']);

/** Passes one datapoint of a `points` list to `push`; false when it has none of the datapoint forms. */
function readPoint(
  p: unknown,
  j: number,
  push: (t: unknown, v: number | null, n: number | undefined, j: number) => void,
): boolean {
  let t: unknown, v: unknown, n: unknown;
  if (Array.isArray(p)) {
    if (p.length !== 2 && p.length !== 3) return false;
    [t, v, n] = p as unknown[];
  } else if (p !== null && typeof p === 'object') {
    if (Object.keys(p).some((k) => !POINT_KEYS.has(k))) return false;
    ({ timestamp: t, value: v, samples: n } = p as Record<string, unknown>);
  } else return false;
  if (typeof t !== 'string' && typeof t !== 'number') return false;
  if (v !== null && typeof v !== 'number') return false;
  if (n !== undefined && !(typeof n === 'number' && n >= 0)) return false;
  push(t, v, n, j);
  return true;
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

/**
 * The datapoints of one metric (and statistic and period) in one file, as they are read. Aggregated datapoints
 * (with a period) are checked for order as they come, so that a row's place in its file (a CSV line number, an
 * index in a JSON array) is kept only for the previous row: millions of rows hold numbers only.
 */
interface Rows {
  readonly times: number[];
  readonly values: number[];
  /** Sample counts, NaN where a row gives none. */
  readonly counts: number[];
  hasCounts: boolean;
  /** The period of aggregated datapoints; undefined for raw ones (any order, shared timestamps). */
  readonly period: number | undefined;
  /** 1 oldest first, -1 newest first, 0 not known yet. */
  direction: number;
  /** Where the previous row is. */
  previous: number;
  /** A row's place as a message says it: `file:12`, `file: metrics[0].points[3]`. */
  readonly locate: (source: number) => string;
}

const newRows = (period: number | undefined, locate: (source: number) => string): Rows => ({
  times: [],
  values: [],
  counts: [],
  hasCounts: false,
  period,
  direction: 0,
  previous: -1,
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
 * Adds one datapoint. Aggregated datapoints are one per period, in time order (oldest or newest first): a
 * duplicate or an out-of-order datapoint is a mistake (two exports pasted together), not something to guess about.
 */
function addPoint(
  l: Loading,
  rows: Rows,
  time: number,
  value: number,
  count: number | undefined,
  source: number,
) {
  if (++l.points > l.maxPoints) tooManyPoints(l, rows.locate(source));
  const n = rows.times.length;
  if (rows.period !== undefined && n > 0) {
    const period = rows.period;
    const last = rows.times[n - 1];
    const d = Math.floor(time / period) - Math.floor(last / period);
    if (d === 0)
      throw new HistoryFileError(
        `${rows.locate(source)}: a second datapoint for the ${period}s period of ${isoOf(Math.floor(time / period) * period)} (the first is at ${rows.locate(rows.previous)}): aggregated datapoints are one per period`,
      );
    if (rows.direction === 0) rows.direction = Math.sign(d);
    else if (Math.sign(d) !== rows.direction)
      throw new HistoryFileError(
        `${rows.locate(source)}: ${isoOf(time)} is out of order (after ${isoOf(last)} at ${rows.locate(rows.previous)}): sort the datapoints by time`,
      );
  }
  rows.times.push(time);
  rows.values.push(value);
  rows.counts.push(count ?? NaN);
  if (count !== undefined) rows.hasCounts = true;
  rows.previous = source;
}

function addRows(l: Loading, metric: MetricId, stat: string | undefined, rows: Rows) {
  if (stat !== undefined && rows.period !== undefined)
    l.store.addAggregated(
      metric,
      stat,
      rows.period,
      rows.times,
      rows.values,
      rows.hasCounts ? rows.counts : undefined,
    );
  else l.store.addRaw(metric, rows.times, rows.values);
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
    const rows = newRows(m.stat === undefined ? undefined : m.period, (j) =>
      fieldOf(where, `${list}[${j}]`, single),
    );
    const push = (t: unknown, v: number | null, n: number | undefined, j: number) => {
      const time = parseTimestamp(t);
      if (time === undefined)
        throw new HistoryFileError(`${rows.locate(j)}: ${quote(t)} is not a timestamp (${TIME_FORMS})`);
      if (v !== null) addPoint(l, rows, time, v, n, j);
    };
    if (m.points) {
      m.points.forEach((p, j) => {
        if (!readPoint(p, j, push)) throw new HistoryFileError(`${rows.locate(j)}: ${POINT_FORMS}`);
      });
    } else if (m.timestamps && m.values) {
      if (m.timestamps.length !== m.values.length)
        throw new HistoryFileError(
          `${where}: ${m.timestamps.length} timestamps but ${m.values.length} values`,
        );
      m.timestamps.forEach((t, j) => push(t, m.values![j], m.samples?.[j], j));
    } else {
      throw new HistoryFileError(`${where}: no datapoints (give "points", or "timestamps" and "values")`);
    }
    addRows(l, metric, m.stat, rows);
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

/** The fields of one CSV line: a plain split when it has no quotes (most lines), RFC 4180 otherwise. */
const splitCsv = (line: string) =>
  line.includes('"') ? csvFields(line) : line.split(',').map((f) => f.trim());

/** A field of a CSV row, or the file's `# name: value` line for a column it does not have; '' is absent. */
function csvField(fields: readonly string[], index: number | undefined, directive: string | undefined) {
  const f = index === undefined ? undefined : fields[index];
  return f === undefined || f === '' ? directive : f;
}

const MAX_PERIOD = INPUT_LIMITS.replaySeconds;
const DIRECTIVE = /^#\s*(metric|stat|period)\s*:\s*(.+)$/i;

/**
 * Reads a CSV history file line by line without splitting it first, with the header's column positions found
 * once: a file of 1.5 million rows holds only the datapoints (numbers) once read.
 */
function loadCsv(file: string, text: string, l: Loading): void {
  const directives: Record<string, string> = Object.create(null);
  let col: Record<string, number> | undefined;
  let width = 0;
  const groups = new Map<string, { metric: MetricId; stat?: string; rows: Rows }>();
  const locate = (n: number) => `${file}:${n}`;
  forEachLine(text, (line, lineNo) => {
    if (line.startsWith('#')) {
      const d = DIRECTIVE.exec(line);
      if (d) directives[d[1].toLowerCase()] = d[2].trim();
      return;
    }
    let fields: string[];
    try {
      fields = splitCsv(line);
    } catch (e) {
      throw new HistoryFileError(`${locate(lineNo)}: ${(e as Error).message}`);
    }
    if (!col) {
      col = readHeader(fields, locate(lineNo), directives.metric !== undefined);
      width = fields.length;
      return;
    }
    if (fields.length > width)
      throw new HistoryFileError(
        `${locate(lineNo)}: ${fields.length} fields, but the header has ${width} columns`,
      );
    const timestamp = csvField(fields, col.timestamp, directives.timestamp);
    const time = parseTimestamp(timestamp);
    if (time === undefined)
      throw new HistoryFileError(
        `${locate(lineNo)}: ${quote(timestamp ?? '')} is not a timestamp (${TIME_FORMS})`,
      );
    const valueText = csvField(fields, col.value, directives.value);
    if (valueText === undefined) return; // an empty value is a missing datapoint
    const value = parseDecimal(valueText);
    if (value === undefined)
      throw new HistoryFileError(
        `${locate(lineNo)}: value ${quote(valueText)} is not a number (a finite decimal, e.g. 12.5)`,
      );
    const periodText = csvField(fields, col.period, directives.period);
    const period = periodText === undefined ? undefined : parseDecimal(periodText);
    if (
      periodText !== undefined &&
      !(period !== undefined && Number.isInteger(period) && period > 0 && period <= MAX_PERIOD)
    )
      throw new HistoryFileError(
        `${locate(lineNo)}: period ${quote(periodText)} is not a whole number of seconds from 1 to ${formatLimit(MAX_PERIOD)}`,
      );
    const samplesText = csvField(fields, col.samples, directives.samples);
    const samples = samplesText === undefined ? undefined : parseDecimal(samplesText);
    if (samplesText !== undefined && !(samples !== undefined && Number.isInteger(samples) && samples >= 0))
      throw new HistoryFileError(
        `${locate(lineNo)}: samples ${quote(samplesText)} is not a whole number of at least 0`,
      );
    const metricText = csvField(fields, col.metric, directives.metric);
    const stat = csvField(fields, col.stat, directives.stat);
    const key = `${metricText}|${stat ?? ''}|${period ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      // The metric and statistic are read once per group: every later row of it has the same text.
      checkStatPeriod(stat, period, locate(lineNo));
      let metric: MetricId;
      try {
        metric = parseMetricRef(metricText ?? '');
      } catch (e) {
        throw new HistoryFileError(`${locate(lineNo)}: ${(e as Error).message}`);
      }
      g = { metric, stat, rows: newRows(stat === undefined ? undefined : period, locate) };
      groups.set(key, g);
    }
    addPoint(l, g.rows, time, value, samples, lineNo);
  });
  if (!col) throw new HistoryFileError(`${file}: empty (expected a header row with timestamp,value,...)`);
  for (const g of groups.values()) addRows(l, g.metric, g.stat, g.rows);
}

/** EMF logs: raw datapoints per metric, each with the line it came from; units recorded in the store. */
function loadEmf(file: string, text: string, l: Loading): void {
  const groups = new Map<string, { metric: MetricId; rows: Rows }>();
  let at = '';
  const locate = () => at;
  const summary = readEmfLog(file, text, (metric, unit, time, value, where) => {
    const key = metricKey(metric);
    let g = groups.get(key);
    if (!g) {
      g = { metric, rows: newRows(undefined, locate) };
      groups.set(key, g);
    }
    at = where;
    l.store.addUnit(metric, unit);
    addPoint(l, g.rows, time, value, undefined, 0);
  });
  l.store.emfDocuments += summary.documents;
  for (const g of groups.values()) addRows(l, g.metric, undefined, g.rows);
}

/** The header row: each column's position, by its name (aliases resolved). */
function readHeader(fields: readonly string[], where: string, metricLine: boolean): Record<string, number> {
  const header = fields.map((f) => own(CSV_ALIASES, f.toLowerCase()) ?? f.toLowerCase());
  const unknown = header.find((h) => !CSV_COLUMNS.includes(h));
  if (unknown !== undefined)
    throw new HistoryFileError(
      `${where}: unknown column ${quote(unknown)} (allowed: ${CSV_COLUMNS.join(', ')})`,
    );
  const twice = header.find((h, j) => header.indexOf(h) !== j);
  if (twice !== undefined) throw new HistoryFileError(`${where}: the column ${quote(twice)} is there twice`);
  for (const need of ['timestamp', 'value'])
    if (!header.includes(need)) throw new HistoryFileError(`${where}: the header has no "${need}" column`);
  if (!header.includes('metric') && !metricLine)
    throw new HistoryFileError(`${where}: no "metric" column and no "# metric: ..." line before the header`);
  const col: Record<string, number> = Object.create(null);
  header.forEach((h, j) => (col[h] = j));
  return col;
}

/** Extensions of EMF log files (a `.json` file is EMF too when its first line is a document or a log event). */
const EMF_EXTENSIONS = ['.jsonl', '.ndjson', '.log'];

/**
 * Loads history files (`.json` or `.csv`, or EMF logs) into a store; at most `maxPoints` datapoints in all (a smaller limit is
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
    if (ext !== '.csv' && ext !== '.json' && !EMF_EXTENSIONS.includes(ext))
      throw new HistoryFileError(
        `${file}: unknown history format ${quote(ext)} (allowed: .json, .csv) and not EMF logs (${EMF_EXTENSIONS.join(', ')})`,
      );
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
    else if (ext !== '.json' || looksLikeEmf(text)) loadEmf(file, text, l);
    else loadJson(file, text, l);
  }
  return store;
}
