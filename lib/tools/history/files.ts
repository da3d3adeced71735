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
 * Timestamps are ISO 8601 strings or epoch numbers (seconds, or milliseconds when above 10^11).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { explainIssues, formatPath } from '../../config/errors';
import type { MetricId } from '../../model/alarm-spec';
import { parseStatistic } from '../evaluate/statistics';
import { parseMetricRef } from './metric-ref';
import { HistoryStore } from './store';
import { HistoryFileError, parseTimestamp } from './timestamps';

const Time = z.union([z.string(), z.number()]);
const Value = z.union([z.number(), z.null()]);
const Point = z.union([
  z.tuple([Time, Value]),
  z.tuple([Time, Value, z.number()]),
  z.strictObject({ timestamp: Time, value: Value, samples: z.number().optional() }),
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
  period: z.number().int().positive().optional(),
  unit: z.string().optional(),
  points: z.array(Point).optional(),
  timestamps: z.array(Time).optional(),
  values: z.array(Value).optional(),
  samples: z.array(z.number()).optional(),
});
type MetricJson = z.infer<typeof MetricJson>;
/** The three shapes of a file, told apart before validation so errors point into the right one. */
function fileSchema(data: unknown) {
  if (Array.isArray(data)) return z.array(MetricJson);
  if (data !== null && typeof data === 'object' && 'metrics' in data)
    return z.strictObject({ metrics: z.array(MetricJson) });
  return MetricJson;
}

function metricOf(m: MetricJson, where: string): MetricId {
  if (m.metric !== undefined) {
    try {
      return parseMetricRef(m.metric);
    } catch (e) {
      throw new HistoryFileError(`${where}.metric: ${(e as Error).message}`);
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

function checkStatPeriod(stat: string | undefined, period: number | undefined, where: string): void {
  if ((stat === undefined) !== (period === undefined))
    throw new HistoryFileError(
      `${where}: give both "stat" and "period" for aggregated datapoints, or neither for raw datapoints`,
    );
  if (stat !== undefined) {
    try {
      parseStatistic(stat);
    } catch (e) {
      throw new HistoryFileError(`${where}.stat: ${(e as Error).message}`);
    }
  }
}

interface Rows {
  times: number[];
  values: number[];
  counts: (number | undefined)[];
}

function addRows(
  store: HistoryStore,
  metric: MetricId,
  stat: string | undefined,
  period: number | undefined,
  rows: Rows,
) {
  if (stat !== undefined && period !== undefined) {
    const hasCounts = rows.counts.some((c) => c !== undefined);
    store.addAggregated(metric, stat, period, rows.times, rows.values, hasCounts ? rows.counts : undefined);
  } else store.addRaw(metric, rows.times, rows.values);
}

function loadJson(file: string, text: string, store: HistoryStore): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new HistoryFileError(`${file}: not JSON (${(e as Error).message})`);
  }
  const parsed = fileSchema(data).safeParse(data);
  if (!parsed.success) {
    const first = explainIssues(parsed.error.issues, data)[0];
    throw new HistoryFileError(
      `${file}: ${first.path.length ? `${formatPath(first.path)}: ` : ''}${first.message}`,
    );
  }
  const list = Array.isArray(parsed.data)
    ? parsed.data
    : 'metrics' in parsed.data
      ? parsed.data.metrics
      : [parsed.data];
  const top = !Array.isArray(parsed.data) && 'metrics' in parsed.data ? 'metrics' : '';
  list.forEach((m, i) => {
    const where = `${file}: ${top ? `metrics[${i}]` : Array.isArray(parsed.data) ? `[${i}]` : '(top)'}`;
    const metric = metricOf(m, where);
    checkStatPeriod(m.stat, m.period, where);
    const rows: Rows = { times: [], values: [], counts: [] };
    const push = (t: unknown, v: number | null, n: number | undefined, at: string) => {
      const time = parseTimestamp(t);
      if (time === undefined)
        throw new HistoryFileError(
          `${where}.${at}: "${String(t)}" is not a timestamp (ISO 8601 or epoch seconds)`,
        );
      if (v === null) return;
      rows.times.push(time);
      rows.values.push(v);
      rows.counts.push(n);
    };
    if (m.points) {
      m.points.forEach((p, j) =>
        Array.isArray(p)
          ? push(p[0], p[1], p[2], `points[${j}]`)
          : push(p.timestamp, p.value, p.samples, `points[${j}]`),
      );
    } else if (m.timestamps && m.values) {
      if (m.timestamps.length !== m.values.length)
        throw new HistoryFileError(
          `${where}: ${m.timestamps.length} timestamps but ${m.values.length} values`,
        );
      m.timestamps.forEach((t, j) => push(t, m.values![j], m.samples?.[j], `timestamps[${j}]`));
    } else {
      throw new HistoryFileError(`${where}: no datapoints (give "points", or "timestamps" and "values")`);
    }
    addRows(store, metric, m.stat, m.period, rows);
  });
}

/** Splits one CSV line (RFC 4180 quoting). */
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
  out.push(cur.trim());
  return out;
}

