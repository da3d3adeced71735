/**
 * Fuzz target: alarm test files for `cdk-telemetry test`. Generated test files (values notation with huge
 * repeat counts, statistics, intervals, start times, expectations and transitions, inline alarms with odd
 * evaluation windows), then YAML-level edits: alias bombs and undefined aliases, byte flips, truncation.
 */
import type { FuzzTarget, Rng } from '../harness';
import { assemblyFiles, mutateText, CLI_TARGET, seedAlarmNames, type CliCase } from './cli-common';

const METRICS = [
  'AWS/Lambda Errors{FunctionName=sophie-list-tasks}',
  'AWS/Lambda Invocations{FunctionName=sophie-list-tasks}',
  'AWS/Lambda Duration{FunctionName=sophie-list-tasks}',
  'AWS/Lambda Errors{FunctionName=__proto__}',
  'AWS/Lambda Errors{__proto__=x}',
  'Errors',
  'A B{C=',
];

/** How hostile the file being generated is: half the files are valid, the others have a few odd parts. */
let hostility = 1;

/** Mostly a valid choice; with probability `p` (times the file's hostility), an odd one. */
const either = <T>(rng: Rng, valid: readonly T[], odd: readonly T[], p = 0.15): T =>
  rng.chance(p * hostility) ? rng.pick(odd) : rng.pick(valid);

function valueTerm(rng: Rng): string {
  return either(
    rng,
    ['0x9', '1x4', '5', '_', 'stale', '_x3', '1+1x10', '10-1x9', '100x20', '0.5'],
    [
      '0x999999999',
      '_x99999999999',
      '1e308x3',
      '1+1e308x5',
      '1x1e3',
      '0x100000',
      'x',
      '-',
      'NaN',
      'Infinity',
      '0x',
      '1e309',
      '0x10',
    ],
  );
}

const q = (s: string) => JSON.stringify(s);

function testCase(rng: Rng, names: readonly string[], inline: boolean): string {
  const name = () => either(rng, names, ['__proto__', 'constructor', 'nope', ''], 0.1);
  const state = () => either(rng, ['OK', 'ALARM', 'INSUFFICIENT_DATA'], ['bogus', 'alarm'], 0.05);
  const lines = [`  - name: ${q(either(rng, ['t', 'a test'], ['', 'x'.repeat(2_000), 'line\nbreak']))}`];
  if (rng.chance(0.3))
    lines.push(
      `    interval: ${either(rng, ['1m', '10s', '5m'], ['0s', '1ms', '0.5s', '99999d', 'abc', '1'], 0.4)}`,
    );
  if (rng.chance(0.2))
    lines.push(
      `    start: ${either(rng, ['0', '2026-03-01T00:00:00Z'], ['99999999999', '1234567890123456789012345678901234567890', '-5', 'soon'], 0.4)}`,
    );
  if (rng.chance(0.1)) lines.push(`    initial_state: ${state()}`);
  lines.push('    input_series:');
  for (let i = rng.int(1, 3); i > 0; i--) {
    const metric = inline ? 'Test M{D=d}' : either(rng, METRICS.slice(0, 3), METRICS.slice(3), 0.1);
    const stat = rng.chance(0.8)
      ? `, stat: ${either(rng, ['Sum', 'Sum', 'Average', 'p99'], ['p999', 'tm(1:2)', 'x'], 0.1)}`
      : '';
    const values = Array.from({ length: rng.int(1, 4) }, () => valueTerm(rng)).join(' ');
    const samples = rng.chance(0.1) ? `, samples: ${q(rng.pick(['10x20', '-5', '_x9', '0x999999999']))}` : '';
    lines.push(`      - { metric: ${q(metric)}${stat}, values: ${q(values)}${samples} }`);
  }
  if (rng.chance(0.8)) {
    lines.push('    expect:');
    for (let i = rng.int(1, 3); i > 0; i--) {
      const at = either(
        rng,
        ['5m', '13m', '0s', '20m'],
        ['99999999d', '2026-03-01T00:10:00Z', '1e9', '-1m', 'later'],
      );
      lines.push(`      - { at: ${q(at)}, alarm: ${q(name())}, state: ${state()} }`);
    }
  }
  if (rng.chance(0.4)) {
    lines.push('    expect_transitions:');
    const list = Array.from({ length: rng.int(0, 3) }, () =>
      either(
        rng,
        ['1m OK', '13m ALARM', '1m  OK', '0s INSUFFICIENT_DATA'],
        ['abc', '5m', 'ALARM', '99999999d OK'],
      ),
    );
    lines.push(`      ${q(name())}: ${JSON.stringify(list)}`);
  }
  return lines.join('\n');
}

