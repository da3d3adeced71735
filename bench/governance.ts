/**
 * What tracing, audit and log governance cost at synth time (run by hand: `npx tsx bench/governance.ts`).
 *
 * Scenarios run in turns in one process after two warm-up rounds; the median is reported as CPU time (user + system
 * of this process, less sensitive than wall time to what else the machine runs) and wall time. Synthesis runs
 * without the validation plugins (cdk-nag and the CloudFormation validator), which cost the same either way.
 *
 * - example: the example app with and without its tracing/audit/logs sections, and the template size per stack;
 * - user-N: an app of ordinary stacks (N Lambda functions, half of them with a log group, REST APIs, state
 *   machines) with and without `enableTracing` and `enforceLogRetention`.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { parse, stringify } from 'yaml';
import { modelFromText } from '../lib/config/load';
import { enforceLogRetention } from '../lib/logs/enforce-retention';
import { DEFAULT_RETENTION_TIERS } from '../lib/model/retention';
import { addTelemetryStacks } from '../lib/stacks/telemetry-app';
import { enableTracing } from '../lib/tracing/enable-tracing';
import { median } from './median';

interface Result {
  readonly cpu: number;
  readonly wall: number;
  readonly resources: number;
  readonly bytes: Record<string, number>;
}

/** One scenario, in this process. */
function scenario(name: string): Omit<Result, 'cpu' | 'wall'> {
  const app = new App();
  if (name.startsWith('example')) {
    const text = readFileSync(join(__dirname, '..', 'telemetry.yaml'), 'utf8');
    const config = parse(text) as Record<string, unknown>;
    if (name === 'example-without') for (const key of ['tracing', 'audit', 'logs']) delete config[key];
    addTelemetryStacks(app, modelFromText(stringify(config)));
  } else {
    const [, n, aspects] = /^user-(\d+)-(none|both)$/.exec(name)!;
    for (let s = 0; s < Number(n) / 50; s++) {
      const stack = new Stack(app, `User${s}`);
      const api = new apigateway.RestApi(stack, 'Api');
      for (let i = 0; i < 50; i++) {
        const fn = new lambda.Function(stack, `Fn${i}`, {
          runtime: lambda.Runtime.NODEJS_LATEST,
          handler: 'index.handler',
          code: lambda.Code.fromInline('exports.handler = async () => 1;'),
          ...(i % 2 ? { logGroup: new logs.LogGroup(stack, `Logs${i}`) } : {}),
        });
        if (i < 5) api.root.addResource(`r${i}`).addMethod('GET', new apigateway.LambdaIntegration(fn));
      }
      const pass = new sfn.Pass(stack, 'Pass');
      new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(pass) });
    }
    if (aspects === 'both') {
      enableTracing(app, { reportChanges: false });
      enforceLogRetention(app, DEFAULT_RETENTION_TIERS, {
        implicitLogGroups: 'create',
        reportChanges: false,
      });
    }
  }
  const assembly = app.synth();
  return {
    resources: assembly.stacks.reduce((sum, s) => sum + Object.keys(s.template.Resources).length, 0),
    bytes: Object.fromEntries(assembly.stacks.map((s) => [s.stackName, JSON.stringify(s.template).length])),
  };
}

interface Sample {
  readonly cpu: number;
  readonly wall: number;
}

/** Runs the scenarios in turns (so load from elsewhere spreads over all of them); medians after two warm-ups. */
function compare(names: readonly string[], rounds = 5): Map<string, Result> {
  const samples = new Map<string, Sample[]>(names.map((n) => [n, []]));
  const last = new Map<string, Omit<Result, 'cpu' | 'wall'>>();
  for (let round = 0; round < rounds + 2; round++) {
    for (const n of names) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      last.set(n, scenario(n));
      const c = process.cpuUsage(c0);
      if (round >= 2) samples.get(n)!.push({ cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 });
    }
  }
  return new Map(
    names.map((n) => {
      const xs = samples.get(n)!;
      return [n, { ...last.get(n)!, cpu: median(xs.map((x) => x.cpu)), wall: median(xs.map((x) => x.wall)) }];
    }),
  );
}

const show = (label: string, r: Result, base?: Result) =>
  console.log(
    `${label.padEnd(52)} ${r.cpu.toFixed(0).padStart(6)} ms CPU ${r.wall.toFixed(0).padStart(6)} ms wall ${String(r.resources).padStart(5)} resources${base ? `  (+${(r.cpu - base.cpu).toFixed(0)} ms CPU)` : ''}`,
  );
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`,
);
const c0 = process.cpuUsage();
const t0 = performance.now();
scenario('example-with');
const cold = process.cpuUsage(c0);
console.log(
  `first synth of the example app in this process (module loading): ${((cold.user + cold.system) / 1000).toFixed(0)} ms CPU ${(performance.now() - t0).toFixed(0)} ms wall`,
);
const example = compare(['example-without', 'example-with']);
show('example app, 3 stacks (no tracing/audit/logs)', example.get('example-without')!);
show(
  'example app, 6 stacks (tracing, audit, logs on)',
  example.get('example-with')!,
  example.get('example-without'),
);
for (const [stack, bytes] of Object.entries(example.get('example-with')!.bytes)) {
  console.log(`  ${stack.padEnd(50)} ${(bytes / 1000).toFixed(1)} KB`);
}
for (const n of [100, 300]) {
  const r = compare([`user-${n}-none`, `user-${n}-both`], 3);
  show(`${n} functions, no Aspects`, r.get(`user-${n}-none`)!);
  show(
    `${n} functions, enableTracing + enforceLogRetention`,
    r.get(`user-${n}-both`)!,
    r.get(`user-${n}-none`),
  );
}
