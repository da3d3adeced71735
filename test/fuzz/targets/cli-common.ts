/**
 * What the CLI fuzz targets share: an input is a set of files and a command line, run in-process through
 * `runCli` with a captured {@link CliIo}, and classified by what a user would see. Plus the mutators: seeded edits
 * of JSON values (wrong types, huge numbers, hostile keys, intrinsics, deep nesting) and of raw text (truncation,
 * byte flips, duplicated ranges).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli, type CliIo } from '../../../lib/tools/cli/program';
import { messageProblem, printable, type FuzzTarget, type Outcome, type Rng } from '../harness';

/** One CLI run: files to write into a fresh folder, and the arguments (`{dir}` is that folder). */
export interface CliCase {
  readonly files: Readonly<Record<string, string>>;
  readonly argv: readonly string[];
  /** What was mutated, for reports. */
  readonly note: string;
}

/**
 * A run that takes more CPU than this is a crash (a hang in the making). CPU time, not wall time: the machines
 * that run the fuzzer are shared, and the largest inputs (a million datapoints) take a few seconds.
 */
export const SLOW_MS = 20_000;

/** Lines the CLI may write to stderr: each must also pass {@link messageProblem}. */
const STDERR_LINE = /^(error: |warning: |wrote |\(run with --help for usage\)$)/;
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** Classifies one run by its exit status, output and CPU milliseconds. */
export function classify(code: number, out: string, err: string, ms: number): Outcome {
  if (code === 3) return { kind: 'crash', error: `exit 3: ${err.split('\n').slice(0, 3).join(' | ')}` };
  if (STACK_LINE.test(err) || STACK_LINE.test(out))
    return { kind: 'crash', error: `stack trace: ${err.split('\n').slice(0, 3).join(' | ')}` };
  if (ms > SLOW_MS) return { kind: 'crash', error: `slow: ${Math.round(ms)} ms` };
  const lines = err.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
  for (const line of lines) {
    if (!STDERR_LINE.test(line))
      return {
        kind: 'crash',
        error: `stderr line is not one message: ${JSON.stringify(line.slice(0, 200))}`,
      };
    const problem = messageProblem(line);
    if (problem) return { kind: 'crash', error: `${problem}: ${JSON.stringify(line.slice(0, 200))}` };
  }
  if (code === 0 || code === 1) return { kind: 'accepted' };
  if (code !== 2) return { kind: 'crash', error: `exit ${code}` };
  // A command line the CLI does not parse tests nothing of the input: the target itself is wrong.
  if (/^error: (unknown option|unexpected argument|too many arguments|missing required argument)/m.test(err))
    return { kind: 'crash', error: `the command line is not valid: ${err.slice(0, 300)}` };
  // One `error: ` line per problem (a test file with three mistakes shows three), each checked above.
  const errors = lines.filter((l) => l.startsWith('error: '));
  if (errors.length === 0) return { kind: 'crash', error: `exit 2 with no error line: ${err.slice(0, 300)}` };
  return { kind: 'rejected', message: errors[0], ...(errors.length > 1 ? { problems: errors } : {}) };
}

