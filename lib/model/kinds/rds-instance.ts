/**
 * RDS DB instances and Aurora DB instances (`DBInstanceIdentifier`): AWS's fifteen instance-level RDS/Aurora
 * entries, with CPU, memory, storage and connections; thresholds from what the construct knows (instance class,
 * allocated storage, engine, read replica, Performance Insights) and rows for one engine only on that engine.
 */
import type { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { parseDurationMs } from '../duration';
import { numberOf } from './construct-refs';
import {
  RDS_CLASSES,
  RDS_ENGINES,
  RDS_MAX_CONNECTIONS,
  dbClass,
  defaultMaxConnections,
  rdsEngine,
  type RdsEngine,
} from './rds-classes';
import { switchRows } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';
import { rowDefaults } from './row-defaults';

const SRC = `${AWS_RECOMMENDED}#RDS`;
const GIB = 1024 ** 3;

type Base = Pick<CatalogRow, 'period' | 'missing' | 'severity' | 'enabled' | 'source'>;
const BASE: Base = {
  period: 60,
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  source: SRC,
};
/** A row with the defaults every RDS row shares (1-minute periods, warning, on, missing data not breaching). */
export const rdsRow = rowDefaults(BASE);

const MISSING_WHY =
  'RDS publishes it every minute while the instance runs; a stopped instance is not breaching.';

const INSTANCE = defineTable({
  kind: 'rdsInstance',
  title: 'RDS DB instance',
  namespace: 'AWS/RDS',
  dimensions: ['DBInstanceIdentifier'],
  params: {
    maxConnections: {
      default: 100,
      doc: "The instance's max_connections (from the instance class and engine where the default parameter group documents it, else `maxConnections`).",
    },
    minFreeableMemory: {
      default: 256 * 1024 ** 2,
      doc: 'Freeable memory in bytes below which the instance is short of memory: 10 % of the class memory, 256 MiB when the class is unknown.',
    },
    minFreeStorage: {
      default: 2 * GIB,
      doc: 'Free storage in bytes: 10 % of the allocated storage (from the construct), 2 GiB when it is unknown.',
    },
    minFreeLocalStorage: {
      default: 2 * GIB,
      doc: 'Free local (temporary) storage of an Aurora instance in bytes (`minFreeLocalStorage`, default 2 GiB).',
    },
    maxLatency: {
      default: 0.02,
      doc: 'p90 read and write latency in seconds (`maxLatency`, default 20 ms).',
    },
    vcpus: { default: 2, doc: "The instance class's vCPUs: DBLoad above it means sessions wait for CPU." },
  },
  rows: [
    rdsRow({
      id: 'cpu',
      signal: 'cpu',
      metric: { type: 'metric', metricName: 'CPUUtilization', stat: 'Average' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      unit: 'percent',
      meaning: 'CPU utilization of {resource} is above {threshold}',
      firstStep:
        'find the expensive queries (Performance Insights top SQL) or move to a larger instance class',
      why: `AWS: 90 % for 5 minutes; a database at full CPU queues every query. ${MISSING_WHY}`,
      implements: 'rds-cpuutilization',
    }),
    rdsRow({
      id: 'connections',
      signal: 'connections',
      metric: { type: 'metric', metricName: 'DatabaseConnections', stat: 'Average' },
      threshold: { param: 'maxConnections', factor: 0.8 },
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      enabled: false,
      unit: 'count',
      meaning: '{resource} has more than {threshold} connections, close to its max_connections',
      firstStep: 'look for connection leaks or a missing pool (RDS Proxy), or raise max_connections',
      why: `AWS: "depends" on max_connections. 80 % of it for 5 minutes leaves room before new connections are refused. max_connections comes from the instance class for MySQL, MariaDB, PostgreSQL and Aurora PostgreSQL (their default parameter groups give a formula of the class memory, ${RDS_MAX_CONNECTIONS}; 90 % of the class memory stands for DBInstanceClassMemory): on for those; off for other engines or classes unless \`maxConnections\` is given.`,
      implements: 'rds-databaseconnections',
    }),
    rdsRow({
      id: 'ebsByteBalance',
      signal: 'ebsByteBalance',
      metric: { type: 'metric', metricName: 'EBSByteBalance%', stat: 'Average' },
      threshold: 10,
      comparison: 'LessThanThreshold',
      datapoints: [3, 3],
      unit: 'percent',
      meaning: '{resource} has less than {threshold} of its EBS throughput burst bucket left',
      firstStep: 'move to a larger instance class (4xlarge and up do not burst) or reduce the I/O',
      why: 'AWS: 10 % for 3 minutes; below it the instance falls back to its baseline EBS throughput. Published only by classes that burst; missing data is not breaching. Off for Aurora (no EBS).',
      implements: 'rds-ebsbytebalance',
    }),
    rdsRow({
      id: 'ebsIoBalance',
      signal: 'ebsIoBalance',
      metric: { type: 'metric', metricName: 'EBSIOBalance%', stat: 'Average' },
      threshold: 10,
      comparison: 'LessThanThreshold',
      datapoints: [3, 3],
      unit: 'percent',
      meaning: '{resource} has less than {threshold} of its EBS IOPS burst bucket left',
      firstStep: 'move to a larger instance class (4xlarge and up do not burst) or reduce the I/O',
      why: 'AWS: 10 % for 3 minutes; below it the instance falls back to its baseline EBS IOPS. Published only by classes that burst; missing data is not breaching. Off for Aurora (no EBS).',
      implements: 'rds-ebsiobalance',
    }),
    rdsRow({
      id: 'freeableMemory',
      signal: 'freeableMemory',
      metric: { type: 'metric', metricName: 'FreeableMemory', stat: 'Average' },
      threshold: { param: 'minFreeableMemory' },
      comparison: 'LessThanThreshold',
      datapoints: [15, 15],
      unit: 'count',
      meaning: '{resource} has less than {threshold} bytes of freeable memory',
      firstStep:
        'check the buffer pool and work-memory settings and the number of connections, or move to a class with more memory',
      why: `AWS: "depends" on workload and class. The engine's caches take most memory by design, so only a small remainder means pressure: 10 % of the class memory (read from the instance class, ${RDS_CLASSES}) for 15 minutes, 256 MiB when the class is unknown (db.serverless, other families). ${MISSING_WHY}`,
      implements: 'rds-freeablememory',
    }),
    rdsRow({
      id: 'freeLocalStorage',
      signal: 'freeLocalStorage',
      metric: { type: 'metric', metricName: 'FreeLocalStorage', stat: 'Average' },
      threshold: { param: 'minFreeLocalStorage' },
      comparison: 'LessThanThreshold',
      datapoints: [5, 5],
      enabled: false,
      unit: 'count',
      meaning:
        'Aurora instance {resource} has less than {threshold} bytes of local storage left for temporary tables and logs',
      firstStep:
        'find the queries that sort or build large temporary tables, or move to a larger instance class',
      why: 'AWS: "depends"; Aurora instances keep temporary tables and logs on local storage sized by the class, and queries fail when it is full. 2 GiB for 5 minutes by default (`minFreeLocalStorage`). Off by default; on for Aurora engines only (others do not publish it).',
      implements: 'rds-freelocalstorage',
    }),
    rdsRow({
      id: 'freeStorage',
      signal: 'freeStorage',
      metric: { type: 'metric', metricName: 'FreeStorageSpace', stat: 'Minimum' },
      threshold: { param: 'minFreeStorage' },
      comparison: 'LessThanThreshold',
      datapoints: [5, 5],
      unit: 'count',
      meaning: '{resource} has less than {threshold} bytes of storage left',
      firstStep: 'grow the allocated storage (or turn on storage autoscaling) and clean up old data or logs',
      why: 'AWS: "depends" on the allocated storage. 10 % of it (read from the construct) for 5 minutes leaves time to grow the volume before the instance enters the storage-full state; 2 GiB when the size is unknown. Off for Aurora (its cluster volume grows by itself: see the cluster\'s volume bytes left).',
      implements: 'rds-freestoragespace',
    }),
    rdsRow({
      id: 'maxUsedTransactionIds',
      signal: 'maxUsedTransactionIds',
      metric: { type: 'metric', metricName: 'MaximumUsedTransactionIDs', stat: 'Average' },
      threshold: 1_000_000_000,
      comparison: 'GreaterThanThreshold',
      datapoints: [1, 1],
      enabled: false,
      unit: 'count',
      meaning:
        '{resource} has used more than {threshold} transaction ids: vacuum falls behind and wraparound nears',
      firstStep:
        'find what blocks autovacuum (long transactions, replication slots) and vacuum the oldest tables',
      why: 'AWS: 1 billion, half-way to the 2.1 billion at which PostgreSQL stops accepting writes. Off by default; on for PostgreSQL and Aurora PostgreSQL only (read from the engine).',
      implements: 'rds-maximumusedtransactionids',
    }),
    ...(['Read', 'Write'] as const).map((rw) =>
      rdsRow({
        id: `${rw.toLowerCase()}Latency`,
        signal: `${rw.toLowerCase()}Latency`,
        metric: { type: 'metric', metricName: `${rw}Latency`, stat: 'p90' },
        threshold: { param: 'maxLatency' },
        comparison: 'GreaterThanThreshold',
        datapoints: [5, 5],
        lowSampleCount: 'ignore',
        unit: 's',
        meaning: `{stat} ${rw.toLowerCase()} latency of {resource}'s storage is above {threshold}`,
        firstStep:
          'check IOPS and throughput against the volume limits and the burst balances; consider gp3 or Provisioned IOPS',
        why: `AWS: "depends" (the metric is in seconds). p90 above 20 ms for 5 minutes: SSD-backed storage answers in a few ms, so 20 ms means queued I/O (\`maxLatency\`). Few samples leave the state as it is.`,
        implements: `rds-${rw.toLowerCase()}latency`,
      }),
    ),
    rdsRow({
      id: 'replicaLag',
      signal: 'replicaLag',
      metric: { type: 'metric', metricName: 'ReplicaLag', stat: 'Maximum' },
      threshold: 60,
      comparison: 'GreaterThanThreshold',
      datapoints: [10, 10],
      enabled: false,
      unit: 's',
      meaning: 'Read replica {resource} is more than {threshold} behind its source',
      firstStep: 'check the replica for long queries or an undersized class, and the source for write bursts',
      why: 'AWS: 60 s for 10 minutes. Off by default; on for read replicas only (read from the construct, or `replica: true`).',
      implements: 'rds-replicalag',
    }),
    rdsRow({
      id: 'dbLoad',
      signal: 'dbLoad',
      metric: { type: 'metric', metricName: 'DBLoad', stat: 'Average' },
      threshold: { param: 'vcpus' },
      comparison: 'GreaterThanThreshold',
      datapoints: [15, 15],
      enabled: false,
      unit: 'count',
      meaning: '{resource} has more active sessions than its {threshold} vCPUs: sessions wait',
      firstStep: 'open Performance Insights and look at the top waits and SQL',
      why: 'AWS: "depends"; more average active sessions than vCPUs for 15 minutes means sessions wait for CPU or I/O. The vCPUs come from the instance class. Off by default; on when Performance Insights (or Database Insights) publishes DBLoad and the class is known.',
      implements: 'rds-dbload',
    }),
    rdsRow({
      id: 'blockedTransactions',
      signal: 'blockedTransactions',
      metric: { type: 'metric', metricName: 'BlockedTransactions', stat: 'Average' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      enabled: false,
      unit: 'count',
      meaning: 'Transactions on {resource} are blocked for 5 minutes',
      firstStep: 'find the transaction that holds the locks (information_schema.innodb_trx) and end it',
      why: 'AWS: "depends"; blocked transactions every minute for 5 minutes means a lock is held, not a passing wait. Off by default; on for Aurora MySQL only.',
      implements: 'rds-blockedtransactions',
    }),
    rdsRow({
      id: 'bufferCacheHitRatio',
      signal: 'bufferCacheHitRatio',
      metric: { type: 'metric', metricName: 'BufferCacheHitRatio', stat: 'Average' },
      threshold: 80,
      comparison: 'LessThanThreshold',
      datapoints: [10, 10],
      enabled: false,
      unit: 'percent',
      meaning: 'Less than {threshold} of reads on {resource} are served from the buffer cache',
      firstStep: 'check for new full scans, or move to a class with more memory',
      why: 'AWS: 80 % for 10 minutes. Off by default; on for Aurora engines only.',
      implements: 'rds-buffercachehitratio',
    }),
    rdsRow({
      id: 'rollbackSegmentHistory',
      signal: 'rollbackSegmentHistory',
      metric: { type: 'metric', metricName: 'RollbackSegmentHistoryListLength', stat: 'Average' },
      threshold: 1_000_000,
      comparison: 'GreaterThanThreshold',
      datapoints: [5, 5],
      enabled: false,
      unit: 'count',
      meaning: '{resource} keeps more than {threshold} undo logs: a long transaction holds purge back',
      firstStep: 'find and end the oldest open transaction',
      why: 'AWS: 1 million for 5 minutes; a long history slows every query. Off by default; on for Aurora MySQL only.',
      implements: 'rds-rollbacksegmenthistorylistlength',
    }),
  ],
  signals: [
    { title: 'CPU utilization (%)', metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Connections', metricName: 'DatabaseConnections', stat: 'Average' },
    { title: 'Freeable memory (bytes)', metricName: 'FreeableMemory', stat: 'Minimum' },
    { title: 'Free storage (bytes)', metricName: 'FreeStorageSpace', stat: 'Minimum' },
    { title: 'Read latency p90', unit: 's', metricName: 'ReadLatency', stat: 'p90' },
    { title: 'Write latency p90', unit: 's', metricName: 'WriteLatency', stat: 'p90' },
    { title: 'Read IOPS', metricName: 'ReadIOPS', stat: 'Average' },
    { title: 'Write IOPS', metricName: 'WriteIOPS', stat: 'Average' },
  ],
  cost: [],
});

const AURORA: ReadonlySet<string> = new Set(['aurora-mysql', 'aurora-postgresql']);
const POSTGRES: ReadonlySet<string> = new Set(['postgres', 'aurora-postgresql']);

/** Rows switched on and off by what is known of an instance. */
function switches(e: {
  engine?: RdsEngine;
  maxConnections?: number;
  replica?: boolean;
  performanceInsights?: boolean;
  vcpus?: number;
}): { off: string[]; on: string[] } {
  const aurora = e.engine !== undefined && AURORA.has(e.engine);
  const on = [
    ...(e.maxConnections !== undefined ? ['connections'] : []),
    ...(aurora ? ['freeLocalStorage', 'bufferCacheHitRatio'] : []),
    ...(e.engine === 'aurora-mysql' ? ['blockedTransactions', 'rollbackSegmentHistory'] : []),
    ...(e.engine !== undefined && POSTGRES.has(e.engine) ? ['maxUsedTransactionIds'] : []),
    ...(e.replica ? ['replicaLag'] : []),
    ...(e.performanceInsights && e.vcpus !== undefined ? ['dbLoad'] : []),
  ];
  const off = aurora ? ['ebsByteBalance', 'ebsIoBalance', 'freeStorage'] : [];
  return { off, on };
}

export const rdsInstance = defineKind({
  key: 'rdsInstance',
  dashboard: 'data',
  tables: [INSTANCE],
  account: [],
  config: {
    doc: 'RDS and Aurora DB instances, by DB instance identifier.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a DB instance identifier'),
        k.obj({
          id: k.awsName('id').describe('The DB instance identifier (the DBInstanceIdentifier dimension).'),
          label: k.label,
          engine: k.z
            .enum(RDS_ENGINES)
            .optional()
            .describe('The engine: rows for one engine are on for it only. Read from the construct.'),
          instanceClass: k.z
            .string()
            .regex(/^db\.[a-z0-9-]+(\.[a-z0-9]+)?$/, { message: 'instanceClass looks like db.t3.micro' })
            .optional()
            .describe(
              'The DB instance class: memory, vCPUs and max_connections come from it. Read from the construct.',
            ),
          storage: k
            .int(
              'Allocated storage in GiB: the free-storage alarm is 10 % of it. Read from the construct.',
              5,
              65_536,
            )
            .optional(),
          maxConnections: k
            .int(
              'The max_connections of the instance, where the class and engine do not give it.',
              1,
              100_000,
            )
            .optional(),
          replica: k.z
            .boolean()
            .optional()
            .describe('A read replica: adds the replica lag alarm. Read from the construct.'),
          performanceInsights: k.z
            .boolean()
            .optional()
            .describe(
              'Performance Insights (or Database Insights) is on, so DBLoad is published. Read from the construct.',
            ),
          latency: k.duration('p90 read and write latency threshold. Default 20ms.', '1ms', '10s').optional(),
          alarms: k.alarms(INSTANCE),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const cls = 'instanceClass' in e && e.instanceClass ? dbClass(e.instanceClass) : undefined;
      const engine = 'engine' in e ? e.engine : undefined;
      const maxConnections =
        ('maxConnections' in e ? e.maxConnections : undefined) ??
        (cls ? defaultMaxConnections(engine, cls.memoryBytes) : undefined);
      const storage = 'storage' in e ? e.storage : undefined;
      // RDS latency metrics are in seconds.
      const latency = 'latency' in e && e.latency ? parseDurationMs(e.latency) / 1000 : undefined;
      const { off, on } = switches({
        engine,
        maxConnections,
        replica: 'replica' in e ? e.replica : undefined,
        performanceInsights: 'performanceInsights' in e ? e.performanceInsights : undefined,
        vcpus: cls?.vcpus,
      });
      return [
        {
          kind: 'rdsInstance',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { DBInstanceIdentifier: e.id },
          params: ctx.params(INSTANCE, {
            maxConnections,
            minFreeableMemory: cls ? Math.round(cls.memoryBytes * 0.1) : undefined,
            minFreeStorage: storage !== undefined ? Math.round(storage * GIB * 0.1) : undefined,
            maxLatency: latency,
            vcpus: cls?.vcpus,
          }),
          overrides: switchRows(ctx.overrides('alarms' in e ? e.alarms : undefined), off, on),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    id: `orders-db-${n}`,
    engine: 'postgres' as const,
    instanceClass: 'db.t4g.medium',
    storage: 100,
    performanceInsights: true,
  }),
  construct: {
    cfnTypes: ['AWS::RDS::DBInstance'],
    entry: (c, ctx) => {
      const db = ctx.cfnOf<CfnDBInstance>(c, 'AWS::RDS::DBInstance');
      if (!db) return undefined;
      const engine = rdsEngine(ctx.string(ctx.resolve(db, db.engine)));
      // The L2 sets the class lazily: resolve it.
      const instanceClass = ctx.string(ctx.resolve(db, db.dbInstanceClass));
      const storage = numberOf(ctx, db.allocatedStorage);
      const replica =
        db.sourceDbInstanceIdentifier !== undefined || db.sourceDbClusterIdentifier !== undefined;
      const pi = ctx.resolve(db, db.enablePerformanceInsights);
      const databaseInsights = ctx.string(db.databaseInsightsMode) === 'advanced';
      return {
        id: db.ref,
        label: ctx.label(c),
        ...(engine ? { engine } : {}),
        ...(instanceClass && /^db\.[a-z0-9-]+(\.[a-z0-9]+)?$/.test(instanceClass) ? { instanceClass } : {}),
        ...(storage !== undefined && storage >= 5 && storage <= 65_536
          ? { storage: Math.round(storage) }
          : {}),
        ...(replica ? { replica } : {}),
        ...(pi === true || databaseInsights ? { performanceInsights: true } : {}),
      };
    },
  },
});
