/** One line of a verify report. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Difference {
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface Check {
  readonly status: CheckStatus;
  /** What kind of thing was checked: `alarm`, `x-ray sampling rule`, `round trip`, ... */
  readonly kind: string;
  /** The alarm, rule or group name. */
  readonly subject: string;
  readonly detail: string;
  readonly differences?: readonly Difference[];
}

/** How many checks passed, failed, warned and were skipped. */
export function verifySummary(report: { readonly checks: readonly Check[] }) {
  const count = (s: CheckStatus) => report.checks.filter((c) => c.status === s).length;
  return { pass: count('pass'), fail: count('fail'), warn: count('warn'), skip: count('skip') };
}

const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

/** `threshold: 5 → 10; period: 60 → 300` (assembly → deployed). */
export const describeDifferences = (ds: readonly Difference[]) =>
  ds.map((d) => `${d.field}: ${show(d.expected)} → ${show(d.actual)}`).join('; ');

/**
 * Field-by-field differences of two plain values (objects compared by key, arrays by position). `same` decides
 * equality of leaves (default: ===).
 */
export function differences(
  expected: unknown,
  actual: unknown,
  path = '',
  same: (a: unknown, b: unknown, path: string) => boolean = (a, b) => a === b,
): Difference[] {
  const isObj = (v: unknown) => v !== null && typeof v === 'object';
  if (isObj(expected) && isObj(actual) && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = Array.isArray(expected)
      ? Array.from({ length: Math.max(expected.length, (actual as unknown[]).length) }, (_, i) => String(i))
      : [...new Set([...Object.keys(expected as object), ...Object.keys(actual as object)])];
    return keys.flatMap((k) =>
      differences(
        (expected as Record<string, unknown>)[k],
        (actual as Record<string, unknown>)[k],
        Array.isArray(expected) ? `${path}[${k}]` : path ? `${path}.${k}` : k,
        same,
      ),
    );
  }
  return same(expected, actual, path) ? [] : [{ field: path || '(value)', expected, actual }];
}
