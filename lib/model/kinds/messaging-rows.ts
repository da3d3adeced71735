/**
 * Row shapes the messaging and integration kinds (and others) share: a count that should stay at zero, a
 * utilization (percent) that should stay below a ceiling, and a guarded rate of failures. Each kind gives the
 * metric, the words and the reason.
 */
import type { CatalogRow, RowMetricRef, ThresholdRule } from './types';

/** What every row of these shapes needs from its kind. */
export interface RowWords {
  readonly id: string;
  readonly metricName: string;
  readonly meaning: string;
  readonly firstStep: string;
  readonly source: string;
  readonly why: string;
  readonly severity?: CatalogRow['severity'];
  readonly enabled?: boolean;
  readonly implements?: string;
  /** Fields in which the row differs from the AWS entry it implements (its `why` says why). */
  readonly differs?: CatalogRow['differs'];
}

/**
 * The words of a row, in the catalog's key order: meaning, first step, source, why, and the AWS entry it implements
 * and how it differs, when given.
 */
function wordFields(
  w: RowWords,
): Pick<CatalogRow, 'meaning' | 'firstStep' | 'source' | 'why' | 'implements' | 'differs'> {
  return {
    meaning: w.meaning,
    firstStep: w.firstStep,
    source: w.source,
    why: w.why,
    ...(w.implements ? { implements: w.implements } : {}),
    ...(w.differs ? { differs: w.differs } : {}),
  };
}

/**
 * A count that should stay at zero (failed, dead-lettered, dropped): the Sum above 0 in `datapoints` of periods
 * of `period` seconds (default: any in 5 minutes). No data (nothing happened) is not breaching.
 */
export function anyCount(
  w: RowWords,
  shape: { period?: number; datapoints?: readonly [number, number]; stat?: string } = {},
): CatalogRow {
  return {
    id: w.id,
    signal: w.id,
    metric: { type: 'metric', metricName: w.metricName, stat: shape.stat ?? 'Sum' },
    threshold: 0,
    comparison: 'GreaterThanThreshold',
    period: shape.period ?? 300,
    datapoints: shape.datapoints ?? [1, 1],
    missing: 'notBreaching',
    severity: w.severity ?? 'warning',
    enabled: w.enabled ?? true,
    unit: 'count',
    ...wordFields(w),
  };
}

/**
 * A percentage (CPU, memory, storage) above a ceiling for 15 minutes (15 of 15 one-minute periods): sustained
 * load, not a spike. No data is not breaching (the resource's own health rows see a stopped resource).
 */
export function utilization(
  w: RowWords,
  threshold: ThresholdRule,
  shape: {
    stat?: string;
    datapoints?: readonly [number, number];
    comparison?: CatalogRow['comparison'];
  } = {},
): CatalogRow {
  return {
    id: w.id,
    signal: w.id,
    metric: { type: 'metric', metricName: w.metricName, stat: shape.stat ?? 'Average' },
    threshold,
    comparison: shape.comparison ?? 'GreaterThanThreshold',
    period: 60,
    datapoints: shape.datapoints ?? [15, 15],
    missing: 'notBreaching',
    severity: w.severity ?? 'warning',
    enabled: w.enabled ?? true,
    unit: '%',
    ...wordFields(w),
  };
}

/** What a guarded rate adds to the words: the total it divides by, the guard's parameter and its words. */
export interface RateWords extends RowWords {
  /**
   * The total: the metric counting every request (`Requests`, `Invocations`), summed; or a metric and statistic
   * (the `SampleCount` of a metric each request reports 0 or 1 in).
   */
  readonly denominator: string | RowMetricRef;
  /** The parameter holding the minimum total per period before the rate counts. */
  readonly minParam: string;
  /** The series label, ending in ` (%)`. */
  readonly label: string;
  /** The guard in words, e.g. `with at least {min} requests {period}`. */
  readonly guard: string;
}

/**
 * A rate in percent, `100 * Sum(metricName) / Sum(denominator)`, above `threshold` in `datapoints` of periods of
 * `period` seconds (default 3 of 3 minutes), counted only with at least the guard's total: no alarm because one of
 * two requests on a quiet night failed. No data is not breaching.
 */
export function guardedRate(
  w: RateWords,
  threshold: CatalogRow['threshold'],
  shape: { period?: number; datapoints?: readonly [number, number] } = {},
): CatalogRow {
  return {
    id: w.id,
    signal: w.id,
    metric: {
      type: 'rate',
      numerator: { metricName: w.metricName, stat: 'Sum' },
      denominator:
        typeof w.denominator === 'string' ? { metricName: w.denominator, stat: 'Sum' } : w.denominator,
      minRequestsParam: w.minParam,
      label: w.label,
      guard: w.guard,
    },
    threshold,
    comparison: 'GreaterThanThreshold',
    period: shape.period ?? 60,
    datapoints: shape.datapoints ?? [3, 3],
    missing: 'notBreaching',
    severity: w.severity ?? 'warning',
    enabled: w.enabled ?? true,
    unit: '%',
    ...wordFields(w),
  };
}
