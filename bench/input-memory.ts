/**
 * Peak memory of the CLI on the largest inputs it takes (`npm run bench:input-memory`): the inputs of issue 11
 * that once crashed or ate memory, and inputs just under every size limit of `lib/tools/limits.ts`. Each case
 * runs `bin/cli.ts` in a fresh process under `/usr/bin/time`, which reports the peak resident set (max RSS) and
 * the CPU time; a tiny review is the baseline, in the same run. The README's "Limits" paragraph quotes the result:
 * every case must stay under 1 GB. Never part of `npm test` (the largest cases take a minute of CPU).
 *
 *   npm run bench:input-memory                  # every case
 *   npm run bench:input-memory -- --only html   # the cases whose name contains "html"
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { INPUT_LIMITS } from '../lib/tools/limits';

const BOUND_MB = 1024;
const root = mkdtempSync(join(os.tmpdir(), 'input-memory-'));
const T0 = Date.parse('2025-01-01T00:00:00Z') / 1000;
let dirs = 0;
const fresh = () => {
  const d = join(root, `d${dirs++}`);
  mkdirSync(d);
  return d;
};

const alarm = (name: string, fn: string, props: Record<string, unknown> = {}) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    AlarmName: name,
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: fn }],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 5,
    TreatMissingData: 'notBreaching',
    AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
    ...props,
  },
});

/** A cloud assembly of `stacks` stacks of `perStack` alarms each, made by `make(stack, i)`. */
function assembly(
  stacks: number,
  perStack: number,
  make = (s: number, i: number) => alarm(`s${s}-a${i}`, `fn${i}`),
) {
  const dir = fresh();
  const artifacts: Record<string, unknown> = {};
  for (let s = 0; s < stacks; s++) {
    const file = `stack${s}.template.json`;
    artifacts[`stack${s}`] = { type: 'aws:cloudformation:stack', properties: { templateFile: file } };
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < perStack; i++) resources[`A${i}`] = make(s, i);
    writeFileSync(join(dir, file), JSON.stringify({ Resources: resources }));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  return dir;
}

/** JSON history files for `metrics` functions' Errors, `points` one-minute datapoints each, at most 1M a file. */
function history(metrics: number, points: number, value = (i: number) => (i % 1_440 < 5 ? 9 : 0)): string[] {
  const dir = fresh();
  const files: string[] = [];
  for (let m = 0; m < metrics; m++) {
    const f = join(dir, `fn${m}.json`);
    const rows: string[] = [];
    for (let i = 0; i < points; i++) rows.push(`[${T0 + 60 * i},${value(i)}]`);
    writeFileSync(
      f,
      `{"metric":"AWS/Lambda Errors{FunctionName=fn${m}}","stat":"Sum","period":60,"points":[${rows.join(',')}]}`,
    );
    files.push(f);
  }
  return files;
}

const file = (name: string, text: string) => {
  const f = join(fresh(), name);
  writeFileSync(f, text);
  return f;
};
const historyArgs = (files: string[]) => files.flatMap((f) => ['--history', f]);

interface Case {
  readonly name: string;
  readonly what: string;
  readonly argv: () => string[];
}

const inline = (props: string) => `alarms:
  A:
    Type: AWS::CloudWatch::Alarm
    Properties: { AlarmName: a, Namespace: T, MetricName: M, Statistic: Sum, Period: 60, EvaluationPeriods: 1, ComparisonOperator: GreaterThanThreshold, Threshold: 0${props} }
`;
/** An alarm test file of `tests` tests, each with the alarm's series and `series` more, of `values` values each. */
const testFile = (tests: number, series: number, values: number, props = '') =>
  inline(props) +
  'tests:\n' +
  Array.from(
    { length: tests },
    (_, t) =>
      `  - name: t${t}\n    input_series:\n` +
      Array.from(
        { length: series },
        (_, s) => `      - { metric: 'T M{S=s${s}}', stat: Sum, values: '0x${values - 2} 1' }\n`,
      ).join('') +
      `      - { metric: 'T M', stat: Sum, values: '0x${values - 2} 1' }\n` +
      `    expect:\n      - { at: ${values}m, alarm: a, state: ALARM }\n`,
  ).join('');

