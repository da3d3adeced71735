/**
 * S3 Object Lambda access points (`AccessPointName`, `DataSourceARN`): AWS's three entries (4xx, 5xx and the
 * function's 4xx answers), from the access point's request metrics.
 */
import type { CfnAccessPoint } from 'aws-cdk-lib/aws-s3objectlambda';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#S3ObjectLambda`;
const METRICS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-cloudwatch.html';

const rate = (id: string, metricName: string, what: string, firstStep: string): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Average' },
  threshold: 0.05,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [15, 15],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning: `More than 5 % of requests to {resource} ${what}`,
  firstStep,
  source: SRC,
  why: "AWS: an Average above 0.05 (0 or 1 per request: 5 % of requests) for 15 minutes. Needs the access point's request metrics; no requests publish nothing: not breaching.",
  implements: `s3-object-lambda-${metricName.toLowerCase()}`,
});

const ACCESS_POINT = defineTable({
  kind: 's3ObjectLambda',
  title: 'S3 Object Lambda access point',
  namespace: 'AWS/S3/ObjectLambda',
  dimensions: ['AccessPointName', 'DataSourceARN'],
  params: {},
  rows: [
    rate(
      'errors4xx',
      '4xxErrors',
      'fail with client errors (4xx)',
      "check the callers' permissions on the access point and the function",
    ),
    rate(
      'errors5xx',
      '5xxErrors',
      'fail with server errors (5xx)',
      "check the function's errors and timeouts in its logs",
    ),
    rate(
      'lambdaResponse4xx',
      'LambdaResponse4xx',
      'get a 4xx answer from the transforming function',
      'check what the function answers with WriteGetObjectResponse (its status codes) in its logs',
    ),
  ],
  signals: [
    { title: 'Requests', metricName: 'AllRequests', stat: 'Sum' },
    { title: '5xx error rate', metricName: '5xxErrors', stat: 'Average' },
    { title: 'Lambda 4xx rate', metricName: 'LambdaResponse4xx', stat: 'Average' },
    { title: 'Total request latency p90', unit: 'ms', metricName: 'TotalRequestLatency', stat: 'p90' },
  ],
  cost: [
    {
      item: 'S3 Object Lambda request metrics (custom metrics)',
      perResource: 14,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `Request metrics of an Object Lambda access point are opt-in and billed at the custom-metric rate (${METRICS}); the alarms need them.`,
    },
  ],
});

export const s3ObjectLambda = defineKind({
  key: 's3ObjectLambda',
  dashboard: 'data',
  tables: [ACCESS_POINT],
  account: [],
  config: {
    doc: 'S3 Object Lambda access points, by name and supporting access point.',
    schema: (k) => ({
      entry: k.obj({
        name: k
          .awsName('name')
          .describe('The Object Lambda access point name (the AccessPointName dimension).'),
        dataSource: k.z
          .string()
          .min(1)
          .max(2048)
          .describe(
            'The ARN of the supporting access point the data comes from (the DataSourceARN dimension).',
          ),
        label: k.label,
        alarms: k.alarms(ACCESS_POINT),
      }),
      defaults: {},
    }),
    resources: (e, ctx) => [
      {
        kind: 's3ObjectLambda',
        label: ctx.label(e.label, e.name),
        dimensions: { AccessPointName: e.name, DataSourceARN: e.dataSource },
        params: {},
        overrides: ctx.overrides(e.alarms),
        origin: ctx.origin(),
      },
    ],
    account: () => [],
  },
  example: (n) => ({
    name: `thumbnails-${n}`,
    dataSource: `arn:aws:s3:eu-west-1:123456789012:accesspoint/images-${n}`,
  }),
  construct: {
    cfnTypes: ['AWS::S3ObjectLambda::AccessPoint'],
    entry: (c, ctx) => {
      const ap = ctx.cfnOf<CfnAccessPoint>(c, 'AWS::S3ObjectLambda::AccessPoint');
      if (!ap) return undefined;
      const conf = ap.objectLambdaConfiguration as
        { supportingAccessPoint?: unknown; cloudWatchMetricsEnabled?: unknown } | undefined;
      const source = conf?.supportingAccessPoint;
      if (typeof source !== 'string') return undefined;
      if (conf?.cloudWatchMetricsEnabled !== true) {
        ctx.warn(
          c,
          'cdk-telemetry:s3ObjectLambdaMetrics',
          'cdk-telemetry: S3 Object Lambda access point not monitored: its CloudWatch request metrics are off (cloudWatchMetricsEnabled: true turns them on)',
        );
        return undefined;
      }
      return { name: ap.ref, dataSource: source, label: ctx.label(c) };
    },
  },
});
