import { Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Alerting } from '../../lib/alerting/alerting';
import { ServiceMonitoring } from '../../lib/alarms/service-monitoring';
import { testApp } from '../helpers/synth';
import { userFunction } from '../helpers/user-function';

/** An ordinary user stack: a function and a queue with a DLQ, monitored by reference (tokens). */
function userStack() {
  const app = testApp();
  const stack = new Stack(app, 'Checkout');
  const fn = userFunction(stack, 'Pay');
  const dlq = new sqs.Queue(stack, 'OrdersDlq', { enforceSSL: true });
  const queue = new sqs.Queue(stack, 'Orders', {
    enforceSSL: true,
    deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },
  });
  return { app, stack, fn, queue, dlq };
}

describe('ServiceMonitoring in a user stack', () => {
  const { app, stack, fn, queue, dlq } = userStack();
  const alerting = new Alerting(stack, 'Alerting', { topicNamePrefix: 'shop-alerts' });
  const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
    app: 'shop',
    alerting,
    budgets: { default: '300ms', operations: { pay: '100ms' } },
    service: {
      name: 'checkout',
      lambda: [{ name: fn.functionName, label: 'pay', operation: 'pay', timeout: '5s' }],
      sqs: [{ name: queue.queueName, label: 'orders', dlq: dlq.queueName }],
    },
  });
  app.synth();
  const template = Template.fromStack(stack);

  test('snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('alarms reference the resources by token and are named by label', () => {
    expect(monitoring.alarmSpecs.map((a) => a.name)).toContain('shop-checkout-pay-latencyBudget-warning');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop-checkout-pay-latencyBudget-warning',
      Threshold: 100,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^Pay') } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alertingwarning') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop-checkout-orders-dlq-deadLetters-warning',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersDlq'), 'QueueName'] } },
      ],
    });
    expect(monitoring.alarmSpecs.find((a) => a.labels?.signal === 'duration')!.threshold).toBe(4500);
  });

  test('the composite pages through the critical topic and waits for its children', () => {
    const composites = template.findResources('AWS::CloudWatch::CompositeAlarm');
    const [composite] = Object.values(composites);
    expect(composite.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alertingcritical/) }]);
    expect(composite.DependsOn).toHaveLength(2);
  });

  test('the dashboard body carries the tokens as Fn::Sub variables', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const [body, vars] = dashboard.Properties.DashboardBody['Fn::Sub'];
    expect(Object.keys(vars).length).toBeGreaterThanOrEqual(3);
    for (const name of Object.keys(vars)) expect(body).toContain(`\${${name}}`);
  });

  test('works with your own topics instead of an Alerting', () => {
    const s = new Stack(testApp(), 'Own');
    const topic = new sns.Topic(s, 'T', { enforceSSL: true });
    const m = new ServiceMonitoring(s, 'M', {
      app: 'shop',
      alerting: { topics: { critical: topic, warning: topic, info: topic } },
      service: { name: 'jobs', sqs: ['jobs'] },
      dashboard: false,
    });
    expect(m.alarmSpecs).toHaveLength(3);
    Template.fromStack(s).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('SLOs from the construct: burn-rate tiers on a function named by a token, the fast tier suppressing the slow', () => {
    const s = new Stack(testApp(), 'Slo');
    const topic = new sns.Topic(s, 'T', { enforceSSL: true });
    const fn2 = lambda.Function.fromFunctionArn(s, 'Fn', Fn.importValue('worker-arn'));
    const m = new ServiceMonitoring(s, 'M', {
      app: 'shop',
      alerting: { topics: { critical: topic, warning: topic, info: topic } },
      service: {
        name: 'jobs',
        lambda: [{ name: fn2.functionName, label: 'worker' }],
        slos: [
          { name: 'availability', objective: 99.5, window: '28d', availability: { resource: 'worker' } },
        ],
      },
      dashboard: false,
    });
    const tiers = m.compositeSpecs.filter((c) => c.labels?.kind === 'slo');
    expect(tiers.map((c) => [c.name, c.suppressor?.alarm])).toEqual([
      ['shop-jobs-availability-fastBurn-critical', undefined],
      ['shop-jobs-availability-slowBurn-critical', 'shop-jobs-availability-fastBurn-critical'],
      ['shop-jobs-availability-ticketBurn-warning', 'shop-jobs-availability-slowBurn-critical'],
    ]);
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'shop-jobs-availability-slowBurn-critical',
      ActionsSuppressor: 'shop-jobs-availability-fastBurn-critical',
    });
    // 28 days: 2 % of the budget in an hour is 13.44x.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop-jobs-availability-fastBurnLong-critical',
      Threshold: 13.44,
      Metrics: Match.arrayWith([
        Match.objectLike({
          Id: 'bad',
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'Errors', Namespace: 'AWS/Lambda' }),
          }),
        }),
        Match.objectLike({ Id: 'result', Expression: 'FILL(bad, 0) / valid / 0.005' }),
      ]),
    });
  });
});

describe('ServiceMonitoring props errors name the construct and the field', () => {
  const { stack, fn } = userStack();
  const topic = new sns.Topic(stack, 'T');
  const alerting = { topics: { critical: topic, warning: topic, info: topic } };
  const make = (id: string, props: Partial<ConstructorParameters<typeof ServiceMonitoring>[2]>) => () =>
    new ServiceMonitoring(stack, id, { app: 'shop', alerting, service: { name: 's' }, ...props });

  test.each([
    [
      'a token without a label',
      { service: { name: 's', lambda: [fn.functionName] } },
      /^Checkout\/A1: service\.lambda\[0\]: the AWS name is a deploy-time value \(a CDK token\): give this resource a `label` for alarm names$/,
    ],
    [
      'an unknown key',
      { service: { name: 's', lambda: [{ name: 'f', timeot: '3s' }] } as never },
      /^Checkout\/A2: service\.lambda\[0\]: unknown key "timeot"/,
    ],
    [
      'a bad duration',
      { budgets: { default: '1 s' } },
      /^Checkout\/A3: budgets\.default: "1 s" is not a duration/,
    ],
    ['a bad app name', { app: 'Shop' }, /^Checkout\/A4: app: "Shop" must match/],
    [
      'a budget above the default',
      { budgets: { operations: { f: '1s' } }, service: { name: 's', lambda: ['f'] } },
      /^Checkout\/A5: budgets\.operations\.f: budget 1s is above the default 200ms/,
    ],
  ])('%s', (_what, props, message) => {
    const id = `A${['a token without a label', 'an unknown key', 'a bad duration', 'a bad app name', 'a budget above the default'].indexOf(_what) + 1}`;
    expect(make(id, props as never)).toThrow(message);
  });
});
