/**
 * A state timeline: the times at which an alarm's state changed. Metric alarms produce one from their per-period
 * states; composites are evaluated on the merged timelines of their children. Everything a report says (state
 * transitions, ALARM episodes, time in alarm, notifications) is derived from it.
 */
import type { AlarmActions } from '../../model/alarm-spec';
import { evaluatedAt, type Grid } from './grid';
import { ALARM, INSUFFICIENT_DATA, stateName, type AlarmState, type StateCode } from './state';

/** An alarm's states over time, compactly: the initial state and every change. */
export interface Timeline {
  /** The state before the first change. */
  readonly initial: StateCode;
  /** Epoch seconds of each change, ascending. */
  readonly times: Float64Array;
  /** The state from each change on. */
  readonly states: Uint8Array;
}

/** The timeline of per-period states (state `k` is reached when period `k` ends). */
export function timelineFromStates(
  states: Uint8Array,
  grid: Grid,
  initial: StateCode = INSUFFICIENT_DATA,
): Timeline {
  let n = 0;
  let prev: number = initial;
  for (let k = 0; k < states.length; k++) {
    if (states[k] === prev) continue;
    n++;
    prev = states[k];
  }
  const times = new Float64Array(n);
  const out = new Uint8Array(n);
  prev = initial;
  let j = 0;
  for (let k = 0; k < states.length; k++) {
    if (states[k] === prev) continue;
    prev = states[k];
    times[j] = evaluatedAt(grid, k);
    out[j++] = prev;
  }
  return { initial, times, states: out };
}

/** The state at time `t` (after any change at exactly `t`). */
export function stateAt(tl: Timeline, t: number): StateCode {
  let lo = 0;
  let hi = tl.times.length; // first change after t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tl.times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return (lo === 0 ? tl.initial : tl.states[lo - 1]) as StateCode;
}

/** One state change. */
export interface Transition {
  /** Epoch seconds. */
  readonly time: number;
  /** The state before. */
  readonly from: AlarmState;
  /** The state after. */
  readonly to: AlarmState;
}

/** The state changes, at most `max` of them (the first ones); there are `tl.times.length` in all. */
export function transitions(tl: Timeline, max = Infinity): Transition[] {
  const out: Transition[] = [];
  let prev: number = tl.initial;
  for (let i = 0; i < tl.times.length && out.length < max; i++) {
    out.push({ time: tl.times[i], from: stateName(prev), to: stateName(tl.states[i]) });
    prev = tl.states[i];
  }
  return out;
}

/** A stretch of time in one state; `end` is undefined when it lasts to the end of the replay. */
export interface Episode {
  /** The state. */
  readonly state: AlarmState;
  /** Epoch seconds when the stretch starts. */
  readonly start: number;
  /** Epoch seconds when it ends. @default - none: it lasts to the end of the replay */
  readonly end?: number;
}

/** Calls `visit` for each stretch of time in `state` within `[from, to)`, in order. */
export function forEachEpisode(
  tl: Timeline,
  state: StateCode,
  from: number,
  to: number,
  visit: (start: number, end: number | undefined) => void,
): void {
  let cur: number = tl.initial;
  let since = from;
  // The last stretch counts even when it starts at `to` itself: an alarm that fires at the last evaluation fired.
  const close = (end: number, last = false) => {
    if (cur === state && (end > since || last)) visit(since, end < to ? end : undefined);
  };
  for (let i = 0; i < tl.times.length; i++) {
    const t = Math.min(Math.max(tl.times[i], from), to);
    if (tl.states[i] === cur) continue;
    close(t);
    cur = tl.states[i];
    since = t;
  }
  close(to, true);
}

/** The stretches of time in `state` within `[from, to)`, at most `max` of them (the first ones). */
export function episodes(
  tl: Timeline,
  state: StateCode,
  from: number,
  to: number,
  max = Infinity,
): Episode[] {
  const out: Episode[] = [];
  forEachEpisode(tl, state, from, to, (start, end) => {
    if (out.length < max) out.push({ state: stateName(state), start, ...(end !== undefined ? { end } : {}) });
  });
  return out;
}

/** How many stretches of time in `state` there are within `[from, to)`, and the seconds they add up to. */
export function episodeTotals(tl: Timeline, state: StateCode, from: number, to: number) {
  let count = 0;
  let seconds = 0;
  forEachEpisode(tl, state, from, to, (start, end) => {
    count++;
    seconds += (end ?? to) - start;
  });
  return { count, seconds };
}

/** Seconds spent in `state` within `[from, to)`. */
export function timeIn(tl: Timeline, state: StateCode, from: number, to: number): number {
  return episodeTotals(tl, state, from, to).seconds;
}

/** An action CloudWatch would have run: on every transition into a state that has actions. */
export interface Notification {
  /** Epoch seconds. */
  readonly time: number;
  /** The state entered. */
  readonly state: AlarmState;
  /** The actions of that state: topic names or ARNs. */
  readonly targets: readonly string[];
}

/**
 * The notifications CloudWatch would have sent for `list`: one per transition into a state with actions (none when
 * actions are disabled).
 */
export function notifications(
  list: readonly Transition[],
  actions: AlarmActions,
  actionsEnabled = true,
): Notification[] {
  if (!actionsEnabled) return [];
  const byState: Record<AlarmState, readonly string[]> = {
    ALARM: actions.alarm,
    OK: actions.ok,
    INSUFFICIENT_DATA: actions.insufficientData,
  };
  return list
    .filter((t) => byState[t.to].length > 0)
    .map((t) => ({ time: t.time, state: t.to, targets: byState[t.to] }));
}

/** How many notifications a timeline sends in all, and how many of them are for ALARM. */
export function notificationTotals(tl: Timeline, actions: AlarmActions, actionsEnabled = true) {
  const has = [actions.ok.length > 0, actions.alarm.length > 0, actions.insufficientData.length > 0];
  let count = 0;
  let alarms = 0;
  if (!actionsEnabled) return { count, alarms };
  for (let i = 0; i < tl.states.length; i++) {
    if (!has[tl.states[i]]) continue;
    count++;
    if (tl.states[i] === ALARM) alarms++;
  }
  return { count, alarms };
}
