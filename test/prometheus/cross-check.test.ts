/**
 * The same incidents, fed to both renderings: raw requests (time, latency, status) become CloudWatch's per-minute
 * statistics for the project's evaluation engine (`lib/tools/evaluate`) and OpenTelemetry histogram counters
 * sampled every 15 s for `promtool test rules`. The CloudWatch alarms' states at every minute become the expected
 * alerts of the Prometheus rules, except within one evaluation interval of a CloudWatch transition: promtool then
 * shows that each alert fires and resolves within one interval of its CloudWatch twin.
 *
 * Where they cannot agree, a test documents it (and the README says why): a percentile between two histogram
 * bucket bounds is interpolated by Prometheus and exact in CloudWatch.
 */
import { modelFromText } from '../../lib/config/load';
import type { AlarmSpec } from '../../lib/model/alarm-spec';
import { planPrometheusRules } from '../../lib/prometheus/rules/plan';
import { promDuration } from '../../lib/prometheus/rules/promql';
import { renderRuleFile } from '../../lib/prometheus/rules/render';
import type { PlannedAlert } from '../../lib/prometheus/rules/rule-model';
import { expectedAlert, renderRuleTests } from '../../lib/prometheus/rules/rule-tests';
import { DURATION_BUCKETS, SERIES } from '../../lib/prometheus/rules/series';
import {
  ALARM,
  aggregate,
  parseStatistic,
  replayAlarms,
  stateAt,
  type Grid,
  type HistorySource,
  type MetricQuery,
} from '../../lib/tools/evaluate';
import { Rng } from '../fuzz/harness';
import { describeWith, run, writeFiles } from '../helpers/prom-tools';

const CONFIG = `
app: cross
budgets: { default: 200ms }
services:
  - name: api
    restApi:
      - name: cross-api
        stage: prod
    lambda:
      - { name: cross-checkout, operation: checkout }
`;

/** One request: when it ended (seconds, never on a minute or sample boundary), how long it took, its status. */
interface Request {
  readonly time: number;
  readonly latencyMs: number;
  readonly status: number;
}

const MINUTES = 60;
const SAMPLE = 15;

/**
 * An hour of traffic to checkout, behind the API stage: 5 requests a second; minutes 15-24 slow (350-700 ms,
 * above the 300 ms critical budget); minutes 30-39 one request in five failing; from minute 45 a quiet night of
 * two slow requests a minute, one of them failing: the error-rate guards keep both renderings quiet, and the budgets
 * (which evaluate minutes with few requests: every request of the night is slow) fire in both.
 */
function incidentHour(): Request[] {
  const rng = new Rng(16);
  const out: Request[] = [];
  for (let m = 0; m < MINUTES; m++) {
    if (m >= 45) {
      out.push({ time: m * 60 + 10.5, latencyMs: 500, status: 500 });
      out.push({ time: m * 60 + 40.5, latencyMs: 500, status: 200 });
      continue;
    }
    for (let s = 0; s < 60; s++) {
      for (let j = 0; j < 5; j++) {
        const slow = m >= 15 && m < 25;
        out.push({
          time: m * 60 + s + (j + 0.5) / 5,
          latencyMs: slow ? 350 + rng.next() * 350 : 20 + rng.next() * 70,
          status: m >= 30 && m < 40 && j === 0 ? 500 : 200,
        });
      }
    }
  }
  return out;
}

/** What CloudWatch would hold: Lambda Duration per request, API Gateway Count, 5XXError and 4XXError (0 or 1). */
function cloudWatchHistory(requests: readonly Request[]): HistorySource {
  const times = Float64Array.from(requests, (r) => r.time);
  const by: Record<string, Float64Array> = {
    Duration: Float64Array.from(requests, (r) => r.latencyMs),
    Count: Float64Array.from(requests, () => 1),
    '5XXError': Float64Array.from(requests, (r) => (r.status >= 500 ? 1 : 0)),
    '4XXError': Float64Array.from(requests, (r) => (r.status >= 400 && r.status < 500 ? 1 : 0)),
  };
  return {
    series(q: MetricQuery, grid: Grid) {
      const values = by[q.metric.metricName];
      return values && aggregate(times, values, grid, parseStatistic(q.stat));
    },
  };
}

