/** Lambda functions, by `FunctionName`; the account's claimed concurrency once per app. */
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { parseDurationMs } from '../duration';
import { BUDGET_PARAMS, budgetRows } from './budget';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

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
    ...BUDGET_PARAMS,
  },
  rows: [
    {
      id: 'errorRate',
      signal: 'errorRate',
      metric: {
        type: 'rate',
        numerator: { metricName: 'Errors', stat: 'Sum' },
        denominator: { metricName: 'Invocations', stat: 'Sum' },
        minRequestsParam: 'minRequests',
        label: 'Error rate (%)',
        guard: 'with at least {min} requests {period}',
      },
      threshold: 5,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [3, 5],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: '%',
      meaning: 'More than {threshold} of invocations of {resource} fail',
      firstStep: "open the function's recent error logs and compare with the last deployment",
      source: GUARD,
      why: 'AWS recommends an error count (row `errors`); a rate guarded by a minimum of 10 invocations per minute pages only when a real share of traffic fails.',
    },
    {
      id: 'errors',
      signal: 'errors',
      metric: { type: 'metric', metricName: 'Errors', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} has failed invocations',
      firstStep: "read the function's error logs for the failing request",
      source: SRC,
      why: 'AWS: "depends on your tolerance"; any error for 3 minutes is a warning, the guarded error rate pages.',
      implements: 'lambda-errors',
    },
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
      why: 'AWS: "depends"; any sustained throttling loses or delays requests.',
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

export const lambda = defineKind({
  key: 'lambda',
  dashboard: 'compute',
  tables: [LAMBDA],
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
      };
      return {
        entry: k.z.union([
          k.awsName('a function name'),
          k.obj({
            name: k.awsName('name').describe('The function name, as in AWS.'),
            label: k.label,
            operation: k.operation,
            ...fields,
            alarms: k.alarms(LAMBDA),
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
      return [
        {
          kind: 'lambda',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { FunctionName: e.name },
          params: ctx.params(LAMBDA, {
            timeout: timeout === undefined ? undefined : parseDurationMs(timeout),
            concurrencyQuota: ('concurrencyQuota' in e && e.concurrencyQuota) || d.concurrencyQuota,
            minRequests: ('minRequests' in e ? e.minRequests : undefined) ?? d.minRequests,
            ...ctx.budget(operation),
          }),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined, { budget: true }),
          operation,
          origin: ctx.origin(),
        },
      ];
    },
    account: (functions, ctx) =>
      functions.length === 0
        ? []
        : [
            {
              kind: 'lambdaAccount',
              label: 'lambda',
              dimensions: {},
              params: ctx.params(LAMBDA_ACCOUNT, { concurrencyQuota: functions[0].params.concurrencyQuota }),
              overrides: ctx.overrides,
              origin: 'defaults.account',
            },
          ],
  },
  example: (n) => ({ name: `orders-handler-${n}`, timeout: '10s', operation: `place-order-${n}` }),
  construct: {
    cfnTypes: ['AWS::Lambda::Function'],
    entry: (c, ctx) => {
      const fn = ctx.cfnOf<CfnFunction>(c, 'AWS::Lambda::Function');
      if (!fn) return undefined;
      const reserved = ctx.number(fn.reservedConcurrentExecutions);
      return {
        name: fn.ref,
        label: ctx.label(c),
        // Lambda's default timeout is 3 s when the template sets none; a deploy-time value keeps the default.
        timeout: ctx.seconds(fn.timeout ?? 3),
        // Reserved concurrency caps the function below the Region quota: 90 % of it is "near the limit".
        ...(reserved !== undefined && reserved > 0
          ? { alarms: { concurrency: { threshold: Math.round(reserved * 0.9 * 1000) / 1000 } } }
          : {}),
      };
    },
  },
});
