/**
 * Metric identities as text, for history files and alarm tests: `AWS/Lambda Errors{FunctionName=checkout}` (the
 * namespace, a space, the metric name, then dimensions in braces; values may be quoted: `{Resource="/a,b"}`), and
 * a canonical key that ignores dimension order.
 */
import type { MetricId } from '../../model/alarm-spec';
import { STANDARD_STATISTICS } from '../../model/template-keys';
import { quote } from '../echo';
import { setOwn } from '../own';

/** A canonical key: namespace, name and sorted dimensions. */
export function metricKey(m: MetricId): string {
  const dims = Object.keys(m.dimensions)
    .sort()
    .map((k) => `${k}=${m.dimensions[k]}`)
    .join(',');
  return `${m.namespace} ${m.metricName}{${dims}}`;
}

/** The compact form, for messages: `AWS/Lambda Errors{FunctionName=checkout}`. */
export const formatMetric = (m: MetricId) => metricKey(m).replace(/\{\}$/, '');

/** Normalizes a statistic name for matching: `sum` → `Sum`, `P99` → `p99`. */
export function normalizeStat(stat: string): string {
  const s = stat.trim();
  const std = STANDARD_STATISTICS.find((x) => x.toLowerCase() === s.toLowerCase());
  if (std) return std;
  return /^[a-z]+\d/i.test(s) ? s.toLowerCase() : s.toUpperCase();
}

/** Parses `Namespace MetricName{Dim=Value,...}`; throws an Error that shows the expected form. */
export function parseMetricRef(text: string): MetricId {
  const m = /^\s*(\S+)\s+([^{\s]+)\s*(?:\{(.*)\})?\s*$/.exec(text);
  if (!m) {
    throw new Error(
      `${quote(text, 100)} is not a metric: write the namespace, a space, the metric name and optional dimensions, e.g. AWS/Lambda Errors{FunctionName=checkout}`,
    );
  }
  const dimensions: Record<string, string> = {};
  const body = m[3] ?? '';
  const re = /\s*([^=,\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*?))\s*(?:,|$)/gy;
  let at = 0;
  while (at < body.length) {
    re.lastIndex = at;
    const d = re.exec(body);
    if (!d || re.lastIndex === at)
      throw new Error(
        `${quote(text, 100)}: cannot read the dimensions ${quote(body, 100)} (write Name=Value, separated by commas)`,
      );
    setOwn(dimensions, d[1], d[2] !== undefined ? d[2].replace(/\\(.)/g, '$1') : d[3]);
    at = re.lastIndex;
  }
  return { namespace: m[1], metricName: m[2], dimensions };
}
