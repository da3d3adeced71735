/**
 * Durations in the config are strings such as `200ms`, `5s`, `1m`, `6h`, `30d`: a number and a unit with no
 * space between them. One parser, used by the schema (to validate) and by the model (to convert).
 */

import { quote } from '../util/echo';

/** Units a duration may use, with their length in milliseconds. */
export const DURATION_UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** A key of `DURATION_UNITS`: `ms`, `s`, `m`, `h` or `d`. */
export type DurationUnit = keyof typeof DURATION_UNITS;

/** The pattern a duration string must match (also exported to the JSON Schema). */
export const DURATION_PATTERN = '^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$';
const DURATION_RE = new RegExp(DURATION_PATTERN);

/** Allowed lengths of a duration, in milliseconds (both ends included). */
export interface DurationRange {
  readonly minMs?: number;
  readonly maxMs?: number;
  /** The range in the config's own words, for messages (`1s to 14d`). @default both ends formatted */
  readonly text?: string;
}

/** Explains, in one sentence, why `text` is not a duration (or not one in `range`). */
export function durationProblem(text: string, range: DurationRange = {}): string | undefined {
  if (!DURATION_RE.test(text)) {
    return `${quote(text)} is not a duration: write a number and a unit with no space, e.g. 200ms, 5s, 1m, 6h, 30d (units: ${Object.keys(DURATION_UNITS).join(', ')})`;
  }
  const ms = toMs(text);
  const { minMs = 0, maxMs = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isFinite(ms) || ms < minMs || ms > maxMs) {
    const hi = maxMs >= Number.MAX_SAFE_INTEGER ? 'any length' : formatDuration(maxMs);
    return `${quote(text)} is out of range: write a duration from ${range.text ?? `${formatDuration(minMs)} to ${hi}`}`;
  }
  return undefined;
}

function toMs(text: string): number {
  const unit = /(ms|s|m|h|d)$/.exec(text)![1] as DurationUnit;
  return Number(text.slice(0, -unit.length)) * DURATION_UNITS[unit];
}

/** Parses `200ms` → 200. Throws on anything {@link durationProblem} rejects. */
export function parseDurationMs(text: string): number {
  const problem = durationProblem(text);
  if (problem) throw new Error(problem);
  return toMs(text);
}

/** Parses a duration that must be a whole number of seconds (alarm periods). */
export function parseDurationSeconds(text: string): number {
  return parseDurationMs(text) / 1000;
}

/** Formats milliseconds for people: 200 → `200 ms`, 90000 → `1.5 min`, 86400000 → `1 day`. */
export function formatDuration(ms: number): string {
  const trim = (n: number) => String(Number(n.toFixed(2)));
  if (ms < 1000) return `${trim(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${trim(ms / 3_600_000)} h`;
  const days = ms / 86_400_000;
  return `${trim(days)} ${days === 1 ? 'day' : 'days'}`;
}