/** The histogram counters an OpenTelemetry SDK would export for the same requests, every 15 s. */
function otelSeries(requests: readonly Request[], labels: Readonly<Record<string, string>>) {
  const samples = (MINUTES * 60) / SAMPLE + 1;
  const series = new Map<string, number[]>();
  /** Adds `n` requests at sample `k` (0 creates the series with zeros). */
  const add = (name: string, l: Record<string, string>, k: number, n: number) => {
    const key = `${name}{${Object.entries(l)
      .map(([a, v]) => `${a}=${JSON.stringify(v)}`)
      .join(',')}}`;
    let values = series.get(key);
    if (!values) series.set(key, (values = new Array<number>(samples).fill(0)));
    values[k] += n;
  };
  for (const r of requests) {
    const k = Math.ceil(r.time / SAMPLE); // counted from the first sample after the request
    const l = { ...labels, [SERIES.status]: String(r.status) };
    add(`${SERIES.duration}_count`, l, k, 1);
    for (const le of [...DURATION_BUCKETS, Infinity]) {
      const bucket = { ...l, le: le === Infinity ? '+Inf' : String(le) };
      add(`${SERIES.duration}_bucket`, bucket, k, r.latencyMs / 1000 <= le ? 1 : 0);
    }
  }
  return [...series].map(([name, perSample]) => {
    let total = 0;
    return {
      series: name,
      values: perSample
        .slice(0, samples)
        .map((n) => (total += n))
        .join(' '),
    };
  });
}

/** promtool expectations at every minute where each alert's CloudWatch twin is stable for ±1 minute. */
function expectationsFromCloudWatch(alerts: readonly PlannedAlert[], specs: readonly AlarmSpec[]) {
  const replays = replayAlarms(specs, cloudWatchHistory(incidentHour()), { from: 0, to: MINUTES * 60 });
  const inAlarm = (a: PlannedAlert, minute: number) =>
    stateAt(replays[specs.indexOf(a.mirrors)].timeline, minute * 60) === ALARM;
  const names = [...new Set(alerts.map((a) => a.rule.alert))];
  const tests = [];
  let skipped = 0;
  for (let m = 1; m < MINUTES; m++) {
    for (const name of names) {
      const ofName = alerts.filter((a) => a.rule.alert === name);
      const stable = ofName.every(
        (a) => inAlarm(a, m - 1) === inAlarm(a, m) && inAlarm(a, m) === inAlarm(a, m + 1),
      );
      if (!stable) {
        skipped++;
        continue;
      }
      tests.push({
        eval_time: promDuration(m * 60),
        alertname: name,
        exp_alerts: ofName.filter((a) => inAlarm(a, m)).map(expectedAlert),
      });
    }
  }
  return { replays, tests, skipped };
}

const plan = planPrometheusRules(modelFromText(CONFIG))[0];
const alerts = plan.alerts;
const specs = alerts.map((a) => a.mirrors);
const labels = {
  ...alerts.find((a) => a.rule.alert === 'LatencyBudget')!.seriesLabels,
  [SERIES.method]: 'GET',
  [SERIES.route]: '/checkout',
};

