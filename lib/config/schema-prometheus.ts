/**
 * The `prometheus:` section of telemetry.yaml: an Amazon Managed Service for Prometheus workspace (created, or an
 * existing one by id) that receives the application's OpenTelemetry metrics, evaluates the rules rendered from the
 * model, and routes alerts to the alert topics. Cross-field rules live in `to-model-prometheus.ts`.
 */
import { z } from 'zod';
import { AMP_LIMITS } from '../model/prometheus';
import { ampWorkspaceId, daysOrYears, duration, obj, region } from './schema-helpers';

const repeat = (severity: string, fallback: string) =>
  duration(
    `How often a ${severity} alert still firing is notified again (at most 5d). Default ${fallback}.`,
  ).optional();

export const PrometheusAlertManagerSchema = obj(
  {
    repeat: obj(
      {
        critical: repeat('critical', '4h'),
        warning: repeat('warning', '12h'),
        info: repeat('info', '1d'),
      },
      'Repeat intervals per severity (AMP caps them at 5 days).',
    ).optional(),
    groupWait: duration(
      'Wait for more alerts of a new group before the first notification. Default 30s.',
    ).optional(),
    groupInterval: duration('Wait between notifications about new alerts of a group. Default 5m.').optional(),
  },
  "How the workspace's alert manager groups and repeats notifications (routes: one per severity, to its alert topic).",
);

export const PrometheusSchema = obj(
  {
    workspace: ampWorkspaceId()
      .optional()
      .describe(
        'An existing workspace id (ws-...): the rules go there and it keeps its own alert manager. Leave out to create a workspace.',
      ),
    region: region().optional().describe("The existing workspace's Region. Default: the stack's."),
    alias: z
      .string()
      .min(1)
      .max(AMP_LIMITS.alias)
      .regex(/^[A-Za-z0-9_.-]+$/, { message: 'alias may only hold letters, digits, "-", "_" and "."' })
      .optional()
      .describe('Alias of the workspace created. Default <app>-telemetry.'),
    retention: daysOrYears(
      `How long the workspace created keeps samples, 1d to ${AMP_LIMITS.maxRetentionDays}d (3y). Default 150d.`,
    ).optional(),
    alertmanager: PrometheusAlertManagerSchema.optional(),
  },
  'Amazon Managed Service for Prometheus: rules and Alertmanager routes rendered from this file, for the OpenTelemetry metrics of the application.',
);

/** The `prometheus:` section of telemetry.yaml, as parsed (defaults filled in); the schema documents every field. */
export type PrometheusConfig = z.output<typeof PrometheusSchema>;
