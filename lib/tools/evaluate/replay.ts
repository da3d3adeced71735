/**
 * Replays alarms over metric history: metric alarms on their own period grid (statistic, math, missing data,
 * low-sample percentiles), then composites from their children's timelines. Pure: the history comes from a
 * {@link HistorySource}, which files or GetMetricData fill.
 */
import type { AlarmSpec, AnyAlarmSpec, CompositeAlarmSpec, MetricId } from '../../model/alarm-spec';
import { effectiveMissingData, ruleAlarms } from '../../model/alarm-spec';
import { formatDuration } from '../../model/duration';
import { formatLimit, INPUT_LIMITS, InputLimitError } from '../limits';
import { evaluateComposite } from './composite';
import { alignDown, emptySeries, type Grid, type Series } from './grid';
import { compileMath } from './math-eval';
import {
  THRESHOLD_COMPARISONS,
  classify,
  defaultEvaluationRange,
  evaluateMetricAlarm,
  type MetricAlarmRule,
} from './metric-alarm';
import { ALARM, stateCode, type AlarmState } from './state';
import { evaluateSliding, rollingQuery, type RollingData } from './sliding';
import { lowSampleThreshold, parseStatistic } from './statistics';
import { suppressedNotifications } from './suppression';
import {
  episodes,
  episodeTotals,
  notifications,
  notificationTotals,
  timelineFromStates,
  transitions,
  type Episode,
  type Notification,
  type Timeline,
  type Transition,
} from './timeline';

/** One metric with a statistic and period: what GetMetricData's `MetricStat` asks for. */
export interface MetricQuery {
  /** The metric. */
  readonly metric: MetricId;
  /** The statistic, e.g. `Sum` or `p95`. */
  readonly stat: string;
  /** The period, in seconds. */
  readonly period: number;
}

/** A metric's history on a grid, as a `HistorySource` gives it. */
export interface SeriesData {
  /** One value per grid period, NaN where missing. */
  readonly values: Series;
  /**
   * Raw datapoints per period, when known (for low-sample percentiles).
   * @default - none: counts unknown (low-sample percentiles are evaluated as if enough)
   */
  readonly counts?: Float64Array;
}

/** Where history comes from. `undefined` means nothing is known about the metric. */
export interface HistorySource {
  /** The history of one metric query on `grid`, or `undefined` when nothing is known about it. */
  series(query: MetricQuery, grid: Grid): SeriesData | undefined;
}

/** Options of `replayAlarms`: the time range, the initial state, and how alarms are evaluated. */
export interface ReplayOptions {
  /** Epoch seconds: the first period starts here (aligned down to the period). */
  readonly from: number;
  /** Epoch seconds: the last evaluation is at or before this time. */
  readonly to: number;
  /** The state before the first evaluation. @default 'INSUFFICIENT_DATA' */
  readonly initialState?: AlarmState;
  /**
   * Override the evaluation range of every metric alarm (see {@link defaultEvaluationRange}).
   * @default - each alarm's `defaultEvaluationRange(N)`
   */
  readonly evaluationRange?: number;
  /**
   * Transitions, episodes and notifications listed per alarm (the first ones); `counts` has the totals.
   * @default INPUT_LIMITS.replayListed
   */
  readonly listLimit?: number;
  /**
   * How alarms with a period longer than a minute are evaluated: `sliding` (CloudWatch's default evaluation
   * window: every minute, over periods that end at the evaluation, from one-minute history) or `aligned` (once
   * per period, on periods aligned to the clock, as a `WallClockWindow` does). @default 'sliding'
   */
  readonly window?: 'sliding' | 'aligned';
}

/** What a replay counted, where its lists hold only the first {@link ReplayOptions.listLimit} items. */
export interface ReplayCounts {
  /** State changes, in all. */
  readonly transitions: number;
  /** ALARM episodes, in all. */
  readonly alarmEpisodes: number;
  /** Notifications, in all. */
  readonly notifications: number;
}

