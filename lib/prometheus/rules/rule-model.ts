/**
 * A Prometheus rules file as data: groups of recording and alerting rules. One renderer (`render.ts`) writes it as
 * YAML for `AWS::APS::RuleGroupsNamespace` and for promtool; the planner (`plan.ts`) fills it from the model.
 */
import type { AlarmSpec, Severity } from '../../model/alarm-spec';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** Seconds the expression must hold before the alert fires. @default 0 */
  readonly for?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export type Rule = RecordingRule | AlertingRule;

export const isAlertingRule = (r: Rule): r is AlertingRule => 'alert' in r;

export interface RuleGroup {
  readonly name: string;
  /** Seconds between evaluations. */
  readonly interval: number;
  readonly rules: readonly Rule[];
}

export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}

/** How an alert's value is built from the raw series, for generated tests and dashboards. */
export type SignalShape =
  | {
      /** A quantile of the HTTP server duration histogram (seconds). */
      readonly kind: 'quantile';
      readonly quantile: number;
    }
  | {
      /** The share of requests, in percent, whose status code starts with `statusClass`. */
      readonly kind: 'ratio';
      readonly statusClass: '4' | '5';
    };

/** An alert with what it was made from: the CloudWatch alarm it mirrors and its parts in Prometheus terms. */
export interface PlannedAlert {
  readonly rule: AlertingRule;
  readonly severity: Severity;
  /** The CloudWatch alarm this alert mirrors (same threshold, datapoints, severity and words). */
  readonly mirrors: AlarmSpec;
  readonly shape: SignalShape;
  /** Labels of the raw series the alert reads (service, operation or route); tests write series with them. */
  readonly seriesLabels: Readonly<Record<string, string>>;
  /** PromQL of the compared value per period (seconds for quantiles, percent for ratios), for dashboards. */
  readonly value: string;
  /** The threshold, in the value's unit. */
  readonly threshold: number;
  readonly comparison: '>' | '>=' | '<' | '<=';
  /** M of N periods, as the CloudWatch alarm. */
  readonly datapoints: readonly [number, number];
  /** Seconds. */
  readonly period: number;
  /** Requests per period below which the alert cannot fire (the error-rate guard, or too few samples). */
  readonly minRequests: number;
}
