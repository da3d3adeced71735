/**
 * KMS keys for CloudWatch Logs. A log group's key must let the regional Logs service principal use it, scoped to
 * log groups of this account and Region: `logs.LogGroup({ encryptionKey })` does not add that statement, and the
 * deployment then fails with "The specified KMS key does not exist or is not allowed to be used".
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Lets CloudWatch Logs encrypt log groups whose names match `logGroupNamePattern` with `key`. */
export function allowCloudWatchLogs(key: kms.IKey, logGroupNamePattern = '*'): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsEncryptsLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${logGroupNamePattern}`,
        },
      },
    }),
  );
}

/** Properties of {@link LogEncryptionKey}. */
export interface LogEncryptionKeyProps {
  /** Key alias (without `alias/`). @default - none */
  readonly alias?: string;
  /** @default 'Encrypts CloudWatch Logs log groups' */
  readonly description?: string;
  /** Log groups the key may encrypt, as a name pattern. @default '*' (any group of this account and Region) */
  readonly logGroupNamePattern?: string;
}

/** A customer-managed key with rotation on, usable by CloudWatch Logs. */
export class LogEncryptionKey extends Construct {
  /** The key (rotation on). */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: props.description ?? 'Encrypts CloudWatch Logs log groups',
      enableKeyRotation: true,
      ...(props.alias ? { alias: `alias/${props.alias}` } : {}),
    });
    allowCloudWatchLogs(this.key, props.logGroupNamePattern);
  }
}
