/** Building blocks shared by the config schema files (`schema.ts` and each capability's `schema-<topic>.ts`). */
import { z } from 'zod';
import { quote } from '../util/echo';
import { DURATION_PATTERN, durationProblem, type DurationRange } from '../model/duration';
import { AMP_WORKSPACE_ID } from '../model/prometheus';

/** A strict object whose unknown-key error lists the keys that are allowed. */
export function obj<T extends z.ZodRawShape>(shape: T, description?: string) {
  const allowed = Object.keys(shape).join(', ');
  const schema = z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys
            .slice(0, 5)
            .map((k) => quote(k, 40))
            .join(
              ', ',
            )}${iss.keys.length > 5 ? ` and ${iss.keys.length - 5} more` : ''} (allowed: ${allowed})`
        : undefined,
  });
  return description ? schema.describe(description) : schema;
}

/**
 * Every duration in the config is more than zero and at most a year (a year of waiting is never a threshold);
 * a field can narrow the range.
 */
export const CONFIG_DURATION_RANGE: DurationRange = { minMs: 1, maxMs: 366 * 86_400_000 };

export const duration = (description: string, range: DurationRange = CONFIG_DURATION_RANGE) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const problem = durationProblem(v, range);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description, pattern: DURATION_PATTERN, examples: ['200ms', '5s', '1m'] });

/** `90d` or `7y`: a whole number of days or years (a year is 365 days). */
const DAYS_OR_YEARS = /^([1-9]\d*)(d|y)$/;

/** Days in a string that {@link daysOrYears} accepted. */
export function daysOf(text: string): number {
  const m = DAYS_OR_YEARS.exec(text);
  if (!m) throw new Error(`${quote(text)} is not a number of days or years`);
  return Number(m[1]) * (m[2] === 'y' ? 365 : 1);
}

/** A whole number of days or years, e.g. `90d` or `7y`. */
export const daysOrYears = (description: string) =>
  z
    .string()
    .regex(DAYS_OR_YEARS, { message: 'write a whole number of days or years, e.g. 90d or 7y' })
    .describe(description);

/** A name the app uses in resource names: the message shows the pattern and says it in words. */
export const patternName = (pattern: RegExp, hint: string) =>
  z
    .string()
    .min(1)
    .regex(pattern, { message: `must match ${pattern.source} (${hint})` });

/**
 * An https:// URL as the user wrote it. `new URL` (and so `z.url`) also parses `https:/host`, `https:\\host` and
 * `HTTPS://host`, which SNS and the constructs refuse at synth with a stack trace: the text must start `https://`.
 */
export const httpsUrl = (message: string) =>
  z.url({ protocol: /^https$/, message }).regex(/^https:\/\//, { message });

/** An AWS Region name such as eu-west-1. */
export const region = () =>
  z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'region must look like eu-west-1' });

/** An Amazon Managed Service for Prometheus workspace id (`ws-…`), shared by `prometheus:` and `grafana.prometheus`. */
export const ampWorkspaceId = () =>
  z.string().regex(AMP_WORKSPACE_ID, {
    message:
      'workspace must be an Amazon Managed Service for Prometheus workspace id like ws-12345678-abcd-...',
  });
