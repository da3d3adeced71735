/**
 * How CloudWatch evaluates a metric alarm, step by step over a series (CloudWatch User Guide, "Using Amazon
 * CloudWatch alarms" and "Configuring how CloudWatch alarms treat missing data"):
 *
 * At each evaluation CloudWatch reads the last R datapoints, the *evaluation range* (R > N, the evaluation
 * periods), and then:
 * 1. none present: `missing` → INSUFFICIENT_DATA, `ignore` → keep the state, `breaching` → ALARM,
 *    `notBreaching` → OK;
 * 2. at least N present: the N most recent present datapoints decide (ALARM if at least M breach), whatever the
 *    missing-data setting;
 * 3. fewer than N present: every present datapoint in the range counts, and the missing ones are filled as few
 *    times as possible (N − present) with the setting: `breaching` adds breaches, `notBreaching` adds good
 *    points. `missing` and `ignore` fill nothing: ALARM if at least M present datapoints breach; OK if a present
 *    datapoint does not breach; when every present datapoint breaches but fewer than M, the alarm goes to ALARM
 *    early when the oldest of them is at least M periods old ("avoiding premature transitions"), else it cannot
 *    decide (INSUFFICIENT_DATA for `missing`; `ignore` keeps the state in both cases).
 *
 * Every row of the User Guide's two tables of examples is a test of this file. The evaluation range R is not
 * published: the default, N + max(⌊N/3⌋, 2), gives the documented R = 5 for N = 3 (it is an option).
 *
 * One pass, O(1) per evaluation (window counts and two rings of N), allocating nothing per datapoint.
 */
import type { Comparison, MissingData } from '../../model/alarm-spec';
import { ALARM, INSUFFICIENT_DATA, OK, type StateCode } from './state';

// The state codes as local literals: the hot loop must not load them from another module's exports.
const S_OK = 0;
const S_ALARM = 1;
const S_INSUFFICIENT = 2;
if (S_OK !== OK || S_ALARM !== ALARM || S_INSUFFICIENT !== INSUFFICIENT_DATA)
  throw new Error('state codes changed');

/** What a metric alarm evaluates: comparison, threshold, M of N, missing-data treatment and evaluation range. */
export interface MetricAlarmRule {
  /** How a datapoint is compared with `threshold`. */
  readonly comparison: Comparison;
  /** The threshold, in the series' unit. */
  readonly threshold: number;
  /** N. */
  readonly evaluationPeriods: number;
  /** M. */
  readonly datapointsToAlarm: number;
  /** How missing datapoints count (CloudWatch `TreatMissingData`). */
  readonly treatMissingData: MissingData;
  /** R: how many recent datapoints an evaluation reads. @default defaultEvaluationRange(N) */
  readonly evaluationRange?: number;
}

/** The evaluation range this tool assumes when none is given: N + max(⌊N/3⌋, 2) (5 for N = 3, as documented). */
export const defaultEvaluationRange = (n: number) => n + Math.max(Math.floor(n / 3), 2);

/** R of a rule: its own, or the default; never fewer than N. */
const evaluationRangeOf = (rule: MetricAlarmRule) =>
  Math.max(rule.evaluationRange ?? defaultEvaluationRange(rule.evaluationPeriods), rule.evaluationPeriods);

/** Comparisons against a fixed threshold; the anomaly-band ones need a band series and are not evaluated here. */
export const THRESHOLD_COMPARISONS: readonly Comparison[] = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];

/** Per datapoint: 1 breaching, 0 not breaching, -1 missing. */
export function classify(
  values: Float64Array,
  comparison: Comparison,
  threshold: number,
  out?: Int8Array,
): Int8Array {
  const c = out ?? new Int8Array(values.length);
  const n = values.length;
  switch (comparison) {
    case 'GreaterThanThreshold':
      for (let i = 0; i < n; i++) c[i] = values[i] !== values[i] ? -1 : values[i] > threshold ? 1 : 0;
      break;
    case 'GreaterThanOrEqualToThreshold':
      for (let i = 0; i < n; i++) c[i] = values[i] !== values[i] ? -1 : values[i] >= threshold ? 1 : 0;
      break;
    case 'LessThanThreshold':
      for (let i = 0; i < n; i++) c[i] = values[i] !== values[i] ? -1 : values[i] < threshold ? 1 : 0;
      break;
    case 'LessThanOrEqualToThreshold':
      for (let i = 0; i < n; i++) c[i] = values[i] !== values[i] ? -1 : values[i] <= threshold ? 1 : 0;
      break;
    default:
      throw new Error(
        `${comparison} compares with an anomaly detection band, which this evaluator does not model`,
      );
  }
  return c;
}

/** Options of `evaluateClassified` and `evaluateMetricAlarm`. */
export interface EvaluateOptions {
  /** The state before the first evaluation. @default INSUFFICIENT_DATA */
  readonly initial?: StateCode;
  /**
   * Evaluations to skip (1 = keep the current state): percentile datapoints with too few samples when
   * `EvaluateLowSampleCountPercentile` is `ignore`.
   * @default - none: every evaluation counts
   */
  readonly hold?: Uint8Array;
  /** Reuse this array for the output. @default - a new array */
  readonly out?: Uint8Array;
}

