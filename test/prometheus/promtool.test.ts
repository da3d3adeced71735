/**
 * Every generated rules file passes `promtool check rules`, and the unit tests generated for each alert (breach
 * fires after M of N periods, not one period earlier; below the threshold stays quiet; too little traffic stays
 * quiet) pass `promtool test rules`. A rules file with one threshold moved fails them: the tests can fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { burnRateRules } from '../../lib/prometheus/rules/burn-rate';
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
    const moved = generated[name].replace('> 0.25 and', '> 0.1 and');
    expect(moved).not.toBe(generated[name]);
    const dir = writeFiles({ ...generated, [name]: moved });
    const test = run('promtool', ['test', 'rules', name.replace('.yml', '.test.yml')], dir);
    expect(test.status).not.toBe(0);
    expect(test.output).toMatch(/FAILED/);
  });
});

describeWith('promtool')('SLO burn-rate tiers, ready for the model', () => {
  test('the default tiers render rules promtool accepts, quiet before the burn and firing on it', () => {
    const { recordings, alerts } = burnRateRules({
      name: 'availability',
      app: 'shop',
      service: 'api',
      objective: 0.99,
    });
    expect(alerts.map((a) => [a.labels.severity, a.labels.window])).toEqual([
      ['critical', '1h'],
      ['critical', '6h'],
      ['warning', '1d'],
      ['warning', '3d'],
    ]);
    const rules = renderRuleFile({
      groups: [{ name: 'slo', interval: 60, rules: [...recordings, ...alerts] }],
    });
    // A third of the requests fail from minute 10: every tier's windows (shorter than its length in a fresh
    // workspace) see more than factor x 1 % errors, so all four fire; none before.
    const labels = '{service_namespace="shop",service="api"';
    const test = {
      rule_files: ['slo.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          name: 'a third of the requests fail',
          interval: '1m',
          input_series: [
            {
              series: `http_server_request_duration_seconds_count${labels},http_response_status_code="200"}`,
              values: '0+60x40',
            },
            {
              series: `http_server_request_duration_seconds_count${labels},http_response_status_code="500"}`,
              values: '0x10 0+60x30',
            },
          ],
          alert_rule_test: [
            { eval_time: '9m', alertname: 'ErrorBudgetBurn', exp_alerts: [] },
            {
              eval_time: '20m',
              alertname: 'ErrorBudgetBurn',
              exp_alerts: alerts.map(({ labels: { severity, window } }) => ({
                exp_labels: {
                  service_namespace: 'shop',
                  service: 'api',
                  severity,
                  slo: 'availability',
                  window,
                },
                exp_annotations: alerts.find((a) => a.labels.window === window)!.annotations,
              })),
            },
          ],
        },
      ],
    };
    const dir = writeFiles({ 'slo.yml': rules, 'slo.test.yml': renderRuleTests(test) });
    expect(run('promtool', ['check', 'rules', 'slo.yml'], dir).status).toBe(0);
    const r = run('promtool', ['test', 'rules', 'slo.test.yml'], dir);
    expect(r.output).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);
  });
});

describeWith('promtool')('a service too large for one namespace', () => {
  test('continues in more namespaces: recordings stay in the first, every alert is in one, all pass promtool', () => {
    const [whole] = planPrometheusRules(modelFromText(VARIANT));
    const parts = splitServiceRules(whole, 3_500);
    expect(parts.map((p) => p.namespace)).toEqual(['shop-checkout', 'shop-checkout-2', 'shop-checkout-3']);
    expect(parts.flatMap((p) => p.alerts)).toEqual(whole.alerts);
    const records = (p: (typeof parts)[number]) => p.file.groups[0].rules.filter((r) => 'record' in r).length;
    expect(parts.map(records)).toEqual([records(whole), 0, 0]);
    const files: Record<string, string> = {};
    for (const p of parts) {
      files[`${p.namespace}.yml`] = renderRuleFile(p.file);
      expect(Buffer.byteLength(files[`${p.namespace}.yml`])).toBeLessThanOrEqual(3_500);
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
