/**
 * `enableTracing(scope)`: an Aspect that switches X-Ray active tracing on for every Lambda function, REST API
 * stage, Step Functions state machine and Synthetics canary in a scope of your own stacks, grants the X-Ray write
 * permissions it needs, optionally adds an ADOT (OpenTelemetry) layer, and reports as CDK annotations what it
 * changed and what it could not (HTTP and WebSocket APIs have no X-Ray tracing).
 */
import {
  Annotations,
  AspectPriority,
  Aspects,
  Stack,
  Validations,
  type CfnResource,
  type IAspect,
} from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import type { IConstruct } from 'constructs';
import { ADOT_WRAPPERS, adotTarget, type AdotSpec } from '../model/tracing';
import { TelemetryPropsError } from '../util/errors';
import { adotLayerArn, adotProblems, adotServes } from './adot';

/** Options of {@link EnableTracing}. */
export interface EnableTracingOptions {
  /** Lambda functions (`Tracing.ACTIVE`). @default true */
  readonly lambda?: boolean;
  /** API Gateway REST API stages. @default true */
  readonly restApi?: boolean;
  /** Step Functions state machines. @default true */
  readonly stateMachine?: boolean;
  /** CloudWatch Synthetics canaries (Node.js Puppeteer runtimes; X-Ray does not support the others). @default true */
  readonly canary?: boolean;
  /** Add this ADOT layer and wrapper to the Lambda functions of its runtime. @default - no ADOT */
  readonly adot?: AdotSpec;
  /** Report each change as an info annotation (warnings for what could not be done are always reported). @default true */
  readonly reportChanges?: boolean;
}

/** What the Aspect did to one resource. */
export interface TracingChange {
  /** Construct path of the resource. */
  readonly path: string;
  /** What kind of resource it is. */
  readonly resource: 'lambda' | 'restApiStage' | 'stateMachine' | 'canary' | 'httpApi';
  /** `changed`: tracing turned on; `unsupported`: the resource cannot be traced; `incomplete`: on, but see detail. */
  readonly outcome: 'changed' | 'unsupported' | 'incomplete';
  /** What was done or why not, in words. */
  readonly detail: string;
}

/** Warning id, for `Annotations.of(scope).acknowledgeWarning(...)`. */
export const TRACING_WARNING = 'cdk-telemetry:tracing';

const LAMBDA_XRAY = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
const SFN_XRAY = [...LAMBDA_XRAY, 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];
const CANARY_XRAY = ['xray:PutTraceSegments'];
const NAG_REASON =
  'X-Ray write actions (PutTraceSegments, PutTelemetryRecords, GetSampling*) have no resource-level permissions, so the resource must be "*"; added by cdk-telemetry enableTracing.';

/**
 * `enableTracing(scope)`: an Aspect that switches X-Ray active tracing on for every Lambda function, REST API
 * stage, Step Functions state machine and Synthetics canary in a scope of your own stacks, grants the X-Ray write
 * permissions it needs, optionally adds an ADOT (OpenTelemetry) layer, and reports as CDK annotations what it
 * changed and what it could not (HTTP and WebSocket APIs have no X-Ray tracing).
 */
export class EnableTracing implements IAspect {
  /** Every change and every resource that could not be traced, in visit order (complete after synthesis). */
  readonly changes: TracingChange[] = [];

  constructor(private readonly options: EnableTracingOptions = {}) {
    const problem = EnableTracing.problem(options);
    if (problem) throw new Error(`enableTracing: ${problem}`);
  }

  /** Why the options cannot work, if they cannot. */
  static problem(options: EnableTracingOptions): string | undefined {
    const p = options.adot ? adotProblems(options.adot)[0] : undefined;
    return p && `adot${p.field ? `.${p.field}` : ''}: ${p.message}`;
  }

