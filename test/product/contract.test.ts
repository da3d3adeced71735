/**
 * The contract between the application and its alarms: an instrumented application (the runtime, driven by the
 * journeys and KPIs of the example's telemetry.yaml) writes EMF; the synthesized alarms and dashboards of the same
 * config (the shared example assembly) watch metrics. Every watched metric of the app's namespace must be written
 * (by the runtime, or by a metric filter of the templates), with exactly the dimensions the alarm names, and every
 * metric the runtime writes for a declared journey or KPI must be watched.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { appNamespace } from '../../lib/model/app-metrics';
import type { ProductModel } from '../../lib/model/product';
import { configureTelemetry, MemorySink, type Telemetry } from '../../lib/runtime';
import { telemetrySettings } from '../../examples/handler/telemetry.settings';
import { runCli, type CliIo } from '../../lib/tools/cli/program';
import { sharedApp } from '../helpers/shared-synth';
import type { CfnTemplate } from '../helpers/synth';
import { parseLines } from '../runtime/emf-validate';
import { memoryTelemetry, T0 } from '../runtime/helpers';

const model = modelFromText(readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8'));
const NS = appNamespace(model.app);
// the example handler imports the runtime by its package name
jest.mock('cdk-telemetry/runtime', () => jest.requireActual('../../lib/runtime'), { virtual: true });

/** `namespace|metric|Dim=value,...` (dimensions sorted). */
const key = (ns: string, name: string, dims: Readonly<Record<string, string>>) =>
  `${ns}|${name}|${Object.entries(dims)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;

/** How a run goes: stage times as a share of their targets, and the outcomes of success-rate KPIs. */
interface Pace {
  readonly stageTimes: number;
  readonly outcomes: readonly boolean[];
}

/** What the application does, for every journey and KPI the config declares: the calls of cdk-telemetry/runtime. */
function runApplication(
  t: Telemetry,
  product: ProductModel,
  now = T0,
  pace: Pace = { stageTimes: 1, outcomes: [true, false] },
) {
  for (const j of product.journeys) {
    t.journeyStart(j.name);
    for (const s of j.stages)
      t.journeyReached(j.name, s.name, { startedAt: now - s.targetSeconds * 1000 * pace.stageTimes });
  }
  for (const k of product.kpis) {
    if (k.logs) continue; // counted by a metric filter, not by the code
    if (k.type === 'count') t.kpiCount(k.name, 3);
    if (k.type === 'successRate') for (const ok of pace.outcomes) t.kpiOutcome(k.name, ok);
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

  /** Journey and KPI metrics (a `Journey` or `Kpi` dimension) that nothing watches. */
  const unwatchedProduct = (keys: Iterable<string>) =>
    [...keys].filter(
      (k) => /\|(Journey|Kpi)=/.test(k) && !alarms.has(k) && !boards.has(k) && !filters.has(k),
    );

  test('the example handler (examples/handler) writes only journeys and KPIs the config declares', async () => {
    const { handler } = await import('../../examples/handler/create-task');
    // the handler's calls go to the default instance: one writing to memory (in place of the handler's own)
    const sink = new MemorySink();
    const instance = configureTelemetry({ settings: telemetrySettings, sink, flush: 'manual', env: {} });
    const auth = `Bearer ${Buffer.from(`ann:${T0 - 420_000}`).toString('base64')}`;
    const r = await handler({
      headers: { authorization: auth },
      body: '{"id":"t1","title":"Plan"}',
    } as never);
    expect(r.statusCode).toBe(201);
    instance.flush();
    const handlerWrote = emitted(parseLines(sink.lines).emf);
    expect([...handlerWrote].filter((k) => /\|(Journey|Kpi)=/.test(k)).length).toBeGreaterThanOrEqual(3);
    expect(unwatchedProduct(handlerWrote)).toEqual([]);
    // what it wrote before: a stage telemetry.yaml does not have, which nothing watches
    const before = [...handlerWrote].map((k) => k.replace('Stage=first-project', 'Stage=first-task'));
    expect(unwatchedProduct(before)).toEqual([
      `${NS}|JourneyStageReached|Journey=onboarding,Stage=first-task`,
      `${NS}|JourneyStageTime|Journey=onboarding,Stage=first-task`,
    ]);
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

describe('the captured EMF replayed through the alarms (backtest --history app.jsonl)', () => {
  const example = sharedApp('example');
  /** Three healthy hours, then three slow ones with failing workflows: a run every 2 minutes. */
  const HOUR = 3_600_000;
  const slowFrom = T0 + 3 * HOUR;
  const { t, sink, clock } = memoryTelemetry({ app: model.app });
  const lines: string[] = [];
  for (let now = T0; now < T0 + 6 * HOUR; now += 120_000) {
    clock.now = now;
    const slow = now >= slowFrom;
    // 3.5 times the targets: the total (210 min) is past every level (75, 120, 180 min); one workflow in 3 fails
    runApplication(t, model.product!, now, {
      stageTimes: slow ? 3.5 : 0.5,
      outcomes: slow ? [true, true, false] : [true, true, true],
    });
    t.flush();
    lines.push(...sink.lines);
    sink.clear();
  }
  const dir = mkdtempSync(join(tmpdir(), 'contract-emf-'));
  const log = join(dir, 'app.jsonl');
  // as a log group holds them: text lines of the platform between the documents
  writeFileSync(log, `START RequestId: 1\n${lines.join('\n')}\nEND RequestId: 1\n`);

  async function backtest(...args: string[]) {
    let out = '';
    const io: CliIo = { out: (s) => (out += s), err: () => undefined, isTTY: false };
    const code = await runCli(['backtest', '--app', example.synth.dir, '--history', log, ...args], io);
    return { code, out };
  }

  test('every journey and KPI alarm goes to ALARM once, in the slow hours, and not before', async () => {
    const { code, out } = await backtest('--alarm', `${model.app}-product-*`, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      history: string;
      alarms: Array<{ name: string; transitions: Array<{ time: string; from: string; to: string }> }>;
    };
    expect(report.history).toMatch(/1 file, \d+ metrics from \d+ EMF documents/);
    const replayed = report.alarms.filter((a) => /-(onboarding|workflow-success)/.test(a.name));
    // 4 stages x warning and critical, the total's escalation, the success rate
    expect(replayed.length).toBe(model.product!.journeys[0].stages.length * 2 + 1 + 1);
    for (const a of replayed) {
      expect({ alarm: a.name, to: a.transitions.map((tr) => `${tr.from}>${tr.to}`) }).toEqual({
        alarm: a.name,
        to: ['OK>ALARM'],
      });
      const at = Date.parse(a.transitions[0].time);
      expect(at).toBeGreaterThan(slowFrom);
      expect(at).toBeLessThan(slowFrom + 2 * HOUR);
    }
  });

  test('healthy hours only: no alarm moves', async () => {
    const { out } = await backtest(
      '--alarm',
      `${model.app}-product-*`,
      '--format',
      'json',
      '--to',
      new Date(slowFrom).toISOString(),
    );
    const report = JSON.parse(out) as { alarms: Array<{ name: string; transitions: unknown[] }> };
    expect(report.alarms.filter((a) => a.transitions.length).map((a) => a.name)).toEqual([]);
  });
});
