import { estimateCost } from '../../lib/tools/cost/estimate';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { reviewAssembly } from '../../lib/tools/review/review';
import { scaleConfig } from '../helpers/scale-config';
import { synthUnchecked } from '../helpers/unchecked-synth';

// 100 services of 10 Lambda functions each (1,000 functions; the 1 x 1,000 shape is read back in
// test/stacks/scale.test.ts): every alarm, through `review`, equals the AlarmSpec it was rendered from. Synthesized
// without cdk-nag and validation: the same resources (Lambda alarms, rate alarms, service composites and dashboards)
// pass both at the same scale in test/stacks/scale.test.ts.
const { stacks, assembly } = synthUnchecked(scaleConfig({ services: 100, functionsPerService: 10 }));
const read = readCloudAssembly(assembly.directory);
const review = reviewAssembly(read);

test('round trip through review: 7,000 alarms and 100 composites equal their specs, no findings', () => {
  const planned = [
    ...stacks.plan.account,
    ...stacks.plan.services.flatMap((s) => [...s.alarms, ...s.composites]),
  ];
  // The account alarms: Lambda claimed concurrency, and undelivered alerts (the alerting dead-letter queue).
  expect(planned.length).toBe(2 + 7000 + 100);
  const byName = new Map(review.alarms.map((a) => [a.name, a]));
  expect(byName.size).toBe(planned.length);
  // one comparison of the lists, not 7,000 `expect` calls (each builds a source-mapped stack trace under jest)
  expect(planned.map((spec) => byName.get(spec.name)?.spec)).toEqual(planned);
  expect(review.alarms.every((a) => a.severitySource === 'metadata' && a.notes.length === 0)).toBe(true);
  expect(review.findings).toEqual([]);
  expect(review.problems).toEqual([]);
});

test('grouped by service; cost per service', () => {
  expect(Object.keys(review.summary.byService)).toHaveLength(101); // 100 services and the account
  expect(review.summary.byService['svc-0042']).toBe(71); // 7 per function and the service composite
  const cost = estimateCost(read);
  // Per function: 5 alarms on a metric and 2 rate alarms on 2 metrics each (error rate, and the errors warning as a
  // rate since the quiet defaults); the composite; the dashboard.
  expect(cost.byService['svc-0042']).toBeCloseTo(10 * (5 * 0.1 + 2 * 2 * 0.1) + 0.5 + 3, 6);
});
