/**
 * The fuzz runner: runs a target's inputs by seed in child processes, each input under a CPU-time limit and a
 * memory limit, and sorts what happened into classes. A child that runs past the limit is killed and the input
 * counts as a hang; one that runs out of heap (or whose resident set passes the watchdog) counts as a memory
 * blow-up; the child is replaced and the run goes on. Every finding carries its replay line.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inputSeed, messageProblem, printable, Rng, type FuzzTarget, type Outcome } from './harness';

/** The classes of what one input did. The last four are findings: a user must never see them. */
export const CLASSES = ['rejected', 'accepted', 'crash', 'message', 'hang', 'memory'] as const;
export type OutcomeClass = (typeof CLASSES)[number];
export type FindingClass = Exclude<OutcomeClass, 'rejected' | 'accepted'>;

/** One input that broke the rules, with what is needed to replay it. */
export interface Finding {
  readonly target: string;
  readonly seed: number;
  readonly index: number;
  readonly kind: FindingClass;
  /** The error, the offending message with its problem, or the limit that was passed. */
  readonly detail: string;
  /** The target's description of the input. */
  readonly input: string;
}

export interface FuzzReport {
  readonly target: string;
  readonly seed: number;
  readonly start: number;
  readonly count: number;
  readonly counts: Readonly<Record<OutcomeClass, number>>;
  readonly findings: readonly Finding[];
  /** Wall time of the run, in ms. */
  readonly wallMs: number;
  /** The largest resident set any child reached while running an input (sampled every 100 ms), in MB. */
  readonly peakRssMb: number;
}

/** A target and the module file it was loaded from (children load the same file). */
export interface LoadedTarget {
  readonly file: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- targets differ in their input type
  readonly target: FuzzTarget<any>;
}

export interface RunOptions {
  readonly seed: number;
  readonly count: number;
  /** First input index. @default 0 */
  readonly start?: number;
  /** Child processes running inputs in parallel. @default 1 */
  readonly workers?: number;
  /** Overrides the target's CPU limit per input, in ms. */
  readonly timeoutMs?: number;
  /** Overrides the target's memory limit, in MB. */
  readonly memoryMb?: number;
  /** Called after every input, e.g. for a progress line. */
  readonly onResult?: (index: number, cls: OutcomeClass, done: number) => void;
  /** Called for each finding as it is found (a long run shows them before it ends). */
  readonly onFinding?: (finding: Finding) => void;
  /**
   * Runs the inputs in this process, one after another, instead of in child processes (see {@link runInProcess}):
   * no process start per target and the caller's warm modules (jest's quick run shares its worker's CloudFormation
   * validation engine), but the limits are only checked after each input returns. @default false
   */
  readonly inProcess?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MEMORY_MB = 1024;
/** What a child holds besides its heap (code, modules, buffers): the resident-set watchdog allows this much more. */
export const RSS_ALLOWANCE_MB = 768;
/** A child that waits (no CPU) is killed after this many times the CPU limit of wall time. */
const WALL_FACTOR = 6;
const POLL_MS = 100;

/** Is this export a fuzz target? */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isFuzzTarget(v: unknown): v is FuzzTarget<any> {
  const t = v as Partial<FuzzTarget<unknown>> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.name === 'string' &&
    typeof t.generate === 'function' &&
    typeof t.describe === 'function' &&
    typeof t.run === 'function'
  );
}

/** The fuzz targets exported by one module. */
export function targetsOf(file: string): LoadedTarget[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- targets are found at run time
  const mod = require(file) as Record<string, unknown>;
  return Object.values(mod)
    .filter(isFuzzTarget)
    .map((target) => ({ file, target }));
}

/** Every target in `dir` (default `test/fuzz/targets`): each `*.ts` file there exports one or more targets. */
export function discoverTargets(dir = join(__dirname, 'targets')): LoadedTarget[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .sort();
  const all = files.flatMap((f) => targetsOf(resolve(dir, f)));
  const seen = new Map<string, string>();
  for (const { file, target } of all) {
    const other = seen.get(target.name);
    if (other) throw new Error(`two fuzz targets are named "${target.name}" (${other} and ${file})`);
    seen.set(target.name, file);
  }
  return all;
}

