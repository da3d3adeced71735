/**
 * The product dashboard, `<app>-product`: journeys (funnel, conversion, time per stage), KPIs and client-side
 * engagement, for product owners, away from the operations dashboards. Data only; `renderDashboard` renders it.
 * Every metric comes from the contract (`app-metrics.ts`) or from the same functions the product alarms use.
 */
import type { AlarmSpec } from '../model/alarm-spec';
import { journeyMetric, kpiMetric } from '../model/app-metrics';
import { kpiMainMetric, type KpiModel } from '../model/kpis';
import { rumEventMetric, rumMetric, RUM_METRICS, type RumModel } from '../model/rum';
import { formatDuration } from '../model/duration';
import type { JourneyModel } from '../model/journeys';
import { LIMITS } from '../model/limits';
import type { ProductModel } from '../model/product';
import type { DashboardSpec, MetricLine, WidgetSpec } from './cloudwatch-layout';

/** A section of the product dashboard: a title line and its widgets, laid out in rows of `width`. */
export interface ProductSection {
  readonly title: string;
  readonly widgets: ReadonlyArray<Omit<Extract<WidgetSpec, { type: 'metrics' }>, 'x' | 'y' | 'height'>>;
}

const H = 6;

/** The funnel and times of one journey. */
export function journeySection(app: string, j: JourneyModel): ProductSection {
  const started = journeyMetric(app, j.name, 'journeyStarted');
  const reached = (stage: string) => journeyMetric(app, j.name, 'journeyStageReached', stage);
  const time = (stage: string) => journeyMetric(app, j.name, 'journeyStageTime', stage);
  const funnel: MetricLine[] = [
    { metric: started, stat: 'Sum', label: 'started', id: 'started' },
    ...j.stages.map((s, i) => ({ metric: reached(s.name), stat: 'Sum', label: s.name, id: `r${i}` })),
  ];
  const conversion: MetricLine[] = [
    { metric: started, stat: 'Sum', label: 'started', id: 'started', visible: false },
    ...j.stages.flatMap((s, i): MetricLine[] => [
      { metric: reached(s.name), stat: 'Sum', label: s.name, id: `r${i}`, visible: false },
      { expression: `100 * FILL(r${i}, 0) / started`, id: `c${i}`, label: `${s.name} (%)` },
    ]),
  ];
  const targets = j.stages.map((s) => `${s.name} ${formatDuration(s.targetSeconds * 1000)}`).join(', ');
  return {
    title: `Journey ${j.name}${j.description ? `: ${j.description}` : ''}. Targets from the start: ${targets}.`,
    widgets: [
      {
        type: 'metrics',
        title: `${j.name}: users per stage (funnel)`,
        view: 'bar',
        period: 3600,
        wholeRange: true,
        width: 8,
        metrics: funnel,
      },
      {
        type: 'metrics',
        title: `${j.name}: conversion from start (%)`,
        view: 'timeSeries',
        period: 86_400,
        width: 8,
        metrics: conversion,
      },
      {
        type: 'metrics',
        title: `${j.name}: ${j.statistic} time to each stage (s)`,
        view: 'timeSeries',
        period: j.period,
        width: 8,
        metrics: j.stages.map((s) => ({ metric: time(s.name), stat: j.statistic, label: s.name })),
        lines: [
          { label: `total target ${formatDuration(j.totalSeconds * 1000)}`, value: j.totalSeconds },
          { label: `warning ${formatDuration(j.levels.warning * 1000)}`, value: j.levels.warning },
        ],
      },
    ],
  };
}

/** One graph per KPI: counts per hour, success rate and attempts, adoption per feature, a measurement's spread. */
export function kpiSection(app: string, kpis: readonly KpiModel[]): ProductSection {
  return {
    title: `KPIs: ${kpis.map((k) => k.name).join(', ')}`,
    widgets: kpis.map((k) => {
      const base = {
        type: 'metrics' as const,
        width: 8,
        title: `${k.name}${k.description ? `: ${k.description}` : ''}`,
      };
      if (k.logs || k.type === 'count') {
        return {
          ...base,
          view: 'timeSeries' as const,
          period: 3600,
          metrics: [{ metric: kpiMainMetric(app, k), stat: 'Sum', label: `${k.name} per hour` }],
        };
      }
      if (k.type === 'successRate') {
        const metric = kpiMetric(app, k.name, 'kpiSuccess');
        return {
          ...base,
          view: 'timeSeries' as const,
          period: k.alarm?.period ?? 900,
          metrics: [
            { metric, stat: 'Average', label: 'rate', id: 'ok', visible: false },
            { expression: '100 * ok', id: 'pct', label: 'success rate (%)' },
            { metric, stat: 'SampleCount', label: 'attempts', id: 'attempts' },
          ],
          ...(k.alarm ? { lines: [{ label: `alarm below ${k.alarm.below} %`, value: k.alarm.below }] } : {}),
        };
      }
      if (k.type === 'features') {
        return {
          ...base,
          view: 'bar' as const,
          period: 3600,
          wholeRange: true,
          metrics: (k.features ?? []).map((f) => ({
            metric: kpiMetric(app, k.name, 'featureUsed', f),
            stat: 'Sum',
            label: f,
          })),
        };
      }
      const metric = kpiMetric(app, k.name, 'kpiValue');
      return {
        ...base,
        view: 'timeSeries' as const,
        period: 3600,
        metrics: ['p50', 'Average', 'p90'].map((stat) => ({ metric, stat, label: stat })),
      };
    }),
  };
}

