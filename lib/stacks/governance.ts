/**
 * Adds the tracing, audit and logs stacks a model asks for, and enforces the retention tiers on every telemetry
 * stack. Called from `addTelemetryStacks`.
 */
import type { Stack, StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { enforceLogRetention } from '../logs/enforce-retention';
import { DEFAULT_RETENTION_TIERS } from '../model/retention';
import type { TelemetryModel } from '../model/telemetry-model';
import { TelemetryAuditStack } from './audit-stack';
import { TelemetryLogsStack } from './logs-stack';
import { TelemetryTracingStack } from './tracing-stack';

/** Whether EventBridge rules publish to the alert topics (audit alerts, X-Ray insight notifications). */
export function eventBridgePublishes(model: TelemetryModel): boolean {
  return Boolean(model.audit?.alerts) || Boolean(model.tracing?.groups.some((g) => g.notify));
}

export interface GovernanceStacks {
  readonly tracing?: TelemetryTracingStack;
  readonly audit?: TelemetryAuditStack;
  readonly logs?: TelemetryLogsStack;
  readonly all: readonly Stack[];
}

export interface GovernanceStacksOptions {
  /** Props every telemetry stack shares (env, tags, template formatting). */
  readonly common: StackProps;
  /** The stack holding the alert topics. */
  readonly core: Stack;
  /** Alert topics are `<topicNamePrefix>-<severity>`. */
  readonly topicNamePrefix: string;
}

export function addGovernanceStacks(
  scope: Construct,
  model: TelemetryModel,
  options: GovernanceStacksOptions,
): GovernanceStacks {
  const { app } = model;
  const tiers = model.logs?.tiers ?? DEFAULT_RETENTION_TIERS;
  const stack = <T extends Stack>(suffix: string, what: string, make: (id: string, props: StackProps) => T) =>
    make(`${app}-telemetry-${suffix}`, {
      ...options.common,
      stackName: `${app}-telemetry-${suffix}`,
      description: `${app} telemetry: ${what} (cdk-telemetry)`,
    });

  let tracing: TelemetryTracingStack | undefined;
  if (model.tracing && (model.tracing.samplingRules.length || model.tracing.groups.length)) {
    const t = model.tracing;
    tracing = stack(
      'tracing',
      'X-Ray sampling rules, trace groups and Insights notifications',
      (id, props) =>
        new TelemetryTracingStack(scope, id, {
          ...props,
          app,
          tracing: t,
          topicNamePrefix: options.topicNamePrefix,
        }),
    );
    tracing.addStackDependency(options.core, 'insight notifications publish to the core alert topics');
  }
  let audit: TelemetryAuditStack | undefined;
  if (model.audit) {
    const a = model.audit;
    audit = stack(
      'audit',
      'CloudTrail audit trail and alerts on telemetry changes',
      (id, props) =>
        new TelemetryAuditStack(scope, id, {
          ...props,
          app,
          audit: a,
          tiers,
          topicNamePrefix: options.topicNamePrefix,
        }),
    );
    audit.addStackDependency(options.core, 'change alerts publish to the core alert topics');
  }
  let logs: TelemetryLogsStack | undefined;
  if (model.logs && (model.logs.dataProtection || model.logs.archive)) {
    const l = model.logs;
    logs = stack(
      'logs',
      'log data protection and archive',
      (id, props) => new TelemetryLogsStack(scope, id, { ...props, app, logs: l }),
    );
  }
  const all = [tracing, audit, logs].filter((s): s is NonNullable<typeof s> => s !== undefined);
  return { tracing, audit, logs, all };
}

/**
 * Gives every log group of the telemetry stacks a tier (realtime unless assigned). Groups a service would create on
 * first use (Lambda functions of other capabilities) are created with their tier's retention.
 */
export function enforceTelemetryLogRetention(stacks: readonly Stack[], model: TelemetryModel): void {
  const tiers = model.logs?.tiers ?? DEFAULT_RETENTION_TIERS;
  for (const s of stacks)
    enforceLogRetention(s, tiers, { implicitLogGroups: 'create', reportChanges: false });
}
