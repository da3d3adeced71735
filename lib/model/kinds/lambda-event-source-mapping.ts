/**
 * Lambda event-source mappings (`EventSourceMappingUUID`): events that failed to invoke the function, were dropped
 * or sent to the on-failure destination, from the mapping's own metrics. Lambda publishes them only when the
 * mapping's MetricsConfig has `EventCount`: read from the construct, and a mapping without it is refused with
 * that said (its alarms could never fire). Not in AWS's recommended-alarm list; rows follow the Lambda metrics
 * documentation.
 */
import type { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { anyIn5m } from './lambda';
import { offUnlessEnabled } from './switches';
import { defineKind, defineTable } from './types';

const SRC =
  'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#event-source-mapping-metrics';

/** Event sources, as Lambda's table of which metric each source publishes groups them. */
const SOURCES = ['sqs', 'kinesis', 'dynamodb', 'kafka', 'documentdb', 'mq'] as const;
type Source = (typeof SOURCES)[number];
/** Sources that publish DroppedEventCount and OnFailureDestinationDeliveredEventCount (streams and Kafka). */
const STREAMING: ReadonlySet<Source> = new Set(['kinesis', 'dynamodb', 'kafka', 'documentdb']);

const MAPPING = defineTable({
  kind: 'lambdaEventSourceMapping',
  title: 'Lambda event-source mapping',
  namespace: 'AWS/Lambda',
  dimensions: ['EventSourceMappingUUID'],
  params: {},
  rows: [
    {
      id: 'failedInvokeEvents',
      signal: 'failedInvokeEvents',
      metric: { type: 'metric', metricName: 'FailedInvokeEventCount', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Events from {resource} fail to invoke the function',
      firstStep:
        "check the function's errors and, for partial batch responses, the items it reports as failed; then the mapping's permissions",
      source: SRC,
      why: 'Failed invocations are retried (and counted again), so one failure is not an incident: failures in every minute for 5 minutes are.',
    },
    anyIn5m(
      SRC,
      'droppedEvents',
      'DroppedEventCount',
      '{resource} drops events after their maximum age or retries: they are lost',
      'find the failing records in the function logs; raise MaximumRecordAgeInSeconds or add an on-failure destination',
      'A dropped record is lost (Lambda: "use this metric to detect an increasing backlog"): any in 5 minutes warns. Streams and Kafka only; SQS does not publish it.',
    ),
    anyIn5m(
      SRC,
      'onFailureDestinationEvents',
      'OnFailureDestinationDeliveredEventCount',
      '{resource} sends events that failed processing to its on-failure destination',
      'read the records in the on-failure destination, fix the function, then replay them',
      'Records set aside after failing are work to redo, and DroppedEventCount does not count them: any in 5 minutes warns. Streams and Kafka with an on-failure destination only.',
    ),
    {
      id: 'notPolling',
      signal: 'notPolling',
      metric: { type: 'metric', metricName: 'PolledEventCount', stat: 'SampleCount' },
      threshold: 1,
      comparison: 'LessThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'breaching',
      severity: 'warning',
      enabled: false,
      unit: 'count',
      meaning: '{resource} has stopped polling its event source',
      firstStep: "check that the mapping is enabled and its state; look at the function role's permissions",
      source: SRC,
      why: 'Lambda emits PolledEventCount (0 for an empty poll) on every poll and nothing while the mapping is disabled: no data for 15 minutes means it stopped. Off by default: a mapping that is disabled on purpose would alarm; enable it for mappings that must always run.',
    },
  ],
  signals: [
    { title: 'Polled events', metricName: 'PolledEventCount', stat: 'Sum' },
    { title: 'Invoked events', metricName: 'InvokedEventCount', stat: 'Sum' },
    { title: 'Failed invoke events', metricName: 'FailedInvokeEventCount', stat: 'Sum' },
    { title: 'Dropped events', metricName: 'DroppedEventCount', stat: 'Sum' },
    { title: 'Filtered-out events', metricName: 'FilteredOutEventCount', stat: 'Sum' },
  ],
  cost: [],
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The source of a mapping from its event source ARN (or self-managed Kafka endpoints). */
function sourceOf(arn: string | undefined, selfManaged: boolean): Source | undefined {
  if (selfManaged) return 'kafka';
  const service = arn ? /^arn:aws[a-z-]*:([a-z]+):/.exec(arn)?.[1] : undefined;
  switch (service) {
    case 'sqs':
      return 'sqs';
    case 'kinesis':
      return 'kinesis';
    case 'dynamodb':
      return 'dynamodb';
    case 'kafka':
      return 'kafka';
    case 'rds':
      return 'documentdb';
    case 'mq':
      return 'mq';
    default:
      return undefined;
  }
}

/** CloudFormation types an event source ARN may refer to, and the source each means. */
const SOURCE_TYPES: ReadonlyArray<readonly [string, Source]> = [
  ['AWS::SQS::Queue', 'sqs'],
  ['AWS::Kinesis::Stream', 'kinesis'],
  ['AWS::Kinesis::StreamConsumer', 'kinesis'],
  ['AWS::DynamoDB::Table', 'dynamodb'],
  ['AWS::DynamoDB::GlobalTable', 'dynamodb'],
  ['AWS::MSK::Cluster', 'kafka'],
  ['AWS::DocDB::DBCluster', 'documentdb'],
  ['AWS::AmazonMQ::Broker', 'mq'],
];

export const lambdaEventSourceMapping = defineKind({
  key: 'lambdaEventSourceMapping',
  dashboard: 'messaging',
  tables: [MAPPING],
  account: [],
  config: {
    doc: 'Lambda event-source mappings, by UUID (their metrics need MetricsConfig with EventCount).',
    schema: (k) => ({
      entry: k.obj({
        uuid: k.z
          .string()
          .superRefine((v, c) => {
            if (!k.isToken(v) && !UUID.test(v))
              c.addIssue({
                code: 'custom',
                message: 'uuid must be the mapping UUID, e.g. 14e0db71-5d35-4eb5-b481-8945cf9d10c2',
              });
          })
          .meta({ pattern: UUID.source })
          .describe('The mapping UUID (the EventSourceMappingUUID dimension). May be a token with a label.'),
        label: k.label,
        source: k.z
          .enum(SOURCES)
          .optional()
          .describe(
            'The event source: SQS publishes no dropped or on-failure counts, so those alarms are left out for it. Default: unknown (all alarms).',
          ),
        metrics: k.z
          .boolean()
          .optional()
          .describe(
            "Whether the mapping's MetricsConfig has EventCount; Lambda publishes none of these metrics without it, so false is refused. Read from the construct. Default true.",
          ),
        alarms: k.alarms(MAPPING),
      }),
      defaults: {},
    }),
    resources: (e, ctx) => {
      if (e.metrics === false) {
        ctx.issue(
          ['metrics'],
          'the event-source mapping publishes no metrics (its MetricsConfig has no EventCount), so its alarms could never fire: add metricsConfig { metrics: [EventCount] } to the mapping, or remove it here',
        );
        return [];
      }
      // SQS and MQ publish no dropped or on-failure counts.
      const overrides = offUnlessEnabled(
        ctx.overrides(e.alarms),
        e.source && !STREAMING.has(e.source) ? ['droppedEvents', 'onFailureDestinationEvents'] : [],
      );
      return [
        {
          kind: 'lambdaEventSourceMapping',
          label: ctx.label(e.label, e.uuid),
          dimensions: { EventSourceMappingUUID: e.uuid },
          params: {},
          overrides,
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    uuid: `14e0db71-5d35-4eb5-b481-${String(n).padStart(12, '0')}`,
    label: `orders-stream-${n}`,
    source: 'kinesis' as const,
  }),
  construct: {
    cfnTypes: ['AWS::Lambda::EventSourceMapping'],
    entry: (c, ctx) => {
      const m = ctx.cfnOf<CfnEventSourceMapping>(c, 'AWS::Lambda::EventSourceMapping');
      if (!m) return undefined;
      const config = ctx.resolve(m, m.metricsConfig) as { Metrics?: unknown; metrics?: unknown } | undefined;
      const list = config?.Metrics ?? config?.metrics;
      const arn = ctx.string(m.eventSourceArn);
      const source =
        sourceOf(arn, m.selfManagedEventSource !== undefined) ??
        SOURCE_TYPES.find(([t]) => ctx.referenced(m, m.eventSourceArn, t) !== undefined)?.[1];
      if (!(Array.isArray(list) && list.includes('EventCount'))) {
        // Lambda publishes none of a mapping's metrics without EventCount in its MetricsConfig: nothing to watch.
        // Telemetry.watch finds every mapping of an app (an SqsEventSource makes one), so this is a warning on the
        // construct, not an error; naming such a mapping in telemetry.yaml (`metrics: false`) is one.
        ctx.warn(
          c,
          'cdk-telemetry:esmMetrics',
          'not watched: this event-source mapping publishes no metrics (its MetricsConfig has no EventCount); add metricsConfig { metrics: [EventCount] } to watch it',
        );
        return undefined;
      }
      return {
        uuid: m.ref,
        label: ctx.label(c),
        ...(source ? { source } : {}),
        metrics: true,
      };
    },
  },
});
