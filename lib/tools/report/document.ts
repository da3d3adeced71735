/**
 * A report as data: headings, figures, tables, lists and alarm cards. The tools (review, diff, cost) build one
 * document; one renderer per format turns it into text for the terminal, Markdown for pull requests, or one
 * self-contained HTML page. JSON output is the tools' own data, not a document.
 */
import type { Comparison, MissingData, Severity } from '../../model/alarm-spec';

/** How a cell or item is emphasized: severities, finding levels, diff kinds. */
export type Tone = Severity | 'error' | 'ok' | 'muted' | 'added' | 'removed' | 'changed';

export interface Cell {
  readonly text: string;
  readonly tone?: Tone;
}

export type CellLike = string | number | Cell;

/** What one alarm's evaluation window looks like: drawn as a small chart in HTML. */
export interface WindowChart {
  /** Seconds. */
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparison: Comparison;
  /** The threshold as written in the template (NaN when only known at deploy time). */
  readonly threshold: number;
  /** The threshold for people: `200 ms`, `5%`, `2 σ`. */
  readonly thresholdText: string;
  readonly treatMissingData: MissingData;
}

export interface AlarmCard {
  readonly id: string;
  readonly title: string;
  readonly tone: Tone;
  /** Small grey line under the title: stack, service, severity source. */
  readonly subtitle: string;
  readonly condition: string;
  readonly facts: ReadonlyArray<readonly [string, string]>;
  readonly chart?: WindowChart;
  /** Findings and notes, with their tone. */
  readonly flags: readonly Cell[];
}

export type Block =
  | { readonly type: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  /** Headline figures: `Alarms 66`, `Findings 3`, `Cost $12.40/month`. */
  | { readonly type: 'figures'; readonly items: ReadonlyArray<{ label: string; value: string; tone?: Tone }> }
  /** Counts to compare: a bar chart in HTML, a small table elsewhere. */
  | {
      readonly type: 'bars';
      readonly title: string;
      readonly items: ReadonlyArray<{ label: string; value: number; tone?: Tone }>;
    }
  | TableBlock
  | { readonly type: 'list'; readonly items: readonly CellLike[] }
  /**
   * A group of alarms: per-alarm cards with a window chart in HTML; the `table` (same facts, one row per alarm)
   * and `notes` in text and Markdown.
   */
  | {
      readonly type: 'cards';
      readonly title: string;
      readonly open: boolean;
      /**
       * Built only by the HTML renderer (thousands of cards cost time the other formats need not spend), at most
       * `max` of them (the first ones).
       */
      readonly cards: (max?: number) => readonly AlarmCard[];
      readonly count: number;
      readonly table: TableBlock;
      readonly notes: readonly CellLike[];
    };

export interface TableBlock {
  readonly type: 'table';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly CellLike[])[];
  /** Columns a narrow terminal may leave out, in this order (see `TableOptions.optional`). @default - none */
  readonly optional?: readonly string[];
}

export interface ReportDoc {
  readonly title: string;
  readonly subtitle?: string;
  readonly blocks: readonly Block[];
}

/** Shortens text for a table cell: `a long condit…`. */
export const clip = (t: string, max = 160) => (t.length > max ? `${t.slice(0, max - 1)}…` : t);

export const cellText = (c: CellLike): string => (typeof c === 'object' ? c.text : String(c));
export const cellTone = (c: CellLike): Tone | undefined => (typeof c === 'object' ? c.tone : undefined);
