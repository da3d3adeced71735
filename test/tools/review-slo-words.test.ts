/**
 * `review` explains every burn-rate alert in words (budget share, burn rate, requests at the SLO's traffic or per
 * 1,000) and says which alarms each maintenance window mutes, and when: from the templates alone.
 */
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { isoSeconds } from '../../lib/tools/review/maintenance';
import { reviewAssembly } from '../../lib/tools/review/review';
import { reviewDoc } from '../../lib/tools/review/review-doc';
import { renderMarkdown } from '../../lib/tools/report/markdown';
import { sloTierFacts, tierInWords } from '../../lib/model/slo-words';
import type { SloModel } from '../../lib/model/slo';
import { sloYaml } from '../helpers/slo-config';
import { synthConfig } from '../helpers/synth';

const DAY = 86_400;
const slo = (eventsPerMinute?: number): SloModel => ({
  name: 'availability',
  description: 'no 5XX',
  objective: 0.998,
  window: 30 * DAY,
  sli: {
    type: 'ratio',
    bad: { metric: { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: {} }, stat: 'Sum' },
    valid: { metric: { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: {} }, stat: 'Sum' },
    events: 'requests answered without a 5XX',
  },
  ...(eventsPerMinute !== undefined ? { eventsPerMinute } : {}),
  origin: 'test',
});

describe('a burn-rate tier in words', () => {
  test('per 1,000 requests when the traffic is not known', () => {
    const facts = sloTierFacts('shop', 'api', slo());
    expect(Object.keys(facts)).toEqual([
      'shop-api-availability-fastBurn-critical',
      'shop-api-availability-slowBurn-critical',
      expect.stringMatching(/^shop-api-availability-ticketBurn-/),
    ]);
    expect(tierInWords(facts['shop-api-availability-fastBurn-critical'])).toBe(
      'SLO availability (99.8 % over 30 days) pages when 2 % of the 30-day error budget burns in 1 h (burn rate 14.4x over 1 h and over the last 5 min): 2.88 % of requests fail over 1 h, 28.8 of every 1,000 requests',
    );
  });

  test('in requests at the SLO traffic, and says when a single failure is enough', () => {
    const busy = sloTierFacts('shop', 'api', slo(200))['shop-api-availability-slowBurn-critical'];
    expect(tierInWords(busy)).toMatch(
      /pages when 5 % of the 30-day error budget burns in 6 h .*: 1\.2 % of requests fail over 6 h; at 200 requests a minute, 864 of the 72,000 requests of 6 h$/,
    );
    const quiet = sloTierFacts('shop', 'api', slo(0.1))['shop-api-availability-fastBurn-critical'];
    expect(tierInWords(quiet)).toMatch(
      /; at 0\.1 requests a minute, one of the 6 requests of 1 h is enough$/,
    );
  });
});

test('ISO 8601 durations of mute rules read back', () => {
  expect([
    isoSeconds('PT1H30M'),
    isoSeconds('P2D'),
    isoSeconds('PT45S'),
    isoSeconds('P'),
    isoSeconds('1h'),
  ]).toEqual([5_400, 172_800, 45, undefined, undefined]);
});

describe('review of SLOs and maintenance windows', () => {
  const { assembly } = synthConfig(
    sloYaml({
      top: 'alerting:\n  critical: { email: [oncall@shop.example] }',
      availability: '        eventsPerMinute: 200\n',
      tail: 'maintenance:\n  - name: deploys\n    schedule: cron(0 22 ? * TUE *)\n    duration: 90m\n    timezone: Europe/Berlin\n    severities: [critical]\n',
    }),
  );
  const review = reviewAssembly(readCloudAssembly(assembly.directory));
  const byName = new Map(review.alarms.map((a) => [a.name, a]));

  test('every SLO tier composite is explained; nothing else is', () => {
    const explained = review.alarms.filter((a) => a.words).map((a) => a.name);
    const tiers = review.alarms
      .filter((a) => a.spec.type === 'composite' && a.spec.labels?.kind === 'slo')
      .map((a) => a.name);
    expect(tiers).toHaveLength(6);
    expect(explained).toEqual(tiers);
    expect(byName.get('shop-api-availability-fastBurn-critical')!.words).toMatch(
      /at 200 requests a minute, 173 of the 12,000 requests of 1 h$/,
    );
    expect(byName.get('shop-api-latency-fastBurn-critical')!.words).toMatch(
      /: 13\.4 % of requests take longer than 300 ms over 1 h, 134 of every 1,000 requests$/,
    );
  });

  test('says which alarms the window mutes, and when', () => {
    expect(review.maintenance).toHaveLength(1);
    const rule = review.maintenance[0];
    expect(rule.when).toBe('cron(0 22 ? * TUE *) in Europe/Berlin, for 1.5 h');
    // The window mutes the paging alarms of the services (the core stack's account alarms are not in it).
    const api = review.alarms.filter((a) => a.stack === rule.stack);
    const paging = api.filter((a) => a.severity === 'critical' && a.spec.actions.alarm.length);
    expect(paging.length).toBeGreaterThan(0);
    expect([...rule.alarmNames].sort()).toEqual(paging.map((a) => a.name).sort());
    expect(byName.get('shop-api-availability-fastBurn-critical')!.mutedBy).toEqual([
      `${rule.name}: cron(0 22 ? * TUE *) in Europe/Berlin, for 1.5 h`,
    ]);
    // A silent window alarm is not muted (it notifies nobody).
    expect(api.filter((a) => a.mutedBy.length === 0 && a.spec.actions.alarm.length)).toEqual(
      api.filter((a) => a.severity !== 'critical' && a.spec.actions.alarm.length),
    );
  });

  test('the report has both sections', () => {
    const md = renderMarkdown(reviewDoc({ ...review, root: 'cdk.out' }));
    expect(md).toContain('SLO burn-rate alerts in words (6)');
    expect(md).toContain(`${review.maintenance[0].name} (${review.maintenance[0].stack}): cron(0 22 ?`);
    expect(md).toMatch(/mutes the actions of \d+ alarms \(\d+ that page\)/);
  });
});
