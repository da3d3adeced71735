/**
 * The `cdk-telemetry` executable as a process: what a shell sees of it (a closed pipe, the AWS SDK's warnings,
 * one-line errors on stderr, exit statuses).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricAlarm, templateDir } from '../helpers/templates';

const ROOT = join(__dirname, '../..');
const CLI = ['--import', 'tsx', join(ROOT, 'bin/cli.ts')];

/** An assembly whose JSON review is far larger than a pipe's buffer. */
const big = templateDir({
  App: {
    Resources: Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [
        `A${i}`,
        metricAlarm(`app-service-resource-${i}-errors-warning`),
      ]),
    ),
  },
});

test('a reader that closes the pipe early (review --format json | head) ends the command quietly', async () => {
  const child = spawn(process.execPath, [...CLI, 'review', '--app', big, '--format', 'json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // Read the first chunk, then close the pipe as `head` does.
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});

test('an AWS command says one line, not the SDK warning about the Node.js version before it', () => {
  const home = mkdtempSync(join(tmpdir(), 'no-aws-'));
  const r = spawnSync(process.execPath, [...CLI, 'verify', '--app', big, '--region', 'eu-west-1'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);
  expect(r.stderr).toMatch(/^error: [^\n]*credentials[^\n]*\n$/);
  expect(r.status).toBe(2);
});