/**
 * Evaluates a metric alarm after every datapoint of `cls` (see {@link classify}); returns the state after each
 * evaluation. Datapoints before the series are treated as missing.
 */
export function evaluateClassified(
  cls: Int8Array,
  rule: MetricAlarmRule,
  options: EvaluateOptions = {},
): Uint8Array {
  const L = cls.length;
  const N = rule.evaluationPeriods;
  const M = rule.datapointsToAlarm;
  const R = evaluationRangeOf(rule);
  if (!(N >= 1) || !(M >= 1) || M > N)
    throw new Error(`datapoints to alarm (${M}) must be between 1 and the evaluation periods (${N})`);
  const out = options.out ?? new Uint8Array(L);
  const hold = options.hold;
  // One pass. Window counts (present, breaching) move with the range. A ring of N + 1 slots keeps the breach bit
  // and position of the N most recent present datapoints (slot `head` is scratch), which decide when at least N
  // are in the range. The bookkeeping is branch-free: for a class x in {-1, 0, 1}, (x + 2) >> 1 is "present"
  // and (x + 1) >> 1 is "breaching".
  const S = N + 1;
  const ringBad = new Int8Array(S);
  const ringPos = new Int32Array(S);
  let head = 0;
  let size = 0;
  let lastNBad = 0;
  let c = 0;
  let bad = 0;
  const t = rule.treatMissingData;
  const tBreaching = t === 'breaching';
  const tNotBreaching = t === 'notBreaching';
  const tIgnore = t === 'ignore';
  let state: number = options.initial ?? S_INSUFFICIENT;
  const holding = hold !== undefined;
  for (let k = 0; k < L; k++) {
    if (k >= R) {
      const y = cls[k - R];
      c -= (y + 2) >> 1;
      bad -= (y + 1) >> 1;
    }
    const x = cls[k];
    const p = (x + 2) >> 1;
    const b = (x + 1) >> 1;
    c += p;
    bad += b;
    const full = size === N ? 1 : 0;
    const tail = head + 1 === S ? 0 : head + 1; // the oldest of the N when full
    lastNBad += b - p * full * ringBad[tail];
    ringBad[head] = b;
    ringPos[head] = k;
    head = p === 0 ? head : tail;
    size += p & (1 - full);
    if (holding && hold![k] === 1) {
      out[k] = state;
      continue;
    }
    if (c === 0) {
      if (tBreaching) state = S_ALARM;
      else if (tNotBreaching) state = S_OK;
      else if (!tIgnore) state = S_INSUFFICIENT;
    } else if (c >= N) {
      state = lastNBad >= M ? S_ALARM : S_OK;
    } else if (tBreaching) {
      state = bad + N - c >= M ? S_ALARM : S_OK;
    } else if (tNotBreaching || bad >= M) {
      state = bad >= M ? S_ALARM : S_OK;
    } else if (bad < c) {
      state = S_OK;
    } else if (!tIgnore) {
      // Every present datapoint breaches, but fewer than M: ALARM early once the oldest is M periods old.
      const oldest = ringPos[(head - c + S) % S];
      state = k - oldest + 1 >= M ? S_ALARM : S_INSUFFICIENT;
    }
    out[k] = state;
  }
  return out;
}

/** Classifies and evaluates in one call. */
export function evaluateMetricAlarm(
  values: Float64Array,
  rule: MetricAlarmRule,
  options: EvaluateOptions = {},
): Uint8Array {
  return evaluateClassified(classify(values, rule.comparison, rule.threshold), rule, options);
}

/** What one evaluation saw, in words: for test failures and reports. */
export interface EvaluationWindow {
  /** The evaluation range, oldest first: the value, or undefined when missing. */
  readonly values: readonly (number | undefined)[];
  /** Per datapoint of the range: `X` breaching, `0` not breaching, `-` missing (the User Guide's notation). */
  readonly notation: string;
  /** How many datapoints of the range were present. */
  readonly present: number;
  /** How many present datapoints breached. */
  readonly breaching: number;
}

/** What the evaluation at period `k` saw: the range's values, the notation, and the counts. */
export function evaluationWindow(values: Float64Array, rule: MetricAlarmRule, k: number): EvaluationWindow {
  const R = evaluationRangeOf(rule);
  const slice: (number | undefined)[] = [];
  for (let i = k - R + 1; i <= k; i++) slice.push(i >= 0 && values[i] === values[i] ? values[i] : undefined);
  const cls = classify(
    Float64Array.from(slice, (v) => (v === undefined ? NaN : v)),
    rule.comparison,
    rule.threshold,
  );
  const notation = Array.from(cls, (c) => (c < 0 ? '-' : c === 1 ? 'X' : '0')).join(' ');
  return {
    values: slice,
    notation,
    present: cls.filter((c) => c >= 0).length,
    breaching: cls.filter((c) => c === 1).length,
  };
}
