/**
 * Runs the CLI fuzz targets at length, by hand:
 *
 *   npx tsx test/fuzz/cli.ts [--count 1000] [--seed 1] [--target cli-history] [--index 17] [--timeout 120]
 *
 * Each target runs in a child process (one input after another, in-process through `runCli`) with a 1 GB heap
 * and a 2.5 GB data limit, so that an input that hangs or eats memory is caught and classified instead of taking
 * the machine down: no answer within `--timeout` seconds is a hang, a child that dies is a memory blow-up (or
 * an abort), a peak RSS over 1 GB is a memory blow-up. `--index` replays one input and prints it; `--samples N`
 * prints N rejection messages per target.
 */
import { spawn } from 'node:child_process';
import { inputSeed, Rng, type Outcome } from './harness';
import { CLI_TARGETS } from './targets/cli-targets';

/** The memory every input must stay under (the README's "Limits"). */
const RSS_LIMIT_MB = 1024;

interface Report {
  readonly index: number;
  readonly outcome: Outcome;
  readonly ms: number;
  readonly rssMb: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function child(): Promise<void> {
  const target = CLI_TARGETS.find((t) => t.name === arg('target', ''))!;
  const seed = Number(arg('seed', '1'));
  const from = Number(arg('from', '0'));
  const to = Number(arg('to', '0'));
  for (let index = from; index < to; index++) {
    const input = target.generate(new Rng(inputSeed(seed, index)), index);
    const t0 = performance.now();
    let outcome = await target.run(input);
    const ms = performance.now() - t0;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    if (rssMb > RSS_LIMIT_MB && outcome.kind !== 'crash')
      outcome = { kind: 'crash', error: `memory: peak RSS ${Math.round(rssMb)} MB` };
    process.send!({ index, outcome, ms, rssMb } satisfies Report);
    // The peak cannot be reset: start a fresh child after a blow-up.
    if (rssMb > RSS_LIMIT_MB) process.exit(0);
  }
  process.exit(0);
}

/** Runs inputs [from, to) of a target in children, restarting after a hang or a death. */
async function runTarget(name: string, seed: number, count: number, timeoutS: number): Promise<Report[]> {
  const reports: Report[] = [];
  let next = 0;
  while (next < count) {
    const start = next;
    await new Promise<void>((done) => {
      const args = [
        '--target',
        name,
        '--seed',
        String(seed),
        '--from',
        String(start),
        '--to',
        String(count),
        '--child',
      ];
      const proc = spawn(
        '/bin/sh',
        [
          '-c',
          'ulimit -d 2500000 && exec "$0" "$@"',
          process.execPath,
          ...process.execArgv,
          '--max-old-space-size=1024',
          __filename,
          ...args,
        ],
        { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
      );
      let stderr = '';
      proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2_000)));
      let timer: NodeJS.Timeout;
      let hung = false;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          hung = true;
          proc.kill('SIGKILL');
        }, timeoutS * 1000);
      };
      arm();
      proc.on('message', (r: Report) => {
        reports.push(r);
        next = r.index + 1;
        arm();
      });
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (next < count && (hung || code !== 0)) {
          const why = hung
            ? `hang: no answer in ${timeoutS} s`
            : `child died (${signal ?? `exit ${code}`}): ${stderr.split('\n').find((l) => /heap|memory|Error/i.test(l)) ?? stderr.slice(-200)}`;
          reports.push({
            index: next,
            outcome: { kind: 'crash', error: why },
            ms: hung ? timeoutS * 1000 : NaN,
            rssMb: NaN,
          });
          next++;
        }
        done();
      });
    });
  }
  return reports;
}

/** A crash message with numbers and quoted text masked, to group crashes into classes. */
const crashClass = (error: string) =>
  error
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+(\.\d+)?/g, 'N')
    .slice(0, 140);

async function main(): Promise<void> {
  if (process.argv.includes('--child')) return child();
  const seed = Number(arg('seed', '1'));
  const count = Number(arg('count', '1000'));
  const timeoutS = Number(arg('timeout', '120'));
  const only = arg('target', '');
  const index = arg('index', '');
  const targets = CLI_TARGETS.filter((t) => !only || t.name === only);
  if (index !== '') {
    for (const t of targets) {
      const input = t.generate(new Rng(inputSeed(seed, Number(index))), Number(index));
      console.log(t.describe(input));
      console.log(JSON.stringify(await t.run(input)));
    }
    return;
  }
  let crashes = 0;
  for (const t of targets) {
    const t0 = performance.now();
    const reports = await runTarget(t.name, seed, count, timeoutS);
    const by = { accepted: 0, rejected: 0, crash: 0 };
    const classes = new Map<string, number[]>();
    for (const r of reports) {
      by[r.outcome.kind]++;
      if (r.outcome.kind === 'crash') {
        const c = crashClass(r.outcome.error);
        classes.set(c, [...(classes.get(c) ?? []), r.index]);
      }
    }
    crashes += by.crash;
    const peak = Math.max(...reports.map((r) => r.rssMb).filter((x) => !Number.isNaN(x)));
    const slowest = Math.max(...reports.map((r) => r.ms).filter((x) => !Number.isNaN(x)));
    console.log(
      `${t.name}: ${reports.length} inputs (seed ${seed}): ${by.accepted} accepted, ${by.rejected} rejected, ${by.crash} crashes; peak RSS ${Math.round(peak)} MB, slowest ${Math.round(slowest)} ms, ${Math.round((performance.now() - t0) / 1000)} s`,
    );
    for (const [c, indexes] of [...classes].sort((a, b) => b[1].length - a[1].length))
      console.log(
        `  ${String(indexes.length).padStart(5)}  ${c}  (e.g. --index ${indexes.slice(0, 3).join(', ')})`,
      );
    // --samples N: N rejection messages, to see that the inputs reach past the first check.
    for (const r of reports
      .filter((x) => x.outcome.kind === 'rejected')
      .slice(0, Number(arg('samples', '0'))))
      console.log(`  rejected #${r.index}: ${(r.outcome as { message: string }).message.slice(0, 200)}`);
  }
  process.exitCode = crashes ? 1 : 0;
}

void main();
