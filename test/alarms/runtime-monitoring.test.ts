import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Alerting } from '../../lib/alerting/alerting';
import { ServiceMonitoring } from '../../lib/alarms/service-monitoring';
import { RUNTIME_ENV_WARNING } from '../../lib/alarms/runtime-env';
import {
  APP_DIMENSIONS,
  APP_METRICS,
  appNamespace,
  budgetFor,
  decodeRuntimeSettings,
  RUNTIME_SETTINGS_ENV,
  type RuntimeSettings,
} from '../../lib/model/app-metrics';
import { runtimeBudgetAlarms } from '../../lib/model/runtime-budget-alarms';
import { TelemetryPropsError } from '../../lib/util/errors';
import { testApp } from '../helpers/synth';
import { userFunction } from '../helpers/user-function';

function fixture(
  runtime: ConstructorParameters<typeof ServiceMonitoring>[2]['runtime'],
  extraByName = false,
) {
  const app = testApp();
  const stack = new Stack(app, 'Api');
  const fns = ['Tasks', 'Auth'].map((id) => {
    return userFunction(stack, id, { environment: { KEEP: 'me' } });
  });
  // The monitoring lives in another stack: the function names are cross-stack references.
  const monitoringStack = new Stack(app, 'Monitoring');
  const alerting = new Alerting(monitoringStack, 'Alerting', { topicNamePrefix: 'sophie-alerts' });
  const monitoring = new ServiceMonitoring(monitoringStack, 'Api', {
    app: 'sophie',
    alerting,
    budgets: { default: '200ms', operations: { auth: '50ms', 'GET /tasks': '150ms' } },
    service: {
      name: 'api',
      lambda: [
        { name: fns[0].functionName, label: 'tasks', operation: 'GET /tasks' },
        { name: fns[1].functionName, label: 'auth', operation: 'auth' },
        ...(extraByName ? [{ name: 'legacy-fn', label: 'legacy' }] : []),
      ],
    },
    runtime,
  });
  app.synth();
  return { app, stack, monitoringStack, monitoring };
}

describe('ServiceMonitoring runtime: budgets reach the code', () => {
  const { stack, monitoringStack, monitoring } = fixture({ operations: ['auth.login', 'GET /tasks'] }, true);
  const template = Template.fromStack(stack);

  test('every watched function construct carries the settings, other variables kept', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(fns)).toHaveLength(2);
    for (const fn of Object.values(fns)) {
      const vars = fn.Properties.Environment.Variables;
      expect(vars.KEEP).toBe('me');
      const settings = decodeRuntimeSettings(vars[RUNTIME_SETTINGS_ENV]);
      if (typeof settings === 'string') throw new Error(settings);
      expect(settings.app).toBe('sophie');
      expect(settings.service).toBe('api');
      expect(settings.budgets.defaultMs).toBe(200);
      expect([...settings.budgets.operations]).toEqual([
        ['auth', 50],
        ['GET /tasks', 150],
      ]);
    }
  });

  test('a function referenced by a plain name is reported, not changed', () => {
    const ours = Annotations.fromStack(monitoringStack).findWarning(
      '*',
      Match.stringLikeRegexp(RUNTIME_SETTINGS_ENV),
    );
    expect(ours).toHaveLength(1);
    expect(String(ours[0].entry.data)).toContain('legacy-fn');
    expect(String(ours[0].entry.data)).toContain(RUNTIME_ENV_WARNING);
  });

  test('the runtime alarms read exactly the contract: namespace, metric, dimensions, statistic, budget', () => {
    const alarms = Template.fromStack(monitoringStack).findResources('AWS::CloudWatch::Alarm');
    const runtime = Object.values(alarms).filter((a) => a.Properties.Namespace === appNamespace('sophie'));
    expect(runtime).toHaveLength(4); // 2 operations × warning + critical
    const budgets = {
      defaultMs: 200,
      operations: new Map([
        ['auth', 50],
        ['GET /tasks', 150],
      ]),
    };
    const seen = runtime.map((a) => {
      const p = a.Properties;
      expect(p.MetricName).toBe(APP_METRICS.duration.name);
      expect(p.ExtendedStatistic).toBe(APP_METRICS.duration.statistic);
      expect(p.Unit).toBeUndefined();
      const dims = Object.fromEntries(
        (p.Dimensions as Array<{ Name: string; Value: string }>).map((d) => [d.Name, d.Value]),
      );
      expect(Object.keys(dims).sort()).toEqual([...APP_METRICS.duration.dimensions].sort());
      const op = `${dims[APP_DIMENSIONS.module]}.${dims[APP_DIMENSIONS.function]}`;
      const name = dims[APP_DIMENSIONS.module] === 'api' ? dims[APP_DIMENSIONS.function] : op;
      const budget = budgetFor(budgets, name);
      const critical = String(p.AlarmName).endsWith('-critical');
      expect(p.Threshold).toBe(critical ? budget * 1.5 : budget);
      expect(p.EvaluateLowSampleCountPercentile).toBe('ignore');
      return `${op}:${p.Threshold}`;
    });
    expect(seen.sort()).toEqual([
      'api.GET /tasks:150',
      'api.GET /tasks:225',
      'auth.login:50',
      'auth.login:75',
    ]);
  });

  test('the runtime critical alarms page through the service composite', () => {
    const critical = monitoring.alarmSpecs.filter(
      (a) => a.labels?.kind === 'appRuntime' && a.severity === 'critical',
    );
    expect(critical).toHaveLength(2);
    const top = monitoring.compositeSpecs.find((c) => c.labels?.resource === 'service');
    const rule = JSON.stringify(top?.rule);
    for (const a of critical) expect(rule).toContain(a.name);
  });
});