/** One alarm's replay: its timeline of states, transitions, ALARM episodes, notifications and pages. */
export interface AlarmReplay {
  /** The alarm replayed. */
  readonly spec: AnyAlarmSpec;
  /**
   * Metric alarms: the grid, the evaluated series (the statistic or the math result) and the rule used.
   * @default - none: a composite alarm, or a skipped one
   */
  readonly grid?: Grid;
  /** The evaluated series (metric alarms). @default - none: a composite alarm, or a skipped one */
  readonly values?: Series;
  /** The rule used (metric alarms). @default - none: a composite alarm, or a skipped one */
  readonly rule?: MetricAlarmRule;
  /** The states over the replay. */
  readonly timeline: Timeline;
  /** The first transitions (at most the list limit; `counts.transitions` has them all). */
  readonly transitions: readonly Transition[];
  /** The first ALARM episodes (at most the list limit). */
  readonly alarmEpisodes: readonly Episode[];
  /** Seconds in ALARM within the replay. */
  readonly timeInAlarm: number;
  /** The first notifications (at most the list limit). */
  readonly notifications: readonly Notification[];
  /** The totals of the lists above. */
  readonly counts: ReplayCounts;
  /** ALARM notifications of critical alarms: what would have paged someone. */
  readonly pages: number;
  /** What the replay assumed or could not know. */
  readonly notes: readonly string[];
  /** Set when the alarm could not be evaluated, with the reason. @default - none: the alarm was evaluated */
  readonly skipped?: string;
}

/** Math and single-metric alarms alike: the queries an alarm needs. */
export function alarmQueries(spec: AlarmSpec): MetricQuery[] {
  const s = spec.source;
  if (s.type === 'metric') return [{ metric: s.metric, stat: s.stat, period: s.period }];
  return s.metrics.map((m) => ({ metric: m.metric, stat: m.stat, period: m.period }));
}

function summarize(
  spec: AnyAlarmSpec,
  timeline: Timeline,
  options: ReplayOptions,
  notes: string[],
  extra: Partial<AlarmReplay> = {},
  suppressor?: Timeline,
): AlarmReplay {
  const { from, to } = options;
  const max = options.listLimit ?? INPUT_LIMITS.replayListed;
  const list = transitions(timeline, max);
  const enabled = spec.actionsEnabled !== false;
  const inAlarm = episodeTotals(timeline, ALARM, from, to);
  let sent: { readonly count: number; readonly alarms: number };
  let listedSent: Notification[];
  if (spec.type === 'composite' && spec.suppressor && suppressor) {
    // What a suppressor holds back depends on every transition before: counted from all, listed up to the limit.
    const all = suppressedNotifications(
      transitions(timeline),
      spec.actions,
      enabled,
      spec.suppressor,
      suppressor,
      from,
      to,
    );
    sent = { count: all.length, alarms: all.filter((n) => n.state === 'ALARM').length };
    listedSent = all.slice(0, max);
  } else {
    sent = notificationTotals(timeline, spec.actions, enabled);
    listedSent = notifications(list, spec.actions, enabled);
  }
  return {
    spec,
    ...extra,
    timeline,
    transitions: list,
    alarmEpisodes: episodes(timeline, ALARM, from, to, max),
    timeInAlarm: inAlarm.seconds,
    notifications: listedSent,
    counts: { transitions: timeline.times.length, alarmEpisodes: inAlarm.count, notifications: sent.count },
    pages: spec.severity === 'critical' ? sent.alarms : 0,
    notes,
  };
}

const skippedReplay = (spec: AnyAlarmSpec, reason: string, initial: AlarmState): AlarmReplay => ({
  spec,
  timeline: { initial: stateCode(initial), times: new Float64Array(0), states: new Uint8Array(0) },
  transitions: [],
  alarmEpisodes: [],
  timeInAlarm: 0,
  notifications: [],
  counts: { transitions: 0, alarmEpisodes: 0, notifications: 0 },
  pages: 0,
  notes: [],
  skipped: reason,
});

/** A period the replay can use: a whole number of seconds, at most the longest replay. */
const replayablePeriod = (p: number) => Number.isInteger(p) && p >= 1 && p <= INPUT_LIMITS.replaySeconds;

/** Why a metric alarm's window cannot be replayed, or undefined: the period, N and M as CloudWatch takes them. */
function windowProblem(spec: AlarmSpec): string | undefined {
  const { period } = spec.source;
  const n = spec.evaluationPeriods;
  const m = spec.datapointsToAlarm;
  if (Number.isNaN(period)) return 'the period is not known from the template';
  if (!replayablePeriod(period))
    return `the period ${period} is not a whole number of seconds from 1 to ${formatLimit(INPUT_LIMITS.replaySeconds)}`;
  if (!(Number.isInteger(n) && n >= 1))
    return `the evaluation periods (${n}) are not a whole number of at least 1`;
  if (!(Number.isInteger(m) && m >= 1 && m <= n))
    return `the datapoints to alarm (${m}) are not a whole number from 1 to the evaluation periods (${n})`;
  if (n * period > INPUT_LIMITS.evaluationWindowSeconds)
    return `the evaluation window (${n} periods of ${period}s, ${formatDuration(n * period * 1000)}) is longer than CloudWatch allows (7 days)`;
  return undefined;
}

