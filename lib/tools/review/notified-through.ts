import { nameKey } from './context';
import type { AlarmInContext, ReviewContext } from './types';

/**
 * The alarm that notifies for `a` (with `critical`, the one that pages): itself when it has enabled ALARM actions
 * (and is critical, with `critical`), else the first composite over it that does, through composites that do not
 * require every child (an AND does not fire on this child alone). Undefined when nothing notifies for it.
 */
export function notifiedThrough(
  a: AlarmInContext,
  ctx: ReviewContext,
  critical: boolean,
  seen = new Set<string>(),
): string | undefined {
  const spec = a.alarm.spec;
  if (
    (!critical || spec.severity === 'critical') &&
    spec.actions.alarm.length > 0 &&
    spec.actionsEnabled !== false
  )
    return spec.name;
  seen.add(spec.name);
  for (const parent of ctx.watchedBy.get(nameKey(a.stack, spec.name)) ?? []) {
    if (seen.has(parent.alarm.spec.name)) continue;
    if (parent.alarm.spec.type === 'composite' && parent.alarm.spec.rule.type === 'and') continue;
    const via = notifiedThrough(parent, ctx, critical, seen);
    if (via) return via;
  }
  return undefined;
}
