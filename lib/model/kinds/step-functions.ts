/**
 * Step Functions state machines (`StateMachineArn`): failed, timed-out, throttled and aborted executions, a
 * guarded failure rate, execution time near the timeout, and an execution-time budget for state machines with an
 * `operation`. Not in AWS's recommended-alarm list; rows follow the service's metrics documentation.
 */
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { parseDurationMs } from '../duration';
import { BUDGET_PARAMS, budgetRows } from './budget';
import { defineKind, defineTable, type CatalogRow } from './types';
import { guardedRate } from './messaging-rows';

const SRC =
  'https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html#cloudwatch-step-functions-execution-metrics';
const GUARD =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html#using-IF-expressions';
/** Express workflows run at most 5 minutes: their timeout when none is given. */
const EXPRESS_MAX_MS = 300_000;

const count = (
  id: string,
  metricName: string,
  severity: 'warning' | 'info',
  meaning: string,
  firstStep: string,
  why: string,
  period = 300,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Sum' },
  threshold: 0,
  comparison: 'GreaterThanThreshold',
  period,
  datapoints: [1, 1],
  missing: 'notBreaching',
  severity,
  enabled: true,
  unit: 'count',
  meaning,
  firstStep,
  source: SRC,
  why,
});

const STATE_MACHINE = defineTable({
  kind: 'stepFunctions',
  title: 'Step Functions state machine',
  namespace: 'AWS/States',
  dimensions: ['StateMachineArn'],
  params: {
    minExecutions: {
      default: 10,
      doc: 'Executions started per minute below which the failure rate is not evaluated.',
    },
    timeout: {
      default: EXPRESS_MAX_MS,
      doc: "The state machine's timeout in ms (`timeout`; Express workflows: 5 minutes at most).",
    },
    ...BUDGET_PARAMS,
  },
  rows: [
    guardedRate(
      {
        id: 'failureRate',
        metricName: 'ExecutionsFailed',
        denominator: 'ExecutionsStarted',
        minParam: 'minExecutions',
        label: 'Failure rate (%)',
        guard: 'with at least {min} started executions {period}',
        severity: 'critical',
        meaning: 'More than {threshold} of executions of {resource} fail',
        firstStep: 'open a failed execution in the console and read the failing state’s error and cause',
        source: GUARD,
        why: 'Like a Lambda error rate: pages only when a real share of executions fails (at least `minExecutions`, default 10, started a minute). Executions that run longer than a minute are counted when they end, so the rate is approximate for long workflows; the failure count below warns on any.',
      },
      5,
      { datapoints: [3, 5] },
    ),
    count(
      'executionsFailed',
      'ExecutionsFailed',
      'warning',
      'Executions of {resource} fail',
      'open a failed execution in the console and read the failing state’s error and cause',
      'Any failed execution in 5 minutes warns: a failed workflow is a lost unit of work unless it is retried.',
    ),
    count(
      'executionsTimedOut',
      'ExecutionsTimedOut',
      'warning',
      'Executions of {resource} time out',
      'find the state that waits (a task without a timeout or heartbeat, a slow integration) in a timed-out execution',
      'Any timed-out execution in 5 minutes warns: the workflow hit its own TimeoutSeconds, which is never the plan.',
    ),
    {
      ...count(
        'executionThrottled',
        'ExecutionThrottled',
        'warning',
        'Executions of {resource} are throttled',
        'check the StartExecution and state-transition quotas of the account, or spread the load',
        'Like Lambda throttles: any sustained throttling (5 of 5 minutes) delays or loses executions.',
        60,
      ),
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      datapoints: [5, 5],
    },
    count(
      'executionsAborted',
      'ExecutionsAborted',
      'info',
      'Executions of {resource} were stopped',
      'find who or what called StopExecution (CloudTrail), and whether that was planned',
      'Someone or something stopped executions; worth knowing, not worth waking anyone.',
    ),
    {
      id: 'duration',
      signal: 'duration',
      metric: { type: 'metric', metricName: 'ExecutionTime', stat: 'p90' },
      threshold: { param: 'timeout', factor: 0.9 },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'evaluate',
      enabled: true,
      unit: 'ms',
      meaning: '{stat} execution time of {resource} is above {threshold}, close to its timeout',
      firstStep: 'find the slow state in a recent execution before executions start timing out',
      source: SRC,
      why: 'As for Lambda: 90 % of the timeout. On for Express workflows (5 minutes at most) and for state machines given a `timeout`; off for a Standard workflow without one (it may run for a year).',
    },
    ...budgetRows('ExecutionTime', 'execution time', '; only for state machines with an `operation`'),
  ],
  signals: [
    { title: 'Executions started', metricName: 'ExecutionsStarted', stat: 'Sum' },
    { title: 'Executions failed', metricName: 'ExecutionsFailed', stat: 'Sum' },
    { title: 'Executions timed out', metricName: 'ExecutionsTimedOut', stat: 'Sum' },
    { title: 'Executions throttled', metricName: 'ExecutionThrottled', stat: 'Sum' },
    {
      title: 'Execution time {stat}',
      unit: 'ms',
      metricName: 'ExecutionTime',
      stat: 'p95',
      statOf: 'latencyBudget',
      line: { param: 'budget', label: 'budget' },
    },
  ],
  cost: [],
});

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:([A-Za-z0-9_-]{1,80})$/;

