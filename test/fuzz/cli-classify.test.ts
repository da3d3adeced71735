/**
 * How the CLI fuzz targets classify one run of `runCli` (the targets themselves run in the quick fuzz run of
 * `targets.test.ts`, and at length with `npm run fuzz -- --target cli-history`).
 */
import { classify, SLOW_MS } from './targets/cli-common';

describe('classification of a CLI run', () => {
  test('exit 0 or 1 with clean output is accepted; exit 2 with one error line is a rejection', () => {
    expect(classify(0, 'report', '', 10)).toEqual({ kind: 'accepted' });
    expect(classify(1, 'report', 'warning: 2 stacks could not be read\n', 10)).toEqual({ kind: 'accepted' });
    expect(classify(2, '', 'error: --from "x" is not a time\n', 10)).toEqual({
      kind: 'rejected',
      message: 'error: --from "x" is not a time',
    });
  });

  test('exit 2 with several error lines is a rejection listing each problem (one line per problem)', () => {
    expect(classify(2, '', 'error: t.yaml:1:1: a\nerror: t.yaml:2:1: b\n', 10)).toEqual({
      kind: 'rejected',
      message: 'error: t.yaml:1:1: a',
      problems: ['error: t.yaml:1:1: a', 'error: t.yaml:2:1: b'],
    });
  });

  test('exit 3, a stack trace, a second line, a control character, a long line or a slow run is a crash', () => {
    expect(classify(3, '', 'internal error: TypeError: x\n    at f (a.ts:1:2)\n', 10).kind).toBe('crash');
    expect(classify(2, '', 'error: TypeError: x\n    at f (/a.ts:1:2)\n', 10).kind).toBe('crash');
    expect(classify(2, '', 'error: a\nb\n', 10).kind).toBe('crash');
    expect(classify(2, '', 'warning: a\n', 10).kind).toBe('crash');
    // The target's own command line is wrong (the CLI's grammar changed): every input would be "rejected".
    expect(classify(2, '', "error: unknown option '--out'\n", 10).kind).toBe('crash');
    expect(
      classify(2, '', 'error: unexpected argument "a": the assembly is given with --app\n', 10).kind,
    ).toBe('crash');
    expect(classify(2, '', 'error: a \u001b[31mred\n', 10).kind).toBe('crash');
    expect(classify(0, '', `warning: ${'x'.repeat(1_001)}\n`, 10).kind).toBe('crash');
    expect(classify(0, '', '', SLOW_MS + 1).kind).toBe('crash');
    expect(classify(4, '', '', 10).kind).toBe('crash');
  });
});
