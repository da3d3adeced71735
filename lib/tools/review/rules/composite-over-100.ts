import { ruleAlarms } from '../../../model/alarm-spec';
import { LIMITS } from '../../../model/limits';
import { compositeSpec, type ReviewRule } from '../types';

export const compositeOver100: ReviewRule = {
  id: 'composite-over-100',
  level: 'error',
  title: 'Composite alarm over 100 children',
  advice: 'A composite rule may reference at most 100 alarms: group children into intermediate composites.',
  check: (a) => {
    const s = compositeSpec(a.alarm.spec);
    if (!s) return [];
    const n = ruleAlarms(s.rule).length;
    return n > LIMITS.compositeChildren
      ? [`the rule watches ${n} alarms (at most ${LIMITS.compositeChildren})`]
      : [];
  },
};
