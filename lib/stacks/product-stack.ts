/**
 * The product stack, `<app>-telemetry-product`: journey and KPI alarms, and the product dashboard, for product
 * owners (away from the operations stacks and dashboards). Alarms address the core alert topics by name.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnMetricFilter } from 'aws-cdk-lib/aws-logs';
import { logKpiMetric } from '../model/kpis';
import type { Construct } from 'constructs';
import { AlarmSet } from '../alarms/alarm-set';
import { layoutProductDashboard } from '../dashboards/product-dashboard';
import type { AlarmSpec } from '../model/alarm-spec';
import type { ProductModel } from '../model/product';
import { PlanError } from '../model/plan';
import { topicArnByName } from './alert-topics';
import { RumMonitor } from './rum-monitor';
import { estimateAlarmBytes, estimateDashboardBytes, estimateTagBytes } from './sharding';

/**
 * Estimated template bytes the product stack may take (the monitoring stacks' bound, under CloudFormation's 1 MB):
 * it is not split, and every alarm carries the app's tags, so long tags and many journeys and KPIs can overfill it.
 */
export const PRODUCT_STACK_MAX_BYTES = 800_000;

/** Why the product stack's alarms, dashboard and tags do not fit one template, if they do not. */
function productSizeProblem(
  alarms: readonly AlarmSpec[],
  dashboardBytes: number,
  tags: Readonly<Record<string, string>>,
): PlanError | undefined {
  const tagBytes = estimateTagBytes(tags);
  const alarmBytes = alarms.reduce((n, a) => n + estimateAlarmBytes(a), 0);
  const kb = (bytes: number) => Math.round(bytes / 1000);
  const total = alarmBytes + dashboardBytes + alarms.length * tagBytes;
  if (total <= PRODUCT_STACK_MAX_BYTES) return undefined;
  const limit = `the product stack (journeys, KPIs) is about ${kb(total)} KB, over the ${kb(PRODUCT_STACK_MAX_BYTES)} KB kept under CloudFormation's 1 MB`;
  return alarmBytes + dashboardBytes <= PRODUCT_STACK_MAX_BYTES
    ? new PlanError(
        'tags',
        `${limit}: each of its ${alarms.length} alarms carries the tags (about ${tagBytes} bytes); write shorter or fewer tags`,
      )
    : new PlanError(
        'journeys',
        `${limit}: ${alarms.length} alarms; list fewer journeys, stages or KPI alarms`,
      );
}

export interface TelemetryProductStackProps extends StackProps {
  readonly app: string;
  readonly product: ProductModel;
  /** The planned product alarms (`planProduct`). */
  readonly alarms: readonly AlarmSpec[];
  /** Literal Region for dashboards. @default - the deploy Region */
  readonly region?: string;
}

/** Journey and KPI alarms and the product dashboard of an app. */
export class TelemetryProductStack extends Stack {
  readonly alarmSet: AlarmSet;
  /** The journey and KPI alarms this stack holds, as planned (what `review` reads back). */
  readonly alarms: readonly AlarmSpec[];
  /** The RUM app monitor, when the model has `rum`. */
  readonly rum?: RumMonitor;

  constructor(scope: Construct, id: string, props: TelemetryProductStackProps) {
    super(scope, id, props);
    this.alarms = props.alarms;
    const dashboard = layoutProductDashboard(props.app, props.product, props.alarms);
    const problem = productSizeProblem(props.alarms, estimateDashboardBytes(dashboard), props.tags ?? {});
    if (problem) throw problem;
    this.alarmSet = new AlarmSet(this, 'Product', {
      alarms: props.alarms,
      dashboards: [dashboard],
      resolveAction: topicArnByName,
      region: props.region,
    });
    if (props.product.rum) this.rum = new RumMonitor(this, 'Rum', { app: props.app, rum: props.product.rum });
    // KPIs of applications that only log: each matching event counts 1 in `Kpi.<name>`, 0 when none match.
    for (const k of props.product.kpis) {
      if (!k.logs) continue;
      const metric = logKpiMetric(props.app, k.name);
      new CfnMetricFilter(
        this,
        `Kpi${k.name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`,
        {
          logGroupName: k.logs.logGroup,
          filterName: `${props.app}-kpi-${k.name}`,
          filterPattern: k.logs.pattern,
          metricTransformations: [
            {
              metricNamespace: metric.namespace,
              metricName: metric.metricName,
              metricValue: '1',
              defaultValue: 0,
              unit: 'Count',
            },
          ],
        },
      );
    }
  }
}
