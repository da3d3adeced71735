/**
 * Reads every template of a cloud assembly (`cdk.out`): top-level stacks from `manifest.json`, stages' nested
 * assemblies, and nested stack templates. Works on any CDK app's output, and on a folder of plain templates.
 * Malformed input becomes a problem in the result plus a partial read, never an exception: a manifest or template
 * of the wrong shape, a nested assembly that points at itself or outside the assembly, files over the size limits
 * ({@link INPUT_LIMITS}). A command that acts on a read with problems says so (see `partial.ts`).
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { printable, quote } from '../echo';
import { formatBytes, formatLimit, INPUT_LIMITS } from '../limits';
import { readAlarmResource, telemetryMetadataOf, type ReadAlarm } from './alarm-reader';
import type { CfnResource, CfnTemplateLike } from './intrinsics';
import { readJsonFile } from './json-file';

/** One stack of a cloud assembly (or one template), as read: its name, tags, environment, alarms and template. */
export interface StackRead {
  /** The stack's name (CloudFormation's, not the construct path). */
  readonly stackName: string;
  /** Path of the template, relative to the assembly root. */
  readonly templateFile: string;
  /** The stack's tags from the manifest; empty for a template read alone. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * `aws://account/region` from the manifest (`unknown-account/unknown-region` when environment-agnostic).
   * @default - none: a template read without its manifest
   */
  readonly environment?: string;
  /** Every metric and composite alarm of the template, read back into specs. */
  readonly alarms: readonly ReadAlarm[];
  /** The template as parsed. */
  readonly template: CfnTemplateLike;
}

/** Something in an assembly that could not be read (a file, a template, a resource), in one line. */
export interface ReadProblem {
  /** The file, relative to the assembly root. */
  readonly file: string;
  /**
   * The stack the problem belongs to, when known: its alarms are missing from the read, or some of them.
   * @default - none: the problem is with the assembly or a file, not one stack
   */
  readonly stack?: string;
  /** One printable line. */
  readonly message: string;
}

