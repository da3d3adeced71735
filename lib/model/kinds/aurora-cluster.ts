/**
 * Aurora DB clusters (`DBClusterIdentifier`): AWS's four cluster-level RDS/Aurora entries (volume bytes left, binlog
 * replica lag, the writer's uptime and storage network throughput) and Aurora Serverless v2 capacity against the
 * configured maximum. The cluster's DB instances are `rdsInstance` resources (a cluster construct's instances
 * are found as such).
 */
import type { CfnDBCluster } from 'aws-cdk-lib/aws-rds';
import { numberOf } from './construct-refs';
import { rdsRow } from './rds-instance';
import { rdsEngine } from './rds-classes';
import { switchRows } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#RDS`;
const SERVERLESS =
  'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html';
const TIB = 1024 ** 4;
const WRITER = { Role: 'WRITER' } as const;

const CLUSTER = defineTable({
  kind: 'auroraCluster',
  title: 'Aurora DB cluster',
  namespace: 'AWS/RDS',
  dimensions: ['DBClusterIdentifier'],
  params: {
    minVolumeBytesLeft: {
      default: Math.round(12.8 * TIB),
      doc: 'Bytes left in the cluster volume below which it is nearly full: 10 % of the 128 TiB maximum.',
    },
    maxStorageNetworkThroughput: {
      default: 1_000_000_000,
      doc: "The writer's storage network throughput in bytes per second (`maxStorageNetworkThroughput`): give it, from the instance class's network bandwidth.",
    },
    maxCapacity: {
      default: 16,
      doc: 'The Aurora Serverless v2 maximum capacity in ACUs (from the construct).',
    },
  },
  rows: [
    rdsRow({
      id: 'volumeBytesLeft',
      signal: 'volumeBytesLeft',
      metric: { type: 'metric', metricName: 'AuroraVolumeBytesLeftTotal', stat: 'Average' },
      threshold: { param: 'minVolumeBytesLeft' },
      comparison: 'LessThanThreshold',
      datapoints: [5, 5],
      source: SRC,
      unit: 'count',
      meaning:
        'The cluster volume of {resource} has less than {threshold} bytes left before its maximum size',
      firstStep: 'drop or archive unused data; the volume shrinks as data is removed',
      why: 'AWS: "depends"; 10 % of the 128 TiB maximum (`minVolumeBytesLeft`) leaves weeks at any realistic growth. Missing data (a stopped cluster) is not breaching.',
      implements: 'rds-auroravolumebyteslefttotal',
    }),
    rdsRow({
      id: 'binlogReplicaLag',
      signal: 'binlogReplicaLag',
      metric: { type: 'metric', metricName: 'AuroraBinlogReplicaLag', stat: 'Average' },
      fixedDimensions: WRITER,
      threshold: -1,
      comparison: 'LessThanOrEqualToThreshold',
      datapoints: [2, 2],
      enabled: false,
      unit: 's',
      meaning: 'Binlog replication into {resource} has stopped (its lag reads -1)',
      firstStep:
        'check the replication status on the writer (SHOW REPLICA STATUS) for the error that stopped it',
      why: 'AWS: -1 for 2 minutes: the metric is -1 while binlog replication is broken or stopped. Off by default: for Aurora MySQL clusters that are binlog replicas of another database (`binlogReplica: true`).',
      implements: 'rds-aurorabinlogreplicalag',
    }),
    rdsRow({
      id: 'writerDown',
      signal: 'writerDown',
      metric: { type: 'metric', metricName: 'EngineUptime', stat: 'Average' },
      fixedDimensions: WRITER,
      threshold: 0,
      comparison: 'LessThanOrEqualToThreshold',
      datapoints: [2, 2],
      severity: 'critical',
      unit: 's',
      meaning: 'The writer of {resource} is down: its engine uptime is 0',
      firstStep: 'check the cluster events for a failover or restart and whether a new writer took over',
      why: 'AWS: 0 for 2 minutes: no writer, so every write fails. Critical: users feel it. Missing data (a stopped cluster) is not breaching.',
      implements: 'rds-engineuptime',
    }),
    rdsRow({
      id: 'storageNetworkThroughput',
      signal: 'storageNetworkThroughput',
      metric: { type: 'metric', metricName: 'StorageNetworkThroughput', stat: 'Average' },
      fixedDimensions: WRITER,
      threshold: { param: 'maxStorageNetworkThroughput', factor: 0.9 },
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      enabled: false,
      unit: 'count',
      meaning: 'The writer of {resource} uses more than {threshold} bytes/s of storage network throughput',
      firstStep: 'find the I/O-heavy queries, or move the writer to a class with more network bandwidth',
      why: 'AWS: "depends" on the instance class\'s network bandwidth, which the model does not know: off by default, give `maxStorageNetworkThroughput` (bytes/s; on then), alarmed at 90 % of it for 5 minutes.',
      implements: 'rds-storagenetworkthroughput',
    }),
    rdsRow({
      id: 'acuUtilization',
      signal: 'acuUtilization',
      metric: { type: 'metric', metricName: 'ACUUtilization', stat: 'Maximum' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      datapoints: [15, 15],
      enabled: false,
      unit: 'percent',
      meaning: 'Aurora Serverless v2 {resource} uses more than {threshold} of its maximum capacity',
      firstStep: 'raise the maximum capacity (ACUs) or find what drives the load',
      source: SERVERLESS,
      why: "Not in AWS's list. ACUUtilization is the capacity used as a share of the configured maximum; above 90 % for 15 minutes the cluster cannot scale further and queries slow down. Off by default; on for Serverless v2 clusters (read from the construct, or `serverless.maxCapacity`).",
    }),
    rdsRow({
      id: 'capacityAtMaximum',
      signal: 'capacityAtMaximum',
      metric: { type: 'metric', metricName: 'ServerlessDatabaseCapacity', stat: 'Maximum' },
      threshold: { param: 'maxCapacity' },
      comparison: 'GreaterThanOrEqualToThreshold',
      datapoints: [15, 15],
      enabled: false,
      unit: 'count',
      meaning: 'Aurora Serverless v2 {resource} runs at its maximum of {threshold} ACUs',
      firstStep: 'raise the maximum capacity (ACUs); the cluster cannot grow further',
      source: SERVERLESS,
      why: "Not in AWS's list. The capacity at the configured maximum (read from the construct) for 15 minutes: the cluster is capped. Off by default; on for Serverless v2 clusters.",
    }),
  ],
  signals: [
    { title: 'CPU utilization (%)', metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Connections', metricName: 'DatabaseConnections', stat: 'Sum' },
    { title: 'Freeable memory (bytes)', metricName: 'FreeableMemory', stat: 'Minimum' },
    { title: 'Volume bytes used', metricName: 'VolumeBytesUsed', stat: 'Maximum' },
    { title: 'Serverless capacity (ACUs)', metricName: 'ServerlessDatabaseCapacity', stat: 'Maximum' },
    { title: 'ACU utilization (%)', metricName: 'ACUUtilization', stat: 'Maximum' },
  ],
  cost: [],
});

export const auroraCluster = defineKind({
  key: 'auroraCluster',
  dashboard: 'data',
  tables: [CLUSTER],
  account: [],
  config: {
    doc: 'Aurora DB clusters, by DB cluster identifier (their DB instances go under rdsInstance).',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a DB cluster identifier'),
        k.obj({
          id: k.awsName('id').describe('The DB cluster identifier (the DBClusterIdentifier dimension).'),
          label: k.label,
          engine: k.z
            .enum(['aurora-mysql', 'aurora-postgresql'])
            .optional()
            .describe('The engine. Read from the construct.'),
          serverless: k
            .obj({
              maxCapacity: k
                .number('The Serverless v2 maximum capacity in ACUs (read from the construct).', 1, 256)
                .describe('The Serverless v2 maximum capacity in ACUs (read from the construct).'),
            })
            .optional()
            .describe('Aurora Serverless v2: adds the capacity alarms. Read from the construct.'),
          binlogReplica: k.z
            .boolean()
            .optional()
            .describe(
              'An Aurora MySQL cluster replicating from another database by binlog: adds the broken-replication alarm.',
            ),
          maxStorageNetworkThroughput: k
            .int(
              "The writer's storage network bandwidth in bytes/s: adds the throughput alarm at 90 % of it.",
              1,
              1e12,
            )
            .optional(),
          alarms: k.alarms(CLUSTER),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const serverless = 'serverless' in e ? e.serverless : undefined;
      const throughput = 'maxStorageNetworkThroughput' in e ? e.maxStorageNetworkThroughput : undefined;
      const binlog =
        'binlogReplica' in e && e.binlogReplica && ('engine' in e ? e.engine !== 'aurora-postgresql' : true);
      const on = [
        ...(serverless ? ['acuUtilization', 'capacityAtMaximum'] : []),
        ...(throughput !== undefined ? ['storageNetworkThroughput'] : []),
        ...(binlog ? ['binlogReplicaLag'] : []),
      ];
      return [
        {
          kind: 'auroraCluster',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { DBClusterIdentifier: e.id },
          params: ctx.params(CLUSTER, {
            maxCapacity: serverless?.maxCapacity,
            maxStorageNetworkThroughput: throughput,
          }),
          overrides: switchRows(ctx.overrides('alarms' in e ? e.alarms : undefined), [], on),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    id: `ledger-${n}`,
    engine: 'aurora-postgresql' as const,
    serverless: { maxCapacity: 16 },
  }),
  construct: {
    cfnTypes: ['AWS::RDS::DBCluster'],
    entry: (c, ctx) => {
      const cluster = ctx.cfnOf<CfnDBCluster>(c, 'AWS::RDS::DBCluster');
      if (!cluster) return undefined;
      const engine = rdsEngine(ctx.string(ctx.resolve(cluster, cluster.engine)));
      // Multi-AZ DB clusters (mysql, postgres engines) are not Aurora: their instances are rdsInstance resources.
      if (engine !== 'aurora-mysql' && engine !== 'aurora-postgresql') return undefined;
      // Resolved properties keep the L1's camelCase names; an L1 may be given CloudFormation's.
      const scaling = ctx.resolve(cluster, cluster.serverlessV2ScalingConfiguration) as
        { MaxCapacity?: unknown; maxCapacity?: unknown } | undefined;
      const max = numberOf(ctx, scaling?.maxCapacity ?? scaling?.MaxCapacity);
      return {
        id: cluster.ref,
        label: ctx.label(c),
        engine,
        ...(max !== undefined && max >= 1 && max <= 256 ? { serverless: { maxCapacity: max } } : {}),
      };
    },
  },
});
