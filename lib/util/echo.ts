/**
 * Values from the input, echoed in one-line messages. Whatever a user (or an attacker) wrote, the message stays one
 * line of printable text of bounded length: line breaks, control characters (ANSI escapes), invisible and
 * direction-changing characters and lone UTF-16 surrogates are written as escapes, and long values are shortened.
 * Pure: no CDK, usable from the model, the config and the tools.
 */

/** Characters that break a line, drive a terminal, hide, or reorder text: always shown as an escape. */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udfff]/gu;

const escapeChar = (c: string) => {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
};

/** `text` with every unprintable character escaped (`\n`, `\u001b`, `\u2028`, `\ud800`...). */
export function escapeText(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}

/** The longest value echoed, in characters, before it is shortened. */
export const ECHO_MAX = 60;

/**
 * A value as a message shows it: strings in double quotes (inner quotes and backslashes escaped), shortened to
 * about `max` characters with the full length said, unprintable characters escaped; other values as text.
 */
export function quote(value: unknown, max = ECHO_MAX): string {
  if (typeof value !== 'string') {
    const text =
      typeof value === 'number' || typeof value === 'boolean' || value == null ? String(value) : '…';
    return escapeText(text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);
  }
  const chars = [...value];
  const short = chars.length > max ? `${chars.slice(0, max).join('')}…` : value;
  const body = escapeText(short.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
  return chars.length > max ? `"${body}" (${chars.length} characters)` : `"${body}"`;
}

/** The longest line a message may be; past it the line is cut (a last guard: echoes are shortened already). */
export const LINE_MAX = 1000;

/** One message line: unprintable characters escaped, at most {@link LINE_MAX} characters. */
export function oneLine(text: string): string {
  const line = escapeText(text);
  return line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line;
}
