/**
 * Embedded Metric Format logs as metric history (`cdk-telemetry backtest --history app.log`): what CloudWatch would
 * have extracted from a captured log. One JSON value per line, each one of
 *
 * - an EMF document, as `cdk-telemetry/runtime` (or any EMF library) writes it on stdout: `{"_aws": {...}, ...}`;
 * - a log record whose `message` is the document, as a string or an object: a CloudWatch log event
 *   (`{"timestamp": ..., "message": "{\"_aws\":...}"}`) or a line of Lambda's JSON log format;
 *
 * or a whole file of log events: `{"events": [...]}` (what `aws logs filter-log-events` and `get-log-events` print)
 * or a list of them. Lines that are not JSON or hold no document (`START RequestId ...`, application logs) are
 * skipped and counted. Every metric of every dimension set of a document gives one raw datapoint per value, at the
 * document's `_aws.Timestamp`, with its unit: the datapoints CloudWatch stores. A document that CloudWatch would
 * reject is a mistake in the file, reported on one line with its place (`app.log:12`, `events.json: events[3]`).
 */
import type { MetricId } from '../../model/alarm-spec';
import { EMF_LIMITS, EMF_UNITS } from '../../model/app-metrics';
import { printable, quote } from '../echo';
import { own } from '../own';
import { forEachLine } from './lines';
import { HistoryFileError, parseTimestamp } from './timestamps';

/** Receives one datapoint: the metric, its unit, epoch seconds, the value and its place in the file. */
export type EmfPoint = (metric: MetricId, unit: string, time: number, value: number, at: string) => void;

/** What a file held, for the report's history label. */
export interface EmfFileSummary {
  readonly documents: number;
  /** Lines (or events) with no EMF document: text, application logs. */
  readonly skipped: number;
}

