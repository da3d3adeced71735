/**
 * A Grafana dashboard per service, generated from the telemetry model with @grafana/grafana-foundation-sdk
 * (pinned to the 10.4 tag: the workspace's default version; newer Grafana migrates the schema forward). It shows
 * the same graphs as the service's CloudWatch dashboard (`graphsFor`, fed by each kind's `signals`): one row per
 * resource kind, one graph per signal across that kind's resources, budgets and alarm thresholds drawn as dashed
 * threshold lines. Services with Lambda functions also get their faulted X-Ray traces.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  CloudWatchMetricsQueryBuilder,
  CloudWatchQueryMode,
  MetricEditorMode,
  MetricQueryType,
} from '@grafana/grafana-foundation-sdk/cloudwatch';
import { DashboardLinkBuilder, DashboardLinkType } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { sloPanels, type SloPanel } from '../../dashboards/slo-panels';
import { graphsFor, type GraphSpec } from '../../dashboards/cloudwatch-layout';
import { CATALOG, KIND_ORDER } from '../../model/kinds';
import { LIMITS } from '../../model/limits';
import type { ServiceModel } from '../../model/telemetry-model';
import { DATA_SOURCES } from '../data-sources';
import { DashboardFrame, refId, timeSeriesPanel, type DashboardJson, dashboardUid } from './frame';

export { dashboardUid, refId, type DashboardJson } from './frame';

/** An X-Ray data source query (the SDK has no X-Ray module; the plugin's shape is {queryType, query, region}). */
class XrayQuery implements cog.Builder<cog.Dataquery> {
  constructor(private readonly query: Record<string, unknown>) {}
  build(): cog.Dataquery {
    return { ...this.query, _implementsDataqueryVariant: () => undefined };
  }
}

function graphPanel(g: GraphSpec, x: number, y: number) {
  const panel = timeSeriesPanel(
    {
      title: g.title,
      description: g.lines.length
        ? `Dashed lines: ${g.lines.map((l) => l.label).join(', ')}.`
        : `${g.namespace} ${g.metricName} (${g.stat}).`,
      datasource: DATA_SOURCES.cloudwatch,
      unit: g.unit ?? 'short',
      lines: g.lines.map((l) => ({ value: l.value, color: /budget/.test(l.label) ? 'orange' : 'red' })),
    },
    x,
    y,
  );
  g.series.forEach((s, i) => {
    panel.withTarget(
      new CloudWatchMetricsQueryBuilder()
        .refId(refId(i))
        .datasource(DATA_SOURCES.cloudwatch)
        .queryMode(CloudWatchQueryMode.Metrics)
        .metricQueryType(MetricQueryType.Search)
        .metricEditorMode(MetricEditorMode.Builder)
        .region('default')
        .namespace(g.namespace)
        .metricName(g.metricName)
        .dimensions({ ...s.dimensions })
        .matchExact(true)
        .statistic(g.stat)
        .period('')
        .label(s.label),
    );
  });
  return panel;
}

/** The CloudWatch queries of an SLO panel: its metrics, hidden, and the expression over them (code mode). */
function sloQueries(p: SloPanel): CloudWatchMetricsQueryBuilder[] {
  return p.metrics.map((m, i) => {
    const q = new CloudWatchMetricsQueryBuilder()
      .refId(refId(i))
      .datasource(DATA_SOURCES.cloudwatch)
      .queryMode(CloudWatchQueryMode.Metrics)
      .metricQueryType(MetricQueryType.Search)
      .region('default')
      .period(String(p.period))
      .label(m.label);
    if ('expression' in m) return q.metricEditorMode(MetricEditorMode.Code).id(m.id).expression(m.expression);
    return q
      .metricEditorMode(MetricEditorMode.Builder)
      .id(m.id ?? `m${i}`)
      .hide(m.visible === false)
      .namespace(m.metric.namespace)
      .metricName(m.metric.metricName)
      .dimensions({ ...m.metric.dimensions })
      .matchExact(true)
      .statistic(m.stat);
  });
}

