/**
 * Reading the cloud assembly a command works on: problems are printed as warnings (a partial read is never
 * silent), nothing readable is a usage error, and a command that acted on a partial read ends with exit 2
 * unless `--allow-partial` accepts it ({@link endIfPartial}).
 */
import { existsSync } from 'node:fs';
import type { AnyAlarmSpec } from '../../model/alarm-spec';
import { printable } from '../echo';
import { readCloudAssembly, type AssemblyRead, type ReadProblem } from '../read/assembly';
import { partialReadError, type LabelledRead } from '../read/partial';
import { UsageError, type CliIo } from './program';

/** Warnings printed per assembly; the rest are counted. */
const MAX_WARNINGS = 20;

/** Prints read problems as warnings, one line each, at most {@link MAX_WARNINGS}. */
export function warnProblems(io: CliIo, problems: readonly ReadProblem[], label = ''): void {
  for (const p of problems.slice(0, MAX_WARNINGS))
    io.err(`warning: ${label}${printable(p.file, 200)}: ${p.message}\n`);
  if (problems.length > MAX_WARNINGS)
    io.err(`warning: ${label}and ${problems.length - MAX_WARNINGS} more problems reading the assembly\n`);
}

/** Reads an assembly; a path that does not exist or holds nothing readable is a usage error (exit 2). */
export function readAssemblyOption(
  path: string,
  io: CliIo,
  label = '',
): { read: AssemblyRead; alarms: AnyAlarmSpec[] } {
  if (!existsSync(path))
    throw new UsageError(`${label}${printable(path, 200)}: does not exist (run \`npx cdk synth\` first?)`);
  const read = readCloudAssembly(path);
  if (read.stacks.length === 0) {
    // The first problem is in the error; the others are warnings before it.
    const [first, ...rest] = read.problems;
    warnProblems(io, rest, label);
    const where =
      first && first.file !== path && first.file !== read.root ? `${printable(first.file, 200)}: ` : '';
    throw new UsageError(
      `${label}${printable(path, 200)}: nothing could be read (${first ? `${where}${first.message}` : 'no stacks'}${rest.length ? `, and ${rest.length} more problems` : ''})`,
    );
  }
  warnProblems(io, read.problems, label);
  return { read, alarms: read.stacks.flatMap((s) => s.alarms.map((a) => a.spec)) };
}

/** Ends a command that acted on a partial read with a one-line error (exit 2), unless it was accepted. */
export function endIfPartial(
  reads: readonly LabelledRead[],
  what: string,
  allowPartial: boolean | undefined,
): void {
  const error = allowPartial ? undefined : partialReadError(reads, what);
  if (error) throw new UsageError(error);
}
