/**
 * A synthesis that either replaces the cloud assembly in `outdir` as a whole or leaves it as it was.
 *
 * The CDK CLI runs the app with `CDK_OUTDIR=cdk.out`, and an App writes there as it goes: a config error used to
 * leave a `manifest.json` with no stacks (the App synthesizes on exit), and a CloudFormation validation or cdk-nag
 * finding is only known after the templates are written. So the app synthesizes into `<outdir>/.staging/` and,
 * only when construction and synthesis succeeded with no finding, moves the result into `outdir`, `manifest.json`
 * last. A failed synthesis leaves the last good assembly for `cdk-telemetry review` and `cdk deploy`; its partial
 * output (and the validation report the error message points at) stays in `.staging/` until the next synth.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, type AppProps } from 'aws-cdk-lib';

/** The folder under the output folder that receives a synthesis before it is known to be good. */
export const STAGING_DIR = '.staging';

/** A synthesis that did not replace the assembly; its message is one line. */
export class SynthFailed extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SynthFailed';
  }
}

/**
 * Builds an app with `build`, synthesizes it into `<outdir>/.staging/` and, if that succeeded, moves the assembly into
 * `outdir`. Throws what `build` throws, or {@link SynthFailed} when synthesis failed (a validation or cdk-nag finding),
 * in both cases with `outdir` untouched.
 */
export function synthAtomically(outdir: string, build: (app: App) => void, props: AppProps = {}): void {
  const staging = join(outdir, STAGING_DIR);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const app = new App({ ...props, outdir: staging, autoSynth: false });
  try {
    build(app);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true }); // nothing was synthesized
    throw e;
  }
  // aws-cdk-lib reports findings by throwing or, when it runs under the CDK CLI, by printing them and setting
  // process.exitCode: both mean the assembly in staging is not to be used.
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e ?? new Error('synthesis failed');
  }
  const flagged = process.exitCode !== undefined && process.exitCode !== 0;
  process.exitCode = exitCodeBefore;
  if (error !== undefined) throw new SynthFailed(firstLine(error), error);
  if (flagged) throw new SynthFailed('synthesis found problems (reported above)');
  promote(staging, outdir);
  rmSync(staging, { recursive: true, force: true });
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n').find((l) => l.trim() !== '') ?? 'synthesis failed';
}

/**
 * Moves every entry of `from` into `to`, `manifest.json` last, so that a reader sees the old manifest until the new
 * templates are all in place. Content-addressed asset folders (`asset.<hash>`) already present are kept as they are;
 * other folders (nested assemblies) are merged entry by entry.
 */
export function promote(from: string, to: string): void {
  const entries = readdirSync(from).sort(
    (a, b) => Number(a === 'manifest.json') - Number(b === 'manifest.json'),
  );
  for (const name of entries) {
    const source = join(from, name);
    const target = join(to, name);
    const folder = statSync(source).isDirectory();
    const existing = statSync(target, { throwIfNoEntry: false });
    if (folder && existing?.isDirectory()) {
      if (!name.startsWith('asset.')) promote(source, target);
      continue;
    }
    // a file replaces a file in one rename; a folder and a file cannot replace each other
    if (existing && (folder || existing.isDirectory())) rmSync(target, { recursive: true, force: true });
    renameSync(source, target);
  }
}
