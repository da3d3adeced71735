/**
 * YAML text → a zod schema's output, with errors that name the file, line, column and path. Shared by
 * telemetry.yaml and the other YAML files the tools read (alarm tests); it knows no particular schema.
 *
 * Bounded whatever the input: the text has a size limit, aliases a limit on how far they expand (an alias bomb is
 * a one-line error, not gigabytes), and every problem becomes a located {@link ConfigError}, never a stack trace.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { escapeText, quote } from '../util/echo';
import {
  ConfigError,
  explainIssues,
  type ConfigIssue,
  type ConfigPath,
  type ConfigPosition,
  type ConfigProblem,
} from './errors';

/** The largest YAML file read, in characters (telemetry.yaml of a big app is a few hundred KB). */
export const MAX_YAML_CHARS = 4_000_000;
/** How many alias expansions a document may need (the `yaml` library's measure; a bomb needs millions). */
export const MAX_ALIAS_COUNT = 1_000;

/** Lone UTF-16 surrogates (`"\ud800"` in a double-quoted string): no UTF-8 encoding, so no valid template either. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** The longest prefix of `path` that the document holds. */
function deepestIn(doc: Document, path: ConfigPath): ConfigPath {
  for (let n = path.length; n > 0; n--) {
    if (doc.hasIn(path.slice(0, n))) return path.slice(0, n);
  }
  return [];
}

/** Line and column (1-based) of the node at `path`, or of its closest existing parent. */
function positionOf(doc: Document, counter: LineCounter, path: ConfigPath): ConfigPosition | undefined {
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

/** Where an issue is in the file: an unknown key's issue points at the key. */
const locatePath = (issue: ConfigIssue): ConfigPath => issue.at ?? issue.path;

/** Aliases whose anchor is not defined before them: the `yaml` library would throw a ReferenceError. */
function unresolvedAliases(doc: Document, counter: LineCounter): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        out.push({
          path: [],
          problem: `YAML alias *${escapeText(node.source.slice(0, 40))} has no anchor &${escapeText(node.source.slice(0, 40))} before it`,
          position: node.range ? counter.linePos(node.range[0]) : undefined,
        });
      }
    },
  });
  return out;
}

/** The first alias of the document, where an over-expanding alias chain is reported. */
function firstAlias(doc: Document, counter: LineCounter): ConfigPosition | undefined {
  let at: ConfigPosition | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) at = counter.linePos(node.range[0]);
      return visit.BREAK;
    },
  });
  return at;
}

/** Paths of strings (keys or values) that hold lone surrogates, at most `max`. */
function loneSurrogates(data: unknown, max = 20): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const walk = (v: unknown, path: ConfigPath) => {
    if (out.length >= max) return;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) {
        out.push({
          path,
          problem: `${quote(v)} holds a lone UTF-16 surrogate, which is not a character (write the character itself, or a \\U escape of its code point)`,
        });
      }
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k)) {
          out.push({
            path,
            problem: `the key ${quote(k)} holds a lone UTF-16 surrogate, which is not a character`,
          });
        }
        walk(x, [...path, k]);
      }
    }
  };
  walk(data, []);
  return out;
}

/** What parsing gave: the data, and how to find where a path is in the file. */
export interface ParsedYaml<T> {
  readonly data: T;
  /** Line and column of the node at `path` (or of its closest existing parent). */
  readonly locate: (path: ConfigPath) => ConfigPosition | undefined;
  /** The longest prefix of `path` written in the file (what a problem at `path` can be blamed on). */
  readonly written: (path: ConfigPath) => ConfigPath;
}

/**
 * Parses YAML text against a zod schema. Every problem (syntax, aliases, schema) is reported in one
 * {@link ConfigError}, each with file, line, column and path. `shape` says what the top level should be, for a
 * document that is not a mapping.
 */
export function parseYamlWith<T>(
  schema: z.ZodType<T>,
  text: string,
  file: string,
  shape: string,
): ParsedYaml<T> {
  if (text.length > MAX_YAML_CHARS) {
    throw new ConfigError(
      file,
      [],
      `the file is ${text.length} characters long; at most ${MAX_YAML_CHARS} are read (split the config, or look for a runaway list)`,
    );
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw ConfigError.of(
      file,
      doc.errors.map((e) => ({
        path: [],
        problem: `YAML syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        position: counter.linePos(e.pos[0]),
      })),
    );
  }
  const unresolved = unresolvedAliases(doc, counter);
  if (unresolved.length) throw ConfigError.of(file, unresolved);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const excessive = /alias count/i.test((e as Error).message);
    throw new ConfigError(
      file,
      [],
      excessive
        ? `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions, as in an alias bomb): write the values out, or alias fewer aliases`
        : `YAML cannot be read: ${(e as Error).message.split('\n')[0]}`,
      firstAlias(doc, counter),
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      file,
      [],
      `expected a mapping with ${shape} at the top, got ${Array.isArray(data) ? 'a list' : data === null ? 'nothing' : typeof data}`,
    );
  }
  const locate = (path: ConfigPath) => positionOf(doc, counter, path);
  const surrogates = loneSurrogates(data);
  if (surrogates.length) {
    throw ConfigError.of(
      file,
      surrogates.map((p) => ({ ...p, position: locate(p.path) })),
    );
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = explainIssues(result.error.issues, data);
    throw ConfigError.located(file, issues, (i) => positionOf(doc, counter, locatePath(i)));
  }
  return { data: result.data, locate, written: (path) => deepestIn(doc, path) };
}
