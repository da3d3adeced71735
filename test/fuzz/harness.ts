/**
 * The fuzz harness shared by every fuzz target (config, assemblies, templates, history files, alarm tests).
 * Seeded and reproducible: the same seed and index always produce the same input, so a crash found at length
 * (`npm run fuzz`) is replayed exactly in a regression test. Targets live beside this file, one per input format.
 */

// Module constants: under jest's vm context a global lookup (`Math`) costs 100x a local one; `next` runs millions of
// times in a quick fuzz run.
const { floor, imul } = Math;

/** A seeded pseudo-random generator (mulberry32): fast, 32-bit state, reproducible across platforms. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }
}

/** The seed of input `index` in a run seeded with `seed`: inputs are independent, so any one can be replayed. */
export const inputSeed = (seed: number, index: number) => (Math.imul(seed ^ 0x9e3779b9, 31) + index) >>> 0;

/** What one input did. `crash` is anything a user must never see: a stack trace, an internal error, a hang. */
export type Outcome =
  | { readonly kind: 'accepted' }
  | {
      readonly kind: 'rejected';
      /** What the user sees, exactly (one line). */
      readonly message: string;
      /**
       * When the user is shown several problems, one line each (e.g. every problem of a config file): all of them,
       * each checked like `message`. @default - only `message`
       */
      readonly problems?: readonly string[];
    }
  | { readonly kind: 'crash'; readonly error: string };

/**
 * One input format under test. The contract (see README.md beside this file):
 * - `generate` is a pure function of its `rng` (no `Math.random`, no clock, no file writes): the same seed and
 *   index give the same input on every machine, so the runner's replay line reproduces a crash exactly;
 * - `run` returns `rejected` with the exact text a user sees for every user mistake, `accepted` when the input is
 *   taken, and `crash` (or throws) for anything else: a stack trace, an internal error, an invalid output;
 * - `run` may be slow or leak: the runner runs it in a child process with a time and a memory limit.
 */
export interface FuzzTarget<I> {
  /** Unique among all targets, kebab-case (`config`, `cli-history`): `npm run fuzz -- --target <name>`. */
  readonly name: string;
  /** Builds input number `index` from its own generator. */
  generate(rng: Rng, index: number): I;
  /** A short, printable description of an input, for reports and regression tests. */
  describe(input: I): string;
  /** Runs the code under test on the input and classifies what happened. */
  run(input: I): Outcome | Promise<Outcome>;
  /** The whole input as a file, for replays (`--index` writes it). @default - `describe(input)` */
  serialize?(input: I): string;
  /** CPU time one input may take before it counts as a hang, in ms. @default 10_000 */
  readonly timeoutMs?: number;
  /** Memory one input may take (heap limit and resident-set watchdog of the child process), in MB. @default 1024 */
  readonly memoryMb?: number;
  /** Resident set one child may reach (heap, code and buffers), in MB. @default memoryMb + 768 */
  readonly rssMb?: number;
  /** How many inputs the quick run in `npm test` takes. @default 200 */
  readonly quickCount?: number;
}

/** A string as one printable line for reports: quoted, with every control and line-breaking character escaped. */
export function printable(text: string, max = 300): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * What a user-facing rejection message must be: one line, no control characters (ANSI escapes, CR, U+2028,
 * U+0085), at most `maxLength` characters. Returns the problem, or undefined when the message is fine.
 */
export function messageProblem(message: string, maxLength = 1000): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(message)) return 'control character';
  if (message.trimEnd().includes('\n')) return 'more than one line';
  if (message.length > maxLength) return `longer than ${maxLength} characters (${message.length})`;
  return undefined;
}
