/**
 * What the Grafana custom resources carry (shared by the constructs that write them and the handler that reads
 * them). CloudFormation passes every property value as a string, so nested structures travel as JSON strings.
 * Nothing here is secret: the service account token exists only inside one invocation of the handler.
 */
import type { GrafanaPrincipals } from '../../model/grafana';

export const PROVISIONING_RESOURCE_TYPE = 'Custom::GrafanaProvisioning';
export const PERMISSIONS_RESOURCE_TYPE = 'Custom::GrafanaPermissions';

/** A Grafana data source, upserted by its fixed uid. */
export interface DataSourceSpec {
  /** The data source's fixed uid: dashboards refer to it, and the handler upserts by it. */
  readonly uid: string;
  /** The data source's name in Grafana. */
  readonly name: string;
  /** The Grafana plugin id, e.g. `cloudwatch` or `prometheus`. */
  readonly type: string;
  /** How Grafana reaches the source: through its server (`proxy`). */
  readonly access: 'proxy';
  /**
   * The source's URL (a Prometheus workspace's query endpoint). @default - none: the plugin needs none (CloudWatch,
   * X-Ray)
   */
  readonly url?: string;
  /** Whether panels without a data source use this one. @default false */
  readonly isDefault?: boolean;
  /** The plugin's settings (Region, authentication type, ...). */
  readonly jsonData: Readonly<Record<string, unknown>>;
}

/** A Grafana alerting contact point, upserted by its fixed uid. */
export interface ContactPointSpec {
  /** The contact point's fixed uid. */
  readonly uid: string;
  /** The contact point's name in Grafana. */
  readonly name: string;
  /** The Grafana notifier type, e.g. `sns`. */
  readonly type: string;
  /** The notifier's settings (the topic ARN, the role to assume, ...). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** The Grafana folder the provisioned dashboards go to, upserted by its fixed uid. */
export interface FolderSpec {
  /** The folder's fixed uid. */
  readonly uid: string;
  /** The folder's title. */
  readonly title: string;
}

/** One dashboard in the S3 bundle. */
export interface DashboardEntry {
  /** The dashboard's uid, unique in the workspace. */
  readonly uid: string;
  /** The dashboard's title. */
  readonly title: string;
  /** Where it came from, for error messages: `generated`, or the JSON file's name. */
  readonly source: string;
  /** The dashboard JSON, as Grafana's HTTP API takes it. */
  readonly dashboard: Readonly<Record<string, unknown>>;
}

/** The S3 object the dashboards travel in. */
export interface DashboardBundle {
  readonly dashboards: readonly DashboardEntry[];
}

/** `Custom::GrafanaProvisioning` properties (after JSON decoding). */
export interface ProvisioningProps {
  readonly workspaceId: string;
  /** The workspace host name (`g-….grafana-workspace.<region>.amazonaws.com`), or a full URL in tests. */
  readonly endpoint: string;
  readonly folder: FolderSpec;
  readonly dataSources: readonly DataSourceSpec[];
  readonly contactPoints: readonly ContactPointSpec[];
  readonly dashboards: { readonly bucket: string; readonly key: string; readonly uids: readonly string[] };
}

/** `Custom::GrafanaPermissions` properties (after JSON decoding). */
export interface PermissionsProps {
  readonly workspaceId: string;
  readonly admins: GrafanaPrincipals;
  readonly editors: GrafanaPrincipals;
}
