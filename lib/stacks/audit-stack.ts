import { Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { AuditTrail } from '../audit/audit-trail';
import { TelemetryChangeAlerts } from '../audit/change-alerts';
import { assignLogTier } from '../logs/enforce-retention';
import type { AuditModel } from '../model/audit';
import type { RetentionTiers } from '../model/retention';
import { objectLockRetention } from '../util/retained-bucket';
import { AlertTopicsByName } from './alert-topics';

/** Properties of {@link TelemetryAuditStack}. */
export interface TelemetryAuditStackProps extends StackProps {
  /** The application's name, the prefix of the names the stack gives. */
  readonly app: string;
  /** The trail, its readers, Object Lock and change alerts. */
  readonly audit: AuditModel;
  /** The retention tiers; the trail's log group gets the compliance tier. */
  readonly tiers: RetentionTiers;
  /** Alert topics are `<topicNamePrefix>-<severity>` (in the core stack). */
  readonly topicNamePrefix: string;
  /** The core stack's queue of undelivered alerts, by name. @default - a queue of the audit stack's own */
  readonly deadLetterQueueName?: string;
}

/** The audit trail (key, retained bucket, CloudWatch Logs at the compliance tier) and the change alerts. */
export class TelemetryAuditStack extends Stack {
  /** The CloudTrail trail with its key, bucket and log group. */
  readonly trail: AuditTrail;
  /** The alerts on changes to the telemetry, when `audit.alerts` is set. */
  readonly alerts?: TelemetryChangeAlerts;

  constructor(scope: Construct, id: string, props: TelemetryAuditStackProps) {
    super(scope, id, props);
    const a = props.audit;
    this.trail = new AuditTrail(this, 'Audit', {
      trailName: a.trailName,
      readers: a.readers.map((arn) => new iam.ArnPrincipal(arn)),
      retentionDays: props.tiers.compliance,
      archiveAfterDays: a.archiveAfterDays,
      objectLock: objectLockRetention(a.objectLock),
      organizationId: a.organizationId,
      cloudWatchLogs: a.cloudWatchLogs,
      insights: a.insights,
    });
    if (this.trail.logGroup) assignLogTier(this.trail.logGroup, 'compliance');
    if (a.alerts) {
      const topics = new AlertTopicsByName(this, 'Topics', {
        topicNamePrefix: props.topicNamePrefix,
        deadLetterQueueName: props.deadLetterQueueName,
      });
      this.alerts = new TelemetryChangeAlerts(this, 'Changes', {
        topic: topics.topic(a.alerts.severity),
        deadLetterQueue: topics.deadLetterQueue,
        areas: a.alerts.areas,
        ignoreCloudFormation: a.alerts.ignoreCloudFormation,
        ruleNamePrefix: `${props.app}-telemetry`,
      });
    }
  }
}
