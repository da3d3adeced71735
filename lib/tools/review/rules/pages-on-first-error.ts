import { formatThreshold, thresholdUnit } from '../../../model/units';
import { notifiedThrough } from '../notified-through';
import { metricSpec, type ReviewRule } from '../types';

/** Counts that are zero on a healthy resource only in theory: a few failures a day are background noise. */
const COUNT_STATS = new Set(['Sum', 'SampleCount']);

export const pagesOnFirstError: ReviewRule = {
  id: 'pages-on-first-error',
  level: 'warning',
  title: 'Critical alarm on a raw count over 0',
  advice:
    'A raw count over 0 fires on background failures: at 0.1 % of requests failing, a busy resource trips it every day, and the on-call learns to ignore pages. Page on an error rate over enough requests, or on an SLO burn rate; keep the raw count as a warning if at all.',
  check: (a, ctx) => {
    const s = metricSpec(a.alarm.spec);
    if (!s || s.source.type !== 'metric' || !COUNT_STATS.has(s.source.stat)) return [];
    const firstEvent =
      (s.comparison === 'GreaterThanThreshold' && s.threshold <= 0) ||
      (s.comparison === 'GreaterThanOrEqualToThreshold' && s.threshold <= 1);
    if (!firstEvent) return [];
    const via = notifiedThrough(a, ctx, true);
    if (!via) return [];
    const unit = thresholdUnit(s);
    const how = via === s.name ? 'pages' : `pages through ${via}`;
    return [
      `${how} when ${s.source.metric.metricName} (${s.source.stat}) is over ${formatThreshold(s.threshold, unit)} in ${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.source.period} s: the first few failures wake someone`,
    ];
  },
};
