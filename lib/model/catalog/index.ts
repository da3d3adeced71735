import { HTTP_API, HTTP_API_ROUTE, REST_API, REST_API_ROUTE } from './api-gateway';
import { DYNAMODB, DYNAMODB_ACCOUNT, DYNAMODB_OPERATION } from './dynamodb';
import { LAMBDA, LAMBDA_ACCOUNT } from './lambda';
import { SQS, SQS_DLQ } from './sqs';
import type { KindCatalog } from './types';

export * from './types';

/** Every kind's table, keyed by kind. */
export const CATALOG = {
  lambda: LAMBDA,
  lambdaAccount: LAMBDA_ACCOUNT,
  restApi: REST_API,
  restApiRoute: REST_API_ROUTE,
  httpApi: HTTP_API,
  httpApiRoute: HTTP_API_ROUTE,
  dynamodb: DYNAMODB,
  dynamodbOperation: DYNAMODB_OPERATION,
  dynamodbAccount: DYNAMODB_ACCOUNT,
  sqs: SQS,
  sqsDlq: SQS_DLQ,
} as const satisfies Record<string, KindCatalog>;

export type ResourceKind = keyof typeof CATALOG;
export const RESOURCE_KINDS = Object.keys(CATALOG) as ResourceKind[];

/**
 * The kind of a resource from what CloudWatch sees: namespace, dimension names and the alarm's signal. Used to
 * read labels back from alarm names. Undefined when no kind (or more than one) matches.
 */
export function kindOf(
  namespace: string,
  dimensionNames: readonly string[],
  signal: string,
): ResourceKind | undefined {
  const dims = [...dimensionNames].sort().join(',');
  const matches = RESOURCE_KINDS.filter((k) => {
    const c: KindCatalog = CATALOG[k];
    return (
      c.namespace === namespace &&
      [...c.dimensions].sort().join(',') === dims &&
      c.rows.some((r) => r.signal === signal)
    );
  });
  return matches.length === 1 ? matches[0] : undefined;
}
