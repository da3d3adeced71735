/**
 * The CLI fuzz targets, briefly: a few hundred seeded inputs (cloud assemblies, templates, history files, alarm
 * tests) run in-process through `runCli`; none may crash (exit 3, a stack trace, a message over one line, or a
 * run over the CPU limit). Run them at length with `npx tsx test/fuzz/cli.ts --count 1000`.
 */
import { inputSeed, Rng } from './harness';
import { classify, setBrief } from './targets/cli-common';
import { CLI_TARGETS } from './targets/cli-targets';

/** Inputs per target here; the seed changes only on purpose (a new seed is a new set of inputs). */
const COUNT = 70;
const SEED = 20260301;

beforeAll(() => setBrief(true));
afterAll(() => setBrief(false));

describe.each(CLI_TARGETS.map((t) => [t.name, t] as const))('fuzz %s', (_name, target) => {
  test(`${COUNT} seeded inputs: accepted or rejected in one line, never a crash`, async () => {
    const crashes: string[] = [];
    const kinds = { accepted: 0, rejected: 0, crash: 0 };
    for (let index = 0; index < COUNT; index++) {
      const input = target.generate(new Rng(inputSeed(SEED, index)), index);
      const outcome = await target.run(input);
      kinds[outcome.kind]++;
      if (outcome.kind === 'crash')
        crashes.push(`#${index} ${target.describe(input).slice(0, 300)}: ${outcome.error}`);
    }
    expect(crashes).toEqual([]);
    // Both sides are reached: inputs the CLI takes, and inputs it refuses.
    expect(kinds.accepted).toBeGreaterThan(0);
    expect(kinds.rejected).toBeGreaterThan(0);
  });
});

describe('classification of a run', () => {
  test('exit 3, a stack trace, a second line or a control character is a crash; one error line is a rejection', () => {
    expect(classify(0, 'report', '', 10)).toEqual({ kind: 'accepted' });
    expect(classify(2, '', 'error: --from "x" is not a time\n', 10)).toEqual({
      kind: 'rejected',
      message: 'error: --from "x" is not a time',
    });
    expect(classify(3, '', 'internal error: TypeError: x\n    at f (a.ts:1:2)\n', 10).kind).toBe('crash');
    expect(classify(2, '', 'error: TypeError: x\n    at f (/a.ts:1:2)\n', 10).kind).toBe('crash');
    expect(classify(2, '', 'error: a\nb\n', 10).kind).toBe('crash');
    expect(classify(2, '', 'error: a \u001b[31mred\n', 10).kind).toBe('crash');
    expect(classify(0, '', `warning: ${'x'.repeat(1_001)}\n`, 10).kind).toBe('crash');
    expect(classify(0, '', '', 60_000).kind).toBe('crash');
  });
});
