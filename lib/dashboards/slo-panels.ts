/**
 * The error budget of each SLO on the dashboards, as data both renderers read (CloudWatch widgets in
 * `cloudwatch-layout.ts`, Grafana panels in `grafana/dashboards/service-dashboard.ts`): the budget left over the
 * SLO window (one value, metric math over the whole window) and the burn rate per hour, with each tier's alert
 * rate as a line. The math is the alarms' own (`slo.ts`): burn rate = bad share / (1 - objective).
 */
import { formatDuration } from '../model/duration';
import { BURN_RATE_TIERS, burnRate, type SloModel } from '../model/slo';
import type { MetricLine } from './cloudwatch-layout';

/** One SLO panel: metrics (hidden) and one expression, in a single-value or time-series view. */
export interface SloPanel {
  readonly title: string;
  readonly view: 'singleValue' | 'timeSeries';
  /** Seconds per datapoint; for the budget, the SLO window (one value). */
  readonly period: number;
  /** The time range the panel shows, in seconds, whatever the dashboard's. @default - the dashboard's */
  readonly range?: number;
  readonly unit: 'percent' | 'none';
  readonly metrics: readonly MetricLine[];
  readonly lines: ReadonlyArray<{ readonly label: string; readonly value: number }>;
}

const HOUR = 3_600;

/** The metrics an SLO's math reads, hidden, and the share of bad events as an expression over them. */
function sli(slo: SloModel): { metrics: MetricLine[]; badShare: string } {
  const s = slo.sli;
  if (s.type === 'ratio')
    return {
      metrics: [
        { metric: s.bad.metric, stat: s.bad.stat, label: 'bad', id: 'bad', visible: false },
        { metric: s.valid.metric, stat: s.valid.stat, label: 'valid', id: 'valid', visible: false },
      ],
      badShare: 'FILL(bad, 0) / valid',
    };
  return {
    metrics: [
      { metric: s.metric, stat: `PR(:${s.thresholdMs})`, label: 'good %', id: 'good', visible: false },
    ],
    badShare: '(100 - good) / 100',
  };
}

/** The budget and burn-rate panels of one SLO. */
export function sloPanels(slo: SloModel): SloPanel[] {
  const budget = Number((1 - slo.objective).toPrecision(6));
  const { metrics, badShare } = sli(slo);
  const days = Math.round(slo.window / 86_400);
  return [
    {
      title: `${slo.name}: error budget left (${days} days)`,
      view: 'singleValue',
      period: slo.window,
      range: slo.window,
      unit: 'percent',
      metrics: [
        ...metrics,
        { expression: `100 * (1 - ${badShare} / ${budget})`, id: 'left', label: 'budget left (%)' },
      ],
      lines: [],
    },
    {
      title: `${slo.name}: burn rate per hour (1x spends the budget in ${days} days)`,
      view: 'timeSeries',
      period: HOUR,
      unit: 'none',
      metrics: [...metrics, { expression: `${badShare} / ${budget}`, id: 'burn', label: 'burn rate' }],
      lines: BURN_RATE_TIERS.map((t) => ({
        label: `${t.id} (${t.severity === 'critical' ? 'pages' : 'ticket'} over ${formatDuration(t.longWindow * 1000)})`,
        value: burnRate(t, slo.window),
      })),
    },
  ];
}
