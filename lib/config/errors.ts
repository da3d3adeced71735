/**
 * Config errors for people: one line that names the file, the line and column when known, the path in the
 * config (`services[1].lambda[0]`) and what is allowed. Never a stack trace for a user mistake.
 */
import type { z } from 'zod';

export type ConfigPath = ReadonlyArray<string | number>;

/** A problem in a config file, located by its path in the document. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly path: ConfigPath,
    readonly problem: string,
    readonly position?: { line: number; col: number },
    readonly more = 0,
  ) {
    const where = position ? `${file}:${position.line}:${position.col}` : file;
    const at = path.length ? `${formatPath(path)}: ` : '';
    const extra = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
    super(`${where}: ${at}${problem}${extra}`);
    this.name = 'ConfigError';
  }
}

/** `['services', 1, 'lambda', 0]` → `services[1].lambda[0]`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

/** A located problem before it becomes an error. */
export interface ConfigIssue {
  readonly path: ConfigPath;
  readonly message: string;
}

/** Where the config-to-model converters report problems (the `Issues` of to-model.ts). */
export interface IssueSink {
  add(path: ConfigPath, message: string): void;
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string "${v.length > 40 ? v.slice(0, 37) + '...' : v}"`;
  return `${article(typeof v)} (${String(v)})`;
}

const TYPE_WORDS: Record<string, string> = { object: 'mapping', array: 'list' };

function valueAt(root: unknown, path: ConfigPath): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v == null || typeof v !== 'object') return undefined;
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
    if (issue.code === 'invalid_value' && 'values' in issue) {
      const value = valueAt(input, path);
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      out.push({ path, message: `${describeValue(value)} is not allowed (allowed: ${allowed})` });
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
