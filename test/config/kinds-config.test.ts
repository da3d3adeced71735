import { modelFromText } from '../../lib/config/load';
import { graphsFor } from '../../lib/dashboards/cloudwatch-layout';
import { configErrorOf } from '../helpers/config-error';
import { alarms as allAlarms, config } from '../helpers/kinds-config';

/** Alarms of the services and of the account. */
const alarms = (text: string) => allAlarms(text, { account: true });

describe('SNS topics (a kind written in the registry shape)', () => {
  const text = config(`    sns:
      - orders-events
      - name: billing
        alarms: { published: { enabled: true, threshold: 10 } }`);
  const specs = alarms(text);

  test("AWS's recommended alarms on, the traffic ones off until enabled", () => {
    expect([...specs.keys()].filter((n) => n.includes('orders-events'))).toEqual([
      'demo-svc-orders-events-notificationsFailed-warning',
      'demo-svc-orders-events-filteredInvalidAttributes-warning',
      'demo-svc-orders-events-filteredInvalidBody-warning',
      'demo-svc-orders-events-redrivenToDlq-warning',
      'demo-svc-orders-events-failedToRedrive-warning',
    ]);
    const published = specs.get('demo-svc-billing-published-warning')!;
    expect(published).toMatchObject({
      comparison: 'LessThanThreshold',
      threshold: 10,
      evaluationPeriods: 5,
      treatMissingData: 'breaching',
      source: { metric: { namespace: 'AWS/SNS', metricName: 'NumberOfMessagesPublished' } },
    });
  });

  test('the SMS account alarms exist only when enabled, with the corrected comparison', () => {
    expect([...specs.keys()].some((n) => n.includes('-sms-'))).toBe(false);
    const sms = alarms(
      config('    sns: [t]', 'defaults:\n  account:\n    alarms: { smsSuccessRate: { enabled: true } }'),
    );
    expect(sms.get('demo-account-sms-smsSuccessRate-warning')).toMatchObject({
      comparison: 'LessThanThreshold',
      threshold: 0.9,
      source: { metric: { dimensions: {} } },
    });
  });

  test('dashboard graphs', () => {
    const model = modelFromText(text);
    expect(graphsFor(model.services[0].resources, 50).map((g) => g.title)).toEqual([
      'SNS topic: Published',
      'SNS topic: Delivered',
      'SNS topic: Failed',
      'SNS topic: Filtered out',
    ]);
  });
});

