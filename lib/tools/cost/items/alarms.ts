/**
 * Alarms: billed per alarm metric (a math alarm per metric it references; an anomaly-detection alarm as 3),
 * standard or high resolution by period; composites per alarm. Read from the parsed AlarmSpecs.
 */
import { isBandComparison } from '../../../model/describe';
import type { ReadAlarm } from '../../read/alarm-reader';
import type { PriceTable } from '../prices';
import type { CostLine } from '../types';
import { usd } from '../prices';

/** Alarm metrics one metric alarm is billed for, and whether at high resolution. */
export function alarmMetrics(a: ReadAlarm, prices: PriceTable): { metrics: number; highResolution: boolean } {
  const s = a.spec;
  if (s.type !== 'metric') return { metrics: 0, highResolution: false };
  const base = s.source.type === 'metric' ? 1 : Math.max(1, s.source.metrics.length);
  const metrics = isBandComparison(s.comparison)
    ? base * prices.cloudwatch.anomalyDetectionMetricsPerAlarm
    : base;
  return { metrics, highResolution: s.source.period < 60 };
}

/** Lines for the alarms of one stack, added up per service. */
export function alarmLines(
  stack: string,
  alarms: ReadonlyArray<{ alarm: ReadAlarm; service: string }>,
  prices: PriceTable,
): CostLine[] {
  // Per service: direct standard-resolution metrics (free-tier eligible), math/anomaly ones, high-res, composites.
  const sums = new Map<string, { direct: number; computed: number; hi: number; composites: number }>();
  for (const { alarm, service } of alarms) {
    const s = sums.get(service) ?? { direct: 0, computed: 0, hi: 0, composites: 0 };
    sums.set(service, s);
    if (alarm.spec.type === 'composite') {
      s.composites++;
      continue;
    }
    const { metrics, highResolution } = alarmMetrics(alarm, prices);
    if (highResolution) s.hi += metrics;
    else if (alarm.spec.source.type === 'math' || isBandComparison(alarm.spec.comparison))
      s.computed += metrics;
    else s.direct += metrics;
  }
  const cw = prices.cloudwatch;
  const lines: CostLine[] = [];
  const line = (
    service: string,
    item: string,
    quantity: number,
    unit: string,
    unitPrice: number,
    extra = {},
  ) => {
    if (quantity > 0)
      lines.push({
        stack,
        service,
        item,
        resource: '',
        quantity,
        unit,
        unitPrice,
        monthly: quantity * unitPrice,
        ...extra,
      });
  };
  for (const [service, s] of sums) {
    line(service, 'Alarm metrics', s.direct, 'alarm metrics', cw.standardAlarmMetric, {
      freeTier: 'alarmMetrics',
    });
    line(
      service,
      'Alarm metrics, math and anomaly detection',
      s.computed,
      'alarm metrics',
      cw.standardAlarmMetric,
    );
    line(service, 'Alarm metrics, high resolution', s.hi, 'alarm metrics', cw.highResolutionAlarmMetric);
    line(service, 'Composite alarms', s.composites, 'alarms', cw.compositeAlarm);
  }
  return lines;
}

export function alarmAssumptions(prices: PriceTable): string[] {
  return [
    `Alarms: ${usd(prices.cloudwatch.standardAlarmMetric)} per alarm metric (period of 60 s or more), ${usd(prices.cloudwatch.highResolutionAlarmMetric)} at high resolution (10 or 30 s); an alarm on metric math is billed for each metric it references, an anomaly-detection alarm for ${prices.cloudwatch.anomalyDetectionMetricsPerAlarm}; the free tier's ${prices.cloudwatch.freeAlarmMetrics} alarm metrics count only standard-resolution alarms on a metric; a composite alarm ${usd(prices.cloudwatch.compositeAlarm)} (its children are billed as themselves).`,
  ];
}
