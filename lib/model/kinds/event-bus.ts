/**
 * EventBridge event buses (`EventBusName`): what EventBridge publishes per bus, across its rules: throttled rules,
 * retried target invocations, the time from ingestion to successful delivery, and failed re-encryption. Failed and
 * dead-lettered invocations exist per rule only (the `eventRule` kind). Not in AWS's recommended-alarm list; rows
 * from EventBridge's metrics page.
 */
import type { CfnEventBus } from 'aws-cdk-lib/aws-events';
import { parseDurationMs } from '../duration';
import { anyCount, guardedRate } from './messaging-rows';
import { defineKind, defineTable } from './types';

const SRC = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html';
const RETRY = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html';

const BUS = defineTable({
  kind: 'eventBus',
  title: 'EventBridge event bus',
  namespace: 'AWS/Events',
  dimensions: ['EventBusName'],
  params: {
    maxDeliveryLatency: {
      default: 30_000,
      doc: 'p90 time from ingestion to successful delivery to a target, in ms (`maxDeliveryLatency`).',
    },
    minAttempts: {
      default: 10,
      doc: 'Invocation attempts in 5 minutes before the retry rate counts (`minAttempts`).',
    },
  },
  rows: [
    anyCount(
      {
        id: 'throttled',
        metricName: 'ThrottledRules',
        meaning: 'Rules on {resource} are throttled: their invocations are delayed',
        firstStep:
          "request a higher invocations quota for the account and Region, or check the rules' targets for throttling",
        source: SRC,
        why: "As for a rule's throttles: throttling in each of 5 minutes delays events (EventBridge retries them for up to 24 hours). The bus's figure covers every rule on it, including rules no entry names.",
      },
      { period: 60, datapoints: [5, 5] },
    ),
    guardedRate(
      {
        id: 'retryRate',
        metricName: 'RetryInvocationAttempts',
        denominator: 'InvocationAttempts',
        minParam: 'minAttempts',
        label: 'Retried invocation attempts (%)',
        guard: 'with at least {min} invocation attempts {period}',
        meaning:
          'More than {threshold} of the invocation attempts on {resource} are retries: targets fail or throttle',
        firstStep:
          "find the rule whose FailedInvocations or RetryInvocationAttempts rise and check its target's errors and quotas",
        source: RETRY,
        why: 'EventBridge retries targets that fail with retriable errors (5xx, throttling) for up to 24 hours: retries are delayed events, and the events are lost (or dead-lettered) when the retry policy runs out. More than 10 % of attempts retried for 15 minutes, with at least `minAttempts` attempts in 5 minutes (RetryInvocationAttempts is published only when not zero, so no data is none).',
      },
      10,
      { period: 300 },
    ),
    {
      id: 'deliveryLatency',
      signal: 'deliveryLatency',
      metric: { type: 'metric', metricName: 'IngestionToInvocationSuccessLatency', stat: 'p90' },
      threshold: { param: 'maxDeliveryLatency' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'evaluate',
      enabled: true,
      unit: 'ms',
      meaning: 'Events on {resource} reach their targets late: {stat} delivery takes more than {threshold}',
      firstStep:
        'look for retries (RetryInvocationAttempts) and slow targets (API destinations, cross-account buses) among its rules',
      source: SRC,
      why: 'The time from ingestion to successful delivery, retries and target time included; EventBridge usually delivers within a second, so 30 s at p90 for 15 minutes means events wait for retries or slow targets (`maxDeliveryLatency`). Every minute of a quiet bus lacks data and is not breaching, so a few late events alone do not alarm.',
    },
    anyCount({
      id: 'encryptionFailed',
      metricName: 'EventBusEncryptionFailed',
      meaning: 'Re-encryption of {resource} failed after a configuration change',
      firstStep:
        "check the bus's customer managed KMS key: its key policy must let EventBridge use it, and it must be enabled",
      source: SRC,
      why: 'Updating the bus configuration re-encrypts it; a failure (published only when not zero) usually means the KMS key is disabled or its policy changed, which also stops events. Any in 5 minutes warns.',
    }),
  ],
  signals: [
    { title: 'Matched events', metricName: 'MatchedEvents', stat: 'Sum' },
    { title: 'Invocation attempts', metricName: 'InvocationAttempts', stat: 'Sum' },
    { title: 'Retried attempts', metricName: 'RetryInvocationAttempts', stat: 'Sum' },
    { title: 'Throttled rules', metricName: 'ThrottledRules', stat: 'Sum' },
    {
      title: 'Delivery latency p90',
      unit: 'ms',
      metricName: 'IngestionToInvocationSuccessLatency',
      stat: 'p90',
      line: { param: 'maxDeliveryLatency', label: 'alarm' },
    },
  ],
  cost: [],
});

/** An event bus name: EventBridge's pattern (partner buses hold "/"), at most 256 characters. */
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;

export const eventBus = defineKind({
  key: 'eventBus',
  dashboard: 'messaging',
  tables: [BUS],
  account: [],
  config: {
    doc: 'EventBridge event buses, by name (`default` for the default bus); their rules are `eventRule` entries.',
    schema: (k) => {
      const name = k.z
        .string()
        .min(1)
        .superRefine((v, c) => {
          if (!k.isToken(v) && !BUS_NAME.test(v))
            c.addIssue({
              code: 'custom',
              message: 'an event bus name is 1-256 letters, digits, "/", ".", "-" or "_" (not its ARN)',
            });
        })
        .describe('The event bus name (EventBusName), not its ARN.');
      const fields = {
        maxDeliveryLatency: k
          .duration('p90 time from ingestion to delivery to alarm above. Default 30s.', '1s', '1d')
          .optional(),
        minAttempts: k
          .int('Invocation attempts in 5 minutes before the retry rate counts. Default 10.', 0, 1_000_000)
          .optional(),
      };
      return {
        entry: k.z.union([name, k.obj({ name, label: k.label, ...fields, alarms: k.alarms(BUS) })]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const latency =
        ('maxDeliveryLatency' in e ? e.maxDeliveryLatency : undefined) ?? ctx.defaults.maxDeliveryLatency;
      return [
        {
          kind: 'eventBus',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { EventBusName: e.name },
          params: ctx.params(BUS, {
            maxDeliveryLatency: latency === undefined ? undefined : parseDurationMs(latency),
            minAttempts: ('minAttempts' in e ? e.minAttempts : undefined) ?? ctx.defaults.minAttempts,
          }),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => `orders-bus-${n}`,
  construct: {
    cfnTypes: ['AWS::Events::EventBus'],
    entry: (c, ctx) => {
      const bus = ctx.cfnOf<CfnEventBus>(c, 'AWS::Events::EventBus');
      // Ref of an event bus is its name.
      return bus ? { name: ctx.string(bus.name) ?? bus.ref, label: ctx.label(c) } : undefined;
    },
  },
});
