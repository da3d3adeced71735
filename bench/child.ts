/**
 * One measured synthesis, run in a fresh process by bench/synth.ts: `node --import tsx bench/child.ts <config> <N>
 * <outdir>`. Cold like `cdk synth`: module load, construction and synthesis (with CloudFormation validation as
 * cdk.json turns it on) all happen here. Prints one JSON line with the phase times and the CPU time of the process.
 */
import type * as Cdk from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { configById } from './configs';
import { workload, type ServiceWorkload } from './workload';

type Build = (app: unknown, services: readonly ServiceWorkload[], options?: unknown) => void;

/**
 * CPU time of the main thread alone (Linux), in ms. V8 compiles the validator's WebAssembly and collects garbage on
 * background threads too; on an idle machine those run beside the main thread, so the main thread is the critical
 * path, and its CPU time is the figure least disturbed by other load.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100) ticks
  } catch {
    return undefined;
  }
}

function main(): void {
  const booted = performance.now(); // node start-up and the loader, up to this module's first line
  const [id, n, outdir] = process.argv.slice(2);
  const config = configById(id);
  // require, as `cdk synth` of a CommonJS app loads it: an ESM import() of aws-cdk-lib builds a namespace from every
  // lazy export and so loads all of its ~560 modules instead of the ~115 an app uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- measured like the app loads it
  const cdk = require('aws-cdk-lib') as typeof Cdk;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same for the configuration's module
  const { build } = require(`./apps/${config.module}`) as { build: Build };
  const loaded = performance.now();
  const app = new cdk.App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  build(app, workload(Number(n)), config.options);
  const constructed = performance.now();
  app.synth();
  const synthesized = performance.now();
  const cpu = process.cpuUsage();
  const result = {
    phases: {
      boot: booted,
      load: loaded - booted,
      construct: constructed - loaded,
      synth: synthesized - constructed,
    },
    totalMs: synthesized,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainThreadCpuMs: mainThreadCpuMs(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
}