describe('Step Functions state machines', () => {
  const text = config(
    `    stepFunctions:
      - orders
      - { arn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:quick', type: express }
      - { name: batch, timeout: 2h, operation: nightly }`,
    'budgets:\n  operations:\n    nightly: { budget: 30m, allowAboveDefault: true }',
  );
  const specs = alarms(text);
  const names = [...specs.keys()];

  test('failures, timeouts, throttles and aborts; the timeout alarm only where the timeout is known', () => {
    expect(names.filter((n) => n.startsWith('demo-svc-orders-'))).toEqual([
      'demo-svc-orders-failureRate-critical',
      'demo-svc-orders-executionsFailed-warning',
      'demo-svc-orders-executionsTimedOut-warning',
      'demo-svc-orders-executionThrottled-warning',
      'demo-svc-orders-executionsAborted-info',
    ]);
    expect(specs.get('demo-svc-quick-duration-warning')?.threshold).toBe(270_000); // Express: 5 min at most
    expect(specs.get('demo-svc-batch-duration-warning')?.threshold).toBe(6_480_000); // 90 % of 2 h
  });

  test('an operation gives the execution time a budget', () => {
    expect(specs.get('demo-svc-batch-latencyBudget-warning')).toMatchObject({
      threshold: 1_800_000,
      source: { metric: { namespace: 'AWS/States', metricName: 'ExecutionTime' }, stat: 'p95' },
    });
    expect(names.some((n) => n.startsWith('demo-svc-orders-latencyBudget'))).toBe(false);
  });

  test('the ARN: given, built from the name in the deployment account, or a deploy-time value', () => {
    const dims = (name: string) => {
      const s = specs.get(name)!.source;
      return s.type === 'metric' ? s.metric.dimensions : s.metrics[0].metric.dimensions;
    };
    expect(dims('demo-svc-quick-executionsFailed-warning')).toEqual({
      StateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:quick',
    });
    expect(dims('demo-svc-orders-executionsFailed-warning').StateMachineArn).toMatch(/^\$\{Token\[/);
    const withEnv = alarms(
      text.replace('app: demo', 'app: demo\nenv: { account: "111122223333", region: us-gov-west-1 }'),
    );
    expect(withEnv.get('demo-svc-orders-executionsFailed-warning')?.source).toMatchObject({
      metric: {
        dimensions: {
          StateMachineArn: 'arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:orders',
        },
      },
    });
  });

  test('the failure rate says how many executions it needs, per its period', () => {
    expect(specs.get('demo-svc-orders-failureRate-critical')?.description).toContain(
      '(with at least 10 started executions a minute)',
    );
  });

  test('a name or an ARN, not both, not neither', () => {
    expect(configErrorOf(config('    stepFunctions:\n      - { label: x }'))).toContain(
      'give the state machine a `name` or an `arn` (one of them)',
    );
    expect(configErrorOf(config('    stepFunctions:\n      - { arn: "arn:aws:sqs:x" }'))).toContain(
      'arn must look like arn:aws:states:',
    );
  });
});

describe('the guarded rate and budget descriptions follow the alarm they describe', () => {
  test('a 5-minute error rate says "in 5 min", not "a minute"', () => {
    const specs = alarms(config('    lambda:\n      - { name: f, alarms: { errorRate: { period: 5m } } }'));
    expect(specs.get('demo-svc-f-errorRate-critical')?.description).toBe(
      "More than 5% of invocations of Lambda function f fail (with at least 10 requests in 5 min). First: open the function's recent error logs and compare with the last deployment.",
    );
  });

  test('budgets.percentile p99 and a statistic override are what the descriptions and graphs say', () => {
    const text = config(
      '    lambda:\n      - { name: f, alarms: { duration: { statistic: tm90 } } }',
      'budgets: { percentile: p99 }',
    );
    const specs = alarms(text);
    expect(specs.get('demo-svc-f-latencyBudget-warning')?.description).toMatch(
      /^p99 duration of Lambda function f is above its 200 ms budget\./,
    );
    expect(specs.get('demo-svc-f-latencyBudget-critical')?.description).toMatch(/^p99 duration/);
    expect(specs.get('demo-svc-f-duration-warning')?.description).toMatch(
      /^tm90 duration of Lambda function f/,
    );
    const graphs = graphsFor(modelFromText(text).services[0].resources, 50);
    expect(graphs.find((g) => g.title.startsWith('Lambda function: Duration'))).toMatchObject({
      title: 'Lambda function: Duration p99 (ms)',
      stat: 'p99',
    });
  });
});

describe('numbers in range, with the range in the message (one line)', () => {
  test.each([
    [
      'a budget of 0s',
      config('    lambda: [f]', 'budgets: { default: 0s }'),
      'budgets.default: "0s" is out of range',
    ],
    ['a timeout of 0s', config('    lambda: [{ name: f, timeout: 0s }]'), 'timeout: "0s" is out of range'],
    [
      'a maxAge of 10^16 hours',
      config('    sqs: [{ name: q, maxAge: 10000000000000000h }]'),
      'maxAge: "10000000000000000h" is out of range: write a duration from 1s to 14d',
    ],
    [
      'a concurrency quota of 2^53-1',
      config('    lambda: [{ name: f, concurrencyQuota: 9007199254740991 }]'),
      'concurrencyQuota: must be a whole number from 1 to 1,000,000',
    ],
    [
      'an override threshold of 1e308',
      config('    lambda: [{ name: f, alarms: { errors: { threshold: 1e308 } } }]'),
      'threshold: must be a number from -1,000,000,000,000,000 to 1,000,000,000,000,000',
    ],
    [
      'datapoints 1/100000',
      config('    lambda: [{ name: f, alarms: { errors: { datapoints: 1/100000 } } }]'),
      'datapoints: datapoints "1/100000": N must be at most 8,640',
    ],
    [
      'datapoints beyond a day at the row period',
      config('    lambda: [{ name: f, alarms: { errors: { datapoints: 3/2000 } } }]'),
      // the errors row's period is 15 minutes since the quiet defaults
      'alarms.errors.datapoints: 2000 periods of 900s is 1800000s: CloudWatch evaluates at most one day',
    ],
    [
      'a window over a day with the period given',
      config('    lambda: [{ name: f, alarms: { errors: { period: 5m, datapoints: 3/300 } } }]'),
      'alarms.errors.datapoints: 300 periods of 300s is 90000s: CloudWatch evaluates at most one day',
    ],
    [
      'a period of a week',
      config('    lambda: [{ name: f, alarms: { errors: { period: 7d } } }]'),
      'period: "7d" is out of range',
    ],
    [
      'a critical share of 5000%',
      config('    lambda: [f]', 'budgets: { critical: 5000% }'),
      'critical must be a percentage of the budget from 100% to 1000%',
    ],
  ])('%s', (_what, text, expected) => {
    expect(configErrorOf(text)).toContain(expected);
  });

  test('a budget over a day is refused, a long workflow budget is not', () => {
    expect(configErrorOf(config('    lambda: [f]', 'budgets: { default: 2d }'))).toContain('from 1ms to 1d');
    expect(() => modelFromText(config('    lambda: [f]', 'budgets: { default: 20h }'))).not.toThrow();
  });
});

describe('what a kind knows changes what it alarms on', () => {
  test('route budgets on a stage without detailed metrics are refused', () => {
    expect(
      configErrorOf(
        config('    restApi:\n      - { name: a, stage: prod, detailedMetrics: false, methods: [GET /x] }'),
      ),
    ).toContain('restApi[0].methods: routes with a budget need detailed metrics on the stage');
  });

  test('HTTP API routes are alarmed by the Route dimension API Gateway publishes', () => {
    const specs = alarms(config('    httpApi:\n      - { id: a1b2c3d4e5, routes: [GET /items] }'));
    expect(specs.get('demo-svc-a1b2c3d4e5-default-GET-items-latencyBudget-warning')?.source).toMatchObject({
      metric: { dimensions: { ApiId: 'a1b2c3d4e5', Stage: '$default', Route: 'GET /items' } },
    });
  });

  test("DynamoDB: the account's provisioned-capacity alarms only when a table may be provisioned", () => {
    const names = (tables: string) => [...alarms(config(`    dynamodb: ${tables}`)).keys()];
    expect(names('[{ name: a, billing: onDemand }]').some((n) => n.includes('account'))).toBe(false);
    expect(names('[{ name: a, billing: onDemand }, b]')).toContain(
      'demo-account-dynamodb-accountReadCapacity-warning',
    );
  });

  test('DynamoDB: global secondary indexes have their own throttle alarms', () => {
    const specs = alarms(config('    dynamodb: [{ name: orders, indexes: [byCustomer] }]'));
    expect(specs.get('demo-svc-orders-byCustomer-writeThrottles-warning')?.source).toMatchObject({
      metric: {
        namespace: 'AWS/DynamoDB',
        metricName: 'WriteThrottleEvents',
        dimensions: { TableName: 'orders', GlobalSecondaryIndexName: 'byCustomer' },
      },
    });
    expect(
      configErrorOf(
        config(
          '    dynamodb: [{ name: t, indexes: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u] }]',
        ),
      ),
    ).toContain('a table has at most 20 global secondary indexes');
  });

  test('SQS: a FIFO queue has the same in-flight quota as a standard one (AWS raised it from 20,000 to 120,000)', () => {
    const specs = alarms(config('    sqs: [{ name: a, fifo: true }, b.fifo, c]'));
    expect(specs.get('demo-svc-a-inFlight-warning')?.threshold).toBe(108_000);
    expect(specs.get('demo-svc-b.fifo-inFlight-warning')?.threshold).toBe(108_000);
    expect(specs.get('demo-svc-c-inFlight-warning')?.threshold).toBe(108_000);
  });
});
