/**
 * Collection: OpenTelemetry metrics from the application's own compute into the workspace.
 *
 * - {@link grantRemoteWrite}: `aps:RemoteWrite` on the workspace for a role, a function or a task definition.
 * - {@link collectLambdaMetrics}: an ADOT layer with its embedded collector, configured (from the model) to write to
 *   the workspace with SigV4, the resource attributes the rules select on, and the permission.
 * - {@link addCollectorSidecar}: the ADOT collector as a sidecar container of an ECS task, configured from the
 *   model (routes mapped to operations), with the permission on the task role.
 */
import { Fn, Token, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { ADOT_WRAPPERS, adotTarget, type AdotLayerKind, type AdotSpec } from '../model/tracing';
import type { ServiceModel, TelemetryModel } from '../model/telemetry-model';
import { adotLayerArn, adotProblems, adotServes } from '../tracing/adot';
import { TelemetryPropsError } from '../util/errors';
import { COLLECTOR_ENV, renderCollectorConfig, type RouteOperation } from './collector-config';
import { OTEL_ATTRIBUTES } from './rules/series';
import type { IPrometheusWorkspace } from './workspace';

/**
 * Text holding `${…}` (the collector's environment references) as a template value: CloudFormation would take a
 * bare `${` for a parameter reference, so it is written as `Fn::Sub` with `${!` (which renders `${`).
 */
export function literalForCloudFormation(text: string): string {
  return text.includes('${') ? Fn.sub(text.replace(/\$\{/g, '${!')) : text;
}

/** Who may write samples: a role or any grantable, a Lambda function, or an ECS task definition (its task role). */
export type MetricsWriter = iam.IGrantable | ecs.TaskDefinition;

/** Lets `writer` write samples to the workspace (`aps:RemoteWrite` on its ARN only). */
export function grantRemoteWrite(workspace: IPrometheusWorkspace, writer: MetricsWriter): iam.Grant {
  const grantee = writer instanceof ecs.TaskDefinition ? writer.taskRole : writer;
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['aps:RemoteWrite'],
    resourceArns: [workspace.workspaceArn],
  });
}

/** Where collected metrics go and which service of the model they belong to. */
export interface CollectMetricsOptions {
  /** The workspace the metrics are written to (remote write). */
  readonly workspace: IPrometheusWorkspace;
  /** The telemetry model (its app and services). */
  readonly model: Pick<TelemetryModel, 'app' | 'services'>;
  /** The model's service the compute belongs to. */
  readonly service: string;
}

function serviceOf(scope: IConstruct, o: CollectMetricsOptions): ServiceModel {
  const found = o.model.services.find((s) => s.name === o.service);
  if (!found) {
    const known = o.model.services.map((s) => s.name).join(', ');
    throw new TelemetryPropsError(scope, `service "${o.service}" is not in the model (services: ${known})`);
  }
  return found;
}

/** `service.namespace=shop,service=api,operation=checkout`: the attributes every sample gets. */
function resourceAttributes(app: string, service: string, operation?: string): Record<string, string> {
  return {
    [OTEL_ATTRIBUTES.app]: app,
    [OTEL_ATTRIBUTES.service]: service,
    ...(operation ? { [OTEL_ATTRIBUTES.operation]: operation } : {}),
  };
}

/** Options of `collectLambdaMetrics`: the workspace and service, and the function's operation. */
export interface LambdaMetricsOptions extends CollectMetricsOptions {
  /**
   * The function's budgeted operation (the `operation` label the per-operation rules select).
   * @default - the operation of the model's Lambda resource with this function name, else the function name
   */
  readonly operation?: string;
  /**
   * The ADOT layer: one with the embedded collector (the layers aws-cdk-lib knows).
   * @default - the layer of the function's runtime family (javascript, python, java-agent), else generic
   */
  readonly adot?: AdotSpec;
}

const LAYER_BY_FAMILY: Partial<Record<lambda.RuntimeFamily, AdotLayerKind>> = {
  [lambda.RuntimeFamily.NODEJS]: 'javascript',
  [lambda.RuntimeFamily.PYTHON]: 'python',
  [lambda.RuntimeFamily.JAVA]: 'java-agent',
};

/**
 * Sends the function's OpenTelemetry metrics to the workspace: adds the ADOT layer (unless the function already
 * has an exec wrapper), points its collector at a configuration generated from the model (held in an environment
 * variable: no file to package), sets the resource attributes the rules select on, and grants `aps:RemoteWrite`.
 */
