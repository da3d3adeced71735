/**
 * SLOs as Application Signals objectives (`AWS::ApplicationSignals::ServiceLevelObjective`), from telemetry.yaml and
 * from the constructs (ServiceMonitoring, Telemetry.watch): synthesized with `testApp()`, so every template also
 * passes CloudFormation's validator (`@aws-cdk/core:validateAgainstDefaultRules`) and cdk-nag.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Alerting } from '../../lib/alerting/alerting';
import { ServiceMonitoring } from '../../lib/alarms/service-monitoring';
import {
  applicationSignalsSlo,
  lookBackWindows,
  MAX_LOOK_BACK_MINUTES,
} from '../../lib/model/slo-application-signals';
import { BURN_RATE_TIERS, type SloModel } from '../../lib/model/slo';
import { Telemetry } from '../../lib/watch/telemetry';
import { sloYaml } from '../helpers/slo-config';
import { CDK_CONTEXT, resourcesOfType, synthConfig, testApp } from '../helpers/synth';
import { userFunction } from '../helpers/user-function';

const SLO_TYPE = 'AWS::ApplicationSignals::ServiceLevelObjective';

describe('the objective of one SLO', () => {
  const slo: SloModel = {
    name: 'latency',
    description: 'GET /items within 300 ms',
    objective: 0.99,
    window: 28 * 86_400,
    sli: {
      type: 'percentRank',
      metric: {
        namespace: 'AWS/ApiGateway',
        metricName: 'Latency',
        dimensions: { ApiName: 'a', Stage: 'p' },
      },
      thresholdMs: 300,
      events: 'requests answered within 300 ms',
    },
    origin: 'test',
  };

  test('has a burn-rate metric for every window the alarms watch, within Application Signals limits', () => {
    const windows = BURN_RATE_TIERS.flatMap((t) => [t.shortWindow / 60, t.longWindow / 60]);
    expect(lookBackWindows()).toEqual([...new Set(windows)].sort((a, b) => a - b));
    expect(Math.max(...lookBackWindows())).toBeLessThanOrEqual(MAX_LOOK_BACK_MINUTES);
  });

  test('latency counts the requests over the threshold as bad, of all samples, over the same window', () => {
    const p = applicationSignalsSlo('shop', 'api', slo);
    expect(p.name).toBe('shop-api-latency');
    expect(p.name).toMatch(/^[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]$/);
    expect(p.goal).toEqual({
      attainmentGoal: 99,
      interval: { rollingInterval: { duration: 28, durationUnit: 'DAY' } },
    });
    const metric = (p.requestBasedSli as { requestBasedSliMetric: Record<string, unknown> })
      .requestBasedSliMetric;
    const stat = (q: unknown) => (q as Array<{ metricStat: { stat: string } }>)[0].metricStat.stat;
    expect(stat(metric.totalRequestCountMetric)).toBe('SampleCount');
    expect(stat((metric.monitoredRequestCountMetric as { badCountMetric: unknown }).badCountMetric)).toBe(
      'TC(300:)',
    );
  });
});

describe('telemetry.yaml: applicationSignals.slos', () => {
  const { stacks, template } = synthConfig(
    sloYaml({ top: 'applicationSignals: { slos: true }', latency: '        applicationSignals: false\n' }),
  );
  const t = template(stacks.monitoring[0]);
  const objectives = resourcesOfType(t, SLO_TYPE);

  test('makes an objective for each SLO that does not opt out, beside its alarms (validated)', () => {
    expect(Object.values(objectives).map((o) => o.Properties!.Name)).toEqual(['shop-api-availability']);
    const p = Object.values(objectives)[0].Properties!;
    expect(p.Goal).toEqual({
      AttainmentGoal: 99.9,
      Interval: { RollingInterval: { Duration: 30, DurationUnit: 'DAY' } },
    });
    expect(p.BurnRateConfigurations).toEqual(
      // the tiers' windows: 1 h and 5 min, 6 h and 30 min, 1 day and 2 h (the quiet ticket tier)
      [5, 30, 60, 120, 360, 1440].map((m) => ({ LookBackWindowMinutes: m })),
    );
    expect(p.RequestBasedSli).toEqual({
      RequestBasedSliMetric: {
        TotalRequestCountMetric: [
          {
            Id: 'valid',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApiGateway',
                MetricName: 'Count',
                Dimensions: [
                  { Name: 'ApiName', Value: 'shop-api' },
                  { Name: 'Stage', Value: 'prod' },
                ],
              },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: true,
          },
        ],
        MonitoredRequestCountMetric: {
          BadCountMetric: [
            expect.objectContaining({
              Id: 'bad',
              MetricStat: expect.objectContaining({
                Metric: expect.objectContaining({ MetricName: '5XXError' }),
              }),
            }),
          ],
        },
      },
    });
  });

  test('the burn-rate alarms stay as they were', () => {
    const alarms = Object.values(resourcesOfType(t, 'AWS::CloudWatch::CompositeAlarm')).map(
      (a) => a.Properties!.AlarmName,
    );
    expect(alarms).toEqual(
      expect.arrayContaining(['shop-api-availability-fastBurn-critical'].map(expect.stringContaining)),
    );
  });

  test('is off by default, and an SLO can switch it on alone', () => {
    const off = synthConfig(sloYaml());
    expect(resourcesOfType(off.template(off.stacks.monitoring[0]), SLO_TYPE)).toEqual({});
    const one = synthConfig(sloYaml({ latency: '        applicationSignals: true\n' }));
    const names = Object.values(resourcesOfType(one.template(one.stacks.monitoring[0]), SLO_TYPE)).map(
      (o) => o.Properties!.Name,
    );
    expect(names).toEqual(['shop-api-latency']);
  });
});

/** A user stack with a function, for the constructs. */
function userStack(app: App) {
  const stack = new Stack(app, 'Checkout');
  const fn = userFunction(stack, 'Pay');
  return { stack, fn };
}

