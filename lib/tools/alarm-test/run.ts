/**
 * Runs alarm test files: builds the input series, replays the alarms with the evaluation engine, and compares
 * the states (and transitions) with the expectations. A failure explains itself with the evaluation range the
 * alarm saw, in the User Guide's notation (`0` good, `X` breaching, `-` missing).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../../config/errors';
import { COMPARISON_SYMBOL, ruleAlarms, type AnyAlarmSpec } from '../../model/alarm-spec';
import { durationProblem, parseDurationMs } from '../../model/duration';
import { evaluatedAt } from '../evaluate/grid';
import { evaluationWindow } from '../evaluate/metric-alarm';
import { replayAlarms, type AlarmReplay } from '../evaluate/replay';
import { stateAt } from '../evaluate/timeline';
import { stateName, type AlarmState } from '../evaluate/state';
import { quote } from '../echo';
import { parseTimestamp, TIME_FORMS } from '../history/timestamps';
import { formatBytes, formatLimit, INPUT_LIMITS, InputLimitError } from '../limits';
import { parseMetricRef } from '../history/metric-ref';
import { HistoryStore } from '../history/store';
import { readCloudAssembly, readTemplate, type AssemblyRead, type ReadProblem } from '../read/assembly';
import { parseAlarmTestFile, parseTransition, type AlarmTestCase, type AlarmTestFile } from './format';
import { expandValues } from './notation';

export interface CaseResult {
  readonly file: string;
  readonly name: string;
  /** Empty when the test passed. Each failure is a few lines: what was expected, what happened, why. */
  readonly failures: readonly string[];
  readonly seconds: number;
}

export interface RunOptions {
  /** The cloud assembly to use (`--app`); it takes precedence over a file's `assembly:`. */
  readonly app?: string;
  /** Only tests whose name matches. */
  readonly filter?: RegExp;
  /** Told of each cloud assembly when it is first read, so that problems reading it are not silent. */
  readonly onRead?: (read: AssemblyRead) => void;
}

/** `780` → `13m`, `3690` → `1h1m30s`. */
export function formatOffset(seconds: number): string {
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  const parts: string[] = [];
  for (const [unit, len] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= len) {
      parts.push(`${Math.floor(s / len)}${unit}`);
      s %= len;
    }
  }
  if (s) parts.push(`${Number(s.toFixed(3))}s`);
  return sign + parts.join('');
}

/** Differences shown per failure. */
const MAX_SHOWN = 20;

/** Assemblies already read in this run, by folder: files that name the same one share one read. */
type AssemblyCache = Map<string, AssemblyRead>;

function alarmsOf(
  def: AlarmTestFile,
  file: string,
  options: RunOptions,
  assemblies: AssemblyCache,
): AnyAlarmSpec[] {
  const out = new Map<string, AnyAlarmSpec>();
  const app = options.app;
  // --app wins over the file's assembly: (CI points every file at a fresh synth).
  const where = app ?? (def.assembly ? resolve(dirname(file), def.assembly) : undefined);
  if (where) {
    let read = assemblies.get(where);
    if (!read) {
      assemblies.set(where, (read = readCloudAssembly(where)));
      options.onRead?.(read);
    }
    if (read.stacks.length === 0)
      throw new ConfigError(
        file,
        app ? [] : ['assembly'],
        `${where}: ${read.problems[0]?.message ?? 'no stacks'}`,
      );
    for (const s of read.stacks) for (const a of s.alarms) out.set(a.spec.name, a.spec);
  }
  if (def.alarms) {
    const problems: ReadProblem[] = [];
    const stack = readTemplate({ Resources: def.alarms }, 'inline', file, {}, problems);
    if (problems.length) throw new ConfigError(file, ['alarms'], problems[0].message);
    for (const a of stack?.alarms ?? []) out.set(a.spec.name, a.spec);
  }
  if (out.size === 0)
    throw new ConfigError(
      file,
      [],
      'no alarms: set assembly: (a cdk.out folder or template), alarms: (inline resources), or pass --app',
    );
  return [...out.values()];
}

interface CaseInput {
  readonly store: HistoryStore;
  readonly start: number;
  readonly end: number;
}

/** Values expanded so far in one file, against {@link INPUT_LIMITS.testFileValues}. */
interface FileBudget {
  values: number;
}

