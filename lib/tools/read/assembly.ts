/**
 * Reads every template of a cloud assembly (`cdk.out`): top-level stacks from `manifest.json`, stages' nested
 * assemblies, and nested stack templates. Works on any CDK app's output, and on a folder of plain templates.
 * Malformed input becomes a problem in the result plus a partial read, never an exception.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { readAlarmResource, telemetryMetadataOf, type ReadAlarm } from './alarm-reader';
import type { CfnTemplateLike } from './intrinsics';

export interface StackRead {
  readonly stackName: string;
  /** Path of the template, relative to the assembly root. */
  readonly templateFile: string;
  readonly tags: Readonly<Record<string, string>>;
  /** `aws://account/region` from the manifest (`unknown-account/unknown-region` when environment-agnostic). */
  readonly environment?: string;
  readonly alarms: readonly ReadAlarm[];
  readonly template: CfnTemplateLike;
}

export interface ReadProblem {
  readonly file: string;
  readonly message: string;
}

export interface AssemblyRead {
  readonly root: string;
  readonly stacks: readonly StackRead[];
  readonly problems: readonly ReadProblem[];
}

interface ManifestArtifact {
  type?: string;
  environment?: string;
  displayName?: string;
  properties?: {
    templateFile?: string;
    stackName?: string;
    tags?: Record<string, string>;
    directoryName?: string;
  };
}

function readJson(file: string, problems: ReadProblem[], root: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why =
      e instanceof SyntaxError
        ? `not JSON (${e.message})`
        : `cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`;
    problems.push({ file: relative(root, file) || basename(file), message: why });
    return undefined;
  }
}

/** Reads one template object; exported for tools that get templates from elsewhere. */
export function readTemplate(
  template: unknown,
  stackName: string,
  templateFile: string,
  tags: Record<string, string>,
  problems: ReadProblem[],
): StackRead | undefined {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    problems.push({ file: templateFile, message: 'not a CloudFormation template (expected a JSON object)' });
    return undefined;
  }
  const t = template as CfnTemplateLike;
  if (t.Resources === undefined || typeof t.Resources !== 'object') {
    problems.push({ file: templateFile, message: 'no Resources section' });
    return { stackName, templateFile, tags, alarms: [], template: t };
  }
  const alarms: ReadAlarm[] = [];
  const telemetry = telemetryMetadataOf(t);
  for (const [logicalId, resource] of Object.entries(t.Resources)) {
    if (resource === null || typeof resource !== 'object') {
      problems.push({ file: templateFile, message: `${logicalId}: not a resource object` });
      continue;
    }
    try {
      const alarm = readAlarmResource(logicalId, resource, t, stackName, telemetry);
      if (alarm) alarms.push(alarm);
    } catch (e) {
      problems.push({
        file: templateFile,
        message: `${logicalId}: could not be read (${(e as Error).message})`,
      });
    }
  }
  return { stackName, templateFile, tags, alarms, template: t };
}

function readAssemblyDir(
  root: string,
  dir: string,
  problems: ReadProblem[],
  out: StackRead[],
  seen: Set<string>,
) {
  const manifestFile = join(dir, 'manifest.json');
  const manifest = readJson(manifestFile, problems, root) as
    { artifacts?: Record<string, ManifestArtifact> } | undefined;
  if (!manifest) return;
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      readAssemblyDir(root, join(dir, artifact.properties.directoryName), problems, out, seen);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const file = join(dir, artifact.properties.templateFile);
    seen.add(file);
    const template = readJson(file, problems, root);
    if (template === undefined) continue;
    const stackName = artifact.properties.stackName ?? id;
    const stack = readTemplate(
      template,
      stackName,
      relative(root, file),
      artifact.properties.tags ?? {},
      problems,
    );
    if (stack) out.push(artifact.environment ? { ...stack, environment: artifact.environment } : stack);
  }
  // Nested stack templates are files beside the manifest that no artifact lists.
  for (const f of readdirSync(dir).sort()) {
    const file = join(dir, f);
    if (!f.endsWith('.nested.template.json') || seen.has(file)) continue;
    seen.add(file);
    const template = readJson(file, problems, root);
    if (template === undefined) continue;
    const stack = readTemplate(
      template,
      f.replace(/\.nested\.template\.json$/, ''),
      relative(root, file),
      {},
      problems,
    );
    if (stack) out.push(stack);
  }
}

/**
 * Reads a cloud assembly directory (with `manifest.json`), a directory of `*.template.json` files, or a single
 * template file.
 */
export function readCloudAssembly(path: string): AssemblyRead {
  const problems: ReadProblem[] = [];
  const stacks: StackRead[] = [];
  if (!existsSync(path)) {
    return {
      root: path,
      stacks,
      problems: [{ file: path, message: 'does not exist (run `npx cdk synth` first?)' }],
    };
  }
  if (statSync(path).isFile()) {
    const template = readJson(path, problems, path);
    if (template !== undefined) {
      const stack = readTemplate(
        template,
        basename(path).replace(/\.template\.json$|\.json$/, ''),
        basename(path),
        {},
        problems,
      );
      if (stack) stacks.push(stack);
    }
    return { root: path, stacks, problems };
  }
  if (existsSync(join(path, 'manifest.json'))) {
    readAssemblyDir(path, path, problems, stacks, new Set());
  } else {
    const files = readdirSync(path)
      .filter((f) => f.endsWith('.template.json'))
      .sort();
    if (files.length === 0)
      problems.push({
        file: path,
        message: 'no manifest.json and no *.template.json: is this a cdk.out folder?',
      });
    for (const f of files) {
      const template = readJson(join(path, f), problems, path);
      if (template === undefined) continue;
      const stack = readTemplate(template, f.replace(/\.template\.json$/, ''), f, {}, problems);
      if (stack) stacks.push(stack);
    }
  }
  if (stacks.length === 0 && problems.length === 0)
    problems.push({ file: path, message: 'the assembly has no stacks' });
  return { root: path, stacks, problems };
}
