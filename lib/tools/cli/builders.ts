/**
 * The option builders every command is made of: the assembly it reads, the format and file it writes, AWS access.
 * One spelling, one description and one check per concept, so a new command cannot drift from the others
 * (`test/tools/cli-grammar.test.ts` walks every command and checks it). A command is declared with
 * {@link defineCommand}; options that only one command has are added to what it returns.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option, type Command } from 'commander';
import type { Format } from '../report';
import { UsageError } from './errors';

/** What each format is for, in the words of every command's help. */
const FORMAT_WORDS: Record<Format, string> = {
  table: 'table for a terminal',
  md: 'md for a pull request',
  json: 'json for machines',
  html: 'html for one self-contained page',
};

/** The default assembly: what `cdk synth` writes. */
export const DEFAULT_APP = 'cdk.out';

/**
 * `-a, --app <cdk.out>`: the cloud assembly a command reads (the cdk CLI's own flag for a synthesized app).
 * `perFile`: the command's input files name their own assembly, which `--app` overrides (no default).
 */
export function appOption(perFile = false): Option {
  const what = 'the cloud assembly: a cdk.out folder, a folder of *.template.json, or one template file';
  return perFile
    ? new Option('-a, --app <cdk.out>', `${what} (default: the assembly each file names)`)
    : new Option('-a, --app <cdk.out>', what).default(DEFAULT_APP);
}

/**
 * `--allow-partial`: accept an assembly of which some stacks or alarms could not be read. Its problems are printed
 * either way; without it, a command that acted on a partial read ends with exit 2 (the behaviour comes with the
 * readers' partial-read reporting). Commands that read an assembly get it from {@link defineCommand}.
 */
export function allowPartialOption(): Option {
  return new Option(
    '--allow-partial',
    'accept an assembly with unreadable stacks or alarms (warnings still list them; without it, exit 2)',
  );
}

/** `--format <format>`: the formats a command can write, the first one the default; one check, one message. */
export function formatOption(formats: readonly Format[]): Option {
  return new Option('--format <format>', formats.map((f) => FORMAT_WORDS[f]).join(', '))
    .choices(formats)
    .default(formats[0]);
}

/** Options whose value is a file the command writes: its folder must exist (checked before the command runs). */
const OUTPUT_FILES = new WeakSet<Option>();

/** An option naming a file to write; its folder must exist, so a typo cannot write somewhere unexpected. */
export function fileOption(flags: string, description: string): Option {
  const option = new Option(flags, `${description} (its folder must exist)`);
  OUTPUT_FILES.add(option);
  return option;
}

/** `-o, --output <file>`: the report goes to this file instead of standard output. */
export function outputOption(): Option {
  return fileOption('-o, --output <file>', 'write the report to this file instead of standard output');
}

/** `--region` and `--profile`: AWS access for commands that call AWS (else the SDK's standard chain). */
export function awsOptions(): Option[] {
  return [
    new Option('--region <region>', 'AWS Region (default: the standard chain: AWS_REGION, the profile)'),
    new Option('--profile <profile>', 'AWS profile (default: the standard chain: AWS_PROFILE, default)'),
  ];
}

/** What a command is made of; everything here is spelled and checked the same way in every command. */
export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  /**
   * Reads a cloud assembly: `-a, --app` and `--allow-partial`; `per-file` when each input file names its own
   * assembly, which `--app` overrides.
   */
  readonly assembly?: boolean | 'per-file';
  /** Writes a report: `--format` with these formats (the first is the default) and `-o, --output`. */
  readonly formats?: readonly Format[];
  /** Calls AWS: `--region` and `--profile`. */
  readonly aws?: boolean;
}

/** Shared options added after a command's own, so that its help lists them last. */
const LATER = new WeakMap<Command, Option[]>();

/**
 * Declares a command with the shared options of its spec, grouped in its help (assembly first; output and AWS
 * after the command's own options, added by {@link finishCommand}), and checks before it runs that the folder of
 * every file it writes exists.
 */
export function defineCommand(program: Command, spec: CommandSpec): Command {
  const command = program.command(spec.name).description(spec.description);
  if (spec.assembly)
    for (const o of [appOption(spec.assembly === 'per-file'), allowPartialOption()])
      command.addOption(o.helpGroup('Assembly:'));
  const later: Option[] = [];
  if (spec.formats)
    later.push(...[formatOption(spec.formats), outputOption()].map((o) => o.helpGroup('Output:')));
  if (spec.aws) later.push(...awsOptions().map((o) => o.helpGroup('AWS:')));
  LATER.set(command, later);
  if (spec.assembly === true) command.allowExcessArguments(true); // to say how the assembly is given
  command.hook('preAction', (_parent, action) => {
    if (spec.assembly === true) refuseAssemblyArgument(action);
    checkOutputFolders(action);
  });
  return command;
}

/** The assembly used to be an argument of some commands: say how it is given now. */
function refuseAssemblyArgument(command: Command): void {
  const expected = command.registeredArguments.length;
  const extra = command.args.slice(expected);
  if (extra.length === 0) return;
  const kept = command.args
    .slice(0, expected)
    .map((a) => ` ${a}`)
    .join('');
  throw new UsageError(
    `unexpected argument "${extra[0]}": the assembly is given with --app (cdk-telemetry ${command.name()}${kept} --app ${extra[0]})`,
  );
}

/** Adds the shared options a command's own come before; `buildProgram` calls it once every command is declared. */
export function finishCommand(command: Command): void {
  for (const o of LATER.get(command) ?? []) command.addOption(o);
  LATER.delete(command);
}

/** A file option's folder that does not exist is a usage error: nothing is created silently. */
function checkOutputFolders(command: Command): void {
  for (const option of command.options) {
    if (!OUTPUT_FILES.has(option)) continue;
    const file = command.getOptionValue(option.attributeName()) as string | undefined;
    if (file === undefined) continue;
    const folder = dirname(file);
    if (!existsSync(folder))
      throw new UsageError(`${option.long} ${file}: the folder ${folder} does not exist (create it first)`);
    if (!statSync(folder).isDirectory())
      throw new UsageError(`${option.long} ${file}: ${folder} is not a folder`);
    if (existsSync(file) && statSync(file).isDirectory())
      throw new UsageError(`${option.long} ${file}: is a folder, not a file`);
  }
}
