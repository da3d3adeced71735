/** A runtime instance writing to memory, with a clock the test moves. */
import { MemorySink, Telemetry, type TelemetryOptions } from '../../lib/runtime';
import { emfProblems, parseLines } from './emf-validate';

export const T0 = Date.UTC(2026, 2, 2, 10, 0, 30);

export function memoryTelemetry(options: TelemetryOptions = {}) {
  const sink = new MemorySink();
  const clock = { now: T0 };
  const warnings: string[] = [];
  const t = new Telemetry({
    app: 'sophie',
    flush: 'manual',
    env: {},
    sink,
    clock: () => clock.now,
    warn: (l) => warnings.push(l),
    ...options,
  });
  /** Flushes, checks every EMF document against the specification, and returns the documents and records. */
  const take = () => {
    t.flush();
    const out = parseLines(sink.lines);
    sink.clear();
    for (const doc of out.emf) expect(emfProblems(doc, clock.now)).toEqual([]);
    return out;
  };
  return { t, sink, clock, warnings, take };
}
