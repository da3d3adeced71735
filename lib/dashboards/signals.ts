/**
 * What a service dashboard graphs, per resource kind: one graph per signal across every resource of that kind
 * (never one widget set per resource). Data, rendered by `cloudwatch-layout.ts` (and by the Grafana renderer).
 */
import type { ResourceKind } from '../model/catalog';

export interface DashboardSignal {
  readonly title: string;
  readonly metricName: string;
  readonly stat: string;
  /** The values' unit, shown after the title (`Duration p95 (ms)`) and given to renderers that label axes. */
  readonly unit?: 'ms' | 's';
  /** A resource parameter drawn as a horizontal line (the smallest value across the graph's resources). */
  readonly line?: { readonly param: string; readonly label: string };
}

export const DASHBOARD_SIGNALS: Readonly<Record<ResourceKind, readonly DashboardSignal[]>> = {
  lambda: [
    { title: 'Invocations', metricName: 'Invocations', stat: 'Sum' },
    { title: 'Errors', metricName: 'Errors', stat: 'Sum' },
    { title: 'Throttles', metricName: 'Throttles', stat: 'Sum' },
    {
      title: 'Duration p95',
      unit: 'ms',
      metricName: 'Duration',
      stat: 'p95',
      line: { param: 'budget', label: 'budget' },
    },
    { title: 'Concurrent executions', metricName: 'ConcurrentExecutions', stat: 'Maximum' },
  ],
  restApi: [
    { title: 'Requests', metricName: 'Count', stat: 'Sum' },
    { title: '5XX errors', metricName: '5XXError', stat: 'Sum' },
    { title: '4XX errors', metricName: '4XXError', stat: 'Sum' },
    {
      title: 'Latency p90',
      unit: 'ms',
      metricName: 'Latency',
      stat: 'p90',
      line: { param: 'latency', label: 'alarm' },
    },
  ],
  restApiRoute: [
    {
      title: 'Route latency p95',
      unit: 'ms',
      metricName: 'Latency',
      stat: 'p95',
      line: { param: 'budget', label: 'budget' },
    },
    { title: 'Route requests', metricName: 'Count', stat: 'Sum' },
  ],
  httpApi: [
    { title: 'Requests', metricName: 'Count', stat: 'Sum' },
    { title: '5xx errors', metricName: '5xx', stat: 'Sum' },
    { title: '4xx errors', metricName: '4xx', stat: 'Sum' },
    {
      title: 'Latency p90',
      unit: 'ms',
      metricName: 'Latency',
      stat: 'p90',
      line: { param: 'latency', label: 'alarm' },
    },
  ],
  httpApiRoute: [
    {
      title: 'Route latency p95',
      unit: 'ms',
      metricName: 'Latency',
      stat: 'p95',
      line: { param: 'budget', label: 'budget' },
    },
    { title: 'Route requests', metricName: 'Count', stat: 'Sum' },
  ],
  dynamodb: [
    { title: 'Consumed read capacity', metricName: 'ConsumedReadCapacityUnits', stat: 'Sum' },
    { title: 'Consumed write capacity', metricName: 'ConsumedWriteCapacityUnits', stat: 'Sum' },
    { title: 'Read throttles', metricName: 'ReadThrottleEvents', stat: 'Sum' },
    { title: 'Write throttles', metricName: 'WriteThrottleEvents', stat: 'Sum' },
    { title: 'System errors', metricName: 'SystemErrors', stat: 'Sum' },
  ],
  dynamodbOperation: [
    {
      title: 'Request latency',
      unit: 'ms',
      metricName: 'SuccessfulRequestLatency',
      stat: 'Average',
      line: { param: 'latency', label: 'alarm' },
    },
  ],
  dynamodbAccount: [],
  lambdaAccount: [],
  sqs: [
    { title: 'Backlog (visible)', metricName: 'ApproximateNumberOfMessagesVisible', stat: 'Maximum' },
    { title: 'Oldest message age', unit: 's', metricName: 'ApproximateAgeOfOldestMessage', stat: 'Maximum' },
    { title: 'Sent', metricName: 'NumberOfMessagesSent', stat: 'Sum' },
    { title: 'Deleted', metricName: 'NumberOfMessagesDeleted', stat: 'Sum' },
  ],
  sqsDlq: [{ title: 'Dead letters', metricName: 'ApproximateNumberOfMessagesVisible', stat: 'Maximum' }],
};
