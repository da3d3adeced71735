/**
 * Lookups keyed by input text (a template's logical ids and parameters, a file's column names, statistics):
 * only the record's own properties count, so `__proto__`, `constructor` or `toString` never reach
 * `Object.prototype`.
 */

/** `record[key]` when `key` is an own property of `record`, else undefined. */
export function own<T>(record: Readonly<Record<string, T>> | null | undefined, key: unknown): T | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const k = String(key);
  return Object.hasOwn(record, k) ? record[k] : undefined;
}

/** Sets `record[key]` as an own data property (also for `__proto__`). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
