/**
 * Shared synths: a cloud assembly that many test files read is synthesized once, by the real `cdk synth` (the CDK
 * CLI, cdk.json, bin/run-app.cjs, cdk-nag and CloudFormation validation, as a user runs it), and cached under
 * node_modules/.cache/cdk-telemetry-tests/ by a hash of everything it is built from. The first run after a change
 * pays one synth; the next runs pay none.
 *
 *   const example = sharedApp('example');   // assembly, template(stack), templateOf(stack), stacks
 *   const { dir } = sharedSynth('example');  // just the cdk.out folder, status and output of `cdk synth`
 *
 * jest.config.js's sequencer (test/helpers/jest/sequencer.js) sees `sharedApp('…')`/`sharedSynth('…')` in a test
 * file, runs the files that need no shared synth first, and its global setup starts the synths those files need in
 * the background; a test file that asks before its synth is ready waits for it. Outside jest's run (or when the
 * background synth was not started) the first caller synthesizes and the others wait on its lock.
 *
 * The shared assembly is read-only: a test that writes into it fails the run (the global teardown compares it with
 * the hash taken when it was synthesized). Copy it first (`copyOfShared`) to change it.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type * as LoadModule from '../../lib/config/load';
import type * as StacksModule from '../../lib/stacks/telemetry-app';
import type { TelemetryStacks } from '../../lib/stacks/telemetry-app';
import type * as SynthModule from './synth';
import type { CfnTemplate } from './synth';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script shared with bin/run-app.cjs
const { sourcesHash } = require('../../scripts/source-hash.cjs') as { sourcesHash: (root: string) => string };

const ROOT = join(__dirname, '../..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'cdk-telemetry-tests');

/** The shared synths: a name and the config file (relative to the repository) that `cdk synth` reads. */
export const SHARED_SYNTHS = {
  /** telemetry.yaml, the example app of the README. */
  example: { config: 'telemetry.yaml' },
} as const satisfies Record<string, { readonly config: string }>;

export type SharedSynthName = keyof typeof SHARED_SYNTHS;

/**
 * `cdk synth` as a user runs it, with CDK's own template metadata off (the `AWS::CDK::Metadata` resource, paths and
 * asset paths): with that, the templates are byte for byte those of an in-process synth with `testApp()`.
 */
const CDK_ARGS = [
  'synth',
  '--quiet',
  '--no-notices',
  '--no-version-reporting',
  '--no-path-metadata',
  '--no-asset-metadata',
];

/** Everything a synth is built from besides the compiled sources (scripts/source-hash.cjs). */
const INPUTS = ['cdk.json', 'bin/run-app.cjs', 'scripts/source-hash.cjs', 'dashboards'];
/** A lock whose holder never wrote its pid is taken to be abandoned after this long. */
const LOCK_STALE_MS = 15 * 60_000;

export interface SharedSynth {
  readonly name: SharedSynthName;
  /** The cloud assembly folder: read it, never write to it (see `copyOfShared`). */
  readonly dir: string;
  /** Exit status, stdout and stderr of `cdk synth`. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The exact command, for messages. */
  readonly command: string;
}

function hashInputs(name: SharedSynthName): string {
  const h = createHash('sha256');
  h.update(`${process.version}\0${JSON.stringify(CDK_ARGS)}\0${name}\0`);
  h.update(sourcesHash(ROOT));
  for (const rel of [...INPUTS, SHARED_SYNTHS[name].config]) hashInto(h, ROOT, rel);
  return h.digest('hex').slice(0, 20);
}

/** Adds the file `rel` of `root`, or every file under the folder `rel`, to `h`: names (sorted) and contents. */
function hashInto(h: Hash, root: string, rel: string): void {
  const path = join(root, rel);
  if (!existsSync(path)) return void h.update(`${rel}\0(missing)\0`);
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) hashInto(h, root, join(rel, entry));
    return;
  }
  h.update(`${rel}\0`).update(readFileSync(path)).update('\0');
}

