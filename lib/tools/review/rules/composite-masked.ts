import { ruleAlarms } from '../../../model/alarm-spec';
import { nameKey } from '../context';
import { compositeSpec, metricSpec, type ReviewRule } from '../types';
import { conditionOverRange } from '../value-range';

/** Why a child is likely in ALARM all the time, or undefined. */
function alwaysInAlarm(child: Parameters<ReviewRule['check']>[0]): string | undefined {
  const s = metricSpec(child.alarm.spec);
  if (!s) return undefined;
  const r = conditionOverRange(s);
  if (r?.verdict === 'always') return r.message;
  if (s.treatMissingData === 'breaching')
    return `it treats missing data as breaching, so it is in ALARM whenever ${s.source.type === 'metric' ? s.source.metric.metricName : 'its expression'} has no data (a quiet resource, a metric never published)`;
  return undefined;
}

export const compositeMasked: ReviewRule = {
  id: 'composite-masked',
  level: 'warning',
  title: 'Composite with a child likely always in ALARM',
  advice:
    'A composite that ORs its children stays in ALARM while any child is, so a child that is in ALARM all the time masks every new incident of the service: the composite never changes state and never pages again. Fix the child (threshold, comparison, missing data) or take it out of the composite.',
  check: (a, ctx) => {
    const c = compositeSpec(a.alarm.spec);
    if (!c || c.rule.type === 'and' || c.actions.alarm.length === 0) return [];
    const out: string[] = [];
    for (const name of new Set(ruleAlarms(c.rule))) {
      for (const child of ctx.byName.get(nameKey(a.stack, name)) ?? []) {
        const why = alwaysInAlarm(child);
        if (why)
          out.push(
            `child ${name} is likely always in ALARM (${why}): a new incident cannot page through this composite`,
          );
      }
    }
    return out;
  },
};
