/**
 * CloudWatch Logs: ingestion per GB by log class, and storage per GB-month for as long as the retention keeps it.
 * Sizes are not in templates: they come from the usage (`logs.groups`, `logs.defaultGbPerMonth`).
 */
import { resourceLine, type CostLine, type ResourceEstimator } from '../types';
import { own } from '../../own';
import { usd } from '../prices';

/** Average days in a month (365 / 12). */
const DAYS_PER_MONTH = 365 / 12;
/** A group that never expires is shown as stored after this many months (it keeps growing). */
export const NEVER_EXPIRES_HORIZON_MONTHS = 12;

export const logGroups: ResourceEstimator = {
  types: ['AWS::Logs::LogGroup'],
  estimate: (r, usage, prices) => {
    const p = (r.resource.Properties ?? {}) as Record<string, unknown>;
    const where = resourceLine(r, p.LogGroupName);
    const given = own(usage.logs.groups, where.resource) ?? own(usage.logs.groups, r.logicalId);
    const gb = given ?? usage.logs.defaultGbPerMonth;
    const days = typeof p.RetentionInDays === 'number' ? p.RetentionInDays : Number(p.RetentionInDays);
    const expires = Number.isFinite(days) && days > 0;
    const months = expires ? days / DAYS_PER_MONTH : NEVER_EXPIRES_HORIZON_MONTHS;
    const ia = p.LogGroupClass === 'INFREQUENT_ACCESS';
    const ingestPrice = ia ? prices.logs.ingestInfrequentAccessPerGb : prices.logs.ingestStandardPerGb;
    const size =
      given !== undefined ? `${gb} GB/month` : gb > 0 ? `${gb} GB/month (default)` : 'size not given';
    const base = { ...where, unit: 'GB' };
    const stored = Math.round(gb * months * 100) / 100;
    const lines: CostLine[] = [
      {
        ...base,
        item: `Log ingestion${ia ? ' (Infrequent Access)' : ''}`,
        quantity: gb,
        unitPrice: ingestPrice,
        monthly: gb * ingestPrice,
        basis: size,
        ...(ia ? {} : { freeTier: 'logsGb' as const }),
      },
      {
        ...base,
        item: 'Log storage',
        unit: 'GB-months',
        quantity: stored,
        unitPrice: prices.logs.storagePerGbMonth,
        monthly: stored * prices.logs.storagePerGbMonth,
        basis: expires
          ? `retention ${days} days`
          : `never expires: after ${NEVER_EXPIRES_HORIZON_MONTHS} months, and growing`,
      },
    ];
    return lines;
  },
  assumptions: (usage, prices) => [
    `Logs: ${usd(prices.logs.ingestStandardPerGb)} per GB ingested (${usd(prices.logs.ingestInfrequentAccessPerGb)} Infrequent Access), ${usd(prices.logs.storagePerGbMonth)} per GB-month stored; sizes from logs.groups (by name or logical id), else ${usage.logs.defaultGbPerMonth} GB a month (logs.defaultGbPerMonth). Storage is the steady state once the retention period is full, at ingested size (an upper bound: CloudWatch bills compressed bytes); a group that never expires is shown after ${NEVER_EXPIRES_HORIZON_MONTHS} months.`,
  ],
};