describe('the CloudWatch side of the incident hour', () => {
  const { replays } = expectationsFromCloudWatch(alerts, specs);
  const alarmMinutes = (name: string) =>
    replays.find((r) => r.spec.name === name)!.transitions.map((t) => `${t.to}@${t.time / 60}`);

  test('the mirrored alarms are the budgets of checkout and the guarded error rates of the stage', () => {
    expect(specs.map((s) => s.name)).toEqual([
      'cross-api-cross-checkout-latencyBudget-warning',
      'cross-api-cross-checkout-latencyBudget-critical',
      'cross-api-cross-api-prod-serverErrorRate-critical',
      'cross-api-cross-api-prod-clientErrorRate-warning',
    ]);
  });

  test('each incident sets off its alarms once; the quiet night only its slow requests', () => {
    // Slow from minute 15: the third slow minute (17) is evaluated at 18; OK again after three good minutes. The
    // night's requests are all slow (500 ms): the budgets evaluate minutes with few requests, so its third minute
    // (47) is evaluated at 48.
    expect(alarmMinutes('cross-api-cross-checkout-latencyBudget-warning')).toEqual([
      'OK@1',
      'ALARM@18',
      'OK@28',
      'ALARM@48',
    ]);
    expect(alarmMinutes('cross-api-cross-checkout-latencyBudget-critical')).toEqual([
      'OK@1',
      'ALARM@18',
      'OK@28',
      'ALARM@48',
    ]);
    // 20 % failing in minutes 30-39, 3 of 3: ALARM at 33, OK at 41; the night's 50 % of 2 requests is under the guard.
    expect(alarmMinutes('cross-api-cross-api-prod-serverErrorRate-critical')).toEqual([
      'OK@1',
      'ALARM@33',
      'OK@41',
    ]);
    expect(alarmMinutes('cross-api-cross-api-prod-clientErrorRate-warning')).toEqual(['OK@1']);
  });
});

describeWith('promtool')('the Prometheus rules on the same incident hour', () => {
  test('every alert fires and resolves within one evaluation interval of its CloudWatch alarm', () => {
    const { tests, skipped } = expectationsFromCloudWatch(alerts, specs);
    const firing = tests.filter((t) => t.exp_alerts.length > 0);
    // Firing: LatencyBudget at 19-26 and 49-59, ServerErrorRate at 34-39 (stable minutes); skipped: the minute
    // before and the minute of each of the five transitions (18, 28, 48, 33, 41), so a Prometheus transition
    // anywhere from one minute before to one minute after CloudWatch's passes. Every other minute expects no alert
    // of that name.
    expect(firing.length).toBe(25);
    expect(skipped).toBe(10);
    const dir = writeFiles({
      'rules.yml': renderRuleFile(plan.file),
      'cross.test.yml': renderRuleTests({
        rule_files: ['rules.yml'],
        evaluation_interval: '1m',
        tests: [
          {
            name: 'incident hour',
            interval: promDuration(SAMPLE),
            input_series: otelSeries(incidentHour(), labels),
            alert_rule_test: tests,
          },
        ],
      }),
    });
    const r = run('promtool', ['test', 'rules', 'cross.test.yml'], dir);
    expect(r.output).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);
  });

  test('where they cannot agree: a p95 between two bucket bounds is interpolated, so Prometheus fires where CloudWatch does not', () => {
    // 110-195 ms for ten minutes: the exact p95 (≈ 191 ms) is under the 200 ms budget, but every request is in the
    // (100 ms, 250 ms] bucket, whose p95 Prometheus interpolates to 242.5 ms. Budgets on bucket bounds avoid this.
    const requests: Request[] = [];
    for (let s = 0; s < 600; s++)
      for (let j = 0; j < 5; j++)
        requests.push({ time: s + (j + 0.5) / 5, latencyMs: 110 + ((s * 5 + j) % 86), status: 200 });
    const warning = alerts.find((a) => a.rule.alert === 'LatencyBudget' && a.severity === 'warning')!;
    const [cw] = replayAlarms([warning.mirrors], cloudWatchHistory(requests), { from: 0, to: 600 });
    expect(cw.alarmEpisodes).toEqual([]);
    const dir = writeFiles({
      'rules.yml': renderRuleFile(plan.file),
      'divergence.test.yml': renderRuleTests({
        rule_files: ['rules.yml'],
        evaluation_interval: '1m',
        tests: [
          {
            name: 'p95 between bucket bounds',
            interval: promDuration(SAMPLE),
            input_series: otelSeries(requests, labels).map((s) => ({
              ...s,
              values: s.values
                .split(' ')
                .slice(0, 600 / SAMPLE + 1)
                .join(' '),
            })),
            alert_rule_test: [
              { eval_time: '5m', alertname: 'LatencyBudget', exp_alerts: [expectedAlert(warning)] },
            ],
          },
        ],
      }),
    });
    const r = run('promtool', ['test', 'rules', 'divergence.test.yml'], dir);
    expect(r.output).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);
  });
});
