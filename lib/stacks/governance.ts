/**
 * Adds the tracing, audit and logs stacks a model asks for, and enforces the retention tiers on every telemetry
 * stack. Called from `addTelemetryStacks`.
 */
import type { Stack, StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { encryptLogGroups } from '../logs/encrypt-log-groups';
import { enforceLogRetention } from '../logs/enforce-retention';
import { DEFAULT_RETENTION_TIERS } from '../model/retention';
import type { TelemetryModel } from '../model/telemetry-model';
import { insightSeverity } from '../tracing/insight-severity';
import { TelemetryAuditStack } from './audit-stack';
import { undeliveredQueueName } from './alert-topics';
import { TelemetryLogsStack } from './logs-stack';
import { TelemetryTracingStack } from './tracing-stack';

/** Whether EventBridge rules publish to the alert topics (audit alerts, X-Ray insight notifications). */
export function eventBridgePublishes(model: TelemetryModel): boolean {
  return (
    Boolean(model.audit?.alerts) ||
    Boolean(model.tracing?.groups.some((g) => insightSeverity(g) !== undefined))
  );
}

/** The governance stacks `addGovernanceStacks` created, each only when the model asks for it. */
export interface GovernanceStacks {
  /** X-Ray sampling, groups and ADOT, when the model has `tracing`. @default - none: the model has no tracing */
  readonly tracing?: TelemetryTracingStack;
  /** The audit trail and change alerts, when the model has `audit`. @default - none: the model has no audit */
  readonly audit?: TelemetryAuditStack;
  /**
   * Data protection, log encryption and the archive, when the model's `logs` needs a stack.
   * @default - none: the model's logs need no stack
   */
  readonly logs?: TelemetryLogsStack;
  /** Every stack created, in creation order. */
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
  const { app, tracing: t, audit: a, logs: l } = model;
  const { core, topicNamePrefix } = options;
  const tiers = l?.tiers ?? DEFAULT_RETENTION_TIERS;
  const id = (suffix: string) => `${app}-telemetry-${suffix}`;
  const props = (suffix: string, what: string): StackProps => ({
    ...options.common,
    stackName: id(suffix),
    description: `${app} telemetry: ${what} (cdk-telemetry)`,
  });

  let tracing: TelemetryTracingStack | undefined;
  if (t && (t.samplingRules.length || t.groups.length)) {
    const what = 'X-Ray sampling rules, trace groups and Insights notifications';
    tracing = new TelemetryTracingStack(scope, id('tracing'), {
      ...props('tracing', what),
      app,
      tracing: t,
      topicNamePrefix,
      deadLetterQueueName: undeliveredQueueName(topicNamePrefix),
    });
    tracing.addStackDependency(core, 'insight notifications publish to the core alert topics');
  }
  let audit: TelemetryAuditStack | undefined;
  if (a) {
    const what = 'CloudTrail audit trail and alerts on telemetry changes';
    audit = new TelemetryAuditStack(scope, id('audit'), {
      ...props('audit', what),
      app,
      audit: a,
      tiers,
      topicNamePrefix,
      deadLetterQueueName: undeliveredQueueName(topicNamePrefix),
    });
    audit.addStackDependency(core, 'change alerts publish to the core alert topics');
  }
  let logs: TelemetryLogsStack | undefined;
  if (l && (l.dataProtection || l.archive)) {
    logs = new TelemetryLogsStack(scope, id('logs'), {
      ...props('logs', 'log data protection and archive'),
      app,
      logs: l,
    });
  }
  const all = [tracing, audit, logs].filter((s): s is NonNullable<typeof s> => s !== undefined);
  return { tracing, audit, logs, all };
}

/**
 * Gives every log group of the telemetry stacks a tier (realtime unless assigned). Groups a service would create on
 * first use (Lambda functions of other capabilities) are created with their tier's retention. Unless
 * `logs.encryption` is false, every group without a key is KMS-encrypted (the logs stack's key there, a key per
 * stack elsewhere).
 */
export function enforceTelemetryLogRetention(stacks: readonly Stack[], model: TelemetryModel): void {
  const tiers = model.logs?.tiers ?? DEFAULT_RETENTION_TIERS;
  const encrypt = model.logs?.encryption ?? true;
  for (const s of stacks) {
    enforceLogRetention(s, tiers, { implicitLogGroups: 'create', reportChanges: false });
    if (encrypt) {
      encryptLogGroups(s, {
        keyFor: (stack) => (stack instanceof TelemetryLogsStack ? stack.key?.key : undefined),
        description: `Encrypts the log groups of ${s.stackName} (cdk-telemetry)`,
      });
    }
  }
}
