/**
 * `npm run fuzz`: runs fuzz targets at length and prints counts per class and a replay line per finding.
 *
 *   npm run fuzz -- --count 10000 --seed 7 --target config --workers 2
 *   npm run fuzz -- --target config --seed 7 --index 4242      # replays one input in-process, with its stack
 *
 * Exit status: 0 when no input crashed, hung, blew up memory or printed a bad message; 1 otherwise; 2 on a usage
 * error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputSeed, Rng } from './harness';
import { classify, discoverTargets, formatReport, replayLine, runFuzz, type FuzzReport } from './runner';

const USAGE =
  'usage: npm run fuzz -- [--target name[,name]] [--count N] [--seed N] [--start I] [--workers N] [--timeout ms] [--memory MB] [--json file] [--index I] [--verbose]';

function parseArgs(argv: string[]) {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(target|count|seed|start|workers|timeout|memory|json|index|list|verbose)$/.exec(argv[i]);
    if (!m) throw new Error(`unknown argument "${argv[i]}"`);
    if (m[1] === 'list' || m[1] === 'verbose') {
      opts[m[1]] = 'yes';
      continue;
    }
    const v = argv[++i];
    if (v === undefined) throw new Error(`--${m[1]} needs a value`);
    opts[m[1]] = v;
  }
  const int = (key: string, fallback?: number) => {
    if (opts[key] === undefined) return fallback;
    if (!/^\d{1,9}$/.test(opts[key])) throw new Error(`--${key} must be a whole number, got "${opts[key]}"`);
    return Number(opts[key]);
  };
  return {
    targets: opts.target?.split(','),
    count: int('count', 1000)!,
    seed: int('seed', 1)!,
    start: int('start', 0)!,
    workers: int('workers', 1)!,
    timeoutMs: int('timeout'),
    memoryMb: int('memory'),
    index: int('index'),
    json: opts.json,
    list: opts.list === 'yes',
    verbose: opts.verbose === 'yes',
  };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const all = discoverTargets();
  if (args.list) {
    for (const { target, file } of all) console.log(`${target.name}\t${file}`);
    return 0;
  }
  const unknown = (args.targets ?? []).filter((n) => !all.some((t) => t.target.name === n));
  if (unknown.length) {
    console.error(
      `error: no fuzz target ${unknown.join(', ')} (known: ${all.map((t) => t.target.name).join(', ')})`,
    );
    return 2;
  }
  const chosen = args.targets ? all.filter((t) => args.targets!.includes(t.target.name)) : all;

  if (args.index !== undefined) {
    // Replay: in this process, no limits, the whole error.
    let failed = false;
    for (const { target } of chosen) {
      const input = target.generate(new Rng(inputSeed(args.seed, args.index)), args.index);
      const dir = join('test-artifacts', 'fuzz');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${target.name}-${args.seed}-${args.index}.txt`);
      writeFileSync(path, target.serialize ? target.serialize(input) : target.describe(input));
      console.log(`${target.name} seed ${args.seed} index ${args.index}: ${target.describe(input)}`);
      console.log(`  input written to ${path}`);
      try {
        const outcome = await target.run(input);
        const { cls, detail } = classify(outcome);
        failed ||= cls !== 'accepted' && cls !== 'rejected';
        console.log(`  ${cls}${detail ? `: ${detail}` : ''}`);
        if (outcome.kind === 'rejected') console.log(`  message: ${JSON.stringify(outcome.message)}`);
      } catch (e) {
        failed = true;
        console.log(`  crash (thrown): ${(e as Error).stack ?? String(e)}`);
      }
    }
    return failed ? 1 : 0;
  }

  const reports: FuzzReport[] = [];
  for (const loaded of chosen) {
    const width = String(args.count).length;
    const report = await runFuzz(loaded, {
      seed: args.seed,
      count: args.count,
      start: args.start,
      workers: args.workers,
      timeoutMs: args.timeoutMs,
      memoryMb: args.memoryMb,
      onFinding: args.verbose
        ? (f) => console.error(`${f.kind} ${replayLine(f)}: ${f.detail.split('\n')[0].slice(0, 300)}`)
        : undefined,
      onResult: (_i, _cls, done) => {
        if (process.stderr.isTTY && (done % 10 === 0 || done === args.count)) {
          process.stderr.write(`\r${loaded.target.name}: ${String(done).padStart(width)}/${args.count}`);
        }
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    console.log(formatReport(report));
    reports.push(report);
  }
  if (args.json) writeFileSync(args.json, JSON.stringify(reports, null, 2));
  return reports.some((r) => r.findings.length) ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e);
    process.exitCode = 3;
  },
);
