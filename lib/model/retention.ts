/**
 * Log retention tiers. CloudWatch Logs accepts only a fixed set of retention periods (in days); a tier names one
 * of them. The config writes them as `30d`, `2w`, `6mo`, `1y` or `7y`; this module parses, validates and explains.
 * Pure data and functions: no CDK imports (the values are those of `logs.RetentionDays`).
 */
import { quote } from '../util/echo';

/** Every retention CloudWatch Logs accepts, in days (PutRetentionPolicy), with the shortest way to write it. */
export const RETENTION_DAYS: ReadonlyArray<readonly [days: number, text: string]> = [
  [1, '1d'],
  [3, '3d'],
  [5, '5d'],
  [7, '1w'],
  [14, '2w'],
  [30, '1mo'],
  [60, '2mo'],
  [90, '3mo'],
  [120, '4mo'],
  [150, '5mo'],
  [180, '6mo'],
  [365, '1y'],
  [400, '13mo'],
  [545, '18mo'],
  [731, '2y'],
  [1096, '3y'],
  [1827, '5y'],
  [2192, '6y'],
  [2557, '7y'],
  [2922, '8y'],
  [3288, '9y'],
  [3653, '10y'],
];

/** The tiers every log group is given one of. */
export const LOG_TIERS = ['realtime', 'analytics', 'compliance'] as const;
/** One of `LOG_TIERS`: `realtime`, `analytics` or `compliance`. */
export type LogTier = (typeof LOG_TIERS)[number];

/** Retention in days for each tier. */
export type RetentionTiers = Readonly<Record<LogTier, number>>;

/** Real-time troubleshooting 30 days, analytics one year, compliance seven years. */
export const DEFAULT_RETENTION_TIERS: RetentionTiers = { realtime: 30, analytics: 365, compliance: 2557 };

const VALID = new Map(RETENTION_DAYS.map(([d, t]) => [d, t]));
const BY_TEXT = new Map(RETENTION_DAYS.map(([d, t]) => [t, d]));
const PATTERN = /^(\d+)(d|w|mo|y)$/;

/** Days as the config would write them: `30` → `1mo`; a value CloudWatch refuses → `45d`. */
export function formatRetention(days: number): string {
  return VALID.get(days) ?? `${days}d`;
}

/** Whether CloudWatch Logs accepts this many days. */
export const isValidRetention = (days: number) => VALID.has(days);

/** The accepted values closest to `days`, below and above. */
function nearest(days: number): string {
  const below = [...VALID.keys()].filter((d) => d < days).pop();
  const above = [...VALID.keys()].find((d) => d > days);
  const show = (d: number) => `${VALID.get(d)} (${d}d)`;
  return [below, above]
    .filter((d): d is number => d !== undefined)
    .map(show)
    .join(' or ');
}

/**
 * Parses `30d`, `2w`, `1mo`, `1y`, `7y` into days, or explains in one sentence why CloudWatch Logs would refuse it.
 * Days may be written as days (`365d`) or in the unit of the list (`1y`).
 */
export function parseRetention(text: string): { days: number } | { problem: string } {
  const allowed = `allowed: ${RETENTION_DAYS.map(([, t]) => t).join(', ')} (or the same in days, e.g. 30d, 365d)`;
  const m = PATTERN.exec(text.trim());
  if (!m) {
    return {
      problem: `${quote(text)} is not a retention: write a number and d, w, mo or y with no space, e.g. 30d, 1y; ${allowed}`,
    };
  }
  const days = m[2] === 'd' ? Number(m[1]) : m[2] === 'w' ? Number(m[1]) * 7 : BY_TEXT.get(text.trim());
  if (days === undefined || !VALID.has(days)) {
    const near = days === undefined ? '' : `; nearest: ${nearest(days)}`;
    return { problem: `${quote(text)} is not a retention CloudWatch Logs accepts${near}; ${allowed}` };
  }
  return { days };
}

/** Problems with a set of tiers: each must be a valid retention, and realtime ≤ analytics ≤ compliance. */
export function tierProblems(tiers: RetentionTiers): Array<{ tier: LogTier; message: string }> {
  const out: Array<{ tier: LogTier; message: string }> = [];
  for (const tier of LOG_TIERS) {
    if (!isValidRetention(tiers[tier])) {
      out.push({ tier, message: `${tiers[tier]} days is not a retention CloudWatch Logs accepts` });
    }
  }
  for (let i = 1; i < LOG_TIERS.length; i++) {
    const [shorter, longer] = [LOG_TIERS[i - 1], LOG_TIERS[i]];
    if (tiers[longer] < tiers[shorter]) {
      out.push({
        tier: longer,
        message: `${formatRetention(tiers[longer])} is shorter than ${shorter} (${formatRetention(tiers[shorter])}); tiers must not get shorter from realtime to analytics to compliance`,
      });
    }
  }
  return out;
}
