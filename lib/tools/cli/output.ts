/** What the review, diff and cost commands share: the format option, reading an assembly, writing the output. */
import { Option, type Command } from 'commander';
import type { Usage } from '../cost/usage';
import { DEFAULT_USAGE } from '../cost/usage-defaults';
import type { AssemblyRead } from '../read/assembly';
import { readAssemblyOption } from './assembly-option';
import { FORMATS, renderDoc, type Format, type ReportDoc } from '../report';
import { asUsageError, writeOptionFile } from './options';
import type { CliIo } from './program';

export interface OutputOptions {
  readonly format: Format;
  readonly output?: string;
}

/** Adds `--format` and `--output` to a command. */
export function withOutputOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--format <format>',
        'table (terminal), md (pull requests), json (machines) or html (one page)',
      )
        .choices(FORMATS)
        .default('table'),
    )
    .option('-o, --output <file>', 'write to a file instead of standard output');
}

/** Reads an assembly; a path that does not exist or holds nothing readable is a usage error (exit 2). */
export const readAssemblyOrFail = (path: string, io: CliIo, label = ''): AssemblyRead =>
  readAssemblyOption(path, io, label).read;

/** Renders the document (or the JSON data) and writes it to the output file or standard output. */
export function writeReport(io: CliIo, opts: OutputOptions, doc: () => ReportDoc, data: () => unknown): void {
  const color = !opts.output && io.isTTY && !process.env.NO_COLOR;
  const text =
    opts.format === 'json'
      ? JSON.stringify(data(), null, 2) + '\n' // a deploy-time (NaN) threshold becomes null
      : renderDoc(doc(), opts.format, { color });
  if (!opts.output) {
    io.out(text);
    return;
  }
  writeOptionFile('--output', opts.output, text);
  io.err(`wrote ${opts.output}\n`);
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
