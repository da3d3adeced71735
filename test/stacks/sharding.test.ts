import { locatePlanError, modelFromText } from '../../lib/config/load';
import { jumpHash } from '../../lib/model/naming';
import type { DashboardSpec } from '../../lib/dashboards/cloudwatch-layout';
import { PlanError, planTelemetry } from '../../lib/model/plan';
import { assignStacks, estimateTagBytes, type StackAssignment } from '../../lib/stacks/sharding';
import { scaleConfig } from '../helpers/scale-config';

function assign(functions: number, capacity = { maxResources: 100 }, tagBytes = 0): StackAssignment[] {
  const plan = planTelemetry(modelFromText(scaleConfig({ services: 1, functionsPerService: functions })));
  return assignStacks('scale', plan.services, new Map(), capacity, tagBytes);
}
const home = (assignments: StackAssignment[]) =>
  new Map(assignments.flatMap((a) => a.alarms.map((x) => [x.name, a.id] as const)));

describe('splitting a service into stacks', () => {
  test('a service that fits stays in one stack', () => {
    const a = assign(10);
    expect(a.map((x) => x.id)).toEqual(['scale-telemetry-svc-0000']);
    expect(a[0].alarms).toHaveLength(70);
    expect(a[0].composites).toHaveLength(1);
  });

  test('a big service: the first stack keeps the composites and depends on the alarm parts, each under the limit', () => {
    const a = assign(100);
    expect(a[0]).toMatchObject({ id: 'scale-telemetry-svc-0000', alarms: [], part: 1 });
    expect(a[0].composites.length).toBeGreaterThan(1);
    expect(a[0].dependsOn).toEqual(a.slice(1).map((x) => x.id));
    for (const part of a.slice(1)) expect(part.alarms.length).toBeLessThanOrEqual(100);
    expect(a.slice(1).reduce((n, x) => n + x.alarms.length, 0)).toBe(700);
    // A resource's alarms stay together.
    const byResource = new Map<string, Set<string>>();
    for (const part of a)
      for (const x of part.alarms)
        byResource.set(x.labels!.resource, (byResource.get(x.labels!.resource) ?? new Set()).add(part.id));
    for (const stacks of byResource.values()) expect(stacks.size).toBe(1);
  });

  test("a resource whose alarms alone exceed a stack's capacity is an error (not an endless search for parts)", () => {
    expect(() => assign(10, { maxResources: 5 })).toThrow(
      /^stack scale-telemetry-svc-0000: the 7 alarms of svc-0000\/lambda\/scale-0000-fn-0000 \(about \d+ KB\) alone exceed a stack's capacity \(5 resources, 800 KB\)$/,
    );
  });

  test('adding a resource moves no other alarm', () => {
    const before = home(assign(100));
    const after = home(assign(101));
    const moved = [...before].filter(([name, id]) => after.get(name) !== id);
    expect(moved).toEqual([]);
  });

  test('when the number of parts grows, only about 1/(n+1) of the resources move', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `svc/lambda/fn-${i}`);
    for (const n of [4, 9, 19]) {
      const moved = keys.filter((k) => jumpHash(k, n) !== jumpHash(k, n + 1));
      expect(moved.length / keys.length).toBeGreaterThan(0.6 / (n + 1));
      expect(moved.length / keys.length).toBeLessThan(1.4 / (n + 1));
      // Everything that moves goes to the new part.
      expect(moved.every((k) => jumpHash(k, n + 1) === n)).toBe(true);
    }
  });

  test('services that name the same stack share it', () => {
    const plan = planTelemetry(
      modelFromText(
        'app: a\nservices:\n  - { name: x, stack: shared, lambda: [f] }\n  - { name: y, stack: shared, sqs: [q] }\n',
      ),
    );
    const a = assignStacks('a', plan.services, new Map());
    expect(a.map((x) => [x.id, x.services])).toEqual([['a-telemetry-shared', ['x', 'y']]]);
  });

  // 40 long tags on each of 350 alarms made a stack of 1.4 MB that the estimate (without tags) put under 800 KB.
  test('the tags every alarm carries count: long tags split a service that fits without them', () => {
    const tags = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `key${String(i).padStart(2, '0')}${'é'.repeat(15)}`,
        'v'.repeat(30),
      ]),
    );
    const tagBytes = estimateTagBytes(tags);
    // UTF-8 and JSON quotes: each key is 5 + 2 x 15 bytes, each value 30, each tag 20 bytes of JSON around them.
    expect(tagBytes).toBe(10 + 40 * (5 + 30 + 2 + 30 + 2 + 20));
    expect(assign(50, { maxResources: 450 })).toHaveLength(1);
    const split = assign(50, { maxResources: 450 }, tagBytes);
    expect(split.length).toBeGreaterThan(2);
    expect(split.slice(1).reduce((n, x) => n + x.alarms.length, 0)).toBe(350);
  });

  test('no tags, no bytes', () => {
    expect(estimateTagBytes({})).toBe(0);
  });

  // A service api-2 beside a service api that split: two stacks demo-telemetry-api-2, a construct clash at build.
  test('a service named like a numbered part of a split service is a config error at the service', () => {
    const fns = Array.from({ length: 20 }, (_, i) => `fn-${i}`).join(', ');
    const model = modelFromText(
      `app: demo\nservices:\n  - name: api\n    lambda: [${fns}]\n  - name: api-2\n    lambda: [other]\n`,
    );
    let error: unknown;
    try {
      assignStacks('demo', planTelemetry(model).services, new Map(), { maxResources: 100 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect(locatePlanError(error as PlanError, model).message).toBe(
      'telemetry.yaml:5:5: services[1]: its stack demo-telemetry-api-2 is also part 2 of the stack of api, which is too big for one stack and continues in numbered parts; rename the service or set another `stack`',
    );
    expect(assignStacks('demo', planTelemetry(model).services, new Map())).toHaveLength(2);
  });

  test('a service named like a numbered dashboard of a big service is a config error at the service', () => {
    const model = modelFromText(
      'app: demo\nservices:\n  - { name: api, lambda: [f] }\n  - { name: api-2, lambda: [g] }\n',
    );
    const boards = (...names: string[]) =>
      names.map((name) => ({ name, widgets: [] }) as unknown as DashboardSpec);
    const dashboards = new Map([
      ['api', boards('demo-api', 'demo-api-2')],
      ['api-2', boards('demo-api-2')],
    ]);
    expect(() => assignStacks('demo', planTelemetry(model).services, dashboards)).toThrow(
      'service api-2: dashboard name "demo-api-2" is also a dashboard of service api, whose dashboards continue in numbered parts; rename the service',
    );
  });
});
