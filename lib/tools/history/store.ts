/**
 * Metric history in memory, from files or GetMetricData: raw datapoints per metric, or datapoints already
 * aggregated with a statistic and period. Answers {@link HistorySource} queries on any grid: an exact
 * statistic/period match is used as is; Sum, SampleCount, Minimum and Maximum re-aggregate from a shorter period
 * that divides the query's; raw datapoints aggregate to any statistic.
 */
import type { MetricId } from '../../model/alarm-spec';
import { periodIndex, type Grid } from '../evaluate/grid';
import type { HistorySource, MetricQuery, SeriesData } from '../evaluate/replay';
import { aggregate, parseStatistic, type Statistic } from '../evaluate/statistics';
import { own } from '../own';
import { metricKey, normalizeStat } from './metric-ref';

interface Points {
  times: number[];
  values: number[];
  counts?: number[];
  /** Typed copies for aggregation, made on first use after a change. */
  typed?: { times: Float64Array; values: Float64Array };
}

function append(target: number[], source: readonly number[]): void {
  for (let i = 0; i < source.length; i++) target.push(source[i]);
}

/**
 * The arrays a set starts with: the caller's own (the store keeps them, so millions of datapoints read from a
 * file are not copied; callers hand over arrays they no longer change), or copies of read-only ones.
 */
const start = (a: readonly number[]): number[] => (Object.isFrozen(a) ? [...a] : (a as number[]));

function typed(p: Points): { times: Float64Array; values: Float64Array } {
  p.typed ??= { times: Float64Array.from(p.times), values: Float64Array.from(p.values) };
  return p.typed;
}

interface AggregatedSet extends Points {
  readonly stat: string;
  readonly period: number;
}

interface MetricData {
  readonly metric: MetricId;
  raw?: Points;
  readonly aggregated: AggregatedSet[];
}

const REAGGREGATE: Readonly<Record<string, Statistic>> = {
  Sum: { kind: 'Sum' },
  SampleCount: { kind: 'Sum' },
  Minimum: { kind: 'Minimum' },
  Maximum: { kind: 'Maximum' },
};

export class HistoryStore implements HistorySource {
  private readonly data = new Map<string, MetricData>();
  private readonly units = new Map<string, Set<string>>();
  /** EMF documents read into the store (from EMF logs). */
  emfDocuments = 0;

  /** Records the unit a metric's datapoints were written with (EMF logs say it); a metric may have several. */
  addUnit(metric: MetricId, unit: string): void {
    const key = metricKey(metric);
    let set = this.units.get(key);
    if (!set) this.units.set(key, (set = new Set()));
    set.add(unit);
  }

  /** The units a metric's datapoints were written with, when the history says (EMF logs); empty when unknown. */
  unitsOf(metric: MetricId): string[] {
    return [...(this.units.get(metricKey(metric)) ?? [])];
  }

  private entry(metric: MetricId): MetricData {
    const key = metricKey(metric);
    let d = this.data.get(key);
    if (!d) {
      d = { metric, aggregated: [] };
      this.data.set(key, d);
    }
    return d;
  }

  /** Adds raw datapoints (epoch seconds). */
  addRaw(metric: MetricId, times: readonly number[], values: readonly number[]): void {
    const d = this.entry(metric);
    if (!d.raw) d.raw = { times: start(times), values: start(values) };
    else {
      append(d.raw.times, times);
      append(d.raw.values, values);
      d.raw.typed = undefined;
    }
  }

  /** Adds datapoints of one statistic and period (timestamps are period starts); `counts` are sample counts. */
  addAggregated(
    metric: MetricId,
    stat: string,
    period: number,
    times: readonly number[],
    values: readonly number[],
    counts?: readonly (number | undefined)[],
  ): void {
    const d = this.entry(metric);
    const s = normalizeStat(stat);
    let set = d.aggregated.find((a) => a.stat === s && a.period === period);
    if (!set) {
      set = { stat: s, period, times: [], values: [] };
      d.aggregated.push(set);
      if (!counts || counts.every((c) => c !== undefined)) {
        set.times = start(times);
        set.values = start(values);
        if (counts) set.counts = start(counts as readonly number[]);
        return;
      }
    }
    const before = set.times.length;
    append(set.times, times);
    append(set.values, values);
    if (counts || set.counts) {
      // Rows without a sample count (in this call or an earlier one) have NaN.
      const all = (set.counts ??= new Array<number>(before).fill(NaN));
      for (let i = 0; i < times.length; i++) all.push(counts?.[i] ?? NaN);
    }
    set.typed = undefined;
  }

  /** Every metric with data. */
  metrics(): MetricId[] {
    return [...this.data.values()].map((d) => d.metric);
  }

  /** The time span of all data (epoch seconds, end exclusive), or undefined when empty. */
  span(): { from: number; to: number } | undefined {
    let from = Infinity;
    let to = -Infinity;
    for (const d of this.data.values()) {
      for (const p of [d.raw, ...d.aggregated]) {
        if (!p) continue;
        // An aggregated datapoint covers its period; a raw one, its second.
        const step = 'period' in p ? (p as AggregatedSet).period : 1;
        for (const t of p.times) {
          if (t < from) from = t;
          if (t + step > to) to = t + step;
        }
      }
    }
    return from <= to ? { from, to } : undefined;
  }

  series(q: MetricQuery, grid: Grid): SeriesData | undefined {
    const d = this.data.get(metricKey(q.metric));
    if (!d) return undefined;
    const stat = normalizeStat(q.stat);
    const exact = d.aggregated.find((a) => a.stat === stat && a.period === q.period);
    if (exact) {
      const values = new Float64Array(grid.length).fill(NaN);
      for (let i = 0; i < exact.times.length; i++) {
        const k = periodIndex(grid, exact.times[i]);
        if (k >= 0) values[k] = exact.values[i];
      }
      // Sample counts: given with the datapoints, or a SampleCount series of the same period.
      const sampleCount = d.aggregated.find((a) => a.stat === 'SampleCount' && a.period === q.period);
      const source = exact.counts ? { times: exact.times, values: exact.counts } : sampleCount;
      if (!source) return { values };
      const counts = new Float64Array(grid.length);
      for (let i = 0; i < source.times.length; i++) {
        const k = periodIndex(grid, source.times[i]);
        if (k >= 0) counts[k] = source.values[i] || 0;
      }
      return { values, counts };
    }
    const again = own(REAGGREGATE, stat);
    const finer = again && d.aggregated.find((a) => a.stat === stat && q.period % a.period === 0);
    if (again && finer) {
      const t = typed(finer);
      return { values: aggregate(t.times, t.values, grid, again).values };
    }
    if (d.raw) {
      const t = typed(d.raw);
      return aggregate(t.times, t.values, grid, parseStatistic(q.stat));
    }
    return undefined;
  }
}