  /**
   * Turns on tracing for a supported resource (and adds the ADOT layer when asked): called by CDK for every construct
   * of the scope.
   */
  visit(node: IConstruct): void {
    const o = this.options;
    if (node instanceof lambda.CfnFunction && o.lambda !== false) this.lambda(node);
    else if (node instanceof apigateway.CfnStage && o.restApi !== false) this.restStage(node);
    else if (node instanceof apigateway.CfnDeployment && o.restApi !== false) this.restDeployment(node);
    else if (node instanceof apigatewayv2.CfnApi && o.restApi !== false) this.httpApi(node);
    else if (node instanceof sfn.CfnStateMachine && o.stateMachine !== false) this.stateMachine(node);
    else if (node instanceof synthetics.CfnCanary && o.canary !== false) this.canary(node);
  }

  private lambda(fn: lambda.CfnFunction) {
    const mode = this.resolved<{ mode?: string }>(fn, fn.tracingConfig)?.mode;
    if (mode !== 'Active') {
      fn.tracingConfig = { mode: 'Active' };
      const l2 = fn.node.scope instanceof lambda.Function ? fn.node.scope : undefined;
      const grant = this.grant(fn, l2?.role, fn.role, LAMBDA_XRAY);
      this.report(fn, 'lambda', `active X-Ray tracing on (was ${mode ?? 'off'})`, grant);
    }
    if (this.options.adot) this.adot(fn, this.options.adot);
  }

  private adot(fn: lambda.CfnFunction, spec: AdotSpec) {
    const l2 = fn.node.scope instanceof lambda.Function ? fn.node.scope : undefined;
    if (!l2) {
      this.record(
        fn,
        'lambda',
        'incomplete',
        'ADOT layer not added: it needs a lambda.Function (L2) for its Region and architecture',
      );
      return;
    }
    if (!adotServes(spec, l2.runtime)) return;
    const env = this.resolved<{ variables?: Record<string, string> }>(fn, fn.environment)?.variables ?? {};
    if (env.AWS_LAMBDA_EXEC_WRAPPER !== undefined || l2.node.tryFindChild('AdotLayer')) return;
    l2.addLayers(lambda.LayerVersion.fromLayerVersionArn(l2, 'TelemetryAdotLayer', adotLayerArn(l2, spec)));
    const wrapper = ADOT_WRAPPERS[adotTarget(spec).wrapper];
    l2.addEnvironment('AWS_LAMBDA_EXEC_WRAPPER', wrapper);
    this.record(
      fn,
      'lambda',
      'changed',
      `ADOT layer added (${spec.layer ?? spec.layerArn}, AWS_LAMBDA_EXEC_WRAPPER=${wrapper})`,
    );
  }

  private restStage(stage: apigateway.CfnStage) {
    if (this.resolved(stage, stage.tracingEnabled) === true) return;
    stage.tracingEnabled = true;
    this.report(stage, 'restApiStage', 'X-Ray tracing on for the stage');
  }

  /** A stage created by an L1 deployment's stageDescription (no AWS::ApiGateway::Stage of its own). */
  private restDeployment(deployment: apigateway.CfnDeployment) {
    const description = this.resolved<Record<string, unknown>>(deployment, deployment.stageDescription);
    if (!deployment.stageName || !description || description.tracingEnabled === true) return;
    deployment.stageDescription = { ...description, tracingEnabled: true };
    this.report(deployment, 'restApiStage', `X-Ray tracing on for stage ${deployment.stageName}`);
  }

  private httpApi(api: apigatewayv2.CfnApi) {
    const protocol = this.resolved<string>(api, api.protocolType) ?? 'HTTP';
    this.record(
      api,
      'httpApi',
      'unsupported',
      `${protocol} APIs (API Gateway v2) have no X-Ray tracing; trace the integrations behind them (Lambda functions are traced), or use a REST API`,
    );
  }

  private stateMachine(sm: sfn.CfnStateMachine) {
    const config = this.resolved<{ enabled?: boolean }>(sm, sm.tracingConfiguration);
    if (config?.enabled === true) return;
    sm.tracingConfiguration = { enabled: true };
    const l2 = sm.node.scope instanceof sfn.StateMachine ? sm.node.scope : undefined;
    const grant = this.grant(sm, l2?.role, sm.roleArn, SFN_XRAY);
    this.report(sm, 'stateMachine', 'X-Ray tracing on', grant);
  }

