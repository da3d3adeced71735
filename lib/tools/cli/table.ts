/** Plain tables for the terminal (ANSI colours allowed in cells) and Markdown tables for pull requests. */
// eslint-disable-next-line no-control-regex -- ANSI colour codes are exactly what this matches
const ANSI = /\x1b\[[0-9;]*m/g;

export function renderTable(
  rows: ReadonlyArray<Record<string, string | number>>,
  format: 'text' | 'md',
): string {
  if (rows.length === 0) return '(none)';
  const columns = Object.keys(rows[0]);
  const cell = (v: string | number | undefined) => String(v ?? '');
  if (format === 'md') {
    const esc = (v: string) => v.replace(/\|/g, '\\|');
    return [
      `| ${columns.join(' | ')} |`,
      `| ${columns.map(() => '---').join(' | ')} |`,
      ...rows.map((r) => `| ${columns.map((c) => esc(cell(r[c]))).join(' | ')} |`),
    ].join('\n');
  }
  // Cells may carry ANSI colours: measure what is visible.
  const visible = (v: string) => (v.includes('\x1b') ? v.replace(ANSI, '').length : v.length);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => visible(cell(r[c])))));
  const line = (values: string[]) =>
    values
      .map((v, i) => v + ' '.repeat(Math.max(0, widths[i] - visible(v))))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}
