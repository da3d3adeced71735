import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../lib/config/errors';
import { estimateCost } from '../../lib/tools/cost/estimate';
import { tracesRecorded } from '../../lib/tools/cost/items/xray';
import { PRICE_TABLE } from '../../lib/tools/cost/prices';
import { loadUsage, usageFrom } from '../../lib/tools/cost/usage';
import { DEFAULT_USAGE } from '../../lib/tools/cost/usage-defaults';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { sharedApp } from '../helpers/shared-synth';
import { metricAlarm, templateDir } from '../helpers/templates';

test('the price table is dated and names its sources', () => {
  expect(PRICE_TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(PRICE_TABLE.sources.every((s) => s.startsWith('https://aws.amazon.com/'))).toBe(true);
});

describe('cost of the example app', () => {
  const cost = estimateCost(readCloudAssembly(sharedApp('example').assembly.directory));
  const lines = cost.lines.map((l) => `${l.stack} ${l.item} ${l.quantity} = ${l.monthly.toFixed(2)}`);

  test('alarms by kind (math billed per metric), composites, dashboards, KMS key', () => {
    expect(lines).toEqual([
      'sophie-telemetry-core Alarm metrics 4 = 0.40', // 3 account alarms and the undelivered-alerts alarm
      'sophie-telemetry-core KMS keys 1 = 1.00',
      // 4 fewer single-metric alarms: each Lambda `errors` alarm is now a 15-minute rate over 2 metrics (issue 14's
      // quiet default), not a raw count.
      'sophie-telemetry-api Alarm metrics 40 = 4.00',
      // 6 error-rate alarms on math over 2 metrics each; 4 sustained error rates (`errors`) over 2 each; 6
      // availability burn-rate alarms over 2 metrics each, 6 latency burn-rate alarms over 1 metric each, and the
      // uptime SLO's 6 canary burn-rate alarms over 2 each.
      'sophie-telemetry-api Alarm metrics, math and anomaly detection 50 = 5.00',
      // The service composite and 3 tiers per SLO (3 SLOs).
      'sophie-telemetry-api Composite alarms 10 = 5.00',
      'sophie-telemetry-api Dashboards 1 = 3.00',
      'sophie-telemetry-notifications Alarm metrics 14 = 1.40',
      'sophie-telemetry-notifications Alarm metrics, math and anomaly detection 8 = 0.80',
      'sophie-telemetry-notifications Composite alarms 1 = 0.50',
      'sophie-telemetry-notifications Dashboards 1 = 3.00',
      // X-Ray: four sampling rules, each matching the default 1,000,000 requests a month (usage), all recorded
      // (a reservoir of 1/s covers 2.6 M a month); Insights on the two service groups.
      'sophie-telemetry-tracing X-Ray traces recorded 1000000 = 5.00',
      'sophie-telemetry-tracing X-Ray traces recorded 1000000 = 5.00',
      'sophie-telemetry-tracing X-Ray traces recorded 1000000 = 5.00',
      'sophie-telemetry-tracing X-Ray traces recorded 1000000 = 5.00',
      'sophie-telemetry-tracing X-Ray Insights 1000000 = 1.00',
      'sophie-telemetry-tracing X-Ray Insights 1000000 = 1.00',
      // The trail's key and log group (no size given), the first copy of management events free.
      'sophie-telemetry-audit KMS keys 1 = 1.00',
      'sophie-telemetry-audit Log ingestion 0 = 0.00',
      'sophie-telemetry-audit Log storage 0 = 0.00',
      'sophie-telemetry-audit CloudTrail management events 0 = 0.00',
      // Log governance: the logs key and its two log groups (data-protection findings, archive delivery errors).
      'sophie-telemetry-logs KMS keys 1 = 1.00',
      'sophie-telemetry-logs Log ingestion 0 = 0.00',
      'sophie-telemetry-logs Log storage 0 = 0.00',
      'sophie-telemetry-logs Log ingestion 0 = 0.00',
      'sophie-telemetry-logs Log storage 0 = 0.00',
      // The Prometheus workspace's key and its log group (AMP's ingestion and storage are not priced yet).
      'sophie-telemetry-prometheus KMS keys 1 = 1.00',
      'sophie-telemetry-prometheus Log ingestion 0 = 0.00',
      'sophie-telemetry-prometheus Log storage 0 = 0.00',
      // The API's canary: every 5 minutes, 8,760 runs a month.
      'sophie-telemetry-uptime Synthetics canary runs 8760 = 10.51',
      // The Managed Grafana stack: a workspace, and its provider function's log group (no size given).
      'sophie-telemetry-grafana Grafana editor licences 1 = 9.00',
      'sophie-telemetry-grafana Log ingestion 0 = 0.00',
      'sophie-telemetry-grafana Log storage 0 = 0.00',
      // The key that encrypts the provider function's log group (every telemetry log group is KMS-encrypted).
      'sophie-telemetry-grafana KMS keys 1 = 1.00',
      // Journey and KPI alarms (metric math), the product dashboard, RUM events and its two custom metrics.
      'sophie-telemetry-product Alarm metrics, math and anomaly detection 20 = 2.00',
      'sophie-telemetry-product Dashboards 1 = 3.00',
      'sophie-telemetry-product RUM events 100000 = 1.00',
      'sophie-telemetry-product RUM custom metrics 2 = 0.60',
    ]);
  });

  test('totals per stack and service; free tier once on the total', () => {
    expect(cost.byService).toEqual({
      account: 1.4,
      // The 6 Lambda `errors` rates add one alarm metric each: $0.40 for api's 4 functions, $0.20 for notifications.
      api: 17,
      notifications: 5.7,
      product: 6.6,
      '(no service)': 45.51,
    });
    expect(cost.subtotal).toBe(76.21);
    expect(cost.freeTier.map((f) => `${f.item} ${f.quantity} ${f.monthly}`)).toEqual([
      'Free alarm metrics 10 -1',
      // The api dashboard's SLO rows (error budget, burn rate) take it past the free tier's 50 metrics.
      'Free dashboards 2 -6',
      'Free X-Ray traces 100000 -0.5',
      'Free canary runs 100 -0.12',
    ]);
    expect(cost.total).toBe(68.59);
    expect(
      estimateCost(readCloudAssembly(sharedApp('example').assembly.directory), usageFrom({ freeTier: false }))
        .total,
    ).toBe(76.21);
  });

  test("kinds' cost items: route budgets need the stage's detailed metrics, billed outside the templates", () => {
    // Five REST API methods with a budget, 7 detailed metrics each at the custom-metric price: not in the total.
    expect(
      cost.prerequisites.map((l) => `${l.service} ${l.item} ${l.quantity} = ${l.monthly.toFixed(2)}`),
    ).toEqual(['api Detailed metrics of a route (custom metrics) 35 = 10.50']);
    expect(cost.prerequisites[0].basis).toBe('5 REST API methods x 7 metrics');
    expect(cost.assumptions.join('\n')).toContain('Not in the total');
  });
});

describe('resources other capabilities add, priced from the templates alone', () => {
  const dir = templateDir({
    Obs: {
      Resources: {
        HiRes: metricAlarm('hires', { Period: 10 }),
        Band: metricAlarm('band', {
          Namespace: undefined,
          MetricName: undefined,
          Dimensions: undefined,
          Statistic: undefined,
          Period: undefined,
          Threshold: undefined,
          ComparisonOperator: 'GreaterThanUpperThreshold',
          ThresholdMetricId: 'ad',
          Metrics: [
            {
              Id: 'm',
              MetricStat: { Metric: { Namespace: 'N', MetricName: 'M' }, Period: 300, Stat: 'Sum' },
              ReturnData: true,
            },
            { Id: 'ad', Expression: 'ANOMALY_DETECTION_BAND(m, 3)', ReturnData: true },
          ],
        }),
        Rule: {
          Type: 'AWS::XRay::SamplingRule',
          Properties: { SamplingRule: { RuleName: 'api', FixedRate: 0.05, ReservoirSize: 1, Priority: 10 } },
        },
        Group: {
          Type: 'AWS::XRay::Group',
          Properties: { GroupName: 'api', InsightsConfiguration: { InsightsEnabled: true } },
        },
        Trail: {
          Type: 'AWS::CloudTrail::Trail',
          Properties: {
            TrailName: 'audit',
            IsLogging: true,
            EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }],
            InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }],
          },
        },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app/api', RetentionInDays: 30 } },
        Forever: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app/forever' } },
        Cold: {
          Type: 'AWS::Logs::LogGroup',
          Properties: { LogGroupName: '/app/cold', RetentionInDays: 365, LogGroupClass: 'INFREQUENT_ACCESS' },
        },
        Grafana: { Type: 'AWS::Grafana::Workspace', Properties: { Name: 'ops' } },
        Bucket: { Type: 'AWS::S3::Bucket' },
      },
    },
  });
  const usage = usageFrom({
    freeTier: false,
    xray: { requestsPerMonth: 10_000_000 },
    logs: { groups: { '/app/api': 10, Cold: 100 }, defaultGbPerMonth: 1 },
    grafana: { editors: 2, viewers: 3 },
  });
  const cost = estimateCost(readCloudAssembly(dir), usage);
  const line = (item: string, resource = '') =>
    cost.lines.find((l) => l.item === item && l.resource === resource);

  test('alarms: high resolution at $0.30, anomaly detection as 3 alarm metrics', () => {
    expect(line('Alarm metrics, high resolution')).toMatchObject({ quantity: 1, monthly: 0.3 });
    expect(line('Alarm metrics, math and anomaly detection')).toMatchObject({ quantity: 3 });
  });

  test('X-Ray: reservoir for every second of the month, then the fixed rate', () => {
    expect(tracesRecorded(0.05, 1, 10_000_000)).toBe(2_628_000 + Math.round(0.05 * (10_000_000 - 2_628_000)));
    expect(tracesRecorded(0.05, 1, 1000)).toBe(1000);
    expect(line('X-Ray traces recorded', 'api')?.monthly).toBeCloseTo(2_996_600 * 5e-6, 6);
    expect(line('X-Ray Insights', 'api')?.monthly).toBeCloseTo(10, 6);
  });

  test('CloudTrail: first copy free, data events and Insights per event', () => {
    expect(line('CloudTrail management events', 'audit')?.monthly).toBe(0);
    expect(line('CloudTrail data events', 'audit')?.monthly).toBeCloseTo(1, 6);
    expect(line('CloudTrail Insights', 'audit')?.monthly).toBeCloseTo(3.5, 6);
  });

  test('logs: ingestion by class, storage for the retention period (never-expiring after 12 months)', () => {
    expect(line('Log ingestion', '/app/api')).toMatchObject({ quantity: 10, monthly: 5 });
    expect(line('Log storage', '/app/api')?.quantity).toBeCloseTo(9.86, 2);
    expect(line('Log ingestion (Infrequent Access)', '/app/cold')).toMatchObject({
      quantity: 100,
      monthly: 25,
    });
    expect(line('Log storage', '/app/cold')?.quantity).toBe(1200);
    expect(line('Log storage', '/app/forever')).toMatchObject({
      quantity: 12,
      basis: 'never expires: after 12 months, and growing',
    });
  });

  test('Grafana: editors and viewers per workspace', () => {
    expect(line('Grafana editor licences', 'ops')?.monthly).toBe(18);
    expect(line('Grafana viewer licences', 'ops')?.monthly).toBe(15);
  });

  test('assumptions name every usage input; unpriced types are listed', () => {
    const text = cost.assumptions.join('\n');
    for (const key of [
      'xray.requestsPerMonth',
      'cloudtrail.firstTrail',
      'logs.groups',
      'grafana.editors',
      'as of 2026-11-22',
    ])
      expect(text).toContain(key);
    expect(cost.unpriced).toEqual({ 'AWS::S3::Bucket': 1 });
  });
});

