/**
 * The values a statistic of a metric can take, where that is certain: used to find conditions that can never be
 * true or are always true. Only facts: a sample count is never negative; the catalog's metrics (counts, latencies,
 * ages) are never negative, except the few that say so with -1 (`MAY_BE_NEGATIVE`); percentages of a whole stay within 0-100; the Average of a 0/1 metric is a fraction.
 */
import { COMPARISON_SYMBOL, type AlarmSpec } from '../../model/alarm-spec';
import type * as Kinds from '../../model/kinds';
import type { KindCatalog } from '../../model/kinds';
import { conditionInWords, isBandComparison } from '../../model/describe';
import { thresholdUnit } from '../../model/units';

export interface ValueRange {
  readonly min?: number;
  readonly max?: number;
  /** Why the bound holds, in words. */
  readonly why: string;
}

/** Metrics that report 0 or 1 per request, so their Average is the error rate (AWS's recommended-alarm page). */
const ZERO_ONE = new Set([
  'AWS/ApiGateway:4XXError',
  'AWS/ApiGateway:5XXError',
  'AWS/ApiGateway:4xx',
  'AWS/ApiGateway:5xx',
  'AWS/ApiGateway:ClientError',
  'AWS/ApiGateway:ExecutionError',
  'AWS/S3:4xxErrors',
  'AWS/S3:5xxErrors',
]);

/**
 * Catalog metrics that may be negative, with why: a condition below 0 on them is real, not impossible.
 * AuroraBinlogReplicaLag is -1 while binlog replication is stopped or broken (AWS's recommended alarm is `<= -1`).
 */
const MAY_BE_NEGATIVE: ReadonlySet<string> = new Set(['AWS/RDS:AuroraBinlogReplicaLag']);

let nonNegative: Set<string> | undefined;
/** Every metric the catalog alarms on: counts, durations and ages, never negative. */
function catalogMetrics(): Set<string> {
  if (nonNegative) return nonNegative;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: the CLI starts without the kinds
  const { CATALOG, rowMetricShape } = require('../../model/kinds') as typeof Kinds;
  nonNegative = new Set();
  for (const kind of Object.values(CATALOG) as KindCatalog[]) {
    for (const row of kind.rows) {
      const names =
        row.metric.type === 'metric'
          ? [row.metric.metricName]
          : [row.metric.numerator.metricName, row.metric.denominator.metricName];
      const { namespace } = rowMetricShape(kind, row);
      for (const n of names)
        if (!MAY_BE_NEGATIVE.has(`${namespace}:${n}`)) nonNegative.add(`${namespace}:${n}`);
    }
  }
  return nonNegative;
}

export function valueRange(spec: AlarmSpec): ValueRange | undefined {
  const s = spec.source;
  if (s.type !== 'metric') return undefined;
  const key = `${s.metric.namespace}:${s.metric.metricName}`;
  if (s.stat === 'SampleCount') return { min: 0, why: 'a sample count is never negative' };
  if (MAY_BE_NEGATIVE.has(key)) return undefined;
  if (s.stat === 'Average' && ZERO_ONE.has(key)) {
    return {
      min: 0,
      max: 1,
      why: `${s.metric.metricName} is 0 or 1 per request, so its Average is between 0 and 1`,
    };
  }
  const unit = thresholdUnit(spec);
  if (unit === 'percent')
    return { min: 0, max: 100, why: `${s.metric.metricName} is a percentage between 0 and 100` };
  if (unit === 'ms' || unit === 's' || catalogMetrics().has(key)) {
    return { min: 0, why: `${s.metric.metricName} is never negative` };
  }
  return undefined;
}

/** Whether the condition holds for every value in the range (`always`), for none (`never`), or depends. */
export function conditionOverRange(
  spec: AlarmSpec,
): { verdict: 'always' | 'never'; message: string } | undefined {
  if (isBandComparison(spec.comparison) || !Number.isFinite(spec.threshold)) return undefined;
  const range = valueRange(spec);
  if (!range) return undefined;
  const t = spec.threshold;
  const lo = range.min ?? -Infinity;
  const hi = range.max ?? Infinity;
  let verdict: 'always' | 'never' | undefined;
  switch (spec.comparison) {
    case 'GreaterThanThreshold':
      verdict = t >= hi ? 'never' : t < lo ? 'always' : undefined;
      break;
    case 'GreaterThanOrEqualToThreshold':
      verdict = t > hi ? 'never' : t <= lo ? 'always' : undefined;
      break;
    case 'LessThanThreshold':
      verdict = t <= lo ? 'never' : t > hi ? 'always' : undefined;
      break;
    case 'LessThanOrEqualToThreshold':
      verdict = t < lo ? 'never' : t >= hi ? 'always' : undefined;
      break;
  }
  if (!verdict) return undefined;
  const words = `${COMPARISON_SYMBOL[spec.comparison]} ${t}`;
  return {
    verdict,
    message:
      verdict === 'never'
        ? `"${conditionInWords(spec)}" can never be true: ${range.why}, so it is never ${words}`
        : `"${conditionInWords(spec)}" is true for every datapoint: ${range.why}, so it is always ${words}`,
  };
}
