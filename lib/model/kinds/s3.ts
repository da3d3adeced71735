/**
 * S3 buckets by their request metrics (`BucketName`, `FilterId`: a bucket metrics configuration, read from the
 * construct) and their replication rules (`SourceBucket`, `DestinationBucket`, `RuleId`): AWS's three S3 entries.
 * Request metrics exist only for a bucket with a metrics configuration (billed as custom metrics); without one
 * the construct hook says so.
 */
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { MonitoredResource } from '../telemetry-model';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#S3`;
const REQUEST_METRICS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-configurations.html';
const REPLICATION_METRICS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics.html';

const errors = (code: '4xx' | '5xx'): CatalogRow => ({
  id: `errors${code}`,
  signal: `errors${code}`,
  metric: { type: 'metric', metricName: `${code}Errors`, stat: 'Average' },
  threshold: 0.05,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [15, 15],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning:
    code === '4xx'
      ? 'More than 5 % of requests to {resource} fail with client errors (4xx)'
      : 'More than 5 % of requests to {resource} fail with server errors (5xx)',
  firstStep:
    code === '4xx'
      ? 'check bucket policies, object keys and presigned URLs of the failing clients (server access logs or CloudTrail data events)'
      : 'make sure clients retry with backoff, and spread request rates over more prefixes if S3 answers 503 Slow Down',
  source: SRC,
  why: `AWS: an Average above 0.05 (the metric is 0 or 1 per request, so 5 % of requests) for 15 minutes. Needs a bucket metrics configuration (the FilterId dimension): request metrics are off by default and billed as custom metrics. No requests publish nothing: not breaching.`,
  implements: `s3-${code}errors`,
});

const REQUESTS = defineTable({
  kind: 's3',
  title: 'S3 bucket (request metrics)',
  namespace: 'AWS/S3',
  dimensions: ['BucketName', 'FilterId'],
  params: {},
  rows: [errors('4xx'), errors('5xx')],
  signals: [
    { title: 'Requests', metricName: 'AllRequests', stat: 'Sum' },
    { title: '4xx error rate', metricName: '4xxErrors', stat: 'Average' },
    { title: '5xx error rate', metricName: '5xxErrors', stat: 'Average' },
    { title: 'First byte latency p90', unit: 'ms', metricName: 'FirstByteLatency', stat: 'p90' },
    { title: 'Bytes downloaded', metricName: 'BytesDownloaded', stat: 'Sum' },
  ],
  cost: [
    {
      item: 'S3 request metrics of a bucket metrics configuration (custom metrics)',
      perResource: 16,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `A metrics configuration publishes 16 request metrics per filter, billed at the custom-metric rate (${REQUEST_METRICS}); the 4xx and 5xx alarms need them.`,
    },
  ],
});

