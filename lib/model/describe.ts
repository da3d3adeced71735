/**
 * Alarms in words: `p95 Duration > 200 ms for 3 of 5 min`. One function for descriptions, reviews and reports.
 */
import { COMPARISON_SYMBOL, type AlarmSpec, type Comparison } from './alarm-spec';
import { formatDuration } from './duration';
import { formatThreshold, thresholdUnit } from './units';

/** `3 of 5 min`, `2 of 2 × 5 min`, `1 of 1 × 10 s`. */
export function windowInWords(
  spec: Pick<AlarmSpec, 'datapointsToAlarm' | 'evaluationPeriods' | 'source'>,
): string {
  const period = spec.source.period;
  const m = spec.datapointsToAlarm;
  const n = spec.evaluationPeriods;
  if (period === 60) return `${m} of ${n} min`;
  return `${m} of ${n} × ${formatDuration(period * 1000)}`;
}

/** What is watched: `p95 Duration` or the math label. */
export function subjectInWords(spec: Pick<AlarmSpec, 'source'>): string {
  const s = spec.source;
  return s.type === 'metric' ? `${s.stat} ${s.metric.metricName}` : (s.label ?? s.expression);
}

/** Comparisons against an anomaly-detection band rather than a fixed threshold. */
export const isBandComparison = (c: Comparison) =>
  c === 'LessThanLowerOrGreaterThanUpperThreshold' ||
  c === 'LessThanLowerThreshold' ||
  c === 'GreaterThanUpperThreshold';

/**
 * `p95 Duration > 200 ms for 3 of 5 min`; `Sum Orders outside band (2 σ) for 3 of 3 × 5 min` for anomaly
 * detection; `? (set at deploy)` for a threshold a template leaves to deploy time.
 */
export function conditionInWords(spec: AlarmSpec): string {
  const unit = thresholdUnit(spec);
  const threshold = !Number.isFinite(spec.threshold)
    ? '? (set at deploy)'
    : isBandComparison(spec.comparison)
      ? `(${spec.threshold} σ)`
      : formatThreshold(spec.threshold, unit);
  return `${subjectInWords(spec)} ${COMPARISON_SYMBOL[spec.comparison]} ${threshold} for ${windowInWords(spec)}`;
}
