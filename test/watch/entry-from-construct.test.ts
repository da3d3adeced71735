import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ServiceMonitoring } from '../../lib/alarms/service-monitoring';
import { KIND_LIST } from '../../lib/model/kinds';
import { entryFromConstruct } from '../../lib/watch/entry-from-construct';

/** A user's stack with one resource of every kind, as a new user would write it. */
function userStack() {
  const app = new App();
  const stack = new Stack(app, 'Shop');
  const code = lambda.Code.fromInline('exports.handler = async () => ({ ok: true });');
  const fn = new lambda.Function(stack, 'Pay', {
    runtime: lambda.Runtime.NODEJS_LATEST,
    handler: 'index.handler',
    code,
    timeout: Duration.seconds(30),
    reservedConcurrentExecutions: 50,
  });
  const plain = new lambda.Function(stack, 'Plain', {
    runtime: lambda.Runtime.NODEJS_LATEST,
    handler: 'i.h',
    code,
  });
  const l1 = new lambda.CfnFunction(stack, 'Legacy', {
    code: { zipFile: 'exports.handler = async () => 1;' },
    role: 'arn:aws:iam::111122223333:role/legacy',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    timeout: 120,
  });
  const api = new apigw.RestApi(stack, 'Api', { deployOptions: { stageName: 'live', metricsEnabled: true } });
  api.root.addResource('orders').addMethod('POST', new apigw.MockIntegration());
  api.root.addMethod('GET', new apigw.MockIntegration());
  const quiet = new apigw.RestApi(stack, 'Quiet', { restApiName: 'quiet-api' });
  quiet.root.addMethod('GET', new apigw.MockIntegration());
  const http = new apigwv2.HttpApi(stack, 'Http');
  const table = new dynamodb.Table(stack, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  table.addGlobalSecondaryIndex({
    indexName: 'byCustomer',
    partitionKey: { name: 'customer', type: dynamodb.AttributeType.STRING },
  });
  const provisioned = new dynamodb.CfnTable(stack, 'Ledger', {
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    provisionedThroughput: { readCapacityUnits: 5, writeCapacityUnits: 5 },
  });
  const dlq = new sqs.Queue(stack, 'OrdersDlq');
  const queue = new sqs.Queue(stack, 'OrderQueue', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
  const fifo = new sqs.Queue(stack, 'Ledgered', { fifo: true });
  const topic = new sns.Topic(stack, 'Events');
  const flow = new sfn.StateMachine(stack, 'Checkout', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Done')),
    stateMachineType: sfn.StateMachineType.EXPRESS,
  });
  return { app, stack, fn, plain, l1, api, quiet, http, table, provisioned, dlq, queue, fifo, topic, flow };
}

describe('entryFromConstruct: the telemetry.yaml entry of a construct, from its kind file', () => {
  const s = userStack();
  const resolve = (v: unknown) => s.stack.resolve(v);

  test('every kind has a hook that recognizes its CloudFormation types', () => {
    for (const kind of KIND_LIST) expect(kind.construct.cfnTypes.length).toBeGreaterThan(0);
  });

  test('Lambda: name by Ref, label from the id, timeout and reserved concurrency read from the function', () => {
    const e = entryFromConstruct(s.fn);
    expect(e?.kind).toBe('lambda');
    expect(resolve(e?.entry)).toEqual({
      name: { Ref: s.stack.resolve((s.fn.node.defaultChild as lambda.CfnFunction).logicalId) },
      label: 'Pay',
      timeout: '30s',
      alarms: { concurrency: { threshold: 45 } },
    });
    // The L1 behind the L2 gives the same entry; a function without a timeout gets Lambda's 3 s.
    expect(resolve(entryFromConstruct(s.fn.node.defaultChild!)?.entry)).toEqual(resolve(e?.entry));
    expect(entryFromConstruct(s.plain)?.entry).toMatchObject({ label: 'Plain', timeout: '3s' });
    expect(entryFromConstruct(s.l1)?.entry).toMatchObject({ label: 'Legacy', timeout: '120s' });
  });

  test('REST API: the deployment stage, detailed metrics from the stage settings, methods when they are on', () => {
    const e = entryFromConstruct(s.api);
    expect(e?.kind).toBe('restApi');
    expect(e?.entry).toMatchObject({ name: 'Api', stage: 'live', label: 'Api', detailedMetrics: true });
    expect((e?.entry as { methods?: string[] }).methods?.sort()).toEqual(['GET /', 'POST /orders']);
    // Without detailed metrics, no methods: their budgets could never fire.
    const quiet = entryFromConstruct(s.quiet)?.entry;
    expect(quiet).toEqual({ name: 'quiet-api', stage: 'prod', label: 'Quiet', detailedMetrics: false });
    // The stage construct itself is recognized too.
    expect(entryFromConstruct(s.api.deploymentStage)?.entry).toMatchObject({ name: 'Api', stage: 'live' });
  });

  test('HTTP API: the default stage, by API id', () => {
    const e = entryFromConstruct(s.http);
    expect(e?.kind).toBe('httpApi');
    expect(resolve(e?.entry)).toMatchObject({
      id: { Ref: expect.stringMatching(/^Http/) },
      stage: '$default',
      label: 'Http',
      detailedMetrics: false,
    });
  });

  test('DynamoDB: capacity mode from the table (CloudFormation defaults to provisioned)', () => {
    expect(entryFromConstruct(s.table)?.entry).toMatchObject({
      label: 'Orders',
      billing: 'onDemand',
      indexes: ['byCustomer'],
    });
    expect(entryFromConstruct(s.provisioned)?.entry).toMatchObject({
      label: 'Ledger',
      billing: 'provisioned',
    });
  });

  test('SQS: the queue name attribute, FIFO-ness, and its dead-letter queue from the redrive policy', () => {
    const e = entryFromConstruct(s.queue);
    expect(e?.kind).toBe('sqs');
    expect(resolve(e?.entry)).toEqual({
      name: { 'Fn::GetAtt': [expect.stringMatching(/^OrderQueue/), 'QueueName'] },
      label: 'OrderQueue',
      fifo: false,
      dlq: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersDlq/), 'QueueName'] },
    });
    expect(entryFromConstruct(s.fifo)?.entry).toMatchObject({ fifo: true });
  });

  test('SNS and Step Functions', () => {
    expect(entryFromConstruct(s.topic)).toMatchObject({ kind: 'sns', entry: { label: 'Events' } });
    const flow = entryFromConstruct(s.flow);
    expect(flow?.kind).toBe('stepFunctions');
    expect(resolve(flow?.entry)).toEqual({
      arn: { Ref: expect.stringMatching(/^Checkout/) },
      label: 'Checkout',
      type: 'express',
    });
  });

  test('constructs of no kind give nothing', () => {
    expect(entryFromConstruct(s.stack)).toBeUndefined();
    expect(entryFromConstruct(s.fn.role!)).toBeUndefined();
  });

  test('the entries are valid config: ServiceMonitoring plans them with dimensions from the constructs', () => {
    const entries = [s.fn, s.api, s.table, s.queue, s.fifo, s.topic, s.flow].map((c) =>
      entryFromConstruct(c)!,
    );
    const service: Record<string, unknown[]> = {};
    for (const e of entries) (service[e.kind] ??= []).push(e.entry);
    const topic = new sns.Topic(s.stack, 'Alerts');
    const monitoring = new ServiceMonitoring(s.stack, 'Monitoring', {
      app: 'shop',
      alerting: { topics: { critical: topic, warning: topic, info: topic } },
      service: { name: 'checkout', ...service },
    });
    const names = monitoring.alarmSpecs.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'shop-checkout-Pay-duration-warning',
        'shop-checkout-Api-serverErrorRate-critical',
        'shop-checkout-Api-POST-orders-latencyBudget-warning',
        'shop-checkout-Orders-readThrottles-warning',
        'shop-checkout-Orders-byCustomer-readThrottles-warning',
        'shop-checkout-OrderQueue-inFlight-warning',
        'shop-checkout-OrderQueue-dlq-deadLetters-warning',
        'shop-checkout-Events-notificationsFailed-warning',
        'shop-checkout-Checkout-executionsFailed-warning',
        'shop-checkout-Checkout-duration-warning',
      ]),
    );
    const spec = (name: string) => monitoring.alarmSpecs.find((a) => a.name === name)!;
    expect(spec('shop-checkout-Pay-duration-warning').threshold).toBe(27_000); // 90 % of 30 s
    expect(spec('shop-checkout-Pay-concurrency-warning').threshold).toBe(45); // 90 % of reserved 50
    expect(spec('shop-checkout-Ledgered-inFlight-warning').threshold).toBe(108_000); // FIFO: 120,000 too
    expect(spec('shop-checkout-Checkout-duration-warning').threshold).toBe(270_000); // Express: 5 min at most
    const dims = (name: string) => {
      const src = spec(name).source;
      return resolve(src.type === 'metric' ? src.metric.dimensions : src.metrics[0].metric.dimensions);
    };
    expect(dims('shop-checkout-OrderQueue-dlq-deadLetters-warning')).toEqual({
      QueueName: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersDlq/), 'QueueName'] },
    });
    expect(dims('shop-checkout-Checkout-executionsFailed-warning')).toEqual({
      StateMachineArn: { Ref: expect.stringMatching(/^Checkout/) },
    });
  });
});
