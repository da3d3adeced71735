import { formatDuration } from '../../../model/duration';
import { LIMITS } from '../../../model/limits';
import { metricSpec, type ReviewRule } from '../types';

export const windowOverADay: ReviewRule = {
  id: 'window-over-a-day',
  level: 'error',
  title: 'Period x evaluation periods over what CloudWatch evaluates',
  advice:
    'CloudWatch evaluates at most one day of data (86,400 s) for a period under an hour, and at most seven days (604,800 s) for a period of an hour or more: shorten the period or evaluate fewer periods.',
  check: (a) => {
    const s = metricSpec(a.alarm.spec);
    if (!s) return [];
    const seconds = s.source.period * s.evaluationPeriods;
    const long = s.source.period >= 3600;
    const most = long ? LIMITS.evaluationSecondsLongPeriod : LIMITS.evaluationSeconds;
    return seconds > most
      ? [
          `${s.evaluationPeriods} periods of ${s.source.period} s is ${formatDuration(seconds * 1000)} (at most ${long ? '7 days' : '1 day for a period under an hour'})`,
        ]
      : [];
  },
};
