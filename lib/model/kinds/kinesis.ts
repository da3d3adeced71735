/**
 * Kinesis data streams (`StreamName`) and their enhanced fan-out consumers (`StreamName`, `ConsumerName`): AWS's
 * seven recommended alarms, and the write throughput of a provisioned stream against its shards' capacity.
 */
import type { CfnStream } from 'aws-cdk-lib/aws-kinesis';
import { parseDurationMs } from '../duration';
import { safeLabel } from '../naming';
import { offUnlessEnabled } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#Kinesis`;
const QUOTAS = 'https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html';
/** A shard takes 1 MiB a second of writes (or 1,000 records). */
const SHARD_BYTES_PER_S = 1_048_576;

/** A success rate (Average of 1s and 0s) below the minimum for 5 minutes. */
const success = (
  id: string,
  metricName: string,
  what: string,
  firstStep: string,
  entry: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Average' },
  threshold: { param: 'minSuccessRate' },
  comparison: 'LessThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning: `Fewer than {threshold} of ${what} on {resource} succeed`,
  firstStep,
  source: SRC,
  why: 'AWS: "depends"; the metric is the share of successful calls (1 for each success, 0 for each failure): below `minSuccessRate` (default 0.99, more than 1 % failing) for 5 minutes warns. No calls, no data: not breaching.',
  implements: entry,
});

/** A throttled share (Average of 1s and 0s) above 1 % for 5 minutes. */
const throttled = (
  id: string,
  metricName: string,
  what: string,
  firstStep: string,
  entry: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Average' },
  threshold: 0.01,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning: `${what} {resource} are throttled`,
  firstStep,
  source: SRC,
  why: 'AWS: "depends" (not 0: clients retry throttled calls); more than 1 % of calls throttled for 5 minutes.',
  implements: entry,
});

