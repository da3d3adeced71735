/**
 * Units of well-known metrics, so thresholds read as `200 ms` or `7.5 min` rather than `200` or `450`. Used when
 * writing descriptions and when the review tool puts an alarm into words; CloudFormation does not carry units.
 */
import type { AlarmSpec } from './alarm-spec';
import { formatDuration } from './duration';

/** The unit of a threshold, for words: `ms`, `s`, `%`, `percent` or `count`. */
export type ThresholdUnit = 'ms' | 's' | '%' | 'percent' | 'count';

const BY_METRIC: Readonly<Record<string, ThresholdUnit>> = {
  'AWS/Lambda:Duration': 'ms',
  'AWS/Lambda:PostRuntimeExtensionsDuration': 'ms',
  'AWS/ApiGateway:Latency': 'ms',
  'AWS/ApiGateway:IntegrationLatency': 'ms',
  'AWS/DynamoDB:SuccessfulRequestLatency': 'ms',
  'AWS/DynamoDB:ReplicationLatency': 'ms',
  'AWS/SQS:ApproximateAgeOfOldestMessage': 's',
  'AWS/DynamoDB:AccountProvisionedReadCapacityUtilization': 'percent',
  'AWS/DynamoDB:AccountProvisionedWriteCapacityUtilization': 'percent',
  'AWS/EC2:CPUUtilization': 'percent',
};

/** The unit of an alarm's threshold, when it can be known. */
export function thresholdUnit(spec: Pick<AlarmSpec, 'source'>): ThresholdUnit {
  const s = spec.source;
  if (s.type === 'math') return s.label?.includes('(%)') ? '%' : 'count';
  return BY_METRIC[`${s.metric.namespace}:${s.metric.metricName}`] ?? 'count';
}

/**
 * Thousands separators, as `en-US` writes them: `1234567.5` → `1,234,567.5`. Written out rather than through
 * `Intl.NumberFormat` or `toLocaleString`: the first use of either loads ICU data, about 40 ms of a CLI start.
 */
export function formatCount(value: number | string): string {
  const s = String(value);
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  return int.replace(/\B(?=(\d{3})+$)/g, ',') + (dot < 0 ? '' : s.slice(dot));
}

/** `200` in ms → `200 ms`; `450` in s → `7.5 min`; `5` in % → `5%`. */
export function formatThreshold(value: number, unit: ThresholdUnit): string {
  switch (unit) {
    case 'ms':
      return formatDuration(value);
    case 's':
      return formatDuration(value * 1000);
    case '%':
    case 'percent':
      return `${value}%`;
    case 'count':
      return Number.isInteger(value) ? formatCount(value) : String(value);
  }
}
