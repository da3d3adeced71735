/** When a trace group's X-Ray insights are announced, and at which severity: one rule for every stack that asks. */
import type { Severity } from '../model/alarm-spec';
import type { TraceGroupSpec } from '../model/tracing';

/** The severity of the group's insight notifications, or `undefined` when it sends none (insights or notify off). */
export function insightSeverity(group: Pick<TraceGroupSpec, 'insights' | 'notify'>): Severity | undefined {
  if (group.insights === false || group.notify === false) return undefined;
  return group.notify ?? 'warning';
}
