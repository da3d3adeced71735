/**
 * Telemetry.watch and Telemetry.of on small apps (no cdk-nag, no validation: the example app test synthesizes with
 * both): what is found, deduplicated, excluded, grouped and placed, overrides and their errors, Aspect ordering.
 */
import { Annotations as AssertAnnotations, Match, Template } from 'aws-cdk-lib/assertions';
import { App, Aspects, Duration, NestedStack, Stack, Stage, Tags, type IAspect } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';
import { ServiceMonitoring } from '../../lib/alarms/service-monitoring';
import { AlertTopicsByName } from '../../lib/stacks/alert-topics';
import { TelemetryMonitoringStack } from '../../lib/stacks/monitoring-stack';
import { Telemetry, type WatchOptions } from '../../lib/watch/telemetry';

const STABLE = { '@aws-cdk/core:aspectStabilization': true };
const code = lambda.Code.fromInline('exports.handler = async () => 1;');

function userApp(context: Record<string, unknown> = STABLE) {
  const app = new App({ context });
  const stack = new Stack(app, 'Orders');
  const fn = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code,
    timeout: Duration.seconds(20),
  });
  const dlq = new sqs.Queue(stack, 'Dlq');
  const queue = new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
  const legacy = new lambda.CfnFunction(stack, 'Legacy', {
    code: { zipFile: 'exports.handler = async () => 1;' },
    role: 'arn:aws:iam::111122223333:role/legacy',
    runtime: 'nodejs24.x',
    handler: 'index.handler',
  });
  return { app, stack, fn, dlq, queue, legacy };
}

const watchOf = (scope: IConstruct, options: Partial<WatchOptions> = {}) =>
  Telemetry.watch(scope, { app: 'shop', ...options });

const resources = (w: ReturnType<typeof watchOf>) =>
  w.result!.model.services.map(
    (s) => `${s.name}: ${s.resources.map((r) => `${r.kind}/${r.label}`).join(' ')}`,
  );

