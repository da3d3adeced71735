/**
 * Amazon MemoryDB clusters (`ClusterName`): host and engine CPU, memory, swap, evictions, connections and replica
 * lag, the metrics MemoryDB's guide says to watch, at their worst node (Maximum). Not in AWS's recommended-alarm
 * list (its ElastiCache entries watch the same engine, and the thresholds follow them).
 */
import type { CfnCluster } from 'aws-cdk-lib/aws-memorydb';
import { numberOf } from './construct-refs';
import { switchRows } from './switches';
import { defineKind, defineTable, type CatalogRow } from './types';

const SRC = 'https://docs.aws.amazon.com/memorydb/latest/devguide/metrics.whichshouldimonitor.html';
const HOST = 'https://docs.aws.amazon.com/memorydb/latest/devguide/metrics.HostLevel.html';

const BASE = {
  period: 60,
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  source: SRC,
} as const;
const row = (
  r: Omit<CatalogRow, keyof typeof BASE> & Partial<Pick<CatalogRow, 'enabled' | 'source' | 'period'>>,
): CatalogRow => ({
  ...BASE,
  ...r,
});
const MISSING =
  'MemoryDB publishes it every minute per node; missing data (a replaced node) is not breaching.';

const CLUSTER = defineTable({
  kind: 'memoryDb',
  title: 'MemoryDB cluster',
  namespace: 'AWS/MemoryDB',
  dimensions: ['ClusterName'],
  params: {
    maxCpu: { default: 90, doc: 'Host CPU of the busiest node in percent (`maxCpu`).' },
    maxMemory: { default: 80, doc: 'Used share of the memory for data, in percent (`maxMemory`).' },
    maxConnections: {
      default: 50_000,
      doc: 'Open connections to a node (`maxConnections`): below the 65,000 connections a node accepts.',
    },
    maxReplicationLag: { default: 30, doc: 'Replication lag of a replica in seconds (`maxReplicationLag`).' },
  },
  rows: [
    row({
      id: 'cpu',
      signal: 'cpu',
      metric: { type: 'metric', metricName: 'CPUUtilization', stat: 'Maximum' },
      threshold: { param: 'maxCpu' },
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'percent',
      meaning: 'Host CPU of a node of {resource} is above {threshold}',
      firstStep: 'add replicas for read load or shards for write load, or scale up the node type',
      why: `MemoryDB: 90 % of the available CPU for nodes of 2 vCPUs or fewer (larger nodes: the engine CPU row); for 5 minutes. ${MISSING}`,
      source: HOST,
    }),
    row({
      id: 'engineCpu',
      signal: 'engineCpu',
      metric: { type: 'metric', metricName: 'EngineCPUUtilization', stat: 'Maximum' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'percent',
      meaning: 'The engine thread of a node of {resource} is above {threshold} CPU',
      firstStep: 'look for slow commands (SLOWLOG) and hot keys, or add shards',
      why: `MemoryDB suggests it over host CPU: Valkey and Redis OSS run commands on one thread, which saturates before the host does. 90 % for 5 minutes, as AWS recommends for ElastiCache. ${MISSING}`,
    }),
    row({
      id: 'memory',
      signal: 'memory',
      metric: { type: 'metric', metricName: 'DatabaseMemoryUsagePercentage', stat: 'Maximum' },
      threshold: { param: 'maxMemory' },
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'percent',
      meaning: 'A node of {resource} uses more than {threshold} of its memory for data',
      firstStep: 'check key expiry and the largest keys, or add shards or scale up',
      why: `MemoryDB's default policy (noeviction) refuses writes when memory is full, so above 80 % for 5 minutes leaves time to scale, as for ElastiCache. ${MISSING}`,
    }),
    row({
      id: 'swap',
      signal: 'swap',
      metric: { type: 'metric', metricName: 'SwapUsage', stat: 'Maximum' },
      threshold: 50 * 1024 ** 2,
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'count',
      meaning: 'A node of {resource} swaps more than {threshold} bytes to disk',
      firstStep:
        'reserve more memory (the reserved-memory parameter) or move to a node type with more memory',
      why: `Swapping slows every command; MemoryDB, like ElastiCache, says swap should not exceed 50 MB; for 5 minutes. ${MISSING}`,
      source: HOST,
    }),
    row({
      id: 'evictions',
      signal: 'evictions',
      metric: { type: 'metric', metricName: 'Evictions', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [1, 1],
      unit: 'count',
      meaning: 'Nodes of {resource} evict keys: data is deleted to free memory',
      firstStep: 'check the maxmemory-policy parameter (MemoryDB defaults to noeviction) and the memory row',
      why: 'MemoryDB says to set your own threshold; as a primary database (not a cache) any eviction deletes data the application wrote, and happens only when the parameter group allows it. Any in 5 minutes warns.',
    }),
    row({
      id: 'connections',
      signal: 'connections',
      metric: { type: 'metric', metricName: 'CurrConnections', stat: 'Maximum' },
      threshold: { param: 'maxConnections' },
      comparison: 'GreaterThanThreshold',
      datapoints: [10, 10],
      unit: 'count',
      meaning: 'A node of {resource} has more than {threshold} open connections',
      firstStep: 'look for clients that open connections without pooling or closing them',
      why: `MemoryDB: watch for leaks; 50,000 for 10 minutes is below the 65,000 connections a node accepts, as for ElastiCache (\`maxConnections\`). ${MISSING}`,
    }),
    row({
      id: 'replicationLag',
      signal: 'replicationLag',
      metric: { type: 'metric', metricName: 'ReplicationLag', stat: 'Maximum' },
      threshold: { param: 'maxReplicationLag' },
      comparison: 'GreaterThanThreshold',
      datapoints: [15, 15],
      enabled: false,
      unit: 's',
      meaning: 'A replica of {resource} is more than {threshold} behind its primary',
      firstStep: "check the primary's write rate and the replica's CPU and network",
      why: 'Published by replicas only; 30 s for 15 minutes means reads from replicas are stale, as for ElastiCache. Off by default: on when the cluster has replicas (`replicas`, read from the construct; MemoryDB defaults to 1).',
    }),
  ],
  signals: [
    { title: 'Host CPU (%)', metricName: 'CPUUtilization', stat: 'Maximum' },
    { title: 'Engine CPU (%)', metricName: 'EngineCPUUtilization', stat: 'Maximum' },
    { title: 'Memory used for data (%)', metricName: 'DatabaseMemoryUsagePercentage', stat: 'Maximum' },
    { title: 'Swap (bytes)', metricName: 'SwapUsage', stat: 'Maximum' },
    { title: 'Connections', metricName: 'CurrConnections', stat: 'Maximum' },
    { title: 'Replication lag', unit: 's', metricName: 'ReplicationLag', stat: 'Maximum' },
  ],
  cost: [],
});

export const memoryDb = defineKind({
  key: 'memoryDb',
  dashboard: 'data',
  tables: [CLUSTER],
  account: [],
  config: {
    doc: 'Amazon MemoryDB clusters, by cluster name.',
    schema: (k) => {
      const fields = {
        maxCpu: k.int('Host CPU of a node to alarm above, in percent. Default 90.', 1, 100).optional(),
        maxMemory: k
          .int('Share of memory used for data to alarm above, in percent. Default 80.', 1, 100)
          .optional(),
        maxConnections: k
          .int('Open connections per node to alarm above. Default 50,000.', 1, 65_000)
          .optional(),
      };
      return {
        entry: k.z.union([
          k.awsName('a cluster name'),
          k.obj({
            name: k.awsName('name').describe('The cluster name (ClusterName).'),
            label: k.label,
            replicas: k
              .int(
                'Replicas per shard: one or more adds the replication lag alarm. Read from the construct. Default 1 (MemoryDB).',
                0,
                5,
              )
              .optional(),
            ...fields,
            alarms: k.alarms(CLUSTER),
          }),
        ]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const own = typeof entry === 'string' ? undefined : entry;
      const replicas = own?.replicas ?? 1;
      return [
        {
          kind: 'memoryDb',
          label: ctx.label(own?.label, e.name),
          dimensions: { ClusterName: e.name },
          params: ctx.params(CLUSTER, {
            maxCpu: own?.maxCpu ?? ctx.defaults.maxCpu,
            maxMemory: own?.maxMemory ?? ctx.defaults.maxMemory,
            maxConnections: own?.maxConnections ?? ctx.defaults.maxConnections,
          }),
          overrides: switchRows(ctx.overrides(own?.alarms), [], replicas > 0 ? ['replicationLag'] : []),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `sessions-${n}`, replicas: 1 }),
  construct: {
    cfnTypes: ['AWS::MemoryDB::Cluster'],
    entry: (c, ctx) => {
      const cluster = ctx.cfnOf<CfnCluster>(c, 'AWS::MemoryDB::Cluster');
      if (!cluster) return undefined;
      const replicas = numberOf(ctx, cluster.numReplicasPerShard);
      // Ref of a MemoryDB cluster is its name.
      return {
        name: ctx.string(cluster.clusterName) ?? cluster.ref,
        label: ctx.label(c),
        ...(replicas !== undefined && replicas >= 0 && replicas <= 5 ? { replicas } : {}),
      };
    },
  },
});
