/**
 * `ServiceMonitoring` inside a CDK `Stage` (and a nested stack of one): beta and prod of one app in one account must
 * not clash, so the stage's name follows the app in alarm and dashboard names, as with `Telemetry.watch`; topics given
 * by ARN are the alarms' actions as given, and an `Alerting` of the parent stack reaches a nested stack as parameters.
 */
import { NestedStack, Stack, Stage, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { Alerting } from '../../lib/alerting/alerting';
import { ServiceMonitoring, type ServiceMonitoringProps } from '../../lib/alarms/service-monitoring';
import type { Severity } from '../../lib/model/alarm-spec';
import { testApp } from '../helpers/synth';
import { userFunction } from '../helpers/user-function';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const topicArn = (name: string) => `arn:aws:sns:${ENV.region}:${ENV.account}:${name}`;

function fn(scope: Construct) {
  return userFunction(scope, 'Pay', { functionName: 'pay' });
}

/** Topics of one stage, imported by ARN (as a platform team's topics are). */
function importedTopics(scope: Construct, prefix: string): Record<Severity, sns.ITopic> {
  return Object.fromEntries(
    (['critical', 'warning', 'info'] as const).map((s) => [
      s,
      sns.Topic.fromTopicArn(scope, `Topic-${s}`, topicArn(`${prefix}-${s}`)),
    ]),
  ) as Record<Severity, sns.ITopic>;
}

/** A stage with one user stack holding a function and its monitoring. */
function stageWithMonitoring(
  app: App,
  stageName: string,
  extra: Partial<ServiceMonitoringProps> = {},
): { stack: Stack; monitoring: ServiceMonitoring } {
  const stage = new Stage(app, stageName, { env: ENV });
  const stack = new Stack(stage, 'Checkout');
  const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
    app: 'shop',
    alerting: { topics: importedTopics(stack, `shop-${stageName.toLowerCase()}`) },
    service: { name: 'checkout', lambda: [fn(stack)] },
    ...extra,
  });
  return { stack, monitoring };
}

const alarmNames = (t: Template) =>
  [
    ...Object.values(t.findResources('AWS::CloudWatch::Alarm')),
    ...Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm')),
  ].map((r) => r.Properties.AlarmName as string);
const dashboardNames = (t: Template) =>
  Object.values(t.findResources('AWS::CloudWatch::Dashboard')).map(
    (r) => r.Properties.DashboardName as string,
  );

describe('ServiceMonitoring in Stages: beta and prod in one account', () => {
  const app = testApp();
  const beta = stageWithMonitoring(app, 'Beta');
  const prod = stageWithMonitoring(app, 'Prod');
  const kept = stageWithMonitoring(app, 'Solo', { stageInNames: false });
  app.synth();
  const [tBeta, tProd, tKept] = [beta, prod, kept].map((s) => Template.fromStack(s.stack));

  test('alarm and dashboard names carry the stage, so the two stages share none', () => {
    const b = alarmNames(tBeta);
    const p = alarmNames(tProd);
    expect(b.length).toBeGreaterThan(3);
    expect(b.every((n) => n.startsWith('shop-beta-checkout-'))).toBe(true);
    expect(p.every((n) => n.startsWith('shop-prod-checkout-'))).toBe(true);
    expect(b.filter((n) => p.includes(n))).toEqual([]);
    expect(dashboardNames(tBeta)).toEqual(['shop-beta-checkout']);
    expect(dashboardNames(tProd)).toEqual(['shop-prod-checkout']);
    expect(beta.monitoring.alarmSpecs.every((a) => a.labels?.app === 'shop-beta')).toBe(true);
  });

  test('stageInNames: false keeps the app name alone', () => {
    expect(alarmNames(tKept).every((n) => n.startsWith('shop-checkout-'))).toBe(true);
    expect(dashboardNames(tKept)).toEqual(['shop-checkout']);
  });

  test("topics given by ARN are the alarms' actions as given, the stage's own", () => {
    const composite = Object.values(tBeta.findResources('AWS::CloudWatch::CompositeAlarm'))[0];
    expect(composite.Properties.AlarmActions).toEqual([topicArn('shop-beta-critical')]);
    const actions = Object.values(tProd.findResources('AWS::CloudWatch::Alarm')).flatMap(
      (r) => (r.Properties.AlarmActions ?? []) as string[],
    );
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith(topicArn('shop-prod-')))).toBe(true);
  });

  test("the dashboard's alarm widgets point at the stage's alarms in the deploy account and Region", () => {
    const dashboard = Object.values(tBeta.findResources('AWS::CloudWatch::Dashboard'))[0];
    const [body] = dashboard.Properties.DashboardBody['Fn::Sub'] as [string, unknown];
    expect(body).toContain('${A}shop-beta-checkout-');
    expect(body).not.toContain('shop-prod-');
  });
});

describe('ServiceMonitoring in a nested stack of a Stage, with the Alerting in the parent stack', () => {
  const app = testApp();
  const stage = new Stage(app, 'Beta', { env: ENV });
  const parent = new Stack(stage, 'Checkout');
  const alerting = new Alerting(parent, 'Alerting', { topicNamePrefix: 'shop-beta-alerts' });
  const nested = new NestedStack(parent, 'Monitoring');
  const monitoring = new ServiceMonitoring(nested, 'Service', {
    app: 'shop',
    alerting,
    service: { name: 'checkout', lambda: [fn(parent)] },
  });
  app.synth();
  const t = Template.fromStack(nested);

  test('names carry the stage of the enclosing Stage', () => {
    expect(alarmNames(t).every((n) => n.startsWith('shop-beta-checkout-'))).toBe(true);
    expect(dashboardNames(t)).toEqual(['shop-beta-checkout']);
    expect(monitoring.compositeSpecs.map((c) => c.name)).toEqual([
      expect.stringMatching(/^shop-beta-checkout-/),
    ]);
  });

  test("the alerting's topics reach the nested stack as parameters, their ARNs passed by the parent", () => {
    const composite = Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))[0];
    const [action] = composite.Properties.AlarmActions as Array<{ Ref: string }>;
    expect(Object.keys(t.toJSON().Parameters ?? {})).toContain(action.Ref);
    const parentTemplate = Template.fromStack(parent);
    const passed = Object.values(parentTemplate.findResources('AWS::CloudFormation::Stack'))[0].Properties
      .Parameters as Record<string, unknown>;
    expect(passed[action.Ref]).toEqual({ Ref: expect.stringMatching(/^Alertingcritical/) });
  });
});

test('a stage whose name makes the app name too long fails with the construct path, the field and a way out', () => {
  const app = testApp();
  expect(() => stageWithMonitoring(app, 'PreProductionEuropeWest')).toThrow(
    /PreProductionEuropeWest\/Checkout\/Monitoring: app: "shop" in stage "preproductioneuropewest" makes "shop-preproductioneuropewest", which must match .*stageInNames: false/,
  );
});