/** The cache folder of a shared synth as the sources are now. */
export function sharedSynthDir(name: SharedSynthName): string {
  return join(CACHE, `${name}-${hashInputs(name)}`);
}

function commandOf(name: SharedSynthName, out: string): string[] {
  const { config } = SHARED_SYNTHS[name];
  const context = config === 'telemetry.yaml' ? [] : ['-c', `config=${config}`];
  return [join(ROOT, 'node_modules/.bin/cdk'), ...CDK_ARGS, ...context, '-o', out];
}

const SPAWN: SpawnOptions = {
  cwd: ROOT,
  // a deprecated aws-cdk-lib API fails the synth instead of printing `[WARNING] … is deprecated` to the user
  env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', JSII_DEPRECATED: 'fail' },
  stdio: ['ignore', 'pipe', 'pipe'],
};

/** Takes the lock of a cache entry, or returns false when another process holds it. */
function lock(entry: string): boolean {
  const dir = `${entry}.lock`;
  try {
    mkdirSync(dir, { recursive: false });
  } catch {
    return false;
  }
  writeFileSync(join(dir, 'pid'), String(process.pid));
  return true;
}

/**
 * A lock is stale when its holder is gone. Age decides only when the holder never wrote its pid (it died between
 * taking the lock and writing it): a live holder keeps its lock however long a loaded machine makes its synth.
 */
function lockIsStale(entry: string): boolean {
  const dir = `${entry}.lock`;
  let since: number;
  try {
    since = statSync(dir).mtimeMs;
  } catch {
    return true; // released
  }
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  } catch {
    return Date.now() - since > LOCK_STALE_MS; // no pid yet: its holder is writing it, or died before
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'; // EPERM: alive, someone else's
  }
}

/** Writes what `cdk synth` did next to its assembly, records the assembly's hash, publishes the entry. */
function publish(entry: string, tmp: string, result: Omit<SharedSynth, 'name' | 'dir'>): void {
  writeFileSync(join(tmp, 'result.json'), JSON.stringify(result, null, 2));
  writeFileSync(join(tmp, 'assembly.sha256'), hashTree(join(tmp, 'cdk.out')));
  rmSync(entry, { recursive: true, force: true });
  renameSync(tmp, entry);
  rmSync(`${entry}.lock`, { recursive: true, force: true });
}

function prepare(name: SharedSynthName, entry: string): { tmp: string; argv: string[] } {
  const tmp = `${entry}.tmp-${process.pid}`; // each process its own: a lock taken over never shares a folder
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  return { tmp, argv: commandOf(name, join(tmp, 'cdk.out')) };
}

/**
 * Starts a shared synth in the background unless it is cached; resolves when the process doing it ends. For the
 * global setup, which does not wait for it. The synth runs in a process of its own that takes the lock, runs
 * `cdk synth` and publishes the entry (`sharedSynth` there): nothing waits on this process's event loop, so a test
 * file that jest runs in this same process (one file, or `-i`) can block on the lock while the synth goes on.
 */
export function startSharedSynth(name: SharedSynthName): Promise<void> | undefined {
  const entry = sharedSynthDir(name);
  if (existsSync(entry) || existsSync(`${entry}.lock`)) return undefined;
  const script = `require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)}).sharedSynth(${JSON.stringify(name)});`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, env: process.env, stdio: 'ignore' });
    child.on('close', () => resolve());
    child.on('error', () => resolve()); // the first test file that needs it synthesizes it
  });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A shared synth, synthesized now if no other process has it cached or under way. */
