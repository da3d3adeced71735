/**
 * The alert manager definition: amtool accepts the configuration, routes each severity to its topic, renders the
 * message templates; AMP's wrapper holds the same configuration; AMP's limits are checked.
 */
import { parse } from 'yaml';
import { SEVERITIES } from '../../lib/model/alarm-spec';
import { alertManagerProblems, DEFAULT_ALERT_MANAGER } from '../../lib/model/prometheus';
import {
  alertManagerConfig,
  alertTemplates,
  renderAlertManagerConfig,
  renderAlertManagerDefinition,
  ALERT_TEMPLATE_NAME,
  type AlertManagerConfigOptions,
} from '../../lib/prometheus/alert-manager';
import { describeWith, run, writeFiles } from '../helpers/prom-tools';

const OPTIONS: AlertManagerConfigOptions = {
  app: 'shop',
  settings: DEFAULT_ALERT_MANAGER,
  topicArn: (s) => `arn:aws:sns:eu-west-1:123456789012:shop-telemetry-${s}`,
  region: 'eu-west-1',
};

/** The configuration and its template file, as amtool reads them. */
const amtoolFiles = () =>
  writeFiles({
    'alertmanager.yml': renderAlertManagerConfig({ ...OPTIONS, templatePath: 'cdk_telemetry.tmpl' }),
    'cdk_telemetry.tmpl': alertTemplates('shop'),
    'firing.json': JSON.stringify({
      receiver: 'shop-critical',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'LatencyBudget', severity: 'critical', service: 'api', operation: 'checkout' },
          annotations: {
            summary: 'p95 duration of Lambda function shop-pay is above 300 ms, far past its budget',
            first_step: 'roll back the last deployment if it coincides',
            runbook_url: 'https://wiki.shop.example/runbooks/pay',
            cloudwatch_alarm: 'shop-api-shop-pay-latencyBudget-critical',
          },
          startsAt: '2025-01-01T10:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
        },
      ],
      groupLabels: { service: 'api' },
      commonLabels: {
        alertname: 'LatencyBudget',
        severity: 'critical',
        service: 'api',
        operation: 'checkout',
      },
      commonAnnotations: {},
      externalURL: 'https://aps-workspaces.eu-west-1.amazonaws.com',
    }),
  });

describe('the alert manager configuration', () => {
  const config = alertManagerConfig(OPTIONS) as {
    route: { group_by: string[]; routes: Array<{ receiver: string; repeat_interval: string }> };
    inhibit_rules: unknown[];
    receivers: Array<{ name: string; sns_configs: Array<Record<string, unknown>> }>;
  };

  test('one SNS receiver per severity, to its topic, signed for the Region; resolved notifications for critical only', () => {
    expect(
      config.receivers.map((r) => [r.name, r.sns_configs[0].topic_arn, r.sns_configs[0].send_resolved]),
    ).toEqual(SEVERITIES.map((s) => [`shop-${s}`, OPTIONS.topicArn(s), s === 'critical']));
    for (const r of config.receivers) {
      expect(r.sns_configs[0].sigv4).toEqual({ region: 'eu-west-1' });
      expect(Object.keys(r.sns_configs[0])).not.toEqual(expect.arrayContaining(['api_url', 'http_config']));
    }
  });

  test('grouped per service, critical inhibits warning of the same service, repeats per severity', () => {
    expect(config.route.group_by).toEqual(['service']);
    expect(config.inhibit_rules).toEqual([
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['service'],
      },
    ]);
    expect(config.route.routes.map((r) => r.repeat_interval)).toEqual(['4h', '12h', '1d']);
  });

  test("AMP's definition wraps the same configuration and the templates under its root keys", () => {
    const doc = parse(renderAlertManagerDefinition(OPTIONS)) as Record<string, string>;
    expect(Object.keys(doc)).toEqual(['template_files', 'alertmanager_config']);
    expect(parse(doc.alertmanager_config)).toEqual(alertManagerConfig(OPTIONS));
    expect(doc.template_files).toEqual({ [ALERT_TEMPLATE_NAME]: alertTemplates('shop') });
  });

  test('repeat intervals beyond five days, or shorter than the group interval, are refused', () => {
    const problems = alertManagerProblems({
      ...DEFAULT_ALERT_MANAGER,
      repeatInterval: { critical: 6 * 86_400, warning: 60, info: 86_400 },
    });
    expect(problems.map((p) => p.field)).toEqual(['repeat.critical', 'repeat.warning']);
    expect(problems[0].message).toMatch(/at most every 5 days/);
  });
});

describeWith('amtool')('the alert manager configuration, checked by amtool', () => {
  const dir = amtoolFiles();

  test('check-config accepts it, with its template', () => {
    const r = run('amtool', ['check-config', 'alertmanager.yml'], dir);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r.output).toMatch(/3 receivers/);
    expect(r.status).toBe(0);
  });

  test.each(SEVERITIES)('an alert of severity %s is routed to its receiver', (severity) => {
    const r = run(
      'amtool',
      ['config', 'routes', 'test', '--config.file=alertmanager.yml', `severity=${severity}`, 'service=api'],
      dir,
    );
    expect(r.stdout.trim()).toBe(`shop-${severity}`);
  });

  test('the templates render a subject under 100 characters and the words of the alert', () => {
    const render = (text: string) =>
      run(
        'amtool',
        [
          'template',
          'render',
          '--template.glob=cdk_telemetry.tmpl',
          '--template.data=firing.json',
          `--template.text=${text}`,
        ],
        dir,
      );
    const subject = render(`{{ template "${ALERT_TEMPLATE_NAME}.subject" . }}`);
    expect(subject.status).toBe(0);
    expect(subject.output.trim()).toBe('FIRING (1): critical shop/api LatencyBudget');
    const message = render(`{{ template "${ALERT_TEMPLATE_NAME}.message" . }}`);
    expect(message.output).toContain('FIRING LatencyBudget (critical) api / checkout');
    expect(message.output).toContain('First: roll back the last deployment if it coincides.');
    expect(message.output).toContain('Runbook: https://wiki.shop.example/runbooks/pay');
    expect(message.output).toContain('CloudWatch alarm: shop-api-shop-pay-latencyBudget-critical');
  });

  test('a broken configuration fails check-config: the check can fail', () => {
    const broken = writeFiles({
      'alertmanager.yml': renderAlertManagerConfig({ ...OPTIONS, templatePath: 'missing.tmpl' }).replace(
        'receiver: shop-warning',
        'receiver: nobody',
      ),
    });
    const r = run('amtool', ['check-config', 'alertmanager.yml'], broken);
    expect(r.status).not.toBe(0);
  });
});
