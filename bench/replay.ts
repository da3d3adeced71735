/**
 * The replay suite on the example app (telemetry.yaml): its planned alarms (the same specs its synthesized
 * templates hold: test/tools/review.test.ts checks that) replayed over a seeded healthy week of full traffic and
 * over that week with each incident injected. Prints the incident table, the healthy week's pages and warnings per
 * alarm, and the targets of issue 14 that are missed; writes bench/out/replay-latest.json.
 *
 *   npm run bench:replay                 # the full week, traffic as modelled (hundreds of requests a minute at peak)
 *   npm run bench:replay -- --seed 7     # another week
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { modelFromText } from '../lib/config/load';
import { planTelemetry } from '../lib/model/plan';
import { missedTargets, renderReplaySuite, runReplaySuite } from '../lib/tools/replay-model/suite';

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
const cpu = process.cpuUsage();
const report = runReplaySuite(specs, { start: WEEK, seed: arg('seed', 14), scale: arg('scale', 1) });
const used = process.cpuUsage(cpu);
console.log(renderReplaySuite(report));
const missed = missedTargets(report);
console.log('');
console.log(missed.length ? `targets missed:\n- ${missed.join('\n- ')}` : 'every target holds');
console.log(
  `\n${specs.length} alarms, ${report.incidents.length} incidents; CPU ${((used.user + used.system) / 1e6).toFixed(1)} s (load average ${loadavg()[0].toFixed(1)})`,
);
mkdirSync(join(__dirname, 'out'), { recursive: true });
writeFileSync(join(__dirname, 'out', 'replay-latest.json'), JSON.stringify(report, null, 2));
