/**
 * A consumer app of the packed library (test/package/run.sh copies it into a fresh project that has only aws-cdk-lib,
 * constructs, TypeScript, the CDK CLI and the tarball, and synthesizes it with `npx cdk synth`): its own constructs,
 * watched in one line with an override, plus ServiceMonitoring given construct objects and the name of a function
 * outside the app. test/package/check.mjs asserts on what it synthesizes.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ServiceMonitoring, Telemetry, type AlarmOverrides } from 'cdk-telemetry';

const app = new App();
const stack = new Stack(app, 'Consumer');
const fn = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  timeout: Duration.seconds(15),
});
const api = new apigw.LambdaRestApi(stack, 'Api', { handler: fn, cloudWatchRole: false });
const table = new dynamodb.Table(stack, 'Items', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
});
const dlq = new sqs.Queue(stack, 'Dlq');
const queue = new sqs.Queue(stack, 'Work', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });

// One line for the whole app, and one override typed by the kind's alarm ids.
Telemetry.watch(app, { app: 'consumer' });
const overrides: AlarmOverrides<'lambda'> = { errors: { threshold: 2 } };
Telemetry.of(fn).alarms<'lambda'>(overrides);

// A construct in a stack of its own, given construct objects (no names, no labels).
const own = new Stack(app, 'OwnMonitoring');
const topic = new sns.Topic(own, 'Alerts');
new ServiceMonitoring(own, 'Monitoring', {
  app: 'own',
  alerting: { topics: { critical: topic, warning: topic, info: topic } },
  service: { name: 'items', lambda: [fn, 'billing-export'], restApi: [api], dynamodb: [table], sqs: [queue] },
});

app.synth();
