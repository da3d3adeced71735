import { conditionOverRange } from '../value-range';
import { metricSpec, type ReviewRule } from '../types';

export const neverFires: ReviewRule = {
  id: 'never-fires',
  level: 'warning',
  title: 'Alarm that can never fire',
  advice:
    'The statistic can never cross the threshold in that direction: fix the comparison, threshold or statistic.',
  check: (a) => {
    const s = metricSpec(a.alarm.spec);
    const r = s && conditionOverRange(s);
    return r?.verdict === 'never' ? [r.message] : [];
  },
};
