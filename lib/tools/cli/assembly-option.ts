/**
 * Reads the cloud assembly a command was given (`-a, --app`, or diff's `<base>`). A path that does not exist, or
 * holds nothing that is a template, is a usage error in one line (exit 2). Templates that could not be read beside
 * readable ones are named on stderr as warnings (a partial read is never silent), and a command that acted on a
 * partial read ends with exit 2 unless `--allow-partial` accepts it ({@link endIfPartial}).
 */
import { existsSync, statSync } from 'node:fs';
import type { AnyAlarmSpec } from '../../model/alarm-spec';
import { printable } from '../echo';
import { readCloudAssembly, type AssemblyRead, type ReadProblem, type StackRead } from '../read/assembly';
import { partialReadError, type LabelledRead } from '../read/partial';
import { UsageError } from './errors';
import type { CliIo } from './io';

/** The options {@link defineCommand} gives a command that reads an assembly. */
export interface AssemblyOptions {
  readonly app: string;
  readonly allowPartial?: boolean;
}

/** Warnings printed per assembly; the rest are counted. */
const MAX_WARNINGS = 20;

/** Prints read problems as warnings, one bounded line each, at most {@link MAX_WARNINGS}. */
export function warnProblems(io: CliIo, problems: readonly ReadProblem[], prefix = ''): void {
  for (const p of problems.slice(0, MAX_WARNINGS))
    io.err(`warning: ${prefix}${printable(p.file, 200)}: ${p.message}\n`);
  if (problems.length > MAX_WARNINGS)
    io.err(`warning: ${prefix}and ${problems.length - MAX_WARNINGS} more problems reading the assembly\n`);
}

/** A stack whose template has a `Resources` section: something was read, even if it holds no alarm. */
const isTemplate = (s: StackRead) =>
  s.template.Resources !== null && typeof s.template.Resources === 'object';

/** Why nothing could be read, in one line: a file that is not a template, or a folder with nothing in it. */
function nothingRead(path: string, root: string, problems: readonly ReadProblem[]): string {
  const [first] = problems;
  if (statSync(path).isFile())
    return `not a cloud assembly or a CloudFormation template (${first?.message ?? 'no Resources section'})`;
  if (!first) return 'nothing could be read (the assembly has no stacks)';
  const where = first.file === path || first.file === root ? '' : `${printable(first.file, 200)}: `;
  const more = problems.length > 1 ? `, and ${problems.length - 1} more problems` : '';
  return `nothing could be read (${where}${first.message}${more})`;
}

/**
 * Reads an assembly for a command. `label` names where the path came from in messages (`--app`, `<base>`).
 * Throws a {@link UsageError} when nothing could be read; warns on stderr about what could not.
 */
export function readAssembly(path: string, io: CliIo, label = '--app'): AssemblyRead {
  const named = `${label} ${printable(path, 200)}`;
  if (!existsSync(path)) throw new UsageError(`${named}: does not exist (run \`npx cdk synth\` first?)`);
  const read = readCloudAssembly(path);
  if (!read.stacks.some(isTemplate))
    throw new UsageError(`${named}: ${nothingRead(path, read.root, read.problems)}`);
  warnProblems(io, read.problems, label === '--app' ? '' : `${label} `);
  return read;
}

/** Every alarm of an assembly, in the order of its stacks. */
export const alarmsOf = (read: AssemblyRead): AnyAlarmSpec[] =>
  read.stacks.flatMap((s) => s.alarms.map((a) => a.spec));

/**
 * Ends a command that acted on a partial read with a one-line error (exit 2), unless `--allow-partial` accepted
 * it. Call it after the report is written: the readable part is still output.
 */
export function endIfPartial(
  reads: readonly LabelledRead[],
  what: string,
  allowPartial: boolean | undefined,
): void {
  if (allowPartial) return;
  const error = partialReadError(reads, what);
  if (error) throw new UsageError(error);
}
