/** EMF's limits: 100 values per metric, 100 metrics per document, 30 dimensions, names, timestamps, sizes. */
import { EMF_LIMITS, cleanName } from '../../lib/model/app-metrics';
import { instrument } from '../../lib/runtime/instrument';
import { Series, makeSlot } from '../../lib/runtime/series';
import { emfProblems, valuesOf } from './emf-validate';
import { T0, memoryTelemetry } from './helpers';

test('250 calls between flushes: three documents of at most 100 durations, the counts once', () => {
  const { t, take } = memoryTelemetry();
  const f = instrument(
    () => t,
    'a.b',
    () => 1,
  );
  for (let i = 0; i < 250; i++) f();
  const { emf } = take();
  expect(emf.map((d) => (d.Duration as number[]).length)).toEqual([100, 100, 50]);
  expect(emf.map((d) => d.Errors)).toEqual([0, undefined, undefined]);
  // the continuation documents define only what they carry
  expect(JSON.stringify(emf[1]._aws)).not.toContain('Errors');
  expect(valuesOf(emf, 'Duration')).toHaveLength(250);
});

test('an event with 150 measurement names: 100 kept (the most EMF takes in a document), 50 dropped', () => {
  const { t, take } = memoryTelemetry({ limits: { maxMeasurements: 100 } });
  const m: Record<string, number> = {};
  for (let i = 0; i < 150; i++) m[`m${i}`] = i;
  t.emitEvent('a.b', m);
  const { emf } = take();
  const metrics = emf.filter((d) => !('TelemetryDropped' in d));
  expect(metrics).toHaveLength(1);
  expect(
    (metrics[0]._aws as { CloudWatchMetrics: Array<{ Metrics: unknown[] }> }).CloudWatchMetrics[0].Metrics,
  ).toHaveLength(100);
  expect(t.stats().dropped.metricLimit).toBe(50);
});

test('a series with more than 100 metrics is split into documents of at most 100', () => {
  const s = new Series('k', { namespace: 'ns', dimensionSets: [['Kpi']], members: '"Kpi":"k"' });
  for (let i = 0; i < 150; i++)
    s.addSlot(makeSlot(`m${i}`, 'Count', i % 2 ? 'sum' : 'samples', true)).values.push(i);
  const docs = s.documents(T0, '').map((d) => JSON.parse(d) as Record<string, unknown>);
  expect(
    docs.map(
      (d) =>
        (d._aws as { CloudWatchMetrics: Array<{ Metrics: unknown[] }> }).CloudWatchMetrics[0].Metrics.length,
    ),
  ).toEqual([100, 50]);
  for (const d of docs) expect(emfProblems(d, T0)).toEqual([]);
});

test('extra dimensions are capped (base + extras stay within 30); the rest are refused with a warning', () => {
  const { t, take, warnings } = memoryTelemetry({ limits: { maxExtraDimensions: 27 } });
  const dims: Record<string, string> = {};
  for (let i = 0; i < 40; i++) dims[`d${String(i).padStart(2, '0')}`] = 'v';
  t.emitEvent('a.b', { x: 1 }, undefined, { dimensions: dims });
  const { emf } = take();
  const sets = (emf[0]._aws as { CloudWatchMetrics: Array<{ Dimensions: string[][] }> }).CloudWatchMetrics[0]
    .Dimensions;
  expect(sets[1]).toHaveLength(29);
  expect(t.stats().refusedDimensions).toBe(13);
  expect(warnings.some((w) => w.includes('over the limit of 27 extra dimensions'))).toBe(true);
});

test('names are printable ASCII, trimmed and bounded; an empty name becomes "_"', () => {
  expect(cleanName('  tâches\n ')).toBe('t_ches_');
  expect(cleanName('x'.repeat(500))).toHaveLength(255);
  expect(cleanName('   ')).toBe('_');
  const { t, take } = memoryTelemetry();
  instrument(
    () => t,
    `émoji 🎉.${'f'.repeat(300)}`,
    () => 1,
  )();
  t.emitEvent('a.b', { ['m'.repeat(400)]: 1 });
  const { emf } = take();
  expect((emf[0].Module as string).length).toBeLessThanOrEqual(128);
  expect((emf[0].Function as string).length).toBe(128);
  expect(Object.keys(emf[1]).some((k) => k.length === 255)).toBe(true);
});

test('timestamps: the first observation of the flush; nothing older than 14 days is written', () => {
  const { t, take, clock, sink } = memoryTelemetry();
  const start = clock.now;
  t.kpiCount('k');
  clock.now += 30_000;
  t.kpiCount('k');
  let { emf } = take();
  expect((emf[0]._aws as { Timestamp: number }).Timestamp).toBe(start);
  t.kpiCount('k');
  clock.now += 15 * 86_400_000; // a sandbox frozen for two weeks
  ({ emf } = parseAll(t, sink));
  expect(emf.filter((d) => 'KpiCount' in d)).toEqual([]);
  expect(t.stats().dropped.stale).toBe(1);
  // the drop itself is reported, stamped now
  const dropped = emf.find((d) => 'TelemetryDropped' in d)!;
  expect(dropped).toMatchObject({ TelemetryDropped: 1, reasons: { stale: 1 } });
  expect((dropped._aws as { Timestamp: number }).Timestamp).toBe(clock.now);
});

test('a clock that went back more than 2 hours: stamped now instead', () => {
  const { t, take, clock } = memoryTelemetry();
  t.kpiCount('k');
  clock.now -= 3 * 3_600_000;
  const { emf } = take();
  expect((emf[0]._aws as { Timestamp: number }).Timestamp).toBe(clock.now);
});

test('values CloudWatch would refuse are dropped; tiny ones become 0', () => {
  const { t, take } = memoryTelemetry();
  t.kpiRecord('k', 1e200);
  t.kpiRecord('k', -1e200);
  t.kpiRecord('k', 1e-200);
  t.kpiRecord('k', 0.1234567);
  const { emf } = take();
  expect(valuesOf(emf, 'KpiValue')).toEqual([0, 0.123]);
  expect(t.stats().dropped.invalidValue).toBe(2);
});

test('every document is one line, far below the 256 KB event limit, even with the largest metadata', () => {
  const { t, sink } = memoryTelemetry();
  const f = instrument(
    () => t,
    'a.b',
    () => 1,
  );
  for (let i = 0; i < 1000; i++) f();
  t.emitEvent(
    'a.b',
    { x: 1 },
    { blob: 'y'.repeat(1_000_000), many: Array.from({ length: 10_000 }, (_, i) => i) },
  );
  t.flush();
  for (const line of sink.lines) {
    expect(line).not.toContain('\n');
    expect(Buffer.byteLength(line)).toBeLessThan(EMF_LIMITS.documentBytes / 2);
  }
});

function parseAll(t: { flush(): void }, sink: { lines: string[]; clear(): void }) {
  t.flush();
  const docs = sink.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  sink.clear();
  return { emf: docs.filter((d) => d._aws) };
}
