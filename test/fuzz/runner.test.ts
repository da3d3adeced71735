import { join } from 'node:path';
import { inputSeed, Rng } from './harness';
import { classify, discoverTargets, formatReport, replayLine, runFuzz, targetsOf } from './runner';

const fixtures = targetsOf(join(__dirname, 'fixtures/misbehaving.ts'));
const fixture = (name: string) => fixtures.find((t) => t.target.name === name)!;
const run = (name: string, count = 3) => runFuzz(fixture(name), { seed: 5, count });

describe('the fuzz runner finds each class of finding, and only at the input that caused it', () => {
  // Concurrent: most of each case is a child process starting, or waiting out a limit.
  test.concurrent.each([
    ['fixture-throws', 'crash', /TypeError: Cannot read properties of undefined/],
    ['fixture-crash-outcome', 'crash', /^internal$/],
    ['fixture-two-lines', 'message', /^more than one line: /],
    ['fixture-ansi', 'message', /^control character: /],
    ['fixture-problem-lines', 'message', /^control character: "second\\u2028third"/],
    ['fixture-spins', 'hang', /ms of CPU .*the limit is 1500 ms/],
    ['fixture-waits', 'hang', /wall.*the limit is 1500 ms/],
    ['fixture-heap', 'memory', /ran out of its 64 MB heap/],
    ['fixture-buffers', 'memory', /resident set \d+ MB passed 200 MB/],
    ['fixture-stray', 'crash', /exited \(code 70.*uncaught: RangeError: Maximum call stack/],
    ['fixture-exits', 'crash', /exited \(code 3/],
  ])('%s: input 1 is a %s, inputs 0 and 2 are clean rejections', async (name, kind, detail) => {
    const report = await run(name);
    expect(report.counts.rejected).toBe(2);
    expect(report.findings).toHaveLength(1);
    const [f] = report.findings;
    expect(f).toMatchObject({ target: name, seed: 5, index: 1, kind, input: 'n=-1' });
    expect(f.detail).toMatch(detail);
    expect(formatReport(report)).toContain(`${replayLine(f)}   # n=-1`);
  });

  test('workers share the inputs; each is run exactly once, in the same class as alone', async () => {
    const report = await runFuzz(fixture('fixture-throws'), { seed: 5, count: 8, workers: 2 });
    expect(report.counts).toMatchObject({ rejected: 7, crash: 1, accepted: 0 });
    expect(report.findings.map((f) => f.index)).toEqual([1]);
  });

  test('a start index shifts the window (input 1 is outside it)', async () => {
    const report = await runFuzz(fixture('fixture-throws'), { seed: 5, count: 3, start: 2 });
    expect(report.counts).toMatchObject({ rejected: 3, crash: 0 });
  });
});

describe('in process (the quick run of npm test): the same classes, the limits checked after each input', () => {
  test.each([
    ['fixture-throws', 'crash', /TypeError: Cannot read properties of undefined/, {}],
    ['fixture-crash-outcome', 'crash', /^internal$/, {}],
    ['fixture-two-lines', 'message', /^more than one line: /, {}],
    ['fixture-problem-lines', 'message', /^control character: "second\\u2028third"/, {}],
    ['fixture-slow', 'hang', /^took \d+ ms of CPU; the limit is 100 ms$/, { timeoutMs: 100 }],
    ['fixture-retains', 'memory', /^the heap grew by \d+ MB; the limit is 16 MB$/, { memoryMb: 16 }],
  ])('%s: input 1 is a %s', async (name, kind, detail, limits) => {
    const report = await runFuzz(fixture(name), { seed: 5, count: 3, inProcess: true, ...limits });
    expect(report.counts.rejected).toBe(2);
    expect(report.findings).toHaveLength(1);
    const [f] = report.findings;
    expect(f).toMatchObject({ target: name, seed: 5, index: 1, kind, input: 'n=-1' });
    expect(f.detail).toMatch(detail);
  });
});

test('inputs are reproducible: the same seed and index give the same input', () => {
  const t = fixture('fixture-throws').target;
  const at = (seed: number, index: number) => t.generate(new Rng(inputSeed(seed, index)), index);
  expect(at(9, 4)).toBe(at(9, 4));
  expect([at(9, 4), at(9, 5), at(10, 4)]).not.toEqual([at(9, 4), at(9, 4), at(9, 4)]);
});

test('a clean message passes, a message over 1,000 characters does not', () => {
  expect(classify({ kind: 'rejected', message: 'f.yaml:1:1: x: bad' }).cls).toBe('rejected');
  expect(classify({ kind: 'rejected', message: 'x'.repeat(1001) })).toEqual({
    cls: 'message',
    detail: expect.stringMatching(/^longer than 1000 characters \(1001\)/),
  });
});

test('every target in test/fuzz/targets has a unique name and the whole contract', () => {
  const all = discoverTargets();
  expect(all.length).toBeGreaterThan(0);
  expect(new Set(all.map((t) => t.target.name)).size).toBe(all.length);
  for (const { target } of all) expect(target.name).toMatch(/^[a-z][a-z0-9-]*$/);
});
