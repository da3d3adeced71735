/**
 * `AuditTrail`: a multi-Region CloudTrail trail with log-file validation, encrypted with a customer-managed key
 * whose policy lets CloudTrail encrypt (only for this trail) and named readers decrypt, written to a versioned,
 * SSL-only, access-logged bucket that blocks public access and is retained when the stack is deleted (Object Lock
 * on request), and delivered to CloudWatch Logs for the compliance tier. Optionally an organization trail.
 *
 * aws-cdk-lib's `Trail` does not touch the key policy and creates a bucket without access logs: both are done here.
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { isTrailName, MAX_TRAIL_READERS, TRAIL_NAME_RULE } from '../model/audit';
import { DEFAULT_RETENTION_TIERS, isValidRetention } from '../model/retention';
import { acknowledgeInPacks, INLINE_POLICY_REASON } from '../compliance/acknowledge';
import { allowCloudWatchLogs } from '../logs/encryption-key';
import { TelemetryPropsError } from '../util/errors';
import { RetainedBucket } from '../util/retained-bucket';

/** Properties of {@link AuditTrail}. */
export interface AuditTrailProps {
  /** Trail name, 3-128 characters (part of the ARN the key and bucket policies allow). */
  readonly trailName: string;
  /**
   * Principals that may read and decrypt the log files, at most 50 (each is named in the key and bucket policies).
   * @default - none (the account can grant through IAM)
   */
  readonly readers?: readonly iam.IPrincipal[];
  /** Days the trail is kept, in S3 and in CloudWatch Logs. @default 2557 (seven years, the compliance tier) */
  readonly retentionDays?: number;
  /** Days before log files move to Glacier Instant Retrieval. @default 90 */
  readonly archiveAfterDays?: number;
  /**
   * S3 Object Lock default retention (only when the bucket is created), 1 day to `retentionDays`.
   * @default - no lock
   */
  readonly objectLock?: s3.ObjectLockRetention;
  /** AWS Organizations id: an organization trail (deploy from the management account). @default - this account */
  readonly organizationId?: string;
  /** Deliver to CloudWatch Logs too. @default true */
  readonly cloudWatchLogs?: boolean;
  /** CloudTrail Insights on API call and error rates (billed per event analysed). @default false */
  readonly insights?: boolean;
  /** @default - a new key, rotation on */
  readonly encryptionKey?: kms.Key;
  /** Bucket name. @default - generated (a retained bucket with a fixed name blocks re-creating the stack) */
  readonly bucketName?: string;
}

/**
 * A multi-Region CloudTrail trail with log-file validation, encrypted with a customer-managed key whose policy lets
 * CloudTrail encrypt (only for this trail) and named readers decrypt, written to a versioned, SSL-only,
 * access-logged bucket that blocks public access and is retained when the stack is deleted (Object Lock on
 * request), and delivered to CloudWatch Logs for the compliance tier. Optionally an organization trail.
 */
export class AuditTrail extends Construct {
  /** The CloudTrail trail. */
  readonly trail: cloudtrail.Trail;
  /** The key encrypting the trail's files (and its log group). */
  readonly key: kms.Key;
  /** The bucket the trail writes to (retained when the stack is deleted). */
  readonly bucket: s3.Bucket;
  /** The CloudWatch Logs log group the trail delivers to, when `cloudWatchLogs` is on. */
  readonly logGroup?: logs.LogGroup;
  /** ARN of the trail, as the policies name it. */
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { trailName } = props;
    if (!isTrailName(trailName)) {
      throw new TelemetryPropsError(this, `trailName "${trailName}" must be ${TRAIL_NAME_RULE}`);
    }
    const retentionDays = props.retentionDays ?? DEFAULT_RETENTION_TIERS.compliance;
    const archiveAfterDays = props.archiveAfterDays ?? 90;
    if (props.cloudWatchLogs !== false && !isValidRetention(retentionDays)) {
      throw new TelemetryPropsError(
        this,
        `retentionDays ${retentionDays} is not a retention CloudWatch Logs accepts`,
      );
    }
    if (props.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      throw new TelemetryPropsError(
        this,
        `organizationId "${props.organizationId}" must look like o-a1b2c3d4e5`,
      );
    }
    if ((props.readers?.length ?? 0) > MAX_TRAIL_READERS) {
      throw new TelemetryPropsError(
        this,
        `readers: ${props.readers!.length} principals; at most ${MAX_TRAIL_READERS} (each is named in the key and bucket policies, which have size limits): grant a role and let people assume it`,
      );
    }
    this.trailArn = `arn:${Aws.PARTITION}:cloudtrail:${Aws.REGION}:${Aws.ACCOUNT_ID}:trail/${trailName}`;
    const fromThisTrail = { StringEquals: { 'aws:SourceArn': this.trailArn } };
    const trailContext = `arn:${Aws.PARTITION}:cloudtrail:*:${Aws.ACCOUNT_ID}:trail/*`;
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');

    this.key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: `Encrypts the ${trailName} audit trail`,
        enableKeyRotation: true,
      });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsLogFiles',
        principals: [cloudTrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          ...fromThisTrail,
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContext },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesKey',
        principals: [cloudTrail],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: fromThisTrail,
      }),
    );
    if (props.readers?.length) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'ReadersDecryptLogFiles',
          principals: [...props.readers],
          actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
          resources: ['*'],
          conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContext } },
        }),
      );
    }

    const storage = new RetainedBucket(this, 'Storage', {
      bucketName: props.bucketName,
      encryptionKey: this.key,
      expireAfterDays: retentionDays,
      transitions:
        archiveAfterDays < retentionDays
          ? [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, days: archiveAfterDays }]
          : [],
      objectLock: props.objectLock,
    });
    this.bucket = storage.bucket;
    // aws-cdk-lib's statements let CloudTrail write without naming the trail: refuse any other trail.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyThisTrailWrites',
        effect: iam.Effect.DENY,
        principals: [cloudTrail],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceArn': this.trailArn } },
      }),
    );
    if (props.readers?.length) {
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'ReadersReadLogFiles',
          principals: [...props.readers],
          actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
          resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        }),
      );
    }

    if (props.cloudWatchLogs !== false) {
      allowCloudWatchLogs(this.key);
      this.logGroup = new logs.LogGroup(this, 'Logs', {
        retention: retentionDays,
        encryptionKey: this.key,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: props.cloudWatchLogs !== false,
      cloudWatchLogGroup: this.logGroup,
      isOrganizationTrail: props.organizationId !== undefined,
      orgId: props.organizationId,
      insightTypes: props.insights
        ? [cloudtrail.InsightType.API_CALL_RATE, cloudtrail.InsightType.API_ERROR_RATE]
        : undefined,
    });
    // aws-cdk-lib's Trail gives its CloudWatch Logs role an inline policy (write to this trail's group only).
    acknowledgeInPacks(this.trail, 'IAMNoInlinePolicy', INLINE_POLICY_REASON);
  }
}
