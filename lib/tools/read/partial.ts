/**
 * A partial read is never silent: the stacks an assembly read could not read (wholly or in part), in one line for
 * the error that ends a command which acted on such a read (unless `--allow-partial` accepts it).
 */
import { printable } from '../echo';
import type { AssemblyRead, ReadProblem } from './assembly';

/** The stacks (or files, when no stack is known) with problems, in order, each once. */
export function unreadStacks(problems: readonly ReadProblem[]): string[] {
  return [...new Set(problems.map((p) => p.stack ?? p.file))];
}

/** `a, b, c and 4 more`. */
function listOf(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).map((s) => printable(s, 60));
  return items.length > max ? `${shown.join(', ')} and ${items.length - max} more` : shown.join(', ');
}

/** One assembly a command read, with where it came from in messages (`--app`, `<base>`, or none). */
export interface LabelledRead {
  readonly read: AssemblyRead;
  readonly label?: string;
}

/**
 * The one-line error for a command that acted on a partial read, or undefined when every read is complete.
 * `what` names the output (`review`, `diff`, `backtest`).
 */
export function partialReadError(reads: readonly LabelledRead[], what: string): string | undefined {
  const partial = reads.filter((r) => r.read.problems.length > 0);
  if (partial.length === 0) return undefined;
  const parts = partial.map(({ read, label }) => {
    const stacks = unreadStacks(read.problems);
    const n = read.problems.length;
    return `${label ? `${label} ` : ''}${printable(read.root, 120)}: ${n} problem${n > 1 ? 's' : ''} in ${stacks.length > 1 ? `${stacks.length} stacks` : '1 stack'} (${listOf(stacks, 4)})`;
  });
  return `${parts.join('; ')}: the ${what} is partial (fix the assembly, or pass --allow-partial to accept it)`;
}
