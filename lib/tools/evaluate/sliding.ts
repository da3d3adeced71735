/**
 * Sliding evaluation windows: how CloudWatch evaluates an alarm whose period is longer than a minute (CloudWatch
 * User Guide, "Alarm evaluation window": `SlidingWindow` is the default). The alarm is evaluated every minute,
 * and each evaluation reads datapoints over periods that end at the evaluation: an alarm with a period of one hour
 * evaluated at 14:07 reads 13:07–14:07, at 14:08 it reads 13:08–14:08. So a one-hour period is a rolling hour,
 * not a clock hour, and the N datapoints of an evaluation are the rolling aggregates ending now, one period ago,
 * two periods ago, ...
 *
 * This file computes rolling aggregates on a one-minute grid from one-minute history, and evaluates an alarm
 * every minute over those strided datapoints with the same rules as {@link evaluateClassified}.
 */
import type { MetricId, MissingData } from '../../model/alarm-spec';
import type { Grid } from './grid';
import type { MetricAlarmRule } from './metric-alarm';
import { defaultEvaluationRange } from './metric-alarm';
import { ALARM, INSUFFICIENT_DATA, OK, type StateCode } from './state';
import { parseStatistic } from './statistics';

/** How a one-minute series rolls up into longer periods. */
export type RollKind = 'sum' | 'min' | 'max';

/**
 * The rolling aggregate of a one-minute series over `width` minutes ending at each minute (inclusive); NaN where
 * every minute of the window is missing. O(n) for every kind (a monotonic deque for min and max).
 */
export function rolling(base: Float64Array, width: number, kind: RollKind): Float64Array {
  const n = base.length;
  const out = new Float64Array(n).fill(NaN);
  if (kind === 'sum') {
    let sum = 0;
    let present = 0;
    for (let i = 0; i < n; i++) {
      const v = base[i];
      if (v === v) {
        sum += v;
        present++;
      }
      if (i >= width) {
        const old = base[i - width];
        if (old === old) {
          sum -= old;
          present--;
        }
      }
      // Re-add from scratch now and then: subtracting floats drifts.
      if ((i & 1023) === 1023) {
        sum = 0;
        for (let j = Math.max(0, i - width + 1); j <= i; j++) if (base[j] === base[j]) sum += base[j];
      }
      if (present > 0) out[i] = sum;
    }
    return out;
  }
  const better = kind === 'min' ? (a: number, b: number) => a <= b : (a: number, b: number) => a >= b;
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const v = base[i];
    if (v === v) {
      while (tail > head && better(v, base[deque[tail - 1]])) tail--;
      deque[tail++] = i;
    }
    while (tail > head && deque[head] <= i - width) head++;
    if (tail > head) out[i] = base[deque[head]];
  }
  return out;
}

/**
 * Decides one evaluation from its evaluation range (oldest first; per datapoint 1 breaching, 0 not, -1 missing)
 * and the state before it: the rules of {@link evaluateClassified}, stated once per window.
 */
export function decideWindow(
  window: Int8Array,
  n: number,
  m: number,
  treat: MissingData,
  previous: StateCode,
): StateCode {
  let present = 0;
  let bad = 0;
  let oldest = -1;
  for (let i = 0; i < window.length; i++) {
    if (window[i] < 0) continue;
    if (oldest < 0) oldest = i;
    present++;
    bad += window[i];
  }
  if (present === 0) {
    if (treat === 'breaching') return ALARM;
    if (treat === 'notBreaching') return OK;
    return treat === 'ignore' ? previous : INSUFFICIENT_DATA;
  }
  if (present >= n) {
    let seen = 0;
    let lastBad = 0;
    for (let i = window.length - 1; i >= 0 && seen < n; i--) {
      if (window[i] < 0) continue;
      seen++;
      lastBad += window[i];
    }
    return lastBad >= m ? ALARM : OK;
  }
  if (treat === 'breaching') return bad + n - present >= m ? ALARM : OK;
  if (treat === 'notBreaching' || bad >= m) return bad >= m ? ALARM : OK;
  if (bad < present) return OK;
  if (treat === 'ignore') return previous;
  // Every present datapoint breaches, but fewer than M: ALARM early once the oldest is M periods old.
  return window.length - oldest >= m ? ALARM : INSUFFICIENT_DATA;
}

/**
 * Evaluates an alarm every minute over a sliding window: `cls[k]` classifies the rolling datapoint that ends at
 * minute `k` (see `classify`), and the evaluation at minute `k` reads `cls[k - j * stride]` for j < R (the
 * evaluation range), `stride` being the period in minutes. Datapoints before the series are missing. `hold[k] = 1`
 * keeps the state (low-sample percentiles with `ignore`).
 */
