/**
 * ECS clusters (`ClusterName`): CPU and memory reservation of EC2 capacity (AWS's ECS entries), and with Container
 * Insights the cluster-wide task, container and container-instance utilization (a child table present when the
 * cluster has Container Insights). Capacity and the Container Insights setting are read from the cluster construct.
 */
import type {
  CfnCapacityProvider,
  CfnCluster,
  CfnClusterCapacityProviderAssociations,
} from 'aws-cdk-lib/aws-ecs';
import type { MonitoredResource } from '../telemetry-model';
import { referencing, type CfnLike } from './construct-refs';
import { CI_METRICS, CI_SRC, ECS_SRC, ENHANCED_ONLY, insightsField, insightsOf, utilization } from './ecs';
import { offUnlessEnabled, switchRows } from './switches';
import { defineKind, defineTable, type CatalogRow } from './types';

const CAPACITY = ['ec2', 'ec2ManagedScaling', 'fargate'] as const;

const reservation = (id: string, metricName: string, what: string, entry: string): CatalogRow =>
  utilization(id, metricName, {
    what: `${what} reserved by tasks`,
    firstStep:
      'add container instances or set up cluster auto scaling (a capacity provider with managed scaling)',
    source: ECS_SRC,
    implements: entry,
    why: 'AWS: 80 % for 5 minutes, so that tasks can still be placed. On for clusters with EC2 capacity; AWS advises against it with managed scaling (which targets a reservation on purpose) or Fargate (no reservation): off for those (read from the cluster construct).',
  });

