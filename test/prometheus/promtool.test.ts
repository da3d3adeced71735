/**
 * Every generated rules file passes `promtool check rules`, and the unit tests generated for each alert (breach
 * fires after M of N periods, not one period earlier; below the threshold stays quiet; too little traffic stays
 * quiet) pass `promtool test rules`. A rules file with one threshold moved fails them: the tests can fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { planPrometheusRules, splitServiceRules } from '../../lib/prometheus/rules/plan';
import { renderRuleFile } from '../../lib/prometheus/rules/render';
import { renderRuleTests, ruleTestFile } from '../../lib/prometheus/rules/rule-tests';
import { describeWith, run, writeFiles } from '../helpers/prom-tools';

const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');

/** The example plus what it leaves out: an HTTP API, a p99 budget, an override to 2 of 3 and a disabled row. */
const VARIANT = `
app: shop
budgets: { default: 300ms, percentile: p99 }
services:
  - name: checkout
    httpApi:
      - id: a1b2c3d4e5
        routes: ['GET /carts/{id}', { route: POST /orders, operation: place-order }]
        minRequests: 30
        alarms:
          serverErrorRate: { datapoints: 2/3, threshold: 2 }
          clientErrorRate: { enabled: false }
    lambda:
      - { name: shop-pay, operation: place-order, alarms: { latencyBudget: { threshold: 250, datapoints: 4/4 } } }
`;

const files = (text: string) => {
  const out: Record<string, string> = {};
  for (const plan of planPrometheusRules(modelFromText(text))) {
    out[`${plan.namespace}.yml`] = renderRuleFile(plan.file);
    out[`${plan.namespace}.test.yml`] = renderRuleTests(ruleTestFile(`${plan.namespace}.yml`, plan.alerts));
  }
  return out;
};

describeWith('promtool')('the generated rules, checked by promtool', () => {
  test.each([
    ['the example app', EXAMPLE],
    ['a variant with an HTTP API, p99 budgets and overrides', VARIANT],
  ])('%s: every rules file passes check rules, every alert its generated tests', (_, text) => {
    const generated = files(text);
    const dir = writeFiles(generated);
    const rules = Object.keys(generated).filter((f) => !f.endsWith('.test.yml'));
    const tests = Object.keys(generated).filter((f) => f.endsWith('.test.yml'));
    expect(rules.length).toBeGreaterThan(0);
    const check = run('promtool', ['check', 'rules', ...rules], dir);
    expect(check.output).not.toMatch(/FAILED/);
    expect(check.status).toBe(0);
    const test = run('promtool', ['test', 'rules', ...tests], dir);
    expect(test.output).not.toMatch(/FAILED/);
    expect(test.status).toBe(0);
  });

  test('a threshold moved in the rules fails the generated tests', () => {
    const generated = files(VARIANT);
    const [name] = Object.keys(generated).filter((f) => !f.endsWith('.test.yml'));
    // The place-order p99 budget rule compares with 0.25 s; the tests expect it quiet at 0.25 s and firing above.
    // (No request guard follows the comparison: the budgets evaluate minutes with few requests, as CloudWatch does.)
    const moved = generated[name].replace(
      'operation="place-order"} > 0.25',
      'operation="place-order"} > 0.1',
    );
    expect(moved).not.toBe(generated[name]);
    const dir = writeFiles({ ...generated, [name]: moved });
    const test = run('promtool', ['test', 'rules', name.replace('.yml', '.test.yml')], dir);
    expect(test.status).not.toBe(0);
    expect(test.output).toMatch(/FAILED/);
  });
});

const SLO_APP = `
app: shop
services:
  - name: api
    restApi: [{ name: shop-api, stage: prod }]
    slos:
      - { name: availability, objective: 99.8, window: 30d, availability: { resource: shop-api } }
`;

describeWith('promtool')('SLO burn-rate tiers from the model', () => {
  test('a fast burn fires the fast tier (not before its long window fills); a healthy series stays quiet', () => {
    const [plan] = planPrometheusRules(modelFromText(SLO_APP));
    const byName = new Map(plan.sloAlerts.map((a) => [a.alert, a]));
    expect([...byName.keys()]).toEqual(['FastBurn', 'SlowBurn', 'TicketBurn']);
    const fast = byName.get('FastBurn')!;
    // 14.4 x 0.2 %: the fast tier's burn rate times the budget; 1 of 3 five-minute windows, as CloudWatch.
    expect(fast.expr).toContain('>= 0.0288 and count_over_time(');
    const labels = '{service_namespace="shop",service="api"';
    // 1000 requests a minute; 1 of them fails (0.1 %, half the budget) until minute 60, then 100 (10 %).
    const counter = (perMinute: (minute: number) => number) => {
      let total = 0;
      return Array.from({ length: 121 }, (_, m) => (total += m === 0 ? 0 : perMinute(m))).join(' ');
    };
    const series = (burnFrom: number) => [
      {
        series: `http_server_request_duration_seconds_count${labels},http_response_status_code="500"}`,
        values: counter((m) => (m > burnFrom ? 100 : 1)),
      },
      {
        series: `http_server_request_duration_seconds_count${labels},http_response_status_code="200"}`,
        values: counter((m) => (m > burnFrom ? 900 : 999)),
      },
    ];
    const expected = (a: typeof fast) => ({
      exp_labels: { service_namespace: 'shop', ...a.labels },
      exp_annotations: Object.fromEntries(
        Object.entries(a.annotations).map(([k, v]) => [k, v.replaceAll('{{ "{{" }}', '{{')]),
      ),
    });
    const test = {
      rule_files: ['api.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          name: 'a fast burn from minute 60',
          interval: '1m',
          input_series: series(60),
          alert_rule_test: [
            // 15 min at 10 % is 2.5 % over the hour: under 2.88 %.
            { eval_time: '75m', alertname: 'FastBurn', exp_alerts: [] },
            // 20 min at 10 % is 3.3 %, and the last 5 minutes burn: the page.
            { eval_time: '80m', alertname: 'FastBurn', exp_alerts: [expected(fast)] },
          ],
        },
        {
          name: 'a healthy service (0.1 % errors, half the budget)',
          interval: '1m',
          input_series: series(1_000),
          alert_rule_test: ['FastBurn', 'SlowBurn', 'TicketBurn'].map((alertname) => ({
            eval_time: '2h',
            alertname,
            exp_alerts: [],
          })),
        },
      ],
    };
    const dir = writeFiles({ 'api.yml': renderRuleFile(plan.file), 'api.test.yml': renderRuleTests(test) });
    expect(run('promtool', ['check', 'rules', 'api.yml'], dir).status).toBe(0);
    const r = run('promtool', ['test', 'rules', 'api.test.yml'], dir);
    expect(r.output).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);
    // The test can fail: a threshold ten times higher keeps the fast burn quiet.
    const moved = renderRuleFile(plan.file).replaceAll('>= 0.0288', '>= 0.288');
    const dir2 = writeFiles({ 'api.yml': moved, 'api.test.yml': renderRuleTests(test) });
    expect(run('promtool', ['test', 'rules', 'api.test.yml'], dir2).status).not.toBe(0);
  });
});

