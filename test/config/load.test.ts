import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText, parseConfig } from '../../lib/config/load';
import { configErrorOf } from '../helpers/config-error';

const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');

/** A small valid config; tests change one thing at a time. */
const base = (services: string, extra = '') => `app: demo
${extra}
services:
${services}
`;

const errorOf = configErrorOf;

describe('the example telemetry.yaml', () => {
  const model = modelFromText(EXAMPLE);

  test('describes sophie: a REST API, Lambda functions (one for auth), a table, a queue with a DLQ', () => {
    expect(model.app).toBe('sophie');
    const kinds = model.services.flatMap((s) => s.resources.map((r) => r.kind));
    expect(kinds).toEqual(
      expect.arrayContaining(['restApi', 'restApiRoute', 'lambda', 'dynamodb', 'sqs', 'sqsDlq']),
    );
    expect(model.alerting.channels.critical.https[0]).toMatch(/^https:\/\/events\.pagerduty\.com\//);
    expect(model.alerting.channels.critical.email).toEqual(['oncall@sophie.example']);
    expect(model.alerting.channels.warning.slack).toEqual([
      { workspace: 'T04SOPHIE1', channel: 'C04ALERTS01' },
    ]);
    expect(model.tags).toEqual({ team: 'tasks', 'cost-center': '4410', environment: 'production' });
  });

  test('budgets: 200 ms by default, 50 ms for auth, critical at 150 %', () => {
    const api = model.services.find((s) => s.name === 'api')!;
    const auth = api.resources.find((r) => r.label === 'sophie-authorizer')!;
    expect(auth.params).toMatchObject({ budget: 50, budgetCritical: 75, timeout: 3000 });
    const list = api.resources.find((r) => r.label === 'sophie-list-tasks')!;
    expect(list.params).toMatchObject({ budget: 200, budgetCritical: 300, timeout: 10000 });
    const login = api.resources.find((r) => r.kind === 'restApiRoute' && r.dimensions.Resource === '/login')!;
    expect(login.params.budget).toBe(50);
    expect(login.dimensions).toEqual({
      ApiName: 'sophie-api',
      Stage: 'prod',
      Resource: '/login',
      Method: 'POST',
    });
  });

  test('per-resource overrides reach the model', () => {
    const reminder = model.services[1].resources.find((r) => r.label === 'sophie-send-reminder')!;
    expect(reminder.overrides.errors).toEqual({
      severity: 'critical',
      runbook: 'https://wiki.sophie.example/runbooks/reminders',
    });
  });
});

describe('bad configs stop with one line that names the place', () => {
  test('empty file', () => {
    expect(errorOf('')).toBe(
      'telemetry.yaml: the file is empty: start from the example telemetry.yaml in the README',
    );
    expect(errorOf('# only a comment\n')).toMatch(/the file is empty/);
    expect(errorOf('  # indented\r\n\r\n#\tand CRLF\r\n')).toMatch(/the file is empty/);
  });

  test('a long comment header is read at once', () => {
    const start = Date.now();
    expect(parseConfig(`${'# header\n'.repeat(200)}${base('  - name: api')}`).app).toBe('demo');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  test('YAML syntax error, with line and column', () => {
    expect(errorOf('app: demo\nservices: [\n  - name: x\n').split('\n')).toEqual([
      'telemetry.yaml:3:3: YAML syntax error: Block collections are not allowed within flow collections',
      'telemetry.yaml:4:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(errorOf('app: demo\napp: again\nservices: []\n')).toBe(
      'telemetry.yaml:2:1: YAML syntax error: Map keys must be unique',
    );
  });

  test('unknown key, with the allowed keys', () => {
    const text = base('  - name: api\n  - name: jobs\n    lambda:\n      - nmae: x');
    expect(errorOf(text).split('\n')).toEqual([
      'telemetry.yaml:7:9: services[1].lambda[0]: unknown key "nmae" (allowed: name, label, operation, timeout, concurrencyQuota, minRequests, insights, async, stream, alarms)',
      'telemetry.yaml:7:9: services[1].lambda[0].name: required (a string)',
    ]);
  });

  test('unknown alarm id in overrides', () => {
    const text = base(
      '  - name: api\n    lambda:\n      - name: f\n        alarms:\n          erors: { threshold: 2 }',
    );
    expect(errorOf(text)).toMatch(
      /^telemetry\.yaml:8:11: services\[0\]\.lambda\[0\]\.alarms: unknown key "erors" \(allowed: errorRate, errors, throttles, duration, concurrency, latencyBudget, latencyBudgetCritical, memoryUtilization, asyncEventsDropped, deadLetterErrors, destinationDeliveryFailures, asyncEventAge, iteratorAge\)$/,
    );
  });

  test('wrong type', () => {
    expect(errorOf(base('  - name: api\n    lambda: my-function'))).toBe(
      'telemetry.yaml:5:5: services[0].lambda: expected a list, got the string "my-function"',
    );
    expect(errorOf(base('  - name: api\n    lambda: [42]'))).toBe(
      'telemetry.yaml:5:14: services[0].lambda[0]: expected a string or a mapping, got a number (42)',
    );
  });

  test('missing required field', () => {
    expect(errorOf(base('  - name: api\n    restApi:\n      - name: x'))).toBe(
      'telemetry.yaml:6:9: services[0].restApi[0].stage: required (a string)',
    );
    expect(errorOf('app: demo\n')).toBe('telemetry.yaml:1:1: services: required (a list)');
  });

  test('bad duration like "200 ms"', () => {
    const text = base('  - name: api\n    lambda: [f]', 'budgets:\n  default: 200 ms');
    expect(errorOf(text)).toBe(
      'telemetry.yaml:3:3: budgets.default: "200 ms" is not a duration: write a number and a unit with no space, e.g. 200ms, 5s, 1m, 6h, 30d (units: ms, s, m, h, d)',
    );
  });

  test('budget above the default is refused unless allowed', () => {
    const refused = base('  - name: api\n    lambda: [report]', 'budgets:\n  operations:\n    report: 2s');
    expect(errorOf(refused)).toBe(
      'telemetry.yaml:4:5: budgets.operations.report: budget 2s is above the default 200ms; the plan discourages it: write { budget: 2s, allowAboveDefault: true } to allow it',
    );
    const allowed = base(
      '  - name: api\n    lambda: [report]',
      'budgets:\n  operations:\n    report: { budget: 2s, allowAboveDefault: true }',
    );
    expect(modelFromText(allowed).services[0].resources[0].params.budget).toBe(2000);
  });

  test('budget for an operation that does not exist', () => {
    const text = base('  - name: api\n    lambda: [f]', 'budgets:\n  operations:\n    auht: 50ms');
    expect(errorOf(text)).toBe(
      'telemetry.yaml:4:5: budgets.operations.auht: no Lambda function or API route has operation "auht" (known: f)',
    );
  });

  test('duplicate names', () => {
    expect(errorOf(base('  - name: api\n  - name: api'))).toBe(
      'telemetry.yaml:5:5: services[1].name: service "api" is already defined at services[0]',
    );
    expect(errorOf(base('  - name: api\n    lambda: [f]\n  - name: jobs\n    lambda: [g, f]'))).toBe(
      'telemetry.yaml:7:17: services[1].lambda[1]: Lambda function "f" is already monitored at services[0].lambda[0]',
    );
    expect(
      errorOf(
        base('  - name: api\n    restApi:\n      - { name: a, stage: prod, methods: [GET /x, GET /x] }'),
      ),
    ).toMatch(
      /^telemetry\.yaml:6:\d+: services\[0\]\.restApi\[0\]\.methods\[1\]: "GET \/x" is listed twice \(also at methods\[0\]\)$/,
    );
  });

  test('bad enum values list what is allowed', () => {
    const text = base(
      '  - name: api\n    lambda:\n      - name: f\n        alarms: { errors: { severity: urgent } }',
    );
    expect(errorOf(text)).toBe(
      'telemetry.yaml:7:29: services[0].lambda[0].alarms.errors.severity: the string "urgent" is not allowed (allowed: "critical", "warning", "info")',
    );
  });

  test('bad alarm period and datapoints', () => {
    const period = base(
      '  - name: api\n    lambda:\n      - name: f\n        alarms: { errors: { period: 45s } }',
    );
    expect(errorOf(period)).toBe(
      'telemetry.yaml:7:29: services[0].lambda[0].alarms.errors.period: period 45s is not allowed: use 10s, 30s or a multiple of 1m',
    );
    const dp = base(
      '  - name: api\n    lambda:\n      - name: f\n        alarms: { errors: { datapoints: 6/5 } }',
    );
    expect(errorOf(dp)).toMatch(/alarms\.errors\.datapoints: datapoints "6\/5": M must be between 1 and N$/);
  });

  test('several problems: every one, one line each', () => {
    expect(errorOf('app: Demo\nservices: []\n').split('\n')).toEqual([
      'telemetry.yaml:1:1: app: must match ^[a-z][a-z0-9-]{0,23}$ (lower case, digits and "-", at most 24)',
      'telemetry.yaml:2:1: services: list at least one service',
    ]);
  });

  test('parseConfig applies defaults', () => {
    const config = parseConfig(base('  - name: api', 'budgets: {}'));
    expect(config.budgets).toEqual({ default: '200ms', percentile: 'p95', critical: '150%' });
  });
});