/**
 * Checks the size of a replay before any memory is taken for it: the time span, the evaluation range, and the
 * datapoints all alarms evaluate together. Throws {@link InputLimitError} naming the limit.
 */
export function checkReplaySize(specs: readonly AnyAlarmSpec[], options: ReplayOptions): void {
  const { from, to, evaluationRange } = options;
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new InputLimitError('the replay needs a start and an end time');
  if (to - from > INPUT_LIMITS.replaySeconds)
    throw new InputLimitError(
      `the replay would cover ${formatDuration((to - from) * 1000)}, more than the limit of ${formatDuration(INPUT_LIMITS.replaySeconds * 1000)} (CloudWatch keeps no longer history): replay a shorter time`,
    );
  if (
    evaluationRange !== undefined &&
    !(
      Number.isInteger(evaluationRange) &&
      evaluationRange >= 1 &&
      evaluationRange <= INPUT_LIMITS.evaluationRange
    )
  )
    throw new InputLimitError(
      `the evaluation range ${evaluationRange} is not a whole number from 1 to ${formatLimit(INPUT_LIMITS.evaluationRange)} (the limit)`,
    );
  let total = 0;
  let alarms = 0;
  for (const s of specs) {
    if (s.type !== 'metric' || !replayablePeriod(s.source.period)) continue;
    const periods = Math.max(0, Math.floor((to - alignDown(from, s.source.period)) / s.source.period));
    total += periods * (1 + (s.source.type === 'math' ? s.source.metrics.length : 0));
    alarms++;
  }
  if (total > INPUT_LIMITS.replayDatapoints)
    throw new InputLimitError(
      `the replay would evaluate ${formatLimit(total)} datapoints (${alarms} alarms over ${formatDuration((to - from) * 1000)}), more than the limit of ${formatLimit(INPUT_LIMITS.replayDatapoints)}: replay a shorter time or fewer alarms`,
    );
}

/** The note of a metric the history does not hold (the backtest report summarizes these by their start). */
const noHistoryNote = (q: MetricQuery) =>
  `no history for ${q.metric.namespace} ${q.metric.metricName} ${q.stat}: every datapoint missing`;

/** The `length` datapoints a low-sample percentile holds (1): those with samples, but fewer than `min`. */
function lowSampleHold(counts: ArrayLike<number>, min: number, length: number): Uint8Array {
  const hold = new Uint8Array(length);
  for (let k = 0; k < length; k++) hold[k] = counts[k] > 0 && counts[k] < min ? 1 : 0;
  return hold;
}

/**
 * The rule a metric alarm is replayed with, and a note when its missing-data treatment is not the template's own
 * (AWS/DynamoDB alarms always ignore missing data).
 */
function replayRule(spec: AlarmSpec, options: ReplayOptions): { rule: MetricAlarmRule; note?: string } {
  const treat = effectiveMissingData(spec);
  const rule: MetricAlarmRule = {
    comparison: spec.comparison,
    threshold: spec.threshold,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: treat,
    evaluationRange: options.evaluationRange ?? defaultEvaluationRange(spec.evaluationPeriods),
  };
  if (treat === spec.treatMissingData) return { rule };
  return {
    rule,
    note: `AWS/DynamoDB alarms always ignore missing data: evaluated as "ignore", not "${spec.treatMissingData}"`,
  };
}

