/**
 * The `prometheus:` section (validated) → the Prometheus part of the model. Cross-field rules: settings of a
 * created workspace are refused for an existing one (and the other way round), repeat intervals stay within AMP's
 * five days, and Grafana queries the same workspace.
 */
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import { parseDurationMs } from '../model/duration';
import {
  AMP_LIMITS,
  alertManagerProblems,
  DEFAULT_ALERT_MANAGER,
  type AlertManagerModel,
  type PrometheusModel,
} from '../model/prometheus';
import type { IssueSink } from './errors';
import type { GrafanaConfig } from './schema-grafana';
import { daysOf } from './schema-helpers';
import type { PrometheusConfig } from './schema-prometheus';

const seconds = (text: string | undefined, fallback: number) =>
  text === undefined ? fallback : Math.round(parseDurationMs(text) / 1000);

export function prometheusModel(
  app: string,
  c: PrometheusConfig,
  grafana: GrafanaConfig | undefined,
  issues: IssueSink,
): PrometheusModel {
  const add = (path: Array<string | number>, message: string) => issues.add(['prometheus', ...path], message);
  const g = grafana?.prometheus;

  if (c.workspace) {
    for (const key of ['alias', 'retention', 'alertmanager'] as const) {
      if (c[key] !== undefined) {
        add(
          [key],
          key === 'alertmanager'
            ? 'an existing workspace keeps its own alert manager definition (one per workspace): leave out alertmanager, or leave out workspace to create one'
            : `${key} applies to a workspace cdk-telemetry creates: leave it out with workspace`,
        );
      }
    }
    if (g && (g.workspace !== c.workspace || (g.region ?? '') !== (c.region ?? ''))) {
      add(
        ['workspace'],
        `grafana.prometheus names workspace ${g.workspace}${g.region ? ` in ${g.region}` : ''}: leave grafana.prometheus out (Grafana queries this workspace) or make them the same`,
      );
    }
    return { workspace: { type: 'existing', workspaceId: c.workspace, region: c.region } };
  }

  if (c.region !== undefined) {
    add(
      ['region'],
      "region goes with workspace (an existing workspace); a created workspace is in the stack's Region",
    );
  }
  if (g) {
    add(
      ['workspace'],
      `grafana.prometheus names workspace ${g.workspace}, but this section creates one: leave grafana.prometheus out (Grafana queries the created workspace) or set prometheus.workspace: ${g.workspace}`,
    );
  }
  let retentionDays: number | undefined;
  if (c.retention !== undefined) {
    retentionDays = daysOf(c.retention);
    if (retentionDays > AMP_LIMITS.maxRetentionDays) {
      add(
        ['retention'],
        `${c.retention} is more than AMP keeps samples (at most ${AMP_LIMITS.maxRetentionDays}d)`,
      );
    }
  }
  const a = c.alertmanager;
  const d = DEFAULT_ALERT_MANAGER;
  const alertManager: AlertManagerModel = {
    repeatInterval: Object.fromEntries(
      SEVERITIES.map((s) => [s, seconds(a?.repeat?.[s], d.repeatInterval[s])]),
    ) as Record<Severity, number>,
    groupWait: seconds(a?.groupWait, d.groupWait),
    groupInterval: seconds(a?.groupInterval, d.groupInterval),
  };
  for (const p of alertManagerProblems(alertManager)) add(['alertmanager', ...p.field.split('.')], p.message);
  return {
    workspace: {
      type: 'create',
      alias: c.alias ?? `${app}-telemetry`,
      ...(retentionDays ? { retentionDays } : {}),
    },
    alertManager,
  };
}
