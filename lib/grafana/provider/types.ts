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
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly access: 'proxy';
  readonly url?: string;
  readonly isDefault?: boolean;
  readonly jsonData: Readonly<Record<string, unknown>>;
}

/** A Grafana alerting contact point, upserted by its fixed uid. */
export interface ContactPointSpec {
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface FolderSpec {
  readonly uid: string;
  readonly title: string;
}

/** One dashboard in the S3 bundle. */
export interface DashboardEntry {
  readonly uid: string;
  readonly title: string;
  /** Where it came from, for error messages: `generated`, or the JSON file's name. */
  readonly source: string;
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