const REPLICATION = defineTable({
  kind: 's3Replication',
  title: 'S3 replication rule',
  namespace: 'AWS/S3',
  dimensions: ['SourceBucket', 'DestinationBucket', 'RuleId'],
  params: {},
  rows: [
    {
      id: 'replicationFailed',
      signal: 'replicationFailed',
      metric: { type: 'metric', metricName: 'OperationsFailedReplication', stat: 'Maximum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Objects of {resource} fail to replicate',
      firstStep:
        "check the replication role's permissions, the destination bucket's policy and KMS keys (S3 Event Notifications name the failure reason)",
      source: SRC,
      why: 'AWS: any failed operation every minute for 5 minutes. Needs replication metrics on the rule (S3 Replication Time Control, or Metrics enabled); no failures publish nothing: not breaching.',
      implements: 's3-operationsfailedreplication',
    },
  ],
  signals: [
    { title: 'Failed replication operations', metricName: 'OperationsFailedReplication', stat: 'Maximum' },
    { title: 'Replication latency', unit: 's', metricName: 'ReplicationLatency', stat: 'Maximum' },
    { title: 'Bytes pending replication', metricName: 'BytesPendingReplication', stat: 'Maximum' },
  ],
  cost: [
    {
      item: 'S3 replication metrics of a rule (custom metrics)',
      perResource: 4,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `Replication metrics (bytes and operations pending, latency, failed operations) are billed at the custom-metric rate (${REPLICATION_METRICS}).`,
    },
  ],
});

export const s3 = defineKind({
  key: 's3',
  dashboard: 'data',
  tables: [REQUESTS, REPLICATION],
  account: [],
  config: {
    doc: 'S3 buckets: request metrics by their metrics configuration (filter), and replication rules.',
    schema: (k) => ({
      entry: k
        .obj({
          name: k.awsName('name').describe('The bucket name.'),
          label: k.label,
          filter: k
            .awsName('filter')
            .optional()
            .describe(
              "The id of the bucket's metrics configuration (the FilterId dimension), e.g. EntireBucket: adds the 4xx and 5xx alarms. Read from the construct; without one the bucket publishes no request metrics.",
            ),
          replication: k.z
            .array(
              k.obj({
                destination: k.awsName('destination').describe('The destination bucket name.'),
                rule: k.z.string().min(1).max(255).describe('The replication rule id.'),
              }),
            )
            .max(1000, { message: 'a bucket has at most 1,000 replication rules' })
            .optional()
            .describe(
              'Replication rules with replication metrics: adds the failed-replication alarm. Read from the construct.',
            ),
          alarms: k.alarms(REQUESTS, REPLICATION),
        })
        .refine((e) => e.filter !== undefined || (e.replication?.length ?? 0) > 0, {
          message:
            'an S3 bucket needs a filter (its request metrics configuration id, e.g. EntireBucket) or replication rules: S3 publishes no request metrics without one',
        }),
      defaults: {},
    }),
    resources: (e, ctx) => {
      const label = ctx.label(e.label, e.name);
      const overrides = ctx.overrides(e.alarms);
      const out: Array<MonitoredResource<'s3' | 's3Replication'>> = [];
      if (e.filter !== undefined)
        out.push({
          kind: 's3',
          label,
          dimensions: { BucketName: e.name, FilterId: e.filter },
          params: {},
          overrides,
          origin: ctx.origin('filter'),
        });
      (e.replication ?? []).forEach((r, i) =>
        out.push({
          kind: 's3Replication',
          label: `${label}-${ctx.isToken(r.rule) ? i + 1 : r.rule}`,
          dimensions: { SourceBucket: e.name, DestinationBucket: r.destination, RuleId: r.rule },
          params: {},
          overrides,
          origin: ctx.origin('replication', i),
        }),
      );
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    name: `invoices-${n}`,
    filter: 'EntireBucket',
    replication: [{ destination: `invoices-${n}-dr`, rule: 'to-dr' }],
  }),
  construct: {
    cfnTypes: ['AWS::S3::Bucket'],
    entry: (c, ctx) => {
      const bucket = ctx.cfnOf<CfnBucket>(c, 'AWS::S3::Bucket');
      if (!bucket) return undefined;
      const configs = ctx.resolve(bucket, bucket.metricsConfigurations);
      // Resolved properties keep the L1's camelCase names; an L1 may be given CloudFormation's.
      const list = (Array.isArray(configs) ? configs : []) as Array<Record<string, unknown>>;
      const get = (o: Record<string, unknown> | undefined, key: string) =>
        o?.[key] ?? o?.[key[0].toUpperCase() + key.slice(1)];
      // The whole-bucket configuration if there is one (no prefix or tag filter), else the first.
      const whole =
        list.find((m) => get(m, 'prefix') === undefined && get(m, 'tagFilters') === undefined) ?? list[0];
      const filter = ctx.string(get(whole, 'id'));
      // Rules as written (camelCase, tokens unresolved), so a destination bucket in the same stack gives its name.
      const replication = bucket.replicationConfiguration as
        | {
            rules?: Array<{
              id?: unknown;
              destination?: { bucket?: unknown; metrics?: { status?: unknown } };
            }>;
          }
        | undefined;
      const rules = (Array.isArray(replication?.rules) ? replication.rules : []).flatMap((r) => {
        const rule = ctx.string(r.id);
        const arn = r.destination?.bucket;
        const name =
          ctx.string(arn)?.replace(/^arn:[^:]+:s3:::/, '') ??
          ctx.referenced<CfnBucket>(c, arn, 'AWS::S3::Bucket')?.ref;
        if (!rule || !name || ctx.string(r.destination?.metrics?.status) !== 'Enabled') return [];
        return [{ destination: name, rule }];
      });
      if (filter === undefined && rules.length === 0) {
        ctx.warn(
          c,
          'cdk-telemetry:s3RequestMetrics',
          'cdk-telemetry: S3 bucket not monitored: it has no request metrics configuration (add metrics: [{ id: "EntireBucket" }]) and no replication rule with metrics, so CloudWatch has nothing to alarm on',
        );
        return undefined;
      }
      return {
        name: bucket.ref,
        label: ctx.label(c),
        ...(filter !== undefined ? { filter } : {}),
        ...(rules.length ? { replication: rules } : {}),
      };
    },
  },
});
