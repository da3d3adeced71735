/**
 * Route 53 health checks (`HealthCheckId`). Route 53 publishes health-check metrics in us-east-1 only, and an
 * alarm must be in its metric's Region: a config or stack in another Region is refused (`env.region`).
 */
import type { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import { awsId, requireRegion } from './aws-ids';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#Route53`;

const HEALTH_CHECK = defineTable({
  kind: 'route53HealthCheck',
  title: 'Route 53 health check',
  namespace: 'AWS/Route53',
  dimensions: ['HealthCheckId'],
  params: {},
  rows: [
    {
      id: 'healthCheckStatus',
      signal: 'healthCheckStatus',
      metric: { type: 'metric', metricName: 'HealthCheckStatus', stat: 'Average' },
      threshold: 1,
      comparison: 'LessThanThreshold',
      period: 60,
      datapoints: [3, 3],
      missing: 'breaching',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning:
        'The endpoint checked by {resource} is unhealthy (Route 53 health checkers fail it; alarm in us-east-1)',
      firstStep:
        'open the endpoint from outside AWS; check the health checkers’ failure reasons in the Route 53 console',
      source: SRC,
      why: 'AWS: Average below 1 for 3 minutes (1 healthy, 0 unhealthy). It pages: the health check is what users see of the endpoint. Route 53 reports every minute while the check exists, so silence (a deleted or disabled check) breaches.',
      implements: 'route53-healthcheckstatus',
    },
  ],
  signals: [
    { title: 'Health check status', metricName: 'HealthCheckStatus', stat: 'Minimum' },
    { title: 'Healthy checkers (%)', metricName: 'HealthCheckPercentageHealthy', stat: 'Average' },
    { title: 'Connection time', unit: 'ms', metricName: 'ConnectionTime', stat: 'Average' },
  ],
  cost: [],
});

const HEALTH_CHECK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const route53HealthCheck = defineKind({
  key: 'route53HealthCheck',
  dashboard: 'edge',
  tables: [HEALTH_CHECK],
  account: [],
  config: {
    doc: 'Route 53 health checks, by id. Metrics are in us-east-1 only: the app (env.region) or the stack must be in us-east-1.',
    schema: (k) => {
      const id = awsId(
        k,
        HEALTH_CHECK_ID,
        'a health check id (a UUID, e.g. abcdef11-2222-3333-4444-555555fedcba)',
        'The health check id (the HealthCheckId dimension).',
      );
      return {
        entry: k.z.union([id, k.obj({ id, label: k.label, alarms: k.alarms(HEALTH_CHECK) })]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      requireRegion(ctx, 'Route 53 (health checks)');
      const e = typeof entry === 'string' ? { id: entry } : entry;
      return [
        {
          kind: 'route53HealthCheck',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { HealthCheckId: e.id },
          params: {},
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    id: `abcdef11-2222-3333-4444-5555550000${String(n).padStart(2, '0')}`,
    label: `shop-home-${n}`,
  }),
  construct: {
    cfnTypes: ['AWS::Route53::HealthCheck'],
    entry: (c, ctx) => {
      const check = ctx.cfnOf<CfnHealthCheck>(c, 'AWS::Route53::HealthCheck');
      return check ? { id: check.attrHealthCheckId, label: ctx.label(c) } : undefined;
    },
  },
});
