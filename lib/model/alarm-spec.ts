/**
 * `AlarmSpec`: the normalized description of one CloudWatch alarm.
 *
 * The constructs render AlarmSpecs into `AWS::CloudWatch::Alarm` / `AWS::CloudWatch::CompositeAlarm`; the tools
 * parse templates back into AlarmSpecs. One type, one meaning, in both directions. Everything here is plain,
 * immutable, JSON-serializable data: no CDK tokens, no classes.
 */

/** Who hears about an alarm, and how loudly. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
/**
 * One of `SEVERITIES`: `critical` pages (through a composite), `warning` goes to the warning topic, `info` is for
 * dashboards and reports.
 */
export type Severity = (typeof SEVERITIES)[number];

/** CloudWatch's comparison operators (the anomaly-band ones are read by the tools, never rendered here). */
export const COMPARISONS = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
] as const;
/** One of `COMPARISONS`: how CloudWatch compares the alarm's value with its threshold (or anomaly band). */
export type Comparison = (typeof COMPARISONS)[number];

/** The four ways CloudWatch can treat a missing datapoint. */
export const MISSING_DATA = ['missing', 'ignore', 'breaching', 'notBreaching'] as const;
/** One of `MISSING_DATA`: how CloudWatch treats a period without a datapoint (CloudWatch `TreatMissingData`). */
export type MissingData = (typeof MISSING_DATA)[number];

