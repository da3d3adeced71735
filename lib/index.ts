/**
 * cdk-telemetry: the public API. Constructs for any CDK stack, the telemetry model and its types, and the
 * functions that build the config-driven app.
 */

// Constructs
export * from './alerting/alerting';
export * from './alarms/service-monitoring';
export * from './alarms/runtime-env';
export * from './model/runtime-budget-alarms';
export * from './alarms/alarm-set';
export * from './alarms/render';
export * from './stacks/core-stack';
export * from './stacks/monitoring-stack';
export * from './stacks/telemetry-app';
export * from './stacks/sharding';
export * from './stacks/grafana-stack';

// Amazon Managed Grafana
export * from './grafana/workspace';
export * from './grafana/provisioner';
export { GrafanaProviderFunction, type GrafanaProviderFunctionProps } from './grafana/provider-function';
export {
  DATA_SOURCES,
  dataSourceSpecs,
  type DataSourceOptions,
  type DataSourceRef,
} from './grafana/data-sources';
export { appDashboards } from './grafana/dashboards/from-model';
export { loadDashboardFolder, shippedDashboardsDir } from './grafana/dashboards/load';
export {
  dashboardUid,
  serviceDashboard,
  type DashboardJson,
  type ServiceDashboardOptions,
} from './grafana/dashboards/service-dashboard';
export { dashboardProblems } from './grafana/dashboards/validate';
export type { ContactPointSpec, DashboardEntry, DataSourceSpec, FolderSpec } from './grafana/provider/types';

// Amazon Managed Service for Prometheus: workspace, rules from the model, alert routes, collection
export * from './prometheus/workspace';
export * from './prometheus/rule-groups';
export * from './prometheus/collection';
export * from './prometheus/collector-config';
export * from './prometheus/alert-manager';
export * from './prometheus/rules/plan';
export * from './prometheus/rules/render';
export * from './prometheus/rules/rule-model';
export * from './prometheus/rules/series';
export * from './prometheus/rules/signals';
export * from './prometheus/rules/burn-rate';
export {
  alertTests,
  expectedAlert,
  renderRuleTests,
  ruleTestFile,
  type PromtoolTest,
  type PromtoolTestFile,
} from './prometheus/rules/rule-tests';
export * from './stacks/prometheus-stack';
export { prometheusDashboard } from './grafana/dashboards/prometheus-dashboard';

// Tracing, audit trail, log governance
export * from './tracing/tracing';
export * from './tracing/sampling-rules';
export * from './tracing/trace-groups';
export * from './tracing/insight-notifications';
export * from './tracing/enable-tracing';
export { adotLayerArn, adotProblems, adotServes, adotVersions } from './tracing/adot';
export * from './audit/audit-trail';
export * from './audit/change-alerts';
export * from './logs/enforce-retention';
export * from './logs/data-protection';
export * from './logs/log-archive';
export * from './logs/encryption-key';
export { MANAGED_DATA_IDENTIFIERS } from './logs/data-identifiers';
export * from './util/retained-bucket';
export * from './util/chat-notification';
export * from './stacks/governance';
export * from './stacks/tracing-stack';
export * from './stacks/audit-stack';
export * from './stacks/logs-stack';
export * from './stacks/alert-topics';

// Undelivered alerts, compliance packs, Regions, what cannot delete audit data
export * from './alerting/undelivered-alerts';
export * from './logs/encrypt-log-groups';
export { addCompliancePacks } from './compliance/add-packs';
export { acknowledgeInPacks } from './compliance/acknowledge';
export {
  COMPLIANCE_PACKS,
  COMPLIANCE_PACK_IDS,
  type CompliancePack,
  type CompliancePackId,
} from './compliance/packs';
export { DESTRUCTIVE_ACTIONS, deletionGrants, type DeletionGrant } from './audit/deletion-grants';
export {
  REGIONAL_SECTIONS,
  SUPPORTED_PARTITIONS,
  SUPPORTED_REGIONS,
  regionProblems,
  regionsFor,
  type RegionalSection,
  type RegionProblem,
} from './model/region-services';
export * from './model/object-lock';
export * from './model/stack-capacity';

// Model
export * from './model/alarm-spec';
export * from './model/alarm-rule';
export * from './model/kinds';
export * from './model/aws-recommended-alarms';
export * from './model/coverage';
export * from './model/describe';
export * from './model/duration';
export * from './model/limits';
export * from './model/naming';
export * from './model/plan';
export * from './model/telemetry-model';
export * from './model/units';
export * from './model/grafana';
export * from './model/tracing';
export * from './model/audit';
export * from './model/logs';
export * from './model/retention';
export * from './model/prometheus';

// Constructs in: the telemetry.yaml entry of a CDK construct, from the kind that recognizes it
export { entryFromConstruct, CONSTRUCT_CONTEXT, type ConstructEntry } from './watch/entry-from-construct';

// Dashboards
export * from './dashboards/cloudwatch-layout';
export * from './dashboards/cloudwatch-render';

// Tools: the alarm evaluation engine (pure, no AWS), for replays and alarm tests in your own code
export * as alarmEngine from './tools/evaluate';

// Config
export { ConfigError, formatPath } from './config/errors';
export { loadModel, modelFromText, parseConfig } from './config/load';
export { telemetryJsonSchema } from './config/json-schema';
export type { TelemetryConfig, TelemetryConfigInput, ServiceConfig, AlarmOverride } from './config/schema';
export type { TracingConfig } from './config/schema-tracing';
export type { AuditConfig } from './config/schema-audit';
export type { LogsConfig } from './config/schema-logs';
export type { PrometheusConfig } from './config/schema-prometheus';
export { TelemetryPropsError } from './util/errors';

// Review tools: read a cloud assembly back into AlarmSpecs, review, diff and price it
export { readCloudAssembly, type AssemblyRead, type StackRead } from './tools/read/assembly';
export { reviewAssembly, type Review, type ReviewedAlarm } from './tools/review/review';
export { RULES as REVIEW_RULES } from './tools/review/rules';
export type { Finding, ReviewRule } from './tools/review/types';
export { diffAssemblies, type AssemblyDiff } from './tools/diff/diff';
export { estimateCost, type CostEstimate } from './tools/cost/estimate';
export { PRICE_TABLE } from './tools/cost/prices';
export {
  Telemetry,
  TelemetryWatch,
  STAGE_METRICS_WARNING,
  type WatchOptions,
  type WatchResult,
} from './watch/telemetry';
export { ResourceTelemetry } from './watch/resource-settings';
export { WATCH_WARNING, type GroupBy } from './watch/collect';
export type {
  AlarmId,
  AlarmOverrideInput,
  AlarmOverrides,
  KindEntryInput,
  ResourceInput,
  ServiceProps,
  ServiceResources,
} from './watch/inputs';
export type { KindAlarmIds } from './watch/alarm-ids';
