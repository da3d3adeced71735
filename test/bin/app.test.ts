/**
 * The app as a user runs it: `npx cdk synth` through the real CDK CLI (cdk.json → bin/run-app.cjs → bin/app.ts).
 * The good synth of telemetry.yaml is the suite's shared one (test/helpers/shared-synth.ts); the bad config below
 * is synthesized once, over a copy of it, for the two tests that read it; the other config errors run the app as
 * the CLI does, without the CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../lib/tools/cli/program';
import { copyOfShared, sharedSynth } from '../helpers/shared-synth';

const root = join(__dirname, '../..');
const cdk = join(root, 'node_modules/.bin/cdk');

function synth(args: string[], out = mkdtempSync(join(tmpdir(), 'cdk-out-'))) {
  const r = spawnSync(cdk, ['synth', '--quiet', '--no-notices', '-o', out, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
  });
  return { status: r.status, stderr: r.stderr, out };
}

/**
 * The app alone, as `cdk synth` runs it (cdk.json's "app" with the context in CDK_CONTEXT_JSON): for the config
 * errors after the first, whose way through the CDK CLI the bad config above already proves (the CLI's start is
 * most of a spawn's CPU).
 */
function runApp(config: string) {
  const context = { ...JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')).context, config };
  const r = spawnSync(process.execPath, [join(root, 'bin/run-app.cjs')], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-out-')),
    },
  });
  return { status: r.status, stderr: r.stderr };
}

function badConfig(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bad-config-')), name);
  writeFileSync(file, text);
  return file;
}

async function review(dir: string) {
  let out = '';
  const io: CliIo = { out: (t) => (out += t), err: () => undefined, isTTY: false };
  const code = await runCli(['review', '--app', dir, '--format', 'json'], io);
  return { code, doc: JSON.parse(out) as { alarms: { name: string }[]; problems: unknown[] } };
}

const good = sharedSynth('example');

test('`cdk synth` synthesizes the example stacks from telemetry.yaml, offline, with cdk-nag and validation', () => {
  expect(good.stderr).not.toMatch(/AwsSolutions|ERROR|Error:/);
  expect(good.status).toBe(0);
  const templates = readdirSync(good.dir).filter((f) => f.endsWith('.template.json'));
  expect(templates.sort()).toEqual([
    'sophie-telemetry-api.template.json',
    'sophie-telemetry-audit.template.json',
    'sophie-telemetry-core.template.json',
    'sophie-telemetry-grafana.template.json',
    'sophie-telemetry-logs.template.json',
    'sophie-telemetry-notifications.template.json',
    'sophie-telemetry-product.template.json',
    'sophie-telemetry-prometheus.template.json',
    'sophie-telemetry-tracing.template.json',
    'sophie-telemetry-uptime.template.json',
  ]);
  expect(existsSync(join(good.dir, 'validation-report.json'))).toBe(true);
});

test("the README's set-up names every stack the example synthesizes, and how many", () => {
  const stacks = readdirSync(good.dir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => f.replace(/^sophie-telemetry|\.template\.json$/g, ''));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const sentence = /The example app is (\w+) stacks:([^]*?)\n\n/.exec(readme);
  expect(sentence).not.toBeNull();
  const words = ['', '', '', '', '', '', '', '', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
  expect(sentence![1]).toBe(words[stacks.length]);
  for (const suffix of stacks)
    expect(sentence![2]).toContain(`\`${suffix === '-core' ? 'sophie-telemetry-core' : suffix}\``);
});

// A typo in a config, synthesized over the last good assembly (a copy of the shared one).
const typo = badConfig(
  'bad.yaml',
  'app: demo\nservices:\n  - name: api\n    lambda:\n      - name: f\n        timeout: 3 s\n',
);
const lastGood = copyOfShared('example');
const bad = synth(['-c', `config=${typo}`], lastGood);

test('a bad config stops `cdk synth` with one line naming the place, exit status non-zero, no stack trace', () => {
  expect(bad.status).not.toBe(0);
  const ours = bad.stderr.split('\n').filter((l) => l.startsWith('error: '));
  expect(ours).toEqual([
    `error: ${typo}:6:9: services[0].lambda[0].timeout: "3 s" is not a duration: write a number and a unit with no space, e.g. 200ms, 5s, 1m, 6h, 30d (units: ms, s, m, h, d)`,
  ]);
  expect(bad.stderr).not.toMatch(/^\s+at /m);
});

test('a failed synth leaves the last good assembly as it was: `review` still reads every alarm', async () => {
  expect(bad.status).not.toBe(0);
  // every file of the assembly is as the good synth wrote it (the app's .staging/ and the CLI's own files aside)
  const CLI_FILES = /\.lock$|^error\.txt$|^performance-counters\.json$/;
  const assemblyFiles = (dir: string) =>
    readdirSync(dir).filter((f) => !f.startsWith('.') && !CLI_FILES.test(f));
  expect(assemblyFiles(lastGood)).toEqual(assemblyFiles(good.dir));
  for (const f of assemblyFiles(good.dir).filter((f) => f.endsWith('.json'))) {
    expect(readFileSync(join(lastGood, f), 'utf8')).toBe(readFileSync(join(good.dir, f), 'utf8'));
  }
  expect(JSON.parse(readFileSync(join(lastGood, 'manifest.json'), 'utf8')).artifacts).toHaveProperty([
    'sophie-telemetry-api',
  ]);
  const after = await review(lastGood);
  const before = await review(good.dir);
  expect(after.code).toBe(0);
  expect(after.doc.problems).toEqual([]);
  expect(after.doc.alarms.length).toBe(before.doc.alarms.length);
  expect(after.doc.alarms.length).toBeGreaterThan(80);
  expect(after.doc.alarms.map((a) => a.name)).toEqual(before.doc.alarms.map((a) => a.name));
});

test('a missing config file is a one-line error too', () => {
  const r = runApp('does-not-exist.yaml');
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain(
    'error: does-not-exist.yaml: file not found (pass -c config=path/to/telemetry.yaml)',
  );
  expect(r.stderr).not.toMatch(/^\s+at /m);
});

test('a service in a reserved stack is a one-line error too', () => {
  const file = badConfig(
    'reserved.yaml',
    'app: demo\nservices:\n  - name: api\n    stack: core\n    lambda: [fn]\n',
  );
  const r = runApp(file);
  expect(r.status).not.toBe(0);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([
    `error: ${file}:4:5: services[0].stack: "core" is the name of the app's own core stack (reserved: core, grafana, tracing, audit, logs, prometheus, product, uptime); choose another stack`,
  ]);
  expect(r.stderr).not.toMatch(/^\s+at /m);
});