/** How an outcome counts: a rejection whose text breaks the one-line rule is a `message` finding. */
export function classify(outcome: Outcome): { cls: OutcomeClass; detail?: string } {
  if (outcome.kind === 'accepted') return { cls: 'accepted' };
  if (outcome.kind === 'crash') return { cls: 'crash', detail: outcome.error };
  for (const line of outcome.problems ?? [outcome.message]) {
    const problem = messageProblem(line);
    if (problem) return { cls: 'message', detail: `${problem}: ${printable(line)}` };
  }
  return { cls: 'rejected' };
}

/** The command that replays one input in-process, with its full error and the input written to a file. */
export const replayLine = (f: Pick<Finding, 'target' | 'seed' | 'index'>) =>
  `npm run fuzz -- --target ${f.target} --seed ${f.seed} --index ${f.index}`;

/** Messages between the runner and a child (see child.ts). */
export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'start'; readonly index: number; readonly input: string }
  | {
      readonly type: 'result';
      readonly index: number;
      readonly outcome: Outcome;
      readonly heapMb: number;
    };

/** CPU time (user + system) and resident set of a process, from /proc (Linux); undefined elsewhere. */
function procStats(pid: number): { cpuMs: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { cpuMs: ticks * 10, rssMb: (rssPages * 4096) / 1048576 };
  } catch {
    return undefined;
  }
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  index?: number;
  input?: string;
  startedWall?: number;
  startedCpu?: number;
  stderr: string;
  killedFor?: { kind: 'hang' | 'memory'; detail: string };
  retire?: boolean;
}

