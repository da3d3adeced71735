/**
 * DynamoDB tables (`TableName`), the operations whose latency is alarmed, global secondary indexes, the Kinesis
 * streaming destination, global table replicas, and the account's capacity.
 */
import type { CfnGlobalTable, CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { parseDurationMs } from '../duration';
import type { MonitoredResource } from '../telemetry-model';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#DynamoDB`;
/** CloudWatch ignores TreatMissingData for AWS/DynamoDB alarms; the specs say so instead of pretending. */
const DDB_MISSING = 'ignore' as const;

const throttles = (rw: 'Read' | 'Write'): CatalogRow => ({
  id: `${rw.toLowerCase()}Throttles`,
  signal: `${rw.toLowerCase()}Throttles`,
  metric: { type: 'metric', metricName: `${rw}ThrottleEvents`, stat: 'Sum' },
  threshold: 0,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: DDB_MISSING,
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning: `${rw}s on {resource} are throttled`,
  firstStep: `check for a hot partition key or raise provisioned ${rw.toLowerCase()} capacity`,
  source: SRC,
  why: 'AWS: "depends" (above the usual throttling); > 0 suits on-demand tables, which should not throttle. A ticket, not a page: the SDKs retry throttled requests with backoff, so users see throttling only as slower or failed calls of the functions in front, which page through their latency budgets, error rates and the SLOs.',
  implements: `dynamodb-${rw.toLowerCase()}throttleevents`,
});

const TABLE = defineTable({
  kind: 'dynamodb',
  title: 'DynamoDB table',
  namespace: 'AWS/DynamoDB',
  dimensions: ['TableName'],
  params: {},
  rows: [
    throttles('Read'),
    throttles('Write'),
    {
      id: 'systemErrors',
      signal: 'systemErrors',
      metric: { type: 'metric', metricName: 'SystemErrors', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 15],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'DynamoDB returns server errors for {resource}',
      firstStep: 'check the AWS Health Dashboard and make sure clients retry with backoff',
      source: SRC,
      why: 'AWS: "depends", 15 of 15 minutes. A healthy table has no system errors, but a degraded one does not fail every request either: at tens of requests a minute, 2 % failing leaves minutes without an error, and "every minute for 15 minutes" never fired in the replay suite (`npm run bench:replay`). System errors in 5 of 15 minutes are sustained. A ticket, not a page: the SDKs retry them, so users see them only when retries run out, as function errors and 5XX that page through the error rates and the SLOs.',
      implements: 'dynamodb-systemerrors',
      differs: ['datapoints'],
    },
  ],
  signals: [
    { title: 'Consumed read capacity', metricName: 'ConsumedReadCapacityUnits', stat: 'Sum' },
    { title: 'Consumed write capacity', metricName: 'ConsumedWriteCapacityUnits', stat: 'Sum' },
    { title: 'Read throttles', metricName: 'ReadThrottleEvents', stat: 'Sum' },
    { title: 'Write throttles', metricName: 'WriteThrottleEvents', stat: 'Sum' },
    { title: 'System errors', metricName: 'SystemErrors', stat: 'Sum' },
  ],
  cost: [],
});

/** A global secondary index of a table (`TableName`, `GlobalSecondaryIndexName`): its own throttles. */
const INDEX = defineTable({
  kind: 'dynamodbIndex',
  title: 'DynamoDB index',
  namespace: 'AWS/DynamoDB',
  dimensions: ['TableName', 'GlobalSecondaryIndexName'],
  params: {},
  rows: (['Read', 'Write'] as const).map((rw): CatalogRow => ({
    ...throttles(rw),
    id: `index${rw}Throttles`,
    meaning: `${rw}s on index {resource} are throttled`,
    firstStep: `check the index's partition key for a hot value, or raise its provisioned ${rw.toLowerCase()} capacity`,
    why: 'AWS: "depends" (above the usual throttling); > 0, as for the table: an index that throttles writes throttles the table\'s writes too.',
    implements: `dynamodb-gsi-${rw.toLowerCase()}throttleevents`,
  })),
  signals: [
    { title: 'Read throttles', metricName: 'ReadThrottleEvents', stat: 'Sum' },
    { title: 'Write throttles', metricName: 'WriteThrottleEvents', stat: 'Sum' },
  ],
  cost: [],
});

/** One DynamoDB operation on a table (`TableName`, `Operation`): latency, for operations listed in the config. */
const OPERATION = defineTable({
  kind: 'dynamodbOperation',
  title: 'DynamoDB operation',
  namespace: 'AWS/DynamoDB',
  dimensions: ['TableName', 'Operation'],
  params: { latency: { default: 100, doc: 'Average latency threshold in ms.' } },
  rows: [
    {
      id: 'latency',
      signal: 'latency',
      metric: { type: 'metric', metricName: 'SuccessfulRequestLatency', stat: 'Average' },
      threshold: { param: 'latency' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Average latency of {resource} is above {threshold}',
      firstStep: 'check item sizes, scans and the client network path',
      source: SRC,
      why: 'AWS: "depends"; 100 ms is far above typical single-digit-ms DynamoDB latency.',
      implements: 'dynamodb-successfulrequestlatency',
    },
  ],
  signals: [
    {
      title: 'Request latency',
      unit: 'ms',
      metricName: 'SuccessfulRequestLatency',
      stat: 'Average',
      line: { param: 'latency', label: 'alarm' },
    },
  ],
  cost: [],
});

/**
 * The Kinesis Data Streams destination of a table (`TableName`, `DelegatedOperation`: `PutRecords`, what DynamoDB
 * does on the table's behalf): AWS's three streaming-destination entries.
 */
const KINESIS = defineTable({
  kind: 'dynamodbKinesis',
  title: 'DynamoDB Kinesis streaming destination',
  namespace: 'AWS/DynamoDB',
  dimensions: ['TableName', 'DelegatedOperation'],
  params: {
    maxUnreplicatedAge: {
      default: 600_000,
      doc: 'Age in ms of the oldest change not yet in the Kinesis stream (`kinesis.maxAge`, default 10 min).',
    },
  },
  rows: [
    {
      id: 'kinesisUnreplicatedAge',
      signal: 'kinesisUnreplicatedAge',
      metric: { type: 'metric', metricName: 'AgeOfOldestUnreplicatedRecord', stat: 'Maximum' },
      threshold: { param: 'maxUnreplicatedAge' },
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Changes of {resource} reach the Kinesis stream late: the oldest waits more than {threshold}',
      firstStep: 'check the stream for write throttles (add shards) and the failed-to-replicate count',
      source: SRC,
      why: 'AWS: "depends" on how fresh consumers need the changes; 10 minutes for 15 minutes (`kinesis.maxAge`).',
      implements: 'dynamodb-ageofoldestunreplicatedrecord',
    },
    {
      id: 'kinesisFailedRecords',
      signal: 'kinesisFailedRecords',
      metric: { type: 'metric', metricName: 'FailedToReplicateRecordCount', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [1, 1],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Changes of {resource} failed to reach the Kinesis stream',
      firstStep: 'check the stream exists, its KMS key policy and item sizes (over 1 MB fail)',
      source: SRC,
      why: 'AWS: any failed record: changes that fail are not retried into the stream.',
      implements: 'dynamodb-failedtoreplicaterecordcount',
    },
    {
      id: 'kinesisThrottled',
      signal: 'kinesisThrottled',
      metric: { type: 'metric', metricName: 'ThrottledPutRecordCount', stat: 'Maximum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'The Kinesis stream throttles the changes of {resource}',
      firstStep: 'add shards to the stream or switch it to on-demand capacity',
      source: SRC,
      why: 'AWS: "depends"; DynamoDB retries throttled records, so only throttles in each of 10 minutes matter: the stream lacks capacity.',
      implements: 'dynamodb-throttledputrecordcount',
    },
  ],
  signals: [
    {
      title: 'Age of oldest unreplicated record',
      unit: 'ms',
      metricName: 'AgeOfOldestUnreplicatedRecord',
      stat: 'Maximum',
    },
    { title: 'Throttled put records', metricName: 'ThrottledPutRecordCount', stat: 'Maximum' },
  ],
  cost: [],
});

/** A replica Region of a global table (`TableName`, `ReceivingRegion`): replication latency. */
const REPLICA = defineTable({
  kind: 'dynamodbReplica',
  title: 'DynamoDB global table replica',
  namespace: 'AWS/DynamoDB',
  dimensions: ['TableName', 'ReceivingRegion'],
  params: {
    maxReplicationLatency: {
      default: 60_000,
      doc: 'Average replication latency in ms to a replica Region (`replicaLatency`, default 1 min).',
    },
  },
  rows: [
    {
      id: 'replicationLatency',
      signal: 'replicationLatency',
      metric: { type: 'metric', metricName: 'ReplicationLatency', stat: 'Average' },
      threshold: { param: 'maxReplicationLatency' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Writes to {resource} reach the replica Region late: above {threshold} on average',
      firstStep: "check the AWS Health Dashboard for either Region and the replica's write capacity",
      source: SRC,
      why: 'AWS: "depends"; replication usually takes about a second, so above a minute for 15 minutes means the replica falls behind (`replicaLatency`).',
      implements: 'dynamodb-replicationlatency',
    },
  ],
  signals: [{ title: 'Replication latency', unit: 'ms', metricName: 'ReplicationLatency', stat: 'Average' }],
  cost: [],
});

/** Account-wide DynamoDB alarms, created once per app when it monitors any table that may be provisioned. */
const ACCOUNT = defineTable({
  kind: 'dynamodbAccount',
  title: 'DynamoDB (account)',
  namespace: 'AWS/DynamoDB',
  dimensions: [],
  params: {},
  rows: [
    ...(['Read', 'Write'] as const).map((rw): CatalogRow => ({
      id: `account${rw}Capacity`,
      signal: `account${rw}Capacity`,
      metric: { type: 'metric', metricName: `AccountProvisioned${rw}CapacityUtilization`, stat: 'Maximum' },
      threshold: 80,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [2, 2],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: `Provisioned ${rw.toLowerCase()} capacity in this account is above {threshold} of the account quota`,
      firstStep: 'request a quota increase or move busy tables to on-demand',
      source: SRC,
      implements: `dynamodb-accountprovisioned${rw.toLowerCase()}capacityutilization`,
    })),
    {
      id: 'userErrors',
      signal: 'userErrors',
      metric: { type: 'metric', metricName: 'UserErrors', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: false,
      unit: 'count',
      meaning: 'Requests to DynamoDB in this account and Region fail with client errors (HTTP 400)',
      firstStep: 'find the client sending invalid requests or lacking permissions in CloudTrail',
      source: SRC,
      why: 'Off: UserErrors counts the client errors of every application in the account and Region, so it fits only an account that runs this one app (AWS: "depends", 0 catches any).',
      implements: 'dynamodb-usererrors',
    },
  ],
  signals: [],
  cost: [],
});

const TABLES = [TABLE, OPERATION, INDEX, KINESIS, REPLICA] as const;

const OPERATIONS = [
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
] as const;

export const dynamodb = defineKind({
  key: 'dynamodb',
  dashboard: 'data',
  tables: TABLES,
  account: [ACCOUNT],
  config: {
    doc: 'DynamoDB tables, by name.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a table name'),
        k.obj({
          name: k.awsName('name').describe('The table name.'),
          label: k.label,
          operations: k.z
            .array(k.z.enum(OPERATIONS))
            .optional()
            .describe('Operations whose latency is alarmed (SuccessfulRequestLatency).'),
          latency: k
            .duration('Average latency threshold for the listed operations. Default 100ms.', '1ms', '1m')
            .optional(),
          indexes: k.z
            .array(k.awsName('index'))
            .max(20, { message: 'a table has at most 20 global secondary indexes' })
            .optional()
            .describe('Global secondary indexes whose throttles are alarmed (read from the construct).'),
          billing: k.z
            .enum(['onDemand', 'provisioned'])
            .optional()
            .describe(
              "The table's capacity mode. When every table is onDemand, the account's provisioned-capacity alarms are left out. Default: unknown (they stay).",
            ),
          kinesis: k.z
            .union([
              k.z.literal(true),
              k.obj({
                maxAge: k
                  .duration(
                    'Age of the oldest change not yet in the stream to alarm above. Default 10m.',
                    '1s',
                    '1d',
                  )
                  .optional(),
              }),
            ])
            .optional()
            .describe(
              'The table streams changes to Kinesis Data Streams: adds the streaming-destination alarms. Read from the construct.',
            ),
          replicas: k.z
            .array(
              k.z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'a Region looks like eu-west-1' }),
            )
            .max(50, { message: 'a global table has at most 50 replica Regions' })
            .optional()
            .describe(
              "Replica Regions of a global table (not the table's own): adds replication latency per Region. Read from the construct.",
            ),
          replicaLatency: k
            .duration('Average replication latency to alarm above. Default 1m.', '1s', '1h')
            .optional(),
          alarms: k.alarms(TABLE, OPERATION, INDEX, KINESIS, REPLICA),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const label = ctx.label('label' in e ? e.label : undefined, e.name);
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const operations = 'operations' in e ? (e.operations ?? []) : [];
      const latency = 'latency' in e && e.latency ? parseDurationMs(e.latency) : undefined;
      const billing = 'billing' in e ? e.billing : undefined;
      const indexes = 'indexes' in e ? (e.indexes ?? []) : [];
      const kinesis = 'kinesis' in e ? e.kinesis : undefined;
      const replicas = 'replicas' in e ? (e.replicas ?? []) : [];
      const out: Array<MonitoredResource<(typeof TABLES)[number]['kind']>> = [
        {
          kind: 'dynamodb',
          label,
          dimensions: { TableName: e.name },
          params: {},
          overrides,
          origin: ctx.origin(),
          ...(billing ? { attributes: { billing } } : {}),
        },
        ...operations.map((op) => ({
          kind: 'dynamodbOperation' as const,
          label: `${label}-${op}`,
          dimensions: { TableName: e.name, Operation: op },
          params: ctx.params(OPERATION, { latency }),
          overrides,
          origin: ctx.origin('operations', operations.indexOf(op)),
        })),
        ...(kinesis
          ? [
              {
                kind: 'dynamodbKinesis' as const,
                label: `${label}-kinesis`,
                dimensions: { TableName: e.name, DelegatedOperation: 'PutRecords' },
                params: ctx.params(KINESIS, {
                  maxUnreplicatedAge:
                    typeof kinesis === 'object' && kinesis.maxAge
                      ? parseDurationMs(kinesis.maxAge)
                      : undefined,
                }),
                overrides,
                origin: ctx.origin('kinesis'),
              },
            ]
          : []),
        ...replicas.map((region, i) => ({
          kind: 'dynamodbReplica' as const,
          label: `${label}-${region}`,
          dimensions: { TableName: e.name, ReceivingRegion: region },
          params: ctx.params(REPLICA, {
            maxReplicationLatency:
              'replicaLatency' in e && e.replicaLatency ? parseDurationMs(e.replicaLatency) : undefined,
          }),
          overrides,
          origin: ctx.origin('replicas', i),
        })),
        ...indexes.map((index, i) => ({
          kind: 'dynamodbIndex' as const,
          label: `${label}-${ctx.isToken(index) ? i : index}`,
          dimensions: { TableName: e.name, GlobalSecondaryIndexName: index },
          params: {},
          overrides,
          origin: ctx.origin('indexes', i),
        })),
      ];
      return out;
    },
    account: (resources, ctx) => {
      const tables = resources.filter((r) => r.kind === 'dynamodb');
      if (tables.length === 0 || tables.every((t) => t.attributes?.billing === 'onDemand')) return [];
      return [
        {
          kind: 'dynamodbAccount',
          label: 'dynamodb',
          dimensions: {},
          params: {},
          overrides: ctx.overrides,
          origin: 'defaults.account',
        },
      ];
    },
  },
  example: (n) => ({ name: `orders-${n}`, operations: ['GetItem' as const, 'Query' as const] }),
  construct: {
    cfnTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
    entry: (c, ctx) => {
      const table =
        ctx.cfnOf<CfnTable>(c, 'AWS::DynamoDB::Table') ??
        ctx.cfnOf<CfnGlobalTable>(c, 'AWS::DynamoDB::GlobalTable');
      if (!table) return undefined;
      // CloudFormation's default capacity mode is PROVISIONED; TableV2 sets PAY_PER_REQUEST explicitly.
      const mode = ctx.string(table.billingMode) ?? 'PROVISIONED';
      const gsis = ctx.resolve(c, table.globalSecondaryIndexes);
      const indexes = (
        Array.isArray(gsis) ? (gsis as Array<{ IndexName?: unknown; indexName?: unknown }>) : []
      )
        .map((g) => ctx.string(g.IndexName ?? g.indexName))
        .filter((n): n is string => n !== undefined);
      // A Kinesis streaming destination: on the table (Table) or on a replica (TableV2).
      const own = ctx.string((table as unknown as { stack?: { region?: unknown } }).stack?.region);
      const replicaList = ctx.resolve(c, (table as CfnGlobalTable).replicas);
      // Resolved properties keep the L1's camelCase names; an L1 may be given CloudFormation's.
      type Replica = { region?: unknown; Region?: unknown } & Record<string, unknown>;
      const replicaSpecs = Array.isArray(replicaList) ? (replicaList as Replica[]) : [];
      const streams =
        ctx.resolve(c, (table as CfnTable).kinesisStreamSpecification) !== undefined ||
        replicaSpecs.some(
          (r) => (r.kinesisStreamSpecification ?? r.KinesisStreamSpecification) !== undefined,
        );
      const replicas = replicaSpecs
        .map((r) => ctx.string(r.region ?? r.Region))
        .filter((r): r is string => r !== undefined && r !== own && /^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
      return {
        name: ctx.string(table.tableName) ?? table.ref,
        label: ctx.label(c),
        ...(indexes.length ? { indexes } : {}),
        ...(streams ? { kinesis: true as const } : {}),
        ...(replicas.length ? { replicas } : {}),
        billing: mode === 'PAY_PER_REQUEST' ? ('onDemand' as const) : ('provisioned' as const),
      };
    },
  },
});