function replayMetricAlarm(spec: AlarmSpec, history: HistorySource, options: ReplayOptions): AlarmReplay {
  const initial = options.initialState ?? 'INSUFFICIENT_DATA';
  const notes: string[] = [];
  if (!THRESHOLD_COMPARISONS.includes(spec.comparison))
    return skippedReplay(
      spec,
      `${spec.comparison} compares with an anomaly detection band, which is not replayed`,
      initial,
    );
  if (!Number.isFinite(spec.threshold))
    return skippedReplay(spec, 'the threshold is not known from the template', initial);
  const problem = windowProblem(spec);
  if (problem) return skippedReplay(spec, problem, initial);
  const period = spec.source.period;
  const slides = (options.window ?? 'sliding') === 'sliding' && period > 60 && period % 60 === 0;
  if (slides) {
    const sliding = replaySliding(spec, history, options, notes, initial);
    if (sliding) return sliding;
  }
  const start = alignDown(options.from, period);
  const grid: Grid = { start, period, length: Math.max(0, Math.floor((options.to - start) / period)) };
  if (grid.length === 0)
    return skippedReplay(spec, `the replay is shorter than one period (${period}s)`, initial);
  // Whether the history holds any metric of the alarm: notes about how its data was evaluated (not slid, sample
  // counts unknown) are said only then; without any, the "no history" notes say all there is.
  let found = false;
  const fetch = (q: MetricQuery): SeriesData => {
    const data = history.series(q, grid);
    found ||= data !== undefined;
    if (data) return data;
    notes.push(noHistoryNote(q));
    return { values: emptySeries(grid) };
  };
  let values: Series;
  let hold: Uint8Array | undefined;
  try {
    if (spec.source.type === 'metric') {
      const stat = parseStatistic(spec.source.stat);
      const data = fetch({ metric: spec.source.metric, stat: spec.source.stat, period });
      values = data.values;
      const min = lowSampleThreshold(stat);
      if (min > 0 && spec.evaluateLowSampleCountPercentile === 'ignore') {
        if (data.counts) {
          hold = lowSampleHold(data.counts, min, grid.length);
        } else if (found) {
          notes.push(
            `sample counts unknown: low-sample ${spec.source.stat} datapoints (< ${Math.ceil(min)} samples) were evaluated anyway`,
          );
        }
      }
    } else {
      const math = compileMath(spec.source.expression);
      const metrics = new Map<string, Series>();
      for (const m of spec.source.metrics) {
        parseStatistic(m.stat);
        if (m.period !== period)
          notes.push(`metric ${m.id} has period ${m.period}s, the expression ${period}s`);
        if (math.ids.has(m.id)) metrics.set(m.id, fetch({ metric: m.metric, stat: m.stat, period }).values);
        else metrics.set(m.id, emptySeries(grid));
      }
      values = math.evaluate({ grid, metrics });
    }
  } catch (e) {
    return skippedReplay(spec, (e as Error).message, initial);
  }
  if (slides && found)
    notes.unshift(
      `no one-minute history to slide its ${period}s period over: evaluated once per period, on periods aligned to the clock`,
    );
  const { rule, note } = replayRule(spec, options);
  if (note) notes.push(note);
  let states: Uint8Array;
  try {
    states = evaluateMetricAlarm(values, rule, { initial: stateCode(initial), ...(hold ? { hold } : {}) });
  } catch (e) {
    return skippedReplay(spec, (e as Error).message, initial);
  }
  const timeline = timelineFromStates(states, grid, stateCode(initial));
  return summarize(spec, timeline, { ...options, from: grid.start }, notes, { grid, values, rule });
}

/**
 * A metric alarm with a period longer than a minute, as CloudWatch evaluates it by default: every minute, over
 * rolling periods (see `./sliding.ts`). Undefined when the history has no one-minute data for any of its metrics.
 */
