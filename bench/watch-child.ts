/**
 * One cold synth of the example shop (examples/app), with or without `Telemetry.watch`, in a process of its own
 * (bench/watch.ts spawns it). Prints the process's CPU time (user + sys, module loading included) as JSON.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { shopApp, shopStacks } from '../examples/app/shop';

const mode = process.argv[2];
const outdir = mkdtempSync(join(tmpdir(), 'watch-bench-'));
const context = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')).context;
const app = new App({ outdir, context });
if (mode === 'with') shopApp(app);
else shopStacks(app);
const assembly = app.synth();
const cpu = process.cpuUsage();
rmSync(outdir, { recursive: true, force: true });
console.log(JSON.stringify({ mode, cpuMs: (cpu.user + cpu.system) / 1000, stacks: assembly.stacks.length }));
