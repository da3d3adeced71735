/**
 * An Amazon Managed Grafana workspace (`AWS::Grafana::Workspace`) with customer-managed permissions: its own
 * role, trusted by Grafana only for workspaces of this account (confused-deputy guard), read-only on CloudWatch,
 * X-Ray and (when given) Prometheus, allowed to publish to the alert topics; sign-in through IAM Identity Center
 * or SAML; Admin and Editor assignments through `UpdatePermissions` (CloudFormation has no property for them).
 */
import { Aws, CustomResource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as grafana from 'aws-cdk-lib/aws-grafana';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  DEFAULT_GRAFANA_VERSION,
  type GrafanaPrincipals,
  type GrafanaProvisionerPlacement,
  type GrafanaSamlModel,
} from '../model/grafana';
import { acknowledgeInPacks, INLINE_POLICY_REASON } from '../compliance/acknowledge';
import { nagReference } from '../compliance/nag-reference';
import { TelemetryPropsError } from '../util/errors';
import { GrafanaProviderFunction } from './provider-function';
import { PERMISSIONS_RESOURCE_TYPE, type PermissionsProps } from './provider/types';

/** What the provisioning constructs need from a workspace. */
export interface IGrafanaWorkspace {
  /** The workspace id, e.g. `g-1a2b3c4d5e`. */
  readonly workspaceId: string;
  /** Host name of the workspace (no scheme). */
  readonly endpoint: string;
  /** The workspace's ARN. */
  readonly workspaceArn: string;
}

/** SNS topics the workspace may publish to (Grafana contact points), and the keys that encrypt them. */
export interface GrafanaNotificationTopics {
  /** ARNs of the SNS topics the workspace may publish to. */
  readonly topicArns: readonly string[];
  /** Key ARNs of SSE-KMS topics. @default - none */
  readonly keyArns?: readonly string[];
  /** Key aliases (`alias/...`) of SSE-KMS topics whose keys live in another stack. @default - none */
  readonly keyAliases?: readonly string[];
}

/** Properties of {@link GrafanaWorkspace}. */
export interface GrafanaWorkspaceProps {
  /** Workspace name. @default - CloudFormation generates one */
  readonly workspaceName?: string;
  /** @default - none */
  readonly description?: string;
  /** Grafana version; upgrade only (a lower version than deployed fails). @default '10.4' */
  readonly grafanaVersion?: string;
  /** How people sign in. @default ['AWS_SSO'] */
  readonly authentication?: ReadonlyArray<'AWS_SSO' | 'SAML'>;
  /** SAML settings; required when `authentication` includes SAML. @default - none */
  readonly saml?: GrafanaSamlModel;
  /** IAM Identity Center users and groups with the Admin role. @default - none */
  readonly admins?: Partial<GrafanaPrincipals>;
  /** IAM Identity Center users and groups with the Editor role. @default - none */
  readonly editors?: Partial<GrafanaPrincipals>;
  /** Amazon Managed Service for Prometheus workspaces the workspace may query (read-only). @default - none */
  readonly prometheusWorkspaceArns?: readonly string[];
  /** Alert topics for Grafana contact points (adds the SNS notification destination). @default - none */
  readonly notificationTopics?: GrafanaNotificationTopics;
  /** Only these prefix lists and VPC endpoints reach the workspace. @default - open to the internet (sign-in still required) */
  readonly network?: { readonly prefixListIds?: readonly string[]; readonly vpceIds?: readonly string[] };
  /** Where the stack's Grafana provider Lambda runs (needed with `network`). @default - no VPC */
  readonly providerPlacement?: GrafanaProvisionerPlacement;
  /** Let admins manage plugins. @default false */
  readonly pluginAdmin?: boolean;
}

/**
 * An Amazon Managed Grafana workspace (`AWS::Grafana::Workspace`) with customer-managed permissions: its own role,
 * trusted by Grafana only for workspaces of this account (confused-deputy guard), read-only on CloudWatch, X-Ray
 * and (when given) Prometheus, allowed to publish to the alert topics; sign-in through IAM Identity Center or SAML;
 * Admin and Editor assignments through `UpdatePermissions` (CloudFormation has no property for them).
 */
export class GrafanaWorkspace extends Construct implements IGrafanaWorkspace {
  /** The `AWS::Grafana::Workspace` resource. */
  readonly workspace: grafana.CfnWorkspace;
  /** The workspace's IAM role (customer-managed permissions), trusted by Grafana for this account's workspaces only. */
  readonly role: iam.Role;
  /** The workspace id, e.g. `g-1a2b3c4d5e` (a deploy-time token). */
  readonly workspaceId: string;
  /** Host name of the workspace, `g-….grafana-workspace.<region>.amazonaws.com` (no scheme; a deploy-time token). */
  readonly endpoint: string;
  /** The workspace's ARN (a deploy-time token). */
  readonly workspaceArn: string;

