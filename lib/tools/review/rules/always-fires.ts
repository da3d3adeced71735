import { conditionOverRange } from '../value-range';
import { metricSpec, type ReviewRule } from '../types';

export const alwaysFires: ReviewRule = {
  id: 'always-fires',
  level: 'warning',
  title: 'Alarm that always fires',
  advice:
    'Every datapoint breaches: the alarm is in ALARM whenever there is data. Fix the comparison or threshold.',
  check: (a) => {
    const s = metricSpec(a.alarm.spec);
    const r = s && conditionOverRange(s);
    return r?.verdict === 'always' ? [r.message] : [];
  },
};
