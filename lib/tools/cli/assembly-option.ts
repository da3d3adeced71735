/**
 * Reads the cloud assembly a command was given (`-a, --app`, or diff's `<base>`). A path that does not exist, or
 * holds nothing that is a template, is a usage error in one line (exit 2); templates that could not be read
 * beside readable ones are named on stderr and the command goes on with the rest.
 */
import { existsSync, statSync } from 'node:fs';
import type { AnyAlarmSpec } from '../../model/alarm-spec';
import { readCloudAssembly, type AssemblyRead, type ReadProblem, type StackRead } from '../read/assembly';
import { UsageError } from './errors';
import type { CliIo } from './io';

/** The options {@link defineCommand} gives a command that reads an assembly. */
export interface AssemblyOptions {
  readonly app: string;
  readonly allowPartial?: boolean;
}

/** A stack whose template has a `Resources` section: something was read, even if it holds no alarm. */
const isTemplate = (s: StackRead) =>
  s.template.Resources !== null && typeof s.template.Resources === 'object';

/** Why nothing could be read, in one line: a file that is not a template, or a folder with nothing in it. */
function nothingRead(path: string, problems: readonly ReadProblem[]): string {
  const [first] = problems;
  if (statSync(path).isFile())
    return `not a cloud assembly or a CloudFormation template (${first?.message ?? 'no Resources section'})`;
  if (!first) return 'nothing could be read (the assembly has no stacks)';
  const where = first.file === path ? '' : `${first.file}: `;
  const more = problems.length > 1 ? `, and ${problems.length - 1} more problems` : '';
  return `nothing could be read (${where}${first.message}${more})`;
}

/**
 * Reads an assembly for a command. `label` names where the path came from in messages (`--app`, `<base>`).
 * Throws a {@link UsageError} when nothing could be read; warns on stderr about what could not.
 */
export function readAssembly(path: string, io: CliIo, label = '--app'): AssemblyRead {
  if (!existsSync(path))
    throw new UsageError(`${label} ${path}: does not exist (run \`npx cdk synth\` first?)`);
  const read = readCloudAssembly(path);
  if (!read.stacks.some(isTemplate))
    throw new UsageError(`${label} ${path}: ${nothingRead(path, read.problems)}`);
  for (const p of read.problems) io.err(`warning: ${p.file}: ${p.message}\n`);
  return read;
}

/** Every alarm of an assembly, in the order of its stacks. */
export const alarmsOf = (read: AssemblyRead): AnyAlarmSpec[] =>
  read.stacks.flatMap((s) => s.alarms.map((a) => a.spec));
