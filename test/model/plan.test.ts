import { modelFromText } from '../../lib/config/load';
import { renderAlarmRule } from '../../lib/model/alarm-rule';
import { ruleAlarms, type AlarmSpec } from '../../lib/model/alarm-spec';
import { alarmName, safeLabel } from '../../lib/model/naming';
import { planService, planTelemetry, PlanError, type AlertRouting } from '../../lib/model/plan';

const routing: AlertRouting = {
  topics: { critical: 'crit', warning: 'warn', info: 'info' },
  pageVia: 'composite',
};

const plan = (yaml: string, r: AlertRouting = routing) => planTelemetry(modelFromText(yaml), r);
const alarmsOf = (yaml: string, r?: AlertRouting) => plan(yaml, r).services[0].alarms;
const find = (alarms: readonly AlarmSpec[], signal: string, severity?: string) =>
  alarms.find((a) => a.labels?.signal === signal && (!severity || a.severity === severity))!;

describe('planning alarms from the model', () => {
  test('zero configuration gives the recommended set', () => {
    const alarms = alarmsOf(
      'app: a\nservices:\n  - name: s\n    lambda: [f]\n    sqs: [q]\n    dynamodb: [t]\n',
    );
    expect(alarms.map((a) => `${a.labels?.kind}.${a.labels?.signal}.${a.severity}`)).toEqual([
      'lambda.errorRate.critical',
      'lambda.errors.warning',
      'lambda.throttles.warning',
      'lambda.duration.warning',
      'lambda.concurrency.warning',
      'lambda.latencyBudget.warning',
      'lambda.latencyBudget.critical',
      'dynamodb.readThrottles.warning',
      'dynamodb.writeThrottles.warning',
      'dynamodb.systemErrors.warning',
      'sqs.messageAge.warning',
      'sqs.backlog.warning',
      'sqs.inFlight.warning',
    ]);
    expect(find(alarms, 'duration').threshold).toBe(2700); // 90 % of Lambda's default 3 s timeout
    expect(find(alarms, 'messageAge').threshold).toBe(450); // 1.5 x 5 min
    expect(find(alarms, 'inFlight').threshold).toBe(108000);
  });

  test('every override reaches the spec', () => {
    const alarms = alarmsOf(`app: a
services:
  - name: s
    lambda:
      - name: f
        alarms:
          errors: { threshold: 3, severity: critical, period: 5m, datapoints: 2/4, missing: breaching, runbook: https://x.example/r }
          throttles: { enabled: false }
          latencyBudget: { statistic: p99 }
`);
    const errors = find(alarms, 'errors');
    expect(errors).toMatchObject({
      threshold: 3,
      severity: 'critical',
      evaluationPeriods: 4,
      datapointsToAlarm: 2,
      treatMissingData: 'breaching',
      name: 'a-s-f-errors-critical',
      source: { period: 300 },
    });
    expect(errors.description).toMatch(/ Runbook: https:\/\/x\.example\/r$/);
    expect(find(alarms, 'throttles')).toBeUndefined();
    expect(find(alarms, 'latencyBudget', 'warning').source).toMatchObject({ stat: 'p99' });
  });

  test('kind defaults apply to every resource, and a resource still overrides them', () => {
    const alarms = alarmsOf(`app: a
defaults:
  sqs: { alarms: { backlog: { threshold: 10 } } }
services:
  - name: s
    sqs:
      - q1
      - { name: q2, alarms: { backlog: { threshold: 20 } } }
`);
    expect(alarms.filter((a) => a.labels?.signal === 'backlog').map((a) => a.threshold)).toEqual([10, 20]);
  });

  test('budgets.percentile changes the statistic of every budget alarm', () => {
    const alarms = alarmsOf(
      'app: a\nbudgets: { percentile: p99 }\nservices:\n  - name: s\n    lambda: [f]\n',
    );
    expect(find(alarms, 'latencyBudget', 'critical').source).toMatchObject({ stat: 'p99' });
  });

  test('FIFO queues alarm against the in-flight quota, 120,000 since AWS raised it from 20,000', () => {
    const alarms = alarmsOf('app: a\nservices:\n  - name: s\n    sqs: [jobs.fifo]\n');
    expect(find(alarms, 'inFlight').threshold).toBe(108_000);
  });

  test('composite mode: critical alarms are silent and one composite pages on ALARM and OK', () => {
    const p = plan('app: a\nservices:\n  - name: s\n    lambda: [f, g]\n').services[0];
    for (const a of p.alarms.filter((x) => x.severity === 'critical'))
      expect(a.actions).toEqual({ alarm: [], ok: [], insufficientData: [] });
    for (const a of p.alarms.filter((x) => x.severity === 'warning'))
      expect(a.actions).toEqual({ alarm: ['warn'], ok: [], insufficientData: [] });
    expect(p.composites).toHaveLength(1);
    expect(p.composites[0]).toMatchObject({
      name: 'a-s-service-anyCritical-critical',
      actions: { alarm: ['crit'], ok: ['crit'] },
    });
    expect(ruleAlarms(p.composites[0].rule)).toHaveLength(4);
  });

  test('each mode: every critical alarm pages, no composite', () => {
    const p = plan('app: a\nservices:\n  - name: s\n    lambda: [f]\n', { ...routing, pageVia: 'each' })
      .services[0];
    expect(find(p.alarms, 'errorRate').actions).toEqual({
      alarm: ['crit'],
      ok: ['crit'],
      insufficientData: [],
    });
    expect(p.composites).toEqual([]);
  });

  test('over 100 critical alarms, the composite groups them and stays within CloudWatch limits', () => {
    const fns = Array.from({ length: 120 }, (_, i) => `fn-${i}`).join(', ');
    const p = plan(`app: a\nservices:\n  - name: s\n    lambda: [${fns}]\n`).services[0];
    expect(p.alarms.filter((a) => a.severity === 'critical')).toHaveLength(240);
    const top = p.composites[p.composites.length - 1];
    expect(top.name).toBe('a-s-service-anyCritical-critical');
    const groups = p.composites.slice(0, -1);
    expect(groups).toHaveLength(3);
    for (const g of groups) {
      expect(ruleAlarms(g.rule).length).toBeLessThanOrEqual(100);
      expect(g.actions.alarm).toEqual([]);
    }
    expect(ruleAlarms(top.rule)).toEqual(groups.map((g) => g.name));
    const children = new Set(groups.flatMap((g) => ruleAlarms(g.rule)));
    expect(children.size).toBe(240);
    for (const c of p.composites) expect(renderAlarmRule(c.rule).length).toBeLessThanOrEqual(10240);
  });

  test('two resources that would share alarm names are refused with advice', () => {
    const model = modelFromText('app: a\nservices:\n  - name: s\n    lambda: [x]\n');
    const dup = {
      ...model.services[0],
      resources: [model.services[0].resources[0], model.services[0].resources[0]],
    };
    expect(() => planService('a', dup, routing)).toThrow(PlanError);
    expect(() => planService('a', dup, routing)).toThrow(
      /two alarms are named "a-s-x-errorRate-critical".*give one resource a distinct `label`/,
    );
  });
});

