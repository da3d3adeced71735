/**
 * Data sources, contact points and dashboards inside a Grafana workspace, as a custom resource. The dashboards
 * travel as an S3 asset (a custom resource's properties are limited to 4 KB); the properties carry the folder,
 * the data sources, the contact points and the dashboard uids (to remove the ones that go away). Every dashboard
 * is validated at synth time: an invalid one stops synthesis with its name and the problem.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aws, CustomResource, Stack } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import type { GrafanaProvisionerPlacement } from '../model/grafana';
import { shortHash } from '../model/naming';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import { TelemetryPropsError } from '../util/errors';
import { dataSourceSpecs } from './data-sources';
import { dashboardProblems, uidProblem } from './dashboards/validate';
import { GrafanaProviderFunction } from './provider-function';
import {
  PROVISIONING_RESOURCE_TYPE,
  type ContactPointSpec,
  type DashboardBundle,
  type DashboardEntry,
  type DataSourceSpec,
  type FolderSpec,
  type ProvisioningProps,
} from './provider/types';
import type { IGrafanaWorkspace } from './workspace';

/** Properties of {@link GrafanaProvisioner}. */
export interface GrafanaProvisionerProps {
  /** The workspace to provision. */
  readonly workspace: IGrafanaWorkspace;
  /** The folder the dashboards go in (fixed uid). */
  readonly folder: FolderSpec;
  /** @default - CloudWatch and X-Ray in the stack's Region (`dataSourceSpecs`) */
  readonly dataSources?: readonly DataSourceSpec[];
  /**
   * Data sources another provisioner of the same workspace puts (its `dataSources`), which these dashboards may use:
   * checked against, not provisioned (so removing this provisioner never removes them). @default - none
   */
  readonly sharedDataSources?: readonly DataSourceSpec[];
  /** @default - none */
  readonly contactPoints?: readonly ContactPointSpec[];
  /** The dashboards, validated at synth (an invalid one stops synthesis). */
  readonly dashboards: readonly DashboardEntry[];
  /** Where the stack's Grafana provider Lambda runs. @default - no VPC */
  readonly providerPlacement?: GrafanaProvisionerPlacement;
}

/** Grafana SNS contact points, one per alert topic (uid `ct-<app>-<severity>`), using the workspace role. */
export function contactPointSpecs(app: string, topicArn: (severity: Severity) => string): ContactPointSpec[] {
  return SEVERITIES.map((severity) => ({
    uid: `ct-${app}-${severity}`,
    name: `${app} ${severity}`,
    type: 'sns',
    settings: {
      topic_arn: topicArn(severity),
      sigv4: { region: Aws.REGION },
      subject: `[${severity}] {{ .CommonLabels.alertname }}`,
    },
  }));
}

/**
 * Data sources, contact points and dashboards inside a Grafana workspace, as a custom resource. The dashboards
 * travel as an S3 asset (a custom resource's properties are limited to 4 KB); the properties carry the folder, the
 * data sources, the contact points and the dashboard uids (to remove the ones that go away). Every dashboard is
 * validated at synth time: an invalid one stops synthesis with its name and the problem.
 */
export class GrafanaProvisioner extends Construct {
  /** The `Custom::GrafanaProvisioning` resource. */
  readonly resource: CustomResource;
  /** The S3 asset the dashboards travel in. */
  readonly dashboardsAsset: s3assets.Asset;

  constructor(scope: Construct, id: string, props: GrafanaProvisionerProps) {
    super(scope, id);
    const dataSources = props.dataSources ?? dataSourceSpecs({ region: Aws.REGION });
    const problems = dashboardProblems(props.dashboards, [
      ...dataSources,
      ...(props.sharedDataSources ?? []),
    ]);
    if (problems.length) {
      throw new TelemetryPropsError(
        this,
        `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`,
      );
    }
    const folderUidIssue = uidProblem(props.folder.uid);
    if (folderUidIssue) throw new TelemetryPropsError(this, `folder ${folderUidIssue}`);

    const bundle: DashboardBundle = { dashboards: props.dashboards };
    const text = JSON.stringify(bundle);
    const dir = join(tmpdir(), 'cdk-telemetry-dashboards');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${shortHash(text)}-${text.length}.json`);
    writeFileSync(file, text);
    this.dashboardsAsset = new s3assets.Asset(this, 'Dashboards', { path: file });

    const provider = GrafanaProviderFunction.of(this, { placement: props.providerPlacement });
    const { workspace } = props;
    provider.allow(
      [
        'grafana:ListWorkspaceServiceAccounts',
        'grafana:CreateWorkspaceServiceAccount',
        'grafana:DeleteWorkspaceServiceAccount',
        'grafana:CreateWorkspaceServiceAccountToken',
        'grafana:DeleteWorkspaceServiceAccountToken',
      ],
      [workspace.workspaceArn],
    );
    provider.allow(
      ['s3:GetObject'],
      [
        Stack.of(this).formatArn({
          service: 's3',
          region: '',
          account: '',
          resource: this.dashboardsAsset.s3BucketName,
          resourceName: this.dashboardsAsset.s3ObjectKey,
        }),
      ],
    );

    const spec: ProvisioningProps = {
      workspaceId: workspace.workspaceId,
      endpoint: workspace.endpoint,
      folder: props.folder,
      dataSources,
      contactPoints: props.contactPoints ?? [],
      dashboards: {
        bucket: this.dashboardsAsset.s3BucketName,
        key: this.dashboardsAsset.s3ObjectKey,
        uids: props.dashboards.map((d) => d.uid),
      },
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.function.functionArn,
      resourceType: PROVISIONING_RESOURCE_TYPE,
      properties: { Spec: Stack.of(this).toJsonString(spec) },
    });
    this.resource.node.addDependency(provider);
  }
}
