/** `cdk-telemetry diff <old> <new>`: alarms added, removed and changed between two cloud assemblies. */
import type { Command } from 'commander';
import { diffAssemblies, hasChanges } from '../../diff/diff';
import { diffDoc } from '../../diff/diff-doc';
import { readAssemblyOrFail, withOutputOptions, writeReport, type OutputOptions } from '../output';
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
  ).action((oldDir: string, newDir: string, opts: OutputOptions) => {
    const diff = diffAssemblies(
      readAssemblyOrFail(oldDir, io, 'old: '),
      readAssemblyOrFail(newDir, io, 'new: '),
    );
    writeReport(
      io,
      opts,
      () => diffDoc(diff),
      () => diff,
    );
    process.exitCode = hasChanges(diff) ? EXIT.FOUND : EXIT.OK;
  });
}
