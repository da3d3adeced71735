/**
 * Collection into the workspace: the collector configurations (checked against the components each collector build
 * has), a Lambda function with the ADOT layer and its collector configured from the model, an ECS task with the
 * ADOT collector sidecar, and `aps:RemoteWrite` granted to a role, a function or a task definition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { modelFromText } from '../../lib/config/load';
import {
  COLLECTOR_ENV,
  collectorConfig,
  collectorConfigProblems,
  renderCollectorConfig,
} from '../../lib/prometheus/collector-config';
import {
  ADOT_COLLECTOR_IMAGE,
  addCollectorSidecar,
  collectLambdaMetrics,
  grantRemoteWrite,
  LAMBDA_CONFIG_VARIABLE,
} from '../../lib/prometheus/collection';
import { PrometheusWorkspace } from '../../lib/prometheus/workspace';
import { testApp } from '../helpers/synth';

const model = modelFromText(readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8'));
const WS = 'ws-12345678-aaaa-bbbb-cccc-0123456789ab';
const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

/** A collector configuration as synthesized: `Fn::Sub` text whose `${!` renders as `${`. */
const configIn = (value: unknown) => {
  const sub = (value as { 'Fn::Sub': string })['Fn::Sub'];
  expect(typeof sub).toBe('string');
  return JSON.parse(sub.replaceAll('${!', '${'));
};

describe('collector configurations', () => {
  test.each(['lambda', 'sidecar'] as const)(
    'the %s configuration uses only components its collector has',
    (target) => {
      const config = collectorConfig({
        target,
        resource: { 'service.namespace': 'sophie', service: 'api' },
        operations: [{ method: 'POST', path: '/login', operation: 'auth' }],
      });
      expect(collectorConfigProblems(config, target)).toEqual([]);
      expect(config.exporters).toMatchObject({
        prometheusremotewrite: {
          endpoint: `\${env:${COLLECTOR_ENV.remoteWriteUrl}}`,
          auth: { authenticator: 'sigv4auth' },
          resource_to_telemetry_conversion: { enabled: true },
        },
      });
      expect(config.extensions).toEqual({
        sigv4auth: { region: `\${env:${COLLECTOR_ENV.region}}`, service: 'aps' },
      });
    },
  );

  test("the Lambda layer's collector has no processors: the configuration has none", () => {
    const config = collectorConfig({ target: 'lambda', operations: [{ path: '/x', operation: 'y' }] });
    expect(config.processors).toBeUndefined();
    expect(JSON.parse(renderCollectorConfig({ target: 'lambda' }))).toEqual(config);
  });

  test('the sidecar maps routes to operations with OTTL, on either route spelling', () => {
    const config = collectorConfig({
      target: 'sidecar',
      operations: [
        { method: 'GET', path: '/tasks/{id}', operation: 'read-task' },
        { method: 'ANY', path: '/login', operation: 'auth' },
      ],
    }) as { processors: Record<string, { metric_statements?: Array<{ statements: string[] }> }> };
    expect(config.processors['transform/operations'].metric_statements![0].statements).toEqual([
      'set(attributes["operation"], "read-task") where IsMatch(attributes["http.route"], "^/tasks/(\\\\{id\\\\}|:id)$") and attributes["http.request.method"] == "GET"',
      'set(attributes["operation"], "auth") where IsMatch(attributes["http.route"], "^/login$")',
    ]);
  });

  test('problems are found: a missing component, an undefined reference, an authenticator not enabled', () => {
    const config = collectorConfig({ target: 'sidecar', resource: { service: 'api' } }) as {
      service: { extensions: string[]; pipelines: { metrics: { processors: string[] } } };
    };
    config.service.extensions = [];
    config.service.pipelines.metrics.processors.push('groupbyattrs');
    expect(collectorConfigProblems(config, 'lambda')).toEqual([
      'processors.memory_limiter: the lambda collector has no memory_limiter component',
      'processors.resource/cdk-telemetry: the lambda collector has no resource component',
      'processors.batch: the lambda collector has no batch component',
      'service.pipelines.metrics.processors: groupbyattrs is not defined',
      'extensions.sigv4auth: defined but not used in service',
      'exporters.prometheusremotewrite.auth: sigv4auth is not an enabled extension',
    ]);
  });
});

