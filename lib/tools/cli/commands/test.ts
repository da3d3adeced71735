/** `cdk-telemetry test`: promtool-style unit tests for alarms (see `lib/tools/alarm-test/format.ts`). */
import type { Command } from 'commander';
import { junitXml } from '../../alarm-test/junit';
import type * as AlarmTestRun from '../../alarm-test/run';
import type { CaseResult } from '../../alarm-test/run';
import type { AssemblyRead } from '../../read/assembly';
import { endIfPartial, warnProblems } from '../assembly-option';
import { defineCommand, fileOption } from '../builders';
import { EXIT, UsageError } from '../errors';
import type { CliIo } from '../io';
import { asUsageError } from '../options';
import { writeOptionFile, writeOutput, type OutputOptions } from '../output';

interface TestOptions extends OutputOptions {
  app?: string;
  run?: string;
  junit?: string;
  allowPartial?: boolean;
}

function report(results: readonly CaseResult[]): string {
  const out: string[] = [];
  let file = '';
  for (const r of results) {
    if (r.file !== file) out.push((file = r.file));
    out.push(`  ${r.failures.length ? 'FAIL' : 'ok  '} ${r.name}`);
    for (const f of r.failures) out.push(f.replace(/^/gm, '         '));
  }
  const failed = results.filter((r) => r.failures.length).length;
  out.push('', `${results.length - failed} passed, ${failed} failed`);
  return out.join('\n');
}

export function registerTest(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'test',
    description:
      'Run alarm unit tests: input series in YAML, expected alarm states at given times (like promtool test rules).',
    assembly: 'per-file',
    formats: ['table', 'json'],
  })
    .argument('<files...>', 'test files (YAML)')
    .option('--run <regex>', 'only the tests whose name matches')
    .addOption(fileOption('--junit <file>', 'also write JUnit XML to this file'))
    .action((files: string[], opts: TestOptions) => {
      let filter: RegExp | undefined;
      try {
        filter = opts.run ? new RegExp(opts.run) : undefined;
      } catch (e) {
        throw new UsageError(`--run: ${(e as Error).message}`);
      }
      // Loaded on use: the test runner brings YAML and zod, which the other commands do not need at start.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a fast start
      const { runAlarmTestFiles } = require('../../alarm-test/run') as typeof AlarmTestRun;
      let results: CaseResult[];
      const reads: AssemblyRead[] = [];
      try {
        results = runAlarmTestFiles(files, {
          ...(opts.app ? { app: opts.app } : {}),
          ...(filter ? { filter } : {}),
          onRead: (read) => {
            reads.push(read);
            warnProblems(io, read.problems, `${read.root}: `);
          },
        });
      } catch (e) {
        throw asUsageError(e);
      }
      if (results.length === 0)
        throw new UsageError(opts.run ? `--run "${opts.run}" matches no test` : 'no tests found');
      writeOutput(io, opts, opts.format === 'json' ? JSON.stringify(results, null, 2) : report(results));
      if (opts.junit) writeOptionFile('--junit', opts.junit, junitXml(results));
      endIfPartial(
        reads.map((read) => ({ read })),
        'set of alarms under test',
        opts.allowPartial,
      );
      if (results.some((r) => r.failures.length)) process.exitCode = EXIT.FOUND;
    });
}
