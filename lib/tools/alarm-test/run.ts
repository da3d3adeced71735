/**
 * Runs alarm test files: builds the input series, replays the alarms with the evaluation engine, and compares
 * the states (and transitions) with the expectations. A failure explains itself with the evaluation range the
 * alarm saw, in the User Guide's notation (`0` good, `X` breaching, `-` missing).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../../config/errors';
import { COMPARISON_SYMBOL, ruleAlarms, type AnyAlarmSpec } from '../../model/alarm-spec';
import { durationProblem, parseDurationMs } from '../../model/duration';
import { evaluatedAt } from '../evaluate/grid';
import { evaluationWindow } from '../evaluate/metric-alarm';
import { replayAlarms, type AlarmReplay } from '../evaluate/replay';
import { stateAt } from '../evaluate/timeline';
import { stateName, type AlarmState } from '../evaluate/state';
import { parseTimestamp } from '../history/timestamps';
import { parseMetricRef } from '../history/metric-ref';
import { HistoryStore } from '../history/store';
import { readCloudAssembly, readTemplate, type AssemblyRead, type ReadProblem } from '../read/assembly';
import { parseAlarmTestFile, type AlarmTestCase, type AlarmTestFile } from './format';
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

/** Assemblies already read in this run, by folder: files that name the same one share one read. */
type AssemblyCache = Map<string, AssemblyRead>;

function alarmsOf(
  def: AlarmTestFile,
  file: string,
  app: string | undefined,
  assemblies: AssemblyCache,
): AnyAlarmSpec[] {
  const out = new Map<string, AnyAlarmSpec>();
  // --app wins over the file's assembly: (CI points every file at a fresh synth).
  const where = app ?? (def.assembly ? resolve(dirname(file), def.assembly) : undefined);
  if (where) {
    let read = assemblies.get(where);
    if (!read) assemblies.set(where, (read = readCloudAssembly(where)));
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

function buildInput(tc: AlarmTestCase, file: string, index: number): CaseInput {
  const start = tc.start === undefined ? 0 : parseTimestamp(tc.start);
  if (start === undefined)
    throw new ConfigError(
      file,
      ['tests', index, 'start'],
      `"${tc.start}" is not a time (ISO 8601 or epoch seconds)`,
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
      `"${at}" is not a time (a duration after the start such as 13m, or ISO 8601)`,
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
): string[] {
  const input = buildInput(tc, file, index);
  const failures: string[] = [];
  const expects = (tc.expect ?? []).map((e, j) => ({
    time: timeOf(e.at, input.start, file, ['tests', index, 'expect', j, 'at']),
    states: 'alarm' in e ? { [e.alarm]: e.state } : e.alarms,
    at: e.at,
  }));
  const transitionsWanted = Object.entries(tc.expect_transitions ?? {});
  const to = Math.max(input.end, ...expects.map((e) => e.time));
  const replays = replayAlarms(alarms, input.store, {
    from: input.start,
    to,
    initialState: (tc.initial_state ?? 'INSUFFICIENT_DATA') as AlarmState,
    ...(def.evaluation_range ? { evaluationRange: def.evaluation_range } : {}),
  });
  const byName = new Map(replays.map((r) => [r.spec.name, r]));
  const names = [...byName.keys()];
  const lookup = (name: string): AlarmReplay | undefined => {
    const r = byName.get(name);
    if (!r) failures.push(`alarm "${name}" is not among the alarms under test${near(name, names)}`);
    else if (r.skipped) failures.push(`alarm "${name}" cannot be evaluated: ${r.skipped}`);
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
    const norm = wanted.map((w) => w.trim().replace(/\s+/g, ' '));
    if (actual.join('\n') === norm.join('\n')) continue;
    failures.push(
      [
        `transitions of ${name}:`,
        ...norm.filter((w) => !actual.includes(w)).map((w) => `  - ${w}`),
        ...actual.filter((a) => !norm.includes(a)).map((a) => `  + ${a}`),
        `    actual, in order: ${actual.join(', ') || 'none'}`,
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
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [], `cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const { data: def, locate } = parseAlarmTestFile(text, file);
  try {
    const alarms = alarmsOf(def, file, options.app, assemblies);
    const results: CaseResult[] = [];
    def.tests.forEach((tc, i) => {
      if (options.filter && !options.filter.test(tc.name)) return;
      const t0 = process.hrtime.bigint();
      const failures = runCase(tc, i, def, alarms, file);
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
