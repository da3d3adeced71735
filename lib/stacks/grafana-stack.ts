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
import { dashboardUid } from '../grafana/dashboards/frame';
import { productGrafanaDashboard } from '../grafana/dashboards/product-dashboard';
import { hasProduct } from '../model/product';
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
  /** The product dashboard in its own folder, when the model has journeys, KPIs or RUM. */
  readonly productProvisioner?: GrafanaProvisioner;

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
    const dataSources = dataSourceSpecs({ region: this.region, prometheus });
    this.provisioner = new GrafanaProvisioner(this, 'Provisioning', {
      workspace: this.workspace,
      // Folder uids follow the dashboards' rule (at most 40 characters): a long app name is cut and hashed.
      folder: { uid: dashboardUid(`cdk-telemetry-${model.app}`), title: `${model.app} (cdk-telemetry)` },
      dataSources,
      contactPoints: g.contactPoints ? contactPointSpecs(model.app, topicArn) : [],
      dashboards: appDashboards(model, g.dashboards),
      providerPlacement: g.network?.provisioner,
    });
    // Product owners get their folder, away from the operations dashboards (as on CloudWatch).
    if (hasProduct(model.product) && g.dashboards.generated) {
      const dashboard = productGrafanaDashboard(model.app, model.product);
      this.productProvisioner = new GrafanaProvisioner(this, 'ProductProvisioning', {
        workspace: this.workspace,
        folder: {
          uid: dashboardUid(`cdk-telemetry-${model.app}-product`),
          title: `${model.app} product (cdk-telemetry)`,
        },
        dataSources: [],
        sharedDataSources: dataSources,
        dashboards: [
          {
            uid: dashboard.uid,
            title: dashboard.title,
            source: 'generated from journeys, kpis and rum',
            dashboard,
          },
        ],
        providerPlacement: g.network?.provisioner,
      });
      // the data sources it uses are put by the first
      this.productProvisioner.node.addDependency(this.provisioner);
    }
  }
}
