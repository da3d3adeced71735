/** Renders a {@link ReportDoc} as GitHub-flavoured Markdown, for a pull-request comment. */
import { renderTable } from '../cli/table';
import { cellText, cellTone, type CellLike, type ReportDoc, type TableBlock } from './document';

/** Escapes what Markdown would format; `<` becomes an entity (`> 5` stays readable in the source). */
const escape = (t: string) => t.replace(/([\\`*_[\]])/g, '\\$1').replace(/</g, '&lt;');

/** Marks findings and severities so they stand out in a PR without colour. */
function md(c: CellLike): string {
  const text = escape(cellText(c));
  const tone = cellTone(c);
  if (tone === 'critical' || tone === 'error' || tone === 'removed') return `**${text}**`;
  if (tone === 'muted') return `_${text}_`;
  return text;
}

function table(b: TableBlock): string {
  const rows = b.rows.map((r) => Object.fromEntries(b.columns.map((c, i) => [c, md(r[i] ?? '')])));
  return rows.length ? renderTable(rows, 'md') : '_(none)_';
}

export function renderMarkdown(doc: ReportDoc): string {
  const out: string[] = [`# ${escape(doc.title)}`];
  if (doc.subtitle) out.push('', escape(doc.subtitle));
  for (const b of doc.blocks) {
    switch (b.type) {
      case 'heading':
        out.push('', `${'#'.repeat(b.level + 1)} ${escape(b.text)}`);
        break;
      case 'paragraph':
        out.push('', escape(b.text));
        break;
      case 'figures':
        out.push('', b.items.map((i) => `**${escape(i.label)}:** ${escape(i.value)}`).join(' · '));
        break;
      case 'bars':
        out.push(
          '',
          `**${escape(b.title)}**`,
          '',
          renderTable(
            b.items.map((i) => ({ [b.title]: i.label, count: i.value })),
            'md',
          ),
        );
        break;
      case 'table':
        out.push('', table(b));
        break;
      case 'list':
        out.push('', ...b.items.map((i) => `- ${md(i)}`));
        break;
      case 'cards':
        out.push('', `### ${escape(b.title)} (${b.count})`, '', table(b.table));
        if (b.notes.length) out.push('', ...b.notes.map((i) => `- ${md(i)}`));
        break;
    }
  }
  return out.join('\n') + '\n';
}
