/**
 * The schema of telemetry.yaml, written with zod: validation at synth time, TypeScript types for the
 * constructs' props, and `telemetry.schema.json` for editor completion all come from this one file.
 */
import { z } from 'zod';
import { SEVERITIES } from '../model/alarm-spec';
import { AuditSchema } from './schema-audit';
import { ComplianceSchema } from './schema-compliance';
import { GrafanaSchema } from './schema-grafana';
import { JourneysSchema } from './schema-journeys';
import { KpisSchema } from './schema-kpis';
import { RumSchema } from './schema-rum';
import { quote } from '../util/echo';
import { httpsUrl, obj, patternName, region } from './schema-helpers';
import { LogsSchema } from './schema-logs';
import { MaintenanceSchema } from './schema-maintenance';
import { ApplicationSignalsSchema } from './schema-slo';
import { PrometheusSchema } from './schema-prometheus';
import { durationIn } from './schema-kit';
import { DefaultsSchema, ServiceSchema } from './schema-services';
import { TracingSchema } from './schema-tracing';

export { AlarmOverrideSchema, type AlarmOverride } from './schema-kit';
export { ServiceSchema, type ServiceConfig } from './schema-services';

// ---------------------------------------------------------------------------------------------------------------
// Alerting, budgets, defaults.

