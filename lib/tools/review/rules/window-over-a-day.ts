import { formatDuration } from '../../../model/duration';
import { LIMITS } from '../../../model/limits';
import { metricSpec, type ReviewRule } from '../types';

export const windowOverADay: ReviewRule = {
  id: 'window-over-a-day',
  level: 'error',
  title: 'Period x evaluation periods over a day',
  advice:
    'CloudWatch evaluates at most one day of data (86,400 s): shorten the period or evaluate fewer periods.',
  check: (a) => {
    const s = metricSpec(a.alarm.spec);
    if (!s) return [];
    const seconds = s.source.period * s.evaluationPeriods;
    return seconds > LIMITS.evaluationSeconds
      ? [
          `${s.evaluationPeriods} periods of ${s.source.period} s is ${formatDuration(seconds * 1000)} (at most 1 day)`,
        ]
      : [];
  },
};
