/** KMS: a customer-managed key costs a fixed amount a month; requests are usage and not included. */
import { resourceLine, type ResourceEstimator } from '../types';
import { usd } from '../prices';

export const kmsKeys: ResourceEstimator = {
  types: ['AWS::KMS::Key'],
  estimate: (r, _usage, prices) => [
    {
      ...resourceLine(r, undefined),
      item: 'KMS keys',
      quantity: 1,
      unit: 'keys',
      unitPrice: prices.kms.customerManagedKey,
      monthly: prices.kms.customerManagedKey,
    },
  ],
  assumptions: (_u, prices) => [
    `KMS: ${usd(prices.kms.customerManagedKey)} per customer-managed key a month; requests are not included.`,
  ],
};
