/**
 * EC2 Auto Scaling groups (`AutoScalingGroupName`): in-service capacity below the group's minimum (AWS's
 * recommended alarm; the minimum read from the construct), instances stuck pending, and the group's CPU. The group
 * metrics exist only with metrics collection on (free, 1-minute): read from the construct, refused without it.
 */
import type { CfnAutoScalingGroup } from 'aws-cdk-lib/aws-autoscaling';
import { numberOf } from './construct-refs';
import { offUnlessEnabled } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#AutoScaling`;
const GROUP_METRICS = 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html';

const GROUP = defineTable({
  kind: 'autoScalingGroup',
  title: 'Auto Scaling group',
  namespace: 'AWS/AutoScaling',
  dimensions: ['AutoScalingGroupName'],
  params: {
    minCapacity: { default: 1, doc: "The group's minimum capacity (MinSize; read from the construct)." },
  },
  rows: [
    {
      id: 'inServiceCapacity',
      signal: 'inServiceCapacity',
      metric: { type: 'metric', metricName: 'GroupInServiceCapacity', stat: 'Average' },
      threshold: { param: 'minCapacity' },
      comparison: 'LessThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} has less than {threshold} capacity in service, below its minimum',
      firstStep:
        "read the group's scaling activities for launch failures (capacity, quotas, a broken launch template)",
      source: SRC,
      why: 'AWS: "depends", the minimum capacity the workload needs; the group\'s own minimum (MinSize, read from the construct) is that floor. Off for a group with a minimum of 0.',
      implements: 'autoscaling-groupinservicecapacity',
    },
    {
      id: 'pendingCapacity',
      signal: 'pendingCapacity',
      metric: { type: 'metric', metricName: 'GroupPendingCapacity', stat: 'Minimum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Instances of {resource} stay pending and do not come into service',
      firstStep: 'look for failing health checks or a lifecycle hook that never completes',
      source: GROUP_METRICS,
      why: "Not in AWS's list; an instance is pending for a few minutes while it starts: capacity pending in every minute for 15 minutes means instances never become healthy.",
    },
    {
      id: 'cpu',
      signal: 'cpu',
      namespace: 'AWS/EC2',
      metric: { type: 'metric', metricName: 'CPUUtilization', stat: 'Average' },
      threshold: 80,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: 'Average CPU utilization of the instances of {resource} is above {threshold}',
      firstStep:
        'check that scaling policies scale out on this load and that the maximum size is not reached',
      source: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html',
      why: "AWS's EC2 CPU entry (80 % for 15 minutes) for the group as a whole: EC2 publishes CPUUtilization by AutoScalingGroupName.",
    },
  ],
  signals: [
    { title: 'In-service capacity', metricName: 'GroupInServiceCapacity', stat: 'Average' },
    { title: 'Desired capacity', metricName: 'GroupDesiredCapacity', stat: 'Average' },
    { title: 'Pending capacity', metricName: 'GroupPendingCapacity', stat: 'Maximum' },
    { title: 'CPU utilization (%)', namespace: 'AWS/EC2', metricName: 'CPUUtilization', stat: 'Average' },
  ],
  cost: [],
});

export const autoScalingGroup = defineKind({
  key: 'autoScalingGroup',
  dashboard: 'compute',
  tables: [GROUP],
  account: [],
  config: {
    doc: 'EC2 Auto Scaling groups, by name (group metrics collection must be on).',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a group name'),
        k.obj({
          name: k.z.string().min(1).max(255).describe('The group name. May be a token with a label.'),
          label: k.label,
          minCapacity: k
            .int("The group's minimum capacity (MinSize). Read from the construct. Default 1.", 0, 100_000)
            .optional(),
          groupMetrics: k.z
            .boolean()
            .optional()
            .describe(
              'Whether the group collects group metrics (MetricsCollection); without them these alarms could never fire, so false is refused. Read from the construct. Default true.',
            ),
          alarms: k.alarms(GROUP),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      if ('groupMetrics' in e && e.groupMetrics === false) {
        ctx.issue(
          ['groupMetrics'],
          'the group collects no group metrics (no MetricsCollection), so its capacity alarms could never fire: turn on group metrics (groupMetrics: [GroupMetrics.all()] on the L2 group), or remove it here',
        );
        return [];
      }
      const min = 'minCapacity' in e ? e.minCapacity : undefined;
      return [
        {
          kind: 'autoScalingGroup',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { AutoScalingGroupName: e.name },
          params: ctx.params(GROUP, { minCapacity: min }),
          overrides: offUnlessEnabled(
            ctx.overrides('alarms' in e ? e.alarms : undefined),
            min === 0 ? ['inServiceCapacity'] : [],
          ),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `workers-${n}`, minCapacity: 2 }),
  construct: {
    cfnTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    entry: (c, ctx) => {
      const group = ctx.cfnOf<CfnAutoScalingGroup>(c, 'AWS::AutoScaling::AutoScalingGroup');
      if (!group) return undefined;
      const collections = ctx.resolve(group, group.metricsCollection);
      // Metrics collection on with no list collects every group metric; a list must hold GroupInServiceCapacity.
      const groupMetrics =
        Array.isArray(collections) &&
        collections.some((m: { Metrics?: unknown; metrics?: unknown }) => {
          const list = m.Metrics ?? m.metrics;
          return !Array.isArray(list) || list.length === 0 || list.includes('GroupInServiceCapacity');
        });
      const min = numberOf(ctx, group.minSize);
      return {
        name: group.ref,
        label: ctx.label(c),
        ...(min !== undefined ? { minCapacity: min } : {}),
        groupMetrics,
      };
    },
  },
});