const STREAM = defineTable({
  kind: 'kinesis',
  title: 'Kinesis data stream',
  namespace: 'AWS/Kinesis',
  dimensions: ['StreamName'],
  params: {
    maxIteratorAge: {
      default: 43_200_000,
      doc: 'Iterator age in ms (`maxIteratorAge`): default half the 24-hour default retention.',
    },
    minSuccessRate: {
      default: 0.99,
      doc: 'The share of successful GetRecords and PutRecord calls (0 to 1) below which calls are failing.',
    },
    shards: {
      default: 1,
      doc: "A provisioned stream's shard count (`shards`), for its write capacity (1 MiB a second a shard).",
    },
  },
  rows: [
    {
      id: 'iteratorAge',
      signal: 'iteratorAge',
      metric: { type: 'metric', metricName: 'GetRecords.IteratorAgeMilliseconds', stat: 'Maximum' },
      threshold: { param: 'maxIteratorAge' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Consumers of {resource} lag: the oldest record read is older than {threshold}',
      firstStep: 'check that consumers run and keep up; records expire with the retention period',
      source: SRC,
      why: 'AWS: "depends", keep it below the retention period: half of it (12 hours of the default 24) leaves time to act before records expire; set `retention` or `maxIteratorAge` for a stream that keeps records longer.',
      implements: 'kinesis-getrecords-iteratoragemilliseconds',
    },
    success(
      'getRecordsSuccess',
      'GetRecords.Success',
      'GetRecords calls',
      'read the consumers’ errors (expired iterators, KMS access, throttling) and the stream’s status',
      'kinesis-getrecords-success',
    ),
    success(
      'putRecordSuccess',
      'PutRecord.Success',
      'PutRecord calls',
      'read the producers’ errors (KMS access, throttling, oversized records) and the stream’s status',
      'kinesis-putrecord-success',
    ),
    {
      id: 'putRecordsFailed',
      signal: 'putRecordsFailed',
      metric: { type: 'metric', metricName: 'PutRecords.FailedRecords', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Records sent to {resource} with PutRecords fail',
      firstStep:
        'check that producers retry the failed records of a PutRecords batch; look for internal errors on the stream',
      source: SRC,
      why: 'AWS: "depends"; the metric counts records rejected by internal failures (throttling has its own row). Failures in each of 5 minutes warn: producers must retry them, and a steady stream of failures means records are being lost or delayed.',
      implements: 'kinesis-putrecords-failedrecords',
    },
    throttled(
      'readThrottled',
      'ReadProvisionedThroughputExceeded',
      'Reads from',
      'add shards, use enhanced fan-out for more consumers, or lower how often consumers poll',
      'kinesis-readprovisionedthroughputexceeded',
    ),
    throttled(
      'writeThrottled',
      'WriteProvisionedThroughputExceeded',
      'Writes to',
      'add shards or spread partition keys',
      'kinesis-writeprovisionedthroughputexceeded',
    ),
    {
      id: 'writeCapacity',
      signal: 'writeCapacity',
      metric: { type: 'metric', metricName: 'IncomingBytes', stat: 'Sum' },
      threshold: { param: 'shards', factor: SHARD_BYTES_PER_S * 60 * 0.8 },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} receives more than {threshold} bytes a minute, 80 % of its shards’ write capacity',
      firstStep:
        'add shards (UpdateShardCount) or switch the stream to on-demand before writes are throttled',
      source: QUOTAS,
      why: "Not in AWS's list: the stream's utilization. A shard takes 1 MiB a second; 80 % of `shards` × 1 MiB × 60 s for 15 minutes warns before writes are throttled. Only for a provisioned stream with `shards` (on-demand streams scale themselves).",
    },
  ],
  signals: [
    { title: 'Incoming records', metricName: 'IncomingRecords', stat: 'Sum' },
    { title: 'Incoming bytes', metricName: 'IncomingBytes', stat: 'Sum' },
    { title: 'Iterator age', unit: 'ms', metricName: 'GetRecords.IteratorAgeMilliseconds', stat: 'Maximum' },
    { title: 'Write throttled', metricName: 'WriteProvisionedThroughputExceeded', stat: 'Sum' },
    { title: 'Read throttled', metricName: 'ReadProvisionedThroughputExceeded', stat: 'Sum' },
  ],
  cost: [],
});

/** Enhanced fan-out consumers: how far behind the newest record the consumer reads. */
const CONSUMER = defineTable({
  kind: 'kinesisConsumer',
  title: 'Kinesis enhanced fan-out consumer',
  namespace: 'AWS/Kinesis',
  dimensions: ['StreamName', 'ConsumerName'],
  params: {
    maxMillisBehindLatest: {
      default: 300_000,
      doc: 'How far behind the newest record (ms) a consumer may read (`maxMillisBehindLatest`, default 5 minutes).',
    },
  },
  rows: [
    {
      id: 'millisBehindLatest',
      signal: 'millisBehindLatest',
      metric: { type: 'metric', metricName: 'SubscribeToShardEvent.MillisBehindLatest', stat: 'Average' },
      threshold: { param: 'maxMillisBehindLatest' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Consumer {resource} reads more than {threshold} behind the newest record',
      firstStep: 'check that the consumer application runs and keeps up (its processing time, its errors)',
      source: SRC,
      why: 'AWS: "depends" on how late the application may be; an enhanced fan-out consumer is pushed records within about 70 ms, so 5 minutes behind for 5 minutes means it does not keep up.',
      implements: 'kinesis-subscribetoshardevent-millisbehindlatest',
    },
  ],
  signals: [
    {
      title: 'Behind latest',
      unit: 'ms',
      metricName: 'SubscribeToShardEvent.MillisBehindLatest',
      stat: 'Maximum',
    },
  ],
  cost: [],
});

export const kinesis = defineKind({
  key: 'kinesis',
  dashboard: 'messaging',
  tables: [STREAM, CONSUMER],
  account: [],
  config: {
    doc: 'Kinesis data streams, by name, with their enhanced fan-out consumers.',
    schema: (k) => {
      const consumer = k.z.union([
        k.awsName('a consumer name'),
        k.obj({
          name: k.awsName('name').describe('The consumer name (ConsumerName).'),
          label: k.label,
          maxMillisBehindLatest: k
            .duration('How far behind the newest record the consumer may read. Default 5m.', '1s', '7d')
            .optional(),
        }),
      ]);
      return {
        entry: k.z.union([
          k.awsName('a stream name'),
          k.obj({
            name: k.awsName('name').describe('The stream name.'),
            label: k.label,
            shards: k
              .int(
                'Shard count of a provisioned stream (its write capacity). Default: on-demand, no capacity alarm.',
                1,
                100_000,
              )
              .optional(),
            retention: k
              .duration(
                'The retention period; the iterator-age alarm is at half of it. Default 24h.',
                '24h',
                '365d',
              )
              .optional(),
            consumers: k.z
              .array(consumer)
              .max(20, { message: 'at most 20 enhanced fan-out consumers per stream (the Kinesis quota)' })
              .optional()
              .describe('Enhanced fan-out consumers (RegisterStreamConsumer), by name.'),
            alarms: k.alarms(STREAM, CONSUMER),
          }),
        ]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const label = ctx.label('label' in e ? e.label : undefined, e.name);
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const shards = 'shards' in e ? e.shards : undefined;
      const streamOverrides = offUnlessEnabled(overrides, shards === undefined ? ['writeCapacity'] : []);
      const retention = 'retention' in e && e.retention ? parseDurationMs(e.retention) : undefined;
      const stream = {
        kind: 'kinesis' as const,
        label,
        dimensions: { StreamName: e.name },
        params: ctx.params(STREAM, {
          maxIteratorAge: retention === undefined ? undefined : retention / 2,
          shards,
        }),
        overrides: streamOverrides,
        origin: ctx.origin(),
      };
      const consumers = ('consumers' in e ? e.consumers : undefined) ?? [];
      return [
        stream,
        ...consumers.map((c, i) => {
          const cc = typeof c === 'string' ? { name: c } : c;
          const own =
            'label' in cc && cc.label
              ? cc.label
              : ctx.isToken(cc.name)
                ? `consumer${i + 1}`
                : safeLabel(cc.name);
          const behind = 'maxMillisBehindLatest' in cc && cc.maxMillisBehindLatest;
          return {
            kind: 'kinesisConsumer' as const,
            label: `${label}-${own}`,
            dimensions: { StreamName: e.name, ConsumerName: cc.name },
            params: ctx.params(CONSUMER, {
              maxMillisBehindLatest: behind ? parseDurationMs(behind) : undefined,
            }),
            overrides,
            origin: ctx.origin('consumers', i),
          };
        }),
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `order-stream-${n}`, shards: 4, consumers: [`order-analytics-${n}`] }),
  construct: {
    cfnTypes: ['AWS::Kinesis::Stream'],
    entry: (c, ctx) => {
      const stream = ctx.cfnOf<CfnStream>(c, 'AWS::Kinesis::Stream');
      if (!stream) return undefined;
      const mode = ctx.resolve(stream, stream.streamModeDetails) as
        { StreamMode?: unknown; streamMode?: unknown } | undefined;
      const onDemand = (mode?.StreamMode ?? mode?.streamMode) === 'ON_DEMAND';
      const shards = onDemand ? undefined : ctx.number(stream.shardCount);
      const hours = ctx.number(stream.retentionPeriodHours);
      return {
        name: ctx.string(stream.name) ?? stream.ref,
        label: ctx.label(c),
        ...(shards ? { shards } : {}),
        ...(hours ? { retention: `${hours}h` } : {}),
      };
    },
  },
});
