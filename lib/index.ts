/**
 * cdk-telemetry: the public API. An explicit list, grouped like the README: what most apps need first (one line for a
 * whole app, constructs for your own stacks), then the config-driven app, the constructs of each capability, the
 * telemetry model and its planner, and the review tools. `api/cdk-telemetry.api.md` (`npm run api`) is the report of
 * this surface; a change to it shows in review. Anything not listed here is internal and may change in any release.
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------------------------------
// One line for a whole app: Telemetry.watch, and per-construct settings with Telemetry.of
// ---------------------------------------------------------------------------------------------------------------
export {
  Telemetry,
  TelemetryWatch,
  STAGE_METRICS_WARNING,
  type WatchOptions,
  type WatchResult,
} from './watch/telemetry';
export { ResourceTelemetry, type ResourceSettingsData } from './watch/resource-settings';
export { WATCH_WARNING, type GroupBy } from './watch/collect';
export type {
  AlarmId,
  AlarmOverrideInput,
  AlarmOverrides,
  KindEntryInput,
  ResourceInput,
  ServiceProps,
  ServiceResources,
  SloIndicatorInput,
  SloInput,
} from './watch/inputs';
export type { KindAlarmIds } from './watch/alarm-ids';
export { entryFromConstruct, CONSTRUCT_CONTEXT, type ConstructEntry } from './watch/entry-from-construct';

// ---------------------------------------------------------------------------------------------------------------
// Constructs for your own stacks: the alarms of a service, alerting, alarm sets, undelivered alerts
// ---------------------------------------------------------------------------------------------------------------
export {
  ServiceMonitoring,
  type ServiceMonitoringProps,
  type ServiceInput,
  type BudgetsInput,
  type DefaultsInput,
  type RuntimeMonitoringOptions,
} from './alarms/service-monitoring';
export { RUNTIME_ENV_WARNING, type RuntimeEnvResult } from './alarms/runtime-env';
export {
  Alerting,
  HTTPS_DELIVERY_POLICY,
  type AlertingProps,
  type AlertChannels,
  type AlertingDeadLetterQueueOptions,
  type IAlertTopics,
} from './alerting/alerting';
export { AlertTopicsByName, type AlertTopicsByNameProps } from './stacks/alert-topics';
export {
  UndeliveredAlerts,
  type UndeliveredAlertsProps,
  type UndeliveredAlertsAlarmProps,
} from './alerting/undelivered-alerts';
export { AlarmSet, type AlarmSetProps } from './alarms/alarm-set';
export { ApplicationSignalsSlos, type ApplicationSignalsSlosProps } from './alarms/application-signals-slos';
export {
  renderAlarm,
  renderComposite,
  alarmLogicalId,
  METADATA_KEY,
  STANDARD_STATISTICS,
  type ActionResolver,
} from './alarms/render';

// ---------------------------------------------------------------------------------------------------------------
// The config-driven app: telemetry.yaml to a model, a model to stacks (in an App or a Stage)
// ---------------------------------------------------------------------------------------------------------------
export {
  ConfigError,
  formatPath,
  type ConfigIssue,
  type ConfigPath,
  type ConfigPosition,
  type ConfigProblem,
} from './config/errors';
export { loadModel, modelFromText, parseConfig } from './config/load';
export { telemetryJsonSchema } from './config/json-schema';
export type { TelemetryConfig, TelemetryConfigInput, ServiceConfig, AlarmOverride } from './config/schema';
export type { TracingConfig } from './config/schema-tracing';
export type { AuditConfig } from './config/schema-audit';
export type { LogsConfig } from './config/schema-logs';
export type { PrometheusConfig } from './config/schema-prometheus';
export {
  addTelemetryStacks,
  STAGE_NAMES_WARNING,
  type TelemetryStacks,
  type TelemetryStacksOptions,
} from './stacks/telemetry-app';
export { appNameInStage } from './stacks/stage-names';
export type { StackAssignment, StackCapacity } from './stacks/sharding';
export type { GovernanceStacks } from './stacks/governance';
export { TelemetryCoreStack, type TelemetryCoreStackProps } from './stacks/core-stack';
export { TelemetryMonitoringStack, type TelemetryMonitoringStackProps } from './stacks/monitoring-stack';
export { TelemetryTracingStack, type TelemetryTracingStackProps } from './stacks/tracing-stack';
export { TelemetryAuditStack, type TelemetryAuditStackProps } from './stacks/audit-stack';
export { TelemetryLogsStack, type TelemetryLogsStackProps } from './stacks/logs-stack';
export {
  TelemetryPrometheusStack,
  PROMETHEUS_STACK_RULE_BYTES,
  type TelemetryPrometheusStackProps,
} from './stacks/prometheus-stack';
export { TelemetryGrafanaStack, type TelemetryGrafanaStackProps } from './stacks/grafana-stack';
export { TelemetryPropsError } from './util/errors';

// ---------------------------------------------------------------------------------------------------------------
// Tracing (X-Ray), audit trail, log governance
// ---------------------------------------------------------------------------------------------------------------
export { Tracing, type TracingProps } from './tracing/tracing';
export { XRaySamplingRules, type XRaySamplingRulesProps } from './tracing/sampling-rules';
export { TraceGroups, type TraceGroupsProps } from './tracing/trace-groups';
export { InsightNotifications, type InsightNotificationsProps } from './tracing/insight-notifications';
export {
  EnableTracing,
  enableTracing,
  TRACING_WARNING,
  type EnableTracingOptions,
  type TracingChange,
} from './tracing/enable-tracing';
export { adotLayerArn, adotProblems, adotServes, adotVersions } from './tracing/adot';
export { AuditTrail, type AuditTrailProps } from './audit/audit-trail';
export { TelemetryChangeAlerts, type TelemetryChangeAlertsProps } from './audit/change-alerts';
export { DESTRUCTIVE_ACTIONS, deletionGrants, type DeletionGrant } from './audit/deletion-grants';
export {
  EnforceLogRetention,
  enforceLogRetention,
  assignLogTier,
  allowNeverExpiringLogs,
  RETENTION_WARNING,
  TIER_TAG,
  type EnforceLogRetentionOptions,
  type RetentionDecision,
} from './logs/enforce-retention';
export { LogDataProtection, type LogDataProtectionProps } from './logs/data-protection';
export { MANAGED_DATA_IDENTIFIERS } from './logs/data-identifiers';
export {
  LogArchive,
  FIREHOSE_S3_ACTIONS,
  type LogArchiveProps,
  type ArchivedLogGroupProps,
} from './logs/log-archive';
export { LogEncryptionKey, allowCloudWatchLogs, type LogEncryptionKeyProps } from './logs/encryption-key';
export { EncryptLogGroups, encryptLogGroups, type EncryptLogGroupsOptions } from './logs/encrypt-log-groups';
export { RetainedBucket, objectLockRetention, type RetainedBucketProps } from './util/retained-bucket';
export { chatNotification, type ChatNotification } from './util/chat-notification';

// ---------------------------------------------------------------------------------------------------------------
// Compliance packs (cdk-nag) and Regions
// ---------------------------------------------------------------------------------------------------------------
export { addCompliancePacks } from './compliance/add-packs';
export { acknowledgeInPacks } from './compliance/acknowledge';
export {
  COMPLIANCE_PACKS,
  COMPLIANCE_PACK_IDS,
  type AcknowledgedRule,
  type CompliancePack,
  type CompliancePackId,
} from './compliance/packs';
export {
  REGIONAL_SECTIONS,
  SUPPORTED_PARTITIONS,
  SUPPORTED_REGIONS,
  regionProblems,
  regionsFor,
  type RegionalSection,
  type RegionProblem,
} from './model/region-services';

// ---------------------------------------------------------------------------------------------------------------
// Amazon Managed Grafana
// ---------------------------------------------------------------------------------------------------------------
export {
  GrafanaWorkspace,
  type GrafanaWorkspaceProps,
  type GrafanaNotificationTopics,
  type IGrafanaWorkspace,
} from './grafana/workspace';
export { GrafanaProvisioner, contactPointSpecs, type GrafanaProvisionerProps } from './grafana/provisioner';
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
export { prometheusDashboard } from './grafana/dashboards/prometheus-dashboard';
export type { ContactPointSpec, DashboardEntry, DataSourceSpec, FolderSpec } from './grafana/provider/types';

// ---------------------------------------------------------------------------------------------------------------
// Amazon Managed Service for Prometheus: workspace, rules from the model, alert routes, collection
// ---------------------------------------------------------------------------------------------------------------
export {
  PrometheusWorkspace,
  type PrometheusWorkspaceProps,
  type IPrometheusWorkspace,
} from './prometheus/workspace';
export { PrometheusRuleGroups, type PrometheusRuleGroupsProps } from './prometheus/rule-groups';
export {
  collectLambdaMetrics,
  addCollectorSidecar,
  grantRemoteWrite,
  routeOperations,
  LAMBDA_CONFIG_VARIABLE,
  ADOT_COLLECTOR_IMAGE,
  type MetricsWriter,
  type CollectMetricsOptions,
  type LambdaMetricsOptions,
  type CollectorSidecarOptions,
} from './prometheus/collection';
export {
  collectorConfig,
  renderCollectorConfig,
  type CollectorTarget,
  type RouteOperation,
  type CollectorConfigOptions,
} from './prometheus/collector-config';
export {
  alertManagerConfig,
  renderAlertManagerConfig,
  renderAlertManagerDefinition,
  type AlertManagerConfigOptions,
} from './prometheus/alert-manager';
export { planPrometheusRules, planServiceRules, type ServiceRulePlan } from './prometheus/rules/plan';
export { promYaml, renderRuleFile } from './prometheus/rules/render';
export type {
  AlertingRule,
  PlannedAlert,
  RecordingRule,
  Rule,
  RuleFile,
  RuleGroup,
  SignalShape,
} from './prometheus/rules/rule-model';
export {
  alertTests,
  expectedAlert,
  renderRuleTests,
  ruleTestFile,
  type PromtoolTest,
  type PromtoolTestFile,
} from './prometheus/rules/rule-tests';

// ---------------------------------------------------------------------------------------------------------------
// The telemetry model: kinds, the catalog of recommended alarms, alarm specs and the planner (pure data, no CDK)
// ---------------------------------------------------------------------------------------------------------------
export type { SloModel } from './model/slo';
export { applicationSignalsSlo } from './model/slo-application-signals';
export type {
  AlertingModel,
  ChannelSet,
  MonitoredResource,
  RowOverride,
  ServiceModel,
  TelemetryModel,
} from './model/telemetry-model';
export {
  KIND_LIST,
  CATALOG,
  RESOURCE_KINDS,
  isResourceKind,
  type KindKey,
  type ResourceKind,
} from './model/kinds';
export type {
  AnyKind,
  CatalogParam,
  CatalogRow,
  ConstructContext,
  ConstructHook,
  DashboardSection,
  DashboardSignal,
  EntryField,
  KindCatalog,
  KindConfig,
  KindCostItem,
  KindDefinition,
  KindPriceKey,
  KindSchema,
  RowMetric,
  RowMetricRef,
  ThresholdRule,
} from './model/kinds/types';
export {
  AWS_RECOMMENDED_ALARMS,
  EXCLUDED,
  PLANNED,
  type AwsRecommendedAlarm,
} from './model/aws-recommended-alarms';
export {
  coverage,
  coverageBySection,
  type EntryStatus,
  type Implementation,
  type SectionCoverage,
} from './model/coverage';
export {
  SEVERITIES,
  COMPARISONS,
  MISSING_DATA,
  COMPARISON_SYMBOL,
  ruleAlarms,
  sourceNamespaces,
  effectiveMissingData,
  type Severity,
  type Comparison,
  type MissingData,
  type MetricId,
  type MetricSource,
  type MathMetric,
  type MathSource,
  type AlarmSource,
  type AlarmActions,
  type AlarmLabels,
  type AlarmSpec,
  type AlarmRule,
  type ActionsSuppressor,
  type CompositeAlarmSpec,
  type AnyAlarmSpec,
} from './model/alarm-spec';
export { parseAlarmRule, renderAlarmRule, AlarmRuleSyntaxError } from './model/alarm-rule';
export {
  PlanError,
  planService,
  planTelemetry,
  describeAlarm,
  defaultTopicNames,
  isPercentileStat,
  type AlertRouting,
  type AlarmWords,
  type ServicePlan,
  type TelemetryPlan,
} from './model/plan';
export { conditionInWords, windowInWords, subjectInWords } from './model/describe';
export {
  DURATION_UNITS,
  parseDurationMs,
  parseDurationSeconds,
  formatDuration,
  type DurationUnit,
} from './model/duration';
export { LIMITS, alarmProblems, compositeProblems, isValidPeriod } from './model/limits';
export { MAX_ALARM_NAME, alarmName, parseAlarmName, type AlarmNameParts } from './model/naming';
export { thresholdUnit, formatThreshold, formatCount, type ThresholdUnit } from './model/units';
export {
  DEFAULT_GRAFANA_VERSION,
  type GrafanaDashboardSources,
  type GrafanaModel,
  type GrafanaNetworkModel,
  type GrafanaPrincipals,
  type GrafanaProvisionerPlacement,
  type GrafanaSamlModel,
} from './model/grafana';
export {
  XRAY_LIMITS,
  ADOT_LAYERS,
  ADOT_WRAPPERS,
  ADOT_RUNTIMES,
  type AdotLayerKind,
  type AdotRuntime,
  type AdotSpec,
  type AdotWrapper,
  type PlannedSamplingRule,
  type SamplingRuleSpec,
  type TraceGroupSpec,
  type TracingModel,
  type TracingProblem,
} from './model/tracing';
export {
  WATCHED_AREAS,
  WATCHED_AREA_IDS,
  MAX_TRAIL_READERS,
  type AuditModel,
  type ChangeAlertsModel,
  type WatchedArea,
  type WatchedAreaId,
} from './model/audit';
export { OBJECT_LOCK_MODES, MAX_OBJECT_LOCK_DAYS, type ObjectLockModel } from './model/object-lock';
export {
  DEFAULT_DATA_IDENTIFIERS,
  ARCHIVE_STORAGE_CLASSES,
  DEFAULT_ARCHIVE_TRANSITIONS,
  type ArchiveStorageClass,
  type ArchiveTransition,
  type ArchivedLogGroup,
  type CustomDataIdentifierSpec,
  type DataProtectionModel,
  type LogArchiveModel,
  type LogsModel,
} from './model/logs';
export {
  RETENTION_DAYS,
  LOG_TIERS,
  DEFAULT_RETENTION_TIERS,
  formatRetention,
  isValidRetention,
  parseRetention,
  type LogTier,
  type RetentionTiers,
} from './model/retention';
export {
  AMP_WORKSPACE_ID,
  AMP_LIMITS,
  DEFAULT_REPEAT_INTERVAL,
  DEFAULT_ALERT_MANAGER,
  ampEndpoint,
  type AlertManagerModel,
  type CreatedWorkspaceModel,
  type ExistingWorkspaceModel,
  type PrometheusModel,
} from './model/prometheus';

// ---------------------------------------------------------------------------------------------------------------
// CloudWatch dashboards from the model
// ---------------------------------------------------------------------------------------------------------------
export {
  layoutServiceDashboards,
  graphsFor,
  type DashboardLayoutOptions,
  type DashboardSpec,
  type GraphSeries,
  type GraphSpec,
  type GridPosition,
  type WidgetSpec,
} from './dashboards/cloudwatch-layout';
export { dashboardBody, renderDashboard, type DashboardBody } from './dashboards/cloudwatch-render';

// ---------------------------------------------------------------------------------------------------------------
// Review tools: read a cloud assembly back into AlarmSpecs, review, diff and price it; the alarm evaluation engine
// ---------------------------------------------------------------------------------------------------------------
export {
  readCloudAssembly,
  type AssemblyRead,
  type ReadProblem,
  type StackRead,
} from './tools/read/assembly';
export type { ReadAlarm, SeveritySource } from './tools/read/alarm-reader';
export type { CfnTemplateLike } from './tools/read/intrinsics';
export {
  reviewAssembly,
  type Review,
  type ReviewedAlarm,
  type ReviewOptions,
  type ReviewSummary,
} from './tools/review/review';
export type { MuteRuleRead } from './tools/review/maintenance';
export { RULES as REVIEW_RULES } from './tools/review/rules';
export type { AlarmInContext, Finding, FindingLevel, ReviewContext, ReviewRule } from './tools/review/types';
export { diffAssemblies, type AlarmChange, type AssemblyDiff } from './tools/diff/diff';
export { estimateCost, type CostEstimate, type FreeTierCredit } from './tools/cost/estimate';
export type { CostLine } from './tools/cost/types';
export type { Usage } from './tools/cost/usage';
export { PRICE_TABLE, type PriceTable } from './tools/cost/prices';
/** The alarm evaluation engine (pure, no AWS), for replays and alarm tests in your own code. */
export * as alarmEngine from './tools/evaluate';
