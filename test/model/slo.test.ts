import { modelFromText } from '../../lib/config/load';
import { ConfigError } from '../../lib/config/errors';
import type { AnyAlarmSpec, MetricId } from '../../lib/model/alarm-spec';
import { planTelemetry, type AlertRouting } from '../../lib/model/plan';
import { BURN_RATE_TIERS, burnRate, planSlo, tierSentence, type SloModel } from '../../lib/model/slo';
import { replayAlarms } from '../../lib/tools/evaluate/replay';
import { HistoryStore } from '../../lib/tools/history/store';
import { mulberry32 } from '../../lib/tools/replay-model/random';

const topics = { critical: 'crit', warning: 'warn', info: 'info' };
const routing: AlertRouting = { topics, pageVia: 'composite' };
const DAY = 86_400;

const yaml = (slos: string) => `app: shop
services:
  - name: api
    restApi:
      - name: shop-api
        stage: prod
        methods: [GET /items]
    slos:
${slos}`;

const dims = { ApiName: 'shop-api', Stage: 'prod' };
const metric = (metricName: string): MetricId => ({
  namespace: 'AWS/ApiGateway',
  metricName,
  dimensions: dims,
});

const availability = (objective: number): SloModel => ({
  name: 'availability',
  description: 'no 5XX',
  objective,
  window: 30 * DAY,
  sli: {
    type: 'ratio',
    bad: { metric: metric('5XXError'), stat: 'Sum' },
    valid: { metric: metric('Count'), stat: 'Sum' },
    events: 'requests answered without a 5XX',
  },
  origin: 'test',
});

describe('the burn-rate tier table', () => {
  test('is the SRE workbook table for 30 days (the ticket over a day), and keeps the budget shares for 28 days', () => {
    expect(BURN_RATE_TIERS.map((t) => [t.id, burnRate(t, 30 * DAY), t.severity])).toEqual([
      ['fast', 14.4, 'critical'],
      ['slow', 6, 'critical'],
      ['ticket', 1, 'warning'],
    ]);
    expect(BURN_RATE_TIERS.map((t) => burnRate(t, 28 * DAY))).toEqual([13.44, 5.6, 0.933]);
    expect(tierSentence(BURN_RATE_TIERS[0], { window: 30 * DAY })).toBe(
      'pages when 2 % of the 30-day error budget burns in 1 h (burn rate 14.4x over 1 h and over the last 5 min)',
    );
  });

  test('each short window is 1/12 of its long window, and windows stay within what PutMetricAlarm accepts', () => {
    for (const t of BURN_RATE_TIERS) expect(t.longWindow / t.shortWindow).toBe(12);
    const plan = planSlo('shop', 'api', availability(0.999), topics);
    for (const a of plan.alarms) {
      const seconds = a.source.period * a.evaluationPeriods;
      expect(seconds).toBeLessThanOrEqual(a.source.period >= 3600 ? 7 * DAY : DAY);
    }
  });
});

