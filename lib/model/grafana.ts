/**
 * The Amazon Managed Grafana part of the telemetry model: the workspace (version, sign-in, who administers and
 * edits), where its data comes from, and which dashboards it gets. Plain data, built from the `grafana:` section
 * of telemetry.yaml or from construct props.
 */

/** IAM Identity Center users and groups, by their identity store ids. */
export interface GrafanaPrincipals {
  /** IAM Identity Center user ids (empty for none). */
  readonly users: readonly string[];
  /** IAM Identity Center group ids (empty for none). */
  readonly groups: readonly string[];
}

/**
 * SAML sign-in to the workspace: the identity provider's metadata, its assertion attributes and who gets which role.
 */
export interface GrafanaSamlModel {
  /** IdP metadata, by URL or as XML (exactly one). @default - none: `metadataXml` is given */
  readonly metadataUrl?: string;
  /** IdP metadata as XML. @default - none: `metadataUrl` is given */
  readonly metadataXml?: string;
  /** Assertion attribute names; `role` is required for admins and editors. */
  readonly assertions: Readonly<
    Partial<Record<'role' | 'email' | 'groups' | 'login' | 'name' | 'org', string>>
  >;
  /** Values of the role attribute that make someone an admin / an editor. */
  readonly adminValues: readonly string[];
  /** Values of the role attribute that make someone an editor. */
  readonly editorValues: readonly string[];
  /** Organizations whose users may sign in (the `org` assertion); empty for any. */
  readonly allowedOrganizations: readonly string[];
  /** Minutes a SAML sign-in stays valid. @default - Amazon Managed Grafana's default session length */
  readonly loginValidityMinutes?: number;
}

/** Where the provisioning Lambda runs when network access control keeps the internet out. */
export interface GrafanaProvisionerPlacement {
  /** The subnets the provisioning Lambda runs in (they must reach the workspace's VPC endpoint). */
  readonly subnetIds: readonly string[];
  /** The security groups of the provisioning Lambda. */
  readonly securityGroupIds: readonly string[];
}

/** Network access control of the workspace: who may reach it, besides the provisioning Lambda's placement. */
export interface GrafanaNetworkModel {
  /** Managed prefix lists whose addresses may reach the workspace. */
  readonly prefixListIds: readonly string[];
  /** VPC endpoints (of `com.amazonaws.<region>.grafana-workspace`) through which the workspace may be reached. */
  readonly vpceIds: readonly string[];
  /**
   * Where the provisioning Lambda runs, so it can reach a workspace the internet cannot. @default - outside any VPC (it
   * then cannot reach a workspace behind network access control)
   */
  readonly provisioner?: GrafanaProvisionerPlacement;
}

/** Which dashboards the workspace gets: generated from the model, shipped with the package, and folders of your own. */
export interface GrafanaDashboardSources {
  /** One dashboard per service from the model (same signals as the CloudWatch dashboards). */
  readonly generated: boolean;
  /** The JSON dashboards that ship in the package's `dashboards/` folder. */
  readonly shipped: boolean;
  /** More folders of dashboard JSON files, provisioned as-is. */
  readonly folders: readonly string[];
}

/** The Amazon Managed Grafana workspace: version, sign-in, who administers and edits, data sources and dashboards. */
export interface GrafanaModel {
  /** Grafana version of the workspace, e.g. `10.4` (upgrade only). */
  readonly version: string;
  /** How users sign in: IAM Identity Center (`AWS_SSO`), SAML, or both. */
  readonly authentication: ReadonlyArray<'AWS_SSO' | 'SAML'>;
  /** Who administers the workspace (Identity Center users and groups). */
  readonly admins: GrafanaPrincipals;
  /** Who edits dashboards (Identity Center users and groups). */
  readonly editors: GrafanaPrincipals;
  /** SAML sign-in, required when `authentication` includes `SAML`. @default - none: no SAML sign-in */
  readonly saml?: GrafanaSamlModel;
  /** Amazon Managed Service for Prometheus workspace to query, by id. @default - none: no Prometheus data source */
  readonly prometheus?: { readonly workspaceId: string; readonly region?: string };
  /**
   * Network access control of the workspace. @default - none: the workspace is reachable from the internet (sign-in
   * still required)
   */
  readonly network?: GrafanaNetworkModel;
  /** Whether admins may install and update plugins in the workspace. */
  readonly pluginAdmin: boolean;
  /** Which dashboards the workspace gets. */
  readonly dashboards: GrafanaDashboardSources;
  /** Grafana contact points for the alert topics (Grafana alerts reach the same people as CloudWatch alarms). */
  readonly contactPoints: boolean;
}

/** The Grafana version the workspace gets when the config names none (and the one the dashboards target). */
export const DEFAULT_GRAFANA_VERSION = '10.4';
