/**
 * Lambda functions, by `FunctionName`; the account's claimed concurrency once per app. Options a function may have
 * are child tables present only when it has them: Lambda Insights (memory utilization), asynchronous invocation
 * (dropped events, dead-letter and destination failures, event age) and stream sources (iterator age).
 */
import type { CfnEventInvokeConfig, CfnEventSourceMapping, CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { parseDurationMs } from '../duration';
import type { MonitoredResource } from '../telemetry-model';
import { BUDGET_PARAMS, budgetRows } from './budget';
import { referencedType, referencing, type CfnLike } from './construct-refs';
import { offUnlessEnabled } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';
import { guardedRate } from './messaging-rows';

const SRC = `${AWS_RECOMMENDED}#Lambda`;
const GUARD =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html#using-IF-expressions';

const QUOTA = { default: 1000, doc: "The Region's concurrent-executions quota (default 1,000)." };

const LAMBDA = defineTable({
  kind: 'lambda',
  title: 'Lambda function',
  namespace: 'AWS/Lambda',
  dimensions: ['FunctionName'],
  params: {
    timeout: { default: 3000, doc: "The function's timeout in ms (Lambda's default is 3 s; set `timeout`)." },
    concurrencyQuota: QUOTA,
    minRequests: { default: 10, doc: 'Invocations per minute below which the error rate is not evaluated.' },
    minSustainedRequests: {
      default: 200,
      doc: 'Invocations in 15 minutes below which the sustained error rate (row `errors`) is not evaluated.',
    },
    ...BUDGET_PARAMS,
  },
  rows: [
    guardedRate(
      {
        id: 'errorRate',
        metricName: 'Errors',
        denominator: 'Invocations',
        minParam: 'minRequests',
        label: 'Error rate (%)',
        guard: 'with at least {min} requests {period}',
        severity: 'critical',
        meaning: 'More than {threshold} of invocations of {resource} fail',
        firstStep: "open the function's recent error logs and compare with the last deployment",
        source: GUARD,
        why: 'AWS recommends an error count (row `errors`); a rate guarded by a minimum of 10 invocations per minute pages only when a real share of traffic fails.',
      },
      5,
      { datapoints: [3, 5] },
    ),
    guardedRate(
      {
        id: 'errors',
        metricName: 'Errors',
        denominator: 'Invocations',
        minParam: 'minSustainedRequests',
        label: 'Error rate over 15 min (%)',
        guard: 'with at least {min} invocations {period}',
        meaning: 'More than {threshold} of invocations of {resource} failed over 15 minutes',
        firstStep: "read the function's error logs for the failing requests",
        source: SRC,
        why: 'AWS: an error count, threshold "depends". Replayed over a healthy week (0.1 % of calls failing, hundreds a minute at peak: `npm run bench:replay`), "any error 3 minutes running" warned 3-9 times per busy function and never told a spike from background. A sustained rise warns instead: more than 1 % of the calls of the last 15 minutes (10x the background), once the function had at least `minSustainedRequests` (default 200) calls in them, so a single failure among a few night-time calls is not a rise. It fires within a minute or two of a real spike; the critical per-minute error rate and the SLOs page.',
        implements: 'lambda-errors',
        differs: ['statistic', 'period', 'datapoints'],
      },
      1,
      { period: 900, datapoints: [1, 1] },
    ),
    {
      id: 'throttles',
      signal: 'throttles',
      metric: { type: 'metric', metricName: 'Throttles', stat: 'Sum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} is throttled',
      firstStep: 'check reserved concurrency and the account concurrency quota',
      source: SRC,
      why: 'AWS: "depends"; any sustained throttling loses or delays requests. A ticket, not a page: a throttled synchronous call is an error its caller sees (the route\'s 5XX rate and the SLOs page on it, as the replay suite\'s throttling incident shows), and asynchronous and event-source calls are retried; what throttling itself asks for is concurrency, a daytime change.',
      implements: 'lambda-throttles',
    },
    {
      id: 'duration',
      signal: 'duration',
      metric: { type: 'metric', metricName: 'Duration', stat: 'p90' },
      threshold: { param: 'timeout', factor: 0.9 },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'evaluate',
      enabled: true,
      unit: 'ms',
      meaning: '{stat} duration of {resource} is above {threshold}, close to its timeout',
      firstStep: 'look for slow downstream calls in X-Ray before the function starts timing out',
      source: SRC,
      why: 'AWS: must be below the timeout; 90 % of `timeout` (default 3 s, set it per function; read from the construct). Evaluated with few samples: a single near-timeout run is real.',
      implements: 'lambda-duration',
    },
    {
      id: 'concurrency',
      signal: 'concurrency',
      metric: { type: 'metric', metricName: 'ConcurrentExecutions', stat: 'Maximum' },
      threshold: { param: 'concurrencyQuota', factor: 0.9 },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} uses more than {threshold} concurrent executions, near the Region quota',
      firstStep: 'check for a traffic spike or a slow dependency holding executions open',
      source: SRC,
      why: 'AWS: about 90 % of the concurrency quota; `concurrencyQuota` defaults to 1,000 (for a function with reserved concurrency, the construct hook sets the threshold to 90 % of it).',
      implements: 'lambda-concurrent-executions',
    },
    ...budgetRows('Duration', 'duration'),
  ],
  signals: [
    { title: 'Invocations', metricName: 'Invocations', stat: 'Sum' },
    { title: 'Errors', metricName: 'Errors', stat: 'Sum' },
    { title: 'Throttles', metricName: 'Throttles', stat: 'Sum' },
    {
      title: 'Duration {stat}',
      unit: 'ms',
      metricName: 'Duration',
      stat: 'p95',
      statOf: 'latencyBudget',
      line: { param: 'budget', label: 'budget' },
    },
    { title: 'Concurrent executions', metricName: 'ConcurrentExecutions', stat: 'Maximum' },
  ],
  cost: [],
});

/** Account-wide Lambda alarms (no dimensions), created once per app when it monitors any function. */
const LAMBDA_ACCOUNT = defineTable({
  kind: 'lambdaAccount',
  title: 'Lambda (account)',
  namespace: 'AWS/Lambda',
  dimensions: [],
  params: { concurrencyQuota: QUOTA },
  rows: [
    {
      id: 'claimedConcurrency',
      signal: 'claimedConcurrency',
      metric: { type: 'metric', metricName: 'ClaimedAccountConcurrency', stat: 'Maximum' },
      threshold: { param: 'concurrencyQuota', factor: 0.9 },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning:
        'Lambda in this account claims more than {threshold} concurrent executions, near the Region quota',
      firstStep:
        'find the functions with the highest ConcurrentExecutions and request a quota increase if needed',
      source: SRC,
      why: 'AWS: about 90 % of the Region quota (default 1,000).',
      implements: 'lambda-claimed-account-concurrency',
    },
  ],
  signals: [],
  cost: [],
});

const METRICS_DOC = 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html';

/**
 * Lambda Insights (`LambdaInsights`, `function_name`): the extension's memory utilization, AWS's recommended alarm
 * for it; present for functions with the Insights layer (`insights: true`, read from the construct).
 */
const INSIGHTS = defineTable({
  kind: 'lambdaInsights',
  title: 'Lambda function (Insights)',
  namespace: 'LambdaInsights',
  dimensions: ['function_name'],
  params: {},
  rows: [
    {
      id: 'memoryUtilization',
      signal: 'memoryUtilization',
      metric: { type: 'metric', metricName: 'memory_utilization', stat: 'Average' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: '{resource} uses more than {threshold} of its memory',
      firstStep:
        'raise the memory size, or look for memory kept across warm invocations (used_memory_max in Lambda Insights)',
      source: `${AWS_RECOMMENDED}#Lambda-Insights`,
      why: 'AWS: 90 % for 10 minutes; a function that runs out of memory is killed mid-invocation. Only for functions with the Insights extension, which publishes the metric.',
      implements: 'lambda-insights-memory-utilization',
    },
  ],
  signals: [
    { title: 'Memory utilization (%)', metricName: 'memory_utilization', stat: 'Maximum' },
    { title: 'Memory used max (MB)', metricName: 'used_memory_max', stat: 'Maximum' },
    { title: 'CPU time', unit: 'ms', metricName: 'cpu_total_time', stat: 'Average' },
    { title: 'Init duration', unit: 'ms', metricName: 'init_duration', stat: 'Maximum' },
  ],
  cost: [
    {
      item: 'Lambda Insights metrics of a function (custom metrics)',
      perResource: 8,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: 'The Lambda Insights extension publishes 8 metrics per function in the LambdaInsights namespace (memory_utilization, total_memory, used_memory_max, cpu_total_time, tx_bytes, rx_bytes, total_network, init_duration), billed as custom metrics, plus one log event of about 1 KB per invocation (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-example-event.html).',
    },
  ],
});

/**
 * A count of lost or failing events, from the Lambda metrics documentation page `source`: any in 5 minutes warns
 * (event-source mappings' lost events use it too).
 */
export const anyIn5m = (
  source: string,
  id: string,
  metricName: string,
  meaning: string,
  firstStep: string,
  why: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Sum' },
  threshold: 0,
  comparison: 'GreaterThanThreshold',
  period: 300,
  datapoints: [1, 1],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning,
  firstStep,
  source,
  why,
});

const ASYNC_DOC = `${METRICS_DOC}#async-invocation-metrics`;

/** Asynchronous invocation of a function (`FunctionName`): present for functions invoked asynchronously. */
const ASYNC = defineTable({
  kind: 'lambdaAsync',
  title: 'Lambda function (async)',
  namespace: 'AWS/Lambda',
  dimensions: ['FunctionName'],
  params: {
    maxEventAge: {
      default: 900_000,
      doc: 'AsyncEventAge in ms above which queued events are stuck: 15 minutes, or half the maximum event age when that is shorter than 30 minutes.',
    },
  },
  rows: [
    anyIn5m(
      ASYNC_DOC,
      'asyncEventsDropped',
      'AsyncEventsDropped',
      '{resource} drops asynchronous events without running them successfully',
      'look at Errors and Throttles for the cause; dropped events went to the dead-letter queue or on-failure destination if one is set',
      "Not in AWS's list; an event dropped after its retries or its maximum age is a lost unit of work: any in 5 minutes warns.",
    ),
    anyIn5m(
      ASYNC_DOC,
      'deadLetterErrors',
      'DeadLetterErrors',
      '{resource} cannot send failed events to its dead-letter queue: they are lost',
      "check the dead-letter queue's policy, its KMS key and the function role's permission to send to it",
      "Not in AWS's list; a failed event that cannot reach the dead-letter queue is lost for good. On for functions with a dead-letter queue (read from the construct).",
    ),
    anyIn5m(
      ASYNC_DOC,
      'destinationDeliveryFailures',
      'DestinationDeliveryFailures',
      '{resource} cannot deliver events to its destinations',
      "check the destination's permissions and type (SQS FIFO queues and SNS FIFO topics are not supported)",
      "Not in AWS's list; an on-failure record that cannot be delivered is lost. On for functions with destinations (read from the construct).",
    ),
    {
      id: 'asyncEventAge',
      signal: 'asyncEventAge',
      metric: { type: 'metric', metricName: 'AsyncEventAge', stat: 'Maximum' },
      threshold: { param: 'maxEventAge' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Asynchronous events wait more than {threshold} before {resource} runs them',
      firstStep: 'look at Throttles (concurrency) and Errors (retries) of the function',
      source: `${METRICS_DOC}#async-invocation-metrics`,
      why: "Not in AWS's list; retries add at most about 3 minutes (after 1 and 2 minutes), so events older than 15 minutes for 5 minutes mean a backlog from throttling or failures. With a maximum event age under 30 minutes, half of it, so the alarm comes before events expire.",
    },
  ],
  signals: [
    { title: 'Async events received', metricName: 'AsyncEventsReceived', stat: 'Sum' },
    { title: 'Async event age', unit: 'ms', metricName: 'AsyncEventAge', stat: 'Maximum' },
    { title: 'Async events dropped', metricName: 'AsyncEventsDropped', stat: 'Sum' },
  ],
  cost: [],
});

/** Stream sources of a function (`FunctionName`): Kinesis, DynamoDB Streams or DocumentDB change streams. */
const STREAM = defineTable({
  kind: 'lambdaStream',
  title: 'Lambda function (stream)',
  namespace: 'AWS/Lambda',
  dimensions: ['FunctionName'],
  params: {
    maxIteratorAge: {
      default: 3_600_000,
      doc: 'IteratorAge in ms above which the function is behind its stream.',
    },
  },
  rows: [
    {
      id: 'iteratorAge',
      signal: 'iteratorAge',
      metric: { type: 'metric', metricName: 'IteratorAge', stat: 'Maximum' },
      threshold: { param: 'maxIteratorAge' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: '{resource} is more than {threshold} behind its stream',
      firstStep:
        'look for a failing batch that blocks a shard (Errors), or raise the parallelization factor or batch size',
      source: `${METRICS_DOC}#performance-metrics`,
      why: "Not in AWS's list (its Kinesis entry is the stream-side view); records expire after the retention (24 hours by default): an hour behind for 15 minutes leaves time to catch up. Lambda emits no IteratorAge while the stream is idle, so missing data is not breaching.",
    },
  ],
  signals: [{ title: 'Iterator age', unit: 'ms', metricName: 'IteratorAge', stat: 'Maximum' }],
  cost: [],
});

/** Event sources whose mappings report IteratorAge. */
const STREAM_TYPES = [
  'AWS::Kinesis::Stream',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::DocDB::DBCluster',
];
const STREAM_ARN = /^arn:aws[a-z-]*:(kinesis|dynamodb|rds):/;

export const lambda = defineKind({
  key: 'lambda',
  dashboard: 'compute',
  tables: [LAMBDA, INSIGHTS, ASYNC, STREAM],
  account: [LAMBDA_ACCOUNT],
  config: {
    doc: 'Lambda functions, by name.',
    schema: (k) => {
      const fields = {
        timeout: k
          .duration(
            "The function's timeout (for the duration alarm). Default 3s, Lambda's default.",
            '1s',
            '15m',
          )
          .optional(),
        concurrencyQuota: k.int('Region concurrency quota. Default 1000.', 1, 1_000_000).optional(),
        minRequests: k.int('Invocations/min before the error rate counts.', 0, 1_000_000).optional(),
        insights: k.z
          .boolean()
          .optional()
          .describe(
            'The function has the Lambda Insights extension (its layer): adds the memory utilization alarm (billed: 8 custom metrics a function). Read from the construct. Default false.',
          ),
      };
      const async = k.z
        .union([
          k.z.literal(true),
          k.obj({
            deadLetterQueue: k.z
              .boolean()
              .optional()
              .describe(
                'The function has a dead-letter queue: alarm when events cannot reach it. Default false.',
              ),
            destinations: k.z
              .boolean()
              .optional()
              .describe(
                'The function has on-success or on-failure destinations: alarm on delivery failures. Default false.',
              ),
            maxEventAge: k
              .duration("The function's maximum event age (6h by default in Lambda).", '1m', '6h')
              .optional(),
          }),
        ])
        .optional()
        .describe(
          'The function is invoked asynchronously (S3, SNS, EventBridge, InvokeAsync): alarms on dropped events and event age. Read from the construct (its dead-letter queue and EventInvokeConfig). Default: not async.',
        );
      const stream = k.z
        .union([
          k.z.literal(true),
          k.obj({
            maxIteratorAge: k
              .duration('Iterator age above which the function is behind. Default 1h.', '1s', '7d')
              .optional(),
          }),
        ])
        .optional()
        .describe(
          'The function reads a Kinesis, DynamoDB or DocumentDB stream: alarm on its iterator age. Read from the construct (its event-source mappings). Default: no stream.',
        );
      return {
        entry: k.z.union([
          k.awsName('a function name'),
          k.obj({
            name: k.awsName('name').describe('The function name, as in AWS.'),
            label: k.label,
            operation: k.operation,
            ...fields,
            async,
            stream,
            alarms: k.alarms(LAMBDA, INSIGHTS, ASYNC, STREAM),
          }),
        ]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const d = ctx.defaults;
      const operation = ('operation' in e && e.operation) || e.name;
      const timeout = ('timeout' in e && e.timeout) || d.timeout;
      const label = ctx.label('label' in e ? e.label : undefined, e.name);
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined, { budget: true });
      const insights = ('insights' in e ? e.insights : undefined) ?? d.insights ?? false;
      const async = 'async' in e && e.async ? (e.async === true ? {} : e.async) : undefined;
      const stream = 'stream' in e && e.stream ? (e.stream === true ? {} : e.stream) : undefined;
      const fn = {
        kind: 'lambda' as const,
        label,
        dimensions: { FunctionName: e.name },
        params: ctx.params(LAMBDA, {
          timeout: timeout === undefined ? undefined : parseDurationMs(timeout),
          concurrencyQuota: ('concurrencyQuota' in e && e.concurrencyQuota) || d.concurrencyQuota,
          minRequests: ('minRequests' in e ? e.minRequests : undefined) ?? d.minRequests,
          ...ctx.budget(operation),
        }),
        overrides,
        operation,
        origin: ctx.origin(),
      };
      const children: Array<MonitoredResource<'lambdaInsights' | 'lambdaAsync' | 'lambdaStream'>> = [];
      if (insights) {
        children.push({
          kind: 'lambdaInsights' as const,
          label,
          dimensions: { function_name: e.name },
          params: {},
          overrides,
          origin: ctx.origin('insights'),
        });
      }
      if (async) {
        // Dead-letter and destination alarms only where the function has them (unless switched on explicitly).
        const off = [
          ...(async.deadLetterQueue ? [] : ['deadLetterErrors']),
          ...(async.destinations ? [] : ['destinationDeliveryFailures']),
        ];
        const maxAge = async.maxEventAge ? parseDurationMs(async.maxEventAge) : undefined;
        children.push({
          kind: 'lambdaAsync' as const,
          label,
          dimensions: { FunctionName: e.name },
          params: ctx.params(ASYNC, {
            maxEventAge: maxAge !== undefined && maxAge < 1_800_000 ? maxAge / 2 : undefined,
          }),
          overrides: offUnlessEnabled(overrides, off),
          origin: ctx.origin('async'),
        });
      }
      if (stream) {
        children.push({
          kind: 'lambdaStream' as const,
          label,
          dimensions: { FunctionName: e.name },
          params: ctx.params(STREAM, {
            maxIteratorAge: stream.maxIteratorAge ? parseDurationMs(stream.maxIteratorAge) : undefined,
          }),
          overrides,
          origin: ctx.origin('stream'),
        });
      }
      return [fn, ...children];
    },
    account: (functions, ctx) =>
      functions.length === 0
        ? []
        : [
            {
              kind: 'lambdaAccount',
              label: 'lambda',
              dimensions: {},
              params: ctx.params(LAMBDA_ACCOUNT, {
                concurrencyQuota: functions.find((f) => f.kind === 'lambda')?.params.concurrencyQuota,
              }),
              overrides: ctx.overrides,
              origin: 'defaults.account',
            },
          ],
  },
  example: (n) => ({
    name: `orders-handler-${n}`,
    timeout: '10s',
    operation: `place-order-${n}`,
    insights: true,
    async: { deadLetterQueue: true, maxEventAge: '1h' },
  }),
  construct: {
    cfnTypes: ['AWS::Lambda::Function'],
    entry: (c, ctx) => {
      const fn = ctx.cfnOf<CfnFunction>(c, 'AWS::Lambda::Function');
      if (!fn) return undefined;
      const reserved = ctx.number(fn.reservedConcurrentExecutions);
      // The Insights extension is a layer (its ARN, or a Region mapping of ARNs, names LambdaInsightsExtension).
      const insights = JSON.stringify(ctx.resolve(fn, fn.layers) ?? []).includes('LambdaInsightsExtension');
      const target = fn as unknown as CfnLike;
      const invokeConfigs = referencing<CfnEventInvokeConfig>(
        ctx,
        target,
        'AWS::Lambda::EventInvokeConfig',
        (r) => r.functionName,
      );
      const dlq = ctx.resolve(fn, fn.deadLetterConfig) as
        { TargetArn?: unknown; targetArn?: unknown } | undefined;
      const destinations = invokeConfigs.some((r) => ctx.resolve(r, r.destinationConfig) !== undefined);
      const ages = invokeConfigs
        .map((r) => ctx.number(r.maximumEventAgeInSeconds))
        .filter((s): s is number => s !== undefined);
      const isAsync =
        invokeConfigs.length > 0 || dlq?.TargetArn !== undefined || dlq?.targetArn !== undefined;
      const streams = referencing<CfnEventSourceMapping>(
        ctx,
        target,
        'AWS::Lambda::EventSourceMapping',
        (r) => r.functionName,
      ).filter((m) => {
        const arn = ctx.string(m.eventSourceArn);
        return arn
          ? STREAM_ARN.test(arn)
          : referencedType(ctx, m, m.eventSourceArn, STREAM_TYPES) !== undefined;
      });
      return {
        // The name the template gives, else a reference (a token: a name CloudFormation picks).
        name: ctx.string(fn.functionName) ?? fn.ref,
        label: ctx.label(c),
        // Lambda's default timeout is 3 s when the template sets none; a deploy-time value keeps the default.
        timeout: ctx.seconds(fn.timeout ?? 3),
        ...(insights ? { insights: true } : {}),
        ...(isAsync
          ? {
              async: {
                ...(dlq ? { deadLetterQueue: true } : {}),
                ...(destinations ? { destinations: true } : {}),
                ...(ages.length ? { maxEventAge: `${Math.min(...ages)}s` } : {}),
              },
            }
          : {}),
        ...(streams.length ? { stream: true as const } : {}),
        // Reserved concurrency caps the function below the Region quota: 90 % of it is "near the limit".
        ...(reserved !== undefined && reserved > 0
          ? { alarms: { concurrency: { threshold: Math.round(reserved * 0.9 * 1000) / 1000 } } }
          : {}),
      };
    },
  },
});
