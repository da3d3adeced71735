/**
 * Telemetry in CDK Stages: beta and prod of one app, each watched, deploy stacks, topics, alarms and dashboards of
 * their own (names derive from the stage), so they never clash in one account and Region.
 */
import { App, Stack, Stage } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { modelFromText } from '../../lib/config/load';
import { addTelemetryStacks, STAGE_NAMES_WARNING } from '../../lib/stacks/telemetry-app';
import { appNameInStage, stageNamePart } from '../../lib/stacks/stage-names';
import { Telemetry, type WatchOptions } from '../../lib/watch/telemetry';

const STABLE = { '@aws-cdk/core:aspectStabilization': true };
const code = lambda.Code.fromInline('exports.handler = async () => 1;');

/** The same service in a stage: one function and one queue. */
class ShopStage extends Stage {
  constructor(scope: App, id: string) {
    super(scope, id);
    const stack = new Stack(this, 'Orders');
    new lambda.Function(stack, 'Handler', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'i.h', code });
    new sqs.Queue(stack, 'Jobs');
  }
}

/** Physical names in a stage's assembly: stack names, and the names of alarms, topics and dashboards. */
function namesOf(assembly: CloudAssembly) {
  const stacks = assembly.stacks.map((s) => s.stackName);
  const named = (type: string, prop: string) =>
    assembly.stacks.flatMap((s) =>
      Object.values(
        s.template.Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>,
      )
        .filter((r) => r.Type === type)
        .map((r) => r.Properties?.[prop])
        .filter((n): n is string => typeof n === 'string'),
    );
  return {
    stacks,
    alarms: [
      ...named('AWS::CloudWatch::Alarm', 'AlarmName'),
      ...named('AWS::CloudWatch::CompositeAlarm', 'AlarmName'),
    ],
    topics: named('AWS::SNS::Topic', 'TopicName'),
    dashboards: named('AWS::CloudWatch::Dashboard', 'DashboardName'),
  };
}

function twoStages(options: Partial<WatchOptions> = {}) {
  const app = new App({ context: STABLE });
  const beta = new ShopStage(app, 'Beta');
  const prod = new ShopStage(app, 'Prod');
  Telemetry.watch(beta, { app: 'shop', ...options });
  Telemetry.watch(prod, { app: 'shop', ...options });
  const assembly = app.synth();
  return {
    app,
    beta: namesOf(assembly.getNestedAssembly('assembly-Beta')),
    prod: namesOf(assembly.getNestedAssembly('assembly-Prod')),
  };
}

const overlap = (a: readonly string[], b: readonly string[]) => a.filter((n) => b.includes(n));

describe('Telemetry in Stages', () => {
  test('beta and prod of one app: every stack, alarm, topic and dashboard name derives from the stage', () => {
    const { beta, prod } = twoStages();
    expect(beta.stacks.sort()).toEqual([
      'Beta-Orders',
      'shop-beta-telemetry-core',
      'shop-beta-telemetry-orders',
    ]);
    expect(prod.stacks.sort()).toEqual([
      'Prod-Orders',
      'shop-prod-telemetry-core',
      'shop-prod-telemetry-orders',
    ]);
    for (const s of [beta, prod]) {
      expect(s.alarms.length).toBeGreaterThan(5);
      expect(s.topics.length).toBeGreaterThan(0);
      expect(s.dashboards.length).toBeGreaterThan(0);
    }
    expect(beta.alarms.every((n) => n.startsWith('shop-beta-'))).toBe(true);
    expect(prod.alarms.every((n) => n.startsWith('shop-prod-'))).toBe(true);
    // Nothing clashes when both stages deploy to one account and Region.
    for (const kind of ['stacks', 'alarms', 'topics', 'dashboards'] as const)
      expect(overlap(beta[kind], prod[kind])).toEqual([]);
    // The same alarms otherwise: one name for one name, the stage swapped.
    expect(beta.alarms.map((n) => n.replace(/^shop-beta-/, '')).sort()).toEqual(
      prod.alarms.map((n) => n.replace(/^shop-prod-/, '')).sort(),
    );
  });

  test('stageInNames: false keeps the app name in every stage (stages in accounts of their own)', () => {
    const { app, beta, prod } = twoStages({ stageInNames: false });
    expect(beta.stacks).toContain('shop-telemetry-core');
    expect(prod.stacks).toContain('shop-telemetry-core');
    expect(overlap(beta.alarms, prod.alarms).length).toBe(beta.alarms.length);
    // Deliberate: the stage-name warning is acknowledged, not printed.
    const warnings = app.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => String(m.data).includes(STAGE_NAMES_WARNING));
    expect(warnings).toEqual([]);
  });

  test('a name too long with its stage fails at once, naming the stage', () => {
    const app = new App({ context: STABLE });
    const stage = new ShopStage(app, 'Production-Europe-West');
    expect(() => Telemetry.watch(stage, { app: 'storefront' })).toThrow(
      /Production-Europe-West: Telemetry\.watch: app "storefront" in stage "production-europe-west" makes the name "storefront-production-europe-west", which must match .*stageInNames: false/,
    );
    expect(() => Telemetry.watch(stage, { app: 'storefront', stageInNames: false })).not.toThrow();
  });

  test('stage names: nested stages joined, lower case, characters CDK allows in ids made name-safe', () => {
    const app = new App();
    const outer = new Stage(app, 'EU_West.1');
    const inner = new Stage(outer, 'Beta');
    expect(stageNamePart(app)).toBe('');
    expect(stageNamePart(inner)).toBe('eu-west-1-beta');
    expect(stageNamePart(new Stack(inner, 'S', { stackName: 's' }))).toBe('eu-west-1-beta');
    expect(appNameInStage(app, 'shop')).toBe('shop');
    expect(appNameInStage(inner, 'shop')).toBe('shop-eu-west-1-beta');
    expect(appNameInStage(inner, 'storefront-orders')).toBeUndefined();
  });

  test('the config-driven stacks in a Stage warn when the model`s app name does not carry the stage', () => {
    const yaml = (app: string) => `app: ${app}\nservices:\n  - name: orders\n    sqs: [jobs]\n`;
    const app = new App({ context: STABLE });
    const beta = new Stage(app, 'Beta');
    const prod = new Stage(app, 'Prod');
    addTelemetryStacks(beta, modelFromText(yaml('shop')));
    addTelemetryStacks(prod, modelFromText(yaml(appNameInStage(prod, 'shop')!)));
    const warned = (s: Stage) =>
      s.node.metadata.filter((m) => String(m.data).includes(STAGE_NAMES_WARNING)).map((m) => String(m.data));
    expect(warned(beta)).toEqual([
      expect.stringMatching(/stage "beta" is named by app "shop".*set app: shop-beta/),
    ]);
    expect(warned(prod)).toEqual([]);
  });
});
