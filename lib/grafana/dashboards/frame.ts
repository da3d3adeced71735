/**
 * What every generated Grafana dashboard shares (the service dashboard and the Prometheus one): the dashboard's
 * settings and header, rows of graphs three to a line, and the time series panel with dashed threshold lines.
 * The renderers only say what to graph.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
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
  type DashboardLink,
  type DataSourceRef,
  type Panel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TextPanel, TextMode } from '@grafana/grafana-foundation-sdk/text';
import { PanelBuilder as TimeSeriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { shortHash } from '../../model/naming';
import { MAX_UID } from './validate';

/** A Grafana dashboard as JSON (Grafana's HTTP API model), with its uid and title. */
export type DashboardJson = Record<string, unknown> & { uid: string; title: string };

const GRAPH_W = 8;
const GRAPH_H = 8;
const HEADER_H = 3;

/** A stable dashboard uid from a name: the name itself when it fits, else a prefix and a hash. */
export function dashboardUid(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_-]+/g, '-');
  return clean.length <= MAX_UID ? clean : `${clean.slice(0, MAX_UID - 9)}-${shortHash(name)}`;
}

/** Query refIds: A..Z, then AA, AB, ... */
export function refId(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : refId(Math.floor(i / 26) - 1) + refId(i % 26);
}

export interface DashboardFrameProps {
  readonly app: string;
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Tags after `cdk-telemetry`, the app and `generated`. */
  readonly extraTags?: readonly string[];
  /** Links before the dropdown of the app's dashboards. */
  readonly links?: ReadonlyArray<cog.Builder<DashboardLink>>;
  /** The markdown of the full-width header panel. */
  readonly header: string;
}

/** A generated dashboard, filled top to bottom: its header, then rows of panels. */
export class DashboardFrame {
  private readonly builder: DashboardBuilder;
  private y = 0;

  constructor(p: DashboardFrameProps) {
    this.builder = new DashboardBuilder(p.title)
      .uid(p.uid)
      .description(p.description)
      .tags(['cdk-telemetry', p.app, 'generated', ...(p.extraTags ?? [])])
      .editable()
      .tooltip(DashboardCursorSync.Crosshair)
      .time({ from: 'now-6h', to: 'now' })
      .timezone('browser')
      .refresh('1m');
    for (const link of p.links ?? []) this.builder.link(link);
    this.builder.link(
      new DashboardLinkBuilder(`${p.app} dashboards`)
        .type(DashboardLinkType.Dashboards)
        .tags([p.app])
        .asDropdown(true),
    );
    this.builder.withPanel(
      new TextPanel()
        .title('')
        .mode(TextMode.Markdown)
        .content(p.header)
        .gridPos({ x: 0, y: 0, w: 24, h: HEADER_H }),
    );
    this.y = HEADER_H;
  }

  /** A row, then its panels three to a line; each panel is made at its place (x, y). */
  row(title: string, panels: ReadonlyArray<(x: number, y: number) => cog.Builder<Panel>>): void {
    this.builder.withRow(new RowBuilder(title).gridPos({ x: 0, y: this.y, w: 24, h: 1 }));
    this.y += 1;
    panels.forEach((make, i) =>
      this.builder.withPanel(make((i % 3) * GRAPH_W, this.y + Math.floor(i / 3) * GRAPH_H)),
    );
    this.y += Math.ceil(panels.length / 3) * GRAPH_H;
  }

  /** Plain JSON, panel ids assigned. */
  build(): DashboardJson {
    return finishDashboard(this.builder.build() as unknown as Record<string, unknown>);
  }
}

export interface TimeSeriesProps {
  readonly title: string;
  readonly description: string;
  readonly datasource: DataSourceRef;
  readonly unit: string;
  /** Drawn as dashed threshold lines (none: no lines). */
  readonly lines: ReadonlyArray<{ readonly value: number; readonly color: string }>;
}

/** A graph at (x, y) from zero, legend below, shared tooltip, with its lines; the caller adds the queries. */
export function timeSeriesPanel(p: TimeSeriesProps, x: number, y: number): TimeSeriesPanel {
  const steps = [{ value: null as unknown as number, color: 'transparent' }, ...p.lines];
  return new TimeSeriesPanel()
    .title(p.title)
    .description(p.description)
    .datasource(p.datasource)
    .unit(p.unit)
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
    .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([...steps]))
    .thresholdsStyle(
      new GraphThresholdsStyleConfigBuilder().mode(
        p.lines.length ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off,
      ),
    );
}

/** Plain JSON with panel ids 1..n (Grafana's links to a panel use them) and an explicit annotation list. */
function finishDashboard(built: Record<string, unknown>): DashboardJson {
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