export const stepFunctions = defineKind({
  key: 'stepFunctions',
  dashboard: 'compute',
  tables: [STATE_MACHINE],
  account: [],
  config: {
    doc: 'Step Functions state machines, by name or ARN.',
    schema: (k) => {
      const name = k.z
        .string()
        .regex(NAME, { message: 'a state machine name is 1-80 letters, digits, "-" or "_"' })
        .describe('The state machine name (its ARN is built in the deployment account and Region).');
      const fields = {
        minExecutions: k.int('Executions/min before the failure rate counts.', 0, 1_000_000).optional(),
      };
      return {
        entry: k.z.union([
          name,
          k
            .obj({
              name: name.optional(),
              arn: k.z
                .string()
                .superRefine((v, c) => {
                  if (!k.isToken(v) && !ARN.test(v))
                    c.addIssue({
                      code: 'custom',
                      message: 'arn must look like arn:aws:states:eu-west-1:123456789012:stateMachine:orders',
                    });
                })
                .optional()
                .describe('The state machine ARN (the StateMachineArn dimension), instead of `name`.'),
              label: k.label,
              type: k.z
                .enum(['standard', 'express'])
                .optional()
                .describe(
                  'Workflow type. Express workflows time out after 5 minutes at most. Default standard.',
                ),
              timeout: k
                .duration(
                  'The state machine timeout (TimeoutSeconds), for the execution-time alarm.',
                  '1s',
                  '365d',
                )
                .optional(),
              operation: k.operation.describe(
                'Operation name: its budget (`budgets`) applies to the p95 execution time. Default: no budget.',
              ),
              ...fields,
              alarms: k.alarms(STATE_MACHINE),
            })
            .refine((e) => (e.name === undefined) !== (e.arn === undefined), {
              message: 'give the state machine a `name` or an `arn` (one of them)',
            }),
        ]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const arn = 'arn' in e && e.arn ? e.arn : ctx.arn('states', `stateMachine:${e.name}`);
      const name = e.name ?? (ctx.isToken(arn) ? undefined : ARN.exec(arn)?.[1]);
      const type = ('type' in e && e.type) || 'standard';
      const timeout = 'timeout' in e && e.timeout ? parseDurationMs(e.timeout) : undefined;
      const operation = 'operation' in e ? e.operation : undefined;
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined, { budget: !!operation });
      // Off unless said otherwise: the timeout alarm without a known timeout, the budget without an operation.
      const off = [
        ...(timeout === undefined && type === 'standard' ? ['duration'] : []),
        ...(operation ? [] : ['latencyBudget', 'latencyBudgetCritical']),
      ];
      for (const id of off) {
        if (overrides[id]?.enabled === undefined) overrides[id] = { ...overrides[id], enabled: false };
      }
      return [
        {
          kind: 'stepFunctions',
          label: ctx.label('label' in e ? e.label : undefined, name ?? arn),
          dimensions: { StateMachineArn: arn },
          params: ctx.params(STATE_MACHINE, {
            minExecutions: ('minExecutions' in e ? e.minExecutions : undefined) ?? ctx.defaults.minExecutions,
            timeout: timeout ?? (type === 'express' ? EXPRESS_MAX_MS : undefined),
            ...(operation ? ctx.budget(operation) : {}),
          }),
          overrides,
          ...(operation ? { operation } : {}),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `fulfil-order-${n}`, timeout: '1h' }),
  construct: {
    cfnTypes: ['AWS::StepFunctions::StateMachine'],
    entry: (c, ctx) => {
      const sm = ctx.cfnOf<CfnStateMachine>(c, 'AWS::StepFunctions::StateMachine');
      if (!sm) return undefined;
      const express = ctx.string(sm.stateMachineType) === 'EXPRESS';
      // The definition's TimeoutSeconds, when the template holds it as plain JSON.
      const definition = ctx.string(sm.definitionString);
      let timeout: string | undefined;
      try {
        timeout = ctx.seconds(
          (JSON.parse(definition ?? '{}') as { TimeoutSeconds?: unknown }).TimeoutSeconds,
        );
      } catch {
        timeout = undefined;
      }
      return {
        ...(ctx.string(sm.stateMachineName) ? { name: ctx.string(sm.stateMachineName) } : { arn: sm.ref }),
        label: ctx.label(c),
        type: express ? ('express' as const) : ('standard' as const),
        ...(timeout ? { timeout } : {}),
      };
    },
  },
});
