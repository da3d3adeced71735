import { App, Stack } from 'aws-cdk-lib';
import { renderAlarm } from '../../lib/alarms/render';
import { modelFromText } from '../../lib/config/load';
import { TelemetryPropsError } from '../../lib/util/errors';
import { planTelemetry, PlanError } from '../../lib/model/plan';
import type { AlarmSpec } from '../../lib/model/alarm-spec';
import { replayAlarms } from '../../lib/tools/evaluate/replay';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { resourcesOfType, synthConfig } from '../helpers/synth';

const CONFIG = `
app: shop
alerting:
  warning: { email: [team@shop.example] }
services:
  - name: jobs
    sqs:
      - name: shop-jobs
        alarms:
          backlog: { anomaly: { band: 2 } }
          messagesSent: { enabled: true, anomaly: { band: 3 } }
`;

describe('anomaly detection bands', () => {
  const synth = synthConfig(CONFIG);
  const alarms = Object.values(
    resourcesOfType(synth.template(synth.stacks.monitoring[0]), 'AWS::CloudWatch::Alarm'),
  ).map((a) => a.Properties as Record<string, unknown>);
  const named = (part: string) => alarms.find((a) => String(a.AlarmName).includes(part))!;

  it('renders the row as ANOMALY_DETECTION_BAND metric math with the band as threshold metric', () => {
    const backlog = named('backlog');
    expect(backlog).toMatchObject({
      ComparisonOperator: 'GreaterThanUpperThreshold',
      ThresholdMetricId: 'band',
      Metrics: [
        {
          Id: 'm1',
          MetricStat: { Metric: { MetricName: 'ApproximateNumberOfMessagesVisible' }, Stat: 'Average' },
          ReturnData: true,
        },
        { Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: true },
      ],
    });
    expect(backlog.Threshold).toBeUndefined();
  });

  it('alarms below the band for a traffic drop (a LessThan row)', () => {
    expect(named('messagesSent')).toMatchObject({
      ComparisonOperator: 'LessThanLowerThreshold',
      Metrics: [{ Id: 'm1' }, { Expression: 'ANOMALY_DETECTION_BAND(m1, 3)' }],
    });
    expect(String(named('messagesSent').AlarmDescription)).toContain('anomaly band (3 standard deviations)');
  });

  it('reads back as a band alarm, and the replay says it cannot evaluate it (not a silent skip)', () => {
    const read = readCloudAssembly(synth.assembly.directory);
    const specs = read.stacks
      .flatMap((st) => st.alarms.map((a) => a.spec))
      .filter((s): s is AlarmSpec => s.type === 'metric');
    const backlog = specs.find((s) => s.name.includes('backlog'))!;
    expect(backlog).toMatchObject({ comparison: 'GreaterThanUpperThreshold', threshold: 2 });
    const [replay] = replayAlarms([backlog], { series: () => undefined } as never, { from: 0, to: 3_600 });
    expect(replay.skipped).toMatch(/anomaly detection band, which is not replayed/);
    expect(replay.pages).toBe(0);
  });

  it('renderAlarm refuses a band on a math alarm with the construct path (a TelemetryPropsError)', () => {
    const model = modelFromText('app: shop\nservices:\n  - name: api\n    lambda: [f]\n');
    const plan = planTelemetry(model, {
      topics: { critical: 'c', warning: 'w', info: 'i' },
      pageVia: 'each',
    });
    const rate = plan.services[0].alarms.find(
      (a): a is AlarmSpec => a.type === 'metric' && a.source.type === 'math',
    )!;
    const stack = new Stack(new App(), 'Shop');
    const banded: AlarmSpec = { ...rate, comparison: 'GreaterThanUpperThreshold' };
    expect(() => renderAlarm(stack, banded, (t) => t)).toThrow(TelemetryPropsError);
    expect(() => renderAlarm(stack, banded, (t) => t)).toThrow(
      /^Shop: shop-api-f-errorRate-critical: an anomaly band needs an alarm on one metric$/,
    );
  });

  it('refuses a band on a rate (math) alarm, naming the field', () => {
    const model = modelFromText(
      'app: shop\nservices:\n  - name: api\n    lambda:\n      - name: f\n        alarms:\n          errorRate: { anomaly: { band: 2 } }\n',
    );
    expect(() =>
      planTelemetry(model, { topics: { critical: 'c', warning: 'w', info: 'i' }, pageVia: 'composite' }),
    ).toThrow(PlanError);
    expect(() =>
      planTelemetry(model, { topics: { critical: 'c', warning: 'w', info: 'i' }, pageVia: 'composite' }),
    ).toThrow(/alarms\.errorRate\.anomaly.*not to a rate/);
  });
});
