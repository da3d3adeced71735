/**
 * The workspace's alert manager definition, rendered from the model: one receiver per severity publishing to the
 * severity's alert topic (SNS is AMP's only receiver type), alerts grouped per service, a critical alert of a
 * service inhibiting its warnings, repeats per severity within AMP's five days, and resolved notifications for
 * critical alerts only (as the CloudWatch alarms: critical alarms notify on OK, warnings do not).
 *
 * The standard Alertmanager configuration is rendered on its own (amtool checks it) and wrapped for AMP
 * (`alertmanager_config` and `template_files` at the root).
 */
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import type { AlertManagerModel } from '../model/prometheus';
import { promDuration } from './rules/promql';
import { promYaml } from './rules/render';

/** The name the message templates are registered under (an AMP `template_files` key, a file for amtool). */
export const ALERT_TEMPLATE_NAME = 'cdk_telemetry';

/**
 * Subject (at most 100 characters for SNS: `FIRING (2): critical sophie/api LatencyBudget`) and message (per alert:
 * what it means, what to do first, the runbook and the CloudWatch alarm it mirrors).
 */
export function alertTemplates(app: string): string {
  const head = (status: string) =>
    `${status} {{ .Labels.alertname }} ({{ .Labels.severity }}) {{ .Labels.service }}{{ with .Labels.operation }} / {{ . }}{{ end }}`;
  return [
    `{{ define "${ALERT_TEMPLATE_NAME}.subject" }}{{ .Status | toUpper }}{{ if eq .Status "firing" }} ({{ .Alerts.Firing | len }}){{ end }}: {{ .CommonLabels.severity }} ${app}/{{ .GroupLabels.service }}{{ with .CommonLabels.alertname }} {{ . }}{{ end }}{{ end }}`,
    `{{ define "${ALERT_TEMPLATE_NAME}.message" }}{{ range .Alerts.Firing }}${head('FIRING')}`,
    '{{ .Annotations.summary }}.',
    'First: {{ .Annotations.first_step }}.',
    '{{ with .Annotations.runbook_url }}Runbook: {{ . }}',
    '{{ end }}CloudWatch alarm: {{ .Annotations.cloudwatch_alarm }}',
    'Since: {{ .StartsAt }}',
    '',
    `{{ end }}{{ range .Alerts.Resolved }}${head('RESOLVED')}`,
    '{{ .Annotations.summary }}: no longer.',
    'Ended: {{ .EndsAt }}',
    '',
    '{{ end }}{{ end }}',
    '',
  ].join('\n');
}

/** Options of {@link alertManagerConfig}. */
export interface AlertManagerConfigOptions {
  /** The application's name: it names the receivers (`<app>-<severity>`), SNS message attributes and templates. */
  readonly app: string;
  /** Grouping and repeat intervals per severity. */
  readonly settings: AlertManagerModel;
  /** The alert topic of a severity: an ARN, or an ARN with `${AWS::...}` placeholders for `Fn::Sub`. */
  readonly topicArn: (severity: Severity) => string;
  /** The topics' Region (SigV4 signing; AMP requires it). */
  readonly region: string;
  /**
   * How the configuration names the template file: AMP refers to `template_files` keys; amtool needs a path.
   * @default ALERT_TEMPLATE_NAME
   */
  readonly templatePath?: string;
}

const matcher = (severity: Severity) => `severity="${severity}"`;

/** The standard Alertmanager configuration (what `alertmanager_config` holds), as data. */
export function alertManagerConfig(o: AlertManagerConfigOptions): Record<string, unknown> {
  const s = o.settings;
  const receiver = (severity: Severity) => `${o.app}-${severity}`;
  return {
    templates: [o.templatePath ?? ALERT_TEMPLATE_NAME],
    route: {
      receiver: receiver('warning'),
      group_by: ['service'],
      group_wait: promDuration(s.groupWait),
      group_interval: promDuration(s.groupInterval),
      repeat_interval: promDuration(s.repeatInterval.warning),
      routes: SEVERITIES.map((severity) => ({
        receiver: receiver(severity),
        matchers: [matcher(severity)],
        repeat_interval: promDuration(s.repeatInterval[severity]),
      })),
    },
    inhibit_rules: [
      {
        source_matchers: [matcher('critical')],
        target_matchers: [matcher('warning')],
        equal: ['service'],
      },
    ],
    receivers: SEVERITIES.map((severity) => ({
      name: receiver(severity),
      sns_configs: [
        {
          topic_arn: o.topicArn(severity),
          sigv4: { region: o.region },
          subject: `{{ template "${ALERT_TEMPLATE_NAME}.subject" . }}`,
          message: `{{ template "${ALERT_TEMPLATE_NAME}.message" . }}`,
          send_resolved: severity === 'critical',
          attributes: { app: o.app, severity, source: 'prometheus' },
        },
      ],
    })),
  };
}

/** The standard configuration as YAML (for amtool, with `templatePath` pointing at the template file). */
export const renderAlertManagerConfig = (o: AlertManagerConfigOptions): string =>
  promYaml(alertManagerConfig(o));

/** The AMP alert manager definition: the templates and the configuration under AMP's root keys. */
export function renderAlertManagerDefinition(o: AlertManagerConfigOptions): string {
  return promYaml({
    template_files: { [ALERT_TEMPLATE_NAME]: alertTemplates(o.app) },
    alertmanager_config: renderAlertManagerConfig({ ...o, templatePath: ALERT_TEMPLATE_NAME }),
  });
}
