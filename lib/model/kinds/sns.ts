/** SNS topics (`TopicName`); the account's SMS spending and delivery rate (off unless you send SMS). */
import type { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#SNS`;
const SMS_METRICS = 'https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html';

/** A count that should stay at zero: any for 5 minutes warns (AWS: Sum > 0, 5 of 5 minutes). */
const anyOf = (
  id: string,
  metricName: string,
  meaning: string,
  firstStep: string,
  entry: string,
  why?: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Sum' },
  threshold: 0,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning,
  firstStep,
  source: SRC,
  implements: entry,
  why: why ?? 'AWS: any (Sum > 0) for 5 of 5 minutes.',
});

/** Traffic that should not stop: fewer than `param` for 5 minutes (off: it needs a known baseline). */
const atLeast = (
  id: string,
  metricName: string,
  param: string,
  meaning: string,
  entry: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Sum' },
  threshold: { param },
  comparison: 'LessThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'breaching',
  severity: 'warning',
  enabled: false,
  unit: 'count',
  meaning,
  firstStep: 'check the publishers and, for deliveries, the subscriptions and their filter policies',
  source: SRC,
  why: `AWS: "depends" on the expected minimum traffic; off until you know it: enable it and set \`alarms.${id}.threshold\` (default 1 a minute).`,
  implements: entry,
});

const TOPIC = defineTable({
  kind: 'sns',
  title: 'SNS topic',
  namespace: 'AWS/SNS',
  dimensions: ['TopicName'],
  params: {
    minPublished: { default: 1, doc: 'Messages a minute below which publishing has stopped.' },
    minDelivered: { default: 1, doc: 'Notifications a minute below which delivery has stopped.' },
  },
  rows: [
    anyOf(
      'notificationsFailed',
      'NumberOfNotificationsFailed',
      '{resource} fails to deliver notifications',
      "check the failing subscriptions' endpoints and their delivery status logs",
      'sns-numberofnotificationsfailed',
      'AWS: "depends" (0 for topics that deliver only to SQS, Lambda or Firehose; HTTP and email endpoints fail and retry): any failure for 5 minutes warns; raise the threshold for flaky endpoints.',
    ),
    anyOf(
      'filteredInvalidAttributes',
      'NumberOfNotificationsFilteredOut-InvalidAttributes',
      'Filter policies of {resource} reject messages with invalid attributes',
      'compare the publisher’s message attributes with the subscriptions’ filter policies',
      'sns-numberofnotificationsfilteredout-invalidattributes',
    ),
    anyOf(
      'filteredInvalidBody',
      'NumberOfNotificationsFilteredOut-InvalidMessageBody',
      'Filter policies of {resource} reject messages with an invalid body',
      'check that payload-based filter policies match the JSON the publisher sends',
      'sns-numberofnotificationsfilteredout-invalidmessagebody',
    ),
    anyOf(
      'redrivenToDlq',
      'NumberOfNotificationsRedrivenToDlq',
      '{resource} moves undeliverable notifications to dead-letter queues',
      "inspect the subscription's dead-letter queue and fix the endpoint, then redrive",
      'sns-numberofnotificationsredriventodlq',
    ),
    anyOf(
      'failedToRedrive',
      'NumberOfNotificationsFailedToRedriveToDlq',
      '{resource} cannot move undeliverable notifications to their dead-letter queues: they are lost',
      "check the dead-letter queue's policy (sns.amazonaws.com must be allowed to send) and its KMS key",
      'sns-numberofnotificationsfailedtoredrivetodlq',
    ),
    atLeast(
      'published',
      'NumberOfMessagesPublished',
      'minPublished',
      'Fewer than {threshold} messages a minute are published to {resource}',
      'sns-numberofmessagespublished',
    ),
    atLeast(
      'delivered',
      'NumberOfNotificationsDelivered',
      'minDelivered',
      'Fewer than {threshold} notifications a minute are delivered from {resource}',
      'sns-numberofnotificationsdelivered',
    ),
  ],
  signals: [
    { title: 'Published', metricName: 'NumberOfMessagesPublished', stat: 'Sum' },
    { title: 'Delivered', metricName: 'NumberOfNotificationsDelivered', stat: 'Sum' },
    { title: 'Failed', metricName: 'NumberOfNotificationsFailed', stat: 'Sum' },
    { title: 'Filtered out', metricName: 'NumberOfNotificationsFilteredOut', stat: 'Sum' },
  ],
  cost: [],
});

