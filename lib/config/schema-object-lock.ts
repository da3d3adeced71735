/** `objectLock:` in telemetry.yaml, shared by the trail bucket (`audit`) and the log archive (`logs.archive`). */
import { z } from 'zod';
import { MAX_OBJECT_LOCK_DAYS, OBJECT_LOCK_MODES } from '../model/object-lock';
import { daysOf, daysOrYears, obj } from './schema-helpers';

/** S3 Object Lock default retention: a mode and a retention of 1 day to 100 years. */
export const objectLockSchema = (what: string) =>
  obj({
    mode: z
      .enum(OBJECT_LOCK_MODES)
      .default('compliance')
      .describe(
        'compliance: nobody can delete or overwrite an object before its time, not even the root user; governance: only principals with s3:BypassGovernanceRetention can. Default compliance.',
      ),
    retention: daysOrYears(
      'How long each object is locked, 1d to 100y (36500d), and no longer than the compliance tier, e.g. 1y.',
    ).superRefine((v, ctx) => {
      // The pattern above reports text that is not days or years; only a well-formed value has a length.
      if (/^[1-9]\d*[dy]$/.test(v) && daysOf(v) > MAX_OBJECT_LOCK_DAYS) {
        ctx.addIssue({
          code: 'custom',
          message: `retention must be 1d to 100y (${MAX_OBJECT_LOCK_DAYS} days), the longest S3 Object Lock allows`,
        });
      }
    }),
  }).describe(`S3 Object Lock on ${what} (set when the bucket is created; it cannot be removed).`);
