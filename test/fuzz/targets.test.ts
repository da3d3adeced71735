/**
 * The quick fuzz run of `npm test`: every target in test/fuzz/targets, a few hundred inputs in all, from a fixed
 * seed (set FUZZ_SEED to explore another). A finding fails the test with its replay line; fix the code, then keep
 * the input as a regression test beside the code it broke. `npm run fuzz` runs the same targets at length.
 */
import { discoverTargets, formatReport, runFuzz } from './runner';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_601);
// Synthesis is a second of CPU per app: the quick run synthesizes a sample of the distinct accepted configs.
process.env.FUZZ_CONFIG_SYNTH ??= '0.15';

describe.each(discoverTargets().map((t) => [t.target.name, t] as const))(
  'fuzz target %s',
  (_name, loaded) => {
    test('a quick run finds no crash, hang, memory blow-up or bad message', async () => {
      const count = loaded.target.quickCount ?? 200;
      const report = await runFuzz(loaded, { seed: SEED, count, workers: 1 });
      expect(report.counts.rejected + report.counts.accepted).toBe(count);
      if (report.findings.length) throw new Error(formatReport(report));
      // A target that rejects everything (or nothing) tests little.
      expect(report.counts.rejected).toBeGreaterThan(0);
      // A few seconds of CPU; the wall time allows for a machine shared with other work.
    }, 300_000);
  },
);
