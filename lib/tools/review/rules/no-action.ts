import { nameKey } from '../context';
import type { AlarmInContext, ReviewContext, ReviewRule } from '../types';

/** Whether some composite with an ALARM action watches this alarm, directly or through other composites. */
function heardThroughComposite(
  a: AlarmInContext,
  ctx: ReviewContext,
  seen = new Set<AlarmInContext>(),
): boolean {
  for (const parent of ctx.watchedBy.get(nameKey(a.stack, a.alarm.spec.name)) ?? []) {
    if (seen.has(parent)) continue;
    seen.add(parent);
    const s = parent.alarm.spec;
    if (s.actions.alarm.length > 0 && s.actionsEnabled !== false) return true;
    if (heardThroughComposite(parent, ctx, seen)) return true;
  }
  return false;
}

export const noAction: ReviewRule = {
  id: 'no-action',
  level: 'warning',
  title: 'Alarm with no action',
  advice:
    'Nobody hears about it: add an ALARM action (an SNS topic), or watch it from a composite alarm that has one.',
  check: (a, ctx) => {
    if (a.alarm.spec.actions.alarm.length > 0) return [];
    if (heardThroughComposite(a, ctx)) return [];
    return ['no ALARM action, and no composite alarm with an action watches it'];
  },
};
