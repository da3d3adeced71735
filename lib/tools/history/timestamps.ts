/** Times and mistakes in history files: light enough for the CLI to load at start. */
import { TIME_RANGE } from '../limits';

/** A mistake in a history file: the message names the file and where. */
export class HistoryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryFileError';
  }
}

/** What a time may be written as, for messages. */
export const TIME_FORMS = 'ISO 8601, or epoch seconds from 1970 to 9999';

/**
 * Epoch seconds from an ISO string or an epoch number (seconds, or ms above 10^11); undefined when it is not a
 * time or lies outside 1970-9999 ({@link TIME_RANGE}), so no later date arithmetic can overflow.
 */
export function parseTimestamp(v: unknown): number | undefined {
  let t: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) t = v > 1e11 ? v / 1000 : v;
  else if (typeof v === 'string' && v.trim() !== '') {
    const s = v.trim();
    if (/^-?\d+(\.\d+)?$/.test(s)) return parseTimestamp(Number(s));
    const ms = Date.parse(s);
    t = Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return t !== undefined && t >= TIME_RANGE.min && t <= TIME_RANGE.max ? t : undefined;
}