describe('collecting from a Lambda function and an ECS task of the application', () => {
  const app = testApp();
  const stack = new Stack(app, 'Orders');
  const workspace = PrometheusWorkspace.fromWorkspaceId(stack, 'Amp', WS);
  const fn = new lambda.Function(stack, 'Authorizer', {
    runtime: lambda.Runtime.NODEJS_LATEST,
    handler: 'index.handler',
    code,
    functionName: 'sophie-authorizer',
  });
  collectLambdaMetrics(fn, { workspace, model, service: 'api' });

  const task = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
  task.addContainer('App', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:20-slim'),
    logging: ecs.LogDrivers.awsLogs({
      streamPrefix: 'app',
      logGroup: new logs.LogGroup(stack, 'AppLogs', { retention: logs.RetentionDays.ONE_MONTH }),
    }),
  });
  const sidecar = addCollectorSidecar(task, { workspace, model, service: 'api' });

  const role = new iam.Role(stack, 'Exporter', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  grantRemoteWrite(workspace, role);
  Validations.of(stack).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "Test fixture: an ordinary user function's execution role; collection does not address this rule.",
  });
  const t = Template.fromJSON(app.synth().getStackByName('Orders').template);
  const env = () =>
    t.findResources('AWS::Lambda::Function')[stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)]
      .Properties.Environment.Variables as Record<string, unknown>;

  test("the function gets the ADOT layer, its collector's configuration and the attributes the rules select", () => {
    const vars = env();
    expect(vars).toMatchObject({
      AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler',
      OPENTELEMETRY_COLLECTOR_CONFIG_URI: `env:${LAMBDA_CONFIG_VARIABLE}`,
      OTEL_METRICS_EXPORTER: 'otlp',
      // The operation comes from the model (sophie-authorizer has operation auth).
      OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=sophie,service=api,operation=auth',
    });
    const config = configIn(vars[LAMBDA_CONFIG_VARIABLE]);
    expect(collectorConfigProblems(config, 'lambda')).toEqual([]);
    expect(JSON.stringify(vars[COLLECTOR_ENV.remoteWriteUrl])).toContain(
      `/workspaces/${WS}/api/v1/remote_write`,
    );
    const layers =
      t.findResources('AWS::Lambda::Function')[stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)]
        .Properties.Layers;
    expect(JSON.stringify(layers)).toMatch(/aws-otel-nodejs/);
  });

  test('the roles may write to the workspace, and only to it', () => {
    const statement = {
      Action: 'aps:RemoteWrite',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`:workspace/${WS}$`)])] },
    };
    const policies = Object.values(t.findResources('AWS::IAM::Policy'));
    const writers = policies.filter((p) => JSON.stringify(p).includes('aps:RemoteWrite'));
    expect(writers).toHaveLength(3); // the function's role, the task role, the role given
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(statement)]) },
    });
  });

  test('the task gets a non-essential collector sidecar configured from the model', () => {
    expect(sidecar.essential).toBe(false);
    const [def] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
    const containers = def.Properties.ContainerDefinitions as Array<Record<string, unknown>>;
    const collector = containers.find((c) => c.Name === 'TelemetryCollector')!;
    expect(collector.Image).toBe(ADOT_COLLECTOR_IMAGE);
    const envOf = Object.fromEntries(
      (collector.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]),
    );
    const config = configIn(envOf.AOT_CONFIG_CONTENT);
    expect(collectorConfigProblems(config, 'sidecar')).toEqual([]);
    expect(config.processors['resource/cdk-telemetry'].attributes).toEqual([
      { key: 'service.namespace', value: 'sophie', action: 'upsert' },
      { key: 'service', value: 'api', action: 'upsert' },
    ]);
    // POST /login is the example's one route with a named operation; the others are budgeted by their route.
    expect(config.processors['transform/operations'].metric_statements[0].statements).toHaveLength(5);
  });

  test('mistakes name the construct and what is allowed', () => {
    const s = new Stack(testApp(), 'Other');
    const ws = PrometheusWorkspace.fromWorkspaceId(s, 'Amp', WS);
    const anonymous = new lambda.Function(s, 'Fn', {
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'i.h',
      code,
    });
    expect(() => collectLambdaMetrics(anonymous, { workspace: ws, model, service: 'api' })).toThrow(
      /^Other\/Fn: the function name is only known at deploy time: give `operation`/,
    );
    expect(() => collectLambdaMetrics(anonymous, { workspace: ws, model, service: 'billing' })).toThrow(
      'Other/Fn: service "billing" is not in the model (services: api, notifications)',
    );
    const python = new lambda.Function(s, 'Py', {
      runtime: lambda.Runtime.PYTHON_3_13,
      handler: 'i.h',
      code,
    });
    expect(() =>
      collectLambdaMetrics(python, {
        workspace: ws,
        model,
        service: 'api',
        operation: 'x',
        adot: { layer: 'javascript' },
      }),
    ).toThrow(/^Other\/Py: the ADOT layer javascript does not serve runtime python3.13$/);
    expect(() => PrometheusWorkspace.fromWorkspaceId(s, 'Bad', 'sophie-ws')).toThrow(
      'Other/Bad: workspaceId "sophie-ws" must be an AMP workspace id like ws-12345678-abcd-...',
    );
  });
});