  private canary(canary: synthetics.CfnCanary) {
    const runtime = this.resolved<string>(canary, canary.runtimeVersion) ?? '';
    const run = this.resolved<Record<string, unknown>>(canary, canary.runConfig) ?? {};
    if (run.activeTracing === true) return;
    if (!runtime.startsWith('syn-nodejs-') || runtime.includes('playwright')) {
      this.record(
        canary,
        'canary',
        'unsupported',
        `runtime ${runtime || '(unknown)'} has no active tracing; X-Ray traces Node.js Puppeteer canaries (syn-nodejs-puppeteer-*) only`,
      );
      return;
    }
    canary.runConfig = { ...run, activeTracing: true };
    const l2 = canary.node.scope instanceof synthetics.Canary ? canary.node.scope : undefined;
    const grant = this.grant(canary, l2?.role, canary.executionRoleArn, CANARY_XRAY);
    this.report(canary, 'canary', 'active X-Ray tracing on', grant);
  }

  /**
   * Lets the resource's role write traces. The role is the L2's, or a role of the same stack whose ARN the L1
   * references; an imported role cannot be changed here, which is reported.
   */
  private grant(
    resource: CfnResource,
    role: iam.IRole | undefined,
    roleArn: unknown,
    actions: string[],
  ): string | undefined {
    const target = role ?? this.roleByArn(resource, roleArn);
    const statement = new iam.PolicyStatement({ actions, resources: ['*'] });
    const added = target?.addToPrincipalPolicy(statement).statementAdded;
    // An immutable imported role says "added" and drops the statement: only a policy of this app proves it.
    const policy = target?.node.children.find((c) => c instanceof iam.Policy);
    if (!added || !policy) {
      return `add ${actions.join(', ')} on "*" to its role yourself (it is not a role of this app that can be changed)`;
    }
    Validations.of(policy).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: NAG_REASON });
    return undefined;
  }

  private readonly rolesByStack = new WeakMap<Stack, Map<string, iam.Role>>();

  /** The role of this stack whose ARN the L1 references (roles indexed once per stack). */
  private roleByArn(resource: CfnResource, roleArn: unknown): iam.IRole | undefined {
    const stack = Stack.of(resource);
    let roles = this.rolesByStack.get(stack);
    if (!roles) {
      roles = new Map();
      for (const c of stack.node.findAll()) {
        if (c instanceof iam.Role) roles.set(JSON.stringify(stack.resolve(c.roleArn)), c);
      }
      this.rolesByStack.set(stack, roles);
    }
    return roles.get(JSON.stringify(stack.resolve(roleArn)));
  }

  private report(node: CfnResource, resource: TracingChange['resource'], detail: string, problem?: string) {
    if (problem) this.record(node, resource, 'incomplete', `${detail}, but ${problem}`);
    else this.record(node, resource, 'changed', detail);
  }

  private record(
    node: CfnResource,
    resource: TracingChange['resource'],
    outcome: TracingChange['outcome'],
    detail: string,
  ) {
    this.changes.push({ path: node.node.path, resource, outcome, detail });
    const text = `enableTracing: ${detail}`;
    if (outcome !== 'changed') Annotations.of(node).addWarningV2(TRACING_WARNING, text);
    else if (this.options.reportChanges !== false) Annotations.of(node).addInfo(text);
  }

  private resolved<T>(node: CfnResource, value: unknown): T | undefined {
    return value === undefined ? undefined : (Stack.of(node).resolve(value) as T);
  }
}

/**
 * Switches X-Ray tracing on for everything traceable in `scope` (an App, Stage, Stack or construct of your own).
 * Returns the Aspect; its `changes` list what it did once the app is synthesized.
 */
export function enableTracing(scope: IConstruct, options: EnableTracingOptions = {}): EnableTracing {
  const problem = EnableTracing.problem(options);
  if (problem) throw new TelemetryPropsError(scope, `enableTracing: ${problem}`);
  const aspect = new EnableTracing(options);
  Aspects.of(scope).add(aspect, { priority: AspectPriority.MUTATING });
  return aspect;
}