/** Runs `count` inputs of a target and reports what they did. */
export async function runFuzz(loaded: LoadedTarget, options: RunOptions): Promise<FuzzReport> {
  if (options.inProcess) return runInProcess(loaded, options);
  const { target, file } = loaded;
  const start = options.start ?? 0;
  const end = start + options.count;
  const timeoutMs = options.timeoutMs ?? target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memoryMb = options.memoryMb ?? target.memoryMb ?? DEFAULT_MEMORY_MB;
  const rssMb = options.memoryMb
    ? options.memoryMb + RSS_ALLOWANCE_MB
    : (target.rssMb ?? memoryMb + RSS_ALLOWANCE_MB);
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<OutcomeClass, number>;
  const findings: Finding[] = [];
  const began = Date.now();
  let peakRssMb = 0;
  let next = start;
  let done = 0;

  return new Promise<FuzzReport>((resolvePromise, reject) => {
    const slots = new Set<Slot>();
    let finished = false;

    const record = (slot: Slot, index: number, cls: OutcomeClass, detail?: string) => {
      counts[cls]++;
      done++;
      if (cls !== 'accepted' && cls !== 'rejected') {
        const finding: Finding = {
          target: target.name,
          seed: options.seed,
          index,
          kind: cls,
          detail: detail ?? '',
          input: slot.input ?? '',
        };
        findings.push(finding);
        options.onFinding?.(finding);
      }
      options.onResult?.(index, cls, done);
    };

    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      for (const s of slots) s.child.kill('SIGKILL');
      findings.sort((a, b) => a.index - b.index);
      resolvePromise({
        target: target.name,
        seed: options.seed,
        start,
        count: options.count,
        counts,
        findings,
        wallMs: Date.now() - began,
        peakRssMb: Math.round(peakRssMb),
      });
    };

    const dispatch = (slot: Slot) => {
      if (slot.retire) {
        slots.delete(slot);
        slot.child.kill('SIGKILL');
        spawn();
        return;
      }
      if (next >= end) {
        slots.delete(slot);
        slot.child.kill('SIGKILL');
        if (slots.size === 0) finish();
        return;
      }
      slot.index = next++;
      slot.input = undefined;
      slot.startedWall = Date.now();
      slot.startedCpu = procStats(slot.child.pid!)?.cpuMs;
      slot.child.send({ type: 'run', index: slot.index });
    };

    const spawn = () => {
      if (next >= end) {
        if (slots.size === 0) finish();
        return;
      }
      const child = fork(join(__dirname, 'child.ts'), [file, target.name, String(options.seed)], {
        execArgv: [`--max-old-space-size=${memoryMb}`, '--require', require.resolve('tsx/cjs')],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      const slot: Slot = { child, ready: false, stderr: '' };
      slots.add(slot);
      child.stdout!.resume();
      child.stderr!.on('data', (d: Buffer) => {
        slot.stderr = (slot.stderr + d.toString()).slice(-4000);
      });
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'ready') {
          slot.ready = true;
          dispatch(slot);
        } else if (m.type === 'start') {
          if (m.index === slot.index) slot.input = m.input;
        } else if (m.type === 'result' && m.index === slot.index) {
          const { cls, detail } = classify(m.outcome);
          const index = slot.index;
          slot.index = undefined;
          record(slot, index, cls, detail);
          // A child whose heap keeps growing is replaced before it reaches the limit (leaks across inputs are
          // not the next input's fault).
          if (m.heapMb > memoryMb * 0.6) slot.retire = true;
          dispatch(slot);
        }
      });
      child.on('exit', (code, signal) => {
        if (!slots.has(slot)) return;
        slots.delete(slot);
        if (finished) return;
        if (!slot.ready && slot.index === undefined) {
          reject(new Error(`fuzz child for ${target.name} exited before it was ready: ${slot.stderr}`));
          finished = true;
          clearInterval(watchdog);
          for (const s of slots) s.child.kill('SIGKILL');
          return;
        }
        if (slot.index !== undefined) {
          const outOfHeap = /heap out of memory|Allocation failed/i.test(slot.stderr);
          const killed = slot.killedFor;
          const kind = killed?.kind ?? (outOfHeap ? 'memory' : 'crash');
          const detail =
            killed?.detail ??
            (outOfHeap
              ? `ran out of its ${memoryMb} MB heap`
              : `the process exited (code ${code}, signal ${signal}): ${slot.stderr.trim().split('\n').pop()}`);
          record(slot, slot.index, kind, detail);
        }
        spawn();
      });
    };

    const watchdog = setInterval(() => {
      for (const slot of slots) {
        if (slot.index === undefined || slot.killedFor) continue;
        const stats = procStats(slot.child.pid!);
        if (stats && stats.rssMb > peakRssMb) peakRssMb = stats.rssMb;
        const wall = Date.now() - slot.startedWall!;
        const cpu = stats && slot.startedCpu !== undefined ? stats.cpuMs - slot.startedCpu : wall;
        if (cpu > timeoutMs || wall > timeoutMs * WALL_FACTOR) {
          slot.killedFor = {
            kind: 'hang',
            detail: `no result after ${Math.round(cpu)} ms of CPU (${wall} ms wall); the limit is ${timeoutMs} ms`,
          };
        } else if (stats && stats.rssMb > rssMb) {
          slot.killedFor = {
            kind: 'memory',
            detail: `resident set ${Math.round(stats.rssMb)} MB passed ${rssMb} MB`,
          };
        }
        if (slot.killedFor) slot.child.kill('SIGKILL');
      }
    }, POLL_MS);

    const workers = Math.max(1, Math.min(options.workers ?? 1, options.count));
    if (options.count <= 0) finish();
    else for (let i = 0; i < workers; i++) spawn();
  });
}