/** Client-side engagement: sessions and page views, errors, page load time, custom events. */
export function rumSection(app: string, rum: RumModel): ProductSection {
  const m = (name: string) => rumMetric(rum.name, name);
  return {
    title: `Web client (CloudWatch RUM ${rum.name}, ${Math.round(rum.sampleRate * 1000) / 10} % of sessions sampled)`,
    widgets: [
      {
        type: 'metrics',
        title: 'Sessions and page views (sampled)',
        view: 'timeSeries',
        period: 3600,
        width: 8,
        metrics: [
          { metric: m(RUM_METRICS.sessions), stat: 'Sum', label: 'sessions' },
          { metric: m(RUM_METRICS.pageViews), stat: 'Sum', label: 'page views' },
        ],
      },
      {
        type: 'metrics',
        title: 'Errors in the browser',
        view: 'timeSeries',
        period: 3600,
        width: 8,
        metrics: [
          { metric: m(RUM_METRICS.jsErrors), stat: 'Sum', label: 'JavaScript errors' },
          { metric: m(RUM_METRICS.httpErrors), stat: 'Sum', label: 'HTTP errors' },
        ],
      },
      {
        type: 'metrics',
        title: 'Page load time (ms)',
        view: 'timeSeries',
        period: 3600,
        width: 8,
        metrics: ['p50', 'p90'].map((stat) => ({
          metric: m(RUM_METRICS.navigationDuration),
          stat,
          label: stat,
        })),
      },
      ...(rum.events.length
        ? [
            {
              type: 'metrics' as const,
              title: 'Custom events (sampled sessions)',
              view: 'bar' as const,
              period: 3600,
              wholeRange: true,
              width: 24,
              metrics: rum.events.map((e) => ({ metric: rumEventMetric(app, e), stat: 'Sum', label: e })),
            },
          ]
        : []),
    ],
  };
}

/** The sections of an app's product model: each journey, the KPIs, the web client (CloudWatch and Grafana). */
export function productSections(app: string, product: ProductModel): ProductSection[] {
  return [
    ...product.journeys.map((j) => journeySection(app, j)),
    ...(product.kpis.length ? [kpiSection(app, product.kpis)] : []),
    ...(product.rum ? [rumSection(app, product.rum)] : []),
  ];
}

/** Lays out the product dashboard: a header, the product alarms, then each section in rows of 24 columns. */
export function layoutProductDashboard(
  app: string,
  product: ProductModel,
  alarms: readonly AlarmSpec[],
  sections: readonly ProductSection[] = productSections(app, product),
): DashboardSpec {
  const widgets: WidgetSpec[] = [
    {
      type: 'text',
      x: 0,
      y: 0,
      width: 24,
      height: 2,
      markdown:
        `# ${app} / product\nJourneys, KPIs and client-side engagement, for product owners. ` +
        `${alarms.length} alarms. Generated by cdk-telemetry; the operations dashboards are ${app}-<service>.`,
    },
  ];
  let y = 2;
  const status = alarms.map((a) => a.name);
  for (let i = 0; i < status.length; i += LIMITS.alarmWidgetAlarms) {
    const chunk = status.slice(i, i + LIMITS.alarmWidgetAlarms);
    const height = Math.min(2 + Math.ceil(chunk.length / 4), 16);
    widgets.push({ type: 'alarm', title: 'Product alarms', alarms: chunk, x: 0, y, width: 24, height });
    y += height;
  }
  let metricCount = 0;
  for (const section of sections) {
    widgets.push({ type: 'text', x: 0, y, width: 24, height: 1, markdown: `## ${section.title}` });
    y += 1;
    let x = 0;
    for (const w of section.widgets) {
      if (x + w.width > 24) {
        x = 0;
        y += H;
      }
      widgets.push({ ...w, x, y, height: H });
      metricCount += w.metrics.length;
      x += w.width;
    }
    y += H;
  }
  return { name: `${app}-product`, widgets, metricCount };
}
