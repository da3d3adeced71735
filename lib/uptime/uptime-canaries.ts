/**
 * `UptimeCanaries`: the CloudWatch Synthetics canaries of the uptime checks in a model, one artifacts bucket for
 * all of them (retained, encrypted, versioned, access-logged, expiring), and a least-privilege role per canary. The
 * canaries' alarms are not here: they are the `canary` kind's rows, planned with the service's other alarms.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { nagReference } from '../compliance/nag-reference';
import { acknowledgeInPacks, INLINE_POLICY_REASON } from '../compliance/acknowledge';
import { canaryCheckProblems, CANARY_NAME, type ServiceCanaryCheck } from '../model/uptime';
import { TelemetryPropsError } from '../util/errors';
import { RetainedBucket } from '../util/retained-bucket';
import { httpCheckScript } from './http-check';

/** At most this many canaries in one construct (each is a canary and a role: far below 500 resources). */
export const MAX_CANARIES = 100;
/** A journey's folder is packaged as the canary's code: at most this many bytes in its script file. */
export const MAX_SCRIPT_BYTES = 5 * 1024 * 1024;

export interface UptimeCanariesProps {
  /** The checks to create (`canaryChecksOf(model)`), at most {@link MAX_CANARIES}. */
  readonly checks: readonly ServiceCanaryCheck[];
  /**
   * Days run artifacts (screenshots, HAR files, logs) are kept in the bucket. Synthetics itself keeps run
   * records for `runRetentionDays`.
   * @default 90
   */
  readonly artifactsExpireAfterDays?: number;
  /** Days Synthetics keeps the records of successful and failed runs (1 to 455). @default 31 */
  readonly runRetentionDays?: number;
  /** A KMS key for the artifacts (SSE-KMS). @default - SSE-S3 (S3-managed keys) */
  readonly encryptionKey?: kms.IKey;
  /** Where journey scripts are looked up (`script` paths are relative to it). @default - process.cwd() */
  readonly baseDir?: string;
}

/** Creates the canaries of uptime checks, their artifacts bucket and their roles. */
export class UptimeCanaries extends Construct {
  /** The canaries, by canary name. */
  readonly canaries: ReadonlyMap<string, synthetics.Canary>;
  readonly artifacts: RetainedBucket;

  constructor(scope: Construct, id: string, props: UptimeCanariesProps) {
    super(scope, id);
    if (props.checks.length > MAX_CANARIES) {
      throw new TelemetryPropsError(
        this,
        `checks: ${props.checks.length} canaries; at most ${MAX_CANARIES} in one UptimeCanaries (split them over stacks)`,
      );
    }
    const runDays = props.runRetentionDays ?? 31;
    if (!Number.isInteger(runDays) || runDays < 1 || runDays > 455) {
      throw new TelemetryPropsError(this, `runRetentionDays ${runDays} must be a whole number from 1 to 455`);
    }
    const seen = new Set<string>();
    for (const c of props.checks) {
      if (!CANARY_NAME.test(c.name))
        throw new TelemetryPropsError(
          this,
          `${c.origin}: canary name "${c.name.slice(0, 40)}" must be 1-21 lower-case letters, digits, "-" or "_"`,
        );
      if (seen.has(c.name))
        throw new TelemetryPropsError(
          this,
          `${c.origin}: canary name "${c.name}" is used twice; canary names are unique in a Region`,
        );
      seen.add(c.name);
      const problems = canaryCheckProblems(c);
      if (problems.length) throw new TelemetryPropsError(this, `${c.origin}: ${problems.join('; ')}`);
    }
    this.artifacts = new RetainedBucket(this, 'Artifacts', {
      expireAfterDays: props.artifactsExpireAfterDays ?? 90,
      encryptionKey: props.encryptionKey,
    });
    if (!props.encryptionKey) {
      acknowledgeInPacks(
        this.artifacts.bucket,
        'S3DefaultEncryptionKMS',
        'Canary artifacts (screenshots, HAR files and logs of checks of public endpoints) are encrypted with S3-managed keys, which Synthetics writes without key grants; give UptimeCanaries an encryptionKey for SSE-KMS',
      );
    }
    const canaries = new Map<string, synthetics.Canary>();
    for (const check of props.checks) {
      canaries.set(check.name, this.canary(check, props, runDays));
    }
    this.canaries = canaries;
  }

