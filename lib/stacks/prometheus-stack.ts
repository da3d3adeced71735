/**
 * The Prometheus stack of an app: an Amazon Managed Service for Prometheus workspace (or an existing one), a rule
 * groups namespace per service with the rules rendered from the model, and the workspace's alert manager
 * definition routing to the core stack's alert topics (addressed by their fixed names). Deployed after the core
 * stack (the topics must exist, and let AMP publish).
 *
 * Rules files are inline template strings: when the namespaces of a large app would not fit one template, they
 * are packed into parts (`<app>-telemetry-prometheus-2`, ...) that find the workspace through its id parameter.
 */
import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { Alerting } from '../alerting/alerting';
import type { PrometheusModel } from '../model/prometheus';
import { logicalIdFor } from '../model/naming';
import type { TelemetryModel } from '../model/telemetry-model';
import { renderAlertManagerDefinition } from '../prometheus/alert-manager';
import { PrometheusRuleGroups } from '../prometheus/rule-groups';
import { planPrometheusRules, type ServiceRulePlan } from '../prometheus/rules/plan';
import { renderRuleFile } from '../prometheus/rules/render';
import { PrometheusWorkspace, type IPrometheusWorkspace } from '../prometheus/workspace';

/** Properties of {@link TelemetryPrometheusStack}. */
export interface TelemetryPrometheusStackProps extends StackProps {
  /** The telemetry model: the services whose rules the workspace gets. */
  readonly model: TelemetryModel;
  /** The workspace to create or use, and its alert manager. */
  readonly prometheus: PrometheusModel;
  /** Alert topic names are `<topicNamePrefix>-<severity>` (the core stack's). */
  readonly topicNamePrefix: string;
  /** The rules this stack deploys. @default - every service's (planPrometheusRules) */
  readonly rulePlans?: readonly ServiceRulePlan[];
  /**
   * 1 for the stack with the workspace and its alert manager; 2 and up for parts with more rules only, which read
   * the workspace id from the first stack's SSM parameter. @default 1
   */
  readonly part?: number;
}

/** Bytes of rules files per stack: escaped into JSON they stay well under CloudFormation's 1 MB per template. */
export const PROMETHEUS_STACK_RULE_BYTES = 600_000;

/** Rule plans in stack-sized parts, in order; a service's namespace is never split. At least one part. */
export function packRulePlans(
  plans: readonly ServiceRulePlan[],
  maxBytes = PROMETHEUS_STACK_RULE_BYTES,
): ServiceRulePlan[][] {
  const parts: ServiceRulePlan[][] = [[]];
  let bytes = 0;
  for (const plan of plans) {
    const size = Buffer.byteLength(renderRuleFile(plan.file));
    if (parts[parts.length - 1].length > 0 && bytes + size > maxBytes) {
      parts.push([]);
      bytes = 0;
    }
    parts[parts.length - 1].push(plan);
    bytes += size;
  }
  return parts;
}

/**
 * The Prometheus stack of an app: an Amazon Managed Service for Prometheus workspace (or an existing one), a rule
 * groups namespace per service with the rules rendered from the model, and the workspace's alert manager definition
 * routing to the core stack's alert topics (addressed by their fixed names). Deployed after the core stack (the
 * topics must exist, and let AMP publish).
 */
export class TelemetryPrometheusStack extends Stack {
  /** The workspace, created here or imported. */
  readonly workspace: IPrometheusWorkspace;
  /** The rules of each service that has some, as planned. */
  readonly rulePlans: readonly ServiceRulePlan[];
  /** The rule groups namespaces created, one per planned namespace (`rulePlans`). */
  readonly ruleGroups: readonly PrometheusRuleGroups[];
  /** The alert manager definition given to the created workspace (`Fn::Sub` text). */
  readonly alertManagerDefinition?: string;

  /** The SSM parameter holding the id of the workspace this stack creates: `/<app>/telemetry/prometheus-workspace-id`. */
  static workspaceIdParameterName(app: string): string {
    return `/${app}/telemetry/prometheus-workspace-id`;
  }

  constructor(scope: Construct, id: string, props: TelemetryPrometheusStackProps) {
    super(scope, id, props);
    const { model, prometheus: p } = props;
    const w = p.workspace;
    const part = props.part ?? 1;
    if (part > 1) {
      this.workspace =
        w.type === 'create'
          ? PrometheusWorkspace.fromWorkspaceId(
              this,
              'Workspace',
              ssm.StringParameter.valueForStringParameter(
                this,
                TelemetryPrometheusStack.workspaceIdParameterName(model.app),
              ),
            )
          : PrometheusWorkspace.fromWorkspaceId(this, 'Workspace', w.workspaceId, w.region);
    } else if (w.type === 'create') {
      if (p.alertManager) {
        const names = Alerting.topicNamesFor(props.topicNamePrefix);
        // Rendered with CloudFormation placeholders and substituted at deploy time: no cross-stack references.
        const text = renderAlertManagerDefinition({
          app: model.app,
          settings: p.alertManager,
          topicArn: (s) => `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${names[s]}`,
          region: '${AWS::Region}',
        });
        if (/\$\{(?!AWS::(Partition|Region|AccountId)\})/.test(text))
          throw new Error('the alert manager definition holds a "${" that Fn::Sub would substitute');
        this.alertManagerDefinition = Fn.sub(text);
      }
      this.workspace = new PrometheusWorkspace(this, 'Workspace', {
        alias: w.alias,
        retentionPeriodDays: w.retentionDays,
        alertManagerDefinition: this.alertManagerDefinition,
      });
      // Other stacks (Grafana) read the generated id from here at deploy time, instead of through an export.
      new ssm.StringParameter(this, 'WorkspaceId', {
        parameterName: TelemetryPrometheusStack.workspaceIdParameterName(model.app),
        description: `Id of the ${model.app} telemetry Prometheus workspace (cdk-telemetry)`,
        stringValue: this.workspace.workspaceId,
      });
    } else {
      this.workspace = PrometheusWorkspace.fromWorkspaceId(this, 'Workspace', w.workspaceId, w.region);
    }
    this.rulePlans = props.rulePlans ?? planPrometheusRules(model);
    this.ruleGroups = this.rulePlans.map(
      (plan) =>
        new PrometheusRuleGroups(this, logicalIdFor('Rules', plan.namespace), {
          workspace: this.workspace,
          namespaceName: plan.namespace,
          rules: plan.file,
        }),
    );
  }
}
