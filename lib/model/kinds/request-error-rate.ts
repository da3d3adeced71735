/**
 * The guarded request error rate that request-serving kinds share (API Gateway stages, AppSync APIs, Application
 * Load Balancers): `100 * errors / requests` over a 1-minute period, evaluated only when at least `minRequests`
 * requests arrived in the period, above the threshold for M of M minutes, with missing data not breaching.
 */
import { guardedRate } from './messaging-rows';
import type { CatalogRow, RowMetricRef } from './types';

/** What differs between the kinds' error-rate rows. */
export interface RequestErrorRate {
  readonly id: string;
  /** The metric counting the errors (a count, or 0/1 per request), summed. */
  readonly numerator: string;
  /** The requests: a `Sum` of a request count, or the `SampleCount` of a 0/1-per-request metric. */
  readonly denominator: RowMetricRef;
  readonly severity: 'critical' | 'warning';
  /** M of M one-minute periods. */
  readonly minutes: number;
  /** The errors in words, capitalized ("Server errors"): the graph label and, lower-cased, the meaning. */
  readonly what: string;
  readonly threshold: CatalogRow['threshold'];
  readonly firstStep: string;
  readonly source: string;
  readonly why: string;
  readonly implements?: CatalogRow['implements'];
  readonly differs?: CatalogRow['differs'];
}

/** A guarded request error-rate row (the parameter `minRequests` holds the guard): a {@link guardedRate}. */
export const requestErrorRateRow = (r: RequestErrorRate): CatalogRow =>
  guardedRate(
    {
      id: r.id,
      metricName: r.numerator,
      denominator: r.denominator,
      minParam: 'minRequests',
      label: `${r.what} (%)`,
      guard: 'with at least {min} requests {period}',
      severity: r.severity,
      meaning: `More than {threshold} of requests to {resource} end in ${r.what.toLowerCase()}`,
      firstStep: r.firstStep,
      source: r.source,
      why: r.why,
      implements: r.implements,
      differs: r.differs,
    },
    r.threshold,
    { datapoints: [r.minutes, r.minutes] },
  );
