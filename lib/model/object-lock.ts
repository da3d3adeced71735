/**
 * S3 Object Lock default retention, as data: a mode and a number of days. S3 accepts 1 to 36,500 days (100 years)
 * for a bucket's default retention (aws-cdk-lib's `ObjectLockRetention` refuses more than 365 × 100 days), and a
 * lock longer than the objects are kept would only keep them past their retention tier. Pure data: no CDK imports.
 */

/** S3 Object Lock on a bucket: `compliance` (nobody can delete a version early, not even root) or `governance`. */
export interface ObjectLockModel {
  /**
   * `compliance`: nobody can delete a version before `days` (not even root); `governance`: users with a special
   * permission can.
   */
  readonly mode: 'governance' | 'compliance';
  /** Days a version is locked after it is written, 1 to 36,500. */
  readonly days: number;
}

/** The Object Lock modes, as `ObjectLockModel.mode` takes them. */
export const OBJECT_LOCK_MODES = ['governance', 'compliance'] as const;

/** The longest default retention S3 accepts: 100 years of 365 days. */
export const MAX_OBJECT_LOCK_DAYS = 36_500;

/** Why a default retention of `days` is refused for a bucket kept `keptDays`, if it is. */
export function objectLockProblem(days: number, keptDays: number): string | undefined {
  const max = Math.min(MAX_OBJECT_LOCK_DAYS, keptDays);
  if (Number.isInteger(days) && days >= 1 && days <= max) return undefined;
  const why =
    keptDays < MAX_OBJECT_LOCK_DAYS
      ? 'no longer than the objects are kept, the compliance tier'
      : 'S3 allows at most 100 years';
  return `retention of ${Number.isFinite(days) ? days : 'too many'} days is out of range: 1 to ${max} days (${why})`;
}
