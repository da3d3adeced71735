import { formatThreshold, thresholdUnit } from '../../../model/units';
import { nameKey } from '../context';
import { metricSpec, type AlarmInContext, type ReviewContext, type ReviewRule } from '../types';

/** Counts that are zero on a healthy resource only in theory: a few failures a day are background noise. */
const COUNT_STATS = new Set(['Sum', 'SampleCount']);

/** The critical alarm that pages for `a`: itself, or a critical composite with actions that watches it. */
function pagedThrough(a: AlarmInContext, ctx: ReviewContext, seen = new Set<string>()): string | undefined {
  const spec = a.alarm.spec;
  if (spec.severity === 'critical' && spec.actions.alarm.length > 0 && spec.actionsEnabled !== false)
    return spec.name;
  seen.add(spec.name);
  for (const parent of ctx.watchedBy.get(nameKey(a.stack, spec.name)) ?? []) {
    if (seen.has(parent.alarm.spec.name)) continue;
    // A parent that requires every child (AND) does not page on this child alone.
    if (parent.alarm.spec.type === 'composite' && parent.alarm.spec.rule.type === 'and') continue;
    const via = pagedThrough(parent, ctx, seen);
    if (via) return via;
  }
  return undefined;
}

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
    const via = pagedThrough(a, ctx);
    if (!via) return [];
    const unit = thresholdUnit(s);
    const how = via === s.name ? 'pages' : `pages through ${via}`;
    return [
      `${how} when ${s.source.metric.metricName} (${s.source.stat}) is over ${formatThreshold(s.threshold, unit)} in ${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.source.period} s: the first few failures wake someone`,
    ];
  },
};
