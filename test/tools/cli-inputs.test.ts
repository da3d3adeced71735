/**
 * Bad input to the CLI never crashes (issue 11, "CLI: crash classes"): one regression test per class. Every run
 * ends in exit 0/1 (accepted) or exit 2 with one printable error line, quickly and in bounded memory. Hand-written
 * assemblies and files: no synth.
 */
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INPUT_LIMITS } from '../../lib/tools/limits';
import { messageProblem } from '../fuzz/harness';
import { compositeAlarm, metricAlarm } from '../helpers/templates';
import { run as runInProcess } from '../helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'cli-inputs-'));
let n = 0;
const fresh = () => {
  const d = join(tmp, `case${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

async function run(...argv: string[]) {
  const cpu = process.cpuUsage();
  const r = await runInProcess(...argv);
  const used = process.cpuUsage(cpu);
  return { ...r, cpuMs: (used.user + used.system) / 1000 };
}

/** Exit 2 with exactly one error line that passes the one-line rule; warnings are one line each too. */
function expectRejected(r: { code: number; err: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  const lines = r.err.trimEnd().split('\n');
  for (const line of lines) {
    expect(line).toMatch(/^(error|warning): /);
    expect(messageProblem(line)).toBeUndefined();
  }
  const errors = lines.filter((l) => l.startsWith('error: '));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
}

const T0 = Date.parse('2026-03-01T00:00:00Z') / 1000;
const errorsAlarm = metricAlarm('shop-api-checkout-errors-warning', {
  EvaluationPeriods: 3,
  DatapointsToAlarm: 2,
});
const page = compositeAlarm('shop-api-any-critical', 'ALARM("shop-api-checkout-errors-warning")');

/** An assembly of two stacks; `templates` and `artifacts` replace or add entries. */
function assembly(
  templates: Record<string, unknown> = {},
  artifacts: Record<string, unknown> = {},
  dir = fresh(),
): string {
  const all: Record<string, unknown> = {
    'shop-api.template.json': { Resources: { Errors: errorsAlarm, Page: page } },
    'shop-web.template.json': { Resources: { Latency: metricAlarm('shop-web-latency-warning') } },
    ...templates,
  };
  const stacks = Object.fromEntries(
    ['shop-api', 'shop-web'].map((s) => [
      s,
      { type: 'aws:cloudformation:stack', properties: { templateFile: `${s}.template.json` } },
    ]),
  );
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ version: '55.0.0', artifacts: { ...stacks, ...artifacts } }),
  );
  for (const [f, t] of Object.entries(all))
    writeFileSync(join(dir, f), typeof t === 'string' ? t : JSON.stringify(t));
  return dir;
}

const historyFile = (text: string, name = 'h.json') => {
  const f = join(fresh(), name);
  writeFileSync(f, text);
  return f;
};
const minutes = (count: number, f: (i: number) => number) =>
  Array.from({ length: count }, (_, i) => [T0 + 60 * i, f(i)]);
const HISTORY = historyFile(
  JSON.stringify({
    metric: 'AWS/Lambda Errors{FunctionName=fn}',
    stat: 'Sum',
    period: 60,
    points: minutes(30, (i) => (i > 20 ? 3 : 0)),
  }),
);
const testFile = (text: string) => historyFile(text, 't.yaml');
const TEST = testFile(
  `tests:\n  - name: errors warn\n    input_series:\n      - { metric: 'AWS/Lambda Errors{FunctionName=fn}', stat: Sum, values: 0x5 3x3 }\n    expect:\n      - { at: 9m, alarm: shop-api-checkout-errors-warning, state: ALARM }\n`,
);

/** Every command that reads an assembly, on `app`. */
const readers = (app: string, ...extra: string[]) => [
  ['review', '--app', app, ...extra],
  ['cost', '--app', app, ...extra],
  ['diff', assembly(), '--app', app, ...extra],
  ['backtest', '--app', app, '--history', HISTORY, ...extra],
  ['test', TEST, '--app', app, ...extra],
];

describe('every assembly reader: malformed manifests and templates are problems, never exceptions', () => {
  test.each([
    ['an artifact that is null', () => assembly({}, { x: null }), /artifact "x" is not an object/],
    [
      'Resources: null',
      () => assembly({ 'shop-web.template.json': { Resources: null } }),
      /Resources is not an object/,
    ],
    [
      'a nested assembly whose directoryName is "."',
      () => assembly({}, { Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } } }),
      /a cycle/,
    ],
    [
      'a nested assembly outside the assembly',
      () => assembly({}, { Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: '../..' } } }),
      /directoryName "\.\.\/\.\." is outside the assembly/,
    ],
    [
      'a templateFile of the wrong type',
      () => assembly({}, { Odd: { type: 'aws:cloudformation:stack', properties: { templateFile: 7 } } }),
      /templateFile is not a file name/,
    ],
  ])(
    '%s: a warning, then exit 2 (the result is partial), or exit 0/1 with --allow-partial',
    async (_what, make, warning) => {
      const app = make();
      for (const argv of readers(app)) {
        const r = await run(...argv);
        expectRejected(r, /is partial \(fix the assembly, or pass --allow-partial to accept it\)$/);
        expect(r.err).toMatch(warning);
        const allowed = await run(...argv, '--allow-partial');
        expect([0, 1]).toContain(allowed.code);
        expect(allowed.err).toMatch(warning);
        expect(allowed.err).not.toMatch(/^error:/m);
      }
    },
  );

  test('a nested assembly that points back at its parent is read once: no stack overflow', async () => {
    const app = assembly(
      {},
      { Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'stage' } } },
    );
    mkdirSync(join(app, 'stage'));
    assembly(
      {},
      { Back: { type: 'cdk:cloud-assembly', properties: { directoryName: '..' } } },
      join(app, 'stage'),
    );
    const r = await run('review', '--app', app, '--format', 'json', '--allow-partial');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/points back at an assembly already read \(a cycle\)/);
    expect(JSON.parse(r.out).summary.stacks).toBe(4);
  });
});

describe('a partial read is never silent', () => {
  const truncated = () =>
    assembly({
      'shop-api.template.json': JSON.stringify({ Resources: { Errors: errorsAlarm } }).slice(0, 60),
    });

  test('backtest with a truncated template: names the stack, exit 2; the report covers the readable stacks', async () => {
    const r = await run('backtest', '--app', truncated(), '--history', HISTORY, '--format', 'json');
    expectRejected(
      r,
      /1 problem in 1 stack \(shop-api\)\), so|1 problem in 1 stack \(shop-api\): the backtest is partial/,
    );
    expect(r.err).toMatch(/^warning: shop-api\.template\.json: not JSON/m);
    expect(JSON.parse(r.out).alarms.map((a: { name: string }) => a.name)).toEqual([
      'shop-web-latency-warning',
    ]);
  });

  test('diff: alarms of a stack the new side could not read are not "removed"', async () => {
    const r = await run('diff', assembly(), '--app', truncated(), '--format', 'json', '--allow-partial');
    const diff = JSON.parse(r.out);
    expect(diff.removed).toEqual([]);
    expect(diff.notCompared).toBe(2);
    expect(r.code).toBe(0);
    expectRejected(
      await run('diff', assembly(), '--app', truncated()),
      /^error: --app .*: the diff is partial/,
    );
  });
});

describe('review --format html: sizes from the template are bounded', () => {
  test('EvaluationPeriods 1e9 draws a bounded chart, quickly', async () => {
    const app = assembly({
      'shop-web.template.json': {
        Resources: {
          Big: metricAlarm('shop-web-big-warning', { EvaluationPeriods: 1e9, DatapointsToAlarm: 5e8 }),
        },
      },
    });
    const r = await run('review', '--app', app, '--format', 'html');
    expect(r.code).toBe(0);
    expect(r.cpuMs).toBeLessThan(5_000);
    const card = r.out.split('<article').find((c) => c.includes('<h4>shop-web-big-warning</h4>'))!;
    const svg = /<svg class="window"[^]*?<\/svg>/.exec(card)![0];
    expect(svg.match(/class="bar/g)!.length).toBe(60);
    expect(svg).toContain('data-n="1000000000"');
    expect(r.out).toContain('500000000 of the last 1000000000 datapoints');
  });

  test('one page shows at most 500 cards and 5,000 alarms; the rest are counted', async () => {
    const many = Object.fromEntries(
      Array.from({ length: INPUT_LIMITS.htmlAlarms + 100 }, (_, i) => [
        `A${i}`,
        metricAlarm(`shop-web-a${i}-warning`),
      ]),
    );
    const r = await run(
      'review',
      '--app',
      assembly({ 'shop-web.template.json': { Resources: many } }),
      '--format',
      'html',
    );
    expect(r.code).toBe(0);
    expect(r.out.match(/<article class="card"/g)!.length).toBe(INPUT_LIMITS.htmlCards);
    expect(r.out).toContain('102 alarms are not listed: one page shows at most 5,000 (500 as cards)');
  });
});

describe('backtest: history files', () => {
  const backtest = (file: string, ...argv: string[]) =>
    run('backtest', '--app', assembly(), '--history', file, ...argv);

  test('points at epoch 0 and 99,999,999,999: the replay span is refused at once, naming the limit', async () => {
    const file = historyFile(
      JSON.stringify({
        metric: 'AWS/Lambda Errors{FunctionName=fn}',
        stat: 'Sum',
        period: 60,
        points: [
          [0, 1],
          [99_999_999_999, 1],
        ],
      }),
    );
    const r = await backtest(file);
    expectRejected(r, /the replay would cover .* days, more than the limit of 455 days/);
    expect(r.cpuMs).toBeLessThan(5_000);
  });

  test('a 40-digit epoch is not a timestamp', async () => {
    const file = historyFile(
      `{"metric":"AWS/Lambda Errors{FunctionName=fn}","stat":"Sum","period":60,"points":[[1234567890123456789012345678901234567890,1]]}`,
    );
    expectRejected(
      await backtest(file),
      /h\.json: points\[0\]: 1\.2345678901234568e\+39 is not a timestamp \(ISO 8601, or epoch seconds from 1970 to 9999\)/,
    );
  });

  const csv = (rows: string[]) =>
    historyFile(
      [
        '# metric: AWS/Lambda Errors{FunctionName=fn}',
        '# stat: Sum',
        '# period: 60',
        'timestamp,value,samples',
        ...rows,
      ].join('\n'),
      'h.csv',
    );
  test.each([
    ['Infinity', ['0,Infinity,1'], /h\.csv:5: value "Infinity" is not a number/],
    ['1e309', ['0,1e309,1'], /h\.csv:5: value "1e309" is not a number/],
    ['0x10', ['0,0x10,1'], /h\.csv:5: value "0x10" is not a number/],
    ['abc', ['0,abc,1'], /h\.csv:5: value "abc" is not a number/],
    ['-5 samples', ['0,1,-5'], /h\.csv:5: samples "-5" is not a whole number of at least 0/],
    ['an unterminated quote', ['0,"1,1'], /h\.csv:5: a quoted field is not closed/],
    [
      'a duplicate timestamp',
      ['0,1,1', '60,1,1', '60,2,1'],
      /h\.csv:7: a second datapoint for the 60s period of 1970-01-01T00:01:00\.000Z \(the first is at .*h\.csv:6\)/,
    ],
    [
      'out-of-order timestamps',
      ['0,1,1', '120,1,1', '60,2,1'],
      /h\.csv:7: 1970-01-01T00:01:00\.000Z is out of order \(after 1970-01-01T00:02:00\.000Z at .*h\.csv:6\)/,
    ],
    ['a control character', ['0,1\u001b[31m,1'], /value "1\\u001b\[31m" is not a number/],
  ])('CSV %s is refused in one line', async (_what, rows, pattern) => {
    expectRejected(await backtest(csv(rows)), pattern);
  });

  test("newest-first datapoints (GetMetricData's default order) are accepted", async () => {
    const r = await backtest(csv(['120,1,1', '60,1,1', '0,1,1']), '--format', 'json');
    expect(r.code).toBe(0);
  });

  test('Period: {Ref: P} skips that alarm with the reason; no complaint about --from/--to', async () => {
    const app = assembly({
      'shop-web.template.json': {
        Parameters: { P: { Type: 'Number' } },
        Resources: { Latency: metricAlarm('shop-web-latency-warning', { Period: { Ref: 'P' } }) },
      },
    });
    const r = await run('backtest', '--app', app, '--history', HISTORY, '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const alarms = JSON.parse(r.out).alarms as Array<{ name: string; skipped?: string }>;
    expect(alarms.find((a) => a.name === 'shop-web-latency-warning')!.skipped).toBe(
      'the period is not known from the template',
    );
    expect(alarms.find((a) => a.name === 'shop-api-checkout-errors-warning')!.skipped).toBeUndefined();
  });

  test('--evaluation-range and the replay size have limits named in the message', async () => {
    expectRejected(
      await backtest(HISTORY, '--evaluation-range', '99999999'),
      /--evaluation-range 99999999 is over the limit of 20,000 datapoints/,
    );
    const long = historyFile(
      JSON.stringify({
        metric: 'AWS/Lambda Errors{FunctionName=fn}',
        points: [
          [T0, 1],
          [T0 + 450 * 86_400, 1],
        ],
      }),
    );
    const many = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`A${i}`, metricAlarm(`shop-web-a${i}-warning`)]),
    );
    const r = await run(
      'backtest',
      '--app',
      assembly({ 'shop-web.template.json': { Resources: many } }),
      '--history',
      long,
    );
    expectRejected(
      r,
      /the replay would evaluate [\d,]+ datapoints \(41 alarms over 450 days\), more than the limit of 20,000,000/,
    );
  });
});

describe('test: alarm test files', () => {
  const inline = (props: string) => `alarms:
  A:
    Type: AWS::CloudWatch::Alarm
    Properties: { AlarmName: a, Namespace: T, MetricName: M, Statistic: Sum, Period: 60, EvaluationPeriods: 1, ComparisonOperator: GreaterThanThreshold, Threshold: 0${props} }
`;
  const body = (series: string, extra = '') => `tests:
  - name: t${extra}
    input_series:
      - { metric: 'T M', ${series} }
    expect:
      - { at: 2m, alarm: a, state: ALARM }
`;
  const test1 = (text: string) => run('test', testFile(text));

  test.each([
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
      /YAML aliases expand too far \(more than 1000 expansions, as in an alias bomb\)/,
    ],
    ['an undefined alias', `tests: *nope\n`, /YAML|alias/i],
    [
      'values: 0x999999999',
      inline('') + body("stat: Sum, values: '0x999999999'"),
      /values: "0x999999999" makes the series longer than 100,000 values \(the limit for one series\)/,
    ],
    [
      'values: _x99999999999',
      inline('') + body("stat: Sum, values: '_x99999999999'"),
      /"_x99999999999" makes the series longer than 100,000 values/,
    ],
    [
      'stat: p999',
      inline('') + body("stat: p999, values: '0 1'"),
      /input_series\[0\]\.stat: statistic "p999": a percentile is at most p100/,
    ],
    [
      'interval: 0s',
      inline('') + body("stat: Sum, values: '0 1'", '\n    interval: 0s'),
      /interval: "0s" is not a whole number of seconds from 1s to 1d/,
    ],
    [
      'expect_transitions: ["abc"]',
      inline('') +
        body("stat: Sum, values: '0 1'").replace(
          '    expect:',
          '    expect_transitions: { a: ["abc"] }\n    expect:',
        ),
      /expect_transitions\.a\[0\]: "abc" is not a transition \(write the time after the start and the new state, e\.g\. "13m ALARM"/,
    ],
    [
      'a 1e40 start',
      inline('') + body("stat: Sum, values: '0 1'", '\n    start: 1e40'),
      /tests\[0\]\.start: 1e\+40 is not a time/,
    ],
    [
      'an expectation 99999999 days later',
      inline('') + body("stat: Sum, values: '0 1'").replace('at: 2m', 'at: 99999999d'),
      /tests\[0\]: the replay would cover .* more than the limit of 455 days/,
    ],
  ])('%s is a file error (exit 2, one line), found quickly', async (_what, text, pattern) => {
    const r = await test1(text);
    expectRejected(r, pattern);
    expect(r.cpuMs).toBeLessThan(5_000);
  });

  test('an inline EvaluationPeriods: 1e8 fails its test with the reason, without evaluating 1e8 periods', async () => {
    const r = await test1(
      inline(', DatapointsToAlarm: 1').replace('EvaluationPeriods: 1', 'EvaluationPeriods: 100000000') +
        body("stat: Sum, values: '0 1'"),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('alarm "a" cannot be evaluated: the evaluation window (100000000 periods of 60s');
    expect(r.cpuMs).toBeLessThan(5_000);
  });

  test('transitions are compared as times, whatever the spelling (60s is 1m)', async () => {
    const r = await test1(
      inline('') +
        body("stat: Sum, values: '0 1'").replace(
          '    expect:',
          '    expect_transitions: { a: ["60s OK", "2m ALARM"] }\n    expect:',
        ),
    );
    expect(r.out).toContain('1 passed, 0 failed');
    expect(r.code).toBe(0);
  });
});

describe('lookups keyed by input text are safe against __proto__, constructor and toString', () => {
  test('cost --set __proto__.freeTier=false is an unknown key, and no object changes', async () => {
    const r = await run('cost', '--app', assembly(), '--set', '__proto__.freeTier=false');
    expectRejected(
      r,
      /^error: --set: unknown key "__proto__" \(allowed: freeTier, xray, cloudtrail, logs, rum, grafana\)$/,
    );
    expect(({} as Record<string, unknown>).freeTier).toBeUndefined();
    expectRejected(
      await run('cost', '--app', assembly(), '--set', 'constructor.x=1'),
      /unknown key "constructor"/,
    );
  });

  test('templates: Ref and Fn::Sub of constructor, a __proto__ dimension, a toString label', async () => {
    const app = assembly({
      'shop-web.template.json': {
        Metadata: { 'cdk-telemetry': { apps: { shop: ['web'] }, labels: { toString: 'x' } } },
        Resources: {
          A: metricAlarm('shop-web-a-warning', {
            AlarmDescription: { 'Fn::Sub': '${constructor}' },
            Threshold: { Ref: 'toString' },
            Dimensions: [{ Name: '__proto__', Value: 'x' }],
          }),
          B: metricAlarm('toString', { Namespace: { Ref: 'constructor' } }),
        },
      },
    });
    const r = await run('review', '--app', app, '--format', 'json');
    expect(r.code).toBe(0);
    const alarms = JSON.parse(r.out).alarms as Array<{
      name: string;
      notes: string[];
      spec: { source: { metric: { dimensions: object } } };
    }>;
    const a = alarms.find((x) => x.name === 'shop-web-a-warning')!;
    expect(a.notes).toEqual(
      expect.arrayContaining([
        'AlarmDescription: Ref to unknown constructor',
        'Threshold: Ref to unknown toString',
      ]),
    );
    expect(a.spec.source.metric.dimensions).toEqual({ ['__proto__']: 'x' });
    expect(alarms.find((x) => x.name === 'toString')!.notes).toContain(
      'Namespace: Ref to unknown constructor',
    );
  });

  test('history files: a constructor column, a constructor statistic, a __proto__ dimension', async () => {
    expectRejected(
      await run(
        'backtest',
        '--app',
        assembly(),
        '--history',
        historyFile('timestamp,value,constructor\n', 'h.csv'),
      ),
      /unknown column "constructor"/,
    );
    const stat = historyFile(
      JSON.stringify({
        metric: 'AWS/Lambda Errors{__proto__=x}',
        stat: 'constructor',
        period: 60,
        points: [[T0, 1]],
      }),
    );
    expectRejected(
      await run('backtest', '--app', assembly(), '--history', stat),
      /stat: statistic "constructor" is not supported/,
    );
  });
});

describe('file sizes', () => {
  test('a template over 16 MiB is a problem, not a read', async () => {
    const app = assembly();
    truncateSync(join(app, 'shop-web.template.json'), INPUT_LIMITS.assemblyFileBytes + 1); // sparse: instant
    const r = await run('review', '--app', app);
    expectRejected(r, /partial/);
    expect(r.err).toMatch(
      /warning: shop-web\.template\.json: is 16,777,217 bytes, over the limit of 16 MiB for one file/,
    );
  });

  test('a template nested deeper than 100 levels is a problem (no reader recursion)', async () => {
    const deep = `{"Resources":{"A":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const r = await run('review', '--app', assembly({ 'shop-web.template.json': deep }));
    expect(r.err).toMatch(/shop-web\.template\.json: nests more than 100 levels deep \(the limit\)/);
  });

  test('a history file over 32 MiB is refused before it is read', async () => {
    const f = historyFile('');
    truncateSync(f, INPUT_LIMITS.historyFileBytes + 1);
    expectRejected(
      await run('backtest', '--app', assembly(), '--history', f),
      /over the limit of 32 MiB for one history file/,
    );
  });
});

test('the fixtures above are read as written (a test that cannot fail is a defect)', async () => {
  const r = await run('review', '--app', assembly(), '--format', 'json');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out).summary.alarms).toBe(3);
  expect(JSON.parse(readFileSync(HISTORY, 'utf8')).points).toHaveLength(30);
});
