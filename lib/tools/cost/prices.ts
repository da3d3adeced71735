/**
 * The price table the cost estimate uses: US East (N. Virginia), USD, list prices, transcribed on the date below
 * from the AWS pricing pages named in `sources`. Prices change: check the pages before quoting a number, and
 * update the table and its date here (one place).
 */
import { formatCount } from '../../model/units';

/** An amount as the reports write it: `$1,234.50`, `-$3.00`. */
export const usd = (n: number) => `${n < 0 ? '-' : ''}$${formatCount(Math.abs(n).toFixed(2))}`;

/** List prices (USD, us-east-1) of what the telemetry creates, with the date and the pages they come from. */
export const PRICE_TABLE = {
  region: 'us-east-1',
  currency: 'USD',
  asOf: '2026-11-22',
  sources: [
    'https://aws.amazon.com/cloudwatch/pricing/',
    'https://aws.amazon.com/xray/pricing/',
    'https://aws.amazon.com/cloudtrail/pricing/',
    'https://aws.amazon.com/grafana/pricing/',
    'https://aws.amazon.com/kms/pricing/',
  ],
  rum: {
    /** Per RUM event collected (CloudWatch pricing, "RUM": $1 per 100,000 events). */
    event: 1.0 / 100_000,
  },
  cloudwatch: {
    /** Per alarm metric per month, period of 60 s or more. */
    standardAlarmMetric: 0.1,
    /** Per custom metric per month (first 10,000): also API Gateway's detailed metrics and Container Insights. */
    customMetric: 0.3,
    /** Per alarm metric per month, period of 10 or 30 s. */
    highResolutionAlarmMetric: 0.3,
    /** An anomaly-detection alarm is billed as 3 alarm metrics: the metric and the band's upper and lower bound. */
    anomalyDetectionMetricsPerAlarm: 3,
    compositeAlarm: 0.5,
    /** Free tier: 10 (standard-resolution) alarm metrics per account per month. */
    freeAlarmMetrics: 10,
    dashboard: 3.0,
    /** Free tier: 3 dashboards of up to 50 metrics each per account per month. */
    freeDashboards: 3,
    freeDashboardMaxMetrics: 50,
  },
  logs: {
    /** Per GB ingested, Standard log class. */
    ingestStandardPerGb: 0.5,
    /** Per GB ingested, Infrequent Access log class. */
    ingestInfrequentAccessPerGb: 0.25,
    /** Per GB-month stored (archived). */
    storagePerGbMonth: 0.03,
    /** Free tier: 5 GB of data (ingestion, storage, Insights scans) per month. */
    freeGb: 5,
  },
  xray: {
    /** Per trace recorded. */
    tracePerRecorded: 5.0 / 1_000_000,
    /** Per trace processed by X-Ray Insights. */
    insightsPerTrace: 1.0 / 1_000_000,
    /** Free tier: traces recorded per month. */
    freeTraces: 100_000,
  },
  cloudtrail: {
    /** Management events in additional copies (the first copy in an account is free), per event. */
    extraManagementEvent: 2.0 / 100_000,
    dataEvent: 0.1 / 100_000,
    /** CloudTrail Insights, per management event analysed. */
    insightsEvent: 0.35 / 100_000,
  },
  grafana: {
    /** Per active editor or admin per workspace per month; at least one is billed per workspace. */
    editor: 9.0,
    /** Per active viewer per workspace per month. */
    viewer: 5.0,
  },
  kms: {
    /** Per customer-managed key per month (prorated hourly). */
    customerManagedKey: 1.0,
  },
  synthetics: {
    /** Per canary run (CloudWatch pricing page, "Application Signals / Synthetics": $0.0012 per run). */
    canaryRun: 0.0012,
    /** Free tier: canary runs per account per month. */
    freeRuns: 100,
  },
} as const;

/** The shape of `PRICE_TABLE`: pass another table of this shape for another Region or date. */
export type PriceTable = typeof PRICE_TABLE;
