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

/** A cell this long or shorter is never broken: a number with its unit (`24 min`, `99.8 %`, `$17.00`). */
const SHORT_CELL = 12;
/** A cell of one word this long or shorter is never broken: an ISO date, a kind, a severity. */
const SHORT_WORD = 20;
/** The narrowest a column of long cells may become: a long name is cut at a separator to this width. */
const LONG_CELL_MIN = 16;

export interface TableOptions {
  /** Columns the table may use (terminal tables only). @default outputColumns() */
  readonly columns?: number;
  /**
   * Columns a terminal table may leave out, in this order, when the others do not fit; the table says which.
   * @default - none: every column is kept, or the rows become records
   */
  readonly optional?: readonly string[];
}

/** Text without its ANSI colours. */
export const stripAnsi = (v: string) => (v.includes('\x1b') ? v.replace(ANSI, '') : v);
const visible = (v: string) => stripAnsi(v).length;

/**
 * Column widths that fit `total` columns: the natural widths when they fit; otherwise columns that need less than
 * an equal share of what is left keep their width (repeatedly), and the rest share it equally.
 */
export function fitWidths(natural: readonly number[], total: number): number[];
/** As above, no column narrower than its minimum; `undefined` when the minimums do not fit. */
export function fitWidths(
  natural: readonly number[],
  total: number,
  minimum: readonly number[],
): number[] | undefined;
export function fitWidths(
  natural: readonly number[],
  total: number,
  minimum: readonly number[] = natural.map(() => 1),
): number[] | undefined {
  const available = Math.max(MIN_WIDTH, total) - GAP * (natural.length - 1);
  if (natural.reduce((a, b) => a + b, 0) <= available) return [...natural];
  const least = natural.map((w, i) => Math.min(w, Math.max(1, minimum[i])));
  if (least.reduce((a, b) => a + b, 0) > available) return undefined;
  const fitted: (number | undefined)[] = natural.map(() => undefined);
  let left = available;
  let open = natural.length;
  // A column keeps its natural width when that is within the share; when none does, the columns whose minimum is
  // above the share get their minimum.
  for (let changed = true; changed && open > 0;) {
    changed = false;
    for (const pass of ['natural', 'minimum'] as const) {
      const share = left / open;
      natural.forEach((w, i) => {
        const keep =
          pass === 'natural' ? (w <= share ? w : undefined) : least[i] > share ? least[i] : undefined;
        if (fitted[i] === undefined && keep !== undefined) {
          fitted[i] = keep;
          left -= keep;
          open--;
          changed = true;
        }
      });
      if (changed) break;
    }
  }
  const share = Math.max(1, Math.floor(left / Math.max(1, open)));
  let extra = Math.max(0, left - share * open);
  const widths = fitted.map((w) => w ?? share + (extra-- > 0 ? 1 : 0));
  // A minimum fixed after the shares were taken can leave the sum over what is available (catalog --coverage at
  // 80 columns: 81): take the excess from the columns furthest above their minimum (the minimums fit, see above).
  for (let over = widths.reduce((a, b) => a + b, 0) - available; over > 0; over--) {
    let widest = 0;
    widths.forEach((w, i) => {
      if (w - least[i] > widths[widest] - least[widest]) widest = i;
    });
    widths[widest]--;
  }
  return widths;
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
  if (format === 'md') {
    const esc = (v: string) => v.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
    return [
      `| ${columns.join(' | ')} |`,
      `| ${columns.map(() => '---').join(' | ')} |`,
      ...rows.map((r) => `| ${columns.map((c) => esc(cell(r[c]))).join(' | ')} |`),
    ].join('\n');
  }
  const natural = columns.map((c) => naturalWidth(c, rows));
  const total = options.columns ?? outputColumns();
  const kept = [...columns];
  const fit = () =>
    fitWidths(
      kept.map((c) => natural[columns.indexOf(c)]),
      total,
      kept.map((c) => minimumWidth(c, rows)),
    );
  let widths = fit();
  // Leave out optional columns, in the order given, until the others fit at their minimums.
  for (const c of options.optional ?? []) {
    if (widths) break;
    if (!kept.includes(c)) continue;
    kept.splice(kept.indexOf(c), 1);
    widths = fit();
  }
  if (!widths) return renderRecords(rows, columns, Math.max(MIN_WIDTH, total));
  const fitted = widths;
  const out: string[] = [];
  const emit = (values: readonly string[]) => {
    const split = values.map((v, i) => cellLines(v, fitted[i]));
    const height = Math.max(...split.map((s) => s.length));
    for (let k = 0; k < height; k++) {
      out.push(
        split
          .map((s, i) => {
            const v = s[k] ?? '';
            return v + ' '.repeat(Math.max(0, fitted[i] - visible(v)));
          })
          .join(' '.repeat(GAP))
          .trimEnd(),
      );
    }
  };
  emit(kept);
  out.push(fitted.map((w) => '-'.repeat(w)).join(' '.repeat(GAP)));
  for (const r of rows) emit(kept.map((c) => cell(r[c])));
  const left = columns.filter((c) => !kept.includes(c));
  if (left.length) {
    const note = `(left out to fit ${total} columns: ${left.join(', ')}; --format md or json has every column)`;
    out.push('', ...wrapText(note, Math.max(MIN_WIDTH, total)));
  }
  return out.join('\n');
}

const cell = (v: string | number | undefined) => String(v ?? '');
const words = (v: string) => stripAnsi(v).split(/\s+/);

function naturalWidth(column: string, rows: ReadonlyArray<Record<string, string | number>>): number {
  return Math.max(visible(column), ...rows.map((r) => Math.max(...cell(r[column]).split('\n').map(visible))));
}

/**
 * The narrowest a column may be: its header's longest word, its short cells whole, and its long cells' longest
 * word up to {@link LONG_CELL_MIN} (a longer name is cut at a separator, a longer text wraps between words).
 */
function minimumWidth(column: string, rows: ReadonlyArray<Record<string, string | number>>): number {
  let least = Math.max(...words(column).map((w) => w.length));
  for (const r of rows) {
    const text = stripAnsi(cell(r[column]));
    const split = words(text);
    const longest = Math.max(...split.map((w) => w.length));
    const whole = text.length <= SHORT_CELL || (split.length === 1 && text.length <= SHORT_WORD);
    least = Math.max(least, whole ? text.length : Math.min(longest, LONG_CELL_MIN));
  }
  return least;
}

/** Each row as `header: value` lines, a blank line between rows: the layout of last resort for a narrow terminal. */
function renderRecords(
  rows: ReadonlyArray<Record<string, string | number>>,
  columns: readonly string[],
  total: number,
): string {
  const label = Math.max(...columns.map((c) => c.length)) + 1;
  const width = Math.max(1, total - label - 1);
  return rows
    .map((r) =>
      columns
        .flatMap((c) =>
          cellLines(cell(r[c]), width).map((l, i) => `${(i ? '' : `${c}:`).padEnd(label)} ${l}`.trimEnd()),
        )
        .join('\n'),
    )
    .join('\n\n');
}
