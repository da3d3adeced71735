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

/** A mistake of the person running the command: one line on stderr, exit 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
