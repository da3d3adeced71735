/**
 * ElastiCache clusters (`CacheClusterId`) and their nodes (`CacheClusterId`, `CacheNodeId`): AWS's five entries
 * (node CPU and connections, memory, engine CPU and replication lag of Redis OSS / Valkey). A replication group is
 * its member clusters (`<group>-001`, or `<group>-0001-001` with cluster mode), one node each.
 */
import type { CfnCacheCluster, CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import type { MonitoredResource } from '../telemetry-model';
import { numberOf } from './construct-refs';
import { switchRows } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#ElastiCache`;

const BASE = {
  period: 60,
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  source: SRC,
} as const;
const MISSING =
  'ElastiCache publishes it every minute; missing data (a deleted or replaced node) is not breaching.';

const CLUSTER = defineTable({
  kind: 'elasticache',
  title: 'ElastiCache cluster',
  namespace: 'AWS/ElastiCache',
  dimensions: ['CacheClusterId'],
  params: {
    maxMemory: { default: 80, doc: 'Used share of the memory for data, in percent (`maxMemory`).' },
    maxReplicationLag: { default: 30, doc: 'Replication lag of a replica in seconds (`maxReplicationLag`).' },
  },
  rows: [
    {
      ...BASE,
      id: 'memory',
      signal: 'memory',
      metric: { type: 'metric', metricName: 'DatabaseMemoryUsagePercentage', stat: 'Average' },
      threshold: { param: 'maxMemory' },
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'percent',
      meaning: '{resource} uses more than {threshold} of its memory for data',
      firstStep: 'check evictions and key expiry, or scale up or out',
      why: `AWS: "depends"; above 80 % for 5 minutes leaves room before evictions (or out-of-memory errors with noeviction) start. Redis OSS and Valkey only: off for Memcached. ${MISSING}`,
      implements: 'elasticache-databasememoryusagepercentage',
    },
    {
      ...BASE,
      id: 'engineCpu',
      signal: 'engineCpu',
      metric: { type: 'metric', metricName: 'EngineCPUUtilization', stat: 'Average' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'percent',
      meaning: 'The engine thread of {resource} is above {threshold} CPU',
      firstStep: 'look for slow commands (SLOWLOG) and hot keys, or scale out to more shards',
      why: `AWS: 90 % for 5 minutes; Redis OSS runs commands on one thread, so it saturates before the host CPU does. Redis OSS and Valkey only: off for Memcached. ${MISSING}`,
      implements: 'elasticache-enginecpuutilization',
    },
    {
      ...BASE,
      id: 'replicationLag',
      signal: 'replicationLag',
      metric: { type: 'metric', metricName: 'ReplicationLag', stat: 'Average' },
      threshold: { param: 'maxReplicationLag' },
      comparison: 'GreaterThanThreshold',
      datapoints: [15, 15],
      enabled: false,
      unit: 's',
      meaning: 'Replica {resource} is more than {threshold} behind its primary',
      firstStep: "check the primary's write rate and the replica's CPU and network",
      why: 'AWS: "depends"; 30 s for 15 minutes: reads from the replica are stale and a failover would lose writes. Off by default: on for members of a replication group with replicas (only replicas publish it; the primary is missing data, not breaching).',
      implements: 'elasticache-replicationlag',
    },
  ],
  signals: [
    { title: 'Memory used for data (%)', metricName: 'DatabaseMemoryUsagePercentage', stat: 'Average' },
    { title: 'Engine CPU (%)', metricName: 'EngineCPUUtilization', stat: 'Average' },
    { title: 'Cache hit rate (%)', metricName: 'CacheHitRate', stat: 'Average' },
    { title: 'Evictions', metricName: 'Evictions', stat: 'Sum' },
    { title: 'Replication lag', unit: 's', metricName: 'ReplicationLag', stat: 'Maximum' },
  ],
  cost: [],
});

const nodeRow = (row: Omit<CatalogRow, keyof typeof BASE>): CatalogRow => ({ ...BASE, ...row });

const NODE = defineTable({
  kind: 'elasticacheNode',
  title: 'ElastiCache node',
  namespace: 'AWS/ElastiCache',
  dimensions: ['CacheClusterId', 'CacheNodeId'],
  params: {
    maxCpu: { default: 90, doc: 'Host CPU of a node in percent (`maxCpu`).' },
    maxConnections: {
      default: 50_000,
      doc: 'Open connections to a node (`maxConnections`): below the 65,000 connections a node accepts.',
    },
  },
  rows: [
    nodeRow({
      id: 'cpu',
      signal: 'cpu',
      metric: { type: 'metric', metricName: 'CPUUtilization', stat: 'Average' },
      threshold: { param: 'maxCpu' },
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'percent',
      meaning: 'Host CPU of node {resource} is above {threshold}',
      firstStep: 'scale up to a larger node type or spread the load over more nodes',
      why: `AWS: "depends" on the node's vCPUs; 90 % for 5 minutes (Memcached uses every core; for Redis OSS the engine CPU row watches its one thread). ${MISSING}`,
      implements: 'elasticache-cpuutilization',
    }),
    nodeRow({
      id: 'connections',
      signal: 'connections',
      metric: { type: 'metric', metricName: 'CurrConnections', stat: 'Average' },
      threshold: { param: 'maxConnections' },
      comparison: 'GreaterThanThreshold',
      datapoints: [10, 10],
      unit: 'count',
      meaning: 'Node {resource} has more than {threshold} open connections',
      firstStep: 'look for clients that open connections without pooling or closing them',
      why: `AWS: "depends" (watch for leaks); 50,000 for 10 minutes is below the 65,000 connections a Redis OSS or Valkey node accepts (\`maxConnections\`). ${MISSING}`,
      implements: 'elasticache-currconnections',
    }),
  ],
  signals: [
    { title: 'Host CPU (%)', metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Connections', metricName: 'CurrConnections', stat: 'Average' },
    { title: 'Freeable memory (bytes)', metricName: 'FreeableMemory', stat: 'Minimum' },
  ],
  cost: [],
});

const ENGINES = ['redis', 'valkey', 'memcached'] as const;
type Engine = (typeof ENGINES)[number];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The member clusters of a replication group: `<group>-001`..., or `<group>-0001-001`... with shards. */
function members(group: string, nodes: number, shards: number | undefined): string[] {
  if (shards === undefined) return Array.from({ length: nodes }, (_, i) => `${group}-${pad(i + 1, 3)}`);
  return Array.from({ length: shards }, (_, s) =>
    Array.from({ length: nodes }, (_, i) => `${group}-${pad(s + 1, 4)}-${pad(i + 1, 3)}`),
  ).flat();
}

export const elasticache = defineKind({
  key: 'elasticache',
  dashboard: 'data',
  tables: [CLUSTER, NODE],
  account: [],
  config: {
    doc: 'ElastiCache (Redis OSS, Valkey, Memcached) clusters by cache cluster id, or replication groups by id.',
    schema: (k) => {
      const common = {
        label: k.label,
        engine: k.z
          .enum(ENGINES)
          .optional()
          .describe(
            'The engine: memory, engine CPU and replication lag are for Redis OSS and Valkey. Read from the construct. Default redis.',
          ),
        maxConnections: k
          .int('Open connections per node to alarm above. Default 50,000.', 1, 65_000)
          .optional(),
        maxMemory: k
          .int('Share of memory used for data to alarm above, in percent. Default 80.', 1, 100)
          .optional(),
        alarms: k.alarms(CLUSTER, NODE),
      };
      return {
        entry: k.z.union([
          k.awsName('a cache cluster id'),
          k.obj({
            id: k.awsName('id').describe('The cache cluster id (the CacheClusterId dimension).'),
            nodes: k
              .int(
                'Nodes in the cluster (Memcached): node ids 0001 and up. Read from the construct. Default 1.',
                1,
                60,
              )
              .optional(),
            ...common,
          }),
          k.obj({
            replicationGroup: k
              .awsName('replicationGroup')
              .describe('The replication group id: its member clusters are watched.'),
            nodes: k.int('Nodes per shard (primary and replicas). Read from the construct.', 1, 6),
            shards: k
              .int(
                'Shards (node groups) of a cluster-mode group; leave out for cluster mode disabled. Read from the construct.',
                1,
                500,
              )
              .optional(),
            ...common,
          }),
        ]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const engine: Engine = ('engine' in e ? e.engine : undefined) ?? 'redis';
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const group = 'replicationGroup' in e ? e : undefined;
      const ids = group
        ? members(group.replicationGroup, group.nodes, group.shards)
        : [(e as { id: string }).id];
      const nodeIds = group
        ? ['0001']
        : Array.from({ length: ('nodes' in e ? e.nodes : undefined) ?? 1 }, (_, i) => pad(i + 1, 4));
      const base = ctx.label('label' in e ? e.label : undefined, group ? group.replicationGroup : ids[0]);
      const off = engine === 'memcached' ? ['memory', 'engineCpu', 'replicationLag'] : [];
      const on = group && group.nodes > 1 && engine !== 'memcached' ? ['replicationLag'] : [];
      const own = switchRows(overrides, off, on);
      const params = {
        cluster: ctx.params(CLUSTER, { maxMemory: 'maxMemory' in e ? e.maxMemory : undefined }),
        node: ctx.params(NODE, { maxConnections: 'maxConnections' in e ? e.maxConnections : undefined }),
      };
      const out: Array<MonitoredResource<'elasticache' | 'elasticacheNode'>> = [];
      ids.forEach((id, i) => {
        const label = group ? `${base}-${ctx.isToken(id) ? i + 1 : id.slice(-(group.shards ? 8 : 3))}` : base;
        out.push({
          kind: 'elasticache',
          label,
          dimensions: { CacheClusterId: id },
          params: params.cluster,
          overrides: own,
          origin: ctx.origin(),
        });
        for (const node of nodeIds)
          out.push({
            kind: 'elasticacheNode',
            label: nodeIds.length > 1 ? `${label}-${node}` : label,
            dimensions: { CacheClusterId: id, CacheNodeId: node },
            params: params.node,
            overrides,
            origin: ctx.origin(),
          });
      });
      return out;
    },
    account: () => [],
  },
  example: (n) => ({ replicationGroup: `sessions-${n}`, nodes: 2, engine: 'valkey' as const }),
  construct: {
    cfnTypes: ['AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup'],
    entry: (c, ctx) => {
      const cluster = ctx.cfnOf<CfnCacheCluster>(c, 'AWS::ElastiCache::CacheCluster');
      const engineOf = (v: unknown): Engine | undefined => {
        const s = ctx.string(v)?.toLowerCase();
        return (ENGINES as readonly string[]).includes(s ?? '') ? (s as Engine) : undefined;
      };
      if (cluster) {
        const engine = engineOf(cluster.engine);
        const nodes = numberOf(ctx, cluster.numCacheNodes);
        return {
          id: cluster.ref,
          label: ctx.label(c),
          ...(engine ? { engine } : {}),
          ...(nodes !== undefined && nodes >= 1 && nodes <= 60 ? { nodes } : {}),
        };
      }
      const group = ctx.cfnOf<CfnReplicationGroup>(c, 'AWS::ElastiCache::ReplicationGroup');
      if (!group) return undefined;
      const engine = engineOf(group.engine);
      const shards = numberOf(ctx, group.numNodeGroups);
      const replicas = numberOf(ctx, group.replicasPerNodeGroup);
      const clusters = numberOf(ctx, group.numCacheClusters);
      const clusterMode = shards !== undefined || ctx.string(group.clusterMode)?.toLowerCase() === 'enabled';
      const nodes = clusterMode ? (replicas ?? 1) + 1 : (clusters ?? 1);
      return {
        replicationGroup: group.ref,
        label: ctx.label(c),
        nodes: Math.min(Math.max(nodes, 1), 6),
        ...(clusterMode ? { shards: Math.min(Math.max(shards ?? 1, 1), 500) } : {}),
        ...(engine ? { engine } : {}),
      };
    },
  },
});
