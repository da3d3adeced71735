/**
 * A realistic CDK app of its own, as a user writes it, before any telemetry: a storefront (REST API, Lambda, DynamoDB,
 * an order workflow in Step Functions, order events on SNS) and fulfilment (an SQS queue with a dead-letter queue and
 * its worker). shop.ts watches all of it with one line, plus two overrides; nothing here imports cdk-telemetry.
 */
import {
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  type App,
  type CfnResource,
  type StackProps,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

const code = (body: string) => lambda.Code.fromInline(`exports.handler = async (event) => { ${body} };`);

/** Fulfilment: the order queue (with its dead-letter queue) and the worker that drains it. */
export class FulfilmentStack extends Stack {
  readonly queue: sqs.Queue;
  readonly worker: lambda.Function;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const dlq = new sqs.Queue(this, 'OrdersDlq', {
      queueName: 'shop-orders-dlq',
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Orders', {
      queueName: 'shop-orders',
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(180),
      deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
    });
    this.worker = new lambda.Function(this, 'Packer', {
      functionName: 'shop-packer',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: code('return { batchItemFailures: [] };'),
      timeout: Duration.seconds(30),
      memorySize: 512,
      reservedConcurrentExecutions: 20,
    });
    this.worker.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    ack(dlq, 'AwsSolutions-SQS3', 'This queue is the dead-letter queue of the order queue.');
    basicExecutionRole(this.worker);
  }
}

/** The storefront: the orders API, its functions, the orders table, the checkout workflow and order events. */
export class StorefrontStack extends Stack {
  readonly api: apigw.RestApi;
  readonly placeOrder: lambda.Function;
  readonly table: dynamodb.Table;
  readonly checkout: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StackProps & { readonly queue: sqs.IQueue }) {
    super(scope, id, props);
    this.table = new dynamodb.Table(this, 'OrdersTable', {
      tableName: 'shop-orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'byCustomer',
      partitionKey: { name: 'customer', type: dynamodb.AttributeType.STRING },
    });
    const key = new kms.Key(this, 'EventsKey', { enableKeyRotation: true });
    const events = new sns.Topic(this, 'OrderEvents', {
      topicName: 'shop-order-events',
      masterKey: key,
      enforceSSL: true,
    });

    this.placeOrder = new lambda.Function(this, 'PlaceOrder', {
      functionName: 'shop-place-order',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: code('return { statusCode: 201, body: "{}" };'),
      timeout: Duration.seconds(10),
      memorySize: 1024,
    });
    const getOrder = new lambda.Function(this, 'GetOrder', {
      functionName: 'shop-get-order',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: code('return { statusCode: 200, body: "{}" };'),
      timeout: Duration.seconds(5),
    });
    this.table.grantReadWriteData(this.placeOrder);
    this.table.grantReadData(getOrder);
    props.queue.grantSendMessages(this.placeOrder);
    events.grantPublish(this.placeOrder);

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.api = new apigw.RestApi(this, 'OrdersApi', {
      restApiName: 'shop-orders-api',
      deployOptions: {
        stageName: 'live',
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: true,
      },
      cloudWatchRole: false,
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
    });
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const orders = this.api.root.addResource('orders');
    orders.addMethod('POST', new apigw.LambdaIntegration(this.placeOrder), { requestValidator: validator });
    orders
      .addResource('{id}')
      .addMethod('GET', new apigw.LambdaIntegration(getOrder), { requestValidator: validator });

    const workflowLogs = new logs.LogGroup(this, 'CheckoutLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.checkout = new sfn.StateMachine(this, 'Checkout', {
      stateMachineName: 'shop-checkout',
      definitionBody: sfn.DefinitionBody.fromChainable(
        new tasks.LambdaInvoke(this, 'Reserve', {
          lambdaFunction: this.placeOrder,
          outputPath: '$.Payload',
        }).next(new sfn.Succeed(this, 'Reserved')),
      ),
      timeout: Duration.minutes(5),
      tracingEnabled: true,
      logs: { destination: workflowLogs, level: sfn.LogLevel.ALL },
    });

    for (const fn of [this.placeOrder, getOrder]) basicExecutionRole(fn);
    // Wildcards CDK's grants write, each acknowledged by its exact finding.
    const arnOf = (c: Construct) => `<${this.getLogicalId(c.node.defaultChild as CfnResource)}.Arn>`;
    const grants = {
      [`Resource::${arnOf(this.table)}/index/*`]:
        'the table grant covers its global secondary indexes (index/*)',
      'Action::kms:GenerateDataKey*': 'publishing to the encrypted topic needs data keys of its KMS key',
      [`Resource::${arnOf(this.placeOrder)}:*`]: 'the workflow invokes any version of the order function',
      'Resource::*': 'log delivery and X-Ray actions have no resource-level permissions',
    };
    for (const [finding, reason] of Object.entries(grants))
      for (const c of [this.placeOrder, getOrder, this.checkout])
        ack(c, `AwsSolutions-IAM5[${finding}]`, `CDK grant: ${reason}.`);
    ack(
      this.api,
      'AwsSolutions-COG4',
      'Callers are backend services signing with SigV4 (IAM authorization), not Cognito users.',
    );
    ack(
      this.api,
      'AwsSolutions-APIG3',
      'The API is IAM-authorized and called only by the storefront backend; no public traffic reaches it.',
    );
  }
}

/** A cdk-nag finding acknowledged on a construct, with its reason. */
function ack(construct: Construct, id: string, reason: string) {
  Validations.of(construct).acknowledge({ id, reason });
}

/** Lambda's AWS-managed basic execution role (CloudWatch Logs only): acknowledged for cdk-nag. */
function basicExecutionRole(fn: lambda.Function) {
  ack(
    fn,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AWSLambdaBasicExecutionRole grants only CloudWatch Logs writes for the function.',
  );
}

/** The shop's stacks, as they are without telemetry. */
export function shopStacks(app: App): { storefront: StorefrontStack; fulfilment: FulfilmentStack } {
  const fulfilment = new FulfilmentStack(app, 'Fulfilment');
  const storefront = new StorefrontStack(app, 'Storefront', { queue: fulfilment.queue });
  return { storefront, fulfilment };
}
