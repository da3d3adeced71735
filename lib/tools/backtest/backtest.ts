/**
 * `cdk-telemetry backtest`: replays the alarms of a cloud assembly (or chosen ones) over metric history from
 * files or from GetMetricData, and reports per alarm every state transition, the ALARM episodes, the time in
 * alarm and the notifications and pages that would have been sent.
 */
import type { AnyAlarmSpec } from '../../model/alarm-spec';
import { ruleAlarms } from '../../model/alarm-spec';
import {
  alarmQueries,
  replayAlarms,
  type AlarmReplay,
  type HistorySource,
  type MetricQuery,
  type ReplayOptions,
} from '../evaluate/replay';
import { lowSampleThreshold, parseStatistic } from '../evaluate/statistics';
import { globToRegExp } from '../../util/glob';
import { formatMetric } from '../history/metric-ref';
import type { HistoryStore } from '../history/store';

export interface BacktestReport {
  /** Epoch seconds. */
  readonly from: number;
  readonly to: number;
  /** Where the history came from, in words. */
  readonly history: string;
  /** The chosen alarms, in assembly order. */
  readonly alarms: readonly AlarmReplay[];
  readonly notes: readonly string[];
}

/** The alarms a backtest reports on (`chosen`), the composites among them that watch them, and all it replays. */
export interface AlarmSelection {
  readonly chosen: AnyAlarmSpec[];
  readonly needed: AnyAlarmSpec[];
  readonly watchers: AnyAlarmSpec[];
}

/**
 * The alarms matching any pattern (all when none is given), the composites that watch them (a critical alarm
 * that pages through its service's composite has no action of its own: without the composite, `--alarm` would
 * say it never pages), and everything they need: the children of chosen composites, recursively. Throws an
 * Error naming a pattern that matches nothing.
 */
export function selectAlarms(all: readonly AnyAlarmSpec[], patterns: readonly string[] = []): AlarmSelection {
  if (patterns.length === 0) return { chosen: [...all], needed: [...all], watchers: [] };
  const chosen = new Set<AnyAlarmSpec>();
  for (const p of patterns) {
    const re = globToRegExp(p);
    const hits = all.filter((a) => re.test(a.name));
    if (hits.length === 0) {
      const near = all
        .filter((a) => a.name.includes(p.replace(/[*?]/g, '')))
        .slice(0, 3)
        .map((a) => a.name);
      throw new Error(
        `--alarm "${p}" matches no alarm of the assembly${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
      );
    }
    hits.forEach((h) => chosen.add(h));
  }
  const byName = new Map(all.map((a) => [a.name, a]));
  const watchedBy = new Map<string, AnyAlarmSpec[]>();
  for (const a of all)
    if (a.type === 'composite')
      for (const n of ruleAlarms(a.rule)) watchedBy.set(n, [...(watchedBy.get(n) ?? []), a]);
  const watchers = new Set<AnyAlarmSpec>();
  const watch = (a: AnyAlarmSpec) => {
    for (const w of watchedBy.get(a.name) ?? [])
      if (!chosen.has(w) && !watchers.has(w)) {
        watchers.add(w);
        watch(w);
      }
  };
  [...chosen].forEach(watch);
  const needed = new Set<AnyAlarmSpec>();
  const visit = (a: AnyAlarmSpec) => {
    if (needed.has(a)) return;
    needed.add(a);
    if (a.type === 'composite') for (const n of ruleAlarms(a.rule)) if (byName.has(n)) visit(byName.get(n)!);
  };
  chosen.forEach(visit);
  watchers.forEach(visit);
  return {
    chosen: all.filter((a) => chosen.has(a) || watchers.has(a)),
    needed: all.filter((a) => needed.has(a)),
    watchers: all.filter((a) => watchers.has(a)),
  };
}

/** Every metric query the alarms need, with SampleCount queries for low-sample percentiles set to `ignore`. */
export function queriesFor(alarms: readonly AnyAlarmSpec[]): MetricQuery[] {
  const out: MetricQuery[] = [];
  for (const a of alarms) {
    if (a.type !== 'metric') continue;
    out.push(...alarmQueries(a));
    const s = a.source;
    if (s.type === 'metric' && a.evaluateLowSampleCountPercentile === 'ignore') {
      try {
        if (lowSampleThreshold(parseStatistic(s.stat)) > 0)
          out.push({ metric: s.metric, stat: 'SampleCount', period: s.period });
      } catch {
        // an unsupported statistic is reported by the replay
      }
    }
  }
  return out;
}

/**
 * An alarm with a unit sees only the datapoints written with that unit: when EMF logs say the metric was written
 * with another, CloudWatch would give the alarm no data (the replay, which ignores units, would not show it).
 */
export function unitNotes(alarms: readonly AnyAlarmSpec[], history: HistoryStore): string[] {
  const out: string[] = [];
  for (const a of alarms) {
    if (a.type !== 'metric' || a.source.type !== 'metric' || !a.source.unit) continue;
    const units = history.unitsOf(a.source.metric);
    if (units.length && !units.includes(a.source.unit))
      out.push(
        `${a.name} watches ${formatMetric(a.source.metric)} in ${a.source.unit}, but the EMF logs write it in ${units.join(', ')}: CloudWatch would give the alarm no data`,
      );
  }
  return out;
}

export interface BacktestInput {
  readonly alarms: readonly AnyAlarmSpec[];
  /** The alarms chosen from `alarms` ({@link selectAlarms}). @default every alarm */
  readonly selection?: AlarmSelection;
  readonly history: HistorySource;
  readonly historyLabel: string;
  readonly options: ReplayOptions;
  readonly notes?: readonly string[];
}

export function runBacktest(input: BacktestInput): BacktestReport {
  const { chosen, needed, watchers } = input.selection ?? selectAlarms(input.alarms);
  const replayed = replayAlarms(needed, input.history, input.options);
  const wanted = new Set(chosen);
  return {
    from: input.options.from,
    to: input.options.to,
    history: input.historyLabel,
    alarms: replayed.filter((r) => wanted.has(r.spec)),
    notes: [
      ...(input.notes ?? []),
      ...watchers.map(
        (w) =>
          `${w.name} is replayed too: it watches chosen alarms, whose pages go through it (its other children are replayed with it)`,
      ),
    ],
  };
}
