import { ruleAlarms } from '../../../model/alarm-spec';
import { nameKey } from '../context';
import { compositeSpec, type ReviewRule } from '../types';

export const compositeUnknownChild: ReviewRule = {
  id: 'composite-unknown-child',
  level: 'info',
  title: 'Composite watches an alarm outside the assembly',
  advice:
    'The child must exist before the composite deploys. Fine if another app creates it; a typo makes the deployment fail.',
  check: (a, ctx) => {
    const s = compositeSpec(a.alarm.spec);
    if (!s) return [];
    const missing = ruleAlarms(s.rule).filter((n) => !ctx.byName.has(nameKey(a.stack, n)));
    return missing.length ? [`not in this assembly: ${missing.join(', ')}`] : [];
  },
};
