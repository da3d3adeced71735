/**
 * Input echoed in messages: quoted, shortened, with line breaks, control characters and lone surrogates escaped,
 * so that a message stays one printable line whatever the input holds (ANSI escapes never reach the terminal).
 */

// C0 and C1 controls, DEL, line and paragraph separators, BOM, lone surrogates.
/* eslint-disable no-control-regex -- these are the characters to escape */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

const escape = (ch: string) =>
  ch === '\n'
    ? '\\n'
    : ch === '\r'
      ? '\\r'
      : ch === '\t'
        ? '\\t'
        : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text with unsafe characters escaped, cut to `max` characters (with `…`). */
export function printable(text: string, max = 1_000): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(UNSAFE, escape);
}

/** A value from the input, for a message: `"abc"`, shortened to `max` characters. */
export function quote(value: unknown, max = 60): string {
  return `"${printable(typeof value === 'string' ? value : String(value), max)}"`;
}

/** A message for one line of output: unsafe characters escaped, at most `max` characters. */
export const oneLine = (message: string, max = 1_000) => printable(message.trimEnd(), max);
