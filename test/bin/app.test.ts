/**
 * The app as a user runs it: `npx cdk synth` through the real CDK CLI (cdk.json → tsx bin/app.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const cdk = join(root, 'node_modules/.bin/cdk');

function synth(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const r = spawnSync(cdk, ['synth', '--quiet', '--no-notices', '-o', out, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
  });
  return { status: r.status, stderr: r.stderr, out };
}

test('`cdk synth` synthesizes the example stacks from telemetry.yaml, offline, with cdk-nag and validation', () => {
  const r = synth();
  expect(r.stderr).not.toMatch(/AwsSolutions|ERROR|Error:/);
  expect(r.status).toBe(0);
  const templates = readdirSync(r.out).filter((f) => f.endsWith('.template.json'));
  expect(templates.sort()).toEqual([
    'sophie-telemetry-api.template.json',
    'sophie-telemetry-audit.template.json',
    'sophie-telemetry-core.template.json',
    'sophie-telemetry-grafana.template.json',
    'sophie-telemetry-logs.template.json',
    'sophie-telemetry-notifications.template.json',
    'sophie-telemetry-prometheus.template.json',
    'sophie-telemetry-tracing.template.json',
  ]);
  expect(existsSync(join(r.out, 'validation-report.json'))).toBe(true);
});

test('a bad config stops `cdk synth` with one line naming the place, exit status non-zero, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bad-config-'));
  const file = join(dir, 'bad.yaml');
  writeFileSync(
    file,
    'app: demo\nservices:\n  - name: api\n    lambda:\n      - name: f\n        timeout: 3 s\n',
  );
  const r = synth('-c', `config=${file}`);
  expect(r.status).not.toBe(0);
  const ours = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  expect(ours).toEqual([
    `error: ${file}:6:9: services[0].lambda[0].timeout: "3 s" is not a duration: write a number and a unit with no space, e.g. 200ms, 5s, 1m, 6h, 30d (units: ms, s, m, h, d)`,
  ]);
  expect(r.stderr).not.toMatch(/^\s+at /m);
});

test('a missing config file is a one-line error too', () => {
  const r = synth('-c', 'config=does-not-exist.yaml');
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain(
    'error: does-not-exist.yaml: file not found (pass -c config=path/to/telemetry.yaml)',
  );
  expect(r.stderr).not.toMatch(/^\s+at /m);
});

test('a service in a reserved stack is a one-line error too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bad-config-'));
  const file = join(dir, 'reserved.yaml');
  writeFileSync(file, 'app: demo\nservices:\n  - name: api\n    stack: core\n    lambda: [fn]\n');
  const r = synth('-c', `config=${file}`);
  expect(r.status).not.toBe(0);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([
    `error: ${file}:4:5: services[0].stack: "core" is the name of the app's own core stack (reserved: core, grafana, tracing, audit, logs, prometheus); choose another stack`,
  ]);
  expect(r.stderr).not.toMatch(/^\s+at /m);
});
