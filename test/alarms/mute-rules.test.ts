import { isoDuration, planMuteRules, MUTE_RULE_MAX_ALARMS } from '../../lib/model/maintenance';
import type { AlarmSpec } from '../../lib/model/alarm-spec';
import { resourcesOfType, synthConfig } from '../helpers/synth';
import { configErrorOf } from '../helpers/config-error';

const CONFIG = `
app: shop
alerting:
  critical: { email: [oncall@shop.example] }
  warning: { email: [team@shop.example] }
services:
  - name: api
    lambda: [shop-list, shop-create]
  - name: jobs
    sqs: [shop-jobs]
maintenance:
  - name: deploys
    description: Tuesday evening deployments
    schedule: cron(0 22 ? * TUE *)
    duration: 90m
    timezone: Europe/Berlin
    services: [api]
  - name: migration
    schedule: at(2026-12-24T18:00)
    duration: 2d
    severities: [warning]
`;

describe('maintenance windows', () => {
  const synth = synthConfig(CONFIG);
  const rulesOf = (i: number) =>
    Object.values(
      resourcesOfType(synth.template(synth.stacks.monitoring[i]), 'AWS::CloudWatch::AlarmMuteRule'),
    ).map(
      (r) =>
        r.Properties as {
          Name: string;
          Rule: { Schedule: Record<string, string> };
          MuteTargets: { AlarmNames: string[] };
        },
    );

  it('renders AWS::CloudWatch::AlarmMuteRule in the stack of the alarms it mutes, with the schedule as given', () => {
    const api = rulesOf(0);
    expect(api.map((r) => r.Name)).toEqual(['shop-deploys-api', 'shop-migration-api']);
    expect(api[0].Rule.Schedule).toEqual({
      Expression: 'cron(0 22 ? * TUE *)',
      Duration: 'PT1H30M',
      Timezone: 'Europe/Berlin',
    });
    expect(api[1].Rule.Schedule).toEqual({ Expression: 'at(2026-12-24T18:00)', Duration: 'P2D' });
    // The deploy window is the api's only: the jobs stack mutes only for the migration.
    expect(rulesOf(1).map((r) => r.Name)).toEqual(['shop-migration-jobs']);
  });

  it('mutes the alarms that notify, of the chosen services and severities', () => {
    const api = rulesOf(0);
    const t = synth.template(synth.stacks.monitoring[0]);
    const notifying = [
      ...Object.values(resourcesOfType(t, 'AWS::CloudWatch::Alarm')),
      ...Object.values(resourcesOfType(t, 'AWS::CloudWatch::CompositeAlarm')),
    ].filter((a) => ((a.Properties!.AlarmActions as unknown[]) ?? []).length > 0);
    expect(api[0].MuteTargets.AlarmNames.sort()).toEqual(
      notifying.map((a) => a.Properties!.AlarmName as string).sort(),
    );
    expect(api[1].MuteTargets.AlarmNames.every((n) => n.includes('-warning'))).toBe(true);
    expect(api[1].MuteTargets.AlarmNames.length).toBeGreaterThan(0);
  });

  it('splits a window over more than 100 alarms into several rules', () => {
    const alarm = (i: number) =>
      ({
        name: `a-${i}`,
        severity: 'warning',
        actions: { alarm: ['t'], ok: [], insufficientData: [] },
        labels: { service: 's' },
      }) as unknown as AlarmSpec;
    const rules = planMuteRules(
      'app',
      [{ name: 'w', schedule: 'cron(0 0 * * ? *)', durationSeconds: 60, origin: 'maintenance[0]' }],
      Array.from({ length: 250 }, (_, i) => alarm(i)),
    );
    expect(rules.map((r) => [r.name, r.alarmNames.length])).toEqual([
      ['app-w-1', MUTE_RULE_MAX_ALARMS],
      ['app-w-2', MUTE_RULE_MAX_ALARMS],
      ['app-w-3', 50],
    ]);
  });

  it.each([
    [60, 'PT1M'],
    [5_400, 'PT1H30M'],
    [86_400 * 15, 'P15D'],
    [90_061, 'P1DT1H1M1S'],
  ])('%s s is %s', (s, iso) => expect(isoDuration(s)).toBe(iso));

  it.each([
    ['schedule: every tuesday', 'maintenance[0].schedule: schedule must be cron('],
    ['duration: 16d', 'maintenance[0].duration'],
    ['timezone: Mars/Olympus', 'maintenance[0].timezone: timezone "Mars/Olympus" is not an IANA time zone'],
    ['services: [billing]', 'maintenance[0].services[0]: "billing" is not a service of this app'],
  ])('refuses %s with one line naming the field', (line, message) => {
    const fields = new Map([
      ['schedule', 'cron(0 22 ? * TUE *)'],
      ['duration', '1h'],
    ]);
    const [key, ...value] = line.split(': ');
    fields.set(key, value.join(': '));
    const text = `app: shop\nservices:\n  - name: api\n    lambda: [f]\nmaintenance:\n  - name: deploys\n${[
      ...fields,
    ]
      .map(([k, v]) => `    ${k}: ${v}\n`)
      .join('')}`;
    expect(configErrorOf(text)).toContain(message);
  });
});
