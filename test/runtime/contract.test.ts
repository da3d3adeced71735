/** The metrics contract: its documentation is the module, and the settings round-trip. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APP_METRICS,
  RUNTIME_SETTINGS_MAX_BYTES,
  budgetFor,
  decodeRuntimeSettings,
  encodeRuntimeSettings,
  eventName,
  functionMetric,
  journeyMetric,
  kpiMetric,
  type RuntimeSettings,
} from '../../lib/model/app-metrics';

test('lib/runtime/README.md lists exactly the metrics of the contract', () => {
  const readme = readFileSync(join(__dirname, '../../lib/runtime/README.md'), 'utf8');
  const table = readme.split('<!-- app-metrics:start -->')[1].split('<!-- app-metrics:end -->')[0];
  const rows = table
    .trim()
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim().replace(/\\\*/g, '*')),
    );
  expect(rows).toEqual(
    Object.values(APP_METRICS).map((m) => [
      `\`${m.name}\``,
      m.unit,
      m.dimensions.join(', ') || '(none)',
      m.values,
      m.statistic,
      m.writtenBy,
      m.description,
    ]),
  );
});

test('metric references for alarms use the runtime’s names and dimensions', () => {
  expect(functionMetric('sophie', 'auth.login', 'duration')).toEqual({
    namespace: 'cdk-telemetry/sophie',
    metricName: 'Duration',
    dimensions: { Module: 'auth', Function: 'login' },
  });
  expect(functionMetric('sophie', 'GET /tasks', 'errors', 'api').dimensions).toEqual({
    Module: 'api',
    Function: 'GET /tasks',
  });
  expect(journeyMetric('sophie', 'onboarding', 'journeyStageTime', 'first-task').dimensions).toEqual({
    Journey: 'onboarding',
    Stage: 'first-task',
  });
  expect(journeyMetric('sophie', 'onboarding', 'journeyStarted').dimensions).toEqual({
    Journey: 'onboarding',
  });
  expect(kpiMetric('sophie', 'adoption', 'featureUsed', 'export').dimensions).toEqual({
    Kpi: 'adoption',
    Feature: 'export',
  });
  expect(eventName('a.b.c')).toEqual({ module: 'a', function: 'b.c', key: 'a.b.c' });
  expect(eventName('.x', 'svc')).toEqual({ module: 'svc', function: '.x', key: 'svc..x' });
});

const settings: RuntimeSettings = {
  app: 'sophie',
  service: 'api',
  budgets: {
    defaultMs: 200,
    operations: new Map([
      ['auth', 50],
      ['GET /tasks', 150],
      ['__proto__', 10],
    ]),
  },
  redact: [{ name: 'TaskShareToken', regex: 'tsk_[A-Za-z0-9]{32}' }],
};

test('settings: encode, decode, the same settings; __proto__ is an operation like any other', () => {
  const text = encodeRuntimeSettings(settings);
  expect(decodeRuntimeSettings(text)).toEqual(settings);
  expect(decodeRuntimeSettings(JSON.parse(text))).toEqual(settings);
  expect(budgetFor(settings.budgets, '__proto__')).toBe(10);
  expect(budgetFor(settings.budgets, 'constructor')).toBe(200);
  expect(encodeRuntimeSettings(settings, ['auth'])).toBe(
    '{"v":1,"app":"sophie","service":"api","budget":200,"ops":[["auth",50]],"redact":[["TaskShareToken","tsk_[A-Za-z0-9]{32}"]]}',
  );
});

test('budget lookup: exact name, then module, then default', () => {
  const b = settings.budgets;
  expect(budgetFor(b, 'auth.login')).toBe(50);
  expect(budgetFor(b, ['auth', 'login'])).toBe(50);
  expect(budgetFor(b, 'GET /tasks')).toBe(150);
  expect(budgetFor(b, 'tasks.list')).toBe(200);
  expect(budgetFor(b, 'authz.check')).toBe(200);
});

test('settings too large for a Lambda variable: a message that says what to do', () => {
  const many = new Map(Array.from({ length: 200 }, (_, i) => [`operation-${i}`, 100] as const));
  expect(() => encodeRuntimeSettings({ ...settings, budgets: { defaultMs: 200, operations: many } })).toThrow(
    `CDK_TELEMETRY_RUNTIME would be 4401 bytes (at most ${RUNTIME_SETTINGS_MAX_BYTES}; Lambda allows 4 KB for all variables): pass the operations this function runs`,
  );
});

test.each([
  ['not json', 'the settings are not JSON'],
  ['[]', 'the settings are not a JSON object'],
  ['{"v":1}', 'the settings have no "app"'],
  ['{"v":1,"app":"a","budget":-1}', '"budget" must be a number of milliseconds'],
  ['{"v":1,"app":"a","budget":200,"ops":[["x","50"]]}', '"ops" must be a list of [operation, ms] pairs'],
  ['{"v":1,"app":"a","budget":200,"redact":[["x"]]}', '"redact" must be a list of [name, regex] pairs'],
  ['{"v":1,"app":"a","service":"","budget":200}', '"service" must be a non-empty string'],
])('a bad settings value is a sentence, not an exception: %s', (text, problem) => {
  expect(decodeRuntimeSettings(text)).toBe(problem);
});
