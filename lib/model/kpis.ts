/**
 * KPIs in the model: business metrics written by the runtime (the contract's `KpiCount`, `KpiSuccess`,
 * `FeatureUsed`, `KpiValue`, with the `Kpi` dimension) or counted from logs by a metric filter, and the alarm on a
 * drop of a success rate. Pure data, no CDK.
 */
import type { AlarmSpec, MetricId } from './alarm-spec';
import { appNamespace, cleanName, kpiMetric, NAME_PART_CHARS } from './app-metrics';
import { formatDuration } from './duration';
import { PRODUCT_SERVICE, type ProductRouting } from './journeys';
import { alarmName } from './naming';
import { actionsFor, describeAlarm } from './plan';

/** The resource kind of KPI alarms in their labels. */
export const KPI_KIND = 'kpi';

export type KpiType = 'count' | 'successRate' | 'features' | 'value';

/** The alarm on a drop of a success rate. */
export interface KpiRateAlarm {
  /** Percent. */
  readonly below: number;
  readonly minAttempts: number;
  /** Seconds. */
  readonly period: number;
  readonly datapoints: readonly [number, number];
  readonly severity: 'critical' | 'warning';
}

export interface KpiModel {
  readonly name: string;
  readonly description?: string;
  readonly type: KpiType;
  /** `features`: the features shown. */
  readonly features?: readonly string[];
  readonly alarm?: KpiRateAlarm;
  /** Counted from logs instead of the runtime: a metric filter on this log group. */
  readonly logs?: { readonly logGroup: string; readonly pattern: string };
  readonly origin: string;
}

/**
 * The metric a log-extracted KPI is written to by its metric filter: `Kpi.<name>` in the app's namespace, without
 * dimensions (a metric filter's dimensions can only be fields of the log event, not a constant `Kpi`).
 */
export function logKpiMetric(app: string, kpi: string): MetricId {
  return {
    namespace: appNamespace(app),
    metricName: `Kpi.${cleanName(kpi, NAME_PART_CHARS)}`,
    dimensions: {},
  };
}

/** The metric a KPI is counted in (the first, for a rate: its success metric). */
export function kpiMainMetric(app: string, k: KpiModel): MetricId {
  if (k.logs) return logKpiMetric(app, k.name);
  switch (k.type) {
    case 'count':
      return kpiMetric(app, k.name, 'kpiCount');
    case 'successRate':
      return kpiMetric(app, k.name, 'kpiSuccess');
    case 'value':
      return kpiMetric(app, k.name, 'kpiValue');
    case 'features':
      return kpiMetric(app, k.name, 'featureUsed', k.features?.[0]);
  }
}

/** The success rate in percent, judged only with `minAttempts` attempts in the period (100 otherwise). */
export function kpiRateAlarm(app: string, k: KpiModel, routing: ProductRouting): AlarmSpec | undefined {
  const a = k.alarm;
  if (!a || k.type !== 'successRate') return undefined;
  const metric = kpiMetric(app, k.name, 'kpiSuccess');
  const signal = 'successRate';
  return {
    type: 'metric',
    name: alarmName({ app, service: PRODUCT_SERVICE, resource: k.name, signal, severity: a.severity }),
    description: describeAlarm({
      meaning: `The success rate of ${k.name} dropped below ${a.below} %`,
      guard: ` (with at least ${a.minAttempts} attempts per ${formatDuration(a.period * 1000)})`,
      firstStep: `look at the errors behind the failed ${k.name} attempts (the operations dashboards), then at the release or partner behind them`,
    }),
    source: {
      type: 'math',
      expression: `IF(attempts >= ${a.minAttempts}, 100 * ok, 100)`,
      label: `${k.name} success rate (%)`,
      period: a.period,
      metrics: [
        { id: 'ok', metric, stat: 'Average', period: a.period },
        { id: 'attempts', metric, stat: 'SampleCount', period: a.period },
      ],
    },
    comparison: 'LessThanThreshold',
    threshold: a.below,
    evaluationPeriods: a.datapoints[1],
    datapointsToAlarm: a.datapoints[0],
    treatMissingData: 'notBreaching',
    severity: a.severity,
    actions: actionsFor(a.severity, { ...routing, pageVia: 'each' }),
    labels: { app, service: PRODUCT_SERVICE, resource: k.name, kind: KPI_KIND, signal },
  };
}
