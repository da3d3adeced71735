/**
 * The building blocks a kind file uses to write the zod schema of its telemetry.yaml entry. Kind files receive
 * the kit as an argument instead of importing zod, so that loading the catalog (the CLI does) loads neither zod
 * nor aws-cdk-lib; the schemas are built once, when a config is first validated.
 */
import { Token } from 'aws-cdk-lib';
import { z } from 'zod';
import { MISSING_DATA, SEVERITIES } from '../model/alarm-spec';
import { parseDurationMs } from '../model/duration';
import type { KindCatalog } from '../model/kinds/types';
import { isValidPeriod, LIMITS } from '../model/limits';
import { formatCount } from '../model/units';
import { quote } from '../util/echo';
import { duration, obj } from './schema-helpers';

const AWS_NAME = /^[A-Za-z0-9_.-]+$/;

/** An AWS resource name. From code it may be a CDK token (a deploy-time value); the resource then needs a `label`. */
export const awsName = (what: string) =>
  z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
      if (!Token.isUnresolved(v) && !AWS_NAME.test(v)) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} ${quote(v, 40)} may only hold letters, digits, "-", "_" and "."`,
        });
      }
    })
    .meta({ pattern: AWS_NAME.source });

const range = (min: number, max: number) => `from ${formatCount(min)} to ${formatCount(max)}`;

/** A whole number in a range; the message names the range. */
export const int = (description: string, min: number, max: number) => {
  const message = `must be a whole number ${range(min, max)}`;
  return z
    .number({ message })
    .int({ message })
    .min(min, { message })
    .max(max, { message })
    .describe(description);
};

/** A number in a range; the message names the range. */
export const number = (description: string, min: number, max: number) => {
  const message = `must be a number ${range(min, max)}`;
  return z.number({ message }).min(min, { message }).max(max, { message }).describe(description);
};

/** A duration between two durations (`1ms`..`15m`); the message names them. */
export const durationIn = (description: string, min: string, max: string) =>
  duration(description, {
    minMs: parseDurationMs(min),
    maxMs: parseDurationMs(max),
    text: `${min} to ${max}`,
  });

const STAT =
  /^(SampleCount|Average|Sum|Minimum|Maximum|p\d{1,2}(\.\d+)?|p100|tm\d{1,2}(\.\d+)?|wm\d{1,2}|tc\d{1,2}|ts\d{1,2}|IQM)$/;

/** The largest threshold accepted (in absolute value): bytes of the largest volumes fit, 1e308 does not. */
export const MAX_THRESHOLD = 1e15;

/** Evaluation periods CloudWatch accepts at the shortest period (10 s x 8,640 = one day). */
const MAX_N = LIMITS.evaluationSeconds / 10;

export const AlarmOverrideSchema = obj(
  {
    enabled: z.boolean().optional().describe('Switch the alarm on or off.'),
    threshold: number(
      "Threshold in the metric's unit (ms for latency, % for rates).",
      -MAX_THRESHOLD,
      MAX_THRESHOLD,
    ).optional(),
    severity: z.enum(SEVERITIES).optional().describe('critical pages; warning and info notify.'),
    period: durationIn('Evaluation period: 10s, 30s or a multiple of 1m, at most 1d.', '10s', '1d')
      .superRefine((v, ctx) => {
        let s: number;
        try {
          s = parseDurationMs(v) / 1000;
        } catch {
          return;
        }
        if (s >= 10 && s <= 86_400 && !isValidPeriod(s))
          ctx.addIssue({
            code: 'custom',
            message: `period ${v} is not allowed: use 10s, 30s or a multiple of 1m`,
          });
      })
      .optional(),
    datapoints: z
      .string()
      .superRefine((v, ctx) => {
        const m = /^(\d{1,9})\/(\d{1,9})$/.exec(v);
        const [dm, dn] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
        const message = !m
          ? 'datapoints must be "M/N", e.g. "3/5" (M breaching of N periods)'
          : dm < 1 || dn < 1 || dm > dn
            ? `datapoints "${v}": M must be between 1 and N`
            : dn > MAX_N
              ? `datapoints "${v}": N must be at most ${formatCount(MAX_N)} (CloudWatch evaluates at most one day: 8,640 periods of 10s)`
              : undefined;
        if (message) ctx.addIssue({ code: 'custom', message });
      })
      .meta({ pattern: '^\\d+/\\d+$' })
      .optional()
      .describe('M of N: "3/5" alarms when 3 of the last 5 periods breach.'),
    missing: z.enum(MISSING_DATA).optional().describe('How missing datapoints count.'),
    statistic: z
      .string()
      .regex(STAT, {
        message: 'statistic must be Sum, Average, Minimum, Maximum, SampleCount or a percentile like p95',
      })
      .optional(),
    anomaly: obj(
      {
        band: number(
          'Width of the band in standard deviations (CloudWatch ANOMALY_DETECTION_BAND; 2 is common).',
          0.1,
          100,
        ),
      },
      'Compare with an anomaly detection band instead of the fixed threshold: for "depends" thresholds such as traffic drops or queue backlogs. A LessThan row alarms below the band, a GreaterThan row above it.',
    ).optional(),
    description: z.string().max(700).optional().describe('Replaces what the alarm says it means.'),
    runbook: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional()
      .describe('A runbook link, added to the description.'),
  },
  'Overrides of one alarm default.',
).meta({ id: 'AlarmOverride' });
/**
 * The overrides of one alarm default (`alarms.<id>` in telemetry.yaml), as parsed; the schema documents every field.
 */
export type AlarmOverride = z.infer<typeof AlarmOverrideSchema>;

/** `alarms:` of an entry: one optional key per row of the tables, so editors complete ids and typos are refused. */
export function alarms(...tables: readonly KindCatalog[]) {
  const shape: Record<string, z.ZodOptional<typeof AlarmOverrideSchema>> = {};
  for (const table of tables) {
    for (const row of table.rows) {
      const doc = `${row.meaning.replace(/\{\w+\}/g, '…')} (default ${row.enabled ? 'on' : 'off'}, ${row.severity})`;
      shape[row.id] = AlarmOverrideSchema.optional().describe(doc);
    }
  }
  return obj(shape, 'Per-alarm overrides, by alarm id.').optional();
}

/** Everything a kind file needs to write its schema. */
export const SCHEMA_KIT = {
  z,
  /** Whether a value is a CDK token (names from code may be). */
  isToken: (v: string) => Token.isUnresolved(v),
  obj,
  awsName,
  int,
  number,
  duration: durationIn,
  alarms,
  label: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'label must be 1-64 letters, digits, "-", "_" or "."' })
    .optional()
    .describe('Short name used in alarm names instead of the AWS name.'),
  operation: z.string().min(1).max(64).optional().describe('Operation name for performance budgets.'),
};
export type SchemaKit = typeof SCHEMA_KIT;
