/**
 * The replay suite on the example app (telemetry.yaml): its planned alarms (the same specs its synthesized
 * templates hold: test/tools/review.test.ts checks that) replayed over a seeded healthy week of full traffic and
 * over that week with each incident injected, after the quiet defaults of issue 14 and before them
 * (`replay-before.ts` undoes them on the same plan), in the same run. Prints the before/after figures, the incident
 * table and the healthy week's pages and warnings per alarm of each, and the targets of issue 14 that are missed;
 * writes bench/out/replay-latest.json.
 *
 *   npm run bench:replay                 # the full week, traffic as modelled (hundreds of requests a minute at peak)
 *   npm run bench:replay -- --seed 7     # another week
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { modelFromText } from '../lib/config/load';
import { planTelemetry } from '../lib/model/plan';
import {
  compareReplaySuites,
  missedTargets,
  renderReplaySuite,
  runReplaySuite,
} from '../lib/tools/replay-model/suite';
import { beforeQuietDefaults } from './replay-before';

/** Monday 2026-11-30 00:00 UTC. */
const WEEK = 1_795_996_800;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const root = join(__dirname, '..');
const model = modelFromText(readFileSync(join(root, 'telemetry.yaml'), 'utf8'));
const plan = planTelemetry(model);
const specs = [...plan.account, ...plan.services.flatMap((s) => [...s.alarms, ...s.composites])];
const before = beforeQuietDefaults(specs);
const options = { start: WEEK, seed: arg('seed', 14), scale: arg('scale', 1) };
const cpu = process.cpuUsage();
const after = runReplaySuite(specs, options);
const used = process.cpuUsage(cpu);
const baseline = runReplaySuite(before.specs, options);
const show = (title: string, report: typeof after) => {
  const missed = missedTargets(report);
  console.log(`\n## ${title}\n\n${renderReplaySuite(report)}\n`);
  console.log(missed.length ? `targets missed:\n- ${missed.join('\n- ')}` : 'every target holds');
};
console.log(`# Replay suite, seed ${options.seed}, scale ${options.scale}\n`);
console.log(compareReplaySuites(baseline, after));
console.log('\nbefore = the same plan with the quiet defaults undone:');
for (const t of before.touched) console.log(`- ${t.what} (${t.alarms} alarms)`);
show('after (the quiet defaults)', after);
show('before', baseline);
console.log(
  `\n${specs.length} alarms, ${after.incidents.length} incidents; CPU of one suite ${((used.user + used.system) / 1e6).toFixed(1)} s (load average ${loadavg()[0].toFixed(1)})`,
);
mkdirSync(join(__dirname, 'out'), { recursive: true });
writeFileSync(
  join(__dirname, 'out', 'replay-latest.json'),
  JSON.stringify({ after, before: baseline }, null, 2),
);
