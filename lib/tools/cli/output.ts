/** How every command writes what it found: one format option, one output option, one way to render. */
import { writeFileSync } from 'node:fs';
import type { Usage } from '../cost/usage';
import { DEFAULT_USAGE } from '../cost/usage-defaults';
import { renderDoc, type Format, type ReportDoc } from '../report';
import { UsageError } from './errors';
import { outputColumns, type CliIo } from './io';
import { asUsageError } from './options';

/** The options {@link defineCommand} gives a command that writes a report. */
export interface OutputOptions {
  readonly format: Format;
  readonly output?: string;
}

/** Columns a terminal table may use for this output: the terminal's, or those of a pipe or file. */
export const columnsFor = (io: CliIo): number => io.columns ?? outputColumns();

/** Writes a file a command produces (`-o`, `--junit`); its folder was checked before the command ran. */
export function writeOptionFile(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

/** Writes text to the `-o` file (saying so on stderr) or to standard output. */
export function writeOutput(io: CliIo, opts: Pick<OutputOptions, 'output'>, text: string): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (!opts.output) return io.out(body);
  writeOptionFile('--output', opts.output, body);
  io.err(`wrote ${opts.output}\n`);
}

/** Renders the document (or, for `json`, the data) in the chosen format and writes it. */
export function writeReport(io: CliIo, opts: OutputOptions, doc: () => ReportDoc, data: () => unknown): void {
  const color = !opts.output && io.isTTY && !process.env.NO_COLOR;
  const text =
    opts.format === 'json'
      ? JSON.stringify(data(), null, 2) // a deploy-time (NaN) threshold becomes null
      : renderDoc(doc(), opts.format, { color, columns: columnsFor(io) });
  writeOutput(io, opts, text);
}

/** A list (rules, catalog rows) as a document: one table, in every format. */
export function tableDoc(
  title: string,
  rows: ReadonlyArray<Record<string, string | number>>,
  subtitle?: string,
  optional?: readonly string[],
): ReportDoc {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  return {
    title,
    ...(subtitle ? { subtitle } : {}),
    blocks: [{ type: 'table', columns, rows: rows.map((r) => columns.map((c) => r[c] ?? '')), optional }],
  };
}

/** Usage for a cost estimate: the defaults, or a file and `--set` values (validated; a mistake is exit 2). */
export async function usageOption(
  file: string | undefined,
  settings: readonly string[] = [],
): Promise<Usage> {
  if (!file && settings.length === 0) return DEFAULT_USAGE;
  // zod and yaml take a while to load: only when there is usage to read.
  const { loadUsage } = await import('../cost/usage');
  try {
    return loadUsage(file, settings);
  } catch (e) {
    throw asUsageError(e);
  }
}
