/**
 * CloudTrail: the first copy of management events in an account is free; additional copies, data events and
 * Insights are billed per event. S3 storage of the log files and CloudWatch Logs delivery are billed by those
 * services (log groups are priced with the other log groups).
 */
import { resourceLine, type CostLine, type ResourceEstimator } from '../types';
import { usd } from '../prices';
import { formatCount } from '../../../model/units';

type Props = Record<string, unknown>;

function hasDataEvents(p: Props): boolean {
  const basic = (p.EventSelectors as Props[] | undefined) ?? [];
  if (basic.some((s) => Array.isArray(s.DataResources) && s.DataResources.length > 0)) return true;
  const advanced = (p.AdvancedEventSelectors as Props[] | undefined) ?? [];
  return advanced.some((s) =>
    ((s.FieldSelectors as Props[] | undefined) ?? []).some(
      (f) => f.Field === 'eventCategory' && Array.isArray(f.Equals) && f.Equals.includes('Data'),
    ),
  );
}

export const trails: ResourceEstimator = {
  types: ['AWS::CloudTrail::Trail'],
  estimate: (r, usage, prices) => {
    const p = (r.resource.Properties ?? {}) as Props;
    const c = usage.cloudtrail;
    const base = { ...resourceLine(r, p.TrailName), unit: 'events' };
    const lines: CostLine[] = [];
    const mgmt = c.firstTrail ? 0 : c.managementEventsPerMonth;
    lines.push({
      ...base,
      item: 'CloudTrail management events',
      quantity: mgmt,
      unitPrice: prices.cloudtrail.extraManagementEvent,
      monthly: mgmt * prices.cloudtrail.extraManagementEvent,
      basis: c.firstTrail ? 'first copy in the account: free' : 'an additional copy',
    });
    if (hasDataEvents(p))
      lines.push({
        ...base,
        item: 'CloudTrail data events',
        quantity: c.dataEventsPerMonth,
        unitPrice: prices.cloudtrail.dataEvent,
        monthly: c.dataEventsPerMonth * prices.cloudtrail.dataEvent,
      });
    if (Array.isArray(p.InsightSelectors) && p.InsightSelectors.length > 0)
      lines.push({
        ...base,
        item: 'CloudTrail Insights',
        quantity: c.managementEventsPerMonth,
        unitPrice: prices.cloudtrail.insightsEvent,
        monthly: c.managementEventsPerMonth * prices.cloudtrail.insightsEvent,
        basis: 'management events analysed',
      });
    return lines;
  },
  assumptions: (usage, prices) => [
    `CloudTrail: ${usage.cloudtrail.firstTrail ? 'the trail is the account’s first copy of management events (free; cloudtrail.firstTrail)' : `the trail is an additional copy: ${usd(prices.cloudtrail.extraManagementEvent * 1e5)} per 100,000 management events`}; ${formatCount(usage.cloudtrail.managementEventsPerMonth)} management and ${formatCount(usage.cloudtrail.dataEventsPerMonth)} data events a month (cloudtrail.*); S3 storage of the log files is not included.`,
  ],
};
