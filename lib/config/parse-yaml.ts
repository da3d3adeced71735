/**
 * YAML text → a zod schema's output, with errors that name the file, line, column and path. Shared by
 * telemetry.yaml and the other YAML files the tools read (alarm tests); it knows no particular schema.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, explainIssues, type ConfigIssue, type ConfigPath } from './errors';

/** Line and column (1-based) of the node at `path`, or of its closest existing parent. */
function positionOf(
  doc: Document,
  counter: LineCounter,
  path: ConfigPath,
): { line: number; col: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const parent = n > 0 ? doc.getIn(path.slice(0, n - 1), true) : undefined;
    // For an unknown or invalid key, point at the key itself.
    if (n > 0 && isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[n - 1]);
      const key = pair?.key;
      if (isScalar(key) && key.range) return counter.linePos(key.range[0]);
    }
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]);
  }
  return undefined;
}

/** An unknown key's issue points at the key: add it to the path for locating. */
function locatePath(issue: ConfigIssue): ConfigPath {
  const m = /^unknown keys? "([^"]+)"/.exec(issue.message);
  return m ? [...issue.path, m[1]] : issue.path;
}

/**
 * Parses YAML text against a zod schema: one {@link ConfigError} with file, line, column and path for the first
 * problem. `shape` says what the top level should be, for a document that is not a mapping.
 */
export function parseYamlWith<T>(
  schema: z.ZodType<T>,
  text: string,
  file: string,
  shape: string,
): { data: T; locate: (path: ConfigPath) => { line: number; col: number } | undefined } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = counter.linePos(e.pos[0]);
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(file, [], `YAML syntax error: ${message}`, pos, doc.errors.length - 1);
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      file,
      [],
      `expected a mapping with ${shape} at the top, got ${Array.isArray(data) ? 'a list' : typeof data}`,
    );
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = explainIssues(result.error.issues, data);
    const first = issues[0];
    throw new ConfigError(
      file,
      first.path,
      first.message,
      positionOf(doc, counter, locatePath(first)),
      issues.length - 1,
    );
  }
  return { data: result.data, locate: (path) => positionOf(doc, counter, path) };
}
