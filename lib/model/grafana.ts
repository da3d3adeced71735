/**
 * The Amazon Managed Grafana part of the telemetry model: the workspace (version, sign-in, who administers and
 * edits), where its data comes from, and which dashboards it gets. Plain data, built from the `grafana:` section
 * of telemetry.yaml or from construct props.
 */

/** IAM Identity Center users and groups, by their identity store ids. */
export interface GrafanaPrincipals {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

export interface GrafanaSamlModel {
  /** IdP metadata, by URL or as XML (exactly one). */
  readonly metadataUrl?: string;
  readonly metadataXml?: string;
  /** Assertion attribute names; `role` is required for admins and editors. */
  readonly assertions: Readonly<
    Partial<Record<'role' | 'email' | 'groups' | 'login' | 'name' | 'org', string>>
  >;
  /** Values of the role attribute that make someone an admin / an editor. */
  readonly adminValues: readonly string[];
  readonly editorValues: readonly string[];
  readonly allowedOrganizations: readonly string[];
  /** Minutes a SAML sign-in stays valid. */
  readonly loginValidityMinutes?: number;
}

/** Where the provisioning Lambda runs when network access control keeps the internet out. */
export interface GrafanaProvisionerPlacement {
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

export interface GrafanaNetworkModel {
  readonly prefixListIds: readonly string[];
  readonly vpceIds: readonly string[];
  readonly provisioner?: GrafanaProvisionerPlacement;
}

export interface GrafanaDashboardSources {
  /** One dashboard per service from the model (same signals as the CloudWatch dashboards). */
  readonly generated: boolean;
  /** The JSON dashboards that ship in the package's `dashboards/` folder. */
  readonly shipped: boolean;
  /** More folders of dashboard JSON files, provisioned as-is. */
  readonly folders: readonly string[];
}

export interface GrafanaModel {
  /** Grafana version of the workspace, e.g. `10.4` (upgrade only). */
  readonly version: string;
  readonly authentication: ReadonlyArray<'AWS_SSO' | 'SAML'>;
  readonly admins: GrafanaPrincipals;
  readonly editors: GrafanaPrincipals;
  readonly saml?: GrafanaSamlModel;
  /** Amazon Managed Service for Prometheus workspace to query, by id. */
  readonly prometheus?: { readonly workspaceId: string; readonly region?: string };
  readonly network?: GrafanaNetworkModel;
  readonly pluginAdmin: boolean;
  readonly dashboards: GrafanaDashboardSources;
  /** Grafana contact points for the alert topics (Grafana alerts reach the same people as CloudWatch alarms). */
  readonly contactPoints: boolean;
}

/** The Grafana version the workspace gets when the config names none (and the one the dashboards target). */
export const DEFAULT_GRAFANA_VERSION = '10.4';