/** An SLO panel: the budget left as one value over the SLO window, or the burn rate with the tiers' lines. */
function sloPanel(p: SloPanel, x: number, y: number): cog.Builder<Panel> {
  if (p.view === 'singleValue') {
    const stat = new StatPanel()
      .title(p.title)
      .description('Share of the error budget not yet spent over the SLO window (below 0: overspent).')
      .datasource(DATA_SOURCES.cloudwatch)
      .unit('percent')
      .decimals(1)
      .gridPos({ x, y, w: 8, h: 6 })
      .timeFrom(`${Math.round(p.range ?? p.period) / 86_400}d`)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']));
    for (const q of sloQueries(p)) stat.withTarget(q);
    return stat;
  }
  const panel = timeSeriesPanel(
    {
      title: p.title,
      description: `Dashed lines: ${p.lines.map((l) => `${l.label} ${l.value}x`).join(', ')}.`,
      datasource: DATA_SOURCES.cloudwatch,
      unit: 'none',
      lines: p.lines.map((l) => ({ value: l.value, color: 'red' })),
    },
    x,
    y,
  );
  for (const q of sloQueries(p)) panel.withTarget(q);
  return panel;
}

/** Options of {@link serviceDashboard}. */
export interface ServiceDashboardOptions {
  /** Series per graph before it is split. @default 50 */
  readonly maxMetricsPerGraph?: number;
}

/** The Grafana dashboard of one service (plain JSON, panel ids assigned). */
export function serviceDashboard(
  app: string,
  service: ServiceModel,
  options: ServiceDashboardOptions = {},
): DashboardJson {
  const maxPerGraph = Math.min(options.maxMetricsPerGraph ?? 50, LIMITS.widgetMetrics);
  const cwDashboard = `${app}-${service.name}`;
  const frame = new DashboardFrame({
    app,
    uid: dashboardUid(`ct-${app}-${service.name}`),
    title: `${app} / ${service.name}`,
    description:
      service.description ?? `Telemetry of the ${service.name} service, generated by cdk-telemetry.`,
    links: [
      new DashboardLinkBuilder('CloudWatch dashboard and alarms')
        .type(DashboardLinkType.Link)
        .url(`https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/${cwDashboard}`)
        .targetBlank(true)
        .icon('external link'),
    ],
    header: `### ${app} / ${service.name}\n${service.description ? `${service.description}. ` : ''}${service.resources.length} resources. The alarms, their states and runbooks are on the CloudWatch dashboard \`${cwDashboard}\` (link above). Generated by cdk-telemetry from telemetry.yaml: edit the file, not this dashboard.`,
  });

  const slos = service.slos ?? [];
  if (slos.length)
    frame.row(
      `SLOs: error budget (${slos.length})`,
      slos.flatMap(sloPanels).map((p) => (x: number, y: number) => sloPanel(p, x, y)),
    );

  for (const kind of KIND_ORDER) {
    const ofKind = service.resources.filter((r) => r.kind === kind);
    if (ofKind.length === 0) continue;
    frame.row(
      `${CATALOG[kind].title} (${ofKind.length})`,
      graphsFor(ofKind, maxPerGraph).map((g) => (x: number, y: number) => graphPanel(g, x, y)),
    );
  }

  const functions = service.resources
    .filter((r) => r.kind === 'lambda')
    .map((r) => r.dimensions.FunctionName);
  if (functions.length) {
    const filter = functions.map((f) => `service(${JSON.stringify(f)}) { fault = true }`).join(' OR ');
    frame.row('Traces (X-Ray)', [
      (x, y) =>
        new TablePanel()
          .title('Traces with faults')
          .description('Needs active tracing on the functions.')
          .datasource(DATA_SOURCES.xray)
          .gridPos({ x, y, w: 24, h: 8 })
          .withTarget(
            new XrayQuery({
              refId: 'A',
              datasource: DATA_SOURCES.xray,
              queryType: 'getTraceSummaries',
              query: filter,
              region: 'default',
            }),
          ),
    ]);
  }
  return frame.build();
}