const CLUSTER = defineTable({
  kind: 'ecsCluster',
  title: 'ECS cluster',
  namespace: 'AWS/ECS',
  dimensions: ['ClusterName'],
  params: {},
  rows: [
    reservation('cpuReservation', 'CPUReservation', 'CPU', 'ecs-cpureservation'),
    reservation('memoryReservation', 'MemoryReservation', 'Memory', 'ecs-memoryreservation'),
  ],
  signals: [
    { title: 'CPU reservation (%)', metricName: 'CPUReservation', stat: 'Average' },
    { title: 'Memory reservation (%)', metricName: 'MemoryReservation', stat: 'Average' },
    { title: 'CPU utilization (%)', metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Memory utilization (%)', metricName: 'MemoryUtilization', stat: 'Average' },
  ],
  cost: [],
});

const enhanced = (id: string, metricName: string, what: string, entry: string, on = true, note = '') =>
  utilization(id, metricName, {
    what: `${what} across the cluster`,
    firstStep:
      'find the services that use most (the service dashboards) and raise their task sizes or scale out',
    source: CI_SRC,
    implements: entry,
    enabled: on,
    why: `AWS: 80 % for 5 minutes. ${ENHANCED_ONLY}${note}`,
  });

/** Container Insights of a cluster (`ECS/ContainerInsights`, `ClusterName`). */
const CLUSTER_INSIGHTS = defineTable({
  kind: 'ecsClusterInsights',
  title: 'ECS cluster (Container Insights)',
  namespace: 'ECS/ContainerInsights',
  dimensions: ['ClusterName'],
  params: {},
  rows: [
    enhanced(
      'clusterTaskCpu',
      'TaskCpuUtilization',
      'Average task CPU utilization',
      'ecs-ci-taskcpuutilization-cluster',
    ),
    enhanced(
      'clusterTaskMemory',
      'TaskMemoryUtilization',
      'Average task memory utilization',
      'ecs-ci-taskmemoryutilization-cluster',
    ),
    enhanced(
      'clusterTaskEphemeralStorage',
      'TaskEphemeralStorageUtilization',
      'Average task ephemeral storage utilization',
      'ecs-ci-taskephemeralstorageutilization-cluster',
    ),
    enhanced(
      'clusterContainerCpu',
      'ContainerCpuUtilization',
      'Average container CPU utilization',
      'ecs-ci-containercpuutilization-cluster',
      false,
      ' Off by default: across a cluster it mostly repeats the task CPU row; the per-container alarms of a service (its `containers`) say which container.',
    ),
    enhanced(
      'clusterContainerMemory',
      'ContainerMemoryUtilization',
      'Average container memory utilization',
      'ecs-ci-containermemoryutilization-cluster',
      false,
      ' Off by default: across a cluster it mostly repeats the task memory row; the per-container alarms of a service (its `containers`) say which container.',
    ),
    {
      id: 'instanceFilesystem',
      signal: 'instanceFilesystem',
      metric: { type: 'metric', metricName: 'instance_filesystem_utilization', stat: 'Maximum' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: false,
      unit: 'percent',
      meaning: 'A container instance of {resource} has a file system more than {threshold} full',
      firstStep:
        'clean up images and stopped containers (ECS_IMAGE_CLEANUP settings of the agent) or grow the volume',
      source: CI_SRC,
      why: 'AWS: 90 % for 5 minutes, per instance (InstanceId, ContainerInstanceId, ClusterName). Instances of a cluster come and go with its Auto Scaling group, so their ids are unknown at deploy time: Container Insights also publishes the metric by ClusterName alone, and the Maximum of that is the fullest instance. Needs the CloudWatch agent as a daemon on the instances: off by default, on with `instanceMetrics: true`.',
      implements: 'ecs-ci-instance-filesystem-utilization',
      differs: ['dimensions', 'statistic'],
    },
  ],
  signals: [
    { title: 'Tasks', metricName: 'TaskCount', stat: 'Average' },
    { title: 'Services', metricName: 'ServiceCount', stat: 'Average' },
    { title: 'Container instances', metricName: 'ContainerInstanceCount', stat: 'Average' },
    { title: 'CPU used (units)', metricName: 'CpuUtilized', stat: 'Average' },
    { title: 'Memory used (MiB)', metricName: 'MemoryUtilized', stat: 'Average' },
    { title: 'Task CPU utilization (%)', metricName: 'TaskCpuUtilization', stat: 'Average' },
    { title: 'Task memory utilization (%)', metricName: 'TaskMemoryUtilization', stat: 'Average' },
  ],
  cost: [
    {
      item: 'Container Insights metrics of a cluster (custom metrics)',
      perResource: 14,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `Container Insights publishes 14 cluster-level metrics (ClusterName) as custom metrics, plus more per task definition family and instance; enhanced observability is billed per observation instead (${CI_METRICS}, https://aws.amazon.com/cloudwatch/pricing/).`,
    },
  ],
});

const TASK_ROWS = ['clusterTaskCpu', 'clusterTaskMemory', 'clusterTaskEphemeralStorage'];

export const ecsCluster = defineKind({
  key: 'ecsCluster',
  dashboard: 'compute',
  tables: [CLUSTER, CLUSTER_INSIGHTS],
  account: [],
  config: {
    doc: 'ECS clusters, by name.',
    schema: (k) => {
      const fields = {
        containerInsights: insightsField(k),
        instanceMetrics: k.z
          .boolean()
          .optional()
          .describe(
            'The CloudWatch agent runs as a daemon on the container instances (Container Insights instance-level metrics): adds the file-system alarm. Default false.',
          ),
      };
      return {
        entry: k.z.union([
          k.awsName('a cluster name'),
          k.obj({
            name: k.awsName('name').describe('The cluster name. May be a token with a label.'),
            label: k.label,
            capacity: k.z
              .enum(CAPACITY)
              .optional()
              .describe(
                'Where tasks run: `ec2` container instances, `ec2ManagedScaling` (a capacity provider with managed scaling) or `fargate`. Reservation alarms are for `ec2` only. Read from the cluster construct. Default: unknown (on).',
              ),
            ...fields,
            alarms: k.alarms(CLUSTER, CLUSTER_INSIGHTS),
          }),
        ]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const d = ctx.defaults;
      const label = ctx.label('label' in e ? e.label : undefined, e.name);
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const capacity = 'capacity' in e ? e.capacity : undefined;
      const insights = ('containerInsights' in e ? e.containerInsights : undefined) ?? d.containerInsights;
      const instanceMetrics = ('instanceMetrics' in e ? e.instanceMetrics : undefined) ?? d.instanceMetrics;
      const out: Array<MonitoredResource<'ecsCluster' | 'ecsClusterInsights'>> = [
        {
          kind: 'ecsCluster',
          label,
          dimensions: { ClusterName: e.name },
          params: {},
          overrides: offUnlessEnabled(
            overrides,
            capacity && capacity !== 'ec2' ? ['cpuReservation', 'memoryReservation'] : [],
          ),
          origin: ctx.origin(),
        },
      ];
      if (insights === 'enabled' || insights === 'enhanced') {
        out.push({
          kind: 'ecsClusterInsights',
          label,
          dimensions: { ClusterName: e.name },
          params: {},
          overrides: switchRows(
            overrides,
            insights === 'enhanced' ? [] : TASK_ROWS,
            instanceMetrics ? ['instanceFilesystem'] : [],
          ),
          origin: ctx.origin('containerInsights'),
        });
      }
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    name: `orders-cluster-${n}`,
    capacity: 'ec2' as const,
    containerInsights: 'enhanced' as const,
  }),
  construct: {
    cfnTypes: ['AWS::ECS::Cluster'],
    entry: (c, ctx) => {
      const cluster = ctx.cfnOf<CfnCluster>(c, 'AWS::ECS::Cluster');
      if (!cluster) return undefined;
      const insights = insightsOf(ctx, cluster);
      // Capacity: EC2 instances added to the L2 cluster, and its capacity providers (managed scaling or Fargate).
      const hasEc2 = (c as { hasEc2Capacity?: unknown }).hasEc2Capacity === true;
      const associations = referencing<CfnClusterCapacityProviderAssociations>(
        ctx,
        cluster as unknown as CfnLike,
        'AWS::ECS::ClusterCapacityProviderAssociations',
        (a) => a.cluster,
      );
      const providers = associations.flatMap((a) => {
        const list = ctx.resolve(a, a.capacityProviders);
        return Array.isArray(list) ? list : [];
      });
      const managed = providers.some((p) => {
        const provider = ctx.referenced<CfnCapacityProvider>(c, p, 'AWS::ECS::CapacityProvider');
        const asg = provider
          ? (ctx.resolve(provider, provider.autoScalingGroupProvider) as Record<string, unknown>)
          : undefined;
        const scaling = (asg?.ManagedScaling ?? asg?.managedScaling) as Record<string, unknown> | undefined;
        return ctx.string(scaling?.Status ?? scaling?.status) === 'ENABLED';
      });
      const fargate = providers.some((p) => p === 'FARGATE' || p === 'FARGATE_SPOT');
      const capacity = managed
        ? ('ec2ManagedScaling' as const)
        : hasEc2
          ? ('ec2' as const)
          : fargate
            ? ('fargate' as const)
            : undefined;
      return {
        name: cluster.ref,
        label: ctx.label(c),
        ...(capacity ? { capacity } : {}),
        ...(insights ? { containerInsights: insights } : {}),
      };
    },
  },
});
