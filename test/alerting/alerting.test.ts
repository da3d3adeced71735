import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Alerting } from '../../lib/alerting/alerting';
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

  test('the key rotates and lets only CloudWatch alarms of this account publish (no EventBridge by default)', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
    const statements = key.Properties.KeyPolicy.Statement as Array<{
      Principal?: { Service?: string };
      Condition?: unknown;
    }>;
    const services = statements.map((s) => s.Principal?.Service).filter(Boolean);
    expect(services).toEqual(['cloudwatch.amazonaws.com']);
    expect(JSON.stringify(statements[1].Condition)).toContain(':alarm:*');
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
  });
});
