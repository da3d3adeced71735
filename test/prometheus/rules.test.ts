/**
 * Rules from the model: which catalog rows have a Prometheus counterpart (and why the others have none), how a
 * planned CloudWatch alarm becomes recording and alerting rules (threshold, M of N, guard, labels, the same words),
 * and the small PromQL writers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { CATALOG, RESOURCE_KINDS } from '../../lib/model/kinds';
import { planTelemetry } from '../../lib/model/plan';
import { planPrometheusRules, RECORDS } from '../../lib/prometheus/rules/plan';
import {
  literalTemplate,
  promDuration,
  promNumber,
  routeRegex,
  selector,
} from '../../lib/prometheus/rules/promql';
import { renderRuleFile } from '../../lib/prometheus/rules/render';
import { isAlertingRule } from '../../lib/prometheus/rules/rule-model';
import { MIRRORED, mirrorScopeOf, NOT_MIRRORED } from '../../lib/prometheus/rules/signals';

const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');
const example = modelFromText(EXAMPLE);
const plans = planPrometheusRules(example);
const api = plans.find((p) => p.service === 'api')!;
const alertOf = (cloudWatchName: string) => api.alerts.find((a) => a.mirrors.name === cloudWatchName)!;

describe('which CloudWatch alarms have a Prometheus counterpart', () => {
  test.each(RESOURCE_KINDS)('every row of %s is mirrored or says why not, never both', (kind) => {
    for (const row of CATALOG[kind].rows) {
      const mirrored = Object.hasOwn(MIRRORED[kind] ?? {}, row.id);
      const reason = NOT_MIRRORED[kind]?.[row.id];
      expect([row.id, mirrored || reason !== undefined]).toEqual([row.id, true]);
      expect([row.id, mirrored && reason !== undefined]).toEqual([row.id, false]);
    }
  });

  test("a kind's mirrored rows select their series alike (an SLO on the kind reads them too)", () => {
    for (const [kind, rows] of Object.entries(MIRRORED)) {
      const scopes = new Set(Object.values(rows ?? {}).map((r) => r.scope));
      expect([kind, [...scopes]]).toEqual([kind, [mirrorScopeOf(kind as keyof typeof CATALOG)]]);
    }
  });

  test('the tables name only rows that exist', () => {
    for (const table of [MIRRORED, NOT_MIRRORED]) {
      for (const [kind, rows] of Object.entries(table)) {
        const ids = CATALOG[kind as keyof typeof CATALOG].rows.map((r) => r.id);
        expect(Object.keys(rows ?? {}).filter((id) => !ids.includes(id))).toEqual([]);
      }
    }
  });
});

describe('rules of the example app', () => {
  test('one namespace per service, recording rules first, then one alert per mirrored alarm', () => {
    expect(plans.map((p) => [p.namespace, p.alerts.length])).toEqual([
      ['sophie-api', 20],
      ['sophie-notifications', 4],
    ]);
    const cloudWatch = planTelemetry(example).services.flatMap((s) => s.alarms);
    const mirrored = cloudWatch.filter((a) =>
      ['latencyBudget', 'serverErrorRate', 'clientErrorRate'].includes(a.labels!.signal),
    );
    expect(plans.flatMap((p) => p.alerts.map((a) => a.mirrors.name)).sort()).toEqual(
      mirrored.map((a) => a.name).sort(),
    );
    const rules = api.file.groups[0].rules;
    const firstAlert = rules.findIndex(isAlertingRule);
    expect(rules.slice(firstAlert).every(isAlertingRule)).toBe(true);
    expect(api.file.groups[0].interval).toBe(60);
  });

  test('a budget: p95 of the operation in seconds, 3 of 5 minutes as a count over an exact 5-step subquery, minutes with few requests evaluated', () => {
    const a = alertOf('sophie-api-sophie-authorizer-latencyBudget-warning');
    // The CloudWatch budget evaluates low-sample minutes (quiet default of issue 14), so no request guard follows.
    expect(a.mirrors.evaluateLowSampleCountPercentile).toBe('evaluate');
    expect(a.minRequests).toBe(0);
    expect(a.rule.expr).toBe(
      'count_over_time((service_operation:http_server_request_duration_seconds:p95_rate1m{service_namespace="sophie",service="api",operation="auth"} > 0.05)[4m59s:1m]) >= 3',
    );
    expect(a.rule.for).toBeUndefined();
    expect(a.rule.labels).toEqual({
      severity: 'warning',
      service: 'api',
      operation: 'auth',
      resource: 'sophie-authorizer',
    });
    expect(alertOf('sophie-api-sophie-authorizer-latencyBudget-critical').threshold).toBe(0.075);
  });

  test('a route budget selects the method and the route template in either framework spelling', () => {
    const a = alertOf('sophie-api-sophie-api-prod-GET-tasks-id-latencyBudget-warning');
    expect(a.rule.expr).toContain(
      'service_route:http_server_request_duration_seconds:p95_rate1m{service_namespace="sophie",service="api",http_request_method="GET",http_route=~"/tasks/(\\\\{id\\\\}|:id)"} > 0.2',
    );
    expect(a.rule.labels.operation).toBe('GET /tasks/{id}');
  });

  test("the guarded error rate: N of N is `for: (N-1) minutes`, the guard is the stage's minRequests", () => {
    const a = alertOf('sophie-api-sophie-api-prod-serverErrorRate-critical');
    expect(a.rule.expr).toBe(
      '100 * service:http_server_requests_5xx:increase1m{service_namespace="sophie",service="api"} / service:http_server_requests:increase1m{service_namespace="sophie",service="api"} > 5' +
        ' and service:http_server_requests:increase1m{service_namespace="sophie",service="api"} >= 10',
    );
    expect(a.rule.for).toBe(120);
    expect(a.rule.labels).toEqual({ severity: 'critical', service: 'api' });
    expect(alertOf('sophie-api-sophie-api-prod-clientErrorRate-warning').rule.for).toBe(240);
  });

  test("the annotations are the CloudWatch alarm's words, not written twice", () => {
    const a = alertOf('sophie-api-sophie-api-prod-serverErrorRate-critical');
    // The CloudWatch description is these parts, joined.
    expect(a.mirrors.description).toBe(
      `${a.rule.annotations.summary}. First: ${a.rule.annotations.first_step}.`,
    );
    expect(a.rule.annotations).toEqual({
      summary:
        'More than 5% of requests to REST API stage sophie-api-prod end in server errors (with at least 10 requests a minute)',
      first_step: 'check the integration (Lambda errors, timeouts) behind the failing routes',
      cloudwatch_alarm: 'sophie-api-sophie-api-prod-serverErrorRate-critical',
    });
    const reminder = plans[1].alerts.find((x) =>
      x.mirrors.name.startsWith('sophie-notifications-sophie-send-reminder-latencyBudget'),
    )!;
    expect(reminder.rule.annotations.runbook_url).toBeUndefined();
  });

  test('each recording rule is written once per service', () => {
    const records = api.file.groups[0].rules
      .filter((r) => !isAlertingRule(r))
      .map((r) => ('record' in r ? r.record : ''));
    expect(new Set(records).size).toBe(records.length);
    expect(records).toContain(RECORDS.quantile('route', 0.95, 60));
    expect(RECORDS.quantile('operation', 0.999, 300)).toBe(
      'service_operation:http_server_request_duration_seconds:p99_9_rate5m',
    );
  });

  test('snapshot of the rules file of the api service', () => {
    expect(renderRuleFile(api.file)).toMatchSnapshot();
  });
});

describe('overrides flow through as they do for CloudWatch', () => {
  const planOf = (services: string, extra = '') =>
    planPrometheusRules(modelFromText(`app: shop\n${extra}services:\n${services}`))[0];

  test('threshold, datapoints, severity, runbook and a disabled row', () => {
    const plan = planOf(`  - name: web
    restApi:
      - name: shop-api
        stage: prod
        minRequests: 50
        alarms:
          serverErrorRate: { threshold: 1, datapoints: 2/4, runbook: 'https://wiki/{{x}}' }
          clientErrorRate: { enabled: false }
`);
    expect(plan.alerts).toHaveLength(1);
    const [a] = plan.alerts;
    expect(a.rule.expr).toMatch(/> 1 and .* >= 50\)\[3m59s:1m\]\) >= 2$/);
    expect(a.rule.annotations.runbook_url).toBe('https://wiki/{{ "{{" }}x}}');
  });

  test('a percentile budget other than p95, and a statistic histograms cannot give', () => {
    const p99 = planOf('  - name: web\n    lambda: [f]\n', 'budgets: { percentile: p99 }\n');
    expect(p99.alerts[0].value).toContain(':p99_rate1m{');
    // CloudWatch's low-sample rule (10 / (1 - 0.99) = 1,000) no longer applies: the budgets evaluate minutes with few
    // requests, so the rule has no request guard either.
    expect(p99.alerts[0].minRequests).toBe(0);
    expect(p99.alerts[0].mirrors.evaluateLowSampleCountPercentile).toBe('evaluate');
    const tm = planOf(
      '  - name: web\n    lambda:\n      - { name: f, alarms: { latencyBudget: { statistic: tm90 } } }\n',
    );
    expect(tm.alerts.map((a) => a.severity)).toEqual(['critical']);
    expect(tm.notes).toEqual([
      'shop-web-f-latencyBudget-warning: statistic tm90 is not a percentile that histogram_quantile computes',
    ]);
  });

  test('services with nothing to mirror get no namespace', () => {
    expect(
      planPrometheusRules(modelFromText('app: shop\nservices:\n  - name: jobs\n    sqs: [q]\n')),
    ).toEqual([]);
  });

  test('two functions with one operation share one alert', () => {
    const plan = planOf(
      '  - name: web\n    lambda:\n      - { name: f1, operation: pay }\n      - { name: f2, operation: pay }\n',
    );
    expect(plan.alerts.map((a) => a.rule.labels.resource)).toEqual(['f1', 'f1']);
  });
});

describe('PromQL writers', () => {
  test('durations, numbers, selectors', () => {
    expect([0, 59, 60, 299, 3600, 14_400, 90_061].map(promDuration)).toEqual([
      '0s',
      '59s',
      '1m',
      '4m59s',
      '1h',
      '4h',
      '1d1h1m1s',
    ]);
    expect(() => promDuration(1.5)).toThrow(/whole number/);
    expect([0.1 + 0.2, 0.075, 5, 1e-7].map(promNumber)).toEqual(['0.3', '0.075', '5', '1e-7']);
    expect(selector({ a: 'x"y', b: { regex: 'p|q' } })).toBe('{a="x\\"y",b=~"p|q"}');
  });

  test('route templates match both framework spellings, and nothing else', () => {
    const re = (path: string) => new RegExp(`^${routeRegex(path)}$`);
    expect(re('/tasks/{id}').test('/tasks/{id}')).toBe(true);
    expect(re('/tasks/{id}').test('/tasks/:id')).toBe(true);
    expect(re('/tasks/{id}').test('/tasks/42')).toBe(false);
    expect(re('/files/{proxy+}').test('/files/a/b')).toBe(true);
    expect(re('/v1.0/a+b').test('/v1x0/a+b')).toBe(false);
  });

  test('text from the model stays literal in annotations (Go templates)', () => {
    expect(literalTemplate('a {{ $value }} b')).toBe('a {{ "{{" }} $value }} b');
  });
});
