import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { LogDataProtection } from '../logs/data-protection';
import { LogEncryptionKey } from '../logs/encryption-key';
import { assignLogTier } from '../logs/enforce-retention';
import { LogArchive } from '../logs/log-archive';
import type { LogsModel } from '../model/logs';
import { objectLockRetention } from '../util/retained-bucket';

/** Properties of {@link TelemetryLogsStack}. */
export interface TelemetryLogsStackProps extends StackProps {
  /** The application's name, the prefix of the names the stack gives. */
  readonly app: string;
  /** What to create: data protection, encryption of the telemetry's log groups, the archive. */
  readonly logs: LogsModel;
}

/** `{account}` and `{region}` in a bucket name, filled in at deploy time. */
const bucketName = (name: string) =>
  name.includes('{')
    ? Fn.sub(name.replace('{account}', '${AWS::AccountId}').replace('{region}', '${AWS::Region}'))
    : name;

/** Data protection for the account's log groups, and the log archive. */
export class TelemetryLogsStack extends Stack {
  /** The key encrypting the telemetry's own log groups, when `logs.encryption` is on. */
  readonly key?: LogEncryptionKey;
  /** The account-level data protection policy, when `logs.dataProtection` is set. */
  readonly dataProtection?: LogDataProtection;
  /** The log archive, when `logs.archive` is set. */
  readonly archive?: LogArchive;

  constructor(scope: Construct, id: string, props: TelemetryLogsStackProps) {
    super(scope, id, props);
    const m = props.logs;
    if (m.encryption) {
      this.key = new LogEncryptionKey(this, 'Key', {
        alias: `${props.app}-telemetry-logs`,
        description: `Encrypts the ${props.app} telemetry log groups`,
      });
    }
    if (m.dataProtection) {
      this.dataProtection = new LogDataProtection(this, 'DataProtection', {
        identifiers: m.dataProtection.identifiers,
        customIdentifiers: m.dataProtection.custom,
        accountWide: true,
        policyName: `${props.app}-telemetry-data-protection`,
        findingsRetentionDays: m.tiers.compliance,
        encryptionKey: this.key?.key,
      });
      assignLogTier(this.dataProtection.findingsLogGroup, 'compliance');
    }
    if (m.archive) {
      const a = m.archive;
      this.archive = new LogArchive(this, 'Archive', {
        logGroups: a.logGroups.map((g, i) => ({
          logGroup: logs.LogGroup.fromLogGroupName(this, `Archived${i}`, g.logGroupName),
          filterPattern: g.filterPattern ? logs.FilterPattern.literal(g.filterPattern) : undefined,
        })),
        ...('existing' in a.bucket
          ? { bucket: s3.Bucket.fromBucketName(this, 'ArchiveBucket', a.bucket.existing) }
          : { bucketName: bucketName(a.bucket.name) }),
        expireAfterDays: m.tiers.compliance,
        objectLock: objectLockRetention(a.objectLock),
        transitions: a.transitions,
        encryptionKey: this.key?.key,
        extractMessages: a.extractMessages,
        errorLogRetentionDays: m.tiers.realtime,
      });
    }
  }
}