describe('Telemetry.watch: one line for a whole app', () => {
  test('finds L2 and L1 resources once, the DLQ as its queue`s child, and plans at synth', () => {
    const u = userApp();
    const w = watchOf(u.app);
    expect(w.result).toBeUndefined(); // nothing before synth
    u.app.synth();
    expect(resources(w)).toEqual(['orders: lambda/Handler lambda/Legacy sqs/Jobs sqsDlq/Jobs-dlq']);
    expect(w.result!.stacks.monitoring.map((s) => s.stackName)).toEqual(['shop-telemetry-orders']);
  });

  test('Telemetry.of: exclude (kept as info), an override, an operation with its budget; the L1 speaks for its L2', () => {
    const u = userApp();
    Telemetry.of(u.legacy).exclude('a batch job with its own monitoring');
    Telemetry.of(u.fn.node.defaultChild!).alarm('errors', { threshold: 3, severity: 'critical' });
    Telemetry.of(u.fn).operation('take-order', '120ms');
    const w = watchOf(u.app);
    u.app.synth();
    expect(resources(w)).toEqual(['orders: lambda/Handler sqs/Jobs sqsDlq/Jobs-dlq']);
    const alarms = w.result!.stacks.plan.services[0].alarms;
    const byName = (n: string) => alarms.find((a) => a.name === n);
    expect(byName('shop-orders-Handler-errors-critical')?.threshold).toBe(3);
    expect(byName('shop-orders-Handler-latencyBudget-warning')?.threshold).toBe(120);
    expect(byName('shop-orders-Handler-duration-warning')?.threshold).toBe(18_000);
    AssertAnnotations.fromStack(u.stack).hasInfo(
      '/Orders/Legacy',
      Match.stringLikeRegexp('not monitored: a batch job'),
    );
  });

  test('an override the kind does not have fails the synth with the construct path', () => {
    const u = userApp();
    Telemetry.of(u.queue).alarm('errors', { threshold: 1 });
    watchOf(u.app);
    expect(() => u.app.synth()).toThrow(/^Orders\/Jobs: Telemetry\.watch: alarms(\.errors)?: .*errors/);
  });

  test('a value out of range names the construct and the allowed range', () => {
    const u = userApp();
    Telemetry.of(u.fn).alarm('duration', { period: '7s' });
    watchOf(u.app);
    expect(() => u.app.synth()).toThrow(
      /^Orders\/Handler: Telemetry\.watch: alarms\.duration\.period: .*10s/,
    );
  });

  test('groups by a tag, and Telemetry.of(c).service() wins; an untagged resource is left out with a warning', () => {
    const u = userApp();
    Tags.of(u.fn).add('team', 'Checkout Team');
    Tags.of(u.queue).add('team', 'jobs');
    Telemetry.of(u.legacy).service('legacy');
    const w = watchOf(u.app, { groupBy: { tag: 'team' } });
    u.app.synth();
    expect(resources(w)).toEqual([
      'checkout-team: lambda/Handler',
      'jobs: sqs/Jobs sqsDlq/Jobs-dlq',
      'legacy: lambda/Legacy',
    ]);
  });

  test('placement resourceStack: alarms in a nested stack of the resource`s stack, topics in the core stack', () => {
    const u = userApp();
    const w = watchOf(u.app, { placement: 'resourceStack' });
    const assembly = u.app.synth();
    expect(w.result!.stacks.monitoring).toHaveLength(0);
    expect(w.result!.stacks.nested.map((n) => n.node.path)).toEqual(['Orders/Telemetry']);
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Orders', 'shop-telemetry-core']);
    const nested = Template.fromStack(w.result!.stacks.nested[0]);
    nested.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    expect(Object.keys(nested.findResources('AWS::CloudWatch::Alarm')).length).toBeGreaterThan(5);
    Template.fromStack(u.stack).resourceCountIs('AWS::CloudFormation::Stack', 1);
  });

  test('placement resourceStack splits at the same limits (more nested stacks, not a failure)', () => {
    const u = userApp();
    for (let i = 0; i < 12; i++)
      new lambda.Function(u.stack, `Fn${i}`, { runtime: lambda.Runtime.NODEJS_24_X, handler: 'i.h', code });
    const w = watchOf(u.app, { placement: 'resourceStack', capacity: { maxResources: 40 } });
    u.app.synth();
    expect(w.result!.stacks.nested.length).toBeGreaterThan(2);
    for (const n of w.result!.stacks.nested) {
      const count = Object.keys(Template.fromStack(n).toJSON().Resources).length;
      expect(count).toBeLessThanOrEqual(40);
    }
  });

  test('resources made by another Aspect (any priority) are watched; one added after the plan is warned about', () => {
    const u = userApp();
    class AddsTopic implements IAspect {
      visit(node: IConstruct) {
        if (node === u.fn && !u.stack.node.tryFindChild('AddedByAspect'))
          new sns.Topic(u.stack, 'AddedByAspect');
      }
    }
    let late: sqs.Queue | undefined;
    class AddsLate implements IAspect {
      visit(node: IConstruct) {
        if (node instanceof TelemetryMonitoringStack && !late) late = new sqs.Queue(u.stack, 'AddedLate');
      }
    }
    Aspects.of(u.app).add(new AddsTopic(), { priority: 900 });
    Aspects.of(u.app).add(new AddsLate());
    const w = watchOf(u.app);
    u.app.synth();
    expect(resources(w)[0]).toContain('sns/AddedByAspect');
    expect(resources(w)[0]).not.toContain('AddedLate');
    AssertAnnotations.fromStack(u.stack).hasWarning(
      '/Orders/AddedLate',
      Match.stringLikeRegexp('added after Telemetry.watch planned'),
    );
  });

  test('without aspect stabilization the plan is made all the same', () => {
    const u = userApp({ '@aws-cdk/core:aspectStabilization': false });
    const w = watchOf(u.app);
    u.app.synth();
    expect(resources(w)).toEqual(['orders: lambda/Handler lambda/Legacy sqs/Jobs sqsDlq/Jobs-dlq']);
  });

  test('a Stage is watched on its own: watching the app warns about it', () => {
    const app = new App({ context: STABLE });
    const stage = new Stage(app, 'Prod');
    const stack = new Stack(stage, 'Api');
    new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'i.h', code });
    new lambda.Function(new Stack(app, 'Tools'), 'Cron', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'i.h',
      code,
    });
    const inStage = watchOf(stage);
    const inApp = watchOf(app);
    const assembly = app.synth();
    expect(resources(inStage)).toEqual(['api: lambda/Fn']);
    expect(resources(inApp)).toEqual(['tools: lambda/Cron']);
    expect(
      assembly
        .getNestedAssembly('assembly-Prod')
        .stacks.map((s) => s.stackName)
        .sort(),
    ).toEqual(['Prod-Api', 'shop-prod-telemetry-api', 'shop-prod-telemetry-core']);
    expect(
      app.node
        .findAll()
        .some(
          (c) => c === stage && c.node.metadata.some((m) => /Telemetry\.watch\(stage/.test(String(m.data))),
        ),
    ).toBe(true);
  });

  test('a nested stack is searched with its parent (its resources grouped by the nested stack)', () => {
    const app = new App({ context: STABLE });
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Inner');
    new sqs.Queue(nested, 'Work');
    const w = watchOf(parent);
    app.synth();
    expect(resources(w)).toEqual(['inner: sqs/Work']);
  });

  test('REST API method budgets on a stage without detailed metrics: a warning by default, or switched on', () => {
    const make = (apiMethodMetrics?: 'enable') => {
      const app = new App({ context: STABLE });
      const stack = new Stack(app, 'Web');
      const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
      api.root.addResource('orders').addMethod('POST', new apigw.MockIntegration());
      const w = watchOf(app, { budgets: { operations: { 'POST /orders': '180ms' } }, apiMethodMetrics });
      return { app, stack, api, w };
    };
    const quiet = make();
    expect(() => quiet.app.synth()).toThrow(/no Lambda function or API route has operation "POST \/orders"/);
    const m = quiet.api.node.metadata.concat(quiet.api.deploymentStage.node.metadata);
    expect(m.some((e) => /detailed metrics, which are off/.test(String(e.data)))).toBe(true);

    const on = make('enable');
    on.app.synth();
    Template.fromStack(on.stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', MetricsEnabled: true }],
    });
    const budget = on.w.result!.stacks.plan.services[0].alarms.find(
      (a) => a.name === 'shop-web-Api-POST-orders-latencyBudget-warning',
    );
    expect(budget?.threshold).toBe(180);
  });

  test('the app name is checked at once, with the scope`s path', () => {
    const u = userApp();
    expect(() => Telemetry.watch(u.stack, { app: 'Shop' })).toThrow(
      /^Orders: Telemetry\.watch: app "Shop" must match/,
    );
  });
});

