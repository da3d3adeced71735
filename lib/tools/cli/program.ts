/**
 * The `cdk-telemetry` command: one commander program, one module per command in `commands/`. A command module
 * exports `register(program)`; user mistakes throw {@link UsageError} (exit 2, one line, no stack trace).
 */
import { Command, CommanderError } from 'commander';
import { oneLine } from '../echo';
import { COMMANDS } from './commands';

/** Exit statuses, documented in the README. */
export const EXIT = {
  /** Success; nothing to report. */
  OK: 0,
  /** The command worked and found something: findings with --strict, differences, failed tests. */
  FOUND: 1,
  /** Usage or input error: bad arguments, unreadable files. */
  USAGE: 2,
  /** Unexpected internal error (a bug: please report it with the stack trace). */
  INTERNAL: 3,
} as const;

/** A mistake of the person running the command. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether stdout is a terminal (colours, progress bars). */
  readonly isTTY: boolean;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
};

export function buildProgram(io: CliIo): Command {
  const program = new Command('cdk-telemetry')
    .description(
      'Review, diff, cost and test the telemetry of a CDK app (reads cdk.out), or check a deployment.',
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const register of COMMANDS) register(program, io);
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
    if (e instanceof UsageError) {
      io.err(`error: ${oneLine(e.message, 990)}\n`);
      return EXIT.USAGE;
    }
    io.err(`internal error: ${(e as Error).stack ?? e}\n`);
    return EXIT.INTERNAL;
  } finally {
    process.exitCode = outer;
  }
}