describe('usage input', () => {
  test('the defaults the CLI uses without loading the schema are the schema defaults', () => {
    expect(DEFAULT_USAGE).toEqual(usageFrom({}));
  });

  test('defaults, a file and --set settings', () => {
    const file = join(templateDir({}), 'usage.yaml');
    writeFileSync(file, 'xray:\n  requestsPerMonth: 5000000\nlogs:\n  groups:\n    /aws/lambda/x: 2\n');
    const u = loadUsage(file, ['grafana.viewers=4', 'freeTier=false']);
    expect(u).toMatchObject({
      freeTier: false,
      xray: { requestsPerMonth: 5_000_000 },
      logs: { defaultGbPerMonth: 0, groups: { '/aws/lambda/x': 2 } },
      grafana: { editors: 1, viewers: 4 },
      cloudtrail: { firstTrail: true },
    });
  });

  test.each([
    [{ xray: { requests: 1 } }, 'usage: xray: unknown key "requests" (allowed: requestsPerMonth)'],
    [{ grafana: { editors: 'two' } }, 'usage: grafana.editors: expected a number, got the string "two"'],
    [{ logs: { groups: { a: -1 } } }, 'usage: logs.groups.a: Too small: expected number to be >=0'],
  ])('%j is one clear line', (input, message) => {
    expect(() => usageFrom(input)).toThrow(
      new ConfigError('usage', [], '').constructor as typeof ConfigError,
    );
    try {
      usageFrom(input);
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });

  test('a bad --set is one clear line', () => {
    expect(() => loadUsage(undefined, ['nonsense'])).toThrow(
      '--set: "nonsense" is not path=value (e.g. xray.requestsPerMonth=5000000)',
    );
  });
});
