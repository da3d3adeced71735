/** Builds the {@link ReviewContext} of an assembly: every alarm with its service, names, composite parents. */
import { ruleAlarms } from '../../model/alarm-spec';
import type { AssemblyRead, StackRead } from '../read/assembly';
import type { AlarmInContext, ReviewContext } from './types';

/** What groups alarms and costs that belong to no service of the model (foreign alarms, shared resources). */
export const NO_SERVICE = '(no service)';

/** The service an alarm belongs to, for grouping: labels, else the stack's `service` tag, else {@link NO_SERVICE}. */
export function serviceOf(stack: StackRead, labelled: string | undefined): string {
  return labelled ?? stack.tags.service ?? stack.tags.Service ?? NO_SERVICE;
}

/** Name key: alarm names are unique per account and Region, so two environments may reuse a name. */
export const nameKey = (stack: StackRead, name: string) => `${stack.environment ?? ''}|${name}`;

export function buildContext(read: AssemblyRead): ReviewContext {
  const alarms: AlarmInContext[] = [];
  const byName = new Map<string, AlarmInContext[]>();
  const watchedBy = new Map<string, AlarmInContext[]>();
  const push = (map: Map<string, AlarmInContext[]>, key: string, a: AlarmInContext) => {
    const list = map.get(key);
    if (list) list.push(a);
    else map.set(key, [a]);
  };
  for (const stack of read.stacks) {
    for (const alarm of stack.alarms) {
      const a: AlarmInContext = { stack, alarm, service: serviceOf(stack, alarm.spec.labels?.service) };
      alarms.push(a);
      push(byName, nameKey(stack, alarm.spec.name), a);
      if (alarm.spec.type === 'composite') {
        for (const child of ruleAlarms(alarm.spec.rule)) push(watchedBy, nameKey(stack, child), a);
      }
    }
  }
  return { alarms, byName, watchedBy };
}
