/**
 * Every generated rules file passes `promtool check rules`, and the unit tests generated for each alert (breach
 * fires after M of N periods, not one period earlier; below the threshold stays quiet; too little traffic stays
 * quiet) pass `promtool test rules`. A rules file with one threshold moved fails them: the tests can fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { planPrometheusRules } from '../../lib/prometheus/rules/plan';
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