  constructor(scope: Construct, id: string, props: GrafanaWorkspaceProps = {}) {
    super(scope, id);
    const version = props.grafanaVersion ?? DEFAULT_GRAFANA_VERSION;
    if (!Token.isUnresolved(version)) {
      const m = /^(\d+)\.\d+$/.exec(version);
      if (!m) throw new TelemetryPropsError(this, `grafanaVersion "${version}" must look like "10.4"`);
      if (Number(m[1]) < 9) {
        throw new TelemetryPropsError(
          this,
          `grafanaVersion ${version} has no service accounts: use 9.4 or later`,
        );
      }
    }
    const authentication = props.authentication ?? ['AWS_SSO'];
    if (authentication.includes('SAML') !== Boolean(props.saml)) {
      throw new TelemetryPropsError(
        this,
        'saml settings are needed exactly when authentication includes SAML',
      );
    }
    const admins = { users: props.admins?.users ?? [], groups: props.admins?.groups ?? [] };
    const editors = { users: props.editors?.users ?? [], groups: props.editors?.groups ?? [] };
    const assigned = [...admins.users, ...admins.groups, ...editors.users, ...editors.groups].length > 0;
    if (assigned && !authentication.includes('AWS_SSO')) {
      throw new TelemetryPropsError(
        this,
        'admins and editors are IAM Identity Center assignments: authentication must include AWS_SSO',
      );
    }
    const network = props.network;
    if (network && (network.prefixListIds ?? []).length + (network.vpceIds ?? []).length === 0) {
      throw new TelemetryPropsError(
        this,
        'network lists no prefixListIds and no vpceIds: nobody could reach the workspace',
      );
    }

    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description:
        'Amazon Managed Grafana workspace role (cdk-telemetry): read-only data access, alert topics',
      assumedBy: new iam.ServicePrincipal('grafana.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:grafana:${Aws.REGION}:${Aws.ACCOUNT_ID}:/workspaces/*`,
          },
        },
      }),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonGrafanaCloudWatchAccess'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSXrayReadOnlyAccess'),
      ],
    });
    acknowledgeInPacks(this.role, 'IAMNoInlinePolicy', INLINE_POLICY_REASON);
    for (const [policy, why] of [
      ['service-role/AmazonGrafanaCloudWatchAccess', 'the CloudWatch data source'],
      ['AWSXrayReadOnlyAccess', 'the X-Ray data source'],
    ]) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
        reason: `The AWS-managed read-only policy for ${why}, kept by AWS in step with what the plugin calls`,
      });
    }
    const prometheus = props.prometheusWorkspaceArns ?? [];
    if (prometheus.length) {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'QueryPrometheus',
          actions: ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'],
          resources: [...prometheus],
        }),
      );
    }
    const topics = props.notificationTopics;
    if (topics?.topicArns.length) {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'PublishAlerts',
          actions: ['sns:Publish'],
          resources: [...topics.topicArns],
        }),
      );
      const viaSns = { 'kms:ViaService': `sns.${Aws.REGION}.${Aws.URL_SUFFIX}` };
      if (topics.keyArns?.length) {
        this.role.addToPolicy(
          new iam.PolicyStatement({
            sid: 'EncryptAlertsByArn',
            actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            resources: [...topics.keyArns],
            conditions: { StringEquals: viaSns },
          }),
        );
        Validations.of(this.role).acknowledge({
          id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          reason:
            'SNS server-side encryption needs GenerateDataKey with any key spec; limited to the given keys, through SNS',
        });
      }
      if (topics.keyAliases?.length) {
        this.role.addToPolicy(
          new iam.PolicyStatement({
            sid: 'EncryptAlertsByAlias',
            actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
            conditions: {
              StringEquals: viaSns,
              'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [...topics.keyAliases] },
            },
          }),
        );
        Validations.of(this.role).acknowledge({
          // As cdk-nag prints it: literal partition and Region when the stack has a Region.
          id: `AwsSolutions-IAM5[Resource::${nagReference(this, stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' }))}]`,
          reason:
            "The alert topics' key lives in the core stack: the grant holds only for the key with the alerts alias, and only through SNS",
        });
        Validations.of(this.role).acknowledge({
          id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          reason:
            'SNS server-side encryption needs GenerateDataKey with any key spec; limited to the alerts key, through SNS',
        });
      }
    }

    const saml = props.saml;
    this.workspace = new grafana.CfnWorkspace(this, 'Resource', {
      name: props.workspaceName,
      description: props.description,
      accountAccessType: 'CURRENT_ACCOUNT',
      authenticationProviders: [...authentication],
      permissionType: 'CUSTOMER_MANAGED',
      roleArn: this.role.roleArn,
      grafanaVersion: version,
      pluginAdminEnabled: props.pluginAdmin ?? false,
      dataSources: ['CLOUDWATCH', 'XRAY', ...(prometheus.length ? ['PROMETHEUS'] : [])],
      notificationDestinations: topics?.topicArns.length ? ['SNS'] : undefined,
      networkAccessControl: network && {
        prefixListIds: network.prefixListIds?.length ? [...network.prefixListIds] : undefined,
        vpceIds: network.vpceIds?.length ? [...network.vpceIds] : undefined,
      },
      samlConfiguration: saml && {
        idpMetadata: saml.metadataUrl ? { url: saml.metadataUrl } : { xml: saml.metadataXml },
        assertionAttributes: { ...saml.assertions },
        roleValues: { admin: [...saml.adminValues], editor: [...saml.editorValues] },
        allowedOrganizations: saml.allowedOrganizations.length ? [...saml.allowedOrganizations] : undefined,
        loginValidityDuration: saml.loginValidityMinutes,
      },
    });
    this.workspaceId = this.workspace.attrId;
    this.endpoint = this.workspace.attrEndpoint;
    this.workspaceArn = stack.formatArn({
      service: 'grafana',
      resource: '/workspaces',
      resourceName: this.workspaceId,
    });

    if (assigned) {
      const provider = GrafanaProviderFunction.of(this, { placement: props.providerPlacement });
      provider.allow(['grafana:UpdatePermissions'], [this.workspaceArn]);
      const spec: PermissionsProps = { workspaceId: this.workspaceId, admins, editors };
      const permissions = new CustomResource(this, 'Permissions', {
        serviceToken: provider.function.functionArn,
        resourceType: PERMISSIONS_RESOURCE_TYPE,
        properties: { Spec: stack.toJsonString(spec) },
      });
      permissions.node.addDependency(provider);
    }
  }
}
