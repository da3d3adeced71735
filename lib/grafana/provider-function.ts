/**
 * The one Lambda function per stack behind the Grafana custom resources (`Custom::GrafanaProvisioning`,
 * `Custom::GrafanaPermissions`): TypeScript in `provider/`, bundled with esbuild (`provider-code.ts`, no Docker),
 * on the current Node.js runtime, with its own log group and a role that holds only what each workspace needs
 * (added by the constructs that use it).
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { GrafanaProvisionerPlacement } from '../model/grafana';
import { acknowledgeInPacks, INLINE_POLICY_REASON } from '../compliance/acknowledge';
import { TelemetryPropsError } from '../util/errors';
import { providerCodeDir } from './provider-code';

const ID = 'GrafanaProvider';

/** Properties of {@link GrafanaProviderFunction}. */
export interface GrafanaProviderFunctionProps {
  /** Run in these subnets (needed when network access control keeps the internet out). @default - no VPC */
  readonly placement?: GrafanaProvisionerPlacement;
}

/**
 * The one Lambda function per stack behind the Grafana custom resources (`Custom::GrafanaProvisioning`,
 * `Custom::GrafanaPermissions`): TypeScript in `provider/`, bundled with esbuild (`provider-code.ts`, no Docker),
 * on the current Node.js runtime, with its own log group and a role that holds only what each workspace needs
 * (added by the constructs that use it).
 */
export class GrafanaProviderFunction extends Construct {
  /** The stack's provider, created on first use. */
  static of(scope: Construct, props: GrafanaProviderFunctionProps = {}): GrafanaProviderFunction {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(ID) as GrafanaProviderFunction | undefined;
    if (existing) {
      if (props.placement && JSON.stringify(props.placement) !== JSON.stringify(existing.placement)) {
        throw new TelemetryPropsError(
          scope,
          'the stack already has a Grafana provider with another placement',
        );
      }
      return existing;
    }
    return new GrafanaProviderFunction(stack, ID, props);
  }

  /** The provider Lambda function, one per stack. */
  readonly function: lambda.IFunction;
  /** The function's role. */
  readonly role: iam.Role;
  private readonly placement?: GrafanaProvisionerPlacement;

  private constructor(scope: Construct, id: string, props: GrafanaProviderFunctionProps) {
    super(scope, id);
    this.placement = props.placement;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'cdk-telemetry Grafana provider: service account tokens, permissions, the dashboards asset',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const fn = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(providerCodeDir()),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_LATEST,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(5),
      role: this.role,
      logGroup,
      description: 'cdk-telemetry: Grafana data sources, dashboards and permissions (custom resources)',
    });
    acknowledgeInPacks(this.role, 'IAMNoInlinePolicy', INLINE_POLICY_REASON);
    acknowledgeInPacks(
      fn,
      'LambdaDLQ',
      'A custom resource handler, invoked synchronously by CloudFormation: a dead-letter queue only receives failed asynchronous invocations; a failure fails the deployment and is in the function log group',
    );
    acknowledgeInPacks(
      fn,
      'LambdaConcurrency',
      'Runs only while the Grafana stack deploys, a few invocations at a time; reserved concurrency would be taken from the account pool (new accounts cannot reserve any)',
    );
    if (!props.placement) {
      acknowledgeInPacks(
        fn,
        'LambdaInsideVPC',
        'Calls the Grafana workspace endpoint and the AWS APIs only; with grafana.network.provisioner (a workspace behind network access control) it runs in the subnets you name',
      );
    }
    if (props.placement) {
      const p = props.placement;
      (fn.node.defaultChild as lambda.CfnFunction).vpcConfig = {
        subnetIds: [...p.subnetIds],
        securityGroupIds: [...p.securityGroupIds],
      };
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Lambda in a VPC: the ENI actions support no resource scoping (as in AWSLambdaVPCAccessExecutionRole)',
      });
    }
    this.function = fn;
  }

  /** Lets the function act on one workspace. */
  allow(actions: string[], resources: string[]): void {
    this.role.addToPolicy(new iam.PolicyStatement({ actions, resources }));
  }
}
