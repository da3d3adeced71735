/**
 * Reading one JSON file of untrusted size and shape: the size is checked before reading, the nesting after
 * parsing (so no reader recurses past {@link INPUT_LIMITS.jsonDepth}), and every failure is one printable line.
 */
import { readFileSync, statSync } from 'node:fs';
import { printable } from '../echo';
import { formatBytes, formatLimit, INPUT_LIMITS } from '../limits';

export type JsonRead =
  | { readonly ok: true; readonly value: unknown; readonly bytes: number }
  | { readonly ok: false; readonly why: string };

/** How deeply a parsed JSON value nests (iterative: a hostile value cannot overflow the stack here). */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > stopAt) return max;
    for (const x of Array.isArray(v) ? v : Object.values(v))
      if (x !== null && typeof x === 'object') stack.push([x, d + 1]);
  }
  return max;
}

/** Reads and parses a JSON file of at most `maxBytes`, nested at most {@link INPUT_LIMITS.jsonDepth} deep. */
export function readJsonFile(file: string, maxBytes: number = INPUT_LIMITS.assemblyFileBytes): JsonRead {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > maxBytes)
      return {
        ok: false,
        why: `is ${formatLimit(size)} bytes, over the limit of ${formatBytes(maxBytes)} for one file`,
      };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      why:
        code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot be read (${code ?? printable(String(e), 100)})`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, why: `not JSON (${printable((e as Error).message, 160)})` };
  }
  if (jsonDepth(value, INPUT_LIMITS.jsonDepth) > INPUT_LIMITS.jsonDepth)
    return {
      ok: false,
      why: `nests more than ${formatLimit(INPUT_LIMITS.jsonDepth)} levels deep (the limit)`,
    };
  return { ok: true, value, bytes: Buffer.byteLength(text) };
}
