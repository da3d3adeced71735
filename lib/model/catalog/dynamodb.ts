import { AWS_RECOMMENDED, type KindCatalog } from './types';

const SRC = `${AWS_RECOMMENDED}#DynamoDB`;
/** CloudWatch ignores TreatMissingData for AWS/DynamoDB alarms; the specs say so instead of pretending. */
const DDB_MISSING = 'ignore' as const;

/** DynamoDB tables, by `TableName`. */
export const DYNAMODB: KindCatalog = {
  kind: 'dynamodb',
  title: 'DynamoDB table',
  namespace: 'AWS/DynamoDB',
  dimensions: ['TableName'],
  params: {},
  rows: [
    {
      id: 'readThrottles',
      signal: 'readThrottles',
      metric: { type: 'metric', metricName: 'ReadThrottleEvents', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Reads on {resource} are throttled',
      firstStep: 'check for a hot partition key or raise provisioned read capacity',
      source: SRC,
      why: 'AWS: "depends" (above the usual throttling); > 0 suits on-demand tables, which should not throttle.',
    },
    {
      id: 'writeThrottles',
      signal: 'writeThrottles',
      metric: { type: 'metric', metricName: 'WriteThrottleEvents', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Writes on {resource} are throttled',
      firstStep: 'check for a hot partition key or raise provisioned write capacity',
      source: SRC,
      why: 'AWS: "depends" (above the usual throttling); > 0 suits on-demand tables, which should not throttle.',
    },
    {
      id: 'systemErrors',
      signal: 'systemErrors',
      metric: { type: 'metric', metricName: 'SystemErrors', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'DynamoDB returns server errors for {resource}',
      firstStep: 'check the AWS Health Dashboard and make sure clients retry with backoff',
      source: SRC,
      why: 'AWS: "depends"; sustained 5xx from DynamoDB is rare and worth a look.',
    },
  ],
};

/** One DynamoDB operation on a table (`TableName`, `Operation`): latency, for operations listed in the config. */
export const DYNAMODB_OPERATION: KindCatalog = {
  kind: 'dynamodbOperation',
  title: 'DynamoDB operation',
  namespace: 'AWS/DynamoDB',
  dimensions: ['TableName', 'Operation'],
  params: { latency: { default: 100, doc: 'Average latency threshold in ms.' } },
  rows: [
    {
      id: 'latency',
      signal: 'latency',
      metric: { type: 'metric', metricName: 'SuccessfulRequestLatency', stat: 'Average' },
      threshold: { param: 'latency' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: DDB_MISSING,
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Average latency of {resource} is above {threshold}',
      firstStep: 'check item sizes, scans and the client network path',
      source: SRC,
      why: 'AWS: "depends"; 100 ms is far above typical single-digit-ms DynamoDB latency.',
    },
  ],
};

/** Account-wide DynamoDB alarms, created once per app when it monitors any table. */
export const DYNAMODB_ACCOUNT: KindCatalog = {
  kind: 'dynamodbAccount',
  title: 'DynamoDB (account)',
  namespace: 'AWS/DynamoDB',
  dimensions: [],
  params: {},
  rows: (['Read', 'Write'] as const).map((rw) => ({
    id: `account${rw}Capacity`,
    signal: `account${rw}Capacity`,
    metric: { type: 'metric', metricName: `AccountProvisioned${rw}CapacityUtilization`, stat: 'Maximum' },
    threshold: 80,
    comparison: 'GreaterThanThreshold',
    period: 300,
    datapoints: [2, 2],
    missing: DDB_MISSING,
    severity: 'warning',
    enabled: true,
    unit: 'percent',
    meaning: `Provisioned ${rw.toLowerCase()} capacity in this account is above {threshold} of the account quota`,
    firstStep: 'request a quota increase or move busy tables to on-demand',
    source: SRC,
  })),
};
