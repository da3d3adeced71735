/**
 * Prometheus benchmarks (`npx tsx bench/prometheus.ts`): planning and rendering the rules of the example app and of
 * 20 services x 50 functions (with an API stage, a route, a queue and a table each), against planning the same
 * model's CloudWatch alarms in the same run; the size of the rules files; the Prometheus stack's synthesis with
 * cdk-nag and CloudFormation validation. CPU time (user + sys), medians. Numbers go in the README.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { modelFromText } from '../lib/config/load';
import { planTelemetry } from '../lib/model/plan';
import type { TelemetryModel } from '../lib/model/telemetry-model';
import { planPrometheusRules } from '../lib/prometheus/rules/plan';
import { renderRuleFile } from '../lib/prometheus/rules/render';
import { TelemetryPrometheusStack } from '../lib/stacks/prometheus-stack';
import { scaleConfig } from '../test/helpers/scale-config';
import { testApp } from '../test/helpers/synth';
import { median } from './median';

/** Median CPU milliseconds (user + sys) of `fn` over `runs` runs. */
function cpu(runs: number, fn: () => void): number {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    out.push((d.user + d.system) / 1000);
  }
  return median(out);
}

const rules = (m: TelemetryModel) => planPrometheusRules(m).map((p) => renderRuleFile(p.file));

function report(name: string, m: TelemetryModel, runs: number) {
  rules(m); // warm up
  const prom = cpu(runs, () => rules(m));
  const cw = cpu(runs, () => planTelemetry(m));
  const bytes = rules(m).reduce((n, text) => n + Buffer.byteLength(text), 0);
  const alerts = planPrometheusRules(m).reduce((n, p) => n + p.alerts.length, 0);
  console.log(
    `${name}: Prometheus rules ${prom.toFixed(1)} ms (${alerts} alerts, ${(bytes / 1024).toFixed(0)} KiB of rules); CloudWatch plan ${cw.toFixed(1)} ms`,
  );
}

function synthCpu(m: TelemetryModel): number {
  const t0 = process.cpuUsage();
  const app = testApp();
  new TelemetryPrometheusStack(app, 'bench-prometheus', {
    model: m,
    prometheus: m.prometheus!,
    topicNamePrefix: 'x',
  });
  app.synth();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

function main() {
  const example = modelFromText(readFileSync(join(__dirname, '..', 'telemetry.yaml'), 'utf8'));
  const big = modelFromText(
    `${scaleConfig({ services: 20, functionsPerService: 50, fullService: true })}prometheus: {}\n`,
  );
  report('example app', example, 50);
  report('20 services x 50 functions', big, 5);
  synthCpu(example); // warm up module loading and the validator
  const synth = median([synthCpu(example), synthCpu(example), synthCpu(example)]);
  console.log(
    `Prometheus stack synthesis (cdk-nag, CloudFormation validation), example app: ${synth.toFixed(0)} ms`,
  );
  const [l1, l5, l15] = loadavg();
  console.log(`load average ${l1.toFixed(1)} ${l5.toFixed(1)} ${l15.toFixed(1)}`);
}

main();