function replaySliding(
  spec: AlarmSpec,
  history: HistorySource,
  options: ReplayOptions,
  notes: string[],
  initial: AlarmState,
): AlarmReplay | undefined {
  const period = spec.source.period;
  const width = period / 60;
  const start = alignDown(options.from, 60);
  const length = Math.max(0, Math.floor((options.to - start) / 60));
  if (length === 0) return undefined;
  // Windows at the start of the replay reach back before it: read the history from one evaluation range of
  // periods earlier, so a day-long window is a full day from the first minute, and the alarm's state at the start
  // is the one that history gives it.
  const range = Math.max(
    options.evaluationRange ?? defaultEvaluationRange(spec.evaluationPeriods),
    spec.evaluationPeriods,
  );
  const offset = width * range;
  const minutes: Grid = { start: start - offset * 60, period: 60, length: length + offset };
  const shown: Grid = { start, period: 60, length };
  const queries = alarmQueries(spec);
  const rolled = new Map<MetricQuery, RollingData | undefined>();
  try {
    for (const q of queries) rolled.set(q, rollingQuery(history, { ...q, period }, minutes, width));
  } catch (e) {
    return skippedReplay(spec, (e as Error).message, initial);
  }
  if ([...rolled.values()].every((r) => r === undefined)) return undefined;
  const own: string[] = [];
  const get = (q: MetricQuery): RollingData => {
    const r = rolled.get(q);
    if (r) return r;
    own.push(noHistoryNote(q));
    return { values: emptySeries(minutes) };
  };
  let values: Series;
  let hold: Uint8Array | undefined;
  try {
    if (spec.source.type === 'metric') {
      const data = get(queries[0]);
      values = data.values;
      const min = lowSampleThreshold(parseStatistic(spec.source.stat));
      if (min > 0 && spec.evaluateLowSampleCountPercentile === 'ignore' && data.counts) {
        hold = lowSampleHold(data.counts, min, minutes.length);
      }
    } else {
      const math = compileMath(spec.source.expression);
      const metrics = new Map<string, Series>();
      spec.source.metrics.forEach((m, i) => {
        if (math.ids.has(m.id)) metrics.set(m.id, get(queries[i]).values);
        else metrics.set(m.id, emptySeries(minutes));
      });
      values = math.evaluate({ grid: minutes, metrics });
    }
  } catch (e) {
    return skippedReplay(spec, (e as Error).message, initial);
  }
  const { rule, note } = replayRule(spec, options);
  let states: Uint8Array;
  let before = stateCode(initial);
  try {
    const cls = classify(values, rule.comparison, rule.threshold);
    // Without a datapoint before the replay, the alarm starts in the given initial state, not in the state the
    // missing-data rule gives an empty history.
    const history = cls.subarray(0, offset).some((c) => c >= 0);
    const from = history ? 0 : offset;
    const all = evaluateSliding(cls.subarray(from), width, rule, {
      initial: before,
      ...(hold ? { hold: hold.subarray(from) } : {}),
    });
    states = all.subarray(offset - from);
    if (history) before = all[offset - 1] as typeof before;
  } catch (e) {
    return skippedReplay(spec, (e as Error).message, initial);
  }
  notes.push(...own, `evaluated every minute over a sliding ${period}s window (CloudWatch's default)`);
  if (note) notes.push(note);
  const timeline = timelineFromStates(states, shown, before);
  return summarize(spec, timeline, { ...options, from: shown.start }, notes, {
    grid: shown,
    values: values.subarray(offset),
    rule,
  });
}

/**
 * Replays every alarm. Composites are evaluated after the alarms they name (composites of composites too); an
 * alarm a rule names that is not among `specs` counts as INSUFFICIENT_DATA, with a note.
 */
export function replayAlarms(
  specs: readonly AnyAlarmSpec[],
  history: HistorySource,
  options: ReplayOptions,
): AlarmReplay[] {
  checkReplaySize(specs, options);
  const results = new Map<string, AlarmReplay>();
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const spec of specs)
    if (spec.type === 'metric') results.set(spec.name, replayMetricAlarm(spec, history, options));
  const composites = specs.filter((s): s is CompositeAlarmSpec => s.type === 'composite');
  const initial = options.initialState ?? 'INSUFFICIENT_DATA';
  let pending = composites;
  while (pending.length) {
    const ready = pending.filter((c) =>
      [...ruleAlarms(c.rule), ...(c.suppressor ? [c.suppressor.alarm] : [])].every(
        (n) => results.has(n) || byName.get(n)?.type !== 'composite',
      ),
    );
    if (ready.length === 0) {
      for (const c of pending)
        results.set(c.name, skippedReplay(c, 'its rule refers to itself through other composites', initial));
      break;
    }
    for (const c of ready) {
      const notes: string[] = [];
      const children = new Map<string, Timeline>();
      for (const n of ruleAlarms(c.rule)) {
        const r = results.get(n);
        if (r) children.set(n, r.timeline);
        else
          notes.push(
            `rule names "${n}", which is not among the replayed alarms: counted as INSUFFICIENT_DATA`,
          );
      }
      const tl = evaluateComposite(c.rule, children, options.from, stateCode(initial));
      let suppressor: Timeline | undefined;
      if (c.suppressor) {
        suppressor = results.get(c.suppressor.alarm)?.timeline;
        if (!suppressor)
          notes.push(
            `actions suppressor "${c.suppressor.alarm}" is not among the replayed alarms: its actions were never held back`,
          );
      }
      results.set(c.name, summarize(c, tl, options, notes, {}, suppressor));
    }
    pending = pending.filter((c) => !ready.includes(c));
  }
  return specs.map((s) => results.get(s.name)!);
}