describe('ServiceMonitoring takes constructs', () => {
  test('constructs and names side by side; what the construct knows is read', () => {
    const u = userApp();
    const topic = new sns.Topic(u.stack, 'Alerts');
    Telemetry.of(u.queue).alarm('backlog', { threshold: 50 });
    const m = new ServiceMonitoring(u.stack, 'Monitoring', {
      app: 'shop',
      alerting: { topics: { critical: topic, warning: topic, info: topic } },
      service: { name: 'orders', lambda: [u.fn, 'billing-export'], sqs: [u.queue] },
    });
    const byName = (n: string) => m.alarmSpecs.find((a) => a.name === n);
    expect(byName('shop-orders-Handler-duration-warning')?.threshold).toBe(18_000);
    expect(byName('shop-orders-billing-export-errors-warning')).toBeDefined();
    expect(byName('shop-orders-Jobs-backlog-warning')?.threshold).toBe(50);
  });

  test('a construct under the wrong kind, or of no kind, is an error naming the construct and the field', () => {
    const u = userApp();
    const topic = new sns.Topic(u.stack, 'Alerts');
    const alerting = { topics: { critical: topic, warning: topic, info: topic } };
    expect(
      () =>
        new ServiceMonitoring(u.stack, 'M1', { app: 'shop', alerting, service: { name: 'o', sqs: [u.fn] } }),
    ).toThrow('Orders/M1: service.sqs[0]: Orders/Handler is a lambda resource: list it under service.lambda');
    expect(
      () =>
        new ServiceMonitoring(u.stack, 'M2', {
          app: 'shop',
          alerting,
          service: { name: 'o', sqs: [u.fn.role!] },
        }),
    ).toThrow(
      /^Orders\/M2: service\.sqs\[0\]: Orders\/Handler\/ServiceRole is not a resource cdk-telemetry monitors/,
    );
  });
});

describe('AlertTopicsByName takes props', () => {
  test('{ topicNamePrefix } (the string form still works) and a bad prefix names the construct', () => {
    const stack = new Stack(new App(), 'S');
    const byProps = new AlertTopicsByName(stack, 'A', { topicNamePrefix: 'shop-telemetry' });
    const byString = new AlertTopicsByName(stack, 'B', 'shop-telemetry');
    expect(stack.resolve(byProps.topic('critical').topicArn)).toEqual(
      stack.resolve(byString.topic('critical').topicArn),
    );
    expect(() => new AlertTopicsByName(stack, 'C', { topicNamePrefix: 'a b' })).toThrow(
      /^S\/C: topicNamePrefix: "a b" must be/,
    );
  });
});
