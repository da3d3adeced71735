/** `tracing:` in telemetry.yaml: X-Ray sampling rules, a trace group per service, and optional ADOT layers. */
import { z } from 'zod';
import { SEVERITIES } from '../model/alarm-spec';
import {
  ADOT_LAYERS,
  ADOT_RUNTIMES,
  ADOT_WRAPPERS,
  rateProblem,
  reservoirProblem,
  XRAY_LIMITS,
} from '../model/tracing';
import { obj } from './schema-helpers';

const rate = z
  .number()
  .superRefine((v, ctx) => {
    const problem = rateProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ minimum: 0, maximum: 1 })
  .describe('Share of requests traced once the reservoir is used up, 0 to 1 (0.05 = 5 %).');

const reservoir = z
  .number()
  .superRefine((v, ctx) => {
    const problem = reservoirProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ minimum: 0 })
  .describe('Requests per second traced before the rate applies. Default 1.');

const ruleName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, {
    message: `a rule name is 1-${XRAY_LIMITS.ruleName} letters, digits, "-" or "_"`,
  })
  .describe('Rule name. Default: derived from the app, service and operation.');

const priority = z
  .number()
  .int({ message: 'priority must be a whole number from 1 to 9999' })
  .min(1, { message: 'priority must be from 1 to 9999 (lower is evaluated first)' })
  .max(9999, { message: 'priority must be from 1 to 9999 (lower is evaluated first)' })
  .describe('1-9999, lower first. Default: operations from 100, services from 1000, catch-alls from 9000.');

const xrayName = z.string().min(1).max(64);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'] as const;

const Operation = obj(
  {
    method: z.enum(METHODS).optional().describe('HTTP method. Default: any.'),
    path: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('URL path, wildcards * and ? allowed, e.g. /tasks/*. Default: any.'),
    rate,
    reservoir: reservoir.optional(),
    name: ruleName.optional(),
    priority: priority.optional(),
  },
  'A sampling rule for one operation (URL path and/or method) of a service.',
);

const Severity = z
  .enum([...SEVERITIES, 'off'])
  .describe('Severity of X-Ray Insights notifications (their topic), or off.');

const TracedService = obj(
  {
    xrayNames: z
      .array(xrayName)
      .min(1)
      .optional()
      .describe(
        'X-Ray service names of this service (wildcards allowed). Default: its REST API stages ("<api>/<stage>") and Lambda function names.',
      ),
    sampling: obj({ rate, reservoir: reservoir.optional() })
      .optional()
      .describe('Sampling for the whole service (applies where requests enter it: REST API stages).'),
    operations: z
      .array(Operation)
      .optional()
      .describe('Sampling per operation, evaluated before the service rule.'),
    insights: Severity.optional().describe(
      'Severity of Insights notifications for this service. Default: tracing.insights.',
    ),
    group: z
      .boolean()
      .optional()
      .describe('Create the trace group of this service. Default: tracing.groups.'),
  },
  'Tracing settings of one service (a name from services).',
);

const RawRule = obj(
  {
    name: ruleName.optional(),
    priority: priority.optional(),
    rate,
    reservoir: reservoir.optional(),
    serviceName: xrayName.optional(),
    serviceType: z.string().min(1).max(64).optional(),
    host: z.string().min(1).max(64).optional(),
    httpMethod: z.string().min(1).max(10).optional(),
    urlPath: z.string().min(1).max(128).optional(),
    resourceArn: z.string().min(1).max(500).optional(),
    attributes: z.record(z.string().min(1).max(32), z.string().min(1).max(32)).optional(),
  },
  'A sampling rule written out in full (any X-Ray match field; every field defaults to "*").',
);

export const AdotSchema = obj(
  {
    layer: z
      .enum(ADOT_LAYERS)
      .optional()
      .describe('An ADOT layer aws-cdk-lib resolves per Region. Give this or layerArn.'),
    version: z
      .string()
      .optional()
      .describe('Layer version, e.g. 1.30.0. Default: the newest aws-cdk-lib knows.'),
    layerArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/, {
        message:
          'layerArn must be a Lambda layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)',
      })
      .optional()
      .describe('Any layer version ARN, e.g. an AWSOpenTelemetryDistro layer.'),
    runtime: z.enum(ADOT_RUNTIMES).optional().describe('Functions of this runtime family get the layer.'),
    wrapper: z
      .enum(Object.keys(ADOT_WRAPPERS) as [keyof typeof ADOT_WRAPPERS])
      .optional()
      .describe('AWS_LAMBDA_EXEC_WRAPPER script: handler, proxy, stream, sqs or instrument.'),
  },
  'OpenTelemetry (ADOT) Lambda layer, added by enableTracing() in your own stacks.',
);

export const TracingSchema = obj(
  {
    sampling: obj({
      rate,
      reservoir: reservoir.optional(),
      match: xrayName
        .optional()
        .describe(
          'X-Ray service names the default rule applies to (wildcards * and ?). Default: each REST API stage.',
        ),
    })
      .optional()
      .describe('The default sampling rule of the app (services and operations may override it).'),
    insights: Severity.default('warning'),
    groups: z
      .boolean()
      .default(true)
      .describe('A trace group per service, with X-Ray Insights. Default true.'),
    services: z
      .record(z.string(), TracedService)
      .optional()
      .describe('Per-service tracing, by service name.'),
    rules: z.array(RawRule).optional().describe('More sampling rules, written out in full.'),
    adot: AdotSchema.optional(),
  },
  'X-Ray: sampling rules, a trace group per service with Insights routed to the alert topics, ADOT layers.',
);

/** The `tracing:` section of telemetry.yaml, as parsed (defaults filled in); the schema documents every field. */
export type TracingConfig = z.output<typeof TracingSchema>;
