/**
 * Amazon DocumentDB clusters (`DBClusterIdentifier`, with `Role=WRITER` for the primary): CPU, memory,
 * connections, buffer cache and replica lag, from DocumentDB's CloudWatch metrics documentation (AWS's
 * recommended-alarm list has no DocumentDB section). The instance class and count are read from the cluster's
 * instances.
 */
import type { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-docdb';
import { referencing, type CfnLike } from './construct-refs';
import { dbClass } from './rds-classes';
import { switchRows } from './switches';
import { defineKind, defineTable } from './types';
import { rowDefaults } from './row-defaults';

const SRC = 'https://docs.aws.amazon.com/documentdb/latest/developerguide/cloud_watch.html';
const WRITER = { Role: 'WRITER' } as const;

const BASE = {
  period: 60,
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  source: SRC,
} as const;
const row = rowDefaults(BASE);
const MISSING =
  'DocumentDB publishes it every minute while the cluster runs; a stopped cluster is not breaching.';

const CLUSTER = defineTable({
  kind: 'documentDb',
  title: 'DocumentDB cluster',
  namespace: 'AWS/DocDB',
  dimensions: ['DBClusterIdentifier'],
  params: {
    minFreeableMemory: {
      default: 256 * 1024 ** 2,
      doc: "Freeable memory of the primary in bytes: 10 % of the instance class's memory, 256 MiB when it is unknown.",
    },
    maxConnections: {
      default: 1000,
      doc: "The primary's connection limit (`maxConnections`, from DocumentDB's per-class limits).",
    },
    maxReplicaLag: { default: 10_000, doc: 'Replica lag in ms (`maxReplicaLag`, default 10 s).' },
  },
  rows: [
    row({
      id: 'writerCpu',
      signal: 'writerCpu',
      metric: { type: 'metric', metricName: 'CPUUtilization', stat: 'Average' },
      fixedDimensions: WRITER,
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'percent',
      meaning: 'CPU utilization of the primary of {resource} is above {threshold}',
      firstStep: 'find slow operations (profiler) or move to a larger instance class',
      why: `Not in AWS's list; as for RDS, 90 % for 5 minutes: every operation queues. ${MISSING}`,
    }),
    row({
      id: 'writerFreeableMemory',
      signal: 'writerFreeableMemory',
      metric: { type: 'metric', metricName: 'FreeableMemory', stat: 'Average' },
      fixedDimensions: WRITER,
      threshold: { param: 'minFreeableMemory' },
      comparison: 'LessThanThreshold',
      datapoints: [15, 15],
      unit: 'count',
      meaning: 'The primary of {resource} has less than {threshold} bytes of freeable memory',
      firstStep: 'check the working set against the buffer cache, or move to a class with more memory',
      why: `Not in AWS's list; the cache takes most memory by design, so 10 % of the class memory (read from the instances) for 15 minutes means pressure. ${MISSING}`,
    }),
    row({
      id: 'writerConnections',
      signal: 'writerConnections',
      metric: { type: 'metric', metricName: 'DatabaseConnections', stat: 'Maximum' },
      fixedDimensions: WRITER,
      threshold: { param: 'maxConnections', factor: 0.8 },
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      enabled: false,
      unit: 'count',
      meaning: 'The primary of {resource} has more than {threshold} connections, close to its limit',
      firstStep: 'look for clients without connection pools or with leaks',
      why: "Not in AWS's list; 80 % of the instance's connection limit for 5 minutes. The limit depends on the class (the DatabaseConnectionsLimit metric shows it on the dashboard): off by default, on when `maxConnections` is given.",
    }),
    row({
      id: 'bufferCacheHitRatio',
      signal: 'bufferCacheHitRatio',
      metric: { type: 'metric', metricName: 'BufferCacheHitRatio', stat: 'Average' },
      fixedDimensions: WRITER,
      threshold: 80,
      comparison: 'LessThanThreshold',
      datapoints: [10, 10],
      unit: 'percent',
      meaning: 'Less than {threshold} of reads on the primary of {resource} come from the buffer cache',
      firstStep: 'check for new collection scans (missing indexes), or move to a class with more memory',
      why: `Not in AWS's list; as AWS recommends for Aurora, 80 % for 10 minutes: the working set no longer fits in memory. ${MISSING}`,
    }),
    row({
      id: 'replicaLag',
      signal: 'replicaLag',
      metric: { type: 'metric', metricName: 'DBClusterReplicaLagMaximum', stat: 'Maximum' },
      threshold: { param: 'maxReplicaLag' },
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      enabled: false,
      unit: 'ms',
      meaning: 'A replica of {resource} is more than {threshold} behind the primary',
      firstStep: 'check the replicas for an undersized class or long reads, and the primary for write bursts',
      why: "Not in AWS's list; replicas usually lag by under 100 ms, so 10 s for 5 minutes means reads are stale. Off by default: on for clusters with more than one instance (read from the construct, or `instances`).",
    }),
  ],
  signals: [
    { title: 'CPU utilization (%)', metricName: 'CPUUtilization', stat: 'Maximum' },
    { title: 'Freeable memory (bytes)', metricName: 'FreeableMemory', stat: 'Minimum' },
    { title: 'Connections', metricName: 'DatabaseConnections', stat: 'Maximum' },
    { title: 'Connection limit', metricName: 'DatabaseConnectionsLimit', stat: 'Minimum' },
    { title: 'Volume bytes used', metricName: 'VolumeBytesUsed', stat: 'Maximum' },
    { title: 'Replica lag', unit: 'ms', metricName: 'DBClusterReplicaLagMaximum', stat: 'Maximum' },
  ],
  cost: [],
});

export const documentDb = defineKind({
  key: 'documentDb',
  dashboard: 'data',
  tables: [CLUSTER],
  account: [],
  config: {
    doc: 'Amazon DocumentDB clusters, by cluster identifier.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a cluster identifier'),
        k.obj({
          id: k.awsName('id').describe('The cluster identifier (the DBClusterIdentifier dimension).'),
          label: k.label,
          instanceClass: k.z
            .string()
            .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { message: 'instanceClass looks like db.r6g.large' })
            .optional()
            .describe(
              "The instances' class: the freeable-memory threshold comes from it. Read from the construct.",
            ),
          instances: k
            .int(
              'Instances in the cluster: more than one adds the replica lag alarm. Read from the construct.',
              1,
              16,
            )
            .optional(),
          maxConnections: k
            .int(
              "The primary's connection limit (DocumentDB's per-class quota): adds the connections alarm.",
              1,
              100_000,
            )
            .optional(),
          alarms: k.alarms(CLUSTER),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const cls = 'instanceClass' in e && e.instanceClass ? dbClass(e.instanceClass) : undefined;
      const maxConnections = 'maxConnections' in e ? e.maxConnections : undefined;
      const instances = 'instances' in e ? e.instances : undefined;
      const on = [
        ...(maxConnections !== undefined ? ['writerConnections'] : []),
        ...(instances !== undefined && instances > 1 ? ['replicaLag'] : []),
      ];
      return [
        {
          kind: 'documentDb',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { DBClusterIdentifier: e.id },
          params: ctx.params(CLUSTER, {
            minFreeableMemory: cls ? Math.round(cls.memoryBytes * 0.1) : undefined,
            maxConnections,
          }),
          overrides: switchRows(ctx.overrides('alarms' in e ? e.alarms : undefined), [], on),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ id: `catalog-${n}`, instanceClass: 'db.r6g.large', instances: 2 }),
  construct: {
    cfnTypes: ['AWS::DocDB::DBCluster'],
    entry: (c, ctx) => {
      const cluster = ctx.cfnOf<CfnDBCluster>(c, 'AWS::DocDB::DBCluster');
      if (!cluster) return undefined;
      const instances = referencing<CfnDBInstance>(
        ctx,
        cluster as unknown as CfnLike,
        'AWS::DocDB::DBInstance',
        (i) => i.dbClusterIdentifier,
      );
      const classes = new Set(
        instances.map((i) => ctx.string(ctx.resolve(i as unknown as CfnLike, i.dbInstanceClass))),
      );
      const [instanceClass] = classes.size === 1 ? [...classes] : [undefined];
      return {
        id: cluster.ref,
        label: ctx.label(c),
        ...(instanceClass && /^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(instanceClass) ? { instanceClass } : {}),
        ...(instances.length >= 1 && instances.length <= 16 ? { instances: instances.length } : {}),
      };
    },
  },
});
