/**
 * Runs the alarm tests of test/alarms/*.yaml against the example app, synthesized from telemetry.yaml, through the
 * `cdk-telemetry test` command: the same thing CI runs, and a failing alarm test fails `npm test`.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assemblyReader from '../../lib/tools/read/assembly';
import { sharedApp } from '../helpers/shared-synth';
import { run } from '../helpers/cli';

const FILES = readdirSync(__dirname)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(__dirname, f));

const { assembly } = sharedApp('example');
const app = assembly.directory;
const tmp = mkdtempSync(join(tmpdir(), 'alarm-tests-'));

test('the example app passes every alarm test in test/alarms', async () => {
  expect(FILES.length).toBeGreaterThanOrEqual(3);
  const junit = join(tmp, 'junit.xml');
  const r = await run('test', ...FILES, '--app', app, '--junit', junit);
  expect(r.err).toBe('');
  expect(r.out).not.toMatch(/FAIL/);
  expect(r.code).toBe(0);
  const tests = Number(/passed, (\d+) failed/.exec(r.out) && /(\d+) passed/.exec(r.out)![1]);
  expect(tests).toBeGreaterThanOrEqual(15);
  expect(readFileSync(junit, 'utf8')).toContain(
    `<testsuites name="cdk-telemetry alarm tests" tests="${tests}" failures="0"`,
  );
});

test('a wrong expectation fails with a diff and the evaluation range, exit 1, and JUnit records it', async () => {
  const file = join(tmp, 'wrong.yaml');
  writeFileSync(
    file,
    `tests:
  - name: two throttled minutes are enough (they are not)
    input_series:
      - { metric: 'AWS/Lambda Throttles{FunctionName=sophie-list-tasks}', stat: Sum, values: 0x4 1x1 }
    expect:
      - { at: 7m, alarm: sophie-api-sophie-list-tasks-throttles-warning, state: ALARM }
      - { at: 7m, alarm: sophie-api-sophie-list-tasks-throttels-warning, state: OK }
`,
  );
  const junit = join(tmp, 'wrong.xml');
  const r = await run('test', file, '--app', app, '--junit', junit);
  expect(r.code).toBe(1);
  expect(r.out).toContain(
    [
      '  FAIL two throttled minutes are enough (they are not)',
      '         at 7m: sophie-api-sophie-list-tasks-throttles-warning',
      '           - expected: ALARM',
      '           + actual:   OK',
      // The throttles row is 5 of 5 minutes at >= 1 (the errors row, a 15-minute rate, shows no datapoint range here).
      '             evaluated at 7m over the last 7 datapoints (oldest first): 0 0 0 0 0 1 1  →  0 0 0 0 0 X X; 5 of 5 must be >= 1; missing data: notBreaching',
      '         alarm "sophie-api-sophie-list-tasks-throttels-warning" is not among the alarms under test (did you mean sophie-api-sophie-list-tasks-throttles-warning?)',
    ].join('\n'),
  );
  expect(r.out).toMatch(/0 passed, 1 failed\n$/);
  expect(readFileSync(junit, 'utf8')).toMatch(
    /<failure message="at 7m: sophie-api-sophie-list-tasks-throttles-warning" type="AlarmStateMismatch">/,
  );
});

test('a mistake in a test file is one line with file, line and column, exit 2', async () => {
  const file = join(tmp, 'bad.yaml');
  writeFileSync(
    file,
    'tests:\n  - name: x\n    input_series:\n      - { metric: Shop Errors, values: 1x2 3y }\n    expect: []\n',
  );
  const r = await run('test', file, '--app', app);
  expect(r.code).toBe(2);
  expect(r.err).toBe(
    `error: ${file}:4:32: tests[0].input_series[0].values: "3y" is not a value (write a number, a+bxn, a-bxn, axn, _, _xn or stale)\n`,
  );
  const r2 = await run('test', file);
  expect(r2.err).toMatch(/no alarms: set assembly:/);
});

test('--run selects tests by name; JSON output', async () => {
  const r = await run(
    'test',
    FILES.find((f) => f.endsWith('api.yaml'))!,
    '--app',
    app,
    '--run',
    'quiet night',
    '--format',
    'json',
  );
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out)).toEqual([
    expect.objectContaining({ name: expect.stringMatching(/quiet night/), failures: [] }),
  ]);
});

test('files that use the same assembly share one read of it', async () => {
  const reads = jest.spyOn(assemblyReader, 'readCloudAssembly');
  try {
    const r = await run('test', ...FILES, '--app', app);
    expect(r.code).toBe(0);
    expect(reads).toHaveBeenCalledTimes(1);
  } finally {
    reads.mockRestore();
  }
});
