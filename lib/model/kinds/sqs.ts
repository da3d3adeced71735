/** SQS queues (`QueueName`) and their dead-letter queues. */
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { parseDurationSeconds } from '../duration';
import { safeLabel } from '../naming';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#SQS`;
const DLQ_SRC =
  'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html';

const QUEUE = defineTable({
  kind: 'sqs',
  title: 'SQS queue',
  namespace: 'AWS/SQS',
  dimensions: ['QueueName'],
  params: {
    maxAge: {
      default: 300,
      doc: 'The longest a message is expected to wait, in seconds (`maxAge`, default 5 min).',
    },
    maxBacklog: { default: 1000, doc: 'The largest expected backlog of visible messages (`maxBacklog`).' },
    inFlightQuota: {
      default: 120000,
      doc: 'In-flight quota: 120,000 for standard and FIFO queues (FIFO was 20,000 until AWS raised it).',
    },
  },
  rows: [
    {
      id: 'messageAge',
      signal: 'messageAge',
      metric: { type: 'metric', metricName: 'ApproximateAgeOfOldestMessage', stat: 'Maximum' },
      threshold: { param: 'maxAge', factor: 1.5 },
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 's',
      meaning: 'The oldest message in {resource} has waited {threshold} or more',
      firstStep: 'check that consumers run and look for a poison message being retried',
      source: SRC,
      why: 'AWS: 50 % above the maximum expected processing time; `maxAge` (default 5 min) is that time. A stalled consumer is a ticket, not a page: the messages wait (for the retention period, 4 days by default) and are processed when it resumes, so the work is late, not lost; the dead-letter and consumer error alarms say when messages are failing.',
      implements: 'sqs-approximateageofoldestmessage',
    },
    {
      id: 'backlog',
      signal: 'backlog',
      metric: { type: 'metric', metricName: 'ApproximateNumberOfMessagesVisible', stat: 'Average' },
      threshold: { param: 'maxBacklog' },
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} has a backlog of {threshold} or more visible messages',
      firstStep: 'scale consumers or find what slows them down',
      source: SRC,
      why: 'AWS: "depends" on the usual backlog; `maxBacklog` defaults to 1,000.',
      implements: 'sqs-approximatenumberofmessagesvisible',
    },
    {
      id: 'inFlight',
      signal: 'inFlight',
      metric: { type: 'metric', metricName: 'ApproximateNumberOfMessagesNotVisible', stat: 'Average' },
      threshold: { param: 'inFlightQuota', factor: 0.9 },
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} has {threshold} or more messages in flight, near the in-flight quota',
      firstStep: 'check that consumers delete messages after processing them',
      why: 'AWS: "depends"; 90 % of the in-flight quota, after which receives fail (standard) or stall (FIFO). The quota is 120,000 for both: AWS raised the FIFO quota from 20,000 (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html), so a FIFO queue no longer warns at 18,000.',
      source: SRC,
      implements: 'sqs-approximatenumberofmessagesnotvisible',
    },
    {
      id: 'messagesSent',
      signal: 'messagesSent',
      metric: { type: 'metric', metricName: 'NumberOfMessagesSent', stat: 'Sum' },
      threshold: 0,
      comparison: 'LessThanOrEqualToThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'breaching',
      severity: 'info',
      enabled: false,
      unit: 'count',
      meaning: 'Nothing is sent to {resource}: the producer may have stopped',
      firstStep: 'check the producer',
      source: SRC,
      why: 'Off by default: it fires on every quiet period unless traffic is steady (AWS: raise N for low traffic).',
      implements: 'sqs-numberofmessagessent',
    },
  ],
  signals: [
    { title: 'Backlog (visible)', metricName: 'ApproximateNumberOfMessagesVisible', stat: 'Maximum' },
    { title: 'Oldest message age', unit: 's', metricName: 'ApproximateAgeOfOldestMessage', stat: 'Maximum' },
    { title: 'Sent', metricName: 'NumberOfMessagesSent', stat: 'Sum' },
    { title: 'Deleted', metricName: 'NumberOfMessagesDeleted', stat: 'Sum' },
  ],
  cost: [],
});

