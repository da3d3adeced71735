/**
 * CloudWatch RUM: events collected (after the monitor's session sampling) are billed per event; each custom event
 * sent to CloudWatch as a metric (`MetricDestinations`) is a custom metric.
 */
import { formatCount } from '../../../model/units';
import { usd } from '../prices';
import { resourceLine, type CostLine, type ResourceEstimator } from '../types';

export const rumAppMonitors: ResourceEstimator = {
  types: ['AWS::RUM::AppMonitor'],
  estimate: (r, usage, prices) => {
    const p = r.resource.Properties ?? {};
    const line = resourceLine(r, p.Name);
    const events = usage.rum.eventsPerMonth;
    const destinations = ((p.AppMonitorConfiguration as Record<string, unknown> | undefined)
      ?.MetricDestinations ?? []) as Array<{ MetricDefinitions?: unknown[] }>;
    const metrics = Array.isArray(destinations)
      ? destinations.reduce(
          (n, d) => n + (Array.isArray(d.MetricDefinitions) ? d.MetricDefinitions.length : 0),
          0,
        )
      : 0;
    const out: CostLine[] = [
      {
        ...line,
        item: 'RUM events',
        quantity: events,
        unit: 'events',
        unitPrice: prices.rum.event,
        monthly: events * prices.rum.event,
        basis: `${formatCount(events)} events a month (rum.eventsPerMonth)`,
      },
    ];
    if (metrics > 0) {
      out.push({
        ...line,
        item: 'RUM custom metrics',
        quantity: metrics,
        unit: 'custom metrics',
        unitPrice: prices.cloudwatch.customMetric,
        monthly: metrics * prices.cloudwatch.customMetric,
      });
    }
    return out;
  },
  assumptions: (usage, prices) => [
    `CloudWatch RUM: ${formatCount(usage.rum.eventsPerMonth)} events a month per app monitor after sampling (rum.eventsPerMonth), ${usd(prices.rum.event * 100_000)} per 100,000 events; each custom event sent as a metric is a custom metric.`,
  ],
};
