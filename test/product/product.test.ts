import { modelFromText } from '../../lib/config/load';
import { journeyMetric, kpiMetric } from '../../lib/model/app-metrics';
import type { MathSource } from '../../lib/model/alarm-spec';
import { journeyAlarms } from '../../lib/model/journeys';
import { planProduct } from '../../lib/model/product';
import { configErrorOf } from '../helpers/config-error';
import { resourcesOfType, synthConfig } from '../helpers/synth';

const BASE = `
app: sophie
alerting:
  critical: { email: [oncall@sophie.example] }
services:
  - name: api
    lambda: [sophie-list-tasks]
`;
const ONBOARDING = `
journeys:
  - name: onboarding
    stages:
      - { name: first-project, target: 5m }
      - { name: first-agent, target: 10m }
      - { name: first-workflow, target: 15m }
      - { name: first-success, target: 30m }
    total: 60m
    alerts: { warning: 75m, critical: 120m, escalation: 180m }
    minSamples: 20
`;
const KPIS = `
kpis:
  - { name: payments, type: successRate, alarm: { below: 95, minAttempts: 30 } }
  - { name: adoption, type: features, features: [export-pdf, share] }
  - { name: actions-per-session, type: value }
  - name: tasks-created
    type: count
    logs: { logGroup: /aws/lambda/sophie-create-task, pattern: '{ $.event = "task_created" }' }
`;
const RUM = `
rum:
  domains: [app.sophie.example]
  events: [task_shared, upgrade_clicked]
`;
const ROUTING = {
  topics: { critical: 'c', warning: 'w', info: 'i' },
  pageVia: 'composite' as const,
};

describe('journeys: config → model', () => {
  test('stage targets add up from the start; levels in seconds; defaults p90, 1h, 2/3', () => {
    const model = modelFromText(BASE + ONBOARDING);
    const j = model.product!.journeys[0];
    expect(j.stages.map((s) => [s.name, s.stepSeconds, s.targetSeconds])).toEqual([
      ['first-project', 300, 300],
      ['first-agent', 600, 900],
      ['first-workflow', 900, 1800],
      ['first-success', 1800, 3600],
    ]);
    expect(j).toMatchObject({
      totalSeconds: 3600,
      levels: { warning: 4500, critical: 7200, escalation: 10800 },
      statistic: 'p90',
      minSamples: 20,
      period: 3600,
      datapoints: [2, 3],
    });
  });

  test('the total defaults to the stages’ sum, the warning to the total', () => {
    const j = modelFromText(
      `${BASE}journeys:\n  - name: checkout\n    stages: [{ name: paid, target: 2m }, { name: shipped, target: 3m }]\n`,
    ).product!.journeys[0];
    expect(j.totalSeconds).toBe(300);
    expect(j.levels).toEqual({ warning: 300 });
  });

  test.each([
    ['total: 50m', 'journeys[0].total: total 50m is shorter than the stages'],
    [
      'alerts: { warning: 75m, critical: 70m }',
      'journeys[0].alerts.critical: critical 70m must be at least warning',
    ],
    ['alerts: { warning: 50m }', 'journeys[0].alerts.warning: warning 50m must be at least the total'],
    ['alerts: { warning: 75m, escalation: 180m }', 'escalation needs a critical level below it'],
    ['statistic: p42', 'statistic must be one of p50, p75, p90, p95, p99'],
    ['period: 90s', 'period 90s must be a whole number of minutes'],
    ['period: 1d\n    datapoints: 3/8', 'CloudWatch evaluates at most 168 hours'],
  ])('%s is refused with its path', (line, message) => {
    const text = `${BASE}journeys:\n  - name: onboarding\n    stages: [{ name: a, target: 30m }, { name: b, target: 30m }]\n    ${line}\n`;
    expect(configErrorOf(text)).toContain(message);
  });

  test('names are the runtime’s dimension values: unique, lower case', () => {
    expect(
      configErrorOf(
        `${BASE}journeys:\n  - name: a\n    stages: [{ name: s, target: 1m }, { name: s, target: 1m }]\n`,
      ),
    ).toContain('journeys[0].stages[1].name: stage "s" is already defined at journeys[0].stages[0]');
    expect(
      configErrorOf(`${BASE}journeys:\n  - name: On Boarding\n    stages: [{ name: s, target: 1m }]\n`),
    ).toContain('journeys[0].name: must match');
  });

  test('a service named product would collide with the product stack', () => {
    expect(configErrorOf(`${BASE}  - name: product\n    lambda: [x]\n`)).toContain('reserved');
  });
});

