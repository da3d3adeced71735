/**
 * CloudFront distributions (`DistributionId`, `Region=Global`) and the CloudFront Functions they run (a child
 * table by `FunctionName`). CloudFront publishes every metric in us-east-1 only, and an alarm must be in its
 * metric's Region: a config or stack in another Region is refused (`env.region`), and an environment-agnostic app
 * must deploy the stack holding these alarms to us-east-1 (their descriptions say so).
 */
import type { CfnDistribution, CfnFunction, CfnMonitoringSubscription } from 'aws-cdk-lib/aws-cloudfront';
import type { MonitoredResource } from '../telemetry-model';
import { parseDurationMs } from '../duration';
import { safeLabel } from '../naming';
import { awsId, requireRegion } from './aws-ids';
import { referencing, refersTo, type CfnLike } from './construct-refs';
import { offUnlessEnabled } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#CloudFront`;
const METRICS =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html';
const GLOBAL = { Region: 'Global' } as const;
const IN_US_EAST_1 = ' (CloudFront metrics are in us-east-1: this alarm must be deployed there)';

const DISTRIBUTION = defineTable({
  kind: 'cloudfront',
  title: 'CloudFront distribution',
  namespace: 'AWS/CloudFront',
  dimensions: ['DistributionId'],
  params: {
    errorRate: { default: 5, doc: '5xx error rate in percent of viewer requests.' },
    originLatency: { default: 5000, doc: 'p90 origin latency threshold in ms.' },
  },
  rows: [
    {
      id: 'serverErrorRate',
      signal: 'serverErrorRate',
      metric: { type: 'metric', metricName: '5xxErrorRate', stat: 'Average' },
      fixedDimensions: GLOBAL,
      threshold: { param: 'errorRate' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: '%',
      meaning: `More than {threshold} of viewer requests to {resource} end in a 5xx error${IN_US_EAST_1}`,
      firstStep:
        'check the origin (its health, timeouts, 502/504 in the additional metrics) and recent function or cache-behavior changes',
      source: SRC,
      why: 'AWS: "depends" on the tolerated error rate; 5 % for 5 minutes, the rate the API Gateway rows use. The metric is already a percentage of all requests, so a quiet night with one error in two requests can still fire: 5 consecutive minutes keep that rare. Viewers see these errors, so it pages.',
      implements: 'cloudfront-5xxerrorrate',
    },
    {
      id: 'originLatency',
      signal: 'originLatency',
      metric: { type: 'metric', metricName: 'OriginLatency', stat: 'p90' },
      fixedDimensions: GLOBAL,
      threshold: { param: 'originLatency' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'ignore',
      enabled: true,
      unit: 'ms',
      meaning: `{stat} origin latency of {resource} is above {threshold}${IN_US_EAST_1}`,
      firstStep:
        'look at the origin: its load, its dependencies, and the cache hit rate (misses reach the origin)',
      source: SRC,
      why: 'AWS: "depends", keep it below the origin response timeout (30 s by default); 5 s is a slow origin long before CloudFront gives up. OriginLatency exists only with additional metrics on (`additionalMetrics`, read from the construct; billed), so the row is off without them.',
      implements: 'cloudfront-originlatency',
    },
  ],
  signals: [
    { title: 'Requests', metricName: 'Requests', stat: 'Sum' },
    { title: '5xx error rate (%)', metricName: '5xxErrorRate', stat: 'Average' },
    { title: '4xx error rate (%)', metricName: '4xxErrorRate', stat: 'Average' },
    {
      title: 'Origin latency p90',
      unit: 'ms',
      metricName: 'OriginLatency',
      stat: 'p90',
      line: { param: 'originLatency', label: 'alarm' },
    },
  ],
  cost: [
    {
      item: 'CloudFront additional metrics (OriginLatency, cache hit rate, error rates by status)',
      perResource: 8,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: 'The origin-latency alarm needs additional metrics on the distribution, which CloudFront bills per distribution at CloudWatch custom-metric rates (https://aws.amazon.com/cloudfront/pricing/); off unless `additionalMetrics` is true.',
    },
  ],
});

const fnRow = (
  id: string,
  metricName: string,
  m: number,
  what: string,
  firstStep: string,
  implementsId: string,
  why: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Sum' },
  fixedDimensions: GLOBAL,
  threshold: 0,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [m, m],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning: `The CloudFront function {resource} ${what}${IN_US_EAST_1}`,
  firstStep,
  source: SRC,
  why,
  implements: implementsId,
});

const FUNCTION = defineTable({
  kind: 'cloudfrontFunction',
  title: 'CloudFront function',
  namespace: 'AWS/CloudFront',
  dimensions: ['DistributionId', 'FunctionName'],
  params: {},
  rows: [
    fnRow(
      'functionValidationErrors',
      'FunctionValidationErrors',
      2,
      'returns invalid responses (validation errors)',
      'fix the event object the function returns (status, headers) and test it with TestFunction',
      'cloudfront-functionvalidationerrors',
      "AWS: any validation error for 2 minutes; the viewer gets a 502. Warning: the distribution's 5xx rate pages when viewers feel it.",
    ),
    fnRow(
      'functionExecutionErrors',
      'FunctionExecutionErrors',
      5,
      'fails (execution errors)',
      'read the function logs in us-east-1 (/aws/cloudfront/function/<name>) and test it with TestFunction',
      'cloudfront-functionexecutionerrors',
      "AWS: any execution error for 5 minutes. Warning: the distribution's 5xx rate pages when viewers feel it.",
    ),
    fnRow(
      'functionThrottles',
      'FunctionThrottles',
      5,
      'is throttled: it exceeds its compute limit',
      'make the function cheaper (less work per request) or move heavy logic to Lambda@Edge',
      'cloudfront-functionthrottles',
      'AWS: any throttle for 5 minutes; a throttled function returns 503 to the viewer.',
    ),
    {
      id: 'functionCompute',
      signal: 'functionCompute',
      metric: { type: 'metric', metricName: 'FunctionComputeUtilization', stat: 'Maximum' },
      fixedDimensions: GLOBAL,
      threshold: 80,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: `The CloudFront function {resource} uses more than {threshold} of its compute limit${IN_US_EAST_1}`,
      firstStep: 'profile the function; at 100 % CloudFront throttles it',
      source: METRICS,
      why: "Not in AWS's list: the function's compute utilization (percent of the maximum allowed time); above 80 % for 5 minutes leaves room to act before throttling starts at 100 %.",
    },
  ],
  signals: [
    { title: 'Function invocations', metricName: 'FunctionInvocations', stat: 'Sum' },
    { title: 'Function compute utilization (%)', metricName: 'FunctionComputeUtilization', stat: 'Maximum' },
    { title: 'Function errors', metricName: 'FunctionExecutionErrors', stat: 'Sum' },
  ],
  cost: [],
});

const DISTRIBUTION_ID = /^E[A-Z0-9]{7,20}$/;
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export const cloudfront = defineKind({
  key: 'cloudfront',
  dashboard: 'edge',
  tables: [DISTRIBUTION, FUNCTION],
  account: [],
  config: {
    doc: 'CloudFront distributions and their CloudFront Functions. Metrics are in us-east-1 only: the app (env.region) or the stack must be in us-east-1.',
    schema: (k) => {
      const fields = {
        errorRate: k.number('5xx error rate in percent. Default 5.', 0.01, 100).optional(),
        originLatency: k.duration('p90 origin latency threshold. Default 5s.', '1ms', '180s').optional(),
      };
      return {
        entry: k.obj({
          id: awsId(
            k,
            DISTRIBUTION_ID,
            'E2QWRUHAPOMQZL',
            'The distribution id (the DistributionId dimension).',
          ),
          label: k.label,
          additionalMetrics: k.z
            .boolean()
            .optional()
            .describe('Whether additional metrics are on (billed): OriginLatency needs them. Default false.'),
          functions: k.z
            .array(
              awsId(
                k,
                FUNCTION_NAME,
                'a function name (letters, digits, "-", "_")',
                'A CloudFront function name.',
              ),
            )
            .max(100, { message: 'at most 100 functions per distribution' })
            .optional()
            .describe('CloudFront Functions the distribution runs (read from the construct).'),
          ...fields,
          alarms: k.alarms(DISTRIBUTION, FUNCTION),
        }),
        defaults: fields,
      };
    },
    resources: (e, ctx) => {
      requireRegion(ctx, 'CloudFront');
      const label = ctx.label(e.label, e.id);
      const overrides = ctx.overrides(e.alarms);
      const latency = e.originLatency ?? ctx.defaults.originLatency;
      const out: Array<MonitoredResource<'cloudfront' | 'cloudfrontFunction'>> = [
        {
          kind: 'cloudfront',
          label,
          dimensions: { DistributionId: e.id },
          params: ctx.params(DISTRIBUTION, {
            errorRate: e.errorRate ?? ctx.defaults.errorRate,
            originLatency: latency === undefined ? undefined : parseDurationMs(latency),
          }),
          overrides: e.additionalMetrics ? overrides : offUnlessEnabled(overrides, ['originLatency']),
          origin: ctx.origin(),
        },
      ];
      const seen = new Set<string>();
      (e.functions ?? []).forEach((name, j) => {
        if (seen.has(name)) return ctx.issue(['functions', j], `function "${name}" is listed twice`);
        seen.add(name);
        out.push({
          kind: 'cloudfrontFunction',
          label: ctx.isToken(name) ? safeLabel(`${label}-fn${j + 1}`) : safeLabel(`${label}-${name}`),
          dimensions: { DistributionId: e.id, FunctionName: name },
          params: {},
          overrides,
          origin: ctx.origin('functions', j),
        });
      });
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    id: `E2QWRUHAPOMQ${String(n).padStart(2, '0')}`,
    label: `shop-cdn-${n}`,
    additionalMetrics: true,
    functions: [`rewrite-uri-${n}`],
  }),
  construct: {
    cfnTypes: ['AWS::CloudFront::Distribution'],
    entry: (c, ctx) => {
      const dist = ctx.cfnOf<CfnDistribution & CfnLike>(c, 'AWS::CloudFront::Distribution');
      if (!dist) return undefined;
      // The CloudFront Functions the distribution's cache behaviors refer to (by Fn::GetAtt on their ARN).
      const config = ctx.resolve(dist, dist.distributionConfig);
      const functions = dist.stack.node
        .findAll()
        .filter((f) => (f as Partial<CfnLike>).cfnResourceType === 'AWS::CloudFront::Function')
        .filter((f) => refersTo(config, ctx.resolve(f, (f as CfnLike).logicalId) as string))
        .map((f) => (f as unknown as CfnFunction).name);
      // Additional metrics are a monitoring subscription on the distribution.
      const additionalMetrics = referencing<CfnMonitoringSubscription>(
        ctx,
        dist,
        'AWS::CloudFront::MonitoringSubscription',
        (m) => m.distributionId,
      ).some((m) => {
        const config = ctx.resolve(m, m.monitoringSubscription) as
          { realtimeMetricsSubscriptionConfig?: { realtimeMetricsSubscriptionStatus?: unknown } } | undefined;
        return config?.realtimeMetricsSubscriptionConfig?.realtimeMetricsSubscriptionStatus === 'Enabled';
      });
      return {
        id: dist.ref,
        label: ctx.label(c),
        additionalMetrics,
        ...(functions.length ? { functions } : {}),
      };
    },
  },
});
