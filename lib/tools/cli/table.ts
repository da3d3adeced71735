/** Plain tables for the terminal and Markdown tables for pull requests, from rows of strings. */
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
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}