const UNITS: ReadonlySet<string> = new Set(EMF_UNITS);

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A log record or an EMF document starts with one of these keys (a history file's metric with none of them). */
const RECORD = '"(?:_aws|message|timestamp|level|ingestionTime|logStreamName|eventId)"';
const EVENT_LIST = new RegExp(`^\\[\\s*\\{\\s*${RECORD}`);
const RECORD_LINE = new RegExp(`^\\{\\s*(?:"events"|${RECORD})`);

/** Whether a file's text is EMF logs rather than a `.json` history file ({@link loadHistoryFiles} asks). */
export function looksLikeEmf(text: string): boolean {
  const start = text.trimStart();
  if (start.startsWith('[')) return EVENT_LIST.test(start);
  if (!start.startsWith('{')) return false;
  const nl = start.indexOf('\n');
  const first = nl < 0 ? start : start.slice(0, nl);
  // A pretty-printed JSON history file starts with `{` alone on its line; JSON lines start with a whole object.
  return RECORD_LINE.test(first) || (first.trim() !== '{' && /"_aws"\s*:/.test(first));
}

/** The EMF document a record holds (itself, or its `message`), or undefined. */
function documentOf(record: unknown): Record<string, unknown> | undefined {
  if (!isObject(record)) return undefined;
  if ('_aws' in record) return record;
  const m = own(record, 'message');
  if (isObject(m) && '_aws' in m) return m;
  if (typeof m === 'string' && m.trimStart().startsWith('{') && m.includes('"_aws"')) {
    try {
      return documentOf(JSON.parse(m));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Reads one document; throws a {@link HistoryFileError} naming `at` and the field. */
function readDocument(doc: Record<string, unknown>, at: string, push: EmfPoint): void {
  const fail = (what: string): never => {
    throw new HistoryFileError(`${at}: ${what}`);
  };
  const aws = doc._aws;
  if (!isObject(aws))
    fail('_aws is not an object (an EMF document has "_aws": {"Timestamp", "CloudWatchMetrics"})');
  const meta = aws as Record<string, unknown>;
  const ts = meta.Timestamp;
  const time = typeof ts === 'number' ? parseTimestamp(ts) : undefined;
  if (time === undefined)
    fail(`_aws.Timestamp ${quote(ts)} is not a time (epoch milliseconds, from 1970 to 9999)`);
  const directives = meta.CloudWatchMetrics;
  if (!Array.isArray(directives)) fail('_aws.CloudWatchMetrics is not a list');
  (directives as unknown[]).forEach((d, i) => {
    const where = `_aws.CloudWatchMetrics[${i}]`;
    if (!isObject(d)) fail(`${where} is not an object`);
    const { Namespace: ns, Dimensions: sets, Metrics: metrics } = d as Record<string, unknown>;
    if (typeof ns !== 'string' || !ns.trim() || ns.length > EMF_LIMITS.namespaceChars)
      fail(
        `${where}.Namespace ${quote(ns)} is not a namespace (1 to ${EMF_LIMITS.namespaceChars} characters)`,
      );
    if (!Array.isArray(sets)) fail(`${where}.Dimensions is not a list of dimension sets`);
    if (!Array.isArray(metrics)) fail(`${where}.Metrics is not a list`);
    // `Dimensions: []` publishes the metrics without dimensions, as `[[]]` does.
    const dimensionSets = (sets as unknown[]).length ? (sets as unknown[]) : [[]];
    const ids: Array<Record<string, string>> = dimensionSets.map((set, j) => {
      const w = `${where}.Dimensions[${j}]`;
      if (!Array.isArray(set) || set.length > EMF_LIMITS.dimensionsPerSet)
        fail(`${w} is not a list of at most ${EMF_LIMITS.dimensionsPerSet} dimension names`);
      const dims: Record<string, string> = Object.create(null);
      for (const key of set as unknown[]) {
        if (typeof key !== 'string') fail(`${w} holds ${quote(key)}, not a dimension name`);
        const value = own(doc, key);
        if (typeof value !== 'string' || !value.trim() || value.length > EMF_LIMITS.dimensionValueChars)
          fail(
            `${w}: the dimension ${quote(key)} has no value in the document (a string of 1 to ${EMF_LIMITS.dimensionValueChars} characters at the root)`,
          );
        dims[key as string] = value as string;
      }
      return dims;
    });
    (metrics as unknown[]).forEach((m, k) => {
      const w = `${where}.Metrics[${k}]`;
      if (!isObject(m) || typeof m.Name !== 'string' || !m.Name)
        fail(`${w} is not a metric definition ({"Name": ..., "Unit": ...})`);
      const { Name: name, Unit: unit = 'None' } = m as { Name: string; Unit?: unknown };
      if (typeof unit !== 'string' || !UNITS.has(unit))
        fail(`${w}.Unit ${quote(unit)} is not a CloudWatch unit (allowed: ${EMF_UNITS.join(', ')})`);
      const raw = own(doc, name);
      const values = Array.isArray(raw) ? raw : [raw];
      if (
        values.length === 0 ||
        values.length > EMF_LIMITS.valuesPerMetric ||
        values.some((v) => typeof v !== 'number' || !Number.isFinite(v))
      )
        fail(
          `the metric ${quote(name)} has ${raw === undefined ? 'no value' : `the value ${quote(printable(JSON.stringify(raw) ?? '', 80))}`} (a number or a list of 1 to ${EMF_LIMITS.valuesPerMetric} numbers at the root)`,
        );
      for (const dims of ids) {
        const metric: MetricId = { namespace: ns as string, metricName: name, dimensions: { ...dims } };
        for (const v of values as number[]) push(metric, unit as string, time!, v, at);
      }
    });
  });
}

/**
 * Reads the EMF documents of one file's text, passing every datapoint to `push`. Throws a
 * {@link HistoryFileError} on a document CloudWatch would reject, or when the file holds no document at all.
 */
export function readEmfLog(file: string, text: string, push: EmfPoint): EmfFileSummary {
  let documents = 0;
  let skipped = 0;
  const take = (record: unknown, at: string) => {
    const doc = documentOf(record);
    if (!doc) {
      skipped++;
      return;
    }
    documents++;
    readDocument(doc, at, push);
  };
  // A whole file of log events (`{"events": [...]}` or a list): read as one JSON value when it is one.
  const start = text.trimStart();
  let whole: unknown;
  if (start.startsWith('[') || /^\{\s*"events"\s*:/.test(start)) {
    try {
      whole = JSON.parse(text);
    } catch (e) {
      throw new HistoryFileError(`${file}: not JSON (${printable((e as Error).message, 160)})`);
    }
  }
  const events = Array.isArray(whole) ? whole : isObject(whole) ? whole.events : undefined;
  if (whole !== undefined) {
    if (!Array.isArray(events)) throw new HistoryFileError(`${file}: "events" is not a list of log events`);
    const name = Array.isArray(whole) ? '' : 'events';
    events.forEach((e, i) => take(e, `${file}: ${name}[${i}]`));
  } else {
    forEachLine(text, (line, lineNo) => {
      let record: unknown;
      try {
        record = line.startsWith('{') ? JSON.parse(line) : undefined;
      } catch {
        record = undefined; // a text line that starts with a brace
      }
      take(record, `${file}:${lineNo}`);
    });
  }
  if (documents === 0)
    throw new HistoryFileError(
      `${file}: no EMF document (a JSON line with "_aws", or a log event whose "message" is one) in ${skipped} ${Array.isArray(events) ? 'events' : 'lines'}`,
    );
  return { documents, skipped };
}
