/**
 * EventBridge Scheduler: AWS's four recommended alarms are account-wide (no dimensions), made once per app for
 * the schedule groups it watches; per schedule group (`ScheduleGroup`), invocations that end in the dead-letter
 * queue and target errors.
 */
import type { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { anyCount } from './messaging-rows';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#EventBridge`;
const METRICS = 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html';

/** AWS's account-wide entries: Sum > 0 for 15 of 15 minutes (dropped invocations: any minute). */
const account = (
  id: string,
  metricName: string,
  meaning: string,
  firstStep: string,
  entry: string,
  why: string,
  datapoints: readonly [number, number] = [15, 15],
): CatalogRow => ({
  ...anyCount(
    { id, metricName, meaning, firstStep, source: SRC, why, implements: entry },
    { period: 60, datapoints },
  ),
});

const GROUP = defineTable({
  kind: 'scheduler',
  title: 'EventBridge Scheduler schedule group',
  namespace: 'AWS/Scheduler',
  dimensions: ['ScheduleGroup'],
  params: {},
  rows: [
    anyCount({
      id: 'deadLetters',
      metricName: 'InvocationsSentToDeadLetterCount',
      meaning: 'Schedules of {resource} fail every retry: their events go to the dead-letter queue',
      firstStep:
        "read a message in the schedule's dead-letter queue (its error attributes), fix the target, then redrive",
      source: METRICS,
      why: "Not in AWS's list (its entries are account-wide): a scheduled invocation that exhausted its retry policy is a lost run unless someone redrives it; any in 5 minutes warns.",
    }),
    anyCount({
      id: 'targetErrors',
      metricName: 'TargetErrorCount',
      severity: 'info',
      meaning: 'Targets of schedules in {resource} return errors',
      firstStep: "check the target's permissions (the schedule's execution role) and the target's own errors",
      source: METRICS,
      why: 'The target failed and Scheduler retries it (the dead-letter and dropped rows say when retries run out), so this informs: any in 5 minutes.',
    }),
  ],
  signals: [
    { title: 'Invocation attempts', metricName: 'InvocationAttemptCount', stat: 'Sum' },
    { title: 'Target errors', metricName: 'TargetErrorCount', stat: 'Sum' },
    { title: 'Sent to dead-letter queue', metricName: 'InvocationsSentToDeadLetterCount', stat: 'Sum' },
    { title: 'Dropped', metricName: 'InvocationDroppedCount', stat: 'Sum' },
  ],
  cost: [],
});

const ACCOUNT = defineTable({
  kind: 'schedulerAccount',
  title: 'EventBridge Scheduler (account)',
  namespace: 'AWS/Scheduler',
  dimensions: [],
  params: {},
  rows: [
    account(
      'targetErrorThrottled',
      'TargetErrorThrottledCount',
      'Targets of schedules throttle their invocations',
      "raise the target's quota (Lambda concurrency, Step Functions StartExecution) or spread schedules over time (flexible time windows)",
      'scheduler-targeterrorthrottledcount',
      'AWS: any (Sum > 0) in each of 15 minutes: sustained throttling by the targets delays every schedule.',
    ),
    account(
      'invocationThrottled',
      'InvocationThrottleCount',
      "Scheduler throttles invocations: the account's invocation quota is reached",
      'request a higher "invocations throttle limit" quota or spread schedules with flexible time windows',
      'scheduler-invocationthrottlecount',
      'AWS: any (Sum > 0) in each of 15 minutes: invocations above the account quota are delayed.',
    ),
    account(
      'invocationDropped',
      'InvocationDroppedCount',
      'Scheduled invocations are dropped: their retries ran out and they have no dead-letter queue',
      'give the schedules a dead-letter queue and a retry policy, then fix the failing target',
      'scheduler-invocationdroppedcount',
      'AWS: any (Sum > 0) in a minute: a dropped invocation is lost for good.',
      [1, 1],
    ),
    account(
      'deadLetterFailed',
      'InvocationsFailedToBeSentToDeadLetterCount',
      'Failed invocations cannot be sent to their dead-letter queues: they are lost',
      "check the dead-letter queue exists and the schedule's execution role may send to it (and use its KMS key)",
      'scheduler-invocationsfailedtobesenttodeadlettercount',
      'AWS: any (Sum > 0) in each of 15 minutes.',
    ),
  ],
  signals: [],
  cost: [],
});

export const scheduler = defineKind({
  key: 'scheduler',
  dashboard: 'messaging',
  tables: [GROUP],
  account: [ACCOUNT],
  config: {
    doc: 'EventBridge Scheduler schedule groups, by name (`default` for schedules without a group); the account-wide Scheduler alarms come with them.',
    schema: (k) => {
      const name = k.z
        .string()
        .regex(/^[0-9a-zA-Z-_.]{1,64}$/, {
          message: 'a schedule group name is 1-64 letters, digits, "-", "_" or "."',
        })
        .describe('The schedule group name (ScheduleGroup); `default` for the default group.');
      return {
        entry: k.z.union([
          name,
          k.obj({
            name: k.awsName('name').describe('The schedule group name (ScheduleGroup).'),
            label: k.label,
            alarms: k.alarms(GROUP),
          }),
        ]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      return [
        {
          kind: 'scheduler',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { ScheduleGroup: e.name },
          params: {},
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: (groups, ctx) =>
      groups.length === 0
        ? []
        : [
            {
              kind: 'schedulerAccount',
              label: 'scheduler',
              dimensions: {},
              params: ctx.params(ACCOUNT, {}),
              overrides: ctx.overrides,
              origin: 'defaults.account',
            },
          ],
  },
  example: (n) => `nightly-jobs-${n}`,
  construct: {
    cfnTypes: ['AWS::Scheduler::ScheduleGroup'],
    entry: (c, ctx) => {
      const group = ctx.cfnOf<CfnScheduleGroup>(c, 'AWS::Scheduler::ScheduleGroup');
      return group ? { name: ctx.string(group.name) ?? group.ref, label: ctx.label(c) } : undefined;
    },
  },
});
