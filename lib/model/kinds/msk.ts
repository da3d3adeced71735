/**
 * Amazon MSK provisioned clusters (`Cluster Name`) and their brokers (`Cluster Name`, `Broker ID`): an active
 * controller, offline partitions, and per broker CPU, data-log disk, heap memory and under-replicated partitions,
 * all DEFAULT-level (free) metrics. Not in AWS's recommended-alarm list; thresholds from MSK's best practices.
 */
import type { CfnCluster } from 'aws-cdk-lib/aws-msk';
import { utilization } from './messaging-rows';
import { defineKind, defineTable } from './types';

const METRICS = 'https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details.html';
const BEST = 'https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html';

const CLUSTER = defineTable({
  kind: 'msk',
  title: 'MSK cluster',
  namespace: 'AWS/Kafka',
  dimensions: ['Cluster Name'],
  params: {},
  rows: [
    {
      id: 'activeController',
      signal: 'activeController',
      metric: { type: 'metric', metricName: 'ActiveControllerCount', stat: 'Maximum' },
      threshold: 1,
      comparison: 'LessThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning: 'Cluster {resource} has no active controller',
      firstStep:
        "check the cluster's state and broker health in the MSK console; open a support case if it persists",
      source: METRICS,
      why: 'MSK: exactly one controller should be active at any time. Without one for 5 minutes, partition leadership cannot move and the cluster stops adapting to failures: users feel it, so it pages.',
    },
    {
      id: 'offlinePartitions',
      signal: 'offlinePartitions',
      metric: { type: 'metric', metricName: 'OfflinePartitionsCount', stat: 'Maximum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning: 'Cluster {resource} has offline partitions: producers and consumers of them fail',
      firstStep:
        'find the brokers that are down or out of disk; check the replication factor of the affected topics',
      source: METRICS,
      why: 'An offline partition has no leader: reads and writes to it fail. Any for 3 minutes pages.',
    },
  ],
  signals: [
    { title: 'Offline partitions', metricName: 'OfflinePartitionsCount', stat: 'Maximum' },
    { title: 'Active controllers', metricName: 'ActiveControllerCount', stat: 'Maximum' },
    { title: 'Partitions', metricName: 'GlobalPartitionCount', stat: 'Maximum' },
  ],
  cost: [],
});

const BROKER = defineTable({
  kind: 'mskBroker',
  title: 'MSK broker',
  namespace: 'AWS/Kafka',
  dimensions: ['Cluster Name', 'Broker ID'],
  params: {},
  rows: [
    utilization(
      {
        id: 'cpu',
        metricName: 'CpuIdle',
        meaning: 'CPU of broker {resource} is busy: less than {threshold} idle',
        firstStep: 'spread partition leadership, add brokers or move to a larger broker type',
        source: BEST,
        why: "MSK: keep CPU (CpuUser + CpuSystem) under 60 % so a broker can absorb a failed peer's load. Written as CpuIdle below 40 % (one metric, no metric math) for 15 minutes.",
      },
      40,
      { comparison: 'LessThanThreshold' },
    ),
    utilization(
      {
        id: 'disk',
        metricName: 'KafkaDataLogsDiskUsed',
        meaning: 'Data-log disk of broker {resource} is more than {threshold} full',
        firstStep: 'expand the broker storage (or turn on storage auto scaling) or lower topic retention',
        source: BEST,
        why: 'MSK recommends an alarm at 85 % disk used: a broker whose disk fills stops, and its partitions go offline.',
      },
      85,
      { stat: 'Maximum', datapoints: [5, 5] },
    ),
    utilization(
      {
        id: 'heap',
        metricName: 'HeapMemoryAfterGC',
        meaning: 'Heap of broker {resource} is more than {threshold} full after garbage collection',
        firstStep: 'reduce partitions per broker or client connections, or move to a larger broker type',
        source: BEST,
        why: 'MSK: heap in use after GC above 60 % for a sustained time risks long pauses and out-of-memory restarts; 15 minutes.',
      },
      60,
      { stat: 'Maximum' },
    ),
    {
      id: 'underReplicated',
      signal: 'underReplicated',
      metric: { type: 'metric', metricName: 'UnderReplicatedPartitions', stat: 'Maximum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Broker {resource} has under-replicated partitions',
      firstStep:
        'check the broker’s CPU, disk and network, and whether a rolling update or broker replacement runs',
      source: METRICS,
      why: 'Replicas fall behind briefly during patching and broker replacement; 10 minutes in a row means a broker does not keep up and data is at risk.',
    },
  ],
  signals: [
    { title: 'CPU user', metricName: 'CpuUser', stat: 'Average' },
    { title: 'Data-log disk used', metricName: 'KafkaDataLogsDiskUsed', stat: 'Maximum' },
    { title: 'Heap after GC', metricName: 'HeapMemoryAfterGC', stat: 'Maximum' },
    { title: 'Under-replicated partitions', metricName: 'UnderReplicatedPartitions', stat: 'Maximum' },
  ],
  cost: [],
});

export const msk = defineKind({
  key: 'msk',
  dashboard: 'messaging',
  tables: [CLUSTER, BROKER],
  account: [],
  config: {
    doc: 'Amazon MSK provisioned clusters, by name, with their number of brokers (broker IDs 1 to `brokers`).',
    schema: (k) => ({
      entry: k.obj({
        name: k.z
          .string()
          .min(1)
          .max(64)
          .describe('The cluster name (the "Cluster Name" dimension). May be a token with a label.'),
        label: k.label,
        brokers: k
          .int('Number of broker nodes (NumberOfBrokerNodes): broker IDs 1 to this. Default 3.', 1, 60)
          .optional(),
        alarms: k.alarms(CLUSTER, BROKER),
      }),
      defaults: {},
    }),
    resources: (e, ctx) => {
      const label = ctx.label(e.label, e.name);
      const overrides = ctx.overrides(e.alarms);
      const brokers = Array.from({ length: e.brokers ?? 3 }, (_, i) => String(i + 1));
      return [
        {
          kind: 'msk' as const,
          label,
          dimensions: { 'Cluster Name': e.name },
          params: {},
          overrides,
          origin: ctx.origin(),
        },
        ...brokers.map((id) => ({
          kind: 'mskBroker' as const,
          label: `${label}-broker${id}`,
          dimensions: { 'Cluster Name': e.name, 'Broker ID': id },
          params: {},
          overrides,
          origin: ctx.origin(),
        })),
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `events-kafka-${n}`, brokers: 3 }),
  construct: {
    cfnTypes: ['AWS::MSK::Cluster'],
    entry: (c, ctx) => {
      const cluster = ctx.cfnOf<CfnCluster>(c, 'AWS::MSK::Cluster');
      if (!cluster) return undefined;
      const brokers = ctx.number(cluster.numberOfBrokerNodes);
      return {
        name: ctx.string(cluster.clusterName) ?? cluster.clusterName,
        label: ctx.label(c),
        ...(brokers ? { brokers } : {}),
      };
    },
  },
});