/** Writes the files, runs the command, classifies, removes the folder. Never throws. */
export async function runCase(c: CliCase): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-cli-'));
  try {
    for (const [rel, text] of Object.entries(c.files)) {
      const file = join(dir, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
    const argv = c.argv.map((a) => a.split('{dir}').join(dir));
    const cpu0 = process.cpuUsage();
    let code: number;
    try {
      code = await runCli(argv, io);
    } catch (e) {
      return { kind: 'crash', error: `runCli threw: ${(e as Error)?.stack ?? String(e)}` };
    }
    const cpu = process.cpuUsage(cpu0);
    return classify(code, out, err, (cpu.user + cpu.system) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What every CLI target shares: how an input is described and written out for a replay, how it runs, and its
 * limits. The largest inputs (a million datapoints, 20,000 alarms) take a few seconds of CPU; a run past
 * {@link SLOW_MS} is already a crash, the runner's limit is a backstop for a run that never returns.
 */
export const CLI_TARGET = {
  describe: (c: CliCase) => printable(`${c.argv.join(' ')}  [${c.note}]`, 400),
  serialize: (c: CliCase) => JSON.stringify(c, null, 2),
  run: runCase,
  timeoutMs: 30_000,
  quickCount: 70,
} as const satisfies Omit<FuzzTarget<CliCase>, 'name' | 'generate'>;

/** Seeds: a cloud assembly made from the example app's synth (four stacks, a few alarms of every shape). */
export interface SeedAssembly {
  readonly manifest: { version: string; artifacts: Record<string, Record<string, unknown>> };
  readonly templates: Readonly<Record<string, Record<string, unknown>>>;
}

let seed: SeedAssembly | undefined;
export function seedAssembly(): SeedAssembly {
  seed ??= JSON.parse(readFileSync(join(__dirname, '../seeds/assembly.json'), 'utf8')) as SeedAssembly;
  return seed;
}

/** The seed assembly's files under `prefix/`, optionally with a changed manifest or templates. */
export function assemblyFiles(
  prefix: string,
  manifest: unknown = seedAssembly().manifest,
  templates: Readonly<Record<string, unknown>> = seedAssembly().templates,
): Record<string, string> {
  const files: Record<string, string> = {
    [`${prefix}/manifest.json`]: typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
  };
  for (const [f, t] of Object.entries(templates))
    files[`${prefix}/${f}`] = typeof t === 'string' ? t : JSON.stringify(t);
  return files;
}

/** Names of the seed's alarms, for inputs that refer to them. */
export function seedAlarmNames(): string[] {
  const names: string[] = [];
  for (const t of Object.values(seedAssembly().templates)) {
    for (const r of Object.values(
      (t.Resources ?? {}) as Record<string, { Type: string; Properties?: never }>,
    )) {
      const name = (r.Properties as { AlarmName?: unknown } | undefined)?.AlarmName;
      if (r.Type.startsWith('AWS::CloudWatch::') && typeof name === 'string') names.push(name);
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutators

/**
 * The quick run inside `npm test` sets `FUZZ_QUICK=1`: it caps the sizes of generated inputs (the same index
 * makes the same edits, smaller), so a few hundred inputs take seconds. Replay its findings with the same variable.
 */
const quick = () => process.env.FUZZ_QUICK === '1';

/** A size for a generated input: one of `sizes`, at most `cap` in a quick run. */
export function size(rng: Rng, sizes: readonly number[], cap = 2_000): number {
  const n = rng.pick(sizes);
  return quick() ? Math.min(n, cap) : n;
}

/** Replaced after serialization by deeply nested brackets (a parser or reader recursion bomb). */
const DEEP = '\u0000deep\u0000';
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
];
const ODD_STRINGS = [
  '',
  ' ',
  'x',
  'abc',
  '0x10',
  '1e309',
  'Infinity',
  '-Infinity',
  'NaN',
  '-1',
  '99999999999',
  '1234567890123456789012345678901234567890',
  '2026-13-45T25:61:00Z',
  'line\nbreak',
  'cr\rreturn',
  'ansi \u001b[31mred\u001b[0m',
  'sep\u2028arator',
  'nel\u0085line',
  'nul\u0000byte',
  '\ud800',
  '${AWS::Region}',
  '${Unknown}',
  'é漢字🙂',
  '*',
  '__proto__',
  'constructor',
];
const ODD_NUMBERS = [0, -0, -1, 1, 0.5, 1e9, 1e15, 2 ** 53, 1e308, -1e308, 99_999_999_999, 1e-300, 7];

export function longString(rng: Rng): string {
  const n = size(rng, [100, 1_000, 10_000, 100_000]);
  return rng.pick(['a', 'x\n', '\u001b', 'é', '{', '"']).repeat(n);
}

/** A value of a random odd kind. */
export function oddValue(rng: Rng): unknown {
  switch (rng.int(0, 11)) {
    case 0:
      return null;
    case 1:
      return rng.pick([true, false]);
    case 2:
    case 3:
      return rng.pick(ODD_NUMBERS);
    case 4:
    case 5:
      return rng.pick(ODD_STRINGS);
    case 6:
      return longString(rng);
    case 7:
      return rng.pick([{}, [], [null], [{}]]);
    case 8:
      return rng.pick([
        { Ref: 'P' },
        { Ref: 'AWS::Region' },
        { Ref: rng.pick(HOSTILE_KEYS) },
        { 'Fn::GetAtt': ['Nope', 'Arn'] },
        { 'Fn::Join': ['', ['a', { Ref: 'AWS::AccountId' }]] },
        { 'Fn::Sub': '${' + rng.pick(HOSTILE_KEYS) + '}' },
        { 'Fn::Select': [99, { 'Fn::Split': [':', 'a:b'] }] },
        { 'Fn::If': ['C', 1, 2] },
      ]);
    case 9:
      return DEEP;
    case 10:
      return { [rng.pick(HOSTILE_KEYS)]: rng.pick([1, 'x', null, {}]) };
    default:
      return rng.pick(ODD_STRINGS);
  }
}

type Path = ReadonlyArray<string | number>;

/** Every path in a value (breadth-first, at most `limit`), optionally only under `under`. */
export function pathsOf(value: unknown, limit = 5_000): Path[] {
  const out: Path[] = [];
  const queue: Array<[Path, unknown]> = [[[], value]];
  while (queue.length && out.length < limit) {
    const [p, v] = queue.shift()!;
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => queue.push([[...p, i], x]));
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) queue.push([[...p, k], x]);
  }
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let v = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) v = v[k] as Record<string | number, unknown>;
  return v;
}

/** One structural edit at a random path (the root is never replaced). */
export function mutateAt(rng: Rng, root: unknown, paths: readonly Path[]): string {
  const candidates = paths.filter((p) => p.length > 0);
  if (candidates.length === 0) return 'nothing to mutate';
  const path = rng.pick(candidates);
  const parent = parentOf(root, path)!;
  const key = path[path.length - 1];
  const at = path.join('.');
  switch (rng.int(0, 9)) {
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return `delete ${at}`;
    case 1: {
      // Repeat a list element or an object many times (big inputs).
      const times = size(rng, [2, 10, 1_000, 20_000]);
      if (Array.isArray(parent)) {
        const copies: unknown[] = [...parent.slice(0, key as number)];
        for (let i = 0; i < times; i++) copies.push(parent[key as number]);
        copies.push(...parent.slice(key as number));
        parent.length = 0;
        for (const c of copies) parent.push(c);
        return `repeat ${at} x${times}`;
      }
      const copy = parent[key];
      for (let i = 0; i < Math.min(times, 2_000); i++) parent[`${String(key)}${i}`] = copy;
      return `copy ${at} x${Math.min(times, 2_000)}`;
    }
    case 2: {
      if (Array.isArray(parent)) return mutateAt(rng, root, paths);
      const k = rng.pick(HOSTILE_KEYS);
      Object.defineProperty(parent, k, {
        value: parent[key],
        enumerable: true,
        configurable: true,
        writable: true,
      });
      delete parent[key];
      return `rename ${at} to ${k}`;
    }
    default: {
      const v = oddValue(rng);
      if (Array.isArray(parent) || key !== '__proto__') parent[key] = v;
      return `${at} = ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : JSON.stringify(v)?.slice(0, 60)}`;
    }
  }
}

/** JSON text of a value, with deep-nesting placeholders expanded. */
export function toJson(rng: Rng, value: unknown): string {
  const text = JSON.stringify(value);
  if (!text.includes('\\u0000deep\\u0000')) return text;
  const depth = size(rng, [100, 5_000, 100_000]);
  return text.split('"\\u0000deep\\u0000"').join('['.repeat(depth) + ']'.repeat(depth));
}

/** A raw-text edit: truncation, byte flip, insertion, deletion or duplication of a range. */
export function mutateText(rng: Rng, text: string): { text: string; note: string } {
  const at = rng.int(0, Math.max(0, text.length - 1));
  switch (rng.int(0, 4)) {
    case 0:
      return { text: text.slice(0, at), note: `truncated at ${at}` };
    case 1: {
      const ch = String.fromCharCode(rng.int(0, 255));
      return { text: text.slice(0, at) + ch + text.slice(at + 1), note: `byte ${ch.charCodeAt(0)} at ${at}` };
    }
    case 2: {
      const ins = rng.pick(['"', '{', '}', '[', ']', ',', '\n', '\u0000', '\\', '1e999', '\ufeff']);
      return {
        text: text.slice(0, at) + ins + text.slice(at),
        note: `inserted ${JSON.stringify(ins)} at ${at}`,
      };
    }
    case 3: {
      const n = rng.int(1, 200);
      return { text: text.slice(0, at) + text.slice(at + n), note: `deleted ${n} at ${at}` };
    }
    default: {
      const n = rng.int(1, 400);
      const part = text.slice(at, at + n);
      return {
        text: text.slice(0, at) + part.repeat(rng.pick([2, 50])) + text.slice(at),
        note: `duplicated ${n} at ${at}`,
      };
    }
  }
}

/** A deep copy of a JSON value. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
