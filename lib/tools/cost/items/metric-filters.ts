/** Metric filters cost nothing themselves; the metric each one publishes is a custom metric. */
import { usd } from '../prices';
import { resourceLine, type ResourceEstimator } from '../types';

export const metricFilters: ResourceEstimator = {
  types: ['AWS::Logs::MetricFilter'],
  estimate: (r, _usage, prices) => {
    const transformations = r.resource.Properties?.MetricTransformations;
    const n = Array.isArray(transformations) ? transformations.length : 1;
    return [
      {
        ...resourceLine(r, r.resource.Properties?.FilterName),
        item: 'Custom metrics from metric filters',
        quantity: n,
        unit: 'custom metrics',
        unitPrice: prices.cloudwatch.customMetric,
        monthly: n * prices.cloudwatch.customMetric,
      },
    ];
  },
  assumptions: (_u, prices) => [
    `Metric filters: each publishes a custom metric (${usd(prices.cloudwatch.customMetric)} a month, without dimensions); the log events it reads are billed with the log group.`,
  ],
};
