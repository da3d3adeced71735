/**
 * `npx tsx bench/watch.ts [--reps 5]`: the synth CPU time of the example shop (examples/app) with and without the
 * one-line `Telemetry.watch`, in the same run (alternating, each a cold process like `cdk synth`, CloudFormation
 * validation on), medians and the load average; and the lines of user code of the example.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './median';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '5' } } });
const reps = Number(values.reps);
const child = join(__dirname, 'watch-child.ts');
const run = (mode: string) =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', child, mode], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  ) as { cpuMs: number; stacks: number };

const cpu: Record<string, number[]> = { without: [], with: [] };
const load = [loadavg()[0]];
for (let i = 0; i < reps; i++) {
  for (const mode of i % 2 ? ['with', 'without'] : ['without', 'with']) {
    const r = run(mode);
    cpu[mode].push(r.cpuMs);
    process.stderr.write(`${mode}: ${Math.round(r.cpuMs)} ms CPU, ${r.stacks} stacks\n`);
  }
  load.push(loadavg()[0]);
}

/** Lines of user code: non-blank lines that are not comments. */
const shop = readFileSync(join(__dirname, '..', 'examples', 'app', 'shop.ts'), 'utf8');
const shopLines = shop.split('\n').filter((l) => l.trim() && !/^\s*(\/\/|\/\*\*?|\*)/.test(l)).length;
const watchLines = shop
  .slice(shop.indexOf('const watch = Telemetry.watch('))
  .split('\n')
  .filter((l) => l.trim() && !/^\s*(\/\/|\*)/.test(l) && !/^\s*return|^}/.test(l)).length;

const w = median(cpu.with);
const wo = median(cpu.without);
console.log(`example shop synth, CPU (user+sys) median of ${reps}, load average ${median(load).toFixed(1)}:`);
console.log(`  without Telemetry.watch: ${Math.round(wo)} ms`);
console.log(
  `  with Telemetry.watch:    ${Math.round(w)} ms (+${Math.round(w - wo)} ms, ${(w / wo).toFixed(2)}x)`,
);
console.log(
  `lines of user code: ${shopLines} in examples/app/shop.ts, of which ${watchLines} for the telemetry`,
);
