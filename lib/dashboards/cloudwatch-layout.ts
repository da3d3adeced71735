/**
 * CloudWatch dashboards for a service, as data: a header, the alarm status of every alarm on top, then one graph
 * per signal across all resources of a kind. Split into several dashboards so that none exceeds 500 widgets or
 * 2,500 metrics, and graphs so that none exceeds `maxMetricsPerGraph` series.
 */
import type { AlarmSpec, CompositeAlarmSpec, MetricId } from '../model/alarm-spec';
import { CATALOG, KIND_ORDER, type KindCatalog } from '../model/kinds';
import { LIMITS } from '../model/limits';
import type { MonitoredResource, ServiceModel } from '../model/telemetry-model';
import { formatThreshold } from '../model/units';
import { sloPanels } from './slo-panels';

/** A widget's place on CloudWatch's dashboard grid, 24 units wide. */
export interface GridPosition {
  /** Column of the widget's left edge, 0 to 23. */
  readonly x: number;
  /** Row of the widget's top edge, from 0. */
  readonly y: number;
  /** Width in grid units, 1 to 24. */
  readonly width: number;
  /** Height in grid units. */
  readonly height: number;
}

/** One line of a graph: one resource's metric, by its dimensions. */
export interface GraphSeries {
  /** The resource's dimension values, name to value. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** The line's label in the legend (the resource's label). */
  readonly label: string;
}

/** One line of a {@link WidgetSpec} `metrics` widget: a metric (hidden when only an expression uses it) or an expression. */
export type MetricLine =
  | {
      readonly metric: MetricId;
      readonly stat: string;
      readonly label: string;
      /** Id for expressions (lower case first). @default - none */
      readonly id?: string;
      /** @default true */
      readonly visible?: boolean;
    }
  | { readonly expression: string; readonly id: string; readonly label: string };

/**
 * One widget of a dashboard, as data: a text header, an alarm status list, a graph of one signal, or metrics and metric
 * math.
 */
export type WidgetSpec =
  | ({ readonly type: 'text'; readonly markdown: string } & GridPosition)
  | ({ readonly type: 'alarm'; readonly title: string; readonly alarms: readonly string[] } & GridPosition)
  | ({
      readonly type: 'graph';
      readonly title: string;
      readonly namespace: string;
      readonly metricName: string;
      readonly stat: string;
      readonly period: number;
      readonly series: readonly GraphSeries[];
      readonly lines: ReadonlyArray<{ readonly label: string; readonly value: number }>;
    } & GridPosition)
  | ({
      /** Metrics of any names and metric math (funnels, rates), in a time series, bar or single-value view. */
      readonly type: 'metrics';
      readonly title: string;
      readonly view: 'timeSeries' | 'bar' | 'singleValue';
      readonly period: number;
      readonly metrics: readonly MetricLine[];
      /** One value over the whole time range (bar and single-value views). @default false */
      readonly wholeRange?: boolean;
      /** The widget's own time range, in seconds back from now. @default - the dashboard's */
      readonly range?: number;
      readonly lines?: ReadonlyArray<{ readonly label: string; readonly value: number }>;
    } & GridPosition);

/** One CloudWatch dashboard, as data: its name and its widgets in grid order. */
export interface DashboardSpec {
  /** The dashboard's name, `<app>-<service>` (with a part number when split). */
  readonly name: string;
  /** The widgets, top to bottom. */
  readonly widgets: readonly WidgetSpec[];
  /** Metrics referenced by graphs (the dashboard quota counts these). */
  readonly metricCount: number;
}

/** How dashboards are laid out and split; every limit below CloudWatch's quota. */
export interface DashboardLayoutOptions {
  /** Series per graph before it is split. @default 50 */
  readonly maxMetricsPerGraph?: number;
  /** Metrics per dashboard before it is split (quota 2,500). @default 2500 */
  readonly maxMetricsPerDashboard?: number;
  /** Widgets per dashboard before it is split (quota 500). @default 500 */
  readonly maxWidgetsPerDashboard?: number;
  /**
   * Alarms shown in the status widgets on top (composites first, then by severity). Beyond this, a link to the
   * console's alarm list filtered by the service prefix. @default 200
   */
  readonly maxAlarmsInStatus?: number;
}

