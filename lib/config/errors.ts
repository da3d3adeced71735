/**
 * Config errors for people: one line that names the file, the line and column when known, the path in the
 * config (`services[1].lambda[0]`) and what is allowed. Never a stack trace for a user mistake.
 */
import type { z } from 'zod';
import { oneLine, quote } from '../util/echo';

/** Where a value is in a config document: keys and array indexes from the root, e.g. `['services', 0, 'lambda', 1]`. */
export type ConfigPath = ReadonlyArray<string | number>;

/** Line and column (1-based) in the file. */
export interface ConfigPosition {
  /** Line, from 1. */
  readonly line: number;
  /** Column, from 1. */
  readonly col: number;
}

/** One problem of a config file, located by its path in the document (and its position, when known). */
export interface ConfigProblem {
  /** Where the problem is in the document. */
  readonly path: ConfigPath;
  /** What is wrong, in one line. */
  readonly problem: string;
  /** Where `path` is in the file. @default - none: the position is not known (a document built in code) */
  readonly position?: ConfigPosition;
}

/** At most this many problems are printed, one line each; a last line says how many more there are. */
export const MAX_PROBLEMS_SHOWN = 20;

const problemLine = (file: string, p: ConfigProblem) => {
  const where = p.position ? `${file}:${p.position.line}:${p.position.col}` : file;
  const at = p.path.length ? `${formatPath(p.path)}: ` : '';
  return oneLine(`${where}: ${at}${p.problem}`);
};

/**
 * Problems in a config file: every one of them, each a line that names the file, the line and column when known,
 * the path in the config and what is allowed. The message is those lines (at most {@link MAX_PROBLEMS_SHOWN}, then
 * how many more); `path`, `problem` and `position` are the first problem's.
 */
export class ConfigError extends Error {
  /** Every problem, in the order found. */
  readonly problems: readonly ConfigProblem[];
  /** What a user sees: one line per problem, each printable and bounded; then how many were not shown. */
  readonly lines: readonly string[];

  /**
   * @param more further problems, or (from callers that only count them) how many there are
   */
  constructor(
    /** The config file, as given (or a name for a document built in code). */
    readonly file: string,
    /** Where the first problem is in the document. */
    readonly path: ConfigPath,
    /** The first problem, in one line. */
    readonly problem: string,
    /** Where the first problem is in the file, when known. */
    readonly position?: ConfigPosition,
    more: number | readonly ConfigProblem[] = 0,
  ) {
    const problems: ConfigProblem[] = [
      { path, problem, position },
      ...(typeof more === 'number' ? [] : more),
    ];
    const lines = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => problemLine(file, p));
    if (typeof more === 'number' && more > 0) {
      lines[0] += ` (and ${more} more problem${more > 1 ? 's' : ''})`;
    }
    const hidden = problems.length - MAX_PROBLEMS_SHOWN;
    if (hidden > 0) {
      lines.push(
        oneLine(`${file}: ${hidden} more problem${hidden > 1 ? 's' : ''} not shown (fix these first)`),
      );
    }
    super(lines.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
    this.lines = lines;
  }

  /** An error for a list of problems (at least one). */
  static of(file: string, problems: readonly ConfigProblem[]): ConfigError {
    const [first, ...rest] = problems;
    return new ConfigError(file, first.path, first.problem, first.position, rest);
  }

  /**
   * An error for issues found in a file (at least one), each located by `locate`: only the problems shown are
   * located, since locating one walks the document.
   */
  static located(
    file: string,
    issues: readonly ConfigIssue[],
    locate: (issue: ConfigIssue) => ConfigPosition | undefined,
  ): ConfigError {
    return ConfigError.of(
      file,
      issues.map((i, n) => ({
        path: i.path,
        problem: i.message,
        position: n < MAX_PROBLEMS_SHOWN ? locate(i) : undefined,
      })),
    );
  }
}

