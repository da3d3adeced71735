/**
 * Input echoed in the tools' messages, built on `lib/util/echo.ts` (the one escaping rule of the project): a
 * message stays one printable line of bounded length whatever the input holds (ANSI escapes never reach the
 * terminal).
 */
import { escapeText } from '../util/echo';

export { quote } from '../util/echo';

/** Text with unprintable characters escaped, then cut to `max` characters (with `…`). */
export function printable(text: string, max = 1_000): string {
  const line = escapeText(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A message for one line of output: unprintable characters escaped, at most `max` characters. */
export const oneLine = (message: string, max = 1_000) => printable(message.trimEnd(), max);