describe('journey alarms', () => {
  const j = modelFromText(BASE + ONBOARDING).product!.journeys[0];
  const alarms = journeyAlarms('sophie', j, ROUTING);

  test('warning and critical per stage at the levels’ share of its target; three levels on the total', () => {
    expect(alarms.map((a) => [a.name, a.threshold])).toEqual([
      ['sophie-product-onboarding.first-project-journeyStage-warning', 375],
      ['sophie-product-onboarding.first-project-journeyStage-critical', 600],
      ['sophie-product-onboarding.first-agent-journeyStage-warning', 1125],
      ['sophie-product-onboarding.first-agent-journeyStage-critical', 1800],
      ['sophie-product-onboarding.first-workflow-journeyStage-warning', 2250],
      ['sophie-product-onboarding.first-workflow-journeyStage-critical', 3600],
      ['sophie-product-onboarding.first-success-journeyTotal-warning', 4500],
      ['sophie-product-onboarding.first-success-journeyTotal-critical', 7200],
      ['sophie-product-onboarding.first-success-journeyTotalEscalation-critical', 10800],
    ]);
  });

  test('each watches the contract’s JourneyStageTime p90, judged only with minSamples users', () => {
    const total = alarms[6];
    expect(total.source).toEqual({
      type: 'math',
      expression: 'IF(users >= 20, time, 0)',
      label: 'p90 JourneyStageTime to first-success (s)',
      period: 3600,
      metrics: [
        {
          id: 'time',
          metric: journeyMetric('sophie', 'onboarding', 'journeyStageTime', 'first-success'),
          stat: 'p90',
          period: 3600,
        },
        {
          id: 'users',
          metric: journeyMetric('sophie', 'onboarding', 'journeyStageTime', 'first-success'),
          stat: 'SampleCount',
          period: 3600,
        },
      ],
    });
    expect(journeyMetric('sophie', 'onboarding', 'journeyStageTime', 'first-success')).toEqual({
      namespace: 'cdk-telemetry/sophie',
      metricName: 'JourneyStageTime',
      dimensions: { Journey: 'onboarding', Stage: 'first-success' },
    });
    expect(total).toMatchObject({
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: 'notBreaching',
    });
  });

  test('critical pages directly (no service composite); escalation goes to the critical topic unless routed', () => {
    const byName = new Map(alarms.map((a) => [a.name.replace('sophie-product-onboarding.', ''), a.actions]));
    expect(byName.get('first-success-journeyTotal-warning')!.alarm).toEqual(['w']);
    expect(byName.get('first-success-journeyTotal-critical')).toEqual({
      alarm: ['c'],
      ok: ['c'],
      insufficientData: [],
    });
    expect(byName.get('first-success-journeyTotalEscalation-critical')!.alarm).toEqual(['c']);
    const routed = journeyAlarms('sophie', j, { ...ROUTING, escalation: 'e' });
    expect(routed.find((a) => a.labels!.signal === 'journeyTotalEscalation')!.actions.alarm).toEqual(['e']);
  });
});

