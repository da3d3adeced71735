/** `cdk-telemetry diff <old> <new>`: alarms added, removed and changed between two cloud assemblies. */
import type { Command } from 'commander';
import { diffAssemblies, hasChanges } from '../../diff/diff';
import { diffDoc } from '../../diff/diff-doc';
import { readAssemblyOrFail, withOutputOptions, writeReport, type OutputOptions } from '../output';
import { endIfPartial } from '../assembly-option';
import { allowPartialOption } from '../options';
import { EXIT, type CliIo } from '../program';

export function registerDiff(program: Command, io: CliIo): void {
  withOutputOptions(
    program
      .command('diff')
      .description(
        'Compare the alarms of two cloud assemblies, field by field. Exit 1 when anything changed, 0 when not.',
      )
      .argument('<old>', 'the cloud assembly before (e.g. cdk.out of main)')
      .argument('<new>', 'the cloud assembly after'),
  )
    .addOption(allowPartialOption())
    .action((oldDir: string, newDir: string, opts: OutputOptions & { allowPartial?: boolean }) => {
      const before = readAssemblyOrFail(oldDir, io, 'old: ');
      const after = readAssemblyOrFail(newDir, io, 'new: ');
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
          { read: before, label: 'old: ' },
          { read: after, label: 'new: ' },
        ],
        'diff',
        opts.allowPartial,
      );
    });
}