export function sharedSynth(name: SharedSynthName): SharedSynth {
  if (!Object.hasOwn(SHARED_SYNTHS, name)) throw new Error(`no shared synth "${name}" in SHARED_SYNTHS`);
  const entry = sharedSynthDir(name);
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    if (existsSync(join(entry, 'result.json'))) {
      const result = JSON.parse(readFileSync(join(entry, 'result.json'), 'utf8'));
      return { ...result, name, dir: join(entry, 'cdk.out') };
    }
    if (lock(entry)) {
      const { tmp, argv } = prepare(name, entry);
      const r = spawnSync(argv[0], argv.slice(1), { ...SPAWN, encoding: 'utf8' });
      const stderr = r.error ? `${r.stderr ?? ''}${r.error.message}` : r.stderr;
      publish(entry, tmp, { status: r.status, stdout: r.stdout, stderr, command: argv.join(' ') });
      continue;
    }
    if (lockIsStale(entry)) rmSync(`${entry}.lock`, { recursive: true, force: true });
    else sleep(100);
  }
}

/** A shared synth that must have succeeded: its assembly, or an error with what `cdk synth` printed. */
export function sharedAssembly(name: SharedSynthName): { synth: SharedSynth; assembly: CloudAssembly } {
  const synth = sharedSynth(name);
  if (synth.status !== 0) {
    throw new Error(
      `shared synth "${name}" failed (exit ${synth.status}): ${synth.command}\n${synth.stderr}`,
    );
  }
  return { synth, assembly: new CloudAssembly(synth.dir) };
}

/**
 * A shared synth with what `synthConfig` gives: the assembly, templates by stack, and the stacks themselves
 * (constructed from the same config on first use, not synthesized again).
 */
export function sharedApp(name: SharedSynthName) {
  const { synth, assembly } = sharedAssembly(name);
  let stacks: TelemetryStacks | undefined;
  const template = (s: Stack | string) =>
    assembly.getStackByName(typeof s === 'string' ? s : s.stackName).template as CfnTemplate;
  return {
    synth,
    assembly,
    template,
    templateOf: (s: Stack | string) => Template.fromJSON(template(s)),
    /** The stacks of the same config, constructed in this test file (no synthesis). */
    get stacks(): TelemetryStacks {
      // required on first use: a test file that reads only templates does not load the constructs
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { modelFromText } = require('../../lib/config/load') as typeof LoadModule;
      const { addTelemetryStacks } = require('../../lib/stacks/telemetry-app') as typeof StacksModule;
      const { testApp } = require('./synth') as typeof SynthModule;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const config = join(ROOT, SHARED_SYNTHS[name].config);
      return (stacks ??= addTelemetryStacks(
        testApp(),
        modelFromText(readFileSync(config, 'utf8'), SHARED_SYNTHS[name].config),
      ));
    },
  };
}

/** A writable copy of a shared assembly in a new temporary folder. */
export function copyOfShared(name: SharedSynthName): string {
  const copy = join(mkdtempSync(join(tmpdir(), `shared-${name}-`)), 'cdk.out');
  cpSync(sharedAssembly(name).synth.dir, copy, { recursive: true });
  return copy;
}

/** A hash of every file under `dir` (names and contents). */
export function hashTree(dir: string): string {
  const h = createHash('sha256');
  for (const entry of readdirSync(dir).sort()) hashInto(h, dir, entry);
  return h.digest('hex');
}

/** Shared synths whose assembly changed since it was synthesized: a test wrote into it. */
export function modifiedSharedSynths(): string[] {
  if (!existsSync(CACHE)) return [];
  return readdirSync(CACHE)
    .filter((e) => existsSync(join(CACHE, e, 'assembly.sha256')))
    .filter(
      (e) => readFileSync(join(CACHE, e, 'assembly.sha256'), 'utf8') !== hashTree(join(CACHE, e, 'cdk.out')),
    );
}

/** Removes cache entries of sources that are no longer current (any name), keeping the current ones. */
export function pruneSharedSynths(): void {
  if (!existsSync(CACHE)) return;
  const current = new Set(Object.keys(SHARED_SYNTHS).map((n) => sharedSynthDir(n as SharedSynthName)));
  for (const e of readdirSync(CACHE)) {
    const path = join(CACHE, e);
    const base = path.replace(/\.(lock|tmp)$/, '');
    if (current.has(base)) continue;
    if (!lockIsStale(base)) continue; // another run is synthesizing it right now
    rmSync(path, { recursive: true, force: true });
  }
}
