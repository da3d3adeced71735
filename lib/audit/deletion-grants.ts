/**
 * Which IAM permissions could delete or shorten audit and archived data: objects and their versions, locks and
 * lifecycle of the buckets, log groups and their retention, the trail, the keys, the queue of undelivered alerts.
 * `deletionGrants(template)` lists every Allow statement of the template's IAM policies (inline, `AWS::IAM::Policy`,
 * `AWS::IAM::ManagedPolicy`) whose actions match one of them, wildcards included: the telemetry's own roles must
 * have none. Key policies are not IAM policies of a role and are not read; AWS managed policies attached by ARN
 * cannot be read from a template. Pure data: no CDK imports.
 */
import { globToRegExp } from '../util/glob';

/** Actions that delete audit or archived data or weaken what keeps it. */
export const DESTRUCTIVE_ACTIONS: readonly string[] = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketPolicy',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:BypassGovernanceRetention',
  'logs:DeleteLogGroup',
  'logs:DeleteLogStream',
  'logs:PutRetentionPolicy',
  'logs:DeleteRetentionPolicy',
  'logs:DeleteSubscriptionFilter',
  'logs:DeleteDataProtectionPolicy',
  'logs:DisassociateKmsKey',
  'cloudtrail:DeleteTrail',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:PutKeyPolicy',
  'firehose:DeleteDeliveryStream',
  'sqs:DeleteQueue',
  'sqs:PurgeQueue',
  'sqs:DeleteMessage',
];

/** One Allow statement that grants a destructive action. */
export interface DeletionGrant {
  /** Logical id of the policy (or role, for an inline policy). */
  readonly logicalId: string;
  /** The action as written (`s3:DeleteObject*`, `s3:*`...). */
  readonly action: string;
  /** The destructive actions it covers. */
  readonly covers: readonly string[];
}

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
}
interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

function documents(r: Resource): unknown[] {
  const p = r.Properties ?? {};
  if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') return [p.PolicyDocument];
  if (r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User' || r.Type === 'AWS::IAM::Group') {
    return ((p.Policies as Array<{ PolicyDocument?: unknown }> | undefined) ?? []).map(
      (x) => x.PolicyDocument,
    );
  }
  return [];
}

/** Every Allow statement of the template's IAM policies that grants a destructive action. */
export function deletionGrants(template: { readonly Resources?: Record<string, Resource> }): DeletionGrant[] {
  const out: DeletionGrant[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    for (const doc of documents(resource)) {
      const statements = ((doc as { Statement?: Statement | Statement[] } | undefined)?.Statement ?? []) as
        Statement | Statement[];
      for (const s of Array.isArray(statements) ? statements : [statements]) {
        if (s.Effect !== 'Allow') continue;
        const actions = typeof s.Action === 'string' ? [s.Action] : (s.Action ?? []);
        for (const action of actions) {
          if (typeof action !== 'string') continue;
          const re = globToRegExp(action, 'i'); // IAM actions are case-insensitive
          const covers = DESTRUCTIVE_ACTIONS.filter((d) => re.test(d));
          if (covers.length) out.push({ logicalId, action, covers });
        }
      }
    }
  }
  return out;
}
