/**
 * cdk-telemetry: the public API. Constructs for any CDK stack, the telemetry model and its types, and the
 * functions that build the config-driven app.
 */

// Constructs
export * from './alerting/alerting';
export * from './alarms/service-monitoring';
export * from './alarms/alarm-set';
export * from './alarms/render';
export * from './stacks/core-stack';
export * from './stacks/monitoring-stack';
export * from './stacks/telemetry-app';
export * from './stacks/sharding';

// Model
export * from './model/alarm-spec';
export * from './model/alarm-rule';
export * from './model/catalog';
export * from './model/describe';
export * from './model/duration';
export * from './model/limits';
export * from './model/naming';
export * from './model/plan';
export * from './model/telemetry-model';
export * from './model/units';

// Dashboards
export * from './dashboards/cloudwatch-layout';
export * from './dashboards/cloudwatch-render';
export * from './dashboards/signals';

// Tools: the alarm evaluation engine (pure, no AWS), for replays and alarm tests in your own code
export * as alarmEngine from './tools/evaluate';

// Config
export { ConfigError, formatPath } from './config/errors';
export { loadModel, modelFromText, parseConfig } from './config/load';
export { telemetryJsonSchema } from './config/json-schema';
export type { TelemetryConfig, TelemetryConfigInput, ServiceConfig, AlarmOverride } from './config/schema';
export { TelemetryPropsError } from './util/errors';
