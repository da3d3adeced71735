/**
 * Fuzz target: cloud assemblies. Mutants of the seed assembly's manifest and layout (artifacts of the wrong
 * shape, nested assemblies that point at themselves, missing and truncated templates, templates that are not
 * objects), read by every command that reads an assembly.
 */
import type { FuzzTarget, Rng } from '../harness';
import {
  assemblyFiles,
  clone,
  mutateAt,
  mutateText,
  pathsOf,
  seedAssembly,
  toJson,
  type CliCase,
  CLI_TARGET,
  size,
} from './cli-common';
import { HISTORY_SEED_JSON } from './cli-history';

/** The commands that read an assembly at `{dir}/app`, with the options each needs. */
export function assemblyCommand(rng: Rng): { argv: string[]; files: Record<string, string> } {
  const format = rng.pick(['table', 'md', 'json', 'html']);
  switch (rng.int(0, 6)) {
    case 0:
    case 1:
      return { argv: ['review', '--app', '{dir}/app', '--format', format], files: {} };
    case 2:
      return {
        argv: rng.chance(0.5)
          ? ['diff', '{dir}/seed', '--app', '{dir}/app']
          : ['diff', '{dir}/app', '--app', '{dir}/seed'],
        files: assemblyFiles('seed'),
      };
    case 3:
      return { argv: ['cost', '--app', '{dir}/app', '--format', format], files: {} };
    case 4:
    case 5:
      return {
        argv: ['backtest', '--app', '{dir}/app', '--history', '{dir}/h.json', '--format', format],
        files: { 'h.json': HISTORY_SEED_JSON },
      };
    default:
      return {
        argv: ['test', '{dir}/t.yaml', '--app', '{dir}/app'],
        files: {
          't.yaml': `tests:\n  - name: t\n    input_series:\n      - { metric: 'AWS/Lambda Errors{FunctionName=sophie-list-tasks}', stat: Sum, values: 0x9 1x4 }\n    expect:\n      - { at: 12m, alarm: sophie-api-sophie-list-tasks-errors-warning, state: ALARM }\n`,
        },
      };
  }
}

function mutateAssembly(rng: Rng): { files: Record<string, string>; note: string } {
  const { manifest, templates } = clone(seedAssembly());
  const names = Object.keys(templates);
  switch (rng.int(0, 7)) {
    case 0:
    case 1:
    case 2: {
      // Structural edits of the manifest.
      const notes: string[] = [];
      for (let i = rng.int(1, 3); i > 0; i--) notes.push(mutateAt(rng, manifest, pathsOf(manifest)));
      return {
        files: assemblyFiles('app', toJson(rng, manifest), templates),
        note: `manifest: ${notes.join('; ')}`,
      };
    }
    case 3: {
      // A nested assembly: itself, its parent, a missing folder, or a real stage folder.
      const target = rng.pick(['.', './', '..', 'stage', 'missing', '../app', '/', 'stage/../stage']);
      const artifacts = manifest.artifacts as Record<string, unknown>;
      artifacts[`Stage${rng.int(0, 9)}`] = {
        type: 'cdk:cloud-assembly',
        properties: { directoryName: target },
      };
      const files = assemblyFiles('app', manifest, templates);
      if (target.startsWith('stage')) {
        const inner = clone(manifest);
        (inner.artifacts as Record<string, unknown>).Back = {
          type: 'cdk:cloud-assembly',
          properties: { directoryName: rng.pick(['..', '.', '../stage']) },
        };
        Object.assign(files, assemblyFiles('app/stage', inner, templates));
      }
      return { files, note: `nested assembly "${target}"` };
    }
    case 4: {
      // A template's text edited: truncated, flipped, duplicated.
      const f = rng.pick(names);
      const m = mutateText(rng, JSON.stringify(templates[f]));
      return {
        files: assemblyFiles('app', manifest, { ...templates, [f]: m.text }),
        note: `${f}: ${m.note}`,
      };
    }
    case 5: {
      // A template that is not an object, or has odd top-level sections.
      const f = rng.pick(names);
      const t = templates[f] as Record<string, unknown>;
      const notes = [mutateAt(rng, t, pathsOf(t, 40))];
      return {
        files: assemblyFiles('app', manifest, { ...templates, [f]: toJson(rng, t) }),
        note: `${f}: ${notes}`,
      };
    }
    case 6: {
      // A template the manifest names is missing, or the manifest's own text is edited.
      if (rng.chance(0.5)) {
        const f = rng.pick(names);
        const rest = { ...templates };
        delete rest[f];
        return { files: assemblyFiles('app', manifest, rest), note: `${f} missing` };
      }
      const m = mutateText(rng, JSON.stringify(manifest));
      return { files: assemblyFiles('app', m.text, templates), note: `manifest text: ${m.note}` };
    }
    default: {
      // Many artifacts naming the same template, or artifact entries of every odd value.
      const artifacts = manifest.artifacts as Record<string, unknown>;
      const n = size(rng, [1, 50, 2_000], 200);
      for (let i = 0; i < n; i++)
        artifacts[`X${i}`] = rng.pick([
          null,
          1,
          'x',
          [],
          { type: 'aws:cloudformation:stack' },
          { type: 'aws:cloudformation:stack', properties: { templateFile: rng.pick(names) } },
          {
            type: 'aws:cloudformation:stack',
            properties: { templateFile: rng.pick(['../../etc/passwd', '', '.', 'nope.json']) },
          },
        ]);
      return { files: assemblyFiles('app', manifest, templates), note: `${n} extra artifacts` };
    }
  }
}

export const cliAssemblyTarget: FuzzTarget<CliCase> = {
  name: 'cli-assembly',
  generate(rng) {
    const mutant = mutateAssembly(rng);
    const cmd = assemblyCommand(rng);
    return { files: { ...cmd.files, ...mutant.files }, argv: cmd.argv, note: mutant.note };
  },
  ...CLI_TARGET,
};
