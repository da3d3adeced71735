/**
 * What ECS clusters and services share: Container Insights settings, the utilization rows written the same way
 * for both, and reading a cluster's setting from its construct. `ecs-cluster.ts` and `ecs-service.ts` are the kinds.
 */
import type { CfnCluster } from 'aws-cdk-lib/aws-ecs';
import type { SchemaKit } from '../../config/schema-kit';
import type { ConstructContext } from './types';
import { AWS_RECOMMENDED, type CatalogRow, type EntryField } from './types';

export const ECS_SRC = `${AWS_RECOMMENDED}#ECS`;
export const CI_SRC = `${AWS_RECOMMENDED}#ECS-ContainerInsights`;
export const ENHANCED_SRC = `${AWS_RECOMMENDED}#ECS-ContainerInsights-enhanced`;
export const CI_METRICS =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html';
export const ENHANCED_METRICS =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-enhanced-observability-metrics-ECS.html';

/** A cluster's `containerInsights` setting, as ECS spells it. */
export const INSIGHTS = ['disabled', 'enabled', 'enhanced'] as const;
export type Insights = (typeof INSIGHTS)[number];

/** Said of every row whose metric only enhanced observability publishes. */
export const ENHANCED_ONLY =
  'Container Insights publishes TaskCpuUtilization, TaskMemoryUtilization, TaskEphemeralStorageUtilization and the Container*Utilization metrics only with enhanced observability (the standard metrics page lists none of them), so the row is on for `containerInsights: enhanced`.';

export const insightsField = (k: SchemaKit) =>
  k.z
    .enum(INSIGHTS)
    .optional()
    .describe(
      "The cluster's Container Insights setting (containerInsights): `enabled` adds the Container Insights alarms, `enhanced` the task and container utilization ones too. Read from the cluster construct. Default disabled (the account's default setting may differ: say it here).",
    );

/** A utilization row (Average above a percentage, 5 of 5 minutes), as AWS writes them for ECS. */
export function utilization(
  id: string,
  metricName: string,
  o: {
    readonly namespace?: string;
    readonly dimensionMap?: Readonly<Record<string, string>>;
    readonly threshold?: number;
    readonly enabled?: boolean;
    readonly what: string;
    readonly firstStep: string;
    readonly source: string;
    readonly implements: string;
    readonly why?: string;
    readonly differs?: readonly EntryField[];
  },
): CatalogRow {
  return {
    id,
    signal: id,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    ...(o.dimensionMap ? { dimensionMap: o.dimensionMap } : {}),
    metric: { type: 'metric', metricName, stat: 'Average' },
    threshold: o.threshold ?? 80,
    comparison: 'GreaterThanThreshold',
    period: 60,
    datapoints: [5, 5],
    missing: 'notBreaching',
    severity: 'warning',
    enabled: o.enabled ?? true,
    unit: 'percent',
    meaning: `${o.what} of {resource} is above {threshold}`,
    firstStep: o.firstStep,
    source: o.source,
    ...(o.why ? { why: o.why } : {}),
    implements: o.implements,
    ...(o.differs ? { differs: o.differs } : {}),
  };
}

/** The Container Insights setting of a cluster construct (L1 settings), when the template says it. */
export function insightsOf(ctx: ConstructContext, cluster: CfnCluster): Insights | undefined {
  const settings = ctx.resolve(cluster, cluster.clusterSettings);
  if (!Array.isArray(settings)) return undefined;
  for (const s of settings as Array<Record<string, unknown>>) {
    const name = ctx.string(s.Name ?? s.name);
    const value = ctx.string(s.Value ?? s.value);
    if (name === 'containerInsights' && (INSIGHTS as readonly string[]).includes(value ?? ''))
      return value as Insights;
  }
  return undefined;
}

/** The cluster name in a service's `Cluster` property: the name, or the name part of a cluster ARN. */
export function clusterNameOf(value: string): string {
  const m = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/(.+)$/.exec(value);
  return m ? m[1] : value;
}