/** A list whose entries must be distinct (by `keyOf`): a second subscription of one address is a mistake. */
function distinct<T extends z.ZodTypeAny>(
  item: T,
  max: number,
  what: string,
  keyOf: (v: z.output<T>) => string,
) {
  return z
    .array(item)
    .max(max, { message: `at most ${max} ${what} per severity (use a distribution list or a chat channel)` })
    .superRefine((list, ctx) => {
      const seen = new Map<string, number>();
      list.forEach((v, i) => {
        const key = keyOf(v);
        const before = seen.get(key);
        if (before !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${quote(key)} is listed twice (also at [${before}])`,
          });
        } else seen.set(key, i);
      });
    });
}

/**
 * Subscriptions per severity are bounded so that the core stack stays far below CloudFormation's 500 resources
 * (each email or HTTPS endpoint is a subscription; each Slack channel a Chatbot configuration and its role).
 */
export const CHANNEL_LIMITS = { email: 50, https: 20, slack: 20 } as const;

const Channels = obj(
  {
    email: distinct(
      z.email({ message: 'not an email address' }),
      CHANNEL_LIMITS.email,
      'email addresses',
      (v) => v.toLowerCase(),
    )
      .optional()
      .describe('Email addresses.'),
    https: distinct(httpsUrl('must be an https:// URL'), CHANNEL_LIMITS.https, 'HTTPS endpoints', (v) => v)
      .optional()
      .describe('HTTPS endpoints, e.g. the PagerDuty CloudWatch integration URL.'),
    slack: distinct(
      obj({
        workspace: z
          .string()
          .regex(/^T[A-Z0-9]{6,}$/, { message: 'workspace must be a Slack workspace id like T0123ABCD' }),
        channel: z
          .string()
          .regex(/^[CG][A-Z0-9]{6,}$/, { message: 'channel must be a Slack channel id like C0123ABCD' }),
      }),
      CHANNEL_LIMITS.slack,
      'Slack channels',
      (v) => v.channel,
    )
      .optional()
      .describe('Slack channels through AWS Chatbot (workspace and channel ids).'),
  },
  'Where one severity is delivered.',
);

/** Budgets are p95 latencies of operations (functions, routes, workflows): from 1 ms to a day. */
const budget = (description: string) => durationIn(description, '1ms', '1d');
/**
 * Tags CloudFormation takes on every resource type the telemetry creates: keys of 1-128 and values of 1-256
 * letters, digits, spaces and `_ . : / = + - @` (the pattern of AWS::IAM::Role and most types), keys not starting
 * with `aws:`; at most 40 (a resource takes 50, and the app adds its own `app` tag), of {@link MAX_TAG_BYTES} together.
 */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
export const MAX_TAGS = 40;
/**
 * Keys and values together, in UTF-8 bytes: every taggable resource carries every tag, and the stacks that are not
 * split (core, product, governance) must stay under CloudFormation's 1 MB template with up to 160 tagged resources.
 */
export const MAX_TAG_BYTES = 2048;
const Tags = z
  .record(
    z
      .string()
      .superRefine((k, ctx) => {
        if (k.length > 128 || !TAG_TEXT.test(k) || /^aws:/i.test(k)) {
          ctx.addIssue({
            code: 'custom',
            message: `tag key ${quote(k)} must be 1-128 letters, digits, spaces or _ . : / = + - @, not starting with aws:`,
          });
        }
      })
      .meta({ pattern: TAG_TEXT.source, maxLength: 128 }),
    z
      .string()
      .superRefine((v, ctx) => {
        if (v.length > 256 || !TAG_TEXT.test(v)) {
          ctx.addIssue({
            code: 'custom',
            message: `tag value ${quote(v)} must be 1-256 letters, digits, spaces or _ . : / = + - @ (CloudFormation refuses others)`,
          });
        }
      })
      .meta({ pattern: TAG_TEXT.source, maxLength: 256 }),
  )
  .superRefine((tags, ctx) => {
    const n = Object.keys(tags).length;
    if (n > MAX_TAGS) ctx.addIssue({ code: 'custom', message: `${n} tags; at most ${MAX_TAGS}` });
    const bytes = Object.entries(tags).reduce(
      (b, [k, v]) => b + Buffer.byteLength(k) + Buffer.byteLength(v),
      0,
    );
    if (bytes > MAX_TAG_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `keys and values are ${bytes} bytes together; at most ${MAX_TAG_BYTES} (every resource carries every tag, and a template holds at most 1 MB)`,
      });
    }
  });

/**
 * The tag keys AWS::RUM::AppMonitor and AWS::ApplicationSignals::ServiceLevelObjective take, fewer than every other
 * type: their pattern is `^(?!aws:)[a-zA-Z+-=._:/]+$` (`+-=` is a range: digits and `, ; <` too), so no spaces, `@`
 * or letters outside A-Z. Checked when the config creates either (`rum:`, an SLO in Application Signals).
 */
const NARROW_TAG_KEY = /^[a-zA-Z+-=._:/]+$/;

/** What in the config creates a resource type that takes only {@link NARROW_TAG_KEY} tag keys, if anything. */
function narrowTagKeyUser(c: {
  rum?: unknown;
  applicationSignals?: { slos?: boolean };
  services: ReadonlyArray<{ name: string; slos?: ReadonlyArray<{ applicationSignals?: boolean }> }>;
}): string | undefined {
  if (c.rum) return 'the RUM app monitor (rum:)';
  const byDefault = c.applicationSignals?.slos ?? false;
  const service = c.services.find((s) => s.slos?.some((slo) => slo.applicationSignals ?? byDefault));
  return service && `the Application Signals SLOs (service ${quote(service.name)})`;
}

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
  app: patternName(/^[a-z][a-z0-9-]{0,23}$/, 'lower case, digits and "-", at most 24').describe(
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
  tags: Tags.optional().describe('Tags applied to every resource.'),
  alerting: obj({
    critical: Channels.optional().describe('Pages: PagerDuty, on-call email. Also notified on OK.'),
    warning: Channels.optional(),
    info: Channels.optional(),
    escalation: Channels.optional().describe(
      'Journey escalations (the third journey alert level). Default: the critical channels.',
    ),
    pageVia: z
      .enum(['composite', 'each'])
      .default('composite')
      .describe('composite: one alarm per service pages (default); each: every critical alarm pages.'),
  })
    .superRefine((a, ctx) => {
      // A Slack channel id belongs to one workspace: the same id under two workspaces is a typo.
      const workspaceOf = new Map<string, { workspace: string; at: string }>();
      for (const severity of SEVERITIES) {
        a[severity]?.slack?.forEach((s, i) => {
          const seen = workspaceOf.get(s.channel);
          if (seen && seen.workspace !== s.workspace) {
            ctx.addIssue({
              code: 'custom',
              path: [severity, 'slack', i, 'workspace'],
              message: `channel ${quote(s.channel)} is in workspace ${quote(seen.workspace)} at ${seen.at}; a channel id belongs to one workspace`,
            });
          } else if (!seen)
            workspaceOf.set(s.channel, { workspace: s.workspace, at: `${severity}.slack[${i}]` });
        });
      }
    })
    .optional(),
  budgets: BudgetsSchema.optional(),
  defaults: DefaultsSchema,
  services: z.array(ServiceSchema).min(1, { message: 'list at least one service' }),
  tracing: TracingSchema.optional(),
  audit: AuditSchema.optional(),
  logs: LogsSchema.optional(),
  grafana: GrafanaSchema.optional().describe(
    'An Amazon Managed Grafana workspace with data sources and dashboards.',
  ),
  compliance: ComplianceSchema.optional(),
  prometheus: PrometheusSchema.optional(),
  journeys: JourneysSchema.optional(),
  kpis: KpisSchema.optional(),
  rum: RumSchema.optional().describe(
    'A CloudWatch RUM app monitor for the web application: sessions, page views, errors, custom events on the product dashboard.',
  ),
  maintenance: MaintenanceSchema.optional(),
  applicationSignals: ApplicationSignalsSchema,
}).superRefine((c, ctx) => {
  const user = narrowTagKeyUser(c);
  if (!user) return;
  for (const key of Object.keys(c.tags ?? {})) {
    if (!NARROW_TAG_KEY.test(key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tags', key],
        message: `tag key ${quote(key)} is refused by ${user}, whose keys must match ${NARROW_TAG_KEY.source} (letters A-Z, digits, + - = . _ : /)`,
      });
    }
  }
});

/** telemetry.yaml as written (defaults not applied). */
export type TelemetryConfigInput = z.input<typeof TelemetryConfigSchema>;
/** telemetry.yaml after validation (defaults applied). */
export type TelemetryConfig = z.output<typeof TelemetryConfigSchema>;
export type ChannelsConfig = z.output<typeof Channels>;