describeWith('promtool')('a latency SLO between two histogram bounds', () => {
  test('300 ms reads the 250-500 ms bucket (80 % of it over the threshold): 400 ms requests burn, 100 ms ones do not', () => {
    const [plan] = planPrometheusRules(
      modelFromText(`
app: shop
services:
  - name: api
    restApi: [{ name: shop-api, stage: prod, methods: [GET /tasks] }]
    slos:
      - { name: latency, objective: 99, window: 30d, latency: { resource: shop-api-prod-GET-tasks, threshold: 300ms } }
`),
    );
    const fast = plan.sloAlerts.find((a) => a.alert === 'FastBurn' && a.labels.slo === 'latency')!;
    const labels = 'service_namespace="shop",service="api",http_request_method="GET",http_route="/tasks"';
    // 100 requests a minute, every one at `latency` seconds: buckets at or over it count them all.
    const series = (latency: number) => [
      ...[0.1, 0.25, 0.5, '+Inf'].map((le) => ({
        series: `http_server_request_duration_seconds_bucket{${labels},le="${le}"}`,
        values: le === '+Inf' || Number(le) >= latency ? '0+100x60' : '0x60',
      })),
      { series: `http_server_request_duration_seconds_count{${labels}}`, values: '0+100x60' },
    ];
    const test = {
      rule_files: ['api.yml'],
      evaluation_interval: '1m',
      tests: [
        // At 400 ms, 80 % of the 250-500 ms bucket is over 300 ms: 80 % bad, far over 14.4 x 1 %.
        { name: 'slow', interval: '1m', input_series: series(0.4), fire: true },
        { name: 'fast', interval: '1m', input_series: series(0.1), fire: false },
      ].map(({ fire, ...t }) => ({
        ...t,
        alert_rule_test: [
          {
            eval_time: '30m',
            alertname: 'FastBurn',
            exp_alerts: fire
              ? [
                  {
                    exp_labels: {
                      service_namespace: 'shop',
                      http_request_method: 'GET',
                      http_route: '/tasks',
                      ...fast.labels,
                    },
                    exp_annotations: fast.annotations,
                  },
                ]
              : [],
          },
        ],
      })),
    };
    const dir = writeFiles({ 'api.yml': renderRuleFile(plan.file), 'api.test.yml': renderRuleTests(test) });
    const r = run('promtool', ['test', 'rules', 'api.test.yml'], dir);
    expect(r.output).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);
  });
});

describeWith('promtool')('a service too large for one namespace', () => {
  test('continues in more namespaces: recordings stay in the first, every alert is in one, all pass promtool', () => {
    const [whole] = planPrometheusRules(modelFromText(VARIANT));
    // 3,000 bytes: the budgets lost their request-count recordings (they evaluate minutes with few requests), so
    // the variant's file is smaller than when 3,500 split it in three.
    const parts = splitServiceRules(whole, 3_000);
    expect(parts.map((p) => p.namespace)).toEqual(['shop-checkout', 'shop-checkout-2', 'shop-checkout-3']);
    expect(parts.flatMap((p) => p.alerts)).toEqual(whole.alerts);
    const records = (p: (typeof parts)[number]) => p.file.groups[0].rules.filter((r) => 'record' in r).length;
    expect(parts.map(records)).toEqual([records(whole), 0, 0]);
    const files: Record<string, string> = {};
    for (const p of parts) {
      files[`${p.namespace}.yml`] = renderRuleFile(p.file);
      expect(Buffer.byteLength(files[`${p.namespace}.yml`])).toBeLessThanOrEqual(3_000);
      const ruleFiles = p === parts[0] ? [`${p.namespace}.yml`] : ['shop-checkout.yml', `${p.namespace}.yml`];
      files[`${p.namespace}.test.yml`] = renderRuleTests(ruleTestFile(ruleFiles, p.alerts));
    }
    const dir = writeFiles(files);
    const names = parts.map((p) => p.namespace);
    expect(run('promtool', ['check', 'rules', ...names.map((n) => `${n}.yml`)], dir).status).toBe(0);
    const r = run('promtool', ['test', 'rules', ...names.map((n) => `${n}.test.yml`)], dir);
    expect(r.output).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);
  });
});
