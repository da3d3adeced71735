/**
 * A regular time grid: `length` periods of `period` seconds from `start` (epoch seconds, a multiple of the
 * period, as CloudWatch aligns datapoints). A series on a grid is a `Float64Array` with `NaN` for a missing
 * datapoint; datapoint `i` is stamped with the start of its period and is evaluated when the period ends.
 */

export interface Grid {
  /** Epoch seconds of the first period's start; a multiple of `period`. */
  readonly start: number;
  /** Seconds. */
  readonly period: number;
  /** Number of periods. */
  readonly length: number;
}

/** A series on a grid: one value per period, `NaN` where there is no datapoint. */
export type Series = Float64Array;

/** `t` rounded down to a multiple of `period` (both in seconds). */
export const alignDown = (t: number, period: number) => Math.floor(t / period) * period;
/** `t` rounded up to a multiple of `period` (both in seconds). */
export const alignUp = (t: number, period: number) => Math.ceil(t / period) * period;

/** The grid of whole periods covering `[from, to)` (epoch seconds). */
export function gridFor(from: number, to: number, period: number): Grid {
  const start = alignDown(from, period);
  const end = Math.max(alignUp(to, period), start + period);
  return { start, period, length: Math.round((end - start) / period) };
}

/** The start of period `i`. */
export const periodStart = (grid: Grid, i: number) => grid.start + i * grid.period;

/** When period `i` is evaluated: at its end. */
export const evaluatedAt = (grid: Grid, i: number) => grid.start + (i + 1) * grid.period;

/** The period that contains time `t`, or -1 outside the grid. */
export function periodIndex(grid: Grid, t: number): number {
  const i = Math.floor((t - grid.start) / grid.period);
  return i >= 0 && i < grid.length ? i : -1;
}

/** A series with every datapoint missing. */
export const emptySeries = (grid: Grid): Series => new Float64Array(grid.length).fill(NaN);
