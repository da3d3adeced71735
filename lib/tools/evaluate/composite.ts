/**
 * Composite alarms, evaluated from their children's timelines: the rule is re-evaluated whenever a child changes
 * state; TRUE is ALARM, FALSE is OK. A composite is INSUFFICIENT_DATA only before its first evaluation (the
 * PutCompositeAlarm API reference). `AT_LEAST(n | n%, [NOT] STATE, (...))` counts the listed alarms in (or not in)
 * the state.
 */
import type { AlarmRule } from '../../model/alarm-spec';
import { ALARM, INSUFFICIENT_DATA, OK, stateCode, type StateCode } from './state';
import type { Timeline } from './timeline';

/** Evaluates a rule against the children's current states. */
export function ruleHolds(rule: AlarmRule, stateOf: (alarm: string) => StateCode): boolean {
  switch (rule.type) {
    case 'const':
      return rule.value;
    case 'state':
      return stateOf(rule.alarm) === stateCode(rule.state);
    case 'not':
      return !ruleHolds(rule.operand, stateOf);
    case 'and':
      return rule.operands.every((r) => ruleHolds(r, stateOf));
    case 'or':
      return rule.operands.some((r) => ruleHolds(r, stateOf));
    case 'atLeast': {
      const want = stateCode(rule.state);
      let n = 0;
      for (const a of rule.alarms) if ((stateOf(a) === want) !== Boolean(rule.negate)) n++;
      const th = rule.threshold;
      if (typeof th === 'string' && th.endsWith('%'))
        return rule.alarms.length > 0 && (100 * n) / rule.alarms.length >= Number(th.slice(0, -1));
      return n >= Number(th);
    }
  }
}

/**
 * The composite's timeline. `children` holds the timeline of every alarm the rule names; a missing one counts as
 * INSUFFICIENT_DATA throughout. `start` is when the composite is first evaluated if no child ever changes.
 */
export function evaluateComposite(
  rule: AlarmRule,
  children: ReadonlyMap<string, Timeline>,
  start: number,
  initial: StateCode = INSUFFICIENT_DATA,
): Timeline {
  const names = [...children.keys()];
  const tls = names.map((n) => children.get(n)!);
  const cursor = new Int32Array(tls.length);
  const current = new Map<string, StateCode>(names.map((n, i) => [n, tls[i].initial]));
  const all = new Set<number>();
  for (const tl of tls) for (const t of tl.times) all.add(t);
  const events = [...all].sort((a, b) => a - b);
  if (events.length === 0) events.push(start);
  const stateOf = (a: string) => current.get(a) ?? INSUFFICIENT_DATA;
  const times: number[] = [];
  const states: number[] = [];
  let prev: StateCode = initial;
  for (const t of events) {
    tls.forEach((tl, i) => {
      while (cursor[i] < tl.times.length && tl.times[cursor[i]] <= t) {
        current.set(names[i], tl.states[cursor[i]] as StateCode);
        cursor[i]++;
      }
    });
    const next = ruleHolds(rule, stateOf) ? ALARM : OK;
    if (next !== prev) {
      times.push(t);
      states.push(next);
      prev = next;
    }
  }
  return { initial, times: Float64Array.from(times), states: Uint8Array.from(states) };
}
