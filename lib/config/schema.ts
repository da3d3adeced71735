/**
 * The schema of telemetry.yaml, written with zod: validation at synth time, TypeScript types for the
 * constructs' props, and `telemetry.schema.json` for editor completion all come from this one file.
 */
import { z } from 'zod';
import { AuditSchema } from './schema-audit';
import { GrafanaSchema } from './schema-grafana';
import { obj, region } from './schema-helpers';
import { LogsSchema } from './schema-logs';
import { durationIn } from './schema-kit';
import { DefaultsSchema, ServiceSchema } from './schema-services';
import { TracingSchema } from './schema-tracing';

export { AlarmOverrideSchema, type AlarmOverride } from './schema-kit';
export { ServiceSchema, type ServiceConfig } from './schema-services';

const name = (pattern: RegExp, hint: string) =>
  z
    .string()
    .min(1)
    .regex(pattern, { message: `must match ${pattern.source} (${hint})` });

// ---------------------------------------------------------------------------------------------------------------
// Alerting, budgets, defaults.

const Channels = obj(
  {
    email: z
      .array(z.email({ message: 'not an email address' }))
      .optional()
      .describe('Email addresses.'),
    https: z
      .array(z.url({ protocol: /^https$/, message: 'must be an https:// URL' }))
      .optional()
      .describe('HTTPS endpoints, e.g. the PagerDuty CloudWatch integration URL.'),
    slack: z
      .array(
        obj({
          workspace: z
            .string()
            .regex(/^T[A-Z0-9]{6,}$/, { message: 'workspace must be a Slack workspace id like T0123ABCD' }),
          channel: z
            .string()
            .regex(/^[CG][A-Z0-9]{6,}$/, { message: 'channel must be a Slack channel id like C0123ABCD' }),
        }),
      )
      .optional()
      .describe('Slack channels through AWS Chatbot (workspace and channel ids).'),
  },
  'Where one severity is delivered.',
);

/** Budgets are p95 latencies of operations (functions, routes, workflows): from 1 ms to a day. */
const budget = (description: string) => durationIn(description, '1ms', '1d');

const BudgetValue = z.union([
  budget('The budget.'),
  obj({
    budget: budget('The budget.'),
    allowAboveDefault: z
      .literal(true)
      .describe('Required for a budget above the default: the plan discourages slow operations.'),
    reason: z.string().optional(),
  }),
]);

export const BudgetsSchema = obj({
  default: budget('Budget for operations not listed. Default 200ms.').default('200ms'),
  percentile: z
    .string()
    .regex(/^p(50|75|90|95|99|99\.9)$/, {
      message: 'percentile must be one of p50, p75, p90, p95, p99, p99.9',
    })
    .default('p95')
    .describe('Percentile compared with the budget. Default p95.'),
  critical: z
    .string()
    .regex(/^([1-9][0-9]{2}|1000)%$/, {
      message: 'critical must be a percentage of the budget from 100% to 1000%, e.g. "150%"',
    })
    .default('150%')
    .describe('Critical alarm at this share of the budget (warning at 100%). Default 150%.'),
  operations: z
    .record(z.string().min(1).max(1100), BudgetValue)
    .optional()
    .describe('Budgets per operation: a Lambda `operation` (default: the function name) or "METHOD /path".'),
});

export const TelemetryConfigSchema = obj({
  $schema: z.string().optional().describe('Path to telemetry.schema.json, for editors.'),
  app: name(/^[a-z][a-z0-9-]{0,23}$/, 'lower case, digits and "-", at most 24').describe(
    'Application name: the prefix of every resource name.',
  ),
  description: z.string().max(500).optional(),
  env: obj({
    account: z
      .string()
      .regex(/^\d{12}$/, { message: 'account must be 12 digits' })
      .optional(),
    region: region().optional(),
  })
    .optional()
    .describe('Deploy target. Leave out for an environment-agnostic synth (no AWS account needed).'),
  tags: z
    .record(
      z.string().regex(/^(?!aws:)[\w .:/=+\-@]{1,128}$/, {
        message: 'tag keys are 1-128 chars and cannot start with aws:',
      }),
      z.string().max(256),
    )
    .optional()
    .describe('Tags applied to every resource.'),
  alerting: obj({
    critical: Channels.optional().describe('Pages: PagerDuty, on-call email. Also notified on OK.'),
    warning: Channels.optional(),
    info: Channels.optional(),
    pageVia: z
      .enum(['composite', 'each'])
      .default('composite')
      .describe('composite: one alarm per service pages (default); each: every critical alarm pages.'),
  }).optional(),
  budgets: BudgetsSchema.optional(),
  defaults: DefaultsSchema,
  services: z.array(ServiceSchema).min(1, { message: 'list at least one service' }),
  tracing: TracingSchema.optional(),
  audit: AuditSchema.optional(),
  logs: LogsSchema.optional(),
  grafana: GrafanaSchema.optional().describe(
    'An Amazon Managed Grafana workspace with data sources and dashboards.',
  ),
});

/** telemetry.yaml as written (defaults not applied). */
export type TelemetryConfigInput = z.input<typeof TelemetryConfigSchema>;
/** telemetry.yaml after validation (defaults applied). */
export type TelemetryConfig = z.output<typeof TelemetryConfigSchema>;
export type ChannelsConfig = z.output<typeof Channels>;
