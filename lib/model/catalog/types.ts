/**
 * The recommended-alarm catalog: one table per resource kind, one row per alarm. Rows are data; a single
 * generic renderer (`../plan.ts`) turns a row plus a resource into an {@link AlarmSpec}.
 */
import type { Comparison, MissingData, Severity } from '../alarm-spec';

/** AWS's published recommended alarms (CloudWatch User Guide). */
export const AWS_RECOMMENDED =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html';

/** A threshold that is a fixed number, or a resource parameter times a factor. */
export type ThresholdRule = number | { readonly param: string; readonly factor?: number };

/** The metric a row watches: a plain metric, or a guarded ratio in percent (error rates). */
export type RowMetric =
  | { readonly type: 'metric'; readonly metricName: string; readonly stat: string }
  | {
      /** `100 * numerator / denominator`, only when `denominator >= minRequests` (else 0: no alarm on a quiet night). */
      readonly type: 'rate';
      readonly numerator: { readonly metricName: string; readonly stat: string };
      readonly denominator: { readonly metricName: string; readonly stat: string };
      /** Parameter holding the minimum number of requests per period before the rate counts. */
      readonly minRequestsParam: string;
      readonly label: string;
    };

export interface CatalogRow {
  /** Key for overrides (`alarms.<id>` in telemetry.yaml); unique within the kind. */
  readonly id: string;
  /** The `<signal>` part of the alarm name; rows that differ only in severity share it. */
  readonly signal: string;
  readonly metric: RowMetric;
  readonly threshold: ThresholdRule;
  readonly comparison: Comparison;
  /** Seconds. */
  readonly period: number;
  /** M of N: `[datapointsToAlarm, evaluationPeriods]`. */
  readonly datapoints: readonly [number, number];
  readonly missing: MissingData;
  readonly severity: Severity;
  /** Percentile rows must decide; see CloudWatch `EvaluateLowSampleCountPercentile`. */
  readonly lowSampleCount?: 'evaluate' | 'ignore';
  /** Off by default (the row says why); switch on with `alarms.<id>.enabled: true`. */
  readonly enabled: boolean;
  /** Unit of the threshold, for descriptions: `ms`, `s`, `%`, `count`, `percent`. */
  readonly unit: 'ms' | 's' | '%' | 'count' | 'percent';
  /** What the alarm means, with `{resource}` and `{threshold}` placeholders. */
  readonly meaning: string;
  /** What to do first. */
  readonly firstStep: string;
  /** Where the row comes from. */
  readonly source: string;
  /** Where the source says "depends": the default chosen here, and why. */
  readonly why?: string;
}

/** A parameter a kind's rows may use in thresholds, with its default and meaning. */
export interface CatalogParam {
  readonly default: number;
  readonly doc: string;
}

/** The table for one resource kind. */
export interface KindCatalog {
  readonly kind: string;
  /** Human name used in descriptions and dashboards. */
  readonly title: string;
  readonly namespace: string;
  /** Dimension names in the order the resource supplies them. */
  readonly dimensions: readonly string[];
  readonly params: Readonly<Record<string, CatalogParam>>;
  readonly rows: readonly CatalogRow[];
}