/** Dead-letter queues: any message there is a message the application failed to process. */
const DLQ = defineTable({
  kind: 'sqsDlq',
  title: 'SQS dead-letter queue',
  namespace: 'AWS/SQS',
  dimensions: ['QueueName'],
  params: {},
  rows: [
    {
      id: 'deadLetters',
      signal: 'deadLetters',
      metric: { type: 'metric', metricName: 'ApproximateNumberOfMessagesVisible', stat: 'Maximum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [1, 1],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Dead-letter queue {resource} holds messages that failed processing',
      firstStep: 'inspect a message, fix the consumer, then redrive the queue',
      source: DLQ_SRC,
      why: 'Not in the AWS list; a dead letter is a lost unit of work, so any message warns.',
    },
  ],
  signals: [{ title: 'Dead letters', metricName: 'ApproximateNumberOfMessagesVisible', stat: 'Maximum' }],
  cost: [],
});

export const sqs = defineKind({
  key: 'sqs',
  dashboard: 'messaging',
  tables: [QUEUE, DLQ],
  account: [],
  config: {
    doc: 'SQS queues, by name.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a queue name'),
        k.obj({
          name: k.awsName('name').describe('The queue name (".fifo" suffix for FIFO queues).'),
          label: k.label,
          dlq: k.awsName('dlq').optional().describe('Name of its dead-letter queue.'),
          maxAge: k.duration('Longest a message is expected to wait. Default 5m.', '1s', '14d').optional(),
          maxBacklog: k.int('Largest expected backlog. Default 1000.', 1, 100_000_000).optional(),
          fifo: k.z
            .boolean()
            .optional()
            .describe(
              'A FIFO queue (120,000 messages in flight at most, as for standard queues). Default: from the ".fifo" suffix.',
            ),
          alarms: k.alarms(QUEUE, DLQ),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const label = ctx.label('label' in e ? e.label : undefined, e.name);
      const fifo = ('fifo' in e ? e.fifo : undefined) ?? (!ctx.isToken(e.name) && e.name.endsWith('.fifo'));
      const queue = {
        kind: 'sqs' as const,
        label,
        dimensions: { QueueName: e.name },
        params: ctx.params(QUEUE, {
          maxAge: 'maxAge' in e && e.maxAge ? parseDurationSeconds(e.maxAge) : undefined,
          maxBacklog: 'maxBacklog' in e ? e.maxBacklog : undefined,
        }),
        overrides,
        attributes: { fifo },
        origin: ctx.origin(),
      };
      if (!('dlq' in e) || !e.dlq) return [queue];
      return [
        queue,
        {
          kind: 'sqsDlq',
          label: ctx.isToken(e.dlq) ? `${label}-dlq` : safeLabel(e.dlq),
          dimensions: { QueueName: e.dlq },
          params: {},
          overrides,
          origin: ctx.origin('dlq'),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `order-events-${n}`, dlq: `order-events-${n}-dlq`, maxAge: '15m' }),
  construct: {
    cfnTypes: ['AWS::SQS::Queue'],
    entry: (c, ctx) => {
      const queue = ctx.cfnOf<CfnQueue>(c, 'AWS::SQS::Queue');
      if (!queue) return undefined;
      const redrive = ctx.resolve(queue, queue.redrivePolicy) as
        { deadLetterTargetArn?: unknown } | undefined;
      const dlq = redrive?.deadLetterTargetArn
        ? ctx.referenced<CfnQueue>(queue, redrive.deadLetterTargetArn, 'AWS::SQS::Queue')
        : undefined;
      return {
        name: ctx.string(queue.queueName) ?? queue.attrQueueName,
        label: ctx.label(c),
        fifo: queue.fifoQueue === true,
        ...(dlq ? { dlq: ctx.string(dlq.queueName) ?? dlq.attrQueueName } : {}),
      };
    },
  },
});
