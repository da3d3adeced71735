/**
 * Redshift provisioned clusters (`ClusterIdentifier`): health, maintenance mode, CPU and disk space used, from
 * Redshift's CloudWatch metrics documentation (AWS's recommended-alarm list has no Redshift section).
 */
import type { CfnCluster } from 'aws-cdk-lib/aws-redshift';
import { defineKind, defineTable } from './types';

const SRC = 'https://docs.aws.amazon.com/redshift/latest/mgmt/metrics-listing.html';

const CLUSTER = defineTable({
  kind: 'redshift',
  title: 'Redshift cluster',
  namespace: 'AWS/Redshift',
  dimensions: ['ClusterIdentifier'],
  params: {
    maxDiskUsed: { default: 80, doc: 'Share of disk space used, in percent (`maxDiskUsed`, default 80).' },
  },
  rows: [
    {
      id: 'unhealthy',
      signal: 'unhealthy',
      metric: { type: 'metric', metricName: 'HealthStatus', stat: 'Minimum' },
      threshold: 1,
      comparison: 'LessThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning: '{resource} is unhealthy: it does not answer queries',
      firstStep:
        'check the cluster events and status in the console; a maintenance window shows as maintenance mode',
      source: SRC,
      why: "Not in AWS's list. HealthStatus is 1 while the cluster answers a health query every minute and 0 when it does not (it is 1 during maintenance, which MaintenanceMode reports). 5 minutes; critical: queries fail. Missing data is not breaching: a paused cluster publishes nothing.",
    },
    {
      id: 'maintenance',
      signal: 'maintenance',
      metric: { type: 'metric', metricName: 'MaintenanceMode', stat: 'Maximum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [1, 1],
      missing: 'notBreaching',
      severity: 'info',
      enabled: true,
      unit: 'count',
      meaning: '{resource} is in maintenance mode',
      firstStep:
        'expect queries to wait until the maintenance ends; move the maintenance window if it falls in busy hours',
      source: SRC,
      why: "Not in AWS's list. MaintenanceMode is 1 during maintenance, when the cluster may not answer: worth knowing (info), it explains other alarms.",
    },
    {
      id: 'cpu',
      signal: 'cpu',
      metric: { type: 'metric', metricName: 'CPUUtilization', stat: 'Average' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: 'CPU utilization of {resource} is above {threshold}',
      firstStep: 'look for expensive queries (STL_QUERY, query monitoring rules) or resize the cluster',
      source: SRC,
      why: "Not in AWS's list. Analytic queries use all CPU in bursts; above 90 % on average for 15 minutes means queries queue.",
    },
    {
      id: 'diskUsed',
      signal: 'diskUsed',
      metric: { type: 'metric', metricName: 'PercentageDiskSpaceUsed', stat: 'Maximum' },
      threshold: { param: 'maxDiskUsed' },
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: '{resource} uses more than {threshold} of its disk space',
      firstStep:
        'vacuum and drop unused tables, or add nodes; queries spill to disk and fail when it is full',
      source: SRC,
      why: "Not in AWS's list. Queries need free space for intermediate results: above 80 % for 15 minutes leaves time to act (`maxDiskUsed`).",
    },
  ],
  signals: [
    { title: 'CPU utilization (%)', metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Disk space used (%)', metricName: 'PercentageDiskSpaceUsed', stat: 'Maximum' },
    { title: 'Connections', metricName: 'DatabaseConnections', stat: 'Maximum' },
    { title: 'Health status', metricName: 'HealthStatus', stat: 'Minimum' },
  ],
  cost: [],
});

export const redshift = defineKind({
  key: 'redshift',
  dashboard: 'data',
  tables: [CLUSTER],
  account: [],
  config: {
    doc: 'Redshift provisioned clusters, by cluster identifier.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a cluster identifier'),
        k.obj({
          id: k.awsName('id').describe('The cluster identifier (the ClusterIdentifier dimension).'),
          label: k.label,
          maxDiskUsed: k
            .int('Share of disk space used to alarm above, in percent. Default 80.', 1, 99)
            .optional(),
          alarms: k.alarms(CLUSTER),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      return [
        {
          kind: 'redshift',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { ClusterIdentifier: e.id },
          params: ctx.params(CLUSTER, { maxDiskUsed: 'maxDiskUsed' in e ? e.maxDiskUsed : undefined }),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => `warehouse-${n}`,
  construct: {
    cfnTypes: ['AWS::Redshift::Cluster'],
    entry: (c, ctx) => {
      const cluster = ctx.cfnOf<CfnCluster>(c, 'AWS::Redshift::Cluster');
      return cluster ? { id: cluster.ref, label: ctx.label(c) } : undefined;
    },
  },
});