const GRAPH_W = 8;
const GRAPH_H = 6;
const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

/** One graph: a signal across resources of one kind, with its threshold lines. */
export interface GraphSpec {
  /** The graph's title, e.g. `Duration p95`. */
  readonly title: string;
  /** The metric's namespace. */
  readonly namespace: string;
  /** The metric's name. */
  readonly metricName: string;
  /** The statistic graphed. */
  readonly stat: string;
  /** The values' unit, shown after the title. @default - none */
  readonly unit?: 'ms' | 's';
  /** One line per resource. */
  readonly series: GraphSeries[];
  /** Horizontal lines (thresholds, budgets), each with its label and value in the graph's unit. */
  readonly lines: Array<{ label: string; value: number }>;
}

/** The graphs of a set of resources, per kind in {@link KIND_ORDER}, at most `maxPerGraph` series each. */
export function graphsFor(resources: readonly MonitoredResource[], maxPerGraph: number): GraphSpec[] {
  const graphs: GraphSpec[] = [];
  for (const kind of KIND_ORDER) {
    const ofKind = resources.filter((r) => r.kind === kind);
    if (ofKind.length === 0) continue;
    const catalog: KindCatalog = CATALOG[kind];
    const chunks = Math.ceil(ofKind.length / maxPerGraph);
    for (const signal of catalog.signals) {
      // A graph that follows a row's statistic (budgets.percentile) shows the one its resources' alarms use.
      const stats = signal.statOf
        ? new Set(ofKind.map((r) => r.overrides[signal.statOf!]?.statistic ?? signal.stat))
        : new Set([signal.stat]);
      const stat = stats.size === 1 ? [...stats][0] : signal.stat;
      const title = signal.title.replace('{stat}', stat);
      for (let c = 0; c < chunks; c++) {
        const part = ofKind.slice(c * maxPerGraph, (c + 1) * maxPerGraph);
        const values = signal.line
          ? [...new Set(part.map((r) => r.params[signal.line!.param]).filter((v) => v !== undefined))].sort(
              (a, b) => a - b,
            )
          : [];
        graphs.push({
          title: `${catalog.title}: ${title}${signal.unit ? ` (${signal.unit})` : ''}${chunks > 1 ? ` (${c + 1}/${chunks})` : ''}`,
          namespace: signal.namespace ?? catalog.namespace,
          metricName: signal.metricName,
          stat,
          ...(signal.unit ? { unit: signal.unit } : {}),
          series: part.map((r) => ({ dimensions: r.dimensions, label: r.label })),
          lines: values.slice(0, 5).map((v) => ({
            label: `${signal.line!.label} ${formatThreshold(v, signal.unit ?? 'count')}`,
            value: v,
          })),
        });
      }
    }
  }
  return graphs;
}

