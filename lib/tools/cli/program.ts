/**
 * The `cdk-telemetry` command: one commander program, one module per command in `commands/`, each declared with
 * the shared option builders of `builders.ts`. A command module exports `register(program, io)`; user mistakes
 * throw {@link UsageError} (exit 2, one `error: ` line per problem, no stack trace).
 */
import { Command, CommanderError } from 'commander';
import { oneLine } from '../echo';
import { finishCommand } from './builders';
import { COMMANDS } from './commands';
import { EXIT, UsageError } from './errors';
import { endQuietlyOnClosedPipe, processIo, type CliIo } from './io';
import { asUsageError } from './options';
import { packageVersion } from './version';

export { EXIT, UsageError } from './errors';
export { processIo, type CliIo } from './io';

export function buildProgram(io: CliIo): Command {
  const program = new Command('cdk-telemetry')
    .description(
      'Review, diff, cost and test the telemetry of a CDK app (reads cdk.out), or check a deployment.',
    )
    .version(packageVersion(), '-V, --version', 'print the version of cdk-telemetry')
    .helpOption('-h, --help', 'show the help of cdk-telemetry or of a command')
    .helpCommand('help [command]', 'show the help of cdk-telemetry or of a command')
    // A usage error is one line: commander's suggestion ("(Did you mean --output?)") joins it.
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (text, write) => write(`${text.trimEnd().replace(/\n+/g, ' ')}\n`),
    })
    .exitOverride();
  for (const register of COMMANDS) register(program, io);
  for (const command of program.commands) finishCommand(command);
  return program;
}

/** Runs the CLI and returns the exit status (never throws). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  // Commands report a status through process.exitCode; keep the caller's value (tests run many commands).
  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? EXIT.OK) || EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return EXIT.OK;
      return EXIT.USAGE;
    }
    // A file's problems reach here wrapped or not (a command that forgot asUsageError still exits 2).
    const usage = asUsageError(e);
    if (usage instanceof UsageError) {
      // One bounded, printable line per problem: input text echoed in a message cannot flood or garble stderr.
      for (const line of usage.lines) io.err(`error: ${oneLine(line, 990)}\n`);
      return EXIT.USAGE;
    }
    io.err(`internal error: ${(e as Error).stack ?? e}\n`);
    return EXIT.INTERNAL;
  } finally {
    process.exitCode = outer;
  }
}

/** The `cdk-telemetry` executable: runs the CLI on the process's arguments and sets its exit status. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  process.exitCode = await runCli(argv);
}
