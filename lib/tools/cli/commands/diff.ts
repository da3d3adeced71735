/** `cdk-telemetry diff <base>`: alarms added, removed and changed from a base assembly to `--app`. */
import type { Command } from 'commander';
import { diffAssemblies, hasChanges } from '../../diff/diff';
import { diffDoc } from '../../diff/diff-doc';
import { endIfPartial, readAssembly, type AssemblyOptions } from '../assembly-option';
import { defineCommand } from '../builders';
import { EXIT } from '../errors';
import type { CliIo } from '../io';
import { writeReport, type OutputOptions } from '../output';

export function registerDiff(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'diff',
    description:
      'Compare the alarms of the assembly (--app) with those of a base assembly, field by field. Exit 1 when anything changed, 0 when not.',
    assembly: true,
    formats: ['table', 'md', 'json', 'html'],
  })
    .argument('<base>', 'the assembly before the change (e.g. main.cdk.out, synthesized on the base branch)')
    .action((base: string, opts: AssemblyOptions & OutputOptions) => {
      const before = readAssembly(base, io, '<base>');
      const after = readAssembly(opts.app, io);
      const diff = diffAssemblies(before, after);
      writeReport(
        io,
        opts,
        () => diffDoc(diff),
        () => diff,
      );
      process.exitCode = hasChanges(diff) ? EXIT.FOUND : EXIT.OK;
      endIfPartial(
        [
          { read: before, label: '<base>' },
          { read: after, label: '--app' },
        ],
        'diff',
        opts.allowPartial,
      );
    });
}
