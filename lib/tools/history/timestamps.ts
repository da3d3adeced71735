/** Times and mistakes in history files: light enough for the CLI to load at start. */

/** A mistake in a history file: the message names the file and where. */
export class HistoryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryFileError';
  }
}

/** Epoch seconds from an ISO string or an epoch number (seconds, or ms above 10^11). */
export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e11 ? v / 1000 : v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(v.trim())) return parseTimestamp(Number(v));
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}