/** A CloudWatch metric identity: namespace, name and dimensions (dimension order is not significant). */
export interface MetricId {
  /** The metric's namespace, e.g. `AWS/Lambda` or an application namespace. */
  readonly namespace: string;
  /** The metric's name, e.g. `Errors`. */
  readonly metricName: string;
  /** The metric's dimensions, name to value; empty for a metric without dimensions. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** A single metric with a statistic over a period: the classic alarm. */
export interface MetricSource {
  /** Discriminates a single-metric source from metric math. */
  readonly type: 'metric';
  /** The metric the alarm watches. */
  readonly metric: MetricId;
  /** `Sum`, `Average`, `Maximum`, `Minimum`, `SampleCount`, or an extended statistic such as `p95`, `tm99`. */
  readonly stat: string;
  /** Seconds: 10, 30 or a multiple of 60. */
  readonly period: number;
  /**
   * The unit CloudWatch filters the metric's datapoints by (CloudWatch `Unit`), e.g. `Milliseconds`. @default - none:
   * every datapoint of the metric, whatever its unit
   */
  readonly unit?: string;
}

/** One metric inside a math expression. */
export interface MathMetric {
  /** Lower-case-first identifier used in the expression, e.g. `errors`. */
  readonly id: string;
  /** The metric. */
  readonly metric: MetricId;
  /** The statistic, as `MetricSource.stat` (`Sum`, `p95`, ...). */
  readonly stat: string;
  /** Seconds. */
  readonly period: number;
}

/** A metric math expression over up to 10 metrics; the alarm watches the expression's single result. */
export interface MathSource {
  /** Discriminates metric math from a single-metric source. */
  readonly type: 'math';
  /** The metric math expression over the metrics' ids, e.g. `100 * FILL(errors, 0) / invocations`. */
  readonly expression: string;
  /**
   * Label of the returned series (shown in the console and in dashboards).
   * @default - none: the console shows the expression
   */
  readonly label?: string;
  /** Seconds: the period of the expression's result. */
  readonly period: number;
  /** The metrics the expression refers to, at most 10. */
  readonly metrics: readonly MathMetric[];
}

/** What an alarm watches: a single metric with a statistic, or a metric math expression. */
export type AlarmSource = MetricSource | MathSource;

/** Where an alarm reports, per state. Entries are SNS topic names when known, otherwise ARNs or expressions. */
export interface AlarmActions {
  /** Where the alarm reports when it goes into ALARM: SNS topic names or ARNs; empty for none. */
  readonly alarm: readonly string[];
  /** Where the alarm reports when it goes back to OK; empty for none. */
  readonly ok: readonly string[];
  /** Where the alarm reports when it goes into INSUFFICIENT_DATA; empty for none. */
  readonly insufficientData: readonly string[];
}

/** Where an alarm comes from in the telemetry model. */
export interface AlarmLabels {
  /** The application (config `app`). */
  readonly app: string;
  /** The service in the config, or `account` for account-wide alarms. */
  readonly service: string;
  /** The resource label (function name, `api/stage`, `GET /tasks`, ...). */
  readonly resource: string;
  /** The resource kind, e.g. `lambda`, `restApi`, `sqs`. */
  readonly kind: string;
  /** The signal id from the catalog (`errors`, `p95Budget`, `errorRate`, ...). */
  readonly signal: string;
}

/** A metric alarm, normalized. */
export interface AlarmSpec {
  /** Discriminates a metric alarm from a composite alarm. */
  readonly type: 'metric';
  /** The alarm name, `<app>-<service>-<resource>-<signal>-<severity>` for alarms this project creates. */
  readonly name: string;
  /** What the alarm means and what to do first (≤ 1,024 chars). */
  readonly description: string;
  /** The metric or metric math expression the alarm watches. */
  readonly source: AlarmSource;
  /** How the value is compared with `threshold`. */
  readonly comparison: Comparison;
  /**
   * The threshold, in the metric's unit. For the anomaly-band comparisons (read from templates, never planned
   * here) it is the band's width in standard deviations (`ANOMALY_DETECTION_BAND(m1, 2)` → 2). `NaN` when a
   * template sets it only at deploy time.
   */
  readonly threshold: number;
  /** N: how many most recent periods are evaluated. */
  readonly evaluationPeriods: number;
  /** M: how many of the N must breach. */
  readonly datapointsToAlarm: number;
  /** How CloudWatch treats a period without a datapoint (CloudWatch `TreatMissingData`). */
  readonly treatMissingData: MissingData;
  /**
   * Only for percentile statistics: what to do when there are too few samples to compute it.
   * @default - CloudWatch's default, `evaluate` (for percentile statistics only)
   */
  readonly evaluateLowSampleCountPercentile?: 'evaluate' | 'ignore';
  /** Who hears about the alarm, and how loudly. */
  readonly severity: Severity;
  /** Where the alarm reports, per state. */
  readonly actions: AlarmActions;
  /** `false` when the alarm's actions are switched off (CloudWatch `ActionsEnabled`). @default true */
  readonly actionsEnabled?: boolean;
  /**
   * Set for alarms this project creates; read back from template metadata, inferred for foreign alarms.
   * @default - none: an alarm without labels is reported by its name alone
   */
  readonly labels?: AlarmLabels;
}

/** A composite alarm rule as a tree; rendered to and parsed from CloudWatch's rule syntax. */
export type AlarmRule =
  | { readonly type: 'state'; readonly state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA'; readonly alarm: string }
  | { readonly type: 'and' | 'or'; readonly operands: readonly AlarmRule[] }
  | { readonly type: 'not'; readonly operand: AlarmRule }
  | {
      readonly type: 'atLeast';
      /** A count (`2`) or a percentage (`'50%'`). */
      readonly threshold: number | string;
      readonly state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
      /** `AT_LEAST(n, NOT OK, ...)`: count alarms *not* in `state`. */
      readonly negate?: boolean;
      readonly alarms: readonly string[];
    }
  | { readonly type: 'const'; readonly value: boolean };

/**
 * Another alarm that holds back a composite's actions (CloudWatch `ActionsSuppressor`): while it is in ALARM, and
 * for `extensionPeriod` seconds after, the composite's actions wait; when the composite goes into ALARM, it first
 * waits up to `waitPeriod` seconds for the suppressor to go into ALARM. Actions still due when the suppression
 * ends are performed then.
 */
export interface ActionsSuppressor {
  /** The suppressor's alarm name. */
  readonly alarm: string;
  /** Seconds. */
  readonly waitPeriod: number;
  /** Seconds. */
  readonly extensionPeriod: number;
}

/** A composite alarm, normalized. */
export interface CompositeAlarmSpec {
  /** Discriminates a composite alarm from a metric alarm. */
  readonly type: 'composite';
  /** The composite alarm's name, `<app>-<service>-...-<severity>` for composites this project creates. */
  readonly name: string;
  /** What the composite means and what to do first (≤ 1,024 chars). */
  readonly description: string;
  /** The rule over other alarms' states that puts the composite into ALARM. */
  readonly rule: AlarmRule;
  /** Who hears about the composite, and how loudly. */
  readonly severity: Severity;
  /** Where the composite reports, per state. */
  readonly actions: AlarmActions;
  /** Holds back this composite's actions while another alarm is in ALARM. @default - none */
  readonly suppressor?: ActionsSuppressor;
  /** `false` when the alarm's actions are switched off. @default true */
  readonly actionsEnabled?: boolean;
  /**
   * Where the composite comes from in the telemetry model: set for composites this project creates, inferred for
   * foreign ones. @default - none
   */
  readonly labels?: AlarmLabels;
}

/** A metric alarm or a composite alarm, discriminated by `type`. */
export type AnyAlarmSpec = AlarmSpec | CompositeAlarmSpec;

/** Comparison operators in words and symbols, for descriptions and reports. */
export const COMPARISON_SYMBOL: Readonly<Record<Comparison, string>> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '>=',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside band',
  LessThanLowerThreshold: 'below band',
  GreaterThanUpperThreshold: 'above band',
};

/** The alarm names a rule refers to, in order of appearance, without duplicates. */
export function ruleAlarms(rule: AlarmRule): string[] {
  const seen = new Set<string>();
  const walk = (r: AlarmRule): void => {
    switch (r.type) {
      case 'state':
        seen.add(r.alarm);
        break;
      case 'and':
      case 'or':
        r.operands.forEach(walk);
        break;
      case 'not':
        walk(r.operand);
        break;
      case 'atLeast':
        r.alarms.forEach((a) => seen.add(a));
        break;
      case 'const':
        break;
    }
  };
  walk(rule);
  return [...seen];
}

/** The namespaces an alarm's metrics come from (one for a metric alarm, each metric's for metric math). */
export function sourceNamespaces(spec: AlarmSpec): string[] {
  const s = spec.source;
  return s.type === 'metric' ? [s.metric.namespace] : s.metrics.map((m) => m.metric.namespace);
}

/**
 * The missing-data treatment CloudWatch applies: alarms on AWS/DynamoDB metrics always ignore missing data,
 * whatever `TreatMissingData` says (PutMetricAlarm API). Metric math counts as DynamoDB when all its metrics are.
 */
export function effectiveMissingData(spec: AlarmSpec): MissingData {
  const namespaces = sourceNamespaces(spec);
  return namespaces.length > 0 && namespaces.every((n) => n === 'AWS/DynamoDB')
    ? 'ignore'
    : spec.treatMissingData;
}
