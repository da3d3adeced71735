/**
 * EventBridge rules: on the default bus (`RuleName`) or on a custom bus (`EventBusName`, `RuleName`, as
 * EventBridge publishes them): failed invocations, events sent to and lost on the way to the dead-letter queue,
 * throttled rules. Not in AWS's recommended-alarm list; rows from EventBridge's metrics page.
 */
import type { CfnRule } from 'aws-cdk-lib/aws-events';
import { anyCount } from './messaging-rows';
import { defineKind, defineTable, type CatalogRow, type DashboardSignal } from './types';

const SRC = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html';
const DLQ = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html';

const ROWS: readonly CatalogRow[] = [
  anyCount({
    id: 'failedInvocations',
    metricName: 'FailedInvocations',
    meaning: 'Rule {resource} fails to invoke its targets after every retry',
    firstStep:
      "check the targets' permissions (resource policies, the rule's role) and that the targets exist",
    source: SRC,
    why: 'Invocations that failed permanently (retries are not counted) and were not sent to a dead-letter queue: events lost. EventBridge publishes the metric only when it is not zero, so no data is not breaching; any in 5 minutes warns.',
  }),
  anyCount({
    id: 'sentToDlq',
    metricName: 'InvocationsSentToDlq',
    meaning: 'Rule {resource} sends events to its dead-letter queue: its targets failed them',
    firstStep:
      "read the error attributes of a message in the rule target's dead-letter queue, fix the target, then redrive",
    source: DLQ,
    why: 'An event in the dead-letter queue is a lost unit of work until it is redriven; any in 5 minutes warns.',
  }),
  anyCount({
    id: 'dlqFailed',
    metricName: 'InvocationsFailedToBeSentToDlq',
    meaning: 'Rule {resource} cannot send failed events to its dead-letter queue: they are lost',
    firstStep:
      "check the dead-letter queue's policy (events.amazonaws.com may send), that it exists and its KMS key",
    source: DLQ,
    why: 'Dead-letter delivery fails on permissions, a missing queue or size limits: the events are gone; any in 5 minutes warns.',
  }),
  anyCount(
    {
      id: 'throttled',
      metricName: 'ThrottledRules',
      meaning: 'Rule {resource} is throttled',
      firstStep: 'request a higher invocations quota for the account and Region, or spread the events',
      source: SRC,
      why: 'Like Lambda throttles: throttling in each of 5 minutes delays events (EventBridge retries them for up to 24 hours).',
    },
    { period: 60, datapoints: [5, 5] },
  ),
];

const SIGNALS: readonly DashboardSignal[] = [
  { title: 'Triggered', metricName: 'TriggeredRules', stat: 'Sum' },
  { title: 'Invocations', metricName: 'Invocations', stat: 'Sum' },
  { title: 'Failed invocations', metricName: 'FailedInvocations', stat: 'Sum' },
  { title: 'Sent to dead-letter queue', metricName: 'InvocationsSentToDlq', stat: 'Sum' },
];

const DEFAULT_BUS = defineTable({
  kind: 'eventRule',
  title: 'EventBridge rule',
  namespace: 'AWS/Events',
  dimensions: ['RuleName'],
  params: {},
  rows: ROWS,
  signals: SIGNALS,
  cost: [],
});

const OWN_IDS = new Set(ROWS.map((r) => r.id));

/** The id of a row for a rule on a custom bus: `alarms.failedInvocations` of an entry applies to either. */
const busId = (id: string) => `bus${id[0].toUpperCase()}${id.slice(1)}`;

/** Rules on a custom event bus: EventBridge publishes their metrics with the bus name too. */
const CUSTOM_BUS = defineTable({
  kind: 'eventRuleCustomBus',
  title: 'EventBridge rule (custom bus)',
  namespace: 'AWS/Events',
  dimensions: ['EventBusName', 'RuleName'],
  params: {},
  // Ids differ from the default bus's (ids are unique within a kind); signals, and so alarm names, are the same.
  rows: ROWS.map((r) => ({ ...r, id: busId(r.id) })),
  signals: SIGNALS,
  cost: [],
});

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

export const eventRule = defineKind({
  key: 'eventRule',
  dashboard: 'messaging',
  tables: [DEFAULT_BUS, CUSTOM_BUS],
  account: [],
  config: {
    doc: 'EventBridge rules, by name, with the event bus they are on (default: the default bus).',
    schema: (k) => {
      const name = k.z
        .string()
        .min(1)
        .superRefine((v, c) => {
          if (!k.isToken(v) && !RULE_NAME.test(v))
            c.addIssue({ code: 'custom', message: 'a rule name is 1-64 letters, digits, ".", "-" or "_"' });
        })
        .describe('The rule name (RuleName).');
      return {
        entry: k.z.union([
          name,
          k.obj({
            name,
            label: k.label,
            bus: k
              .awsName('bus')
              .optional()
              .describe(
                'The event bus name (not its ARN) for a rule on a custom bus. Default: the default bus.',
              ),
            alarms: k.alarms(DEFAULT_BUS, CUSTOM_BUS),
          }),
        ]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const bus = 'bus' in e && e.bus && e.bus !== 'default' ? e.bus : undefined;
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const common = {
        label: ctx.label('label' in e ? e.label : undefined, e.name),
        params: {},
        origin: ctx.origin(),
      };
      if (!bus)
        return [{ kind: 'eventRule' as const, dimensions: { RuleName: e.name }, overrides, ...common }];
      return [
        {
          kind: 'eventRuleCustomBus' as const,
          dimensions: { EventBusName: bus, RuleName: e.name },
          overrides: Object.fromEntries(
            Object.entries(overrides).map(([id, o]) => [OWN_IDS.has(id) ? busId(id) : id, o]),
          ),
          ...common,
        },
      ];
    },
    account: () => [],
  },
  // The scale test multiplies the n = 1 alarm count by ten, so every example sits on the same (default) bus.
  example: (n) => `order-placed-${n}`,
  construct: {
    cfnTypes: ['AWS::Events::Rule'],
    entry: (c, ctx) => {
      const rule = ctx.cfnOf<CfnRule>(c, 'AWS::Events::Rule');
      if (!rule) return undefined;
      // Ref of a rule is "bus|name" on a custom bus, so the name comes from the template or the Arn's last part.
      const bus = rule.eventBusName;
      const busName = ctx.string(bus);
      const busFromRef =
        bus && !busName ? (ctx.resolve(rule, bus) as { Ref?: string } | undefined) : undefined;
      const busResource = busFromRef?.Ref
        ? ctx.referenced<{ name?: string; ref: string }>(rule, bus, 'AWS::Events::EventBus')
        : undefined;
      const customBus =
        busName && !busName.startsWith('arn:')
          ? busName
          : busResource
            ? (busResource.name ?? busResource.ref)
            : undefined;
      const onCustomBus = customBus !== undefined && customBus !== 'default';
      // Ref is the rule name on the default bus, "bus|name" on a custom one: there a generated name is unknown.
      const name = ctx.string(rule.name) ?? (onCustomBus || bus ? undefined : rule.ref);
      if (!name) {
        ctx.warn(
          c,
          'cdk-telemetry:eventRuleName',
          'not watched: give this rule on a custom event bus a `ruleName` (EventBridge publishes its metrics by rule and bus name, and CloudFormation generates the name otherwise)',
        );
        return undefined;
      }
      return {
        name,
        label: ctx.label(c),
        ...(onCustomBus ? { bus: customBus } : {}),
      };
    },
  },
});