describe('SLOs from the constructs', () => {
  test('ServiceMonitoring takes SLOs whose indicator is a construct of the service', () => {
    const app = testApp();
    const { stack, fn } = userStack(app);
    const alerting = new Alerting(stack, 'Alerting', { topicNamePrefix: 'shop-alerts' });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
      app: 'shop',
      alerting,
      applicationSignals: { slos: true },
      service: {
        name: 'checkout',
        lambda: [fn],
        slos: [
          { name: 'availability', objective: 99.9, availability: { resource: fn } },
          {
            name: 'fast',
            objective: 99,
            latency: { resource: fn, threshold: '500ms' },
            applicationSignals: false,
          },
        ],
      },
    });
    app.synth();
    expect(monitoring.model.slos?.map((s) => [s.name, s.applicationSignals ?? false])).toEqual([
      ['availability', true],
      ['fast', false],
    ]);
    const t = Template.fromStack(stack);
    // Three tier composites per SLO, plus the service composite.
    expect(monitoring.compositeSpecs.filter((c) => c.labels?.kind === 'slo').map((c) => c.name)).toHaveLength(
      6,
    );
    t.resourceCountIs(SLO_TYPE, 1);
    t.hasResourceProperties(SLO_TYPE, { Name: 'shop-checkout-availability' });
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'shop-checkout-availability-fastBurn-critical',
    });
  });

  test('ServiceMonitoring names the field when the indicator is not a resource of the service', () => {
    const app = new App({ context: CDK_CONTEXT });
    const { stack, fn } = userStack(app);
    const other = new Stack(app, 'Other');
    const alerting = new Alerting(stack, 'Alerting', { topicNamePrefix: 'shop-alerts' });
    expect(
      () =>
        new ServiceMonitoring(stack, 'Monitoring', {
          app: 'shop',
          alerting,
          service: {
            name: 'checkout',
            lambda: [fn],
            slos: [{ name: 'availability', objective: 99.9, availability: { resource: other } }],
          },
        }),
    ).toThrow(/service\.slos\[0\]\.availability\.resource: Other is not a resource cdk-telemetry monitors/);
    expect(
      () =>
        new ServiceMonitoring(stack, 'Monitoring2', {
          app: 'shop',
          alerting,
          service: {
            name: 'checkout',
            lambda: [fn],
            slos: [{ name: 'availability', objective: 80, availability: { resource: fn } }],
          },
        }),
    ).toThrow(/service\.slos\[0\]\.objective: write the objective in percent, from 90 to 99\.999/);
  });

  test('Telemetry.watch takes SLOs by service name, with constructs as indicators', () => {
    const app = testApp();
    const { fn } = userStack(app);
    const watch = Telemetry.watch(app, {
      app: 'shop',
      applicationSignals: { slos: true },
      slos: { checkout: [{ name: 'availability', objective: 99.5, availability: { resource: fn } }] },
    });
    const assembly = app.synth();
    const service = watch.result!.model.services.find((s) => s.name === 'checkout')!;
    expect(service.slos?.map((s) => [s.name, s.objective, s.applicationSignals])).toEqual([
      ['availability', 0.995, true],
    ]);
    const t = assembly.getStackByName('shop-telemetry-checkout').template as Parameters<
      typeof resourcesOfType
    >[0];
    expect(Object.values(resourcesOfType(t, SLO_TYPE)).map((o) => o.Properties!.Name)).toEqual([
      'shop-checkout-availability',
    ]);
  });

  test('Telemetry.watch names a service it did not find', () => {
    const app = new App({ context: CDK_CONTEXT });
    const { fn } = userStack(app);
    Telemetry.watch(app, {
      app: 'shop',
      slos: { billing: [{ name: 'availability', objective: 99.5, availability: { resource: fn } }] },
    });
    expect(() => app.synth()).toThrow(
      /Telemetry\.watch: slos\["billing"\]: no service of that name was found \(services: checkout\)/,
    );
  });
});
