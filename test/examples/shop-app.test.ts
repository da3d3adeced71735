/**
 * examples/app: a realistic CDK app watched with one line (`Telemetry.watch`) and two overrides, synthesized once
 * the way `cdk synth` does (cdk-nag AwsSolutions and CloudFormation validation: any finding fails the synth), and
 * compared with the same resources written as telemetry.yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { shopApp } from '../../examples/app/shop';
import { modelFromText } from '../../lib/config/load';
import { Alerting } from '../../lib/alerting/alerting';
import { planTelemetry } from '../../lib/model/plan';
import { testApp, type CfnTemplate } from '../helpers/synth';

const app = testApp();
const shop = shopApp(app);
const assembly = app.synth(); // throws on any unacknowledged cdk-nag finding or validation error
const result = shop.watch.result!;
const specs = result.stacks.plan.services.flatMap((s) => s.alarms);
const spec = (name: string) => {
  const found = specs.find((a) => a.name === name);
  if (!found) throw new Error(`no alarm ${name}`);
  return found;
};

describe('examples/app: the shop, watched in one line', () => {
  test('every resource is found once (an L2 and its L1 once; the DLQ as its queue`s child), grouped by stack', () => {
    const perService = result.model.services.map((s) => ({
      service: s.name,
      resources: s.resources.map((r) => `${r.kind}:${r.label}`),
    }));
    expect(perService).toEqual([
      { service: 'fulfilment', resources: ['lambda:Packer', 'sqs:Orders', 'sqsDlq:shop-orders-dlq'] },
      {
        service: 'storefront',
        resources: [
          'lambda:PlaceOrder',
          'lambda:GetOrder',
          'restApi:OrdersApi',
          'restApiRoute:OrdersApi-POST-orders',
          'restApiRoute:OrdersApi-GET-orders-id',
          'dynamodb:OrdersTable',
          'dynamodbIndex:OrdersTable-byCustomer',
          'sns:OrderEvents',
          'stepFunctions:Checkout',
        ],
      },
    ]);
  });

  test('alarms per kind', () => {
    const perKind: Record<string, number> = {};
    for (const a of specs) perKind[a.labels!.kind] = (perKind[a.labels!.kind] ?? 0) + 1;
    expect(perKind).toEqual({
      lambda: 21,
      sqs: 3,
      sqsDlq: 1,
      restApi: 3,
      restApiRoute: 4,
      dynamodb: 3,
      dynamodbIndex: 2,
      sns: 5,
      stepFunctions: 5,
    });
  });

  test('thresholds come from the constructs and the two overrides', () => {
    expect(spec('shop-storefront-PlaceOrder-duration-warning').threshold).toBe(9_000); // 90 % of the 10 s timeout
    expect(spec('shop-storefront-GetOrder-duration-warning').threshold).toBe(4_500); // 90 % of 5 s
    expect(spec('shop-fulfilment-Packer-concurrency-warning').threshold).toBe(18); // 90 % of reserved 20
    // Override 1: the operation and its budget; override 2: the queue's message age.
    expect(spec('shop-storefront-PlaceOrder-latencyBudget-warning').threshold).toBe(150);
    expect(spec('shop-storefront-PlaceOrder-latencyBudget-critical').threshold).toBe(225);
    expect(spec('shop-storefront-GetOrder-latencyBudget-warning').threshold).toBe(200);
    expect(spec('shop-fulfilment-Orders-messageAge-warning').threshold).toBe(600);
    // Stage metrics are on: each method has its budget.
    expect(spec('shop-storefront-OrdersApi-POST-orders-latencyBudget-warning').threshold).toBe(200);
    // The queue's dead-letter queue, watched as its child, by the name the construct gives.
    const dlq = spec('shop-fulfilment-shop-orders-dlq-deadLetters-warning').source;
    expect(dlq.type === 'metric' && dlq.metric.dimensions).toEqual({ QueueName: 'shop-orders-dlq' });
  });

  test('the telemetry stacks: core (topics), one monitoring stack per service; alarms route to the topics', () => {
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      'Fulfilment',
      'Storefront',
      'shop-telemetry-core',
      'shop-telemetry-fulfilment',
      'shop-telemetry-storefront',
    ]);
    const storefront = assembly.getStackByName('shop-telemetry-storefront').template as CfnTemplate;
    const alarms = Object.values(storefront.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(specs.filter((a) => a.labels!.service === 'storefront').length);
    expect(
      Object.values(storefront.Resources).filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm'),
    ).toHaveLength(1);
    expect(
      Object.values(storefront.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard'),
    ).toHaveLength(1);
    expect(storefront).toMatchSnapshot();
  });

  test('the same model and the same AlarmSpecs as the same resources in telemetry.yaml', () => {
    const yaml = modelFromText(readFileSync(join(__dirname, '../../examples/app/telemetry.yaml'), 'utf8'));
    const plan = planTelemetry(yaml, {
      topics: Alerting.topicNamesFor('shop-telemetry'),
      pageVia: yaml.alerting.pageVia,
    });
    // Resolved in one stack: tokens (the state machine's ARN) become the same intrinsic either way.
    const resolve = (v: unknown) => new Stack(new App(), 'Resolve').resolve(v);
    const strip = (m: typeof yaml) => ({
      ...m,
      services: m.services.map((s) => ({
        ...s,
        resources: s.resources.map(({ origin: _origin, ...r }) => r),
      })),
    });
    expect(resolve(strip(result.model))).toEqual(resolve(strip(yaml)));
    expect(resolve(result.stacks.plan.services)).toEqual(resolve(plan.services));
    expect(resolve(result.stacks.plan.account)).toEqual(resolve(plan.account));
  });
});