const SMS_WHY =
  "SNS publishes SMS metrics for the account (and by Country and SMSType), not per topic as AWS's page says; off unless the app sends SMS.";

/** SMS is account-wide: spending against the monthly quota and the delivery rate. */
const ACCOUNT = defineTable({
  kind: 'snsAccount',
  title: 'SNS SMS (account)',
  namespace: 'AWS/SNS',
  dimensions: [],
  params: {
    smsSpendQuota: {
      default: 1,
      doc: "The account's monthly SMS spending quota in USD (default $1, a new account's).",
    },
    minSmsSuccessRate: {
      default: 0.9,
      doc: 'The SMS delivery rate (0 to 1) below which delivery is failing.',
    },
  },
  rows: [
    {
      id: 'smsSpend',
      signal: 'smsSpend',
      metric: { type: 'metric', metricName: 'SMSMonthToDateSpentUSD', stat: 'Maximum' },
      threshold: { param: 'smsSpendQuota', factor: 0.9 },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: false,
      unit: 'count',
      meaning:
        'SMS spending this month is above {threshold} USD, near the quota after which SNS stops sending',
      firstStep: 'request a higher SMS spending quota or find what sends more messages than expected',
      source: SRC,
      why: `AWS: "depends" on the spending quota; 90 % of \`smsSpendQuota\`. ${SMS_WHY} (${SMS_METRICS})`,
      implements: 'sns-smsmonthtodatespentusd',
      differs: ['dimensions'],
    },
    {
      id: 'smsSuccessRate',
      signal: 'smsSuccessRate',
      metric: { type: 'metric', metricName: 'SMSSuccessRate', stat: 'Average' },
      threshold: { param: 'minSmsSuccessRate' },
      comparison: 'LessThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: false,
      unit: 'count',
      meaning: 'Fewer than {threshold} of SMS messages are delivered',
      firstStep: 'read the SMS delivery status logs for the carriers and countries that fail',
      source: SRC,
      why: `AWS's page says GREATER_THAN, which would fire while delivery works; the intent (detect failing SMS delivery) needs LESS_THAN a minimum rate (\`minSmsSuccessRate\`, default 0.9). ${SMS_WHY}`,
      implements: 'sns-smssuccessrate',
      differs: ['comparison', 'dimensions'],
    },
  ],
  signals: [],
  cost: [],
});

export const sns = defineKind({
  key: 'sns',
  dashboard: 'messaging',
  tables: [TOPIC],
  account: [ACCOUNT],
  config: {
    doc: 'SNS topics, by name.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a topic name'),
        k.obj({
          name: k.awsName('name').describe('The topic name (".fifo" suffix for FIFO topics).'),
          label: k.label,
          alarms: k.alarms(TOPIC),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      return [
        {
          kind: 'sns',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { TopicName: e.name },
          params: ctx.params(TOPIC, {}),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: (topics, ctx) =>
      topics.length === 0
        ? []
        : [
            {
              kind: 'snsAccount',
              label: 'sms',
              dimensions: {},
              params: ctx.params(ACCOUNT, {}),
              overrides: ctx.overrides,
              origin: 'defaults.account',
            },
          ],
  },
  example: (n) => `order-notifications-${n}`,
  construct: {
    cfnTypes: ['AWS::SNS::Topic'],
    entry: (c, ctx) => {
      const topic = ctx.cfnOf<CfnTopic>(c, 'AWS::SNS::Topic');
      return topic
        ? { name: ctx.string(topic.topicName) ?? topic.attrTopicName, label: ctx.label(c) }
        : undefined;
    },
  },
});
