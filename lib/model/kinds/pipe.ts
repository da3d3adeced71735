/**
 * EventBridge Pipes (`PipeName`): failed, timed-out, throttled and partially failed executions, and failures of
 * the enrichment and target stages. Not in AWS's recommended-alarm list; rows from the Pipes metrics page.
 */
import type { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { anyCount } from './messaging-rows';
import { defineKind, defineTable } from './types';

const SRC = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-monitoring.html';

const PIPE = defineTable({
  kind: 'pipe',
  title: 'EventBridge pipe',
  namespace: 'AWS/EventBridge/Pipes',
  dimensions: ['PipeName'],
  params: {},
  rows: [
    anyCount({
      id: 'executionFailed',
      metricName: 'ExecutionFailed',
      meaning: 'Executions of pipe {resource} fail',
      firstStep: "read the pipe's execution log (its log destination) for the failing stage and error",
      source: SRC,
      why: 'A failed execution is a batch of events the pipe did not deliver (the source retries or dead-letters it); any in 5 minutes warns.',
    }),
    anyCount({
      id: 'executionTimeout',
      metricName: 'ExecutionTimeout',
      meaning: 'Executions of pipe {resource} time out',
      firstStep:
        'find the slow stage (EnrichmentStageDuration, TargetStageDuration) and the target that does not answer',
      source: SRC,
      why: 'A timed-out execution did not deliver its events; any in 5 minutes warns.',
    }),
    anyCount({
      id: 'targetStageFailed',
      metricName: 'TargetStageFailed',
      meaning: 'Pipe {resource} fails to deliver to its target',
      firstStep: "check the pipe role's permission on the target and the target's own errors",
      source: SRC,
      why: 'The target stage failed: the events did not reach the target; any in 5 minutes warns.',
    }),
    anyCount({
      id: 'enrichmentStageFailed',
      metricName: 'EnrichmentStageFailed',
      meaning: 'The enrichment of pipe {resource} fails',
      firstStep:
        "read the enrichment's (Lambda, Step Functions, API destination) errors for the failing events",
      source: SRC,
      why: 'Events whose enrichment fails never reach the target; any in 5 minutes warns.',
    }),
    anyCount(
      {
        id: 'executionThrottled',
        metricName: 'ExecutionThrottled',
        meaning: 'Executions of pipe {resource} are throttled',
        firstStep: "check the account's Pipes concurrency quota and the source's batch size",
        source: SRC,
        why: 'As for Lambda throttles: throttling in each of 5 minutes delays events (the source keeps them, within its retention).',
      },
      { period: 60, datapoints: [5, 5] },
    ),
    anyCount({
      id: 'partiallyFailed',
      metricName: 'ExecutionPartiallyFailed',
      severity: 'info',
      meaning: 'Executions of pipe {resource} partially fail',
      firstStep: 'find which events of the batch the target rejected (its batch item failures)',
      source: SRC,
      why: 'Part of a batch failed and is retried by the source; informs, the failed-execution row warns when a whole execution fails.',
    }),
  ],
  signals: [
    { title: 'Events', metricName: 'EventCount', stat: 'Sum' },
    { title: 'Invocations', metricName: 'Invocations', stat: 'Sum' },
    { title: 'Executions failed', metricName: 'ExecutionFailed', stat: 'Sum' },
    { title: 'Target stage failed', metricName: 'TargetStageFailed', stat: 'Sum' },
    { title: 'Duration p95', unit: 'ms', metricName: 'Duration', stat: 'p95' },
  ],
  cost: [],
});

export const pipe = defineKind({
  key: 'pipe',
  dashboard: 'messaging',
  tables: [PIPE],
  account: [],
  config: {
    doc: 'EventBridge Pipes, by name.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a pipe name'),
        k.obj({
          name: k.awsName('name').describe('The pipe name (PipeName).'),
          label: k.label,
          alarms: k.alarms(PIPE),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      return [
        {
          kind: 'pipe',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { PipeName: e.name },
          params: {},
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => `orders-to-billing-${n}`,
  construct: {
    cfnTypes: ['AWS::Pipes::Pipe'],
    entry: (c, ctx) => {
      const p = ctx.cfnOf<CfnPipe>(c, 'AWS::Pipes::Pipe');
      return p ? { name: ctx.string(p.name) ?? p.ref, label: ctx.label(c) } : undefined;
    },
  },
});
