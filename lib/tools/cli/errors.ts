/** Exit statuses and the one error type a command throws for a mistake of the person running it. */

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

/**
 * A mistake of the person running the command: exit 2, no stack trace, and on stderr one line per problem, each
 * after `error: ` (a config or test file with three problems prints three `error:` lines).
 */
export class UsageError extends Error {
  /** The problems, one a line, without the `error: ` the CLI prints before each. */
  readonly lines: readonly string[];

  /** @param problems one problem, or several (a line each); a message with line breaks is a line per line */
  constructor(problems: string | readonly string[]) {
    const lines = (typeof problems === 'string' ? [problems] : problems)
      .flatMap((p) => p.split('\n'))
      .filter((l) => l.trim() !== '');
    super(lines.join('\n'));
    this.name = 'UsageError';
    this.lines = lines.length ? lines : ['bad usage'];
  }
}
