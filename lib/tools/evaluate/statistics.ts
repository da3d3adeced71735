/**
 * CloudWatch statistics computed from raw datapoints, per period: `SampleCount`, `Average`, `Sum`, `Minimum`,
 * `Maximum`, percentiles (`p99`, `p99.9`), trimmed and winsorized means (`tm90`, `TM(10%:90%)`, `wm99`,
 * `WM(150:1000)`), trimmed count and sum (`tc`, `ts`), percentile rank (`PR(:300)`) and `IQM`.
 *
 * Percentiles use the nearest-rank method on the raw values (CloudWatch does not publish its estimator; with raw
 * values the two agree to within one rank). Ranges in percent are by rank; absolute ranges keep values in
 * `(low, high]`, as the CloudWatch User Guide defines them.
 */
import { STANDARD_STATISTICS } from '../../model/template-keys';
import { quote } from '../echo';
import { own } from '../own';
import type { Grid } from './grid';

/** Looked up once, for the per-datapoint loop (see replay-model/random.ts). */
const { floor } = Math;

/**
 * A CloudWatch statistic, parsed: the standard ones, a percentile (`p95`), or a trimmed/winsorized/truncated statistic
 * with its bounds.
 */
export type Statistic =
  | { readonly kind: 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum' }
  | { readonly kind: 'p'; readonly q: number }
  | {
      readonly kind: 'tm' | 'wm' | 'tc' | 'ts';
      /** Bounds: fractions of the rank (0..1) when `percent`, else absolute values; undefined = open. */
      readonly low?: number;
      readonly high?: number;
      readonly percent: boolean;
    }
  | { readonly kind: 'pr'; readonly low?: number; readonly high?: number };

const STANDARD: Record<string, Statistic['kind']> = {
  samplecount: 'SampleCount',
  average: 'Average',
  avg: 'Average',
  sum: 'Sum',
  minimum: 'Minimum',
  min: 'Minimum',
  maximum: 'Maximum',
  max: 'Maximum',
};

const NUM = '(\\d+(?:\\.\\d+)?)';

/** Parses a CloudWatch statistic name; throws an Error that names what is allowed. */
export function parseStatistic(stat: string): Statistic {
  const s = stat.trim();
  const std = own(STANDARD, s.toLowerCase());
  if (std) return { kind: std } as Statistic;
  let m = new RegExp(`^p${NUM}$`, 'i').exec(s);
  if (m) {
    const q = Number(m[1]);
    if (q > 100) throw new Error(`statistic ${quote(stat)}: a percentile is at most p100`);
    return { kind: 'p', q };
  }
  if (/^iqm$/i.test(s)) return { kind: 'tm', low: 0.25, high: 0.75, percent: true };
  m = new RegExp(`^(tm|wm|tc|ts)${NUM}$`, 'i').exec(s);
  if (m) {
    const high = Number(m[2]) / 100;
    if (high > 1) throw new Error(`statistic ${quote(stat)}: the upper bound is at most 100`);
    return { kind: m[1].toLowerCase() as 'tm', low: 0, high, percent: true };
  }
  m = /^(tm|wm|tc|ts|pr)\(\s*([^:)]*)\s*:\s*([^:)]*)\s*\)$/i.exec(s);
  if (m) {
    const kind = m[1].toLowerCase() as 'tm' | 'pr';
    const bound = (t: string) => {
      if (t === '') return { value: undefined, percent: undefined };
      const b = new RegExp(`^-?${NUM}(%?)$`).exec(t);
      if (!b) throw new Error(`statistic ${quote(stat)}: ${quote(t)} is not a number or a percentage`);
      const pct = b[2] === '%';
      const v = Number(t.replace('%', ''));
      return { value: pct ? v / 100 : v, percent: pct };
    };
    const lo = bound(m[2]);
    const hi = bound(m[3]);
    const percent = lo.percent ?? hi.percent ?? false;
    if ((lo.percent ?? percent) !== percent || (hi.percent ?? percent) !== percent)
      throw new Error(`statistic ${quote(stat)}: both bounds must be percentages or both absolute values`);
    if (kind === 'pr') {
      if (percent) throw new Error(`statistic ${quote(stat)}: PR takes absolute values, not percentages`);
      return { kind: 'pr', low: lo.value, high: hi.value };
    }
    return { kind, low: lo.value, high: hi.value, percent };
  }
  throw new Error(
    `statistic ${quote(stat)} is not supported (allowed: SampleCount, Average, Sum, Minimum, Maximum, pNN, tmNN, wmNN, tcNN, tsNN, TM(a:b), WM(a:b), TC(a:b), TS(a:b), PR(a:b), IQM)`,
  );
}

/**
 * Fewer datapoints than this in a period make a percentile "low sample" (CloudWatch User Guide: 10/(1-p) for
 * p ≥ 0.5, 10/p below). 0 when the rule does not apply (not a percentile, or p0/p100).
 */
