/**
 * Plain tables for the terminal (ANSI colours allowed in cells) and Markdown tables for pull requests. A terminal
 * table fits the width it is given, as the cdk CLI's tables do: columns narrower than their fair share keep their
 * width, the others share the rest, and their cells wrap at spaces (a word longer than its column is cut).
 * Markdown, JSON and HTML keep the full text.
 */
import { outputColumns } from './io';

// eslint-disable-next-line no-control-regex -- ANSI colour codes are exactly what this matches
const ANSI = /\x1b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex -- a cell painted as a whole: colour, text, reset
const PAINTED = /^(\x1b\[[0-9;]*m)([^\x1b]*)(\x1b\[0m)$/;

/** Columns between two cells of a terminal table. */
const GAP = 2;
/** The narrowest table width considered, however narrow the terminal says it is (as the cdk CLI does). */
const MIN_WIDTH = 40;

export interface TableOptions {
  /** Columns the table may use (terminal tables only). @default outputColumns() */
  readonly columns?: number;
}

/** Text without its ANSI colours. */
export const stripAnsi = (v: string) => (v.includes('\x1b') ? v.replace(ANSI, '') : v);
const visible = (v: string) => stripAnsi(v).length;

/**
 * Column widths that fit `total` columns: the natural widths when they fit; otherwise columns that need less than
 * an equal share of what is left keep their width (repeatedly), and the rest share it equally.
 */
export function fitWidths(natural: readonly number[], total: number): number[] {
  const available = Math.max(MIN_WIDTH, total) - GAP * (natural.length - 1);
  if (natural.reduce((a, b) => a + b, 0) <= available) return [...natural];
  const fitted: (number | undefined)[] = natural.map(() => undefined);
  let left = available;
  let open = natural.length;
  for (let changed = true; changed && open > 0;) {
    changed = false;
    const share = left / open;
    natural.forEach((w, i) => {
      if (fitted[i] === undefined && w <= share) {
        fitted[i] = w;
        left -= w;
        open--;
        changed = true;
      }
    });
  }
  const share = Math.max(1, Math.floor(left / Math.max(1, open)));
  let extra = Math.max(0, left - share * open);
  return fitted.map((w) => w ?? share + (extra-- > 0 ? 1 : 0));
}

const lowerUpper = (a: string, b: string) => a >= 'a' && a <= 'z' && b >= 'A' && b <= 'Z';

/**
 * Where a word too long for its line is best cut: after a separator of names and paths if one is near the end,
 * else between the words of a CamelCase name, else at the width.
 */
function cutAt(word: string, width: number): number {
  for (let i = width; i > width / 2; i--) if ('-_/.,:'.includes(word[i - 1])) return i;
  for (let i = width; i > width / 2; i--) if (lowerUpper(word[i - 1], word[i])) return i;
  return width;
}

/**
 * The lines of a text wrapped at `width`: at spaces where it can; a word longer than a line is cut where
 * {@link cutAt} finds best.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = '';
      }
      let rest = line ? `${line} ${word}` : word;
      while (rest.length > width) {
        const cut = cutAt(rest, width);
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** A cell's lines at `width`, keeping the colour of a cell painted as a whole. */
function cellLines(value: string, width: number): string[] {
  if (visible(value) <= width && !value.includes('\n')) return [value];
  const painted = PAINTED.exec(value);
  if (painted) return wrapText(painted[2], width).map((l) => `${painted[1]}${l}${painted[3]}`);
  return wrapText(value.replace(ANSI, ''), width);
}

export function renderTable(
  rows: ReadonlyArray<Record<string, string | number>>,
  format: 'text' | 'md',
  options: TableOptions = {},
): string {
  if (rows.length === 0) return '(none)';
  const columns = Object.keys(rows[0]);
  const cell = (v: string | number | undefined) => String(v ?? '');
  if (format === 'md') {
    const esc = (v: string) => v.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
    return [
      `| ${columns.join(' | ')} |`,
      `| ${columns.map(() => '---').join(' | ')} |`,
      ...rows.map((r) => `| ${columns.map((c) => esc(cell(r[c]))).join(' | ')} |`),
    ].join('\n');
  }
  const natural = columns.map((c) =>
    Math.max(visible(c), ...rows.map((r) => Math.max(...cell(r[c]).split('\n').map(visible)))),
  );
  const widths = fitWidths(natural, options.columns ?? outputColumns());
  const out: string[] = [];
  const emit = (values: readonly string[]) => {
    const split = values.map((v, i) => cellLines(v, widths[i]));
    const height = Math.max(...split.map((s) => s.length));
    for (let k = 0; k < height; k++) {
      out.push(
        split
          .map((s, i) => {
            const v = s[k] ?? '';
            return v + ' '.repeat(Math.max(0, widths[i] - visible(v)));
          })
          .join(' '.repeat(GAP))
          .trimEnd(),
      );
    }
  };
  emit(columns);
  out.push(widths.map((w) => '-'.repeat(w)).join(' '.repeat(GAP)));
  for (const r of rows) emit(columns.map((c) => cell(r[c])));
  return out.join('\n');
}