/** The CPU time of this process (every thread), in ms. */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * The in-process run (`inProcess: true`): the same inputs, classes and report as {@link runFuzz}'s children, in
 * the calling process. An input over the CPU limit is a `hang` and one that grows the heap past the memory limit a
 * `memory` finding, both measured when it returns: nothing is killed, so an input that never returns stops the
 * run (jest's timeout, or the CI job's, reports it). For a quick run of inputs that are known to end (a fixed seed
 * that `npm run fuzz` has run with its limits); `npm run fuzz` itself always uses children.
 */
async function runInProcess(loaded: LoadedTarget, options: RunOptions): Promise<FuzzReport> {
  const { target } = loaded;
  const start = options.start ?? 0;
  const timeoutMs = options.timeoutMs ?? target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memoryMb = options.memoryMb ?? target.memoryMb ?? DEFAULT_MEMORY_MB;
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<OutcomeClass, number>;
  const findings: Finding[] = [];
  const began = Date.now();
  let peakRssMb = process.memoryUsage().rss / 1048576;
  for (let index = start, done = 1; index < start + options.count; index++, done++) {
    let input = '';
    const cpu0 = ownCpuMs();
    const heap0 = process.memoryUsage().heapUsed;
    let outcome: Outcome;
    try {
      const generated: unknown = target.generate(new Rng(inputSeed(options.seed, index)), index);
      input = target.describe(generated);
      outcome = await target.run(generated);
    } catch (e) {
      outcome = { kind: 'crash', error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    const cpuMs = ownCpuMs() - cpu0;
    const memory = process.memoryUsage();
    peakRssMb = Math.max(peakRssMb, memory.rss / 1048576);
    const grownMb = (memory.heapUsed - heap0) / 1048576;
    let { cls, detail } = classify(outcome);
    if (cpuMs > timeoutMs) {
      cls = 'hang';
      detail = `took ${Math.round(cpuMs)} ms of CPU; the limit is ${timeoutMs} ms`;
    } else if (grownMb > memoryMb) {
      cls = 'memory';
      detail = `the heap grew by ${Math.round(grownMb)} MB; the limit is ${memoryMb} MB`;
    }
    counts[cls]++;
    if (cls !== 'accepted' && cls !== 'rejected') {
      const finding: Finding = {
        target: target.name,
        seed: options.seed,
        index,
        kind: cls,
        detail: detail ?? '',
        input,
      };
      findings.push(finding);
      options.onFinding?.(finding);
    }
    options.onResult?.(index, cls, done);
  }
  return {
    target: target.name,
    seed: options.seed,
    start,
    count: options.count,
    counts,
    findings,
    wallMs: Date.now() - began,
    peakRssMb: Math.round(peakRssMb),
  };
}

/** Groups findings by kind and by the first line of their detail, numbers and quoted text masked. */
export function groupFindings(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const first = f.detail.split('\n')[0].slice(0, 200);
    // A bad message is grouped by what is wrong with it; an error by its text, with values masked.
    const key =
      f.kind === 'message'
        ? `message: ${first.split(':')[0]}`
        : `${f.kind}: ${first
            .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '…')
            .replace(/(\/tmp|\.\.)\/\S+/g, '…')
            .replace(/\d+/g, 'N')
            .slice(0, 160)}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  return groups;
}

/** A report for people: counts per class, then each group of findings with a replay line per input. */
export function formatReport(report: FuzzReport, maxPerGroup = Infinity): string {
  const lines = [
    `${report.target}: ${report.count} inputs (seed ${report.seed}, from index ${report.start}) in ${(report.wallMs / 1000).toFixed(1)} s`,
    `  ${CLASSES.map((c) => `${c} ${report.counts[c]}`).join(', ')}; peak resident set ${report.peakRssMb} MB`,
  ];
  for (const [key, list] of groupFindings(report.findings)) {
    lines.push(`  ${list.length} x ${key}`);
    for (const f of list.slice(0, maxPerGroup))
      lines.push(`    ${replayLine(f)}   # ${f.input.slice(0, 160)}`);
    if (list.length > maxPerGroup) lines.push(`    ... and ${list.length - maxPerGroup} more`);
  }
  return lines.join('\n');
}
