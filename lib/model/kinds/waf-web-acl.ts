/**
 * AWS WAF web ACLs (AWS/WAFV2, `WebACL` is the ACL's CloudWatch metric name, `Rule=ALL` for the whole ACL):
 * regional ACLs by `Region`, CloudFront ACLs (a second table, without `Region`, metrics in us-east-1 only).
 */
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { requireRegion } from './aws-ids';
import type { CfnLike } from './construct-refs';
import { defineKind, defineTable, type CatalogRow, type KindCatalog } from './types';

const METRICS = 'https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html';
const ALL = { Rule: 'ALL' } as const;

const blocked: CatalogRow = {
  id: 'blockedRequests',
  signal: 'blockedRequests',
  metric: { type: 'metric', metricName: 'BlockedRequests', stat: 'Sum' },
  fixedDimensions: ALL,
  threshold: { param: 'maxBlocked' },
  comparison: 'GreaterThanThreshold',
  period: 300,
  datapoints: [2, 2],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: false,
  unit: 'count',
  meaning:
    '{resource} blocks more than {threshold} requests in 5 minutes: an attack, or a rule blocking real users',
  firstStep:
    'look at the sampled requests of the blocking rules: an attack pattern, or a new rule that matches real traffic',
  source: METRICS,
  why: "Not in AWS's list: a spike of blocked requests is only a spike against the ACL's normal level, which nobody knows at deploy time (every internet-facing ACL blocks scanners all day). Off until you set `maxBlocked` above your baseline and enable it; a CloudWatch anomaly-detection band is the other way.",
};

const signals: KindCatalog['signals'] = [
  { title: 'Allowed requests', metricName: 'AllowedRequests', stat: 'Sum' },
  { title: 'Blocked requests', metricName: 'BlockedRequests', stat: 'Sum' },
  { title: 'Counted requests', metricName: 'CountedRequests', stat: 'Sum' },
];
const params = { maxBlocked: { default: 1000, doc: 'Blocked requests per 5 minutes tolerated.' } };

const REGIONAL = defineTable({
  kind: 'wafWebAcl',
  title: 'WAF web ACL',
  namespace: 'AWS/WAFV2',
  dimensions: ['WebACL', 'Region'],
  params,
  rows: [blocked],
  signals,
  cost: [],
});

const CLOUDFRONT = defineTable({
  kind: 'wafWebAclCloudFront',
  title: 'WAF web ACL (CloudFront)',
  namespace: 'AWS/WAFV2',
  dimensions: ['WebACL'],
  params,
  rows: [{ ...blocked, id: 'cloudFrontBlockedRequests' }],
  signals,
  cost: [],
});

const METRIC_NAME = /^[\w-]{1,128}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export const wafWebAcl = defineKind({
  key: 'wafWebAcl',
  dashboard: 'edge',
  tables: [REGIONAL, CLOUDFRONT],
  account: [],
  config: {
    doc: 'AWS WAF web ACLs, by the metric name of their visibility config.',
    schema: (k) => ({
      entry: k.obj({
        metricName: k.z
          .string()
          .superRefine((v, c) => {
            if (!k.isToken(v) && !METRIC_NAME.test(v))
              c.addIssue({
                code: 'custom',
                message:
                  'metricName is 1-128 letters, digits, "-" or "_" (the web ACL’s VisibilityConfig MetricName)',
              });
          })
          .describe(
            'The web ACL’s CloudWatch metric name (VisibilityConfig.MetricName: the WebACL dimension, not the ACL name).',
          ),
        scope: k.z
          .enum(['REGIONAL', 'CLOUDFRONT'])
          .default('REGIONAL')
          .describe(
            'REGIONAL (ALB, API Gateway, AppSync, Cognito) or CLOUDFRONT (metrics in us-east-1). Default REGIONAL.',
          ),
        region: k.z
          .string()
          .regex(REGION, { message: 'region looks like eu-west-1' })
          .optional()
          .describe('The Region of a regional ACL (the Region dimension). Default: env.region.'),
        label: k.label,
        maxBlocked: k
          .int('Blocked requests per 5 minutes tolerated (alarm off until enabled).', 0, 1_000_000_000)
          .optional(),
        alarms: k.alarms(REGIONAL, CLOUDFRONT),
      }),
      defaults: {},
    }),
    resources: (e, ctx) => {
      const label = ctx.label(e.label, e.metricName);
      const common = {
        label,
        overrides: ctx.overrides(e.alarms),
        origin: ctx.origin(),
      };
      if (e.scope === 'CLOUDFRONT') {
        requireRegion(ctx, 'AWS WAF (CloudFront web ACLs)');
        return [
          {
            kind: 'wafWebAclCloudFront' as const,
            dimensions: { WebACL: e.metricName },
            params: ctx.params(CLOUDFRONT, { maxBlocked: e.maxBlocked }),
            ...common,
          },
        ];
      }
      const region = e.region ?? ctx.region;
      if (region === undefined) {
        ctx.issue(
          ['region'],
          'a regional web ACL’s metrics have a Region dimension: give `region` (or env.region)',
        );
        return [];
      }
      return [
        {
          kind: 'wafWebAcl' as const,
          dimensions: { WebACL: e.metricName, Region: region },
          params: ctx.params(REGIONAL, { maxBlocked: e.maxBlocked }),
          ...common,
        },
      ];
    },
    account: () => [],
  },
  // A team that has measured its baseline: the spike alarm on above it.
  example: (n) => ({
    metricName: `shopWebAcl${n}`,
    region: 'eu-west-1',
    label: `shop-waf-${n}`,
    maxBlocked: 5000,
    alarms: { blockedRequests: { enabled: true } },
  }),
  construct: {
    cfnTypes: ['AWS::WAFv2::WebACL'],
    entry: (c, ctx) => {
      const acl = ctx.cfnOf<CfnWebACL & CfnLike>(c, 'AWS::WAFv2::WebACL');
      if (!acl) return undefined;
      const visibility = ctx.resolve(acl, acl.visibilityConfig) as
        { metricName?: unknown; cloudWatchMetricsEnabled?: unknown } | undefined;
      const metricName = ctx.string(visibility?.metricName);
      if (!metricName || visibility?.cloudWatchMetricsEnabled === false) return undefined;
      const scope: 'CLOUDFRONT' | 'REGIONAL' =
        ctx.string(acl.scope) === 'CLOUDFRONT' ? 'CLOUDFRONT' : 'REGIONAL';
      const region = ctx.string((acl.stack as unknown as { region?: unknown }).region);
      return {
        metricName,
        scope,
        label: ctx.label(c),
        ...(scope === 'REGIONAL' && region ? { region } : {}),
      };
    },
  },
});
