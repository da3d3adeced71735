import type { CatalogParam, CatalogRow } from './types';

/** Parameters every budgeted kind has (filled from `budgets` in telemetry.yaml). */
export const BUDGET_PARAMS: Readonly<Record<string, CatalogParam>> = {
  budget: { default: 200, doc: "The operation's latency budget in ms (from `budgets`)." },
  budgetCritical: { default: 300, doc: 'The budget times `budgets.critical`.' },
};

/** Why the budget rows evaluate minutes with few requests. */
const BUDGET_WHY =
  'The budget is the promise: over it, users wait. CloudWatch ignores a p95 of fewer than 200 samples (10 / (1 - 0.95)) when low samples are ignored, which made these alarms blind on any route or function under 200 requests a minute: the replay suite injected a 4x slower route at 11:00 and no alarm saw it. Minutes with few requests are evaluated: a p95 of a few samples is their slowest, and 3 of 5 such minutes over the budget is a real slowdown (one cold start is one minute). Critical at `budgets.critical` times the budget pages; the warning at the budget is a ticket.';

/**
 * The two performance-budget rows of an operation (a Lambda function or an API route): p95 (or
 * `budgets.percentile`) above the budget (warning) and above `budgets.critical` times the budget (critical), 3 of 5
 * minutes, minutes with few samples evaluated (see BUDGET_WHY).
 */
export function budgetRows(metricName: string, what: string, sourceNote = ''): CatalogRow[] {
  const row = (
    id: string,
    severity: 'warning' | 'critical',
    param: string,
    meaning: string,
    firstStep: string,
  ): CatalogRow => ({
    id,
    signal: 'latencyBudget',
    metric: { type: 'metric', metricName, stat: 'p95' },
    threshold: { param },
    comparison: 'GreaterThanThreshold',
    period: 60,
    datapoints: [3, 5],
    missing: 'notBreaching',
    severity,
    lowSampleCount: 'evaluate',
    enabled: true,
    unit: 'ms',
    meaning,
    firstStep,
    source: `performance budget (telemetry.yaml \`budgets\`)${sourceNote}`,
    why: BUDGET_WHY,
  });
  return [
    row(
      'latencyBudget',
      'warning',
      'budget',
      `{stat} ${what} of {resource} is above its {threshold} budget`,
      'compare with the last deployment and look for slow segments in X-Ray',
    ),
    row(
      'latencyBudgetCritical',
      'critical',
      'budgetCritical',
      `{stat} ${what} of {resource} is above {threshold}, far past its budget`,
      'roll back the last deployment if it coincides, then look for slow segments in X-Ray',
    ),
  ];
}