describe('kpis', () => {
  test('the success rate alarm is the contract’s KpiSuccess Average in percent, judged with minAttempts', () => {
    const model = modelFromText(BASE + KPIS);
    const [rate] = planProduct('sophie', model.product!, ROUTING);
    expect(rate).toMatchObject({
      name: 'sophie-product-payments-successRate-warning',
      comparison: 'LessThanThreshold',
      threshold: 95,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      actions: { alarm: ['w'] },
      source: { type: 'math', expression: 'IF(attempts >= 30, 100 * ok, 100)', period: 900 },
    });
    const src = rate.source as MathSource;
    expect(src.metrics.map((m) => [m.metric, m.stat])).toEqual([
      [kpiMetric('sophie', 'payments', 'kpiSuccess'), 'Average'],
      [kpiMetric('sophie', 'payments', 'kpiSuccess'), 'SampleCount'],
    ]);
    expect(kpiMetric('sophie', 'payments', 'kpiSuccess')).toEqual({
      namespace: 'cdk-telemetry/sophie',
      metricName: 'KpiSuccess',
      dimensions: { Kpi: 'payments' },
    });
  });

  test.each([
    ['{ name: a, type: features }', 'kpis[0].features: type features: list the features'],
    [
      '{ name: a, type: count, alarm: { below: 90 } }',
      'kpis[0].alarm: an alarm on a drop is for type successRate',
    ],
    [
      `{ name: a, type: value, logs: { logGroup: /x, pattern: 'ERROR' } }`,
      'kpis[0].logs: a KPI from logs counts matching events',
    ],
    [
      `{ name: a, type: count, logs: { logGroup: 'bad group', pattern: x } }`,
      'logGroup must be a log group name',
    ],
    ['{ name: a, type: successRate, alarm: { below: 120 } }', 'kpis[0].alarm.below'],
  ])('%s is refused', (entry, message) => {
    expect(configErrorOf(`${BASE}kpis:\n  - ${entry}\n`)).toContain(message);
  });

  test('log KPIs are bounded (a metric filter each)', () => {
    const many = Array.from(
      { length: 21 },
      (_, i) => `  - { name: k${i}, type: count, logs: { logGroup: /g, pattern: x } }`,
    );
    expect(configErrorOf(`${BASE}kpis:\n${many.join('\n')}\n`)).toContain('21 KPIs from logs: at most 20');
  });
});

