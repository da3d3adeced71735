import { LIMITS } from '../../../model/limits';
import { metricSpec, type ReviewRule } from '../types';

export const mathOver10Metrics: ReviewRule = {
  id: 'math-over-10-metrics',
  level: 'error',
  title: 'More than 10 metrics in math',
  advice:
    'An alarm on metric math may use at most 10 metrics: split it, or aggregate with a SEARCH-free expression.',
  check: (a) => {
    const s = metricSpec(a.alarm.spec);
    if (s?.source.type !== 'math') return [];
    const n = s.source.metrics.length;
    return n > LIMITS.mathMetrics ? [`the expression uses ${n} metrics (at most ${LIMITS.mathMetrics})`] : [];
  },
};