/** Lays out the dashboards of one service. */
export function layoutServiceDashboards(
  app: string,
  service: ServiceModel,
  alarms: readonly AlarmSpec[],
  composites: readonly CompositeAlarmSpec[],
  options: DashboardLayoutOptions = {},
): DashboardSpec[] {
  const maxPerGraph = Math.min(options.maxMetricsPerGraph ?? 50, LIMITS.widgetMetrics);
  const maxMetrics = Math.min(
    options.maxMetricsPerDashboard ?? LIMITS.dashboardMetrics,
    LIMITS.dashboardMetrics,
  );
  const maxWidgets = Math.min(
    options.maxWidgetsPerDashboard ?? LIMITS.dashboardWidgets,
    LIMITS.dashboardWidgets,
  );
  const graphs = graphsFor(service.resources, maxPerGraph);

  // Alarm status on top: the service composite first, then by severity.
  const top = composites.length ? [composites[composites.length - 1].name] : [];
  const ordered = [...alarms]
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
    .map((a) => a.name);
  const maxStatus = options.maxAlarmsInStatus ?? 200;
  const statusNames = [...top, ...ordered].slice(0, maxStatus);
  const hidden = top.length + ordered.length - statusNames.length;

  const dashboards: Array<{ widgets: WidgetSpec[]; metrics: number; y: number; col: number }> = [];
  const base = `${app}-${service.name}`;
  const critical = alarms.filter((a) => a.severity === 'critical').length;

  const start = () => {
    const d = { widgets: [] as WidgetSpec[], metrics: 0, y: 0, col: 0 };
    dashboards.push(d);
    return d;
  };
  let d = start();
  d.widgets.push({
    type: 'text',
    x: 0,
    y: 0,
    width: 24,
    height: 2,
    markdown:
      `# ${app} / ${service.name}\n${service.description ? `${service.description}. ` : ''}` +
      `${alarms.length} alarms (${critical} critical), ${service.resources.length} resources. Generated by cdk-telemetry.` +
      (hidden > 0
        ? ` The status below shows the first ${statusNames.length} alarms (composite and critical first); ` +
          `[all ${alarms.length + composites.length} alarms](/cloudwatch/home#alarmsV2:?search=${encodeURIComponent(base + '-')}).`
        : ''),
  });
  d.y = 2;
  for (let i = 0; i < statusNames.length; i += LIMITS.alarmWidgetAlarms) {
    const chunk = statusNames.slice(i, i + LIMITS.alarmWidgetAlarms);
    const height = Math.min(2 + Math.ceil(chunk.length / 4), 16);
    const parts = Math.ceil(statusNames.length / LIMITS.alarmWidgetAlarms);
    d.widgets.push({
      type: 'alarm',
      title: `Alarms${parts > 1 ? ` (${i / LIMITS.alarmWidgetAlarms + 1}/${parts})` : ''}`,
      alarms: chunk,
      x: 0,
      y: d.y,
      width: 24,
      height,
    });
    d.y += height;
  }

  // The SLOs' error budgets, a row each: the budget left over the window, then the burn rate per hour.
  for (const slo of service.slos ?? []) {
    const [budget, burn] = sloPanels(slo);
    const widths = [6, 18];
    [budget, burn].forEach((p, i) => {
      d.widgets.push({
        type: 'metrics',
        title: p.title,
        view: p.view,
        period: p.period,
        metrics: p.metrics,
        ...(p.view === 'singleValue' ? { wholeRange: true } : {}),
        ...(p.range ? { range: p.range } : {}),
        ...(p.lines.length ? { lines: p.lines } : {}),
        x: i ? widths[0] : 0,
        y: d.y,
        width: widths[i],
        height: GRAPH_H,
      });
      d.metrics += p.metrics.filter((m) => 'metric' in m).length;
    });
    d.y += GRAPH_H;
  }

  for (const g of graphs) {
    if (d.widgets.length + 1 > maxWidgets || d.metrics + g.series.length > maxMetrics) {
      d = start();
      d.widgets.push({
        type: 'text',
        x: 0,
        y: 0,
        width: 24,
        height: 1,
        markdown: `# ${app} / ${service.name} (continued: alarms on ${base})`,
      });
      d.y = 1;
    }
    d.widgets.push({
      type: 'graph',
      period: 60,
      ...g,
      x: d.col * GRAPH_W,
      y: d.y,
      width: GRAPH_W,
      height: GRAPH_H,
    });
    d.metrics += g.series.length;
    d.col++;
    if (d.col * GRAPH_W >= 24) {
      d.col = 0;
      d.y += GRAPH_H;
    }
  }
  return dashboards.map((x, i) => ({
    name: i === 0 ? base : `${base}-${i + 1}`,
    widgets: x.widgets,
    metricCount: x.metrics,
  }));
}
