/**
 * How fast `cdk-telemetry review` reads and reviews a cloud assembly with 10,000 alarms.
 *
 *   npm run build && npm run bench:review
 *
 * The assembly (1,430 Lambda functions in 10 services: 10,010 metric alarms plus composites) is synthesized once
 * with a plain App (no cdk-nag: the templates are the same, synthesis is just slower with it) and kept in
 * bench/out/ (git-ignored). Measured: each phase in-process, then the whole command as a user runs it,
 * `node dist/bin/cli.js review <dir>`, from process start to exit, beside a bare `node -e 0`. Best of 5 is the
 * figure to quote, with the CPU time (user + system) beside it: on a busy machine wall time measures the queue
 * for a core as much as the program.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { modelFromText } from '../lib/config/load';
import { addTelemetryStacks } from '../lib/stacks/telemetry-app';
import { estimateCost } from '../lib/tools/cost/estimate';
import { readCloudAssembly } from '../lib/tools/read/assembly';
import { renderHtml } from '../lib/tools/report/html';
import { renderText } from '../lib/tools/report/text';
import { reviewAssembly } from '../lib/tools/review/review';
import { reviewDoc } from '../lib/tools/review/review-doc';
import { scaleConfig } from '../test/helpers/scale-config';
import { median } from './median';

const SERVICES = 10;
const FUNCTIONS = 143;
const RUNS = 5;
const dir = join(__dirname, 'out', `review-${SERVICES}x${FUNCTIONS}`);

function ensureAssembly(): void {
  if (existsSync(join(dir, 'manifest.json'))) return;
  const t = Date.now();
  const app = new App({ outdir: dir });
  addTelemetryStacks(app, modelFromText(scaleConfig({ services: SERVICES, functionsPerService: FUNCTIONS })));
  app.synth();
  console.log(`synthesized ${dir} in ${((Date.now() - t) / 1000).toFixed(1)} s (once; reused afterwards)`);
}

const ms = (n: number, width: number) => n.toFixed(0).padStart(width);

/** Runs `fn` and records its wall and CPU milliseconds under `phase`. */
const phases: Record<string, { wall: number[]; cpu: number[] }> = {};
function time<T>(phase: string, fn: () => T): T {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  const out = fn();
  const cpu = process.cpuUsage(c);
  phases[phase] ??= { wall: [], cpu: [] };
  phases[phase].wall.push(Number(process.hrtime.bigint() - t) / 1e6);
  phases[phase].cpu.push((cpu.user + cpu.system) / 1000);
  return out;
}

ensureAssembly();
let alarms = 0;
let templates = 0;
let htmlBytes = 0;
for (let i = 0; i < RUNS; i++) {
  const read = time('read', () => readCloudAssembly(dir));
  const review = time('review', () => reviewAssembly(read));
  const cost = time('cost', () => estimateCost(read));
  time('text report', () => renderText(reviewDoc(review, { cost })));
  htmlBytes = time('html report', () => renderHtml(reviewDoc(review, { cost }))).length;
  alarms = review.summary.alarms;
  templates = read.stacks.length;
}
console.log(`\n${alarms.toLocaleString('en-US')} alarms in ${templates} templates`);
console.log(`in-process, ${RUNS} runs:          wall best  median   CPU best`);
for (const [k, v] of Object.entries(phases))
  console.log(
    `  ${k.padEnd(20)} ${ms(Math.min(...v.wall), 9)} ${ms(median(v.wall), 7)} ${ms(Math.min(...v.cpu), 10)} ms`,
  );
console.log(`  (the HTML page is ${(htmlBytes / 1e6).toFixed(1)} MB)`);

const cli = join(__dirname, '..', 'dist', 'bin', 'cli.js');
if (!existsSync(cli)) {
  console.log('\n(run `npm run build` first to time the command itself)');
} else {
  const preload = join(__dirname, 'cpu-at-exit.cjs');
  /** Best and median wall time, and best CPU time, of `node <args>`. */
  const run = (args: string[]): [number, number, number] => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = Date.now();
      const r = spawnSync(process.execPath, ['--require', preload, ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
      wall.push(Date.now() - t);
      cpu.push(Number(/cpu-ms (\d+)/.exec(String(r.stderr))![1]));
    }
    return [Math.min(...wall), median(wall), Math.min(...cpu)];
  };
  const bare = run(['-e', '0']);
  const row = (label: string, [best, med, cpu]: [number, number, number]) =>
    console.log(
      `  ${label.padEnd(36)} ${ms(best, 9)} ${ms(med, 7)} ${ms(cpu, 10)} ms` +
        (label === 'node -e 0'
          ? ''
          : `   (after node starts: ${best - bare[0]} ms wall, ${cpu - bare[2]} ms CPU)`),
    );
  console.log(`\nthe command, process start to exit, ${RUNS} runs:  wall best  median   CPU best`);
  row('node -e 0', bare);
  row('cdk-telemetry review (table)', run([cli, 'review', '--app', dir, '-o', '/dev/null']));
  row(
    'cdk-telemetry review --format json',
    run([cli, 'review', '--app', dir, '--format', 'json', '-o', '/dev/null']),
  );
  row(
    'cdk-telemetry review --format html',
    run([cli, 'review', '--app', dir, '--format', 'html', '-o', '/dev/null']),
  );
}
const cores = execFileSync('nproc').toString().trim();
console.log(`\nnode ${process.version}, ${cores} cores, load average ${loadavg()[0].toFixed(1)} when done`);
