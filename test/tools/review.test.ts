import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { reviewAssembly } from '../../lib/tools/review/review';
import { reviewDoc } from '../../lib/tools/review/review-doc';
import { renderMarkdown } from '../../lib/tools/report/markdown';
import { synthForeignApp } from '../helpers/foreign-app';
import { sharedApp } from '../helpers/shared-synth';

describe('review of the example app', () => {
  const { stacks, assembly } = sharedApp('example');
  const review = reviewAssembly(readCloudAssembly(assembly.directory));
  const byName = new Map(review.alarms.map((a) => [a.name, a]));

  test('every alarm reviewed equals its planned AlarmSpec; no findings, no problems', () => {
    const planned = [
      ...stacks.plan.account,
      ...stacks.plan.services.flatMap((s) => [...s.alarms, ...s.composites]),
      ...(stacks.product?.alarms ?? []),
    ];
    expect(review.alarms).toHaveLength(planned.length);
    for (const spec of planned) expect(byName.get(spec.name)?.spec).toEqual(spec);
    expect(review.findings).toEqual([]);
    expect(review.problems).toEqual([]);
  });

  test('severities come from template metadata; alarms are grouped by service', () => {
    expect(review.alarms.every((a) => a.severitySource === 'metadata')).toBe(true);
    expect(review.summary.byService).toEqual({ account: 4, api: 78, notifications: 19, product: 10 });
    expect(review.summary.bySeverity).toEqual({ critical: 46, warning: 65, info: 0 });
  });

  test('conditions read in words; silent critical alarms say which composite pages for them', () => {
    const budget = byName.get('sophie-api-sophie-authorizer-latencyBudget-critical')!;
    expect(budget.condition).toBe('p95 Duration > 75 ms for 3 of 5 min');
    expect(budget.watchedBy).toEqual(['sophie-api-service-anyCritical-critical']);
    expect(byName.get('sophie-notifications-sophie-notifications-messageAge-warning')?.condition).toBe(
      'Maximum ApproximateAgeOfOldestMessage >= 15 min for 15 of 15 min',
    );
  });

  test('the Markdown review (a pull-request comment) is stable', () => {
    const md = renderMarkdown(reviewDoc({ ...review, root: 'cdk.out' }));
    expect(md).toContain(
      '| sophie-api-sophie-authorizer-latencyBudget-critical | **critical** | p95 Duration > 75 ms for 3 of 5 min | notBreaching | via sophie-api-service-anyCritical-critical |  |',
    );
    expect(md).toMatchSnapshot();
  });
});

describe('review of an app this project did not create (cdk-monitoring-constructs, aws-cdk-lib)', () => {
  const assembly = synthForeignApp();
  const review = reviewAssembly(readCloudAssembly(assembly.directory));
  const byName = new Map(review.alarms.map((a) => [a.name, a]));

  test('reads every alarm, with function names resolved through Fn::Select / Fn::Split', () => {
    expect(review.problems).toEqual([]);
    expect(review.alarms.map((a) => `${a.name}: ${a.condition}`)).toEqual([
      'shop-Checkout-Latency-P99-Warning: p99 Duration > 500 ms for 3 of 3 × 5 min',
      'shop-Checkout-Fault-Count-Warning: Sum Errors > 3 for 3 of 5 × 5 min',
      'shop-Checkout-Fault-Rate-Critical: Average Errors > 5 for 3 of 3 × 5 min',
      'shop-Checkout-MinTPS-Warning: TPS < 1 for 3 of 3 × 5 min',
      'shop-Checkout-Throttled-Count-Warning: Sum Throttles > 0 for 3 of 3 × 5 min',
      'shop-Orders-Warning: Sum Orders outside band (2 σ) for 3 of 3 × 5 min',
      'shop-Composite-Critical: ALARM("shop-Checkout-Fault-Rate-Critical")',
      'Shop-ApiLatencyE391D2FB: p90 Latency above band (2.5 σ) for 3 of 3 × 5 min',
    ]);
    const p99 = byName.get('shop-Checkout-Latency-P99-Warning')!;
    expect(p99.spec).toMatchObject({
      type: 'metric',
      source: {
        metric: { namespace: 'AWS/Lambda', dimensions: { FunctionName: 'shop-checkout' } },
        stat: 'p99',
        period: 300,
      },
      actions: { alarm: ['shop-pager'] },
      treatMissingData: 'notBreaching',
    });
  });

  test('severity is inferred from the name (or defaulted) and says so', () => {
    expect(review.alarms.map((a) => `${a.severity}/${a.severitySource}`)).toEqual([
      'warning/name',
      'warning/name',
      'critical/name',
      'warning/name',
      'warning/name',
      'warning/name',
      'critical/name',
      'warning/default',
    ]);
  });

  test('anomaly-detection alarms: the watched metric is the source, the band width the threshold', () => {
    const orders = byName.get('shop-Orders-Warning')!;
    expect(orders.spec).toMatchObject({
      comparison: 'LessThanLowerOrGreaterThanUpperThreshold',
      threshold: 2,
      source: { type: 'metric', metric: { namespace: 'Shop', metricName: 'Orders' }, stat: 'Sum' },
    });
    expect(orders.notes).toEqual([]);
  });

  test('flags what a reviewer should see', () => {
    expect(review.findings.map((f) => `${f.rule}: ${f.alarm}`)).toEqual([
      'percentile-low-sample: shop-Checkout-Latency-P99-Warning',
      'no-action: Shop-ApiLatencyE391D2FB',
      'percentile-low-sample: Shop-ApiLatencyE391D2FB',
    ]);
  });
});
