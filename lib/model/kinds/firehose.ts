/**
 * Amazon Data Firehose streams (`DeliveryStreamName`): delivery success and data freshness for the stream's
 * destination, a Lambda transform's success, throttled records and incoming bytes against the ingestion quota.
 * Not in AWS's recommended-alarm list; rows follow Firehose's "best practices with CloudWatch alarms" page.
 */
import type { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { parseDurationSeconds } from '../duration';
import { offUnlessEnabled } from './switches';
import { defineKind, defineTable, type CatalogRow } from './types';

const BEST =
  'https://docs.aws.amazon.com/firehose/latest/dev/firehose-cloudwatch-metrics-best-practices.html';
const METRICS = 'https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html';

/** Destinations and the prefix of their metrics (`<prefix>.Success`, `<prefix>.DataFreshness`). */
const DESTINATIONS = {
  s3: 'DeliveryToS3',
  redshift: 'DeliveryToRedshift',
  openSearch: 'DeliveryToAmazonOpenSearchService',
  openSearchServerless: 'DeliveryToAmazonOpenSearchServerless',
  httpEndpoint: 'DeliveryToHttpEndpoint',
  splunk: 'DeliveryToSplunk',
  iceberg: 'DeliveryToIceberg',
} as const;
type Destination = keyof typeof DESTINATIONS;
const DESTINATION_NAMES = Object.keys(DESTINATIONS) as Destination[];
/** Redshift's freshness is the S3 staging step's (DeliveryToS3); it publishes no DataFreshness of its own. */
const HAS_FRESHNESS: readonly Destination[] = [
  's3',
  'openSearch',
  'openSearchServerless',
  'httpEndpoint',
  'splunk',
  'iceberg',
];

const freshness = (d: Destination): CatalogRow => ({
  id: `${d}Freshness`,
  signal: `${d}Freshness`,
  metric: { type: 'metric', metricName: `${DESTINATIONS[d]}.DataFreshness`, stat: 'Maximum' },
  threshold: { param: 'maxFreshness' },
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 's',
  meaning: `The oldest record of {resource} not yet delivered (${d}) is older than {threshold}`,
  firstStep:
    "read the stream's destination error logs (CloudWatch Logs) and check the destination is reachable",
  source: BEST,
  why: "Firehose: alarm when data freshness exceeds the buffering limit (15 minutes at most). `maxFreshness` is 3 times the stream's buffer interval (default 300 s: 15 minutes), for 5 minutes.",
});

const success = (d: Destination): CatalogRow => ({
  id: `${d}Success`,
  signal: `${d}Success`,
  metric: { type: 'metric', metricName: `${DESTINATIONS[d]}.Success`, stat: 'Average' },
  threshold: { param: 'minSuccess' },
  comparison: 'LessThanThreshold',
  period: 300,
  datapoints: [3, 3],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning: `Fewer than {threshold} of deliveries from {resource} to ${d} succeed`,
  firstStep:
    "read the stream's destination error logs; check the role's access to the destination and its KMS key",
  source: METRICS,
  why: 'The metric is the share of successful deliveries (successful over attempted). Firehose retries and then backs records up to S3, so a share below `minSuccess` (default 0.99) for 15 minutes warns.',
});

const STREAM = defineTable({
  kind: 'firehose',
  title: 'Firehose stream',
  namespace: 'AWS/Firehose',
  dimensions: ['DeliveryStreamName'],
  params: {
    maxFreshness: {
      default: 900,
      doc: 'Data freshness in seconds above which delivery is late (default 3 × the 300 s default buffer interval).',
    },
    minSuccess: {
      default: 0.99,
      doc: 'The share of successful deliveries (0 to 1) below which delivery is failing.',
    },
    bytesPerSecondLimit: {
      default: 1_048_576,
      doc: "The stream's ingestion quota in bytes a second (Direct PUT): 1 MiB/s in most Regions, 5 MiB/s in us-east-1, us-west-2 and eu-west-1, or what Service Quotas raised it to.",
    },
  },
  rows: [
    ...DESTINATION_NAMES.flatMap((d) => [success(d), ...(HAS_FRESHNESS.includes(d) ? [freshness(d)] : [])]),
    {
      id: 'processingSuccess',
      signal: 'processingSuccess',
      metric: { type: 'metric', metricName: 'ExecuteProcessing.Success', stat: 'Average' },
      threshold: { param: 'minSuccess' },
      comparison: 'LessThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Fewer than {threshold} of the Lambda transforms of {resource} succeed',
      firstStep:
        "read the transform function's errors and timeouts; failed records go to the processing-failed S3 prefix",
      source: METRICS,
      why: 'Records whose transform fails are not delivered (they land in the S3 error prefix); below `minSuccess` for 15 minutes warns. Only for streams with a transform (`transform`).',
    },
    {
      id: 'throttledRecords',
      signal: 'throttledRecords',
      metric: { type: 'metric', metricName: 'ThrottledRecords', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Records sent to {resource} are throttled',
      firstStep:
        'request a higher ingestion quota for the stream (Service Quotas) or batch records (PutRecordBatch)',
      source: BEST,
      why: 'Firehose recommends an alarm on ThrottledRecords; throttling in each of 5 minutes warns (producers must retry, or lose the records).',
    },
    {
      id: 'incomingBytes',
      signal: 'incomingBytes',
      metric: { type: 'metric', metricName: 'IncomingBytes', stat: 'Sum' },
      threshold: { param: 'bytesPerSecondLimit', factor: 300 * 0.8 },
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [2, 2],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} receives more than {threshold} bytes in 5 minutes, 80 % of its ingestion quota',
      firstStep: 'request a higher ingestion quota before records are throttled',
      source: BEST,
      why: 'Firehose: alarm when IncomingBytes (Sum per 5 minutes) / 300 approaches BytesPerSecondLimit. Written as a fixed threshold, 80 % of `bytesPerSecondLimit` × 300 s, for 10 minutes, because the quota is a parameter here (the BytesPerSecondLimit metric needs metric math). Direct PUT streams only (a Kinesis or MSK source has its own limits).',
    },
  ],
  signals: [
    { title: 'Incoming bytes', metricName: 'IncomingBytes', stat: 'Sum' },
    { title: 'Incoming records', metricName: 'IncomingRecords', stat: 'Sum' },
    { title: 'Throttled records', metricName: 'ThrottledRecords', stat: 'Sum' },
    { title: 'S3 data freshness', unit: 's', metricName: 'DeliveryToS3.DataFreshness', stat: 'Maximum' },
    { title: 'S3 delivery success', metricName: 'DeliveryToS3.Success', stat: 'Average' },
  ],
  cost: [],
});

export const firehose = defineKind({
  key: 'firehose',
  dashboard: 'messaging',
  tables: [STREAM],
  account: [],
  config: {
    doc: 'Amazon Data Firehose streams, by name, with their destination.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a Firehose stream name'),
        k.obj({
          name: k.awsName('name').describe('The Firehose stream name (DeliveryStreamName).'),
          label: k.label,
          destination: k.z
            .enum(DESTINATION_NAMES)
            .optional()
            .describe('Where the stream delivers: its success and freshness alarms. Default s3.'),
          source: k.z
            .enum(['directPut', 'kinesis', 'msk'])
            .optional()
            .describe(
              'Where records come from: Direct PUT streams have the ingestion-quota alarms. Default directPut.',
            ),
          transform: k.z
            .boolean()
            .optional()
            .describe('Whether a Lambda function transforms the records. Default false.'),
          bufferInterval: k
            .duration('The buffer interval: late delivery is 3 times it. Default 300s.', '0s', '900s')
            .optional(),
          bytesPerSecondLimit: k
            .int('The ingestion quota in bytes a second. Default 1,048,576 (1 MiB/s).', 1, 1_000_000_000)
            .optional(),
          alarms: k.alarms(STREAM),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const destination: Destination = ('destination' in e && e.destination) || 's3';
      const direct = !('source' in e) || !e.source || e.source === 'directPut';
      // Redshift stages in S3: its S3 step's success and freshness apply too.
      const used = new Set<Destination>(destination === 'redshift' ? ['redshift', 's3'] : [destination]);
      const overrides = offUnlessEnabled(ctx.overrides('alarms' in e ? e.alarms : undefined), [
        ...DESTINATION_NAMES.filter((d) => !used.has(d)).flatMap((d) => [`${d}Success`, `${d}Freshness`]),
        ...('transform' in e && e.transform ? [] : ['processingSuccess']),
        ...(direct ? [] : ['throttledRecords', 'incomingBytes']),
      ]);
      const interval =
        'bufferInterval' in e && e.bufferInterval ? parseDurationSeconds(e.bufferInterval) : undefined;
      return [
        {
          kind: 'firehose',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { DeliveryStreamName: e.name },
          params: ctx.params(STREAM, {
            maxFreshness: interval === undefined ? undefined : Math.max(3 * interval, 180),
            bytesPerSecondLimit: 'bytesPerSecondLimit' in e ? e.bytesPerSecondLimit : undefined,
          }),
          overrides,
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `clickstream-archive-${n}`, destination: 's3' as const }),
  construct: {
    cfnTypes: ['AWS::KinesisFirehose::DeliveryStream'],
    entry: (c, ctx) => {
      const ds = ctx.cfnOf<CfnDeliveryStream>(c, 'AWS::KinesisFirehose::DeliveryStream');
      if (!ds) return undefined;
      type Dest = {
        bufferingHints?: { intervalInSeconds?: unknown };
        processingConfiguration?: { enabled?: unknown };
      };
      const resolved = (v: unknown) => ctx.resolve(ds, v) as Dest | undefined;
      const configs: ReadonlyArray<[Destination, unknown]> = [
        ['s3', ds.extendedS3DestinationConfiguration ?? ds.s3DestinationConfiguration],
        ['redshift', ds.redshiftDestinationConfiguration],
        [
          'openSearch',
          ds.amazonopensearchserviceDestinationConfiguration ?? ds.elasticsearchDestinationConfiguration,
        ],
        ['openSearchServerless', ds.amazonOpenSearchServerlessDestinationConfiguration],
        ['httpEndpoint', ds.httpEndpointDestinationConfiguration],
        ['splunk', ds.splunkDestinationConfiguration],
        ['iceberg', ds.icebergDestinationConfiguration],
      ];
      const found = configs.find(([, v]) => v !== undefined);
      const dest = found ? resolved(found[1]) : undefined;
      const type = ctx.string(ds.deliveryStreamType);
      const interval = ctx.seconds(dest?.bufferingHints?.intervalInSeconds);
      return {
        name: ctx.string(ds.deliveryStreamName) ?? ds.ref,
        label: ctx.label(c),
        ...(found ? { destination: found[0] } : {}),
        ...(type === 'KinesisStreamAsSource'
          ? { source: 'kinesis' as const }
          : type === 'MSKAsSource'
            ? { source: 'msk' as const }
            : {}),
        ...(dest?.processingConfiguration?.enabled === true ? { transform: true } : {}),
        ...(interval ? { bufferInterval: interval } : {}),
      };
    },
  },
});