describe('names', () => {
  test('follow <app>-<service>-<resource>-<signal>-<severity>', () => {
    expect(alarmName({ app: 'a', service: 's', resource: 'fn', signal: 'errors', severity: 'warning' })).toBe(
      'a-s-fn-errors-warning',
    );
  });

  test('stay within 255 characters, unique and stable, when a resource name is very long', () => {
    const long = 'r'.repeat(300);
    const n1 = alarmName({
      app: 'app',
      service: 'svc',
      resource: long,
      signal: 'errors',
      severity: 'critical',
    });
    const n2 = alarmName({
      app: 'app',
      service: 'svc',
      resource: long + 'x',
      signal: 'errors',
      severity: 'critical',
    });
    expect(n1.length).toBe(255);
    expect(n1).toMatch(/^app-svc-r+-[0-9a-f]{8}-errors-critical$/);
    expect(n1).not.toBe(n2);
    expect(
      alarmName({ app: 'app', service: 'svc', resource: long, signal: 'errors', severity: 'critical' }),
    ).toBe(n1);
  });

  test('labels keep only characters CloudWatch and CloudFormation handle well', () => {
    expect(safeLabel('GET /tasks/{id}')).toBe('GET-tasks-id');
    expect(safeLabel('///')).toBe('x');
  });
});