/** A key written as is in a path: a name. Others (`GET /tasks`, `aws:x`, `a.b`) are quoted in brackets. */
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `['services', 1, 'lambda', 0]` → `services[1].lambda[0]`; `['tags', 'aws:x']` → `tags["aws:x"]`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (!PLAIN_KEY.test(part)) out += `[${quote(part, 40)}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

/** A located problem before it becomes an error. */
export interface ConfigIssue {
  /** Where the value is in the document. */
  readonly path: ConfigPath;
  /** What is wrong, in one line. */
  readonly message: string;
  /** Where in the file the problem is, when not at `path` (an unknown key: the key itself). @default path */
  readonly at?: ConfigPath;
}

/** Where the config-to-model converters report problems (the `Issues` of to-model.ts). */
export interface IssueSink {
  add(path: ConfigPath, message: string): void;
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

/** What a value is, for "expected X, got Y" (strings and numbers shown, shortened and escaped). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length ? `a list of ${v.length}` : 'an empty list';
  if (typeof v === 'object') {
    const keys = Object.keys(v as object);
    return keys.length
      ? `a mapping with keys ${keys
          .slice(0, 3)
          .map((k) => quote(k, 30))
          .join(', ')}${keys.length > 3 ? ', ...' : ''}`
      : 'an empty mapping';
  }
  if (typeof v === 'string') return `the string ${quote(v, 40)}`;
  return `${article(typeof v)} (${quote(v, 40)})`;
}

const TYPE_WORDS: Record<string, string> = { object: 'mapping', array: 'list' };

function valueAt(root: unknown, path: ConfigPath): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v == null || typeof v !== 'object' || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

type Issue = z.core.$ZodIssue;

/** Turns zod issues into located, readable issues. Unions report the branch that got furthest. */
export function explainIssues(
  issues: readonly Issue[],
  input: unknown,
  base: ConfigPath = [],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as Array<string | number>)];
    if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length) {
      const value = valueAt(input, path);
      const branches = issue.errors.map((errs) => explainIssues(errs, input, path));
      // A branch that failed on the value's own type is the wrong branch; prefer one that went deeper.
      const deeper = branches.filter(
        (b) => !b.every((i) => i.path.length === path.length && /^expected /.test(i.message)),
      );
      if (deeper.length) {
        out.push(...deeper[0]);
      } else {
        const expected = issue.errors
          .flat()
          .filter((i) => i.code === 'invalid_type')
          .map(
            (i) => TYPE_WORDS[(i as { expected: string }).expected] ?? (i as { expected: string }).expected,
          );
        out.push({
          path,
          message: `expected ${[...new Set(expected)].map(article).join(' or ')}, got ${describeValue(value)}`,
        });
      }
      continue;
    }
    if (issue.code === 'invalid_type') {
      const value = valueAt(input, path);
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      out.push({
        path,
        message:
          value === undefined
            ? `required (${article(expected)})`
            : `expected ${article(expected)}, got ${describeValue(value)}`,
      });
      continue;
    }
    if (issue.code === 'invalid_key') {
      // A record key that failed its own schema: its messages, at the key.
      const inner = (issue as { issues?: Issue[] }).issues ?? [];
      const key = issue.path[issue.path.length - 1];
      for (const i of inner.length ? inner : [issue]) {
        out.push({
          path,
          message: i.message === 'Invalid key in record' ? `key ${quote(key)} is not allowed` : i.message,
        });
      }
      continue;
    }
    if (issue.code === 'invalid_value' && 'values' in issue) {
      const value = valueAt(input, path);
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      out.push({ path, message: `${describeValue(value)} is not allowed (allowed: ${allowed})` });
      continue;
    }
    if (issue.code === 'unrecognized_keys' && issue.keys.length) {
      out.push({ path, message: issue.message, at: [...path, issue.keys[0]] });
      continue;
    }
    out.push({ path, message: issue.message });
  }
  // An unknown key usually explains the other problems of its mapping (a typo of a required key): report it first.
  return [
    ...out.filter((i) => i.message.startsWith('unknown key')),
    ...out.filter((i) => !i.message.startsWith('unknown key')),
  ];
}
