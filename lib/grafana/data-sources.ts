/**
 * The data sources every workspace gets, with fixed uids so that dashboards (generated and shipped) can name
 * them. `ec2_iam_role` means "the workspace's IAM role" in Amazon Managed Grafana (`workspace-iam-role` is not a
 * valid value and fails with a 502).
 */
import type { DataSourceSpec } from './provider/types';

/** The fixed uid and plugin type of each data source the workspace can get, by name. */
export const DATA_SOURCES = {
  cloudwatch: { uid: 'cdk-telemetry-cloudwatch', type: 'cloudwatch' },
  xray: { uid: 'cdk-telemetry-xray', type: 'grafana-x-ray-datasource' },
  prometheus: { uid: 'cdk-telemetry-prometheus', type: 'prometheus' },
} as const;

/** A data source as a dashboard refers to it. */
export type DataSourceRef = {
  /** The data source's fixed uid, e.g. `cdk-telemetry-cloudwatch`. */
  readonly uid: string;
  /** The Grafana plugin id, e.g. `cloudwatch`. */
  readonly type: string;
};

/** Options of `dataSourceSpecs`: the data sources a workspace gets. */
export interface DataSourceOptions {
  /** The Region CloudWatch and X-Ray read by default (a token is fine). */
  readonly region: string;
  /** An Amazon Managed Service for Prometheus workspace to query. @default - no Prometheus data source */
  readonly prometheus?: { readonly workspaceId: string; readonly region?: string };
}

/** The data sources to provision, CloudWatch first (and default). */
export function dataSourceSpecs(o: DataSourceOptions): DataSourceSpec[] {
  const specs: DataSourceSpec[] = [
    {
      ...DATA_SOURCES.cloudwatch,
      name: 'CloudWatch (cdk-telemetry)',
      access: 'proxy',
      isDefault: true,
      jsonData: { authType: 'ec2_iam_role', defaultRegion: o.region },
    },
    {
      ...DATA_SOURCES.xray,
      name: 'X-Ray (cdk-telemetry)',
      access: 'proxy',
      jsonData: { authType: 'ec2_iam_role', defaultRegion: o.region },
    },
  ];
  if (o.prometheus) {
    const region = o.prometheus.region ?? o.region;
    specs.push({
      ...DATA_SOURCES.prometheus,
      name: 'Prometheus (cdk-telemetry)',
      access: 'proxy',
      url: `https://aps-workspaces.${region}.amazonaws.com/workspaces/${o.prometheus.workspaceId}/`,
      jsonData: { httpMethod: 'POST', sigV4Auth: true, sigV4AuthType: 'ec2_iam_role', sigV4Region: region },
    });
  }
  return specs;
}