function inlineAlarms(rng: Rng): string {
  const n = either(rng, [1, 2, 3, 5], [1e3, 1e4, 1e6, 1e8, 1e9, -1, 0, 1.5], 0.4);
  const m = either(rng, [1, n], [2, 0]);
  const period = either(rng, [60, 300, 10], [0, -60, 1e9, 7]);
  return [
    'alarms:',
    '  A:',
    '    Type: AWS::CloudWatch::Alarm',
    '    Properties:',
    '      AlarmName: inline-a',
    '      Namespace: Test',
    '      MetricName: M',
    '      Dimensions: [{ Name: D, Value: d }]',
    `      Statistic: ${either(rng, ['Sum', 'Average', 'p99'], ['p999', 'x'])}`,
    `      Period: ${period}`,
    `      EvaluationPeriods: ${n}`,
    `      DatapointsToAlarm: ${m}`,
    '      ComparisonOperator: GreaterThanThreshold',
    `      Threshold: ${either(rng, [0, 1, 5], [1e308, -1])}`,
    `      TreatMissingData: ${either(rng, ['missing', 'breaching', 'notBreaching', 'ignore'], ['bogus'])}`,
  ].join('\n');
}

/** YAML aliases: a billion-laughs bomb, an undefined alias, a merge key, a recursive alias. */
function aliasEdit(rng: Rng, text: string): { text: string; note: string } {
  switch (rng.int(0, 3)) {
    case 0: {
      const bomb = [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
        'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
      ].join('\n');
      return { text: `${bomb}\n${text}`, note: 'alias bomb' };
    }
    case 1:
      return { text: text.replace(/values: "[^"]*"/, 'values: *nope'), note: 'undefined alias' };
    case 2:
      return { text: `x: &x { <<: *x }\n${text}`, note: 'recursive alias' };
    default:
      return { text: text.replace('tests:', 'tests: &t\n  - *t\n'), note: 'self alias' };
  }
}

export const cliAlarmTestTarget: FuzzTarget<CliCase> = {
  name: 'cli-alarm-test',
  generate(rng) {
    hostility = rng.pick([0, 0, 0, 0.2, 0.5, 1, 2]);
    const inline = rng.chance(0.3);
    const names = inline ? ['inline-a'] : seedAlarmNames().slice(0, 12);
    const parts: string[] = [];
    if (inline) parts.push(inlineAlarms(rng));
    if (rng.chance(0.1))
      parts.push(`evaluation_range: ${either(rng, [1, 5, 8], [0, 1e6, 1e9, 2 ** 53], 0.5)}`);
    parts.push('tests:');
    for (let i = rng.int(1, 3); i > 0; i--) parts.push(testCase(rng, names, inline));
    let text = parts.join('\n') + '\n';
    const notes: string[] = [inline ? 'inline alarms' : 'assembly alarms'];
    if (rng.chance(0.1)) {
      const m = aliasEdit(rng, text);
      text = m.text;
      notes.push(m.note);
    }
    if (rng.chance(0.1)) {
      const m = mutateText(rng, text);
      text = m.text;
      notes.push(m.note);
    }
    const argv = ['test', '{dir}/t.yaml'];
    if (!inline) argv.push('--app', '{dir}/app');
    if (rng.chance(0.2)) argv.push('--format', 'json');
    if (rng.chance(0.1)) argv.push('--junit', '{dir}/j.xml');
    return {
      files: { ...(inline ? {} : assemblyFiles('app')), 't.yaml': text },
      argv,
      note: notes.join('; '),
    };
  },
  ...CLI_TARGET,
};
