/**
 * Seeded mutants of a YAML document: the generic half of every YAML fuzz target (telemetry.yaml, alarm tests).
 * Structural edits go through the `yaml` Document (changed types, deleted, renamed and duplicated keys and items,
 * unicode and control characters, huge numbers and lists, bad durations, anchors and aliases, values from a
 * dictionary, grafted sections); text edits follow (duplicated or deleted lines, alias bombs, undefined aliases,
 * byte flips). Each edit is recorded in words, so a finding says what was changed.
 */
import {
  Alias,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  type Document,
  type Node,
  type ParsedNode,
} from 'yaml';
import { printable, type Rng } from './harness';

export type YamlPath = ReadonlyArray<string | number>;

/** A mutant: the text and the edits that made it. */
export interface YamlMutant {
  readonly text: string;
  readonly edits: readonly string[];
}

/** What a format knows about its own interesting values. */
export interface YamlMutationTable {
  /** Values to try for a key, by the key's name (the last string in its path), e.g. `region`, `name`. */
  readonly byKey?: Readonly<Record<string, readonly unknown[]>>;
  /** Whole sections to set at a path, e.g. `[['env'], { region: 'zz-nowhere-9' }]`. */
  readonly grafts?: ReadonlyArray<readonly [YamlPath, unknown]>;
}

/** Characters a user can paste by mistake or an attacker on purpose. */
export const ODD_TEXT = [
  '\u0000',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u001b[31m',
  '\u001b]0;title\u0007',
  '\u0008',
  '\u007f',
  '\u200b',
  '\ufeff',
  '\u202e',
  '\ud800',
  '\udfff',
  '\ud83d\ude80',
  'é',
  'İ',
  'ß',
  '\u0301',
  '{x}',
  '${x}',
  '%s',
  '"',
  "'",
  '\\',
  '`',
  ': ',
  ' #',
  '*',
  '&',
  '!',
  '|',
  '/',
  '..',
  '<script>',
  ' ',
  '',
];

/** Numbers and numeric strings at the edges. */
export const ODD_NUMBERS: readonly unknown[] = [
  0,
  -1,
  -0.5,
  0.5,
  1e-320,
  2 ** 31,
  2 ** 53 - 1,
  2 ** 53 + 2,
  1e21,
  1e308,
  Infinity,
  -Infinity,
  NaN,
  '1e309',
  '9'.repeat(40),
  '9'.repeat(309),
  '0x10',
  '1_000',
  '-0',
  '.5',
  '5.',
];

/** Durations with something wrong (or right at an edge). */
export const ODD_DURATIONS = [
  '0s',
  '0ms',
  '0.0001ms',
  '-1s',
  '1.5.5m',
  '200 ms',
  '1e3s',
  '10000000000000000h',
  `${'9'.repeat(309)}s`,
  `${'9'.repeat(5000)}ms`,
  '99999999y',
  '1y',
  '1w',
  '',
  '5',
  's',
  'ms',
  '1 m',
  '1M',
  '24h',
  '15m',
  '366d',
  '1.000000000000000001s',
];

interface Slot {
  readonly path: YamlPath;
  readonly node: unknown;
}

/** Every node of the document with its path (map keys as strings, list items by index). */
export function slotsOf(doc: Document): Slot[] {
  const out: Slot[] = [];
  const walk = (node: unknown, path: YamlPath) => {
    out.push({ path, node });
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  return out;
}

export const pathText = (path: YamlPath) =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(top)';

const keyOf = (path: YamlPath) =>
  [...path].reverse().find((p) => typeof p === 'string') as string | undefined;

/** Sets a value at a path, double-quoting strings so that escapes (`\0`, `\ud800`) survive as YAML writes them. */
function setValue(doc: Document, path: YamlPath, value: unknown) {
  const node = doc.createNode(value) as Node;
  if (isScalar(node) && typeof value === 'string') node.type = Scalar.QUOTE_DOUBLE;
  if (path.length === 0) doc.contents = node as ParsedNode;
  else doc.setIn(path, node);
}

function typo(rng: Rng, key: string): string {
  if (!key) return 'x';
  const i = rng.int(0, key.length - 1);
  switch (rng.int(0, 3)) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1) || `${key}_`;
    case 1:
      return key.slice(0, i) + key[i] + key.slice(i);
    case 2:
      return i + 1 < key.length ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2) : `${key}s`;
    default:
      return key.slice(0, i) + key[i].toUpperCase() + key.slice(i + 1);
  }
}

const RETYPE: readonly unknown[] = [
  42,
  -1,
  3.5,
  true,
  false,
  null,
  'text',
  '',
  [],
  {},
  ['a'],
  { x: 1 },
  [[]],
];

