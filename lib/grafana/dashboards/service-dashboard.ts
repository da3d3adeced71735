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
import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TextPanel, TextMode } from '@grafana/grafana-foundation-sdk/text';
import { PanelBuilder as TimeSeriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { graphsFor, KIND_ORDER, type GraphSpec } from '../../dashboards/cloudwatch-layout';
import { CATALOG } from '../../model/kinds';
import { LIMITS } from '../../model/limits';
import { shortHash } from '../../model/naming';
import type { ServiceModel } from '../../model/telemetry-model';
import { DATA_SOURCES } from '../data-sources';
import { MAX_UID } from './validate';

export type DashboardJson = Record<string, unknown> & { uid: string; title: string };

const GRAPH_W = 8;
const GRAPH_H = 8;

/** A stable dashboard uid from a name: the name itself when it fits, else a prefix and a hash. */
export function dashboardUid(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_-]+/g, '-');
  return clean.length <= MAX_UID ? clean : `${clean.slice(0, MAX_UID - 9)}-${shortHash(name)}`;
}

/** Query refIds: A..Z, then AA, AB, ... */
export function refId(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : refId(Math.floor(i / 26) - 1) + refId(i % 26);
}

/** An X-Ray data source query (the SDK has no X-Ray module; the plugin's shape is {queryType, query, region}). */
class XrayQuery implements cog.Builder<cog.Dataquery> {
  constructor(private readonly query: Record<string, unknown>) {}
  build(): cog.Dataquery {
    return { ...this.query, _implementsDataqueryVariant: () => undefined };
  }
}

function graphPanel(g: GraphSpec, x: number, y: number) {
  const steps = [
    { value: null as unknown as number, color: 'transparent' },
    ...g.lines.map((l) => ({ value: l.value, color: /budget/.test(l.label) ? 'orange' : 'red' })),
  ];
  const panel = new TimeSeriesPanel()
    .title(g.title)
    .description(
      g.lines.length
        ? `Dashed lines: ${g.lines.map((l) => l.label).join(', ')}.`
        : `${g.namespace} ${g.metricName} (${g.stat}).`,
    )
    .datasource(DATA_SOURCES.cloudwatch)
    .unit(g.unit ?? 'short')
    .min(0)
    .gridPos({ x, y, w: GRAPH_W, h: GRAPH_H })
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([]),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi))
    .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps))
    .thresholdsStyle(
      new GraphThresholdsStyleConfigBuilder().mode(
        g.lines.length ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off,
      ),
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
  const uid = dashboardUid(`ct-${app}-${service.name}`);
  const maxPerGraph = Math.min(options.maxMetricsPerGraph ?? 50, LIMITS.widgetMetrics);
  const cwDashboard = `${app}-${service.name}`;
  const builder = new DashboardBuilder(`${app} / ${service.name}`)
    .uid(uid)
    .description(
      service.description ?? `Telemetry of the ${service.name} service, generated by cdk-telemetry.`,
    )
    .tags(['cdk-telemetry', app, 'generated'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .refresh('1m')
    .link(
      new DashboardLinkBuilder('CloudWatch dashboard and alarms')
        .type(DashboardLinkType.Link)
        .url(`https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/${cwDashboard}`)
        .targetBlank(true)
        .icon('external link'),
    )
    .link(
      new DashboardLinkBuilder(`${app} dashboards`)
        .type(DashboardLinkType.Dashboards)
        .tags([app])
        .asDropdown(true),
    );

  let y = 0;
  builder.withPanel(
    new TextPanel()
      .title('')
      .mode(TextMode.Markdown)
      .content(
        `### ${app} / ${service.name}\n${service.description ? `${service.description}. ` : ''}${service.resources.length} resources. The alarms, their states and runbooks are on the CloudWatch dashboard \`${cwDashboard}\` (link above). Generated by cdk-telemetry from telemetry.yaml: edit the file, not this dashboard.`,
      )
      .gridPos({ x: 0, y, w: 24, h: 3 }),
  );
  y += 3;

  for (const kind of KIND_ORDER) {
    const ofKind = service.resources.filter((r) => r.kind === kind);
    if (ofKind.length === 0) continue;
    builder.withRow(
      new RowBuilder(`${CATALOG[kind].title} (${ofKind.length})`).gridPos({ x: 0, y, w: 24, h: 1 }),
    );
    y += 1;
    const graphs = graphsFor(ofKind, maxPerGraph);
    graphs.forEach((g, i) => {
      builder.withPanel(graphPanel(g, (i % 3) * GRAPH_W, y + Math.floor(i / 3) * GRAPH_H));
    });
    y += Math.ceil(graphs.length / 3) * GRAPH_H;
  }

  const functions = service.resources
    .filter((r) => r.kind === 'lambda')
    .map((r) => r.dimensions.FunctionName);
  if (functions.length) {
    builder.withRow(new RowBuilder('Traces (X-Ray)').gridPos({ x: 0, y, w: 24, h: 1 }));
    y += 1;
    const filter = functions.map((f) => `service(${JSON.stringify(f)}) { fault = true }`).join(' OR ');
    builder.withPanel(
      new TablePanel()
        .title('Traces with faults')
        .description('Needs active tracing on the functions.')
        .datasource(DATA_SOURCES.xray)
        .gridPos({ x: 0, y, w: 24, h: 8 })
        .withTarget(
          new XrayQuery({
            refId: 'A',
            datasource: DATA_SOURCES.xray,
            queryType: 'getTraceSummaries',
            query: filter,
            region: 'default',
          }),
        ),
    );
  }
  return finishDashboard(builder.build() as unknown as Record<string, unknown>);
}

/** Plain JSON with panel ids 1..n (Grafana's links to a panel use them) and an explicit annotation list. */
export function finishDashboard(built: Record<string, unknown>): DashboardJson {
  const json = JSON.parse(JSON.stringify(built)) as DashboardJson;
  let id = 1;
  for (const p of json.panels as Array<Record<string, unknown>>) {
    p.id = id++;
    for (const nested of (p.panels as Array<Record<string, unknown>> | undefined) ?? []) nested.id = id++;
  }
  json.annotations = {
    list: [
      {
        builtIn: 1,
        datasource: { type: 'grafana', uid: '-- Grafana --' },
        enable: true,
        hide: true,
        iconColor: 'rgba(0, 211, 255, 1)',
        name: 'Annotations & Alerts',
        type: 'dashboard',
      },
    ],
  };
  json.templating = { list: [] };
  return json;
}
