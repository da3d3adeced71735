/**
 * synthAtomically: a synthesis replaces the assembly in the output folder as a whole, or leaves it as it was
 * (bin/app.ts runs through it; test/bin/app.test.ts proves it end to end with `cdk synth`).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, Validations, type App } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { promote, STAGING_DIR, SynthFailed, synthAtomically } from '../../bin/atomic-synth';
import { CDK_CONTEXT } from '../helpers/synth';

/** A stack with one encrypted, TLS-only topic: no finding. With `plainTopic`, cdk-nag's SNS2 and SNS3 fire. */
function topicApp(name: string, plainTopic = false) {
  return (app: App) => {
    const stack = new Stack(app, name);
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: !plainTopic });
    if (!plainTopic)
      Validations.of(topic).acknowledge({ id: 'AwsSolutions-SNS2', reason: 'test topic: no data' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  };
}

const props = { context: CDK_CONTEXT };
const outdir = () => mkdtempSync(join(tmpdir(), 'atomic-synth-'));
/** Every file under `dir` but the staging folder, with its content. */
function files(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = join(rel, e.name);
    if (path === STAGING_DIR) continue;
    if (e.isDirectory()) Object.assign(out, files(dir, path));
    else out[path] = readFileSync(join(dir, path), 'utf8');
  }
  return out;
}
const manifestStacks = (dir: string) =>
  Object.entries(
    JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).artifacts as Record<
      string,
      { type: string }
    >,
  )
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id]) => id);

test('a good synthesis lands in the output folder, and nothing stays in staging', () => {
  const dir = outdir();
  synthAtomically(dir, topicApp('Good'), props);
  expect(manifestStacks(dir)).toEqual(['Good']);
  expect(existsSync(join(dir, 'Good.template.json'))).toBe(true);
  expect(existsSync(join(dir, STAGING_DIR))).toBe(false);
});

test('a construction error, a cdk-nag finding or a thrown synthesis leaves the last good assembly as it was', () => {
  const dir = outdir();
  synthAtomically(dir, topicApp('Good'), props);
  const before = files(dir);

  expect(() =>
    synthAtomically(
      dir,
      () => {
        throw new Error('config typo');
      },
      props,
    ),
  ).toThrow('config typo');
  expect(files(dir)).toEqual(before);
  expect(existsSync(join(dir, STAGING_DIR))).toBe(false);

  let failure: unknown;
  try {
    synthAtomically(dir, topicApp('Plain', true), props);
  } catch (e) {
    failure = e;
  }
  expect(failure).toBeInstanceOf(SynthFailed);
  expect((failure as Error).message).not.toContain('\n');
  expect(files(dir)).toEqual(before);
  expect(manifestStacks(dir)).toEqual(['Good']);
  // the findings stay where aws-cdk-lib's report says they are: in staging, until the next synth
  expect(readFileSync(join(dir, STAGING_DIR, 'validation-report.json'), 'utf8')).toContain(
    'AwsSolutions-SNS3',
  );
});

test('under the CDK CLI, findings set process.exitCode instead of throwing: that fails the synthesis too', () => {
  const dir = outdir();
  synthAtomically(dir, topicApp('Good'), props);
  const saved = process.exitCode;
  const before = files(dir);
  expect(() =>
    synthAtomically(dir, topicApp('Plain', true), {
      context: { ...CDK_CONTEXT, '@aws-cdk/core:appMode': 'process' },
    }),
  ).toThrow('synthesis found problems (reported above)');
  expect(process.exitCode).toBe(saved);
  expect(files(dir)).toEqual(before);
});

test('promote: files replaced, content-addressed asset folders kept, others merged', () => {
  const from = outdir();
  const to = outdir();
  for (const [dir, tag] of [
    [from, 'new'],
    [to, 'old'],
  ]) {
    mkdirSync(join(dir, 'asset.abc'));
    writeFileSync(join(dir, 'asset.abc', 'index.js'), tag);
    mkdirSync(join(dir, 'assembly-Stage'));
    writeFileSync(join(dir, 'assembly-Stage', 'manifest.json'), tag);
    writeFileSync(join(dir, 'manifest.json'), tag);
    writeFileSync(join(dir, 'S.template.json'), tag);
  }
  writeFileSync(join(to, 'Removed.template.json'), 'old');
  mkdirSync(join(from, 'asset.def')); // a folder where the old assembly had a file, and the reverse
  writeFileSync(join(from, 'asset.def', 'index.js'), 'new');
  writeFileSync(join(to, 'asset.def'), 'old');
  writeFileSync(join(from, 'tree.json'), 'new');
  mkdirSync(join(to, 'tree.json'));
  promote(from, to);
  const read = (...p: string[]) => readFileSync(join(to, ...p), 'utf8');
  expect(read('manifest.json')).toBe('new');
  expect(read('S.template.json')).toBe('new');
  expect(read('assembly-Stage', 'manifest.json')).toBe('new');
  expect(read('asset.abc', 'index.js')).toBe('old'); // same hash, same content: left alone
  expect(read('Removed.template.json')).toBe('old'); // as CDK itself leaves it: the manifest no longer names it
  expect(read('asset.def', 'index.js')).toBe('new');
  expect(read('tree.json')).toBe('new');
});