  private canary(check: ServiceCanaryCheck, props: UptimeCanariesProps, runDays: number): synthetics.Canary {
    const id = `Canary-${check.name}`;
    const bucket = this.artifacts.bucket;
    const stack = Stack.of(this);
    const prefix = `canaries/${check.name}`;
    const logGroups = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `/aws/lambda/cwsyn-${check.name}-*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // The role of this canary only: its artifacts prefix, its own log groups (Synthetics names the function
    // cwsyn-<canary name>-<id>), metrics in the CloudWatchSynthetics namespace.
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the uptime check ${check.name} (service ${check.service}, cdk-telemetry)`,
      inlinePolicies: {
        canary: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['s3:PutObject'],
              resources: [bucket.arnForObjects(`${prefix}/*`)],
            }),
            new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }),
            new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }),
            new iam.PolicyStatement({
              actions: ['cloudwatch:PutMetricData'],
              resources: ['*'],
              conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
            }),
            new iam.PolicyStatement({
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroups],
            }),
          ],
        }),
      },
    });
    if (props.encryptionKey) props.encryptionKey.grantEncrypt(role);
    acknowledgeInPacks(role, 'IAMNoInlinePolicy', INLINE_POLICY_REASON);
    const ack = (resource: string, reason: string) =>
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagReference(role, resource)}]`,
        reason,
      });
    ack(
      '*',
      'Synthetics needs s3:ListAllMyBuckets, which has no resource-level permission, and cloudwatch:PutMetricData, which has none either and is limited to the CloudWatchSynthetics namespace by its condition',
    );
    ack(
      bucket.arnForObjects(`${prefix}/*`),
      `Run artifacts go under this canary's own prefix (${prefix}/), in objects Synthetics names by run time`,
    );
    ack(
      logGroups,
      `This canary's own log groups: Synthetics names its function cwsyn-${check.name}-<id>, an id generated when the canary is created`,
    );
    const test = check.test;
    let code: synthetics.Code;
    let handler: string;
    if (test.type === 'http') {
      code = synthetics.Code.fromInline(
        httpCheckScript(test, Math.max(1_000, check.timeoutSeconds * 1000 - 2_000)),
      );
      handler = 'index.handler';
    } else {
      const file = resolve(props.baseDir ?? process.cwd(), test.file);
      if (!existsSync(file) || !statSync(file).isFile())
        throw new TelemetryPropsError(
          this,
          `${check.origin}.script: ${test.file} is not a file (paths are relative to ${props.baseDir ?? process.cwd()})`,
        );
      const size = statSync(file).size;
      if (size > MAX_SCRIPT_BYTES)
        throw new TelemetryPropsError(
          this,
          `${check.origin}.script: ${test.file} is ${size} bytes; at most ${MAX_SCRIPT_BYTES}`,
        );
      code = synthetics.Code.fromAsset(dirname(file));
      handler = `${basename(file, extname(file))}.handler`;
    }
    const canary = new synthetics.Canary(this, id, {
      canaryName: check.name,
      runtime: new synthetics.Runtime(check.runtime, synthetics.RuntimeFamily.NODEJS),
      test: synthetics.Test.custom({ code, handler }),
      schedule: synthetics.Schedule.rate(Duration.seconds(check.everySeconds)),
      timeout: Duration.seconds(check.timeoutSeconds),
      role,
      artifactsBucketLocation: { bucket, prefix },
      ...(props.encryptionKey
        ? {
            artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.KMS,
            artifactS3KmsKey: props.encryptionKey,
          }
        : { artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.S3_MANAGED }),
      // Deleting the canary deletes the Lambda function and layer Synthetics created for it.
      provisionedResourceCleanup: true,
      successRetentionPeriod: Duration.days(runDays),
      failureRetentionPeriod: Duration.days(runDays),
    });
    canary.node.addMetadata('cdk-telemetry', { service: check.service, label: check.label });
    return canary;
  }
}
