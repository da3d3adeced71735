/** CloudWatch dashboards: $3 each; the account's first 3 with at most 50 metrics are free. */
import { evaluate } from '../../read/intrinsics';
import { resourceLine, type ResourceEstimator } from '../types';
import { usd } from '../prices';

/** Metrics in a dashboard body (graph rows, not math expressions), or undefined when the body is deploy-time. */
export function dashboardMetricCount(
  body: unknown,
  template: Parameters<typeof evaluate>[1],
): number | undefined {
  const text = evaluate(body, template);
  if (!text.ok) return undefined;
  try {
    const parsed = JSON.parse(text.value) as { widgets?: Array<{ properties?: { metrics?: unknown[] } }> };
    let n = 0;
    for (const w of parsed.widgets ?? []) {
      for (const row of w.properties?.metrics ?? []) {
        if (!Array.isArray(row)) continue;
        const isExpression =
          row.length === 1 && typeof row[0] === 'object' && row[0] !== null && 'expression' in row[0];
        if (!isExpression) n++;
      }
    }
    return n;
  } catch {
    return undefined;
  }
}

export const dashboards: ResourceEstimator = {
  types: ['AWS::CloudWatch::Dashboard'],
  estimate: (r, _usage, prices) => {
    const metrics = dashboardMetricCount(r.resource.Properties?.DashboardBody, r.template);
    return [
      {
        ...resourceLine(r, r.resource.Properties?.DashboardName),
        item: 'Dashboards',
        quantity: 1,
        unit: 'dashboards',
        unitPrice: prices.cloudwatch.dashboard,
        monthly: prices.cloudwatch.dashboard,
        basis: metrics === undefined ? 'metrics unknown (body set at deploy)' : `${metrics} metrics`,
        freeTier: 'dashboards',
        freeEligible: metrics !== undefined && metrics <= prices.cloudwatch.freeDashboardMaxMetrics,
      },
    ];
  },
  assumptions: (_u, prices) => [
    `Dashboards: ${usd(prices.cloudwatch.dashboard)} each a month; the free tier covers ${prices.cloudwatch.freeDashboards} dashboards of up to ${prices.cloudwatch.freeDashboardMaxMetrics} metrics (counted from each body).`,
  ],
};
