/** Building blocks shared by the schema files of telemetry.yaml. */
import { z } from 'zod';
import { DURATION_PATTERN, durationProblem } from '../model/duration';

/** A strict object whose unknown-key error lists the keys that are allowed. */
export function obj<T extends z.ZodRawShape>(shape: T, description?: string) {
  const allowed = Object.keys(shape).join(', ');
  const schema = z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')} (allowed: ${allowed})`
        : undefined,
  });
  return description ? schema.describe(description) : schema;
}

export const duration = (description: string) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const problem = durationProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description, pattern: DURATION_PATTERN, examples: ['200ms', '5s', '1m'] });
