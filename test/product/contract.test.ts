/**
 * The contract between the application and its alarms: an instrumented application (the runtime, driven by the
 * journeys and KPIs of the example's telemetry.yaml) writes EMF; the synthesized alarms and dashboards of the same
 * config (the shared example assembly) watch metrics. Every watched metric of the app's namespace must be written
 * (by the runtime, or by a metric filter of the templates), with exactly the dimensions the alarm names, and every
 * metric the runtime writes for a declared journey or KPI must be watched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { appNamespace } from '../../lib/model/app-metrics';
import type { ProductModel } from '../../lib/model/product';
import type { Telemetry } from '../../lib/runtime';
import { sharedApp } from '../helpers/shared-synth';
import type { CfnTemplate } from '../helpers/synth';
import { memoryTelemetry, T0 } from '../runtime/helpers';

const model = modelFromText(readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8'));
const NS = appNamespace(model.app);

/** `namespace|metric|Dim=value,...` (dimensions sorted). */
const key = (ns: string, name: string, dims: Readonly<Record<string, string>>) =>
  `${ns}|${name}|${Object.entries(dims)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;

/** What the application does, for every journey and KPI the config declares: the calls of cdk-telemetry/runtime. */
function runApplication(t: Telemetry, product: ProductModel) {
  for (const j of product.journeys) {
    t.journeyStart(j.name);
    for (const s of j.stages) t.journeyReached(j.name, s.name, { startedAt: T0 - s.targetSeconds * 1000 });
  }
  for (const k of product.kpis) {
    if (k.logs) continue; // counted by a metric filter, not by the code
    if (k.type === 'count') t.kpiCount(k.name, 3);
    if (k.type === 'successRate') {
      t.kpiOutcome(k.name, true);
      t.kpiOutcome(k.name, false);
    }
    if (k.type === 'features') for (const f of k.features ?? []) t.kpiFeature(k.name, f);
    if (k.type === 'value') t.kpiRecord(k.name, 12);
  }
}

/** Every metric the EMF documents define, each dimension set with its values. */
function emitted(docs: ReadonlyArray<Record<string, unknown>>): Set<string> {
  const out = new Set<string>();
  for (const doc of docs) {
    const aws = doc._aws as {
      CloudWatchMetrics: Array<{
        Namespace: string;
        Dimensions: string[][];
        Metrics: Array<{ Name: string }>;
      }>;
    };
    for (const d of aws.CloudWatchMetrics) {
      for (const set of d.Dimensions) {
        const dims = Object.fromEntries(set.map((k) => [k, String(doc[k])]));
        for (const m of d.Metrics) out.add(key(d.Namespace, m.Name, dims));
      }
    }
  }
  return out;
}

type Watched = Map<string, string>;

/** Metrics of the app's namespace that alarms watch, with the alarm that watches each. */
function alarmMetrics(t: CfnTemplate, into: Watched) {
  for (const r of Object.values(t.Resources)) {
    if (r.Type !== 'AWS::CloudWatch::Alarm') continue;
    const p = r.Properties as Record<string, unknown>;
    const name = String(p.AlarmName);
    const dims = (list: unknown) =>
      Object.fromEntries(
        ((list ?? []) as Array<{ Name: string; Value: string }>).map((d) => [d.Name, d.Value]),
      );
    if (p.MetricName) into.set(key(String(p.Namespace), String(p.MetricName), dims(p.Dimensions)), name);
    for (const q of (p.Metrics ?? []) as Array<{ MetricStat?: { Metric: Record<string, unknown> } }>) {
      const m = q.MetricStat?.Metric;
      if (m) into.set(key(String(m.Namespace), String(m.MetricName), dims(m.Dimensions)), name);
    }
  }
}

/** Metrics that dashboards graph, with the dashboard. */
function dashboardMetrics(t: CfnTemplate, into: Watched) {
  for (const r of Object.values(t.Resources)) {
    if (r.Type !== 'AWS::CloudWatch::Dashboard') continue;
    const body = (r.Properties as { DashboardBody: { 'Fn::Sub': string | [string, unknown] } }).DashboardBody[
      'Fn::Sub'
    ];
    const text = Array.isArray(body) ? body[0] : body;
    const widgets = (JSON.parse(text) as { widgets: Array<{ properties?: { metrics?: unknown[][] } }> })
      .widgets;
    for (const w of widgets) {
      let previous: unknown[] = [];
      for (const row of w.properties?.metrics ?? []) {
        if (typeof row[0] !== 'string') continue; // an expression
        const plain = row.filter((v) => typeof v === 'string') as string[];
        const full = plain.map((v, i) => (v === '.' ? (previous[i] as string) : v));
        previous = full;
        const [ns, name, ...pairs] = full;
        const dims: Record<string, string> = {};
        for (let i = 0; i + 1 < pairs.length; i += 2) dims[pairs[i]] = pairs[i + 1];
        into.set(key(ns, name, dims), String((r.Properties as { DashboardName: string }).DashboardName));
      }
    }
  }
}

/** Metrics that metric filters of the templates write. */
function filterMetrics(t: CfnTemplate): Set<string> {
  const out = new Set<string>();
  for (const r of Object.values(t.Resources)) {
    if (r.Type !== 'AWS::Logs::MetricFilter') continue;
    for (const m of (
      r.Properties as { MetricTransformations: Array<{ MetricNamespace: string; MetricName: string }> }
    ).MetricTransformations)
      out.add(key(m.MetricNamespace, m.MetricName, {}));
  }
  return out;
}

describe('application metrics contract (example telemetry.yaml)', () => {
  const example = sharedApp('example');
  const templates = example.assembly.stacks.map((s) => s.template as CfnTemplate);
  const alarms: Watched = new Map();
  const boards: Watched = new Map();
  const filters = new Set<string>();
  for (const t of templates) {
    alarmMetrics(t, alarms);
    dashboardMetrics(t, boards);
    for (const f of filterMetrics(t)) filters.add(f);
  }
  const { t, take } = memoryTelemetry({ app: model.app });
  runApplication(t, model.product!);
  const written = emitted(take().emf);
  const ofApp = (m: Watched) => [...m].filter(([k]) => k.startsWith(`${NS}|`));

  test('the example declares journeys and KPIs, and the run writes them', () => {
    expect(model.product!.journeys.length).toBeGreaterThan(0);
    expect(model.product!.kpis.length).toBeGreaterThan(0);
    // 4 stages (time and reached each), started, the success rate, the count
    expect(written.size).toBeGreaterThanOrEqual(11);
    // the time to each of the 4 stages and the success rate (several alarms may watch one metric)
    expect(ofApp(alarms).length).toBeGreaterThanOrEqual(5);
  });

  test('every alarm on the app’s namespace watches a metric that is written, with its exact dimensions', () => {
    const unwritten = ofApp(alarms).filter(([k]) => !written.has(k) && !filters.has(k));
    expect(unwritten).toEqual([]);
  });

  test('every graph of the app’s namespace shows a metric that is written', () => {
    const unwritten = ofApp(boards).filter(([k]) => !written.has(k) && !filters.has(k));
    expect(unwritten).toEqual([]);
  });

  test('every metric the application writes for a declared journey or KPI is watched (alarm or dashboard)', () => {
    const unwatched = [...written].filter((k) => !alarms.has(k) && !boards.has(k));
    expect(unwatched).toEqual([]);
  });

  test('the check fails when the alarm side and the runtime disagree', () => {
    const renamed = new Set([...written].map((k) => k.replace('Stage=first-success', 'Stage=first_success')));
    expect(
      ofApp(alarms)
        .filter(([k]) => !renamed.has(k) && !filters.has(k))
        .map(([k]) => k),
    ).toEqual([`${NS}|JourneyStageTime|Journey=onboarding,Stage=first-success`]);
  });
});
