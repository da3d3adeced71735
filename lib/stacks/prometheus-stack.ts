/**
 * The Prometheus stack of an app: an Amazon Managed Service for Prometheus workspace (or an existing one), a rule
 * groups namespace per service with the rules rendered from the model, and the workspace's alert manager
 * definition routing to the core stack's alert topics (addressed by their fixed names). Deployed after the core
 * stack (the topics must exist, and let AMP publish).
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
import { PrometheusWorkspace, type IPrometheusWorkspace } from '../prometheus/workspace';

export interface TelemetryPrometheusStackProps extends StackProps {
  readonly model: TelemetryModel;
  readonly prometheus: PrometheusModel;
  /** Alert topic names are `<topicNamePrefix>-<severity>` (the core stack's). */
  readonly topicNamePrefix: string;
}

export class TelemetryPrometheusStack extends Stack {
  readonly workspace: IPrometheusWorkspace;
  /** The rules of each service that has some, as planned. */
  readonly rulePlans: readonly ServiceRulePlan[];
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
    if (w.type === 'create') {
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
    this.rulePlans = planPrometheusRules(model);
    this.ruleGroups = this.rulePlans.map(
      (plan) =>
        new PrometheusRuleGroups(this, logicalIdFor('Rules', plan.service), {
          workspace: this.workspace,
          namespaceName: plan.namespace,
          rules: plan.file,
        }),
    );
  }
}