export function collectLambdaMetrics(fn: lambda.Function, options: LambdaMetricsOptions): void {
  const service = serviceOf(fn, options);
  const spec: AdotSpec = options.adot ?? { layer: LAYER_BY_FAMILY[fn.runtime.family!] ?? 'generic' };
  const problem = adotProblems(spec)[0];
  if (problem)
    throw new TelemetryPropsError(fn, `adot${problem.field ? `.${problem.field}` : ''}: ${problem.message}`);
  if (!adotServes(spec, fn.runtime)) {
    throw new TelemetryPropsError(
      fn,
      `the ADOT layer ${spec.layer ?? spec.layerArn} does not serve runtime ${fn.runtime.name}`,
    );
  }
  let operation = options.operation;
  if (!operation) {
    // The L2's functionName is always a reference; the L1 holds the name when the code gives one.
    const name = (fn.node.defaultChild as lambda.CfnFunction | undefined)?.functionName;
    const known = name !== undefined && !Token.isUnresolved(name) ? name : undefined;
    const resource = known
      ? service.resources.find((r) => r.kind === 'lambda' && r.dimensions.FunctionName === known)
      : undefined;
    operation = resource?.operation ?? known;
    if (!operation) {
      throw new TelemetryPropsError(
        fn,
        'the function name is only known at deploy time: give `operation` (the budget its requests count against)',
      );
    }
  }
  if (!fn.node.tryFindChild('TelemetryAdotLayer') && !fn.node.tryFindChild('AdotLayer')) {
    fn.addLayers(lambda.LayerVersion.fromLayerVersionArn(fn, 'TelemetryAdotLayer', adotLayerArn(fn, spec)));
    fn.addEnvironment('AWS_LAMBDA_EXEC_WRAPPER', ADOT_WRAPPERS[adotTarget(spec).wrapper]);
  }
  const attributes = resourceAttributes(options.model.app, service.name, operation);
  fn.addEnvironment('OPENTELEMETRY_COLLECTOR_CONFIG_URI', `env:${LAMBDA_CONFIG_VARIABLE}`);
  fn.addEnvironment(
    LAMBDA_CONFIG_VARIABLE,
    literalForCloudFormation(renderCollectorConfig({ target: 'lambda' })),
  );
  fn.addEnvironment(COLLECTOR_ENV.remoteWriteUrl, options.workspace.remoteWriteUrl);
  fn.addEnvironment(COLLECTOR_ENV.region, options.workspace.region);
  fn.addEnvironment('OTEL_METRICS_EXPORTER', 'otlp');
  fn.addEnvironment('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'cumulative');
  fn.addEnvironment(
    'OTEL_RESOURCE_ATTRIBUTES',
    Object.entries(attributes)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join(','),
  );
  grantRemoteWrite(options.workspace, fn);
}

/** The environment variable holding a Lambda function's collector configuration. */
export const LAMBDA_CONFIG_VARIABLE = 'CDK_TELEMETRY_COLLECTOR_CONFIG';

/** The ADOT collector image the sidecar runs (pinned: a configuration is only checked against a known build). */
export const ADOT_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3';

/** Options of `addCollectorSidecar`: the workspace and service, the collector image and its memory. */
export interface CollectorSidecarOptions extends CollectMetricsOptions {
  /** The collector image. @default ecs.ContainerImage.fromRegistry(ADOT_COLLECTOR_IMAGE) */
  readonly image?: ecs.ContainerImage;
  /** Memory reserved for the collector. @default 64 */
  readonly memoryReservationMiB?: number;
  /** Retention of the collector's own log group. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** The model's routes of a service that carry a budgeted operation, for the sidecar's route → operation mapping. */
export function routeOperations(service: ServiceModel): RouteOperation[] {
  return service.resources
    .filter((r) => (r.kind === 'restApiRoute' || r.kind === 'httpApiRoute') && r.operation)
    .map((r) => ({
      method: r.dimensions.Method,
      path: r.dimensions.Resource ?? '/',
      operation: r.operation!,
    }));
}

/**
 * Adds the ADOT collector to a task definition as a non-essential sidecar that receives OTLP on localhost:4317 and
 * 4318 (the SDKs' default endpoint: containers of an `awsvpc` task, as on Fargate, share localhost) and writes to
 * the workspace; grants the task role `aps:RemoteWrite`.
 */
export function addCollectorSidecar(
  task: ecs.TaskDefinition,
  options: CollectorSidecarOptions,
): ecs.ContainerDefinition {
  const service = serviceOf(task, options);
  const memory = options.memoryReservationMiB ?? 64;
  if (!Number.isInteger(memory) || memory < 6) {
    throw new TelemetryPropsError(
      task,
      `memoryReservationMiB must be a whole number of at least 6 (got ${memory})`,
    );
  }
  const config = renderCollectorConfig({
    target: 'sidecar',
    resource: resourceAttributes(options.model.app, service.name),
    operations: routeOperations(service),
  });
  const logGroup = new logs.LogGroup(task, 'TelemetryCollectorLogs', {
    retention: options.logRetention ?? logs.RetentionDays.ONE_MONTH,
  });
  const container = task.addContainer('TelemetryCollector', {
    image: options.image ?? ecs.ContainerImage.fromRegistry(ADOT_COLLECTOR_IMAGE),
    essential: false,
    memoryReservationMiB: memory,
    environment: {
      AOT_CONFIG_CONTENT: literalForCloudFormation(config),
      [COLLECTOR_ENV.remoteWriteUrl]: options.workspace.remoteWriteUrl,
      [COLLECTOR_ENV.region]: options.workspace.region,
    },
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'otel-collector', logGroup }),
  });
  Validations.of(task).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason:
      'The collector sidecar reads its configuration, the workspace endpoint and its Region from environment variables; none is a secret.',
  });
  grantRemoteWrite(options.workspace, task);
  return container;
}
