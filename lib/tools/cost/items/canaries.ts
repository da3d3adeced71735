/**
 * CloudWatch Synthetics: each canary run is billed ($0.0012 in us-east-1, 100 free runs a month per account), so a
 * canary costs its runs a month: 730 hours over its `rate(...)` schedule. Runs of a `cron(...)` schedule are not
 * counted (0, and the line says so). The Lambda function a run uses and the
 * artifacts in S3 are billed apart and are small; they are not included.
 */
import { evaluate } from '../../read/intrinsics';
import { usd } from '../prices';
import { resourceLine, type ResourceEstimator } from '../types';
import { formatCount } from '../../../model/units';

/** Minutes in a billing month (730 hours). */
const MINUTES_PER_MONTH = 730 * 60;

/** Runs a month of a schedule expression: `rate(5 minutes)` → 8,760; anything else (cron, tokens) → undefined. */
export function runsPerMonth(expression: string): number | undefined {
  const m = /^rate\((\d{1,6}) (minute|minutes|hour|hours)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n === 0) return 0; // rate(0 minutes): runs once
  const minutes = m[2].startsWith('hour') ? n * 60 : n;
  return Math.floor(MINUTES_PER_MONTH / minutes);
}

export const canaries: ResourceEstimator = {
  types: ['AWS::Synthetics::Canary'],
  estimate: (r, _usage, prices) => {
    const props = (r.resource.Properties ?? {}) as { Name?: unknown; Schedule?: { Expression?: unknown } };
    const e = evaluate(props.Schedule?.Expression, r.template);
    const expression = e.ok ? String(e.value) : undefined;
    const runs = expression === undefined ? undefined : runsPerMonth(expression);
    const price = prices.synthetics.canaryRun;
    return [
      {
        ...resourceLine(r, props.Name),
        item: 'Synthetics canary runs',
        quantity: runs ?? 0,
        unit: 'runs',
        unitPrice: price,
        monthly: (runs ?? 0) * price,
        basis:
          runs === undefined
            ? `schedule ${expression ?? 'set at deploy'}: runs not counted`
            : `${expression}: ${formatCount(runs)} runs in 730 hours`,
        freeTier: 'canaryRuns',
      },
    ];
  },
  assumptions: (_u, prices) => [
    `Synthetics: ${usd(prices.synthetics.canaryRun)} per canary run (${prices.synthetics.freeRuns} free a month per account), 730 hours a month; the runs' Lambda and S3 charges are not included. Source: https://aws.amazon.com/cloudwatch/pricing/.`,
  ],
};
