import { statSync } from 'node:fs';
import { ruleAlarms } from '../../lib/model/alarm-spec';
import { LIMITS } from '../../lib/model/limits';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { scaleConfig } from '../helpers/scale-config';
import { synthConfig } from '../helpers/synth';

// One service with 1,000 Lambda functions: the hardest shape (one service must be split into many stacks).
const { stacks, assembly } = synthConfig(scaleConfig({ services: 1, functionsPerService: 1000 }));
const artifacts = assembly.stacks;

describe('1,000 Lambda functions in one service', () => {
  test('every template stays under 500 resources and 1 MB', () => {
    const sizes = artifacts.map((a) => ({
      stack: a.stackName,
      resources: Object.keys((a.template as { Resources: object }).Resources).length,
      bytes: statSync(a.templateFullPath).size,
    }));
    expect(sizes.length).toBeGreaterThan(10);
    for (const s of sizes) {
      expect(s.resources).toBeLessThanOrEqual(LIMITS.templateResources);
      expect(s.bytes).toBeLessThanOrEqual(LIMITS.templateBytes);
    }
    const alarms = stacks.plan.services[0].alarms.length;
    expect(alarms).toBe(7000);
    expect(sizes.reduce((n, s) => n + s.resources, 0)).toBeGreaterThan(alarms);
  });

  test('every dashboard stays under 500 widgets and 2,500 metrics; every composite under 100 children', () => {
    const dashboards = stacks.assignments.flatMap((a) => a.dashboards);
    expect(dashboards.length).toBeGreaterThan(1);
    for (const d of dashboards) {
      expect(d.widgets.length).toBeLessThanOrEqual(LIMITS.dashboardWidgets);
      expect(d.metricCount).toBeLessThanOrEqual(LIMITS.dashboardMetrics);
    }
    for (const c of stacks.plan.services[0].composites)
      expect(ruleAlarms(c.rule).length).toBeLessThanOrEqual(LIMITS.compositeChildren);
  });

  test('the stack with the composites deploys after every stack holding its children', () => {
    const first = stacks.monitoring[0];
    expect(first.dependencies.map((d) => d.stackName).sort()).toEqual(
      [stacks.core, ...stacks.monitoring.slice(1)].map((s) => s.stackName).sort(),
    );
  });

  test('round trip: all 7,000 alarms and the composites read back equal to their specs', () => {
    const read = readCloudAssembly(assembly.directory);
    expect(read.problems).toEqual([]);
    const parsed = new Map(read.stacks.flatMap((s) => s.alarms).map((a) => [a.spec.name, a.spec]));
    const planned = [
      ...stacks.plan.account,
      ...stacks.plan.services.flatMap((s) => [...s.alarms, ...s.composites]),
    ];
    expect(parsed.size).toBe(planned.length);
    // one comparison of the lists, not 7,000 `expect` calls (each builds a source-mapped stack trace under jest)
    expect(planned.map((spec) => parsed.get(spec.name))).toEqual(planned);
  });
});
