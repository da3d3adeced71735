/**
 * The telemetry model: what an application is (services and the AWS resources they use, by name), what healthy
 * means for it (catalog rows, budgets, overrides) and who hears about what. Plain immutable data, built from
 * telemetry.yaml or from construct props; every rendering starts here.
 */
import type { Severity } from './alarm-spec';
import type { AuditModel } from './audit';
import type { ResourceKind } from './kinds';
import type { CompliancePackId } from '../compliance/packs';
import type { GrafanaModel } from './grafana';
import type { LogsModel } from './logs';
import type { ProductModel } from './product';
import type { MaintenanceWindowModel } from './maintenance';
import type { PrometheusModel } from './prometheus';
import type { SloModel } from './slo';
import type { TracingModel } from './tracing';

/** Overrides of one catalog row, normalized (durations in seconds, datapoints split). */
export interface RowOverride {
  /** `false` turns the row's alarm off, `true` turns on a row that is off by default. @default - the row's `enabled` */
  readonly enabled?: boolean;
  /** The threshold, in the row's unit (ms, s, %, count). @default - the row's threshold */
  readonly threshold?: number;
  /** Who hears about the alarm. @default - the row's severity */
  readonly severity?: Severity;
  /** The period, in seconds (10, 30 or a multiple of 60). @default - the row's period */
  readonly period?: number;
  /** M of N: `[datapointsToAlarm, evaluationPeriods]`. @default - the row's datapoints */
  readonly datapoints?: readonly [number, number];
  /** How CloudWatch treats a period without a datapoint. @default - the row's treatment */
  readonly missing?: 'missing' | 'ignore' | 'breaching' | 'notBreaching';
  /** The statistic, e.g. `p99` in place of `p95`. @default - the row's statistic */
  readonly statistic?: string;
  /** What the alarm means, in place of the row's meaning (same placeholders). @default - the row's meaning */
  readonly description?: string;
  /** A runbook URL, appended to the description. @default - none */
  readonly runbook?: string;
  /** Compare with an anomaly detection band this many standard deviations wide, not the threshold. @default - the threshold */
  readonly anomalyBand?: number;
}

/** One monitored AWS resource, identified by its CloudWatch dimensions. */
export interface MonitoredResource<K extends string = ResourceKind> {
  /** The resource's kind, a key of the catalog (`lambda`, `sqs`, ...). */
  readonly kind: K;
  /** Short, unique-within-service name used in alarm names and dashboards. */
  readonly label: string;
  /** Dimension values, in the order of the kind's `dimensions`. Values may be CDK tokens when built from code. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Threshold parameters (catalog params, with this resource's values). */
  readonly params: Readonly<Record<string, number>>;
  /** Per-row overrides (kind defaults merged under resource values). */
  readonly overrides: Readonly<Record<string, RowOverride>>;
  /**
   * Budgeted operation name, for Lambda functions and API routes.
   * @default - none: the resource has no budget of its own
   */
  readonly operation?: string;
  /**
   * What the kind knows about the resource besides thresholds, when it was told (a table's billing mode, a queue's
   * FIFO-ness), for the kind's own decisions such as which account-wide alarms apply. @default - nothing
   */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  /** Where the resource was declared, e.g. `services[0].lambda[1]`, for error messages. */
  readonly origin: string;
}

/** One service of the application: its name and the AWS resources it uses, each with its alarms' settings. */
export interface ServiceModel {
  /** The service's name, used in alarm, stack and dashboard names. */
  readonly name: string;
  /** What the service does, in words. @default - none */
  readonly description?: string;
  /** Named stack shared with other services; default: the service's own stack. @default - the service's own stack */
  readonly stack?: string;
  /** The monitored resources of the service, in config order. */
  readonly resources: readonly MonitoredResource[];
  /** Service level objectives, each alerting by burn rate (see `./slo.ts`). @default - none */
  readonly slos?: readonly SloModel[];
}

/** Where one severity's alerts go: email addresses, HTTPS endpoints and Slack channels (any may be empty). */
export interface ChannelSet {
  /** Email addresses subscribed to the severity's topic. */
  readonly email: readonly string[];
  /** HTTPS endpoints (a pager's webhook) subscribed to the severity's topic. */
  readonly https: readonly string[];
  /** Slack channels (AWS Chatbot) that receive the severity's topic. */
  readonly slack: ReadonlyArray<{ readonly workspace: string; readonly channel: string }>;
}

/** Who hears about what: the channels of each severity and how critical alarms page. */
export interface AlertingModel {
  /** The channels per severity: `critical`, `warning` and `info`. */
  readonly channels: Readonly<Record<Severity, ChannelSet>>;
  /** `composite`: one alarm per service pages; `each`: every critical alarm pages. */
  readonly pageVia: 'composite' | 'each';
  /** Where journey escalations go (a fourth topic). @default - the critical channels */
  readonly escalation?: ChannelSet;
}

/**
 * The whole telemetry of one application, as telemetry.yaml or the constructs describe it: the input of every renderer.
 */
export interface TelemetryModel {
  /** The application's name: the first part of every alarm, stack and dashboard name. */
  readonly app: string;
  /** What the application does, in words. @default - none */
  readonly description?: string;
  /** The account and region the telemetry stacks deploy to. @default - none: environment-agnostic stacks */
  readonly env?: { readonly account?: string; readonly region?: string };
  /** Tags added to every telemetry resource (an empty object for none). */
  readonly tags: Readonly<Record<string, string>>;
  /** Who hears about what. */
  readonly alerting: AlertingModel;
  /** The application's services, in config order. */
  readonly services: readonly ServiceModel[];
  /** Account-wide resources (no dimensions), monitored once per app. */
  readonly account: readonly MonitoredResource[];
  /** An Amazon Managed Grafana workspace with data sources and dashboards. @default - none */
  readonly grafana?: GrafanaModel;
  /** X-Ray sampling, trace groups and ADOT. @default - no tracing resources */
  readonly tracing?: TracingModel;
  /** CloudTrail trail and alerts on changes to the telemetry. @default - no trail */
  readonly audit?: AuditModel;
  /** Retention tiers, data protection, encryption, archival. @default - default tiers, nothing else */
  readonly logs?: LogsModel;
  /** cdk-nag compliance packs run on every stack at synth time, besides AwsSolutions. @default - none */
  readonly compliance?: readonly CompliancePackId[];
  /** An Amazon Managed Service for Prometheus workspace, rules and alert routes. @default - none */
  readonly prometheus?: PrometheusModel;
  /** Journeys, KPIs and client-side engagement, on a product dashboard of their own. @default - none */
  readonly product?: ProductModel;
  /** Maintenance windows: alarm mute rules (deployments, planned work). @default - none */
  readonly maintenance?: readonly MaintenanceWindowModel[];
}
