/**
 * X-Ray: a sampling rule costs nothing itself; the traces it records do. Recorded traces a month = the reservoir
 * (traces per second, for every second of the month) plus the fixed rate of the requests beyond it. Groups with
 * Insights on add the Insights price for the traces they process.
 */
import { evaluate } from '../../read/intrinsics';
import { resourceLine, type CostLine, type PricedResource, type ResourceEstimator } from '../types';
import { usd } from '../prices';
import type { Usage } from '../usage';
import { formatCount } from '../../../model/units';

/** Seconds in a billing month (730 hours). */
export const SECONDS_PER_MONTH = 730 * 3600;

const num = (r: PricedResource, v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  const e = evaluate(v, r.template);
  const n = e.ok ? Number(e.value) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** Traces a rule records in a month for `requests` matching requests. */
export function tracesRecorded(fixedRate: number, reservoirPerSecond: number, requests: number): number {
  const reservoir = Math.min(requests, reservoirPerSecond * SECONDS_PER_MONTH);
  return Math.round(reservoir + fixedRate * (requests - reservoir));
}

function samplingRule(r: PricedResource, usage: Usage, tracePrice: number): CostLine[] {
  const rule = (r.resource.Properties?.SamplingRule ?? {}) as Record<string, unknown>;
  const rate = num(r, rule.FixedRate);
  const reservoir = num(r, rule.ReservoirSize);
  const requests = usage.xray.requestsPerMonth;
  const traces = tracesRecorded(rate ?? 0, reservoir ?? 0, requests);
  const unknown = rate === undefined || reservoir === undefined;
  return [
    {
      ...resourceLine(r, rule.RuleName),
      item: 'X-Ray traces recorded',
      quantity: traces,
      unit: 'traces',
      unitPrice: tracePrice,
      monthly: traces * tracePrice,
      basis: unknown
        ? 'rate or reservoir set at deploy: counted as 0'
        : `reservoir ${reservoir}/s + ${(rate! * 100).toFixed(2).replace(/\.?0+$/, '')}% of ${formatCount(requests)} requests`,
      freeTier: 'traces',
    },
  ];
}

export const xraySamplingRules: ResourceEstimator = {
  types: ['AWS::XRay::SamplingRule'],
  estimate: (r, usage, prices) => samplingRule(r, usage, prices.xray.tracePerRecorded),
  assumptions: (usage, prices) => [
    `X-Ray: each sampling rule matches ${formatCount(usage.xray.requestsPerMonth)} requests a month (xray.requestsPerMonth); ${usd(prices.xray.tracePerRecorded * 1e6)} per million traces recorded; retrieving and scanning traces is not included.`,
  ],
};

export const xrayGroups: ResourceEstimator = {
  types: ['AWS::XRay::Group'],
  estimate: (r, usage, prices) => {
    const insights = (r.resource.Properties?.InsightsConfiguration ?? {}) as Record<string, unknown>;
    const on = insights.InsightsEnabled === true || insights.InsightsEnabled === 'true';
    if (!on) return [];
    const traces = usage.xray.requestsPerMonth;
    return [
      {
        ...resourceLine(r, r.resource.Properties?.GroupName),
        item: 'X-Ray Insights',
        quantity: traces,
        unit: 'traces processed',
        unitPrice: prices.xray.insightsPerTrace,
        monthly: traces * prices.xray.insightsPerTrace,
        basis: 'at most every request of the group (xray.requestsPerMonth)',
      },
    ];
  },
  assumptions: (_u, prices) => [
    `X-Ray Insights: ${usd(prices.xray.insightsPerTrace * 1e6)} per million traces processed, counted as xray.requestsPerMonth per group with Insights on (an upper bound).`,
  ],
};
