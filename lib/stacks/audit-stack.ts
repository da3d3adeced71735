import { Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AuditTrail } from '../audit/audit-trail';
import { TelemetryChangeAlerts } from '../audit/change-alerts';
import { assignLogTier } from '../logs/enforce-retention';
import type { AuditModel } from '../model/audit';
import type { RetentionTiers } from '../model/retention';
import { AlertTopicsByName } from './alert-topics';

export interface TelemetryAuditStackProps extends StackProps {
  readonly app: string;
  readonly audit: AuditModel;
  readonly tiers: RetentionTiers;
  /** Alert topics are `<topicNamePrefix>-<severity>` (in the core stack). */
  readonly topicNamePrefix: string;
}

/** The audit trail (key, retained bucket, CloudWatch Logs at the compliance tier) and the change alerts. */
export class TelemetryAuditStack extends Stack {
  readonly trail: AuditTrail;
  readonly alerts?: TelemetryChangeAlerts;

  constructor(scope: Construct, id: string, props: TelemetryAuditStackProps) {
    super(scope, id, props);
    const a = props.audit;
    const lock = a.objectLock;
    this.trail = new AuditTrail(this, 'Audit', {
      trailName: a.trailName,
      readers: a.readers.map((arn) => new iam.ArnPrincipal(arn)),
      retentionDays: props.tiers.compliance,
      archiveAfterDays: a.archiveAfterDays,
      objectLock: lock
        ? lock.mode === 'compliance'
          ? s3.ObjectLockRetention.compliance(Duration.days(lock.days))
          : s3.ObjectLockRetention.governance(Duration.days(lock.days))
        : undefined,
      organizationId: a.organizationId,
      cloudWatchLogs: a.cloudWatchLogs,
      insights: a.insights,
    });
    if (this.trail.logGroup) assignLogTier(this.trail.logGroup, 'compliance');
    if (a.alerts) {
      this.alerts = new TelemetryChangeAlerts(this, 'Changes', {
        topic: new AlertTopicsByName(this, 'Topics', { topicNamePrefix: props.topicNamePrefix }).topic(
          a.alerts.severity,
        ),
        areas: a.alerts.areas,
        ignoreCloudFormation: a.alerts.ignoreCloudFormation,
        ruleNamePrefix: `${props.app}-telemetry`,
      });
    }
  }
}
