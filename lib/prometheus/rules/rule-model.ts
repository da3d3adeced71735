/**
 * A Prometheus rules file as data: groups of recording and alerting rules. One renderer (`render.ts`) writes it as
 * YAML for `AWS::APS::RuleGroupsNamespace` and for promtool; the planner (`plan.ts`) fills it from the model.
 */
import type { AlarmSpec, Severity } from '../../model/alarm-spec';

/** A Prometheus recording rule: a new series computed from an expression at every evaluation. */
export interface RecordingRule {
  /** The name of the series it writes, `level:metric:operations` by Prometheus's convention. */
  readonly record: string;
  /** The PromQL expression it records. */
  readonly expr: string;
  /** Labels added to the recorded series. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Prometheus alerting rule: an expression that fires an alert while it returns series. */
export interface AlertingRule {
  /** The alert's name. */
  readonly alert: string;
  /** The PromQL expression; the alert fires for every series it returns. */
  readonly expr: string;
  /** Seconds the expression must hold before the alert fires. @default 0 */
  readonly for?: number;
  /** Labels of the alert (`severity`, `service`, ...), which Alertmanager routes by. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations of the alert (`summary`, `first_step`, `runbook_url`, `cloudwatch_alarm`). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** A recording or an alerting rule. */
export type Rule = RecordingRule | AlertingRule;

export const isAlertingRule = (r: Rule): r is AlertingRule => 'alert' in r;

/** A group of rules evaluated together, in order, at the same interval. */
export interface RuleGroup {
  /** The group's name, unique within the file. */
  readonly name: string;
  /** Seconds between evaluations. */
  readonly interval: number;
  /** The rules, in evaluation order. */
  readonly rules: readonly Rule[];
}

/** A Prometheus rules file: its groups. */
export interface RuleFile {
  /** The groups, in file order. */
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
  /** The alerting rule. */
  readonly rule: AlertingRule;
  /** Who hears about the alert, as its `severity` label. */
  readonly severity: Severity;
  /** The CloudWatch alarm this alert mirrors (same threshold, datapoints, severity and words). */
  readonly mirrors: AlarmSpec;
  /** How the alert's value is built from the raw series. */
  readonly shape: SignalShape;
  /** Labels of the raw series the alert reads (service, operation or route); tests write series with them. */
  readonly seriesLabels: Readonly<Record<string, string>>;
  /** PromQL of the compared value per period (seconds for quantiles, percent for ratios), for dashboards. */
  readonly value: string;
  /** The threshold, in the value's unit. */
  readonly threshold: number;
  /** How the value is compared with `threshold`. */
  readonly comparison: '>' | '>=' | '<' | '<=';
  /** M of N periods, as the CloudWatch alarm. */
  readonly datapoints: readonly [number, number];
  /** Seconds. */
  readonly period: number;
  /** Requests per period below which the alert cannot fire (the error-rate guard, or too few samples). */
  readonly minRequests: number;
}
