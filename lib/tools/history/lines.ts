/** The lines of a history file, read in place (a 32 MiB file is never split into an array of lines). */

/** Calls `each` with every non-blank line (trimmed) and its number (1-based). */
export function forEachLine(text: string, each: (line: string, lineNo: number) => void): void {
  let lineNo = 0;
  for (let from = 0; from <= text.length;) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to).trim();
    from = to + 1;
    lineNo++;
    if (line !== '') each(line, lineNo);
  }
}
