import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Alerting, HTTPS_DELIVERY_POLICY } from '../../lib/alerting/alerting';
import { MAX_SUBSCRIPTION_RESOURCES } from '../../lib/model/stack-capacity';
import { testApp } from '../helpers/synth';

function build(props: Partial<ConstructorParameters<typeof Alerting>[2]> = {}) {
  const app = testApp();
  const stack = new Stack(app, 'Alerts');
  const alerting = new Alerting(stack, 'Alerting', {
    topicNamePrefix: 'shop-alerts',
    channels: {
      critical: {
        email: ['oncall@shop.example'],
        https: ['https://events.pagerduty.com/integration/abc/enqueue'],
        slack: [{ workspace: 'T0AAAAAAA', channel: 'C0INCIDENT' }],
      },
      warning: { slack: [{ workspace: 'T0AAAAAAA', channel: 'C0INCIDENT' }] },
    },
    ...props,
  });
  app.synth(); // cdk-nag and the CloudFormation validator run here
  return { alerting, template: Template.fromStack(stack) };
}

describe('Alerting', () => {
  const { alerting, template } = build();

  test('snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('one topic per severity with fixed names, encrypted, SSL only', () => {
    expect(alerting.topicNames).toEqual({
      critical: 'shop-alerts-critical',
      warning: 'shop-alerts-warning',
      info: 'shop-alerts-info',
    });
    template.resourceCountIs('AWS::SNS::Topic', 3);
    for (const s of ['critical', 'warning', 'info']) {
      template.hasResourceProperties('AWS::SNS::Topic', {
        TopicName: `shop-alerts-${s}`,
        KmsMasterKeyId: Match.anyValue(),
      });
    }
    template.allResourcesProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('the key rotates and lets only CloudWatch alarms of this account publish, and SNS keep undelivered alerts (no EventBridge by default)', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
    const statements = key.Properties.KeyPolicy.Statement as Array<{
      Principal?: { Service?: string };
      Condition?: unknown;
    }>;
    const services = statements.map((s) => s.Principal?.Service).filter(Boolean);
    expect(services).toEqual(['cloudwatch.amazonaws.com', 'sns.amazonaws.com']);
    expect(JSON.stringify(statements[1].Condition)).toContain(':alarm:*');
    expect(statements[2]).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
  });

  test('subscriptions: email and HTTPS on critical; one Chatbot configuration per Slack channel, all its severities', () => {
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 1);
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'https' }, 1);
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'shop-alerts-C0INCIDENT',
      SnsTopicArns: [
        { Ref: Match.stringLikeRegexp('^Alertingcritical') },
        { Ref: Match.stringLikeRegexp('^Alertingwarning') },
      ],
      GuardrailPolicies: [
        Match.objectLike({
          'Fn::Join': Match.arrayWith([Match.arrayWith([':iam::aws:policy/CloudWatchReadOnlyAccess'])]),
        }),
      ],
    });
  });

  test('allowEventBridge adds events.amazonaws.com to the key policy without source conditions (EventBridge sends none)', () => {
    const { template: t } = build({ allowEventBridge: true, alarmNamePattern: 'shop-*' });
    const key = Object.values(t.findResources('AWS::KMS::Key'))[0];
    const events = (
      key.Properties.KeyPolicy.Statement as Array<{ Principal?: { Service?: string }; Condition?: unknown }>
    ).find((s) => s.Principal?.Service === 'events.amazonaws.com');
    expect(events).toBeDefined();
    expect(events!.Condition).toBeUndefined();
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain(':alarm:shop-*');
    // ...and lets those rules (default: any of this account and Region) keep undelivered events in the queue.
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': Match.objectLike({}) },
            },
          }),
        ]),
      },
    });
  });

  test('an alert that cannot be delivered is kept: email and HTTPS subscriptions redrive to an encrypted, retained queue', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.values(queues)).toHaveLength(1);
    const [queueId, queue] = Object.entries(queues)[0];
    expect(queue).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(queue.Properties.MessageRetentionPeriod).toBe(1_209_600); // 14 days, the SQS maximum
    const topicsKey = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [topicsKey, 'Arn'] });
    expect(alerting.deadLetterQueue).toBe(alerting.undelivered!.queue);
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'));
    expect(subscriptions).toHaveLength(2);
    for (const sub of subscriptions) {
      expect(sub.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      });
    }
    // SNS may send from the topic of the subscriptions only; the queue refuses anything without TLS.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: {
              ArnEquals: { 'aws:SourceArn': { Ref: Match.stringLikeRegexp('^Alertingcritical') } },
            },
          }),
        ]),
      },
    });
  });

  test('the pager (HTTPS) is retried for minutes before its alert is kept, within the 3,600 s SNS allows', () => {
    const https = Object.values(template.findResources('AWS::SNS::Subscription')).find(
      (s) => s.Properties.Protocol === 'https',
    )!;
    const p = https.Properties.DeliveryPolicy.healthyRetryPolicy;
    expect(p).toMatchObject({
      numRetries: 15,
      minDelayTarget: 5,
      maxDelayTarget: 60,
      backoffFunction: 'EXPONENTIAL',
    });
    // An upper bound of the retry time: every backoff retry at the longest delay.
    const backoff = p.numRetries - p.numNoDelayRetries - p.numMinDelayRetries - p.numMaxDelayRetries;
    const most =
      p.numMinDelayRetries * p.minDelayTarget + (backoff + p.numMaxDelayRetries) * p.maxDelayTarget;
    expect(most).toBeLessThanOrEqual(3600);
    expect(most).toBeGreaterThanOrEqual(300); // SNS's default gives up after a minute
    expect(HTTPS_DELIVERY_POLICY.healthyRetryPolicy?.numRetries).toBe(p.numRetries);
  });

  test('a message in the queue pages: critical alarm on the first message, to the critical topic in ALARM and OK', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop-alerts-account-undelivered-deadLetters-critical',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertingUndelivered'), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching', // an idle queue stops reporting
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alertingcritical') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^Alertingcritical') }],
    });
  });

  test('deadLetterQueue: false keeps none (and SNS gets no use of the key)', () => {
    const { alerting: a, template: t } = build({ deadLetterQueue: false });
    t.resourceCountIs('AWS::SQS::Queue', 0);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    for (const sub of Object.values(t.findResources('AWS::SNS::Subscription')))
      expect(sub.Properties.RedrivePolicy).toBeUndefined();
    expect(JSON.stringify(t.findResources('AWS::KMS::Key'))).not.toContain('sns.amazonaws.com');
    expect(a.deadLetterQueue).toBeUndefined();
  });

  test('bad props name the construct and the field', () => {
    const stack = new Stack(testApp(), 'S');
    expect(() => new Alerting(stack, 'A', { topicNamePrefix: 'has space' })).toThrow(
      'S/A: topicNamePrefix "has space" must be 1-247 letters, digits, "-" or "_"',
    );
    expect(
      () =>
        new Alerting(stack, 'B', {
          topicNamePrefix: 'ok',
          channels: { critical: { https: ['http://insecure.example'] } },
        }),
    ).toThrow('S/B: channels.critical.https "http://insecure.example" must start with https://');
    expect(
      () =>
        new Alerting(stack, 'C', {
          topicNamePrefix: 'ok',
          alarmNamePattern: 'shop-*',
          deadLetterQueue: { app: 'other' },
        }),
    ).toThrow(
      'S/C: deadLetterQueue.app: the alarm other-account-undelivered-deadLetters-critical would not match alarmNamePattern "shop-*", so it could not publish; set app to match',
    );
    const many = Array.from({ length: MAX_SUBSCRIPTION_RESOURCES + 1 }, (_, i) => `p${i}@shop.example`);
    expect(
      () => new Alerting(stack, 'D', { topicNamePrefix: 'ok', channels: { warning: { email: many } } }),
    ).toThrow(
      /^S\/D: channels: 401 resources of subscriptions .* CloudFormation allows 500 resources per stack, of which subscriptions may take 400;/,
    );
  });
});
