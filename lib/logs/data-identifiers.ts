/** Managed data identifier names aws-cdk-lib knows (`logs.DataIdentifier`), e.g. `EmailAddress`, sorted. */
import * as logs from 'aws-cdk-lib/aws-logs';

/** Managed data identifier names aws-cdk-lib knows (`logs.DataIdentifier`), e.g. `EmailAddress`, sorted. */
export const MANAGED_DATA_IDENTIFIERS: readonly string[] = Object.values(logs.DataIdentifier)
  .filter((v): v is logs.DataIdentifier => v instanceof logs.DataIdentifier)
  .map((v) => v.name)
  .sort();