describe('ServiceMonitoring runtime options', () => {
  test('default operations are budgets.operations; setEnvironment: false leaves the functions alone', () => {
    const { stack, monitoring } = fixture({ setEnvironment: false });
    const ops = monitoring.alarmSpecs
      .filter((a) => a.labels?.kind === 'appRuntime' && a.severity === 'warning')
      .map((a) => (a.source.type === 'metric' ? a.source.metric.dimensions[APP_DIMENSIONS.function] : ''));
    expect(ops.sort()).toEqual(['GET /tasks', 'auth']);
    for (const fn of Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')))
      expect(fn.Properties.Environment.Variables[RUNTIME_SETTINGS_ENV]).toBeUndefined();
  });

  test('with SLOs: the tier composites stay and their window alarms stay out of the service composite', () => {
    const stack = new Stack(testApp(), 'Slo');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
    });
    const alerting = new Alerting(stack, 'Alerting', { topicNamePrefix: 'sophie-alerts' });
    const watch = (id: string, runtime?: { operations: string[] }) =>
      new ServiceMonitoring(stack, id, {
        app: 'sophie',
        alerting,
        service: {
          name: 'api',
          lambda: [{ name: fn.functionName, label: 'tasks' }],
          slos: [{ name: 'availability', objective: 99.9, availability: { resource: 'tasks' } }],
        },
        runtime,
      });
    const without = watch('Without');
    const withRuntime = watch('With', { operations: ['tasks.list'] });
    const slo = (m: ServiceMonitoring) => m.compositeSpecs.filter((c) => c.labels?.kind === 'slo');
    expect(slo(without).length).toBeGreaterThan(0);
    expect(slo(withRuntime)).toEqual(slo(without));
    const top = withRuntime.compositeSpecs[withRuntime.compositeSpecs.length - 1];
    expect(top.labels?.resource).toBe('service');
    const rule = JSON.stringify(top.rule);
    for (const a of withRuntime.alarmSpecs) {
      if (a.severity !== 'critical') continue;
      if (a.labels?.kind === 'slo') expect(rule).not.toContain(`"${a.name}"`);
      else expect(rule).toContain(`"${a.name}"`);
    }
  });

  test('a bad operation name fails with the construct path and the field', () => {
    expect(() => fixture({ operations: [''] })).toThrow(TelemetryPropsError);
    expect(() => fixture({ operations: [''] })).toThrow(/Monitoring\/Api.*runtime\.operations/);
  });
});

describe('runtimeBudgetAlarms', () => {
  const routing = {
    topics: { critical: 'c', warning: 'w', info: 'i' },
    pageVia: 'each',
  } as const;
  const budgets = {
    defaultMs: 200,
    criticalFactor: 2,
    percentile: 'p99',
    operations: new Map([['auth', 50]]),
  };

  test('follows budgets.percentile and critical, deduplicates, and bounds the count', () => {
    const alarms = runtimeBudgetAlarms({
      app: 'sophie',
      service: 'api',
      budgets,
      operations: ['auth.login', 'auth.login', 'export'],
      routing,
    });
    expect(
      alarms.map((a) => [a.source.type === 'metric' && a.source.stat, a.threshold, a.actions.alarm]),
    ).toEqual([
      ['p99', 50, ['w']],
      ['p99', 100, ['c']],
      ['p99', 200, ['w']],
      ['p99', 400, ['c']],
    ]);
    expect(() =>
      runtimeBudgetAlarms({
        app: 'a',
        service: 's',
        budgets,
        operations: Array.from({ length: 101 }, (_, i) => `m.f${i}`),
        routing,
      }),
    ).toThrow(/at most 100/);
  });

  test('descriptions say the percentile, the budget and what to do first', () => {
    const [warning, critical] = runtimeBudgetAlarms({
      app: 'sophie',
      service: 'api',
      budgets,
      operations: ['auth.login'],
      routing,
    });
    expect(warning.description).toBe(
      'p99 Duration of auth.login (written by cdk-telemetry/runtime) is above 50 ms, its budget. First: compare with the last deployment and look for slow segments in X-Ray.',
    );
    expect(critical.description).toBe(
      'p99 Duration of auth.login (written by cdk-telemetry/runtime) is above 100 ms, 2 times its 50 ms budget. First: roll back the last deployment if it coincides, then look for slow segments in X-Ray.',
    );
  });

  test('settings for the code and the alarm use the same budget lookup', () => {
    const s: RuntimeSettings = { app: 'a', budgets, redact: [] };
    expect(budgetFor(s.budgets, 'auth.login')).toBe(50);
    expect(budgetFor(s.budgets, 'tasks.list')).toBe(200);
  });
});
