/**
 * Metadata → a small, plain, filtered copy that `JSON.stringify` cannot fail on. Whatever the application passes
 * (cycles, getters that throw, proxies, BigInts, a million keys, a 10 MB string), the copy stays within the bounds
 * below and the work to make it stays proportional to them, not to the input.
 */
import type { Redactor } from './redact';

export interface MetadataLimits {
  /** Nesting depth kept; deeper values become `[DEPTH]`. */
  readonly depth: number;
  /** Keys kept per object, items per array. */
  readonly entries: number;
  /** Characters kept per string (longer ones end with `…`). */
  readonly stringChars: number;
  /** Approximate JSON size of the whole copy, in characters; past it, further entries are left out. */
  readonly totalChars: number;
}

export const DEFAULT_METADATA_LIMITS: MetadataLimits = {
  depth: 4,
  entries: 50,
  stringChars: 1024,
  totalChars: 8192,
};

/** The result: the copy, and whether anything was left out. */
export interface CleanMetadata {
  readonly value: unknown;
  readonly truncated: boolean;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

class Cleaner {
  budget: number;
  truncated = false;
  private readonly ancestors: object[] = [];

  constructor(
    private readonly redactor: Redactor,
    private readonly limits: MetadataLimits,
  ) {
    this.budget = limits.totalChars;
  }

  private str(s: string): string {
    let out = s.length > this.limits.stringChars ? s.slice(0, this.limits.stringChars) + '…' : s;
    if (out !== s) this.truncated = true;
    out = this.redactor.value(out);
    this.budget -= out.length + 2;
    return out;
  }

  clean(v: unknown, depth: number): Json | undefined {
    if (this.budget <= 0) {
      this.truncated = true;
      return undefined;
    }
    switch (typeof v) {
      case 'string':
        return this.str(v);
      case 'number':
        this.budget -= 8;
        return Number.isFinite(v) ? v : String(v);
      case 'boolean':
        this.budget -= 5;
        return v;
      case 'bigint':
        return this.str(v.toString());
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
    }
    if (v === null) {
      this.budget -= 4;
      return null;
    }
    const o = v as object;
    if (this.ancestors.includes(o)) return '[CYCLE]';
    if (depth >= this.limits.depth) {
      this.truncated = true;
      return '[DEPTH]';
    }
    if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (o instanceof Error) {
      this.ancestors.push(o);
      try {
        return { name: this.str(String(o.name)), message: this.str(String(o.message)) };
      } finally {
        this.ancestors.pop();
      }
    }
    if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) return `[binary ${o.byteLength} bytes]`;
    this.ancestors.push(o);
    try {
      if (Array.isArray(o)) return this.list(o, depth);
      if (o instanceof Map) return this.entries(o.entries(), depth, o.size);
      if (o instanceof Set) return this.list(o.values(), depth, o.size);
      return this.object(o, depth);
    } finally {
      this.ancestors.pop();
    }
  }

  private list(items: Iterable<unknown>, depth: number, size?: number): Json[] {
    const out: Json[] = [];
    let n = 0;
    for (const item of items) {
      if (n++ >= this.limits.entries || this.budget <= 0) {
        this.truncated = true;
        break;
      }
      const c = this.read(() => item, depth);
      out.push(c === undefined ? null : c);
    }
    if (size !== undefined && size > out.length) this.truncated = true;
    return out;
  }

  private entries(entries: Iterable<[unknown, unknown]>, depth: number, size: number): { [k: string]: Json } {
    const out: { [k: string]: Json } = Object.create(null);
    let n = 0;
    for (const [k, v] of entries) {
      if (n++ >= this.limits.entries || this.budget <= 0) break;
      this.put(out, String(k), () => v, depth);
    }
    if (size > n) this.truncated = true;
    return out;
  }

  private object(o: object, depth: number): { [k: string]: Json } {
    const out: { [k: string]: Json } = Object.create(null);
    let keys: string[];
    try {
      keys = Object.keys(o);
    } catch {
      return { '[unreadable]': true };
    }
    const n = Math.min(keys.length, this.limits.entries);
    if (keys.length > n) this.truncated = true;
    for (let i = 0; i < n && this.budget > 0; i++) {
      this.put(out, keys[i], () => (o as Record<string, unknown>)[keys[i]], depth);
    }
    return out;
  }

  private put(out: { [k: string]: Json }, rawKey: string, get: () => unknown, depth: number): void {
    const key = rawKey.length > 128 ? rawKey.slice(0, 128) : rawKey;
    this.budget -= key.length + 3;
    const replacement = this.redactor.keyReplacement(key);
    if (replacement !== undefined) {
      out[key] = replacement;
      return;
    }
    const c = this.read(get, depth);
    if (c !== undefined) out[key] = c;
  }

  /** Reads a value through a getter that may throw (a proxy, an accessor). */
  private read(get: () => unknown, depth: number): Json | undefined {
    let v: unknown;
    try {
      v = get();
    } catch {
      return '[UNREADABLE]';
    }
    return this.clean(v, depth + 1);
  }
}

/** A bounded, filtered, JSON-safe copy of `metadata`. Never throws. */
export function cleanMetadata(
  metadata: unknown,
  redactor: Redactor,
  limits: MetadataLimits = DEFAULT_METADATA_LIMITS,
): CleanMetadata {
  const c = new Cleaner(redactor, limits);
  let value: Json | undefined;
  try {
    value = c.clean(metadata, 0);
  } catch {
    return { value: '[UNREADABLE]', truncated: true };
  }
  return { value: value === undefined ? null : value, truncated: c.truncated };
}