export function lowSampleThreshold(stat: Statistic): number {
  if (stat.kind !== 'p' || stat.q <= 0 || stat.q >= 100) return 0;
  const p = stat.q / 100;
  return p >= 0.5 ? 10 / (1 - p) : 10 / p;
}

/** Whether the statistic needs every value of a period (sorting), rather than running sums. */
const needsValues = (s: Statistic) => !STANDARD_STATISTICS.includes(s.kind);

/** One statistic per period of a grid, with the number of raw datapoints behind each. */
export interface Aggregated {
  /** The statistic per period; NaN where the period has no datapoint. */
  readonly values: Float64Array;
  /** Raw datapoints per period (the SampleCount). */
  readonly counts: Float64Array;
}

/**
 * Aggregates raw datapoints (epoch-second timestamps, any order) into one value per grid period. Datapoints
 * outside the grid and NaN values are skipped. Runs in O(n) for the running statistics and O(n log n) for the
 * order statistics, allocating only per-period arrays.
 */
export function aggregate(
  times: Float64Array,
  values: Float64Array,
  grid: Grid,
  stat: Statistic,
): Aggregated {
  const L = grid.length;
  const out = new Float64Array(L).fill(NaN);
  const counts = new Float64Array(L);
  const bucket = new Int32Array(times.length);
  for (let i = 0; i < times.length; i++) {
    const k = floor((times[i] - grid.start) / grid.period);
    const ok = k >= 0 && k < L && values[i] === values[i];
    bucket[i] = ok ? k : -1;
    if (ok) counts[k]++;
  }
  if (!needsValues(stat)) {
    for (let i = 0; i < times.length; i++) {
      const k = bucket[i];
      if (k < 0) continue;
      const v = values[i];
      const o = out[k];
      switch (stat.kind) {
        case 'Sum':
        case 'Average':
          out[k] = o === o ? o + v : v;
          break;
        case 'Minimum':
          out[k] = o === o && o <= v ? o : v;
          break;
        case 'Maximum':
          out[k] = o === o && o >= v ? o : v;
          break;
        case 'SampleCount':
          out[k] = o === o ? o + 1 : 1;
          break;
      }
    }
    if (stat.kind === 'Average') for (let k = 0; k < L; k++) if (counts[k] > 0) out[k] /= counts[k];
    return { values: out, counts };
  }
  // Order statistics: scatter the values into per-period slices (a counting sort), then sort each slice.
  const offsets = new Int32Array(L + 1);
  for (let k = 0; k < L; k++) offsets[k + 1] = offsets[k] + counts[k];
  const fill = offsets.slice(0, L);
  const sorted = new Float64Array(offsets[L]);
  for (let i = 0; i < times.length; i++) {
    const k = bucket[i];
    if (k >= 0) sorted[fill[k]++] = values[i];
  }
  for (let k = 0; k < L; k++) {
    const n = counts[k];
    if (n === 0) continue;
    const slice = sorted.subarray(offsets[k], offsets[k + 1]);
    slice.sort();
    out[k] = orderStatistic(slice, stat);
  }
  return { values: out, counts };
}

/** One order statistic of sorted values (n ≥ 1). */
export function orderStatistic(sorted: Float64Array, stat: Statistic): number {
  const n = sorted.length;
  switch (stat.kind) {
    case 'p': {
      const rank = Math.ceil((stat.q / 100) * n) - 1;
      return sorted[Math.min(n - 1, Math.max(0, rank))];
    }
    case 'pr': {
      let inRange = 0;
      for (let i = 0; i < n; i++) {
        const v = sorted[i];
        if ((stat.low === undefined || v > stat.low) && (stat.high === undefined || v <= stat.high))
          inRange++;
      }
      return (100 * inRange) / n;
    }
    case 'tm':
    case 'wm':
    case 'tc':
    case 'ts': {
      let from: number;
      let to: number; // indices [from, to)
      if (stat.percent) {
        from = Math.floor((stat.low ?? 0) * n);
        to = Math.ceil((stat.high ?? 1) * n);
      } else {
        from = 0;
        while (from < n && stat.low !== undefined && sorted[from] <= stat.low) from++;
        to = n;
        while (to > from && stat.high !== undefined && sorted[to - 1] > stat.high) to--;
      }
      to = Math.min(n, Math.max(to, from));
      if (stat.kind === 'tc') return to - from;
      let sum = 0;
      for (let i = from; i < to; i++) sum += sorted[i];
      if (stat.kind === 'ts') return to > from ? sum : NaN;
      if (stat.kind === 'tm') return to > from ? sum / (to - from) : NaN;
      // Winsorized: values outside the range take the value at its edge.
      if (to <= from) return NaN;
      sum += from * sorted[from] + (n - to) * sorted[to - 1];
      return sum / n;
    }
    default:
      throw new Error(`${stat.kind} is not an order statistic`);
  }
}
