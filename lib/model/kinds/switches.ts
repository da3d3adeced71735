/**
 * Rows a resource switches off because it lacks what they watch (a function without a dead-letter queue, a
 * cluster without Container Insights): off unless the config switches them on explicitly.
 */
import type { RowOverride } from '../telemetry-model';

/** The overrides with some rows switched off, unless an override switches them on; a new object. */
export function offUnlessEnabled(
  overrides: Readonly<Record<string, RowOverride>>,
  ids: Iterable<string>,
): Record<string, RowOverride> {
  const out = { ...overrides };
  for (const id of ids) if (out[id]?.enabled === undefined) out[id] = { ...out[id], enabled: false };
  return out;
}

/**
 * The overrides with rows switched off (`off`) and on (`on`, for rows off by default that the resource has what
 * they need for), unless an override says otherwise; a new object.
 */
export function switchRows(
  overrides: Readonly<Record<string, RowOverride>>,
  off: Iterable<string>,
  on: Iterable<string> = [],
): Record<string, RowOverride> {
  const out = offUnlessEnabled(overrides, off);
  for (const id of on) if (out[id]?.enabled === undefined) out[id] = { ...out[id], enabled: true };
  return out;
}
