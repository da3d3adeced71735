/* global process, console */
// Jest's order for a run: the failed files first, then the costliest first, so that the last files to start are short
// and neither worker idles while the other finishes a long one. A file's cost is its time in jest's own cache (the
// last run on this machine) or, on a machine with no cache (CI starts with none, and jest's fallback, the file's
// size, put 20 s files last), its CPU time recorded in cpu-ms.json; a file in neither is new and goes first.
//
// Files that read a shared synth (`sharedApp('name')`, `sharedSynth('name')`, … of test/helpers/shared-synth.ts)
// wait until the files before them add up to HEAD_MS: the global setup starts those synths in the background, and
// the other files keep both workers busy meanwhile. The names it found go to the global setup in
// CDK_TELEMETRY_SHARED_SYNTHS.
//
// Refresh cpu-ms.json from runs with TEST_CPU_LOG=<file> (see environment.js), one file per run, cold caches (as on CI);
// a file's cost is its mean over the runs (one run's figures vary by 10-20 % here):
//   node test/helpers/jest/sequencer.js <file>...
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const USE = /\b(?:sharedApp|sharedSynth|sharedAssembly|copyOfShared)\(\s*['"]([\w-]+)['"]/g;
const RECORDED = join(__dirname, 'cpu-ms.json');
const ROOT = join(__dirname, '../../..');
/** About what both workers do while a cold shared synth runs beside them (it takes ~18 s of CPU). */
const HEAD_MS = 40_000;

/** Recorded CPU ms by file, relative to the repository. */
function recorded() {
  try {
    return JSON.parse(readFileSync(RECORDED, 'utf8'));
  } catch {
    return {};
  }
}

class CostliestFirst extends Sequencer {
  sort(tests) {
    const table = recorded();
    for (const t of tests) t.duration = this.time(t); // as jest's sort does (its scheduler reads it)
    const cost = new Map(
      tests.map((t) => [t, t.duration ?? table[relative(ROOT, t.path)] ?? Number.POSITIVE_INFINITY]),
    );
    const sorted = [...tests].sort(
      (a, b) => Number(this.hasFailed(b)) - Number(this.hasFailed(a)) || cost.get(b) - cost.get(a),
    );
    const needs = new Map(
      sorted.map((t) => [t, [...readFileSync(t.path, 'utf8').matchAll(USE)].map((m) => m[1])]),
    );
    process.env.CDK_TELEMETRY_SHARED_SYNTHS = [...new Set([...needs.values()].flat())].join(',');
    const order = [];
    const held = [];
    let ahead = 0;
    for (const t of sorted) {
      if (needs.get(t).length > 0 && ahead < HEAD_MS) {
        held.push(t);
        continue;
      }
      order.push(t);
      ahead += Math.min(cost.get(t), HEAD_MS);
      if (ahead >= HEAD_MS) order.push(...held.splice(0));
    }
    return [...order, ...held];
  }
}

/** Writes cpu-ms.json from TEST_CPU_LOG files: each file's mean CPU ms over them, to the 100 ms. */
function record(logs) {
  const runs = new Map();
  for (const log of logs) {
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      const [cpu, , file] = line.split('\t');
      if (file) runs.set(file, [...(runs.get(file) ?? []), Number(cpu)]);
    }
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sorted = Object.fromEntries(
    [...runs]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, cpus]) => [file, Math.max(100, Math.round(mean(cpus) / 100) * 100)]),
  );
  writeFileSync(RECORDED, `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(`${RECORDED}: ${Object.keys(sorted).length} files`);
}

if (require.main === module) record(process.argv.slice(2));

module.exports = CostliestFirst;