describe('product stack', () => {
  test('alarms, the funnel dashboard, and an escalation topic when alerting.escalation is set', () => {
    const text =
      BASE.replace('alerting:\n', 'alerting:\n  escalation: { email: [cto@sophie.example] }\n') +
      ONBOARDING +
      KPIS +
      RUM;
    const { stacks, template } = synthConfig(text);
    const product = template(stacks.product!);
    const alarms = Object.values(resourcesOfType(product, 'AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(10);
    const rate = alarms.find(
      (a) => a.Properties!.AlarmName === 'sophie-product-payments-successRate-warning',
    )!;
    expect(rate.Properties).toMatchObject({ ComparisonOperator: 'LessThanThreshold', Threshold: 95 });
    const filters = Object.values(resourcesOfType(product, 'AWS::Logs::MetricFilter'));
    expect(filters.map((f) => f.Properties)).toEqual([
      {
        LogGroupName: '/aws/lambda/sophie-create-task',
        FilterName: 'sophie-kpi-tasks-created',
        FilterPattern: '{ $.event = "task_created" }',
        MetricTransformations: [
          {
            MetricNamespace: 'cdk-telemetry/sophie',
            MetricName: 'Kpi.tasks-created',
            MetricValue: '1',
            DefaultValue: 0,
            Unit: 'Count',
          },
        ],
      },
    ]);
    const escalation = alarms.find((a) => String(a.Properties!.AlarmName).includes('Escalation'))!;
    expect(JSON.stringify(escalation.Properties!.AlarmActions)).toContain('sophie-telemetry-escalation');
    const board = Object.values(resourcesOfType(product, 'AWS::CloudWatch::Dashboard'));
    expect(board).toHaveLength(1);
    const body = JSON.stringify(board[0].Properties!.DashboardBody);
    for (const piece of [
      'users per stage (funnel)',
      'conversion from start',
      'JourneyStarted',
      'JourneyStageReached',
      '100 * FILL(r3, 0) / started',
      'FeatureUsed',
      'export-pdf',
      'KpiValue',
      'Kpi.tasks-created',
      'alarm below 95 %',
      'SessionCount',
      'PageViewCount',
      'RUM/CustomMetrics/sophie',
      'upgrade_clicked',
    ])
      expect(body).toContain(piece);
    const core = template(stacks.core);
    const topics = Object.values(resourcesOfType(core, 'AWS::SNS::Topic')).map(
      (t) => t.Properties!.TopicName,
    );
    expect(topics).toContain('sophie-telemetry-escalation');
    const subs = Object.values(resourcesOfType(core, 'AWS::SNS::Subscription')).map(
      (s) => s.Properties!.Endpoint,
    );
    expect(subs).toContain('cto@sophie.example');
  });

  test('RUM: the app monitor, custom events as metrics, a guest role that may only send events to it', () => {
    const { stacks, template } = synthConfig(BASE + RUM);
    const t = template(stacks.product!);
    const [monitor] = Object.values(resourcesOfType(t, 'AWS::RUM::AppMonitor'));
    expect(monitor.Properties).toMatchObject({
      Name: 'sophie-web',
      DomainList: ['app.sophie.example'],
      CwLogEnabled: false,
      CustomEvents: { Status: 'ENABLED' },
      AppMonitorConfiguration: {
        AllowCookies: true,
        EnableXRay: false,
        SessionSampleRate: 0.1,
        Telemetries: ['errors', 'performance', 'http'],
        MetricDestinations: [
          {
            Destination: 'CloudWatch',
            MetricDefinitions: [
              {
                Name: 'task_shared',
                Namespace: 'sophie',
                EventPattern: '{"event_type":["task_shared"]}',
                UnitLabel: 'Count',
              },
              {
                Name: 'upgrade_clicked',
                Namespace: 'sophie',
                EventPattern: '{"event_type":["upgrade_clicked"]}',
                UnitLabel: 'Count',
              },
            ],
          },
        ],
      },
    });
    const cfg = monitor.Properties!.AppMonitorConfiguration as Record<string, unknown>;
    expect(cfg.IdentityPoolId).toEqual({ Ref: expect.stringMatching(/IdentityPool/) });
    const [pool] = Object.values(resourcesOfType(t, 'AWS::Cognito::IdentityPool'));
    expect(pool.Properties).toMatchObject({ AllowUnauthenticatedIdentities: true, AllowClassicFlow: false });
    const policies = Object.values(resourcesOfType(t, 'AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (p) => (p.Properties!.PolicyDocument as { Statement: unknown[] }).Statement,
    );
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements[0])).toContain('rum:PutRumEvents');
    expect(JSON.stringify(statements[0])).toContain(':appmonitor/sophie-web');
    expect(Object.keys(resourcesOfType(t, 'AWS::Cognito::IdentityPoolRoleAttachment'))).toHaveLength(1);
  });

  test('RUM with a resource policy instead of Cognito', () => {
    const { stacks, template } = synthConfig(
      `${BASE}rum:\n  domains: ['*.sophie.example']\n  authorization: resourcePolicy\n`,
    );
    const t = template(stacks.product!);
    expect(Object.keys(resourcesOfType(t, 'AWS::Cognito::IdentityPool'))).toHaveLength(0);
    const [monitor] = Object.values(resourcesOfType(t, 'AWS::RUM::AppMonitor'));
    expect(JSON.stringify(monitor.Properties!.ResourcePolicy)).toContain('rum:PutRumEvents');
    expect(monitor.Properties!.CustomEvents).toBeUndefined();
  });

  test('no journeys, no product stack and no escalation topic', () => {
    const { stacks, template } = synthConfig(BASE);
    expect(stacks.product).toBeUndefined();
    const topics = Object.values(resourcesOfType(template(stacks.core), 'AWS::SNS::Topic'));
    expect(topics).toHaveLength(3);
  });
});