/** One structural edit of the document; returns its description. */
function structuralEdit(doc: Document, rng: Rng, table: YamlMutationTable): string {
  const slots = slotsOf(doc);
  const inner = slots.filter((s) => s.path.length > 0);
  const pick = (filter: (s: Slot) => boolean) => {
    const list = inner.filter(filter);
    return list.length ? rng.pick(list) : rng.pick(inner.length ? inner : slots);
  };
  const byKey = table.byKey ?? {};
  const op = rng.int(0, 12);
  switch (op) {
    case 0: {
      const s = pick(() => true);
      const v = rng.pick(RETYPE);
      setValue(doc, s.path, v);
      return `${pathText(s.path)} = ${printable(JSON.stringify(v), 60)}`;
    }
    case 1: {
      const s = pick(() => true);
      doc.deleteIn(s.path);
      return `delete ${pathText(s.path)}`;
    }
    case 2: {
      // Duplicate a list item (the same channel twice, the same service twice...).
      const s = pick((x) => typeof x.path[x.path.length - 1] === 'number');
      const parent = doc.getIn(s.path.slice(0, -1), true);
      if (isSeq(parent) && typeof s.path[s.path.length - 1] === 'number') {
        const copy = doc.createNode(doc.getIn(s.path)) as Node;
        parent.items.splice(rng.int(0, parent.items.length), 0, copy);
        return `duplicate ${pathText(s.path)}`;
      }
      return `duplicate nothing at ${pathText(s.path)}`;
    }
    case 3: {
      // Rename a key (a typo), keeping its value.
      const s = pick((x) => typeof x.path[x.path.length - 1] === 'string');
      const parent = doc.getIn(s.path.slice(0, -1), true);
      const key = s.path[s.path.length - 1];
      if (isMap(parent) && typeof key === 'string') {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
        const name = typo(rng, key);
        if (pair && isScalar(pair.key)) pair.key.value = name;
        return `rename ${pathText(s.path)} to ${printable(name, 40)}`;
      }
      return `rename nothing at ${pathText(s.path)}`;
    }
    case 4: {
      // Odd characters inside a string.
      const s = pick((x) => isScalar(x.node) && typeof x.node.value === 'string');
      const text = isScalar(s.node) ? String(s.node.value) : '';
      const odd = rng.pick(ODD_TEXT);
      const at = rng.int(0, text.length);
      const v = text.slice(0, at) + odd + text.slice(at);
      setValue(doc, s.path, v);
      return `${pathText(s.path)} = ${printable(v, 80)}`;
    }
    case 5: {
      const s = pick((x) => isScalar(x.node));
      const v = rng.pick(ODD_NUMBERS);
      setValue(doc, s.path, v);
      return `${pathText(s.path)} = ${printable(String(v), 40)}`;
    }
    case 6: {
      const s = pick((x) => isScalar(x.node) && /^\d/.test(String(x.node.value)));
      const v = rng.pick(ODD_DURATIONS);
      setValue(doc, s.path, v);
      return `${pathText(s.path)} = ${printable(v, 40)}`;
    }
    case 7: {
      // A huge list: the items repeated, either exactly (duplicates) or made distinct.
      const s = pick((x) => isSeq(x.node) && x.node.items.length > 0);
      if (!isSeq(s.node) || !s.node.items.length) return `no list at ${pathText(s.path)}`;
      const items = doc.getIn(s.path) as unknown[];
      const n = rng.pick([20, 100, 600, 2000]);
      const distinct = rng.chance(0.6);
      const out = Array.from({ length: n }, (_, i) => {
        const item = items[i % items.length];
        return distinct && typeof item === 'string' ? `${item}${i}` : item;
      });
      setValue(doc, s.path, out);
      return `${pathText(s.path)} x ${n}${distinct ? ' (distinct)' : ''}`;
    }
    case 8: {
      // A value from the format's own table, by key name.
      const keyed = inner.filter((x) => {
        const k = keyOf(x.path);
        return k !== undefined && Object.hasOwn(byKey, k);
      });
      if (!keyed.length) return structuralEdit(doc, rng, table);
      const s = rng.pick(keyed);
      const v = rng.pick(byKey[keyOf(s.path)!]);
      setValue(doc, s.path, v);
      return `${pathText(s.path)} = ${printable(JSON.stringify(v) ?? String(v), 80)}`;
    }
    case 9:
    case 10: {
      const grafts = table.grafts ?? [];
      if (!grafts.length) return structuralEdit(doc, rng, table);
      const [path, value] = rng.pick(grafts);
      setValue(doc, path, value);
      return `${pathText(path)} = ${printable(JSON.stringify(value), 80)}`;
    }
    case 11: {
      // An anchor on one node and an alias to it elsewhere (valid YAML; the value shows up twice).
      const from = pick((x) => !isAlias(x.node) && x.path.length > 0);
      const to = pick((x) => x.path.length > 0);
      const node = doc.getIn(from.path, true) as Node | undefined;
      if (!node || isAlias(node) || (isScalar(node) === false && !isMap(node) && !isSeq(node))) {
        return `no anchor at ${pathText(from.path)}`;
      }
      node.anchor ??= `a${rng.int(0, 999)}`;
      const isAncestor = from.path.every((p, i) => to.path[i] === p);
      if (isAncestor) return `anchor ${pathText(from.path)} only`;
      doc.setIn(to.path, new Alias(node.anchor));
      return `${pathText(to.path)} = *${node.anchor} (${pathText(from.path)})`;
    }
    default: {
      // Keys of another section where they do not belong: a known key at a random map.
      const maps = slots.filter((x) => isMap(x.node));
      const s = rng.pick(maps);
      const keys = Object.keys(byKey);
      const k = keys.length ? rng.pick(keys) : 'extra';
      const v = keys.length ? rng.pick(byKey[k]) : 1;
      setValue(doc, [...s.path, k], v);
      return `${pathText([...s.path, k])} = ${printable(JSON.stringify(v) ?? String(v), 60)}`;
    }
  }
}