const CSV_ALIASES: Record<string, string> = { time: 'timestamp', count: 'samples', samplecount: 'samples' };
const CSV_COLUMNS = ['timestamp', 'value', 'metric', 'stat', 'period', 'samples'];

function loadCsv(file: string, text: string, store: HistoryStore): void {
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
    const fields = csvFields(line);
    if (!header) {
      header = fields.map((f) => CSV_ALIASES[f.toLowerCase()] ?? f.toLowerCase());
      const unknown = header.find((h) => !CSV_COLUMNS.includes(h));
      if (unknown !== undefined)
        throw new HistoryFileError(
          `${where}: unknown column "${unknown}" (allowed: ${CSV_COLUMNS.join(', ')})`,
        );
      for (const need of ['timestamp', 'value'])
        if (!header.includes(need))
          throw new HistoryFileError(`${where}: the header has no "${need}" column`);
      if (!header.includes('metric') && !directives.metric)
        throw new HistoryFileError(
          `${where}: no "metric" column and no "# metric: ..." line before the header`,
        );
      return;
    }
    const row: Record<string, string> = { ...directives };
    header.forEach((h, j) => {
      if (fields[j] !== undefined && fields[j] !== '') row[h] = fields[j];
    });
    const time = parseTimestamp(row.timestamp);
    if (time === undefined)
      throw new HistoryFileError(
        `${where}: "${row.timestamp ?? ''}" is not a timestamp (ISO 8601 or epoch seconds)`,
      );
    if (row.value === undefined) return; // an empty value is a missing datapoint
    const value = Number(row.value);
    if (Number.isNaN(value)) throw new HistoryFileError(`${where}: value "${row.value}" is not a number`);
    const period = row.period === undefined ? undefined : Number(row.period);
    if (period !== undefined && !(Number.isInteger(period) && period > 0))
      throw new HistoryFileError(`${where}: period "${row.period}" is not a whole number of seconds`);
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
      groups.set(key, (g = { metric, stat: row.stat, period, rows: { times: [], values: [], counts: [] } }));
    }
    g.rows.times.push(time);
    g.rows.values.push(value);
    g.rows.counts.push(row.samples === undefined ? undefined : Number(row.samples));
  });
  if (!header) throw new HistoryFileError(`${file}: empty (expected a header row with timestamp,value,...)`);
  for (const g of groups.values()) addRows(store, g.metric, g.stat, g.period, g.rows);
}

/** Loads history files (`.json` or `.csv`) into a store. */
export function loadHistoryFiles(files: readonly string[], store = new HistoryStore()): HistoryStore {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new HistoryFileError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
    const ext = extname(file).toLowerCase();
    if (ext === '.csv') loadCsv(file, text, store);
    else if (ext === '.json') loadJson(file, text, store);
    else throw new HistoryFileError(`${file}: unknown history format "${ext}" (allowed: .json, .csv)`);
  }
  return store;
}
