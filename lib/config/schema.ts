/**
 * The schema of telemetry.yaml, written with zod: validation at synth time, TypeScript types for the
 * constructs' props, and `telemetry.schema.json` for editor completion all come from this one file.
 */
import { Token } from 'aws-cdk-lib';
import { z } from 'zod';
import { SEVERITIES, MISSING_DATA } from '../model/alarm-spec';
import { CATALOG, type KindCatalog } from '../model/catalog';
import { AuditSchema } from './schema-audit';
import { GrafanaSchema } from './schema-grafana';
import { duration, obj, region } from './schema-helpers';
import { LogsSchema } from './schema-logs';
import { PrometheusSchema } from './schema-prometheus';
import { TracingSchema } from './schema-tracing';

const name = (pattern: RegExp, hint: string) =>
  z
    .string()
    .min(1)
    .regex(pattern, { message: `must match ${pattern.source} (${hint})` });

const AWS_NAME = /^[A-Za-z0-9_.-]+$/;
/** An AWS resource name. From code it may be a CDK token (a deploy-time value); the resource then needs a `label`. */
const awsName = (what: string) =>
  z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
      if (!Token.isUnresolved(v) && !AWS_NAME.test(v)) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} "${v}" may only hold letters, digits, "-", "_" and "."`,
        });
      }
    })
    .meta({ pattern: AWS_NAME.source });

// ---------------------------------------------------------------------------------------------------------------
// Alarm overrides: one key per catalog row, so editors complete the row ids and typos are refused.

const STAT =
  /^(SampleCount|Average|Sum|Minimum|Maximum|p\d{1,2}(\.\d+)?|p100|tm\d{1,2}(\.\d+)?|wm\d{1,2}|tc\d{1,2}|ts\d{1,2}|IQM)$/;

export const AlarmOverrideSchema = obj(
  {
    enabled: z.boolean().optional().describe('Switch the alarm on or off.'),
    threshold: z
      .number()
      .optional()
      .describe("Threshold in the metric's unit (ms for latency, % for rates)."),
    severity: z.enum(SEVERITIES).optional().describe('critical pages; warning and info notify.'),
    period: duration('Evaluation period: 10s, 30s or a multiple of 1m.').optional(),
    datapoints: z
      .string()
      .regex(/^\d+\/\d+$/, { message: 'datapoints must be "M/N", e.g. "3/5" (M breaching of N periods)' })
      .optional()
      .describe('M of N: "3/5" alarms when 3 of the last 5 periods breach.'),
    missing: z.enum(MISSING_DATA).optional().describe('How missing datapoints count.'),
    statistic: z
      .string()
      .regex(STAT, {
        message: 'statistic must be Sum, Average, Minimum, Maximum, SampleCount or a percentile like p95',
      })
      .optional(),
    description: z.string().max(700).optional().describe('Replaces what the alarm says it means.'),
    runbook: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('A runbook link, added to the description.'),
  },
  'Overrides of one alarm default.',
);
export type AlarmOverride = z.infer<typeof AlarmOverrideSchema>;

function overridesFor(...kinds: KindCatalog[]) {
  const shape: Record<string, z.ZodOptional<typeof AlarmOverrideSchema>> = {};
  for (const kind of kinds) {
    for (const row of kind.rows) {
      const doc = `${row.meaning.replace(/\{\w+\}/g, '…')} (default ${row.enabled ? 'on' : 'off'}, ${row.severity})`;
      shape[row.id] = AlarmOverrideSchema.optional().describe(doc);
    }
  }
  return obj(shape, 'Per-alarm overrides, by alarm id.').optional();
}

// ---------------------------------------------------------------------------------------------------------------
// Resources, each named as it exists in AWS so the telemetry deploys on its own beside the application.

const label = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'label must be 1-64 letters, digits, "-", "_" or "."' })
  .optional()
  .describe('Short name used in alarm names instead of the AWS name.');

const operation = z.string().min(1).max(64).optional().describe('Operation name for performance budgets.');

const lambdaFields = {
  timeout: duration(
    "The function's timeout (for the duration alarm). Default 3s, Lambda's default.",
  ).optional(),
  concurrencyQuota: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Region concurrency quota. Default 1000.'),
  minRequests: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Invocations/min before the error rate counts.'),
};
export const LambdaSchema = z.union([
  awsName('a function name'),
  obj({
    name: awsName('name').describe('The function name, as in AWS.'),
    label,
    operation,
    ...lambdaFields,
    alarms: overridesFor(CATALOG.lambda),
  }),
]);

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/\S*$/;
const routeString = z
  .string()
  .regex(ROUTE, { message: 'a route is "METHOD /path", e.g. "GET /tasks/{id}"' })
  .describe('"METHOD /path", e.g. "GET /tasks/{id}".');
const RouteSchema = (kind: KindCatalog) =>
  z.union([
    routeString,
    obj({
      route: routeString,
      operation,
      alarms: overridesFor(kind),
    }),
  ]);

const apiFields = {
  minRequests: z.number().int().nonnegative().optional().describe('Requests/min before error rates count.'),
  latency: duration('p90 latency threshold for the stage. Default 2500ms (AWS).').optional(),
  minTraffic: z.number().nonnegative().optional().describe('Requests/min below which traffic has dropped.'),
};
export const RestApiSchema = obj({
  name: z
    .string()
    .min(1)
    .max(1024)
    .describe('The REST API name (the ApiName dimension). May be a token with a label.'),
  stage: awsName('stage').describe('The stage name.'),
  label,
  methods: z
    .array(RouteSchema(CATALOG.restApiRoute))
    .optional()
    .describe('Methods with a performance budget (needs detailed metrics on the stage).'),
  ...apiFields,
  alarms: overridesFor(CATALOG.restApi),
});

export const HttpApiSchema = obj({
  id: z
    .string()
    .superRefine((v, ctx) => {
      if (!Token.isUnresolved(v) && !/^[a-z0-9]{10}$/.test(v)) {
        ctx.addIssue({
          code: 'custom',
          message: `id "${v}" must be the 10-character HTTP API id, e.g. a1b2c3d4e5`,
        });
      }
    })
    .meta({ pattern: '^[a-z0-9]{10}$' })
    .describe('The HTTP API id (the ApiId dimension).'),
  stage: z.string().min(1).default('$default').describe('The stage name. Default $default.'),
  label,
  routes: z
    .array(RouteSchema(CATALOG.httpApiRoute))
    .optional()
    .describe('Routes with a performance budget (needs detailed metrics on the stage).'),
  ...apiFields,
  alarms: overridesFor(CATALOG.httpApi),
});

const DDB_OPERATIONS = [
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
] as const;
export const DynamoDbSchema = z.union([
  awsName('a table name'),
  obj({
    name: awsName('name').describe('The table name.'),
    label,
    operations: z
      .array(z.enum(DDB_OPERATIONS))
      .optional()
      .describe('Operations whose latency is alarmed (SuccessfulRequestLatency).'),
    latency: duration('Average latency threshold for the listed operations. Default 100ms.').optional(),
    alarms: overridesFor(CATALOG.dynamodb, CATALOG.dynamodbOperation),
  }),
]);

export const SqsSchema = z.union([
  awsName('a queue name'),
  obj({
    name: awsName('name').describe('The queue name (".fifo" suffix for FIFO queues).'),
    label,
    dlq: awsName('dlq').optional().describe('Name of its dead-letter queue.'),
    maxAge: duration('Longest a message is expected to wait. Default 5m.').optional(),
    maxBacklog: z.number().int().positive().optional().describe('Largest expected backlog. Default 1000.'),
    alarms: overridesFor(CATALOG.sqs, CATALOG.sqsDlq),
  }),
]);

export const ServiceSchema = obj({
  name: name(/^[a-z][a-z0-9-]{0,31}$/, 'lower case, digits and "-", at most 32'),
  description: z.string().max(200).optional(),
  stack: name(/^[a-z][a-z0-9-]{0,31}$/, 'lower case, digits and "-"')
    .optional()
    .describe('Deploy this service in a named stack shared with other services. Default: its own stack.'),
  lambda: z.array(LambdaSchema).optional().describe('Lambda functions, by name.'),
  restApi: z.array(RestApiSchema).optional().describe('API Gateway REST API stages.'),
  httpApi: z.array(HttpApiSchema).optional().describe('API Gateway HTTP API stages.'),
  dynamodb: z.array(DynamoDbSchema).optional().describe('DynamoDB tables, by name.'),
  sqs: z.array(SqsSchema).optional().describe('SQS queues, by name.'),
});

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

const BudgetValue = z.union([
  duration('The budget.'),
  obj({
    budget: duration('The budget.'),
    allowAboveDefault: z
      .literal(true)
      .describe('Required for a budget above the default: the plan discourages slow operations.'),
    reason: z.string().optional(),
  }),
]);

export const BudgetsSchema = obj({
  default: duration('Budget for operations not listed. Default 200ms.').default('200ms'),
  percentile: z
    .string()
    .regex(/^p(50|75|90|95|99|99\.9)$/, {
      message: 'percentile must be one of p50, p75, p90, p95, p99, p99.9',
    })
    .default('p95')
    .describe('Percentile compared with the budget. Default p95.'),
  critical: z
    .string()
    .regex(/^[0-9]{3,4}%$/, {
      message: 'critical must be a percentage of the budget of at least 100%, e.g. "150%"',
    })
    .default('150%')
    .describe('Critical alarm at this share of the budget (warning at 100%). Default 150%.'),
  operations: z
    .record(z.string().min(1), BudgetValue)
    .optional()
    .describe('Budgets per operation: a Lambda `operation` (default: the function name) or "METHOD /path".'),
});

const defaultsOf = <T extends z.ZodRawShape>(fields: T, ...kinds: KindCatalog[]) =>
  obj({ ...fields, alarms: overridesFor(...kinds) }).optional();

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
  defaults: obj({
    lambda: defaultsOf(lambdaFields, CATALOG.lambda),
    restApi: defaultsOf(apiFields, CATALOG.restApi, CATALOG.restApiRoute),
    httpApi: defaultsOf(apiFields, CATALOG.httpApi, CATALOG.httpApiRoute),
    dynamodb: defaultsOf({}, CATALOG.dynamodb, CATALOG.dynamodbOperation),
    sqs: defaultsOf({}, CATALOG.sqs, CATALOG.sqsDlq),
    account: defaultsOf({}, CATALOG.lambdaAccount, CATALOG.dynamodbAccount),
  })
    .optional()
    .describe('Defaults for every resource of a kind; a resource can still override them.'),
  services: z.array(ServiceSchema).min(1, { message: 'list at least one service' }),
  tracing: TracingSchema.optional(),
  audit: AuditSchema.optional(),
  logs: LogsSchema.optional(),
  grafana: GrafanaSchema.optional().describe(
    'An Amazon Managed Grafana workspace with data sources and dashboards.',
  ),
  prometheus: PrometheusSchema.optional(),
});

/** telemetry.yaml as written (defaults not applied). */
export type TelemetryConfigInput = z.input<typeof TelemetryConfigSchema>;
/** telemetry.yaml after validation (defaults applied). */
export type TelemetryConfig = z.output<typeof TelemetryConfigSchema>;
export type ServiceConfig = z.output<typeof ServiceSchema>;
export type ChannelsConfig = z.output<typeof Channels>;
