import { readCloudAssembly } from '../../../lib/tools/read/assembly';
import { INCIDENTS } from '../../../lib/tools/replay-model/incidents';
import { missedTargets, renderReplaySuite, runReplaySuite } from '../../../lib/tools/replay-model/suite';
import { reviewAssembly } from '../../../lib/tools/review/review';
import { sharedApp } from '../../helpers/shared-synth';

/** Monday 2026-11-30 00:00 UTC. */
const WEEK = 1_795_996_800;

describe('the replay suite on the synthesized example app (a small week: a fifth of the traffic)', () => {
  const { assembly } = sharedApp('example');
  const specs = reviewAssembly(readCloudAssembly(assembly.directory)).alarms.map((a) => a.spec);
  const report = runReplaySuite(specs, { start: WEEK, scale: 0.2 });
  const byId = new Map(report.incidents.map((i) => [i.id, i]));

  test('every metric the alarms read is modelled, and every incident has its targets in the example app', () => {
    expect(report.unmodelled).toEqual([]);
    expect(report.incidents.map((i) => [i.id, i.applicable])).toEqual(INCIDENTS.map((i) => [i.id, true]));
  });

  test("issue 14's night incident (8 % 5XX at 4 requests a minute for 45 min at 03:00) pages, through the SLO", () => {
    const night = byId.get('night-5xx')!;
    expect(night).toMatchObject({ detected: true, paged: true });
    expect(night.alarms).toContain('sophie-api-availability-fastBurn-critical');
    expect(night.timeToDetect!).toBeLessThan(45 * 60);
  });

  test('a healthy week pages no one', () => {
    expect(report.healthy.pages).toBe(0);
    expect(renderReplaySuite(report)).toMatch(/^\| incident \| expected \| detected/);
  });

  test('the targets hold, except the traffic drop no static alarm can see', () => {
    expect(missedTargets(report)).toEqual(['traffic-drop: not detected']);
  });
});