export function evaluateSliding(
  cls: Int8Array,
  stride: number,
  rule: MetricAlarmRule,
  options: { readonly initial?: StateCode; readonly hold?: Uint8Array } = {},
): Uint8Array {
  const N = rule.evaluationPeriods;
  const M = rule.datapointsToAlarm;
  if (!(N >= 1) || !(M >= 1) || M > N)
    throw new Error(`datapoints to alarm (${M}) must be between 1 and the evaluation periods (${N})`);
  const R = Math.max(rule.evaluationRange ?? defaultEvaluationRange(N), N);
  const out = new Uint8Array(cls.length);
  const window = new Int8Array(R);
  let state: StateCode = options.initial ?? INSUFFICIENT_DATA;
  for (let k = 0; k < cls.length; k++) {
    if (options.hold?.[k] === 1) {
      out[k] = state;
      continue;
    }
    for (let j = 0; j < R; j++) {
      const at = k - (R - 1 - j) * stride;
      window[j] = at >= 0 ? cls[at] : -1;
    }
    state = decideWindow(window, N, M, rule.treatMissingData, state);
    out[k] = state;
  }
  return out;
}

/** A rolling series of one query on the one-minute grid, with rolling sample counts when known. */
export interface RollingData {
  readonly values: Float64Array;
  readonly counts?: Float64Array;
}

/** What rolling needs from a history source (structurally a `HistorySource`). */
interface MinuteSource {
  series(
    query: { readonly metric: MetricId; readonly stat: string; readonly period: number },
    grid: Grid,
  ): { readonly values: Float64Array; readonly counts?: Float64Array } | undefined;
}

const ratio = (num: Float64Array, den: Float64Array) => {
  const out = new Float64Array(num.length).fill(NaN);
  for (let i = 0; i < num.length; i++) if (den[i] > 0) out[i] = num[i] / den[i];
  return out;
};

/**
 * The rolling value of `stat` over `width` minutes ending at every minute of `minutes` (a one-minute grid), from
 * one-minute history: exact for Sum, SampleCount, Minimum, Maximum, Average, and for the percentile rank and the
 * trimmed count and sum with absolute bounds (they add up across minutes, weighted by sample counts). Other
 * statistics (percentiles, trimmed means) cannot be rolled from per-minute values: they are asked of the history
 * for each of the `width` phases of the period, which is exact when it holds raw datapoints. Undefined when the
 * history has no one-minute data for the metric.
 */
export function rollingQuery(
  history: MinuteSource,
  query: { readonly metric: MetricId; readonly stat: string; readonly period: number },
  minutes: Grid,
  width: number,
): RollingData | undefined {
  const stat = parseStatistic(query.stat);
  const at60 = (s: string) => history.series({ metric: query.metric, stat: s, period: 60 }, minutes);
  const counts = () => {
    const c = at60('SampleCount');
    return c ? rolling(c.values, width, 'sum') : undefined;
  };
  switch (stat.kind) {
    case 'Sum':
    case 'SampleCount': {
      const base = at60(stat.kind);
      return base && { values: rolling(base.values, width, 'sum') };
    }
    case 'Minimum':
    case 'Maximum': {
      const base = at60(stat.kind);
      return base && { values: rolling(base.values, width, stat.kind === 'Minimum' ? 'min' : 'max') };
    }
    case 'Average': {
      const sum = at60('Sum');
      const n = counts();
      return sum && n ? { values: ratio(rolling(sum.values, width, 'sum'), n), counts: n } : undefined;
    }
    case 'pr':
    case 'tc':
    case 'ts': {
      if (stat.kind !== 'pr' && stat.percent) break;
      const base = at60(query.stat);
      const c = at60('SampleCount');
      if (!base || !c) return undefined;
      const n = rolling(c.values, width, 'sum');
      if (stat.kind !== 'pr') return { values: rolling(base.values, width, 'sum'), counts: n };
      // A percentile rank is a share of samples: weight each minute's by its sample count.
      const weighted = new Float64Array(base.values.length);
      for (let i = 0; i < weighted.length; i++)
        weighted[i] = base.values[i] === base.values[i] ? base.values[i] * c.values[i] : NaN;
      return { values: ratio(rolling(weighted, width, 'sum'), n), counts: n };
    }
    default:
      break;
  }
  // Order statistics: one grid per phase of the period, interleaved back onto the minutes.
  if (!at60('SampleCount') && !at60(query.stat)) return undefined;
  const values = new Float64Array(minutes.length).fill(NaN);
  const sampleCounts = new Float64Array(minutes.length);
  let haveCounts = false;
  for (let phase = 0; phase < width && phase < minutes.length; phase++) {
    const end = minutes.start + (phase + 1) * 60;
    const grid: Grid = {
      start: end - width * 60,
      period: width * 60,
      length: Math.ceil((minutes.length - phase) / width),
    };
    const data = history.series({ ...query, period: width * 60 }, grid);
    if (!data) continue;
    for (let j = 0; j < grid.length; j++) {
      const k = phase + j * width;
      if (k >= minutes.length) break;
      values[k] = data.values[j];
      if (data.counts) {
        sampleCounts[k] = data.counts[j];
        haveCounts = true;
      }
    }
  }
  return haveCounts ? { values, counts: sampleCounts } : { values };
}