/** An alias bomb: each level lists the one below `width` times (width^depth nodes when expanded). */
export function aliasBomb(width: number, depth: number): string {
  const row = (item: string) => `[${Array.from({ length: width }, () => item).join(', ')}]`;
  const lines = [`b0: &b0 ${row('lol')}`];
  for (let d = 1; d < depth; d++) lines.push(`b${d}: &b${d} ${row(`*b${d - 1}`)}`);
  return lines.join('\n');
}

/** One edit of the text; returns the new text and its description. */
function textEdit(text: string, rng: Rng): [string, string] {
  const lines = text.split('\n');
  const at = rng.int(0, Math.max(0, lines.length - 1));
  switch (rng.int(0, 5)) {
    case 0:
      lines.splice(at, 0, lines[at]);
      return [lines.join('\n'), `duplicate line ${at + 1}`];
    case 1:
      lines.splice(at, 1);
      return [lines.join('\n'), `delete line ${at + 1}`];
    case 2: {
      const width = rng.int(2, 12);
      const depth = rng.int(2, 9);
      return [`${aliasBomb(width, depth)}\n${text}`, `alias bomb ${width}^${depth}`];
    }
    case 3: {
      // An alias to an anchor that does not exist, replacing a value.
      const m = /^(\s*(?:- )?[\w$ /{}.-]+:)\s*\S.*$/.exec(lines[at]);
      if (!m) return [`app: *nope\n${text}`, 'app: *nope (top)'];
      lines[at] = `${m[1]} *nope`;
      return [lines.join('\n'), `line ${at + 1} = *nope`];
    }
    case 4: {
      // Byte flips, decoded as UTF-8 the way the file is read (an invalid sequence becomes U+FFFD).
      const bytes = Buffer.from(text, 'utf8');
      const flips = rng.int(1, 4);
      const where: number[] = [];
      for (let i = 0; i < flips; i++) {
        const b = rng.int(0, bytes.length - 1);
        bytes[b] ^= 1 << rng.int(0, 7);
        where.push(b);
      }
      return [bytes.toString('utf8'), `flip bytes ${where.join(', ')}`];
    }
    default: {
      const indent = rng.chance(0.5) ? '  ' : '';
      lines[at] = indent ? `${indent}${lines[at]}` : lines[at].replace(/^ {1,2}/, '');
      return [lines.join('\n'), `${indent ? 'indent' : 'dedent'} line ${at + 1}`];
    }
  }
}

/** A seeded mutant of `original`: 1 to 3 edits, structural most of the time. */
export function mutateYaml(original: string, rng: Rng, table: YamlMutationTable = {}): YamlMutant {
  const doc = parseDocument(original);
  const edits: string[] = [];
  const structural = rng.chance(0.8) ? rng.int(1, rng.chance(0.3) ? 3 : 1) : 0;
  for (let i = 0; i < structural; i++) {
    try {
      edits.push(structuralEdit(doc, rng, table));
    } catch {
      // A path through a scalar that an earlier edit put there: this edit does nothing.
      edits.push('(an edit through a scalar dropped)');
    }
  }
  let text: string;
  try {
    text = doc.toString({ lineWidth: 0 });
  } catch {
    // An alias placed before its anchor cannot be written: keep the text edits only.
    text = original;
    edits.length = 0;
    edits.push('(structural edits dropped: an alias before its anchor)');
  }
  const textual = text === original || structural === 0 ? rng.int(1, 2) : rng.chance(0.15) ? 1 : 0;
  for (let i = 0; i < textual; i++) {
    const [t, edit] = textEdit(text, rng);
    text = t;
    edits.push(edit);
  }
  return { text, edits };
}