function buildInput(tc: AlarmTestCase, file: string, index: number, budget: FileBudget): CaseInput {
  const start = tc.start === undefined ? 0 : parseTimestamp(tc.start);
  if (start === undefined)
    throw new ConfigError(
      file,
      ['tests', index, 'start'],
      `${quote(tc.start)} is not a time (${TIME_FORMS})`,
    );
  const interval = parseDurationMs(tc.interval ?? '1m') / 1000;
  const store = new HistoryStore();
  let end = start;
  tc.input_series.forEach((s, j) => {
    const path = ['tests', index, 'input_series', j];
    let metric;
    try {
      metric = parseMetricRef(s.metric);
    } catch (e) {
      throw new ConfigError(file, [...path, 'metric'], (e as Error).message);
    }
    const expand = (key: 'values' | 'samples', text: string | number) => {
      try {
        return expandValues(text);
      } catch (e) {
        throw new ConfigError(file, [...path, key], (e as Error).message);
      }
    };
    const values = expand('values', s.values);
    const samples = s.samples === undefined ? undefined : expand('samples', s.samples);
    if (samples?.some((n) => n !== undefined && !(Number.isInteger(n) && n >= 0)))
      throw new ConfigError(file, [...path, 'samples'], 'sample counts are whole numbers of at least 0');
    budget.values += values.length + (samples?.length ?? 0);
    if (budget.values > INPUT_LIMITS.testFileValues)
      throw new ConfigError(
        file,
        [...path, 'values'],
        `the file's series add up to more than ${formatLimit(INPUT_LIMITS.testFileValues)} values (the limit): split it`,
      );
    const times: number[] = [];
    const present: number[] = [];
    const counts: (number | undefined)[] = [];
    values.forEach((v, i) => {
      if (v === undefined) return;
      times.push(start + i * interval);
      present.push(v);
      counts.push(samples?.[Math.min(i, samples.length - 1)]);
    });
    end = Math.max(end, start + values.length * interval);
    if (s.stat) store.addAggregated(metric, s.stat, interval, times, present, samples ? counts : undefined);
    else store.addRaw(metric, times, present);
  });
  return { store, start, end };
}

function timeOf(at: string | number, start: number, file: string, path: (string | number)[]): number {
  if (typeof at === 'string' && durationProblem(at) === undefined) return start + parseDurationMs(at) / 1000;
  const t = parseTimestamp(at);
  if (t === undefined)
    throw new ConfigError(
      file,
      path,
      `${quote(at)} is not a time (a duration after the start such as 13m, or ${TIME_FORMS})`,
    );
  return t;
}