const CASES: Case[] = [
  {
    name: 'baseline',
    what: 'review of 2 stacks of 3 alarms (the baseline)',
    argv: () => ['review', '--app', assembly(2, 3)],
  },
  {
    name: 'html-evaluation-periods-1e9',
    what: 'review --format html, one alarm with EvaluationPeriods 1e9 (was 47 s, 695 MB, RangeError)',
    argv: () => [
      'review',
      '--app',
      assembly(1, 1, () => alarm('big', 'fn', { EvaluationPeriods: 1e9, DatapointsToAlarm: 1e9 })),
      '--format',
      'html',
      '-o',
      join(fresh(), 'r.html'),
    ],
  },
  {
    name: 'html-100k-alarms',
    what: `review --format html of ${INPUT_LIMITS.assemblyAlarms.toLocaleString('en-US')} alarms (200 stacks of 500; the alarm limit)`,
    argv: () => ['review', '--app', assembly(200, 500), '--format', 'html', '-o', join(fresh(), 'r.html')],
  },
  {
    name: 'backtest-epoch-0-to-99999999999',
    what: 'backtest, history points at epoch 0 and 99,999,999,999 (was past 15 GB)',
    argv: () => [
      'backtest',
      '--app',
      assembly(1, 1, () => alarm('a', 'fn0')),
      '--history',
      file(
        'h.json',
        '{"metric":"AWS/Lambda Errors{FunctionName=fn0}","stat":"Sum","period":60,"points":[[0,1],[99999999999,1]]}',
      ),
    ],
  },
  {
    name: 'backtest-5m-points-20m-evaluations',
    what: 'backtest of 8 metrics x 625,000 one-minute datapoints (5M, the limit; 434 days) by 32 alarms (20M datapoint-evaluations)',
    argv: () => [
      'backtest',
      '--app',
      assembly(8, 4, (s, i) => alarm(`s${s}-a${i}`, `fn${s}`, { Threshold: i })),
      ...historyArgs(history(8, 625_000)),
      '--format',
      'json',
      '--output',
      join(fresh(), 'b.json'),
    ],
  },
  {
    name: 'backtest-csv-32mib',
    what: 'backtest of one CSV history file just under 32 MiB (the file limit; read in full, then refused: 1,100 days)',
    argv: () => {
      const rows = [
        '# metric: AWS/Lambda Errors{FunctionName=fn0}',
        '# stat: Sum',
        '# period: 60',
        'timestamp,value,samples',
      ];
      let bytes = 0;
      for (let i = 0; bytes < INPUT_LIMITS.historyFileBytes - 200; i++) {
        const row = `${T0 + 60 * i},${i % 997}.25,60`;
        bytes += row.length + 1;
        rows.push(row);
      }
      rows.pop();
      return [
        'backtest',
        '--app',
        assembly(1, 1, () => alarm('a', 'fn0')),
        '--history',
        file('h.csv', rows.join('\n')),
      ];
    },
  },
  {
    name: 'test-values-0x999999999',
    what: "test, values: '0x999999999' (was a V8 out-of-memory abort)",
    argv: () => ['test', file('t.yaml', testFile(1, 0, 10).replace("'0x8 1'", "'0x999999999'"))],
  },
  {
    name: 'test-evaluation-periods-1e8',
    what: 'test, inline EvaluationPeriods 1e8 (was a V8 out-of-memory abort)',
    argv: () => [
      'test',
      file(
        't.yaml',
        testFile(1, 0, 10, ', DatapointsToAlarm: 1').replace(
          'EvaluationPeriods: 1,',
          'EvaluationPeriods: 100000000,',
        ),
      ),
    ],
  },
  {
    name: 'test-1m-values',
    what: 'test, 10 tests of 10 series of 10,000 values (1M values, the file limit)',
    argv: () => ['test', file('t.yaml', testFile(10, 9, 10_000))],
  },
  {
    name: 'test-alias-bomb',
    what: 'test, a YAML alias bomb',
    argv: () => [
      'test',
      file(
        't.yaml',
        'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
      ),
    ],
  },
];

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
const cli = join(__dirname, '..', 'bin', 'cli.ts');
console.log(
  `node ${process.version}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; bound ${BOUND_MB} MB\n`,
);
console.log('| case | exit | peak RSS (MB) | CPU (s) | first line of stderr |');
console.log('| --- | --- | --- | --- | --- |');
let over = 0;
for (const c of CASES.filter((k) => k.name.includes(only))) {
  const argv = c.argv();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', 'TIME %M %U %S', process.execPath, '--require', require.resolve('tsx/cjs'), cli, ...argv],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const m = /TIME (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`no /usr/bin/time output for ${c.name}: ${r.stderr.slice(-500)}`);
  const rssMb = Number(m[1]) / 1024;
  const cpu = Number(m[2]) + Number(m[3]);
  const lines = (t: string) => t.split('\n').filter((l) => l && !/^(TIME |Command exited)/.test(l));
  const first = lines(r.stderr)[0] ?? lines(r.stdout).pop() ?? '';
  if (rssMb > BOUND_MB) over++;
  console.log(
    `| ${c.what} | ${r.status} | ${rssMb.toFixed(0)} | ${cpu.toFixed(1)} | ${first.replace(/\/tmp\/\S+\//g, '').slice(0, 140)} |`,
  );
}
rmSync(root, { recursive: true, force: true });
if (over) {
  console.error(`${over} case(s) over ${BOUND_MB} MB`);
  process.exitCode = 1;
}