/** A cloud assembly (or a folder of templates), read: its stacks and what could not be read. */
export interface AssemblyRead {
  /** The folder or file read, as given. */
  readonly root: string;
  /** Every stack read, in manifest order. */
  readonly stacks: readonly StackRead[];
  /** What could not be read. */
  readonly problems: readonly ReadProblem[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sizes read so far in one assembly, against {@link INPUT_LIMITS}. */
export class ReadBudget {
  bytes = 0;
  stacks = 0;
  alarms = 0;
}

interface Reading {
  readonly root: string;
  readonly problems: ReadProblem[];
  readonly out: StackRead[];
  /** Templates already read, by real path. */
  readonly seen: Set<string>;
  /** Assembly folders already read, by real path (a nested assembly that points back is a cycle). */
  readonly dirs: Set<string>;
  readonly budget: ReadBudget;
}

const rel = (r: Reading, file: string) => relative(r.root, file) || basename(file);

/** Reads a JSON file of the assembly within the budget; a problem (and undefined) otherwise. */
function readJson(r: Reading, file: string, stack?: string): unknown {
  const left = INPUT_LIMITS.assemblyBytes - r.budget.bytes;
  const read = readJsonFile(file, Math.min(INPUT_LIMITS.assemblyFileBytes, left));
  if (!read.ok) {
    const why =
      left < INPUT_LIMITS.assemblyFileBytes && /over the limit/.test(read.why)
        ? `cannot be read: the assembly's files add up to more than ${formatBytes(INPUT_LIMITS.assemblyBytes)} (the limit)`
        : read.why;
    r.problems.push({ file: rel(r, file), ...(stack ? { stack } : {}), message: why });
    return undefined;
  }
  r.budget.bytes += read.bytes;
  return read.value;
}

/** Reads one template object; exported for tools that get templates from elsewhere. */
export function readTemplate(
  template: unknown,
  stackName: string,
  templateFile: string,
  tags: Record<string, string>,
  problems: ReadProblem[],
  budget: ReadBudget = new ReadBudget(),
): StackRead | undefined {
  const problem = (message: string) => problems.push({ file: templateFile, stack: stackName, message });
  if (!isObject(template)) {
    problem('not a CloudFormation template (expected a JSON object)');
    return undefined;
  }
  const t = template as CfnTemplateLike;
  if (!isObject(t.Resources)) {
    problem(t.Resources === undefined ? 'no Resources section' : 'Resources is not an object');
    return undefined;
  }
  for (const section of ['Parameters', 'Metadata'] as const) {
    const v = (t as Record<string, unknown>)[section];
    if (v !== undefined && !isObject(v)) {
      problem(`${section} is not an object`);
      return undefined;
    }
  }
  const alarms: ReadAlarm[] = [];
  const telemetry = telemetryMetadataOf(t);
  for (const [logicalId, resource] of Object.entries(t.Resources)) {
    if (!isObject(resource)) {
      problem(`${printable(logicalId, 100)}: not a resource object`);
      continue;
    }
    if (budget.alarms >= INPUT_LIMITS.assemblyAlarms) {
      problem(
        `more than ${formatLimit(INPUT_LIMITS.assemblyAlarms)} alarms in the assembly (the limit): the rest are not read`,
      );
      break;
    }
    try {
      const alarm = readAlarmResource(logicalId, resource as CfnResource, t, stackName, telemetry);
      if (alarm) {
        alarms.push(alarm);
        budget.alarms++;
      }
    } catch (e) {
      problem(`${printable(logicalId, 100)}: could not be read (${printable((e as Error).message, 200)})`);
    }
  }
  return { stackName, templateFile, tags, alarms, template: t };
}

/** A path the manifest names, inside the assembly; undefined (and a problem) when it is not. */
function inside(r: Reading, dir: string, path: unknown, what: string, manifest: string): string | undefined {
  if (typeof path !== 'string' || path === '') {
    r.problems.push({ file: manifest, message: `${what} is not a file name` });
    return undefined;
  }
  const full = resolve(dir, path);
  const up = relative(r.root, full);
  if (isAbsolute(path) || up === '..' || up.startsWith(`..${sep}`) || isAbsolute(up)) {
    r.problems.push({ file: manifest, message: `${what} ${quote(path, 100)} is outside the assembly` });
    return undefined;
  }
  return full;
}

const stringRecord = (v: unknown): Record<string, string> =>
  isObject(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

function addStack(
  r: Reading,
  template: unknown,
  name: string,
  file: string,
  tags: Record<string, string>,
  environment?: unknown,
) {
  if (r.budget.stacks >= INPUT_LIMITS.assemblyStacks) {
    r.problems.push({
      file: rel(r, file),
      stack: name,
      message: `more than ${formatLimit(INPUT_LIMITS.assemblyStacks)} stacks in the assembly (the limit): not read`,
    });
    return;
  }
  r.budget.stacks++;
  const stack = readTemplate(template, name, rel(r, file), tags, r.problems, r.budget);
  if (stack) r.out.push(typeof environment === 'string' ? { ...stack, environment } : stack);
}

/** Whether the template at `file` is read for the first time (each file is read once, whatever names it). */
function firstRead(r: Reading, file: string): boolean {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    real = file; // missing: reading reports it
  }
  if (r.seen.has(real)) return false;
  r.seen.add(real);
  return true;
}

function readAssemblyDir(r: Reading, dir: string, depth: number): void {
  const manifestFile = join(dir, 'manifest.json');
  const where = rel(r, manifestFile);
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    r.problems.push({ file: rel(r, dir), message: 'the nested assembly does not exist' });
    return;
  }
  if (r.dirs.has(real)) {
    r.problems.push({
      file: where,
      message: 'a nested assembly points back at an assembly already read (a cycle): skipped',
    });
    return;
  }
  if (depth > INPUT_LIMITS.assemblyDepth) {
    r.problems.push({
      file: where,
      message: `nested assemblies go more than ${INPUT_LIMITS.assemblyDepth} deep (the limit)`,
    });
    return;
  }
  r.dirs.add(real);
  const manifest = readJson(r, manifestFile);
  if (manifest === undefined) return;
  if (!isObject(manifest) || (manifest.artifacts !== undefined && !isObject(manifest.artifacts))) {
    r.problems.push({
      file: where,
      message: 'not a cloud assembly manifest (expected an object with an "artifacts" object)',
    });
    return;
  }
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    const name = printable(id, 200);
    if (!isObject(artifact)) {
      r.problems.push({ file: where, message: `artifact ${quote(id, 100)} is not an object` });
      continue;
    }
    const props = isObject(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly') {
      const nested = inside(r, dir, props.directoryName, `artifact ${quote(id, 100)}: directoryName`, where);
      if (nested) readAssemblyDir(r, nested, depth + 1);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const stackName = typeof props.stackName === 'string' ? printable(props.stackName, 200) : name;
    const file = inside(r, dir, props.templateFile, `stack ${quote(stackName, 100)}: templateFile`, where);
    if (!file) continue;
    if (!firstRead(r, file)) {
      r.problems.push({
        file: rel(r, file),
        stack: stackName,
        message: 'is named by more than one stack of the manifest: read once',
      });
      continue;
    }
    const template = readJson(r, file, stackName);
    if (template === undefined) continue;
    addStack(r, template, stackName, file, stringRecord(props.tags), artifact.environment);
  }
  // Nested stack templates are files beside the manifest that no artifact lists.
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.nested.template.json')) continue;
    const file = join(dir, f);
    const stackName = printable(f.replace(/\.nested\.template\.json$/, ''), 200);
    if (!firstRead(r, file)) continue;
    const template = readJson(r, file, stackName);
    if (template !== undefined) addStack(r, template, stackName, file, {});
  }
}

/**
 * Reads a cloud assembly directory (with `manifest.json`), a directory of `*.template.json` files, or a single
 * template file.
 */
export function readCloudAssembly(path: string): AssemblyRead {
  const r: Reading = {
    root: resolve(path),
    problems: [],
    out: [],
    seen: new Set(),
    dirs: new Set(),
    budget: new ReadBudget(),
  };
  const result = (): AssemblyRead => ({ root: path, stacks: r.out, problems: r.problems });
  if (!existsSync(path)) {
    r.problems.push({ file: path, message: 'does not exist (run `npx cdk synth` first?)' });
    return result();
  }
  if (statSync(path).isFile()) {
    const template = readJson(r, r.root);
    const name = printable(basename(path).replace(/\.template\.json$|\.json$/, ''), 200);
    if (template !== undefined) addStack(r, template, name, r.root, {});
    return result();
  }
  if (existsSync(join(path, 'manifest.json'))) {
    readAssemblyDir(r, r.root, 0);
  } else {
    const files = readdirSync(path)
      .filter((f) => f.endsWith('.template.json'))
      .sort();
    if (files.length === 0)
      r.problems.push({
        file: path,
        message: 'no manifest.json and no *.template.json: is this a cdk.out folder?',
      });
    for (const f of files) {
      const name = printable(f.replace(/\.template\.json$/, ''), 200);
      const template = readJson(r, join(r.root, f), name);
      if (template !== undefined) addStack(r, template, name, join(r.root, f), {});
    }
  }
  if (r.out.length === 0 && r.problems.length === 0)
    r.problems.push({ file: path, message: 'the assembly has no stacks' });
  return result();
}
