import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../lib/tools/cli/program';
import { stripAnsi } from '../../lib/tools/cli/table';
import { metricAlarm, templateDir } from '../helpers/templates';
import { run } from '../helpers/cli';

const good = { Resources: { Ok: metricAlarm('ok') } };
const silent = { Resources: { Quiet: metricAlarm('quiet', { AlarmActions: undefined }) } };

describe('cdk-telemetry review', () => {
  test('--help documents the arguments and options', async () => {
    const r = await run('review', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: cdk-telemetry review [options]');
    for (const o of ['--app', '--format', '--strict', '--ignore', '--output', '--rules'])
      expect(r.out).toContain(o);
  });

  test('counts of one are singular: 1 stack, 1 alarm, 1 finding', async () => {
    const r = await run('review', '--app', templateDir({ App: silent }));
    // \s: the subtitle wraps at the width, where depends on the length of the temporary folder's path
    expect(r.out).toMatch(/:\s1\sstack,\s1\salarm\s\(1\smetric,\s0\scomposite\),\s1\sfinding\n/);
  });

  test('exit 0 with findings, 1 with --strict, 0 again when the rule is ignored', async () => {
    const dir = templateDir({ App: silent });
    expect((await run('review', '--app', dir)).code).toBe(0);
    const strict = await run('review', '--app', dir, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/warning\s+no-action\s+App\s+quiet\s+no ALARM action/);
    expect((await run('review', '--app', dir, '--strict', '--ignore', 'no-action')).code).toBe(0);
  });

  test('--format json is machine-readable and keeps NaN thresholds as null', async () => {
    const dir = templateDir({
      App: { Resources: { X: metricAlarm('x', { Threshold: { 'Fn::GetAtt': ['Nowhere', 'Value'] } }) } },
    });
    const r = await run('review', '--app', dir, '--format', 'json');
    const data = JSON.parse(r.out);
    expect(data.summary.alarms).toBe(1);
    expect(data.alarms[0].spec.threshold).toBeNull();
    expect(data.alarms[0].condition).toBe('Sum Errors > ? (set at deploy) for 1 of 1 min');
    expect(data.alarms[0].notes).toEqual(['Threshold: Fn::GetAtt of unknown Nowhere']);
  });

  test('malformed templates: a clear message on stderr and a review of what could be read', async () => {
    const dir = templateDir({
      Good: good,
      NotJson: '{ "Resources": ',
      NoResources: { Description: 'nothing' },
      Odd: {
        Resources: { Strange: metricAlarm('strange', { Threshold: { Ref: 'NoSuchParam' }, Colour: 'blue' }) },
      },
    });
    // A partial read is never silent: the problems are warnings, and the review ends in exit 2 unless accepted.
    const r = await run('review', '--app', dir, '--format', 'md', '--allow-partial');
    expect(r.code).toBe(0);
    expect(r.err.split('\n').filter(Boolean)).toEqual([
      'warning: NoResources.template.json: no Resources section',
      expect.stringMatching(/^warning: NotJson\.template\.json: not JSON \(.+\)$/),
    ]);
    const strict = await run('review', '--app', dir, '--format', 'md');
    expect(strict.code).toBe(2);
    expect(strict.out).toBe(r.out);
    expect(strict.err.trim().split('\n').pop()).toMatch(
      /^error: .*: 2 problems in 2 stacks \(NoResources, NotJson\): the review is partial \(fix the assembly, or pass --allow-partial to accept it\)$/,
    );
    expect(r.out).toContain('## Could not be read (the review below is partial)');
    expect(r.out).toContain('| ok | warning (default) | Sum Errors \\> 0'.replace('\\>', '>'));
    expect(r.out).toContain('strange: note: unknown property Colour'.replace('note: ', ''));
    expect(r.out).toContain('strange: Threshold: Ref to unknown NoSuchParam');
    expect((await run('review', '--app', dir, '--strict', '--allow-partial')).code).toBe(1);
  });

  test.each([
    [
      'a folder that does not exist',
      (d: string) => join(d, 'missing'),
      /does not exist \(run `npx cdk synth` first\?\)/,
    ],
    [
      'an empty cdk.out',
      (d: string) => d,
      /nothing could be read \(no manifest\.json and no \*\.template\.json: is this a cdk\.out folder\?\)/,
    ],
    [
      'a manifest with no stacks',
      (d: string) => {
        writeFileSync(join(d, 'manifest.json'), '{"version":"55.0.0","artifacts":{}}');
        return d;
      },
      /nothing could be read \(the assembly has no stacks\)/,
    ],
    [
      'a JSON file that is not a template (package.json)',
      (d: string) => {
        writeFileSync(join(d, 'package.json'), '{"name":"shop","version":"1.0.0"}');
        return join(d, 'package.json');
      },
      /^error: --app .*package\.json: not a cloud assembly or a CloudFormation template \(no Resources section\)\n$/,
    ],
  ])('%s is a one-line usage error (exit 2)', async (_what, path, message) => {
    const r = await run('review', '--app', path(mkdtempSync(join(tmpdir(), 'cli-'))));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/^error: --app [^\n]+\n$/); // one line, no warning before it
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('bad options name what is allowed', async () => {
    const ignore = await run('review', '--ignore', 'nope');
    expect(ignore.code).toBe(2);
    expect(ignore.err).toMatch(
      /^error: --ignore "nope" is not a rule \(allowed: no-action, actions-disabled, /,
    );
    const format = await run('review', '--format', 'pdf');
    expect(format.code).toBe(2);
    expect(format.err).toContain(
      "error: option '--format <format>' argument 'pdf' is invalid. Allowed choices are table, md, json, html.",
    );
  });

  test('--rules lists every rule; -o writes a file', async () => {
    expect((await run('review', '--rules')).out).toMatch(/never-fires\s+warning\s+Alarm that can never fire/);
    const out = join(mkdtempSync(join(tmpdir(), 'cli-')), 'review.html');
    const r = await run('review', '--app', templateDir({ App: good }), '--format', 'html', '-o', out);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`wrote ${out}\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
  });
});

test('review, diff and cost fit the width of the terminal (they were 326 and 405 columns wide)', async () => {
  const long = (i: number, threshold: number) =>
    metricAlarm(`shop-checkout-payment-service-handler-function-number-${i}-p99-latency-budget-critical`, {
      MetricName: 'Duration',
      Statistic: undefined,
      ExtendedStatistic: 'p99',
      Threshold: threshold,
      AlarmDescription:
        'Checkout payments are slower than the budget: look at the slowest traces first, then at the database.',
      Dimensions: [
        { Name: 'FunctionName', Value: `shop-checkout-payment-service-handler-function-number-${i}` },
      ],
    });
  const before = templateDir({ Shop: { Resources: { A: long(1, 100), B: long(2, 100) } } });
  const after = templateDir({ Shop: { Resources: { A: long(1, 150), C: long(3, 100) } } });
  for (const columns of [80, 120]) {
    let out = '';
    const io: CliIo = { out: (t) => (out += t), err: () => undefined, isTTY: true, columns };
    for (const argv of [
      ['review', '--app', after],
      ['diff', before, '--app', after],
      ['cost', '--app', after],
    ]) {
      out = '';
      await runCli(argv, io);
      // The widest line, colours aside.
      const widest = Math.max(...out.split('\n').map((l) => stripAnsi(l).length));
      expect(widest).toBeLessThanOrEqual(columns);
    }
  }
});

describe('cdk-telemetry diff and cost', () => {
  test('diff exits 1 when something changed and 0 when not', async () => {
    const a = templateDir({ App: good });
    const b = templateDir({ App: { Resources: { Ok: metricAlarm('ok', { Threshold: 3 }) } } });
    const changed = await run('diff', a, '--app', b);
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/ok\s+threshold\s+0\s+3/);
    const same = await run('diff', a, '--app', a, '--format', 'json');
    expect(same.code).toBe(0);
    expect(JSON.parse(same.out)).toMatchObject({ added: [], removed: [], changed: [], unchanged: 1 });
    expect((await run('diff', a, '--app', join(a, 'nope'))).err).toMatch(
      /^error: --app .*nope: does not exist/m,
    );
    expect((await run('diff', join(a, 'nope'))).err).toMatch(/^error: <base> .*nope: does not exist/m);
  });

  test('cost prints totals and assumptions; --set and --usage change them; a bad usage is exit 2', async () => {
    const dir = templateDir({
      App: {
        Resources: {
          Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'g', RetentionInDays: 7 } },
        },
      },
    });
    const r = await run(
      'cost',
      '--app',
      dir,
      '--set',
      'logs.defaultGbPerMonth=100',
      '--set',
      'freeTier=false',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('Total / month: $50.69');
    expect(r.out).toMatch(
      /Log storage\s+g\s+23\.01 GB-months\s+\$0\.03 \/ GB-month\s+\$0\.69\s+retention 7 days/,
    );
    expect(r.out).toContain('## Assumptions'.replace('## ', ''));
    const bad = await run('cost', '--app', dir, '--set', 'logs.defaultGb=1');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'error: --set: logs: unknown key "defaultGb" (allowed: defaultGbPerMonth, groups)\n',
    );
  });
});

test('the command starts without loading aws-cdk-lib, zod, yaml or the AWS SDK (only the commands that call AWS need it)', () => {
  const probe = `require('./lib/tools/cli/program');
    const loaded = Object.keys(require.cache).filter((k) => k.includes('node_modules'));
    console.log(JSON.stringify([...new Set(loaded.map((k) => k.split('node_modules/')[1].split('/')[0]))]));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], {
    cwd: join(__dirname, '../..'),
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  const packages: string[] = JSON.parse(r.stdout);
  expect(packages).toContain('commander');
  for (const heavy of ['aws-cdk-lib', 'zod', 'yaml', 'constructs', '@aws-sdk', '@smithy']) {
    expect(packages).not.toContain(heavy);
  }
});
