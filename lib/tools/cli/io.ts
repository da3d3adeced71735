/** Where a command writes: standard output and error, and how wide the terminal is. */

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether stdout is a terminal (colours, progress bars). */
  readonly isTTY: boolean;
  /** Columns a terminal table may use (see {@link outputColumns}). @default outputColumns() */
  readonly columns?: number;
}

/** The width of tables written to a pipe or a file, when `COLUMNS` does not say otherwise. */
export const PIPE_COLUMNS = 120;

/**
 * How many columns a terminal table may use: `COLUMNS` when set (as `ls` and the cdk CLI honour it), else the
 * terminal's width, else {@link PIPE_COLUMNS} (a pipe or a file).
 */
export function outputColumns(
  env: NodeJS.ProcessEnv = process.env,
  stdout: { isTTY?: boolean; columns?: number } = process.stdout,
): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  if (stdout.isTTY && stdout.columns && stdout.columns > 0) return stdout.columns;
  return PIPE_COLUMNS;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
  get columns() {
    return outputColumns();
  },
};

/**
 * A reader that stops reading (`cdk-telemetry review --format json | head`) closes the pipe: the command ends
 * quietly with the status it had, instead of dying on EPIPE with a stack trace.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(Number(process.exitCode ?? 0) || 0);
  });
}
