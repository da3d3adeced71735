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
  readonly enabled?: boolean;
  readonly threshold?: number;
  readonly severity?: Severity;
  readonly period?: number;
  readonly datapoints?: readonly [number, number];
  readonly missing?: 'missing' | 'ignore' | 'breaching' | 'notBreaching';
  readonly statistic?: string;
  readonly description?: string;
  readonly runbook?: string;
  /** Compare with an anomaly detection band this many standard deviations wide, not the threshold. @default - the threshold */
  readonly anomalyBand?: number;
}

/** One monitored AWS resource, identified by its CloudWatch dimensions. */
export interface MonitoredResource<K extends string = ResourceKind> {
  readonly kind: K;
  /** Short, unique-within-service name used in alarm names and dashboards. */
  readonly label: string;
  /** Dimension values, in the order of the kind's `dimensions`. Values may be CDK tokens when built from code. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Threshold parameters (catalog params, with this resource's values). */
  readonly params: Readonly<Record<string, number>>;
  /** Per-row overrides (kind defaults merged under resource values). */
  readonly overrides: Readonly<Record<string, RowOverride>>;
  /** Budgeted operation name, for Lambda functions and API routes. */
  readonly operation?: string;
  /**
   * What the kind knows about the resource besides thresholds, when it was told (a table's billing mode, a queue's
   * FIFO-ness), for the kind's own decisions such as which account-wide alarms apply. @default - nothing
   */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  /** Where the resource was declared, e.g. `services[0].lambda[1]`, for error messages. */
  readonly origin: string;
}

export interface ServiceModel {
  readonly name: string;
  readonly description?: string;
  /** Named stack shared with other services; default: the service's own stack. */
  readonly stack?: string;
  readonly resources: readonly MonitoredResource[];
  /** Service level objectives, each alerting by burn rate (see `./slo.ts`). @default - none */
  readonly slos?: readonly SloModel[];
}

export interface ChannelSet {
  readonly email: readonly string[];
  readonly https: readonly string[];
  readonly slack: ReadonlyArray<{ readonly workspace: string; readonly channel: string }>;
}

export interface AlertingModel {
  readonly channels: Readonly<Record<Severity, ChannelSet>>;
  /** `composite`: one alarm per service pages; `each`: every critical alarm pages. */
  readonly pageVia: 'composite' | 'each';
  /** Where journey escalations go (a fourth topic). @default - the critical channels */
  readonly escalation?: ChannelSet;
}

export interface TelemetryModel {
  readonly app: string;
  readonly description?: string;
  readonly env?: { readonly account?: string; readonly region?: string };
  readonly tags: Readonly<Record<string, string>>;
  readonly alerting: AlertingModel;
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
