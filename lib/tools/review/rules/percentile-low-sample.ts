import { isPercentileStat } from '../../../model/percentile';
import { metricSpec, type ReviewRule } from '../types';

export const percentileLowSample: ReviewRule = {
  id: 'percentile-low-sample',
  level: 'warning',
  title: 'Percentile alarm without a low-sample-count decision',
  advice:
    'With few samples a percentile is one request: set EvaluateLowSampleCountPercentile to `ignore` (keep the state) or `evaluate` (alarm on it).',
  check: (a) => {
    const s = metricSpec(a.alarm.spec);
    if (!s || s.source.type !== 'metric' || !isPercentileStat(s.source.stat)) return [];
    return s.evaluateLowSampleCountPercentile
      ? []
      : [`${s.source.stat} ${s.source.metric.metricName} has no EvaluateLowSampleCountPercentile`];
  },
};