/** Why an alarm was in the state it was at `t`, in a few words. */
function explain(r: AlarmReplay, t: number, start: number, byName: Map<string, AlarmReplay>): string {
  if (r.spec.type === 'composite') {
    const kids = ruleAlarms(r.spec.rule).map((n) => {
      const c = byName.get(n);
      return `${n}: ${c ? stateName(stateAt(c.timeline, t)) : 'not replayed'}`;
    });
    return `children at ${formatOffset(t - start)}: ${kids.join(', ')}`;
  }
  if (!r.grid || !r.values || !r.rule) return '';
  const k = Math.floor((t - r.grid.start) / r.grid.period) - 1;
  if (k < 0)
    return `no evaluation yet at ${formatOffset(t - start)} (the first is at ${formatOffset(evaluatedAt(r.grid, 0) - start)})`;
  const w = evaluationWindow(r.values, r.rule, k);
  const vals = w.values.map((v) => (v === undefined ? '_' : String(Number(v.toPrecision(6))))).join(' ');
  return (
    `evaluated at ${formatOffset(evaluatedAt(r.grid, k) - start)} over the last ${w.values.length} datapoints (oldest first): ${vals}  →  ${w.notation}; ` +
    `${r.rule.datapointsToAlarm} of ${r.rule.evaluationPeriods} must be ${COMPARISON_SYMBOL[r.rule.comparison]} ${r.rule.threshold}; missing data: ${r.rule.treatMissingData}`
  );
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function near(name: string, names: readonly string[]): string {
  const scored = names.map((n) => ({ n, d: distance(name, n) })).sort((x, y) => x.d - y.d);
  const best = scored[0]?.d ?? Infinity;
  const hits = scored
    .filter((x) => x.d === best && x.d <= Math.max(3, Math.floor(name.length / 5)))
    .slice(0, 3)
    .map((x) => x.n);
  return hits.length ? ` (did you mean ${hits.join(', ')}?)` : '';
}

function runCase(
  tc: AlarmTestCase,
  index: number,
  def: AlarmTestFile,
  alarms: AnyAlarmSpec[],
  file: string,
  budget: FileBudget,
): string[] {
  const input = buildInput(tc, file, index, budget);
  const failures: string[] = [];
  const expects = (tc.expect ?? []).map((e, j) => ({
    time: timeOf(e.at, input.start, file, ['tests', index, 'expect', j, 'at']),
    states: 'alarm' in e ? { [e.alarm]: e.state } : e.alarms,
    at: e.at,
  }));
  const transitionsWanted = Object.entries(tc.expect_transitions ?? {});
  const to = Math.max(input.end, ...expects.map((e) => e.time));
  let replays: AlarmReplay[];
  try {
    replays = replayAlarms(alarms, input.store, {
      from: input.start,
      to,
      initialState: (tc.initial_state ?? 'INSUFFICIENT_DATA') as AlarmState,
      ...(def.evaluation_range ? { evaluationRange: def.evaluation_range } : {}),
      listLimit: INPUT_LIMITS.testSeriesValues,
    });
  } catch (e) {
    if (e instanceof InputLimitError) throw new ConfigError(file, ['tests', index], e.message);
    throw e;
  }
  const byName = new Map(replays.map((r) => [r.spec.name, r]));
  const names = [...byName.keys()];
  const lookup = (name: string): AlarmReplay | undefined => {
    const r = byName.get(name);
    if (!r) failures.push(`alarm ${quote(name, 255)} is not among the alarms under test${near(name, names)}`);
    else if (r.skipped) failures.push(`alarm ${quote(name, 255)} cannot be evaluated: ${r.skipped}`);
    return r && !r.skipped ? r : undefined;
  };
  for (const e of expects) {
    for (const [name, want] of Object.entries(e.states)) {
      const r = lookup(name);
      if (!r) continue;
      const got = stateName(stateAt(r.timeline, e.time));
      if (got === want) continue;
      failures.push(
        [
          `at ${formatOffset(e.time - input.start)}: ${name}`,
          `  - expected: ${want}`,
          `  + actual:   ${got}`,
          `    ${explain(r, e.time, input.start, byName)}`,
        ].join('\n'),
      );
    }
  }
  for (const [name, wanted] of transitionsWanted) {
    const r = lookup(name);
    if (!r) continue;
    const actual = r.transitions.map((t) => `${formatOffset(t.time - input.start)} ${t.to}`);
    const norm = wanted.map((w) => {
      const t = parseTransition(w);
      return `${formatOffset(t.offset)} ${t.state}`;
    });
    if (actual.join('\n') === norm.join('\n') && r.counts.transitions === actual.length) continue;
    // A flapping alarm can change state thousands of times: show the first differences and say how many.
    const few = (lines: string[]) =>
      lines.length > MAX_SHOWN
        ? [...lines.slice(0, MAX_SHOWN), `  … and ${lines.length - MAX_SHOWN} more`]
        : lines;
    const shown = actual.slice(0, MAX_SHOWN).join(', ');
    failures.push(
      [
        `transitions of ${quote(name, 255)}:`,
        ...few(norm.filter((w) => !actual.includes(w)).map((w) => `  - ${w}`)),
        ...few(actual.filter((a) => !norm.includes(a)).map((a) => `  + ${a}`)),
        `    actual, in order: ${shown || 'none'}${r.counts.transitions > MAX_SHOWN ? `, … (${r.counts.transitions} in all)` : ''}`,
      ].join('\n'),
    );
  }
  if (expects.length === 0 && transitionsWanted.length === 0)
    failures.push('the test expects nothing: add expect: or expect_transitions:');
  return failures;
}

/** Runs one file. File problems throw {@link ConfigError}; test failures are in the results. */
export function runAlarmTestFile(file: string, options: RunOptions = {}): CaseResult[] {
  return runFile(file, options, new Map());
}

/** Runs files in order, reading each cloud assembly they use once. Stops at the first file problem. */
export function runAlarmTestFiles(files: readonly string[], options: RunOptions = {}): CaseResult[] {
  const assemblies: AssemblyCache = new Map();
  return files.flatMap((f) => runFile(f, options, assemblies));
}

function runFile(file: string, options: RunOptions, assemblies: AssemblyCache): CaseResult[] {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > INPUT_LIMITS.yamlFileBytes)
      throw new ConfigError(
        file,
        [],
        `${formatLimit(size)} bytes, over the limit of ${formatBytes(INPUT_LIMITS.yamlFileBytes)} for an alarm test file`,
      );
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(file, [], `cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const { data: def, locate } = parseAlarmTestFile(text, file);
  try {
    const alarms = alarmsOf(def, file, options, assemblies);
    const results: CaseResult[] = [];
    const budget: FileBudget = { values: 0 };
    def.tests.forEach((tc, i) => {
      if (options.filter && !options.filter.test(tc.name)) return;
      const t0 = process.hrtime.bigint();
      const failures = runCase(tc, i, def, alarms, file, budget);
      results.push({ file, name: tc.name, failures, seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
    });
    return results;
  } catch (e) {
    // Problems found while running (values, metrics, times) get the line and column of their field too.
    if (e instanceof ConfigError && !e.position)
      throw new ConfigError(e.file, e.path, e.problem, locate(e.path));
    throw e;
  }
}