describe('planning an SLO', () => {
  const plan = planSlo('shop', 'api', availability(0.999), topics);

  test('two silent window alarms and one alerting composite per tier, the faster tier suppressing the slower', () => {
    expect(plan.alarms.map((a) => [a.name, a.threshold, a.source.period, a.actions.alarm])).toEqual([
      ['shop-api-availability-fastBurnLong-critical', 14.4, 3600, []],
      ['shop-api-availability-fastBurnShort-critical', 14.4, 300, []],
      ['shop-api-availability-slowBurnLong-critical', 6, 21600, []],
      ['shop-api-availability-slowBurnShort-critical', 6, 1800, []],
      ['shop-api-availability-ticketBurnLong-warning', 1, 86400, []],
      ['shop-api-availability-ticketBurnShort-warning', 1, 7200, []],
    ]);
    const [fast, slow, ticket] = plan.composites;
    expect(fast.rule).toEqual({
      type: 'and',
      operands: [
        { type: 'state', state: 'ALARM', alarm: 'shop-api-availability-fastBurnLong-critical' },
        { type: 'state', state: 'ALARM', alarm: 'shop-api-availability-fastBurnShort-critical' },
      ],
    });
    expect(fast.actions).toEqual({ alarm: ['crit'], ok: ['crit'], insufficientData: [] });
    expect(fast.suppressor).toBeUndefined();
    expect(slow.suppressor).toEqual({ alarm: fast.name, waitPeriod: 120, extensionPeriod: 1800 });
    expect(ticket.actions).toEqual({ alarm: ['warn'], ok: [], insufficientData: [] });
    expect(ticket.suppressor).toEqual({ alarm: slow.name, waitPeriod: 900, extensionPeriod: 7200 });
  });

  test('the burn rate is bad over valid events over the budget; no traffic is no burn', () => {
    const a = plan.alarms[0];
    expect(a.source).toMatchObject({ type: 'math', expression: 'FILL(bad, 0) / valid / 0.001' });
    expect(a.treatMissingData).toBe('notBreaching');
  });

  test('a latency SLO reads the share of fast requests with the percentile-rank statistic', () => {
    const model = modelFromText(
      yaml('      - { name: latency, objective: 99, latency: { resource: shop-api, threshold: 250ms } }\n'),
    );
    const p = planTelemetry(model, routing).services[0];
    const long = p.alarms.find((a) => a.name === 'shop-api-latency-fastBurnLong-critical')!;
    expect(long.source).toMatchObject({
      type: 'math',
      expression: '(100 - good) / 1',
      metrics: [{ id: 'good', stat: 'PR(:250)', metric: { metricName: 'Latency', dimensions: dims } }],
    });
  });

  test('SLO window alarms stay out of the service composite: a burn and a resource alarm never mask each other', () => {
    const model = modelFromText(
      yaml('      - { name: availability, objective: 99.9, availability: { resource: shop-api } }\n'),
    );
    const p = planTelemetry(model, routing).services[0];
    const service = p.composites.find((c) => c.labels?.signal === 'anyCritical')!;
    expect(JSON.stringify(service.rule)).not.toMatch(/Burn/);
    expect(p.composites.filter((c) => c.labels?.kind === 'slo')).toHaveLength(3);
  });

  test('bad SLO input names the field and the allowed values', () => {
    const bad = (slos: string) => {
      try {
        modelFromText(yaml(slos));
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad('      - { name: a, objective: 99.9, availability: { resource: nope } }\n')).toMatch(
      /services\[0\]\.slos\[0\]\.availability\.resource: "nope" is not an API, API route, Lambda function or canary of this service \(labels: shop-api-prod/,
    );
    expect(bad('      - { name: a, objective: 0.999, availability: { resource: shop-api } }\n')).toMatch(
      /objective.*in percent, from 90 to 99.999/,
    );
    expect(bad('      - { name: a, objective: 99.9 }\n')).toMatch(
      /exactly one indicator: availability or latency/,
    );
    expect(
      bad(
        '      - { name: a, objective: 99, availability: { resource: shop-api } }\n      - { name: a, objective: 99, availability: { resource: shop-api } }\n',
      ),
    ).toMatch(/slos\[1\]\.name: SLO name "a" is already used/);
    expect(
      bad('      - { name: a, objective: 99, window: 7d, availability: { resource: shop-api } }\n'),
    ).toMatch(/window/);
  });
});

/** A small deterministic PRNG: the replay model's mulberry32. */
const rng = mulberry32;

describe('replaying the tiers over synthetic traffic', () => {
  const T0 = 1_767_225_600; // 2026-01-01T00:00Z
  const days = 2;
  /** Three days of history before the replay: the longest window is full from the first minute. */
  const warmUp = 3;
  /** Diurnal traffic: 4 requests a minute at night, 300 at the afternoon peak; background errors 0.1 %. */
  const traffic = (incident: (minute: number) => { rate?: number; errorShare?: number } | undefined) => {
    const random = rng(14);
    const history = new HistoryStore();
    const times: number[] = [];
    const counts: number[] = [];
    const errors: number[] = [];
    for (let m = -warmUp * 1440; m < days * 1440; m++) {
      const hour = (m % 1440) / 60;
      const shape = Math.max(0, Math.sin((Math.PI * (hour - 6)) / 18)) ** 2;
      const inc = incident(m);
      const requests = Math.round(inc?.rate ?? 4 + 296 * shape);
      const share = inc?.errorShare ?? 0.001;
      let bad = 0;
      for (let r = 0; r < requests; r++) if (random() < share) bad++;
      times.push(T0 + m * 60);
      counts.push(requests);
      errors.push(bad);
    }
    history.addAggregated(metric('Count'), 'Sum', 60, times, counts);
    history.addAggregated(metric('5XXError'), 'Sum', 60, times, errors);
    return history;
  };
  const plan = planSlo('shop', 'api', availability(0.998), topics);
  const specs: AnyAlarmSpec[] = [...plan.alarms, ...plan.composites];
  const run = (history: HistoryStore) =>
    replayAlarms(specs, history, { from: T0, to: T0 + days * DAY, initialState: 'OK' });
  const alerts = (results: ReturnType<typeof run>) =>
    results
      .filter((r) => r.spec.type === 'composite')
      .flatMap((r) =>
        r.notifications
          .filter((n) => n.state === 'ALARM')
          .map((n) => ({ name: r.spec.name, minute: (n.time - T0) / 60, severity: r.spec.severity })),
      );

  test('a healthy service (0.1 % errors against a 99.8 % objective) neither pages nor warns', () => {
    expect(alerts(run(traffic(() => undefined)))).toEqual([]);
  });

  test('an afternoon outage (50 % errors for 30 minutes) pages once, from the fast tier, within minutes', () => {
    const start = 1440 + 14 * 60;
    const got = alerts(run(traffic((m) => (m >= start && m < start + 30 ? { errorShare: 0.5 } : undefined))));
    expect(got.map((a) => a.name)).toEqual(['shop-api-availability-fastBurn-critical']);
    expect(got[0].minute - start).toBeLessThanOrEqual(5);
  });

  test('the night-time incident (8 % 5XX for 45 minutes at 03:00, 4 requests a minute) pages', () => {
    const start = 1440 + 3 * 60;
    const got = alerts(
      run(traffic((m) => (m >= start && m < start + 45 ? { rate: 4, errorShare: 0.08 } : undefined))),
    );
    expect(got.filter((a) => a.severity === 'critical')).toHaveLength(1);
    expect(got[0].minute - start).toBeLessThan(45);
  });
});
