/** Renders a {@link ReportDoc} for the terminal: underlined headings, aligned tables, ASCII bars, colours on a TTY. */
import { outputColumns } from '../cli/io';
import { renderTable, wrapText } from '../cli/table';
import { cellText, cellTone, type CellLike, type ReportDoc, type TableBlock, type Tone } from './document';

const ANSI: Partial<Record<Tone, string>> = {
  critical: '\x1b[31m',
  error: '\x1b[31m',
  removed: '\x1b[31m',
  warning: '\x1b[33m',
  changed: '\x1b[33m',
  info: '\x1b[36m',
  ok: '\x1b[32m',
  added: '\x1b[32m',
  muted: '\x1b[2m',
};

export interface TextOptions {
  /** ANSI colours (on a terminal, unless NO_COLOR is set). @default false */
  readonly color?: boolean;
  /** Columns a table may use: long cells wrap to fit. @default the terminal's width, or 120 */
  readonly columns?: number;
}

export function renderText(doc: ReportDoc, options: TextOptions = {}): string {
  const paint = (c: CellLike) => {
    const text = cellText(c);
    const tone = cellTone(c);
    return options.color && tone && ANSI[tone] ? `${ANSI[tone]}${text}\x1b[0m` : text;
  };
  const columns = options.columns ?? outputColumns();
  const table = (b: TableBlock) => {
    const rows = b.rows.map((r) => Object.fromEntries(b.columns.map((c, i) => [c, paint(r[i] ?? '')])));
    return rows.length ? renderTable(rows, 'text', { columns, optional: b.optional }) : '(none)';
  };
  // Prose wraps at spaces to the same width as the tables; list items hang under their dash.
  const prose = (text: string) => wrapText(text, columns).join('\n');
  const item = (c: CellLike) =>
    wrapText(cellText(c), columns - 2)
      .map((line, i) => `${i ? '  ' : '- '}${paint({ text: line, tone: cellTone(c) })}`)
      .join('\n');

  const out: string[] = [doc.title, '='.repeat(doc.title.length)];
  if (doc.subtitle) out.push(prose(doc.subtitle));
  for (const b of doc.blocks) {
    switch (b.type) {
      case 'heading':
        out.push(
          '',
          b.level === 1
            ? `${b.text}\n${'-'.repeat(b.text.length)}`
            : `${b.level === 2 ? '##' : '###'} ${b.text}`,
        );
        break;
      case 'paragraph':
        out.push('', prose(b.text));
        break;
      case 'figures': {
        // Figures side by side, on as many lines as the width needs.
        const lines: string[] = [];
        let line = '';
        let used = 0;
        for (const i of b.items) {
          const plain = `${i.label}: ${i.value}`;
          if (line && used + 3 + plain.length > columns) {
            lines.push(line);
            line = '';
            used = 0;
          }
          line += `${line ? '   ' : ''}${i.label}: ${paint({ text: i.value, tone: i.tone })}`;
          used += (used ? 3 : 0) + plain.length;
        }
        out.push('', ...lines, line);
        break;
      }
      case 'bars': {
        const max = Math.max(1, ...b.items.map((i) => i.value));
        const width = Math.max(...b.items.map((i) => i.label.length));
        out.push('', `${b.title}:`);
        for (const i of b.items) {
          const bar = '#'.repeat(Math.max(i.value > 0 ? 1 : 0, Math.round((i.value / max) * 30)));
          out.push(`  ${i.label.padEnd(width)}  ${paint({ text: bar, tone: i.tone })} ${i.value}`);
        }
        break;
      }
      case 'table':
        out.push('', table(b));
        break;
      case 'list':
        out.push('', ...b.items.map(item));
        break;
      case 'cards':
        out.push('', `## ${b.title} (${b.count})`, '', table(b.table));
        if (b.notes.length) out.push('', ...b.notes.map(item));
        break;
    }
  }
  return out.join('\n') + '\n';
}
