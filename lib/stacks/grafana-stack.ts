/**
 * The Grafana stack of an app: an Amazon Managed Grafana workspace that can publish to the app's alert topics,
 * with the CloudWatch, X-Ray (and Prometheus) data sources, contact points for the topics, and the dashboards.
 * Deployed after the core stack (the topics and their key must exist).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { Alerting } from '../alerting/alerting';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import type { GrafanaModel } from '../model/grafana';
import type { TelemetryModel } from '../model/telemetry-model';
import { dataSourceSpecs } from '../grafana/data-sources';
import { appDashboards } from '../grafana/dashboards/from-model';
import { contactPointSpecs, GrafanaProvisioner } from '../grafana/provisioner';
import { GrafanaWorkspace } from '../grafana/workspace';

/** Properties of {@link TelemetryGrafanaStack}. */
export interface TelemetryGrafanaStackProps extends StackProps {
  /** The telemetry model: the services whose dashboards the workspace gets. */
  readonly model: TelemetryModel;
  /** The workspace: version, sign-in, users, data sources and dashboards. */
  readonly grafana: GrafanaModel;
  /** Alert topic names are `<topicNamePrefix>-<severity>` (the core stack's). */
  readonly topicNamePrefix: string;
  /**
   * The workspace of the app's `prometheus:` section, queried when `grafana.prometheus` names none: an existing one
   * by id, or the one the Prometheus stack creates, by the SSM parameter holding its id (read at deploy time, so no
   * cross-stack export ties the two stacks). @default - only `grafana.prometheus`
   */
  readonly prometheusWorkspace?:
    { readonly workspaceId: string; readonly region?: string } | { readonly workspaceIdParameter: string };
}

/**
 * The Grafana stack of an app: an Amazon Managed Grafana workspace that can publish to the app's alert topics, with
 * the CloudWatch, X-Ray (and Prometheus) data sources, contact points for the topics, and the dashboards. Deployed
 * after the core stack (the topics and their key must exist).
 */
export class TelemetryGrafanaStack extends Stack {
  /** The Grafana workspace. */
  readonly workspace: GrafanaWorkspace;
  /** What is provisioned inside it: data sources, contact points and dashboards. */
  readonly provisioner: GrafanaProvisioner;

  constructor(scope: Construct, id: string, props: TelemetryGrafanaStackProps) {
    super(scope, id, props);
    const { model, grafana: g } = props;
    const topicNames = Alerting.topicNamesFor(props.topicNamePrefix);
    const topicArn = (severity: Severity) => Alerting.topicArn(this, topicNames[severity]);
    const ws = props.prometheusWorkspace;
    const prometheus =
      g.prometheus ??
      (ws &&
        ('workspaceIdParameter' in ws
          ? { workspaceId: ssm.StringParameter.valueForStringParameter(this, ws.workspaceIdParameter) }
          : ws));
    const prometheusArn =
      prometheus &&
      this.formatArn({
        service: 'aps',
        region: prometheus.region,
        resource: 'workspace',
        resourceName: prometheus.workspaceId,
      });
    this.workspace = new GrafanaWorkspace(this, 'Workspace', {
      workspaceName: `${model.app}-telemetry`,
      description: `${model.app} telemetry dashboards (cdk-telemetry)`,
      grafanaVersion: g.version,
      authentication: g.authentication,
      saml: g.saml,
      admins: g.admins,
      editors: g.editors,
      prometheusWorkspaceArns: prometheusArn ? [prometheusArn] : [],
      notificationTopics: {
        topicArns: SEVERITIES.map(topicArn),
        keyAliases: [Alerting.keyAliasName(props.topicNamePrefix)],
      },
      network: g.network && { prefixListIds: g.network.prefixListIds, vpceIds: g.network.vpceIds },
      providerPlacement: g.network?.provisioner,
      pluginAdmin: g.pluginAdmin,
    });
    this.provisioner = new GrafanaProvisioner(this, 'Provisioning', {
      workspace: this.workspace,
      folder: { uid: `cdk-telemetry-${model.app}`, title: `${model.app} (cdk-telemetry)` },
      dataSources: dataSourceSpecs({ region: this.region, prometheus }),
      contactPoints: g.contactPoints ? contactPointSpecs(model.app, topicArn) : [],
      dashboards: appDashboards(model, g.dashboards),
      providerPlacement: g.network?.provisioner,
    });
  }
}
