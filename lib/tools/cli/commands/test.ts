/** `cdk-telemetry test`: promtool-style unit tests for alarms (see `lib/tools/alarm-test/format.ts`). */
import type { Command } from 'commander';
import { junitXml } from '../../alarm-test/junit';
import type * as AlarmTestRun from '../../alarm-test/run';
import type { CaseResult } from '../../alarm-test/run';
import type { AssemblyRead } from '../../read/assembly';
import { endIfPartial, warnProblems } from '../assembly-option';
import { allowPartialOption, asUsageError, choice, writeOptionFile } from '../options';
import { EXIT, UsageError, type CliIo } from '../program';

interface TestOptions {
  app?: string;
  run?: string;
  junit?: string;
  format: string;
  allowPartial?: boolean;
}

function report(results: readonly CaseResult[], io: CliIo): void {
  let file = '';
  for (const r of results) {
    if (r.file !== file) io.out(`${(file = r.file)}\n`);
    io.out(`  ${r.failures.length ? 'FAIL' : 'ok  '} ${r.name}\n`);
    for (const f of r.failures) io.out(`${f.replace(/^/gm, '         ')}\n`);
  }
  const failed = results.filter((r) => r.failures.length).length;
  io.out(`\n${results.length - failed} passed, ${failed} failed\n`);
}

export function registerTest(program: Command, io: CliIo): void {
  program
    .command('test')
    .description(
      'Run alarm unit tests: input series in YAML, expected alarm states at given times (like promtool test rules).',
    )
    .argument('<files...>', 'test files (YAML)')
    .option('--app <dir>', "cloud assembly to test (default: each file's assembly:)")
    .option('--run <regex>', 'only the tests whose name matches')
    .option('--junit <file>', 'also write JUnit XML')
    .option('--format <format>', 'text or json', 'text')
    .addOption(allowPartialOption())
    .action((files: string[], opts: TestOptions) => {
      const format = choice('--format', opts.format, ['text', 'json'] as const);
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
      if (format === 'json') io.out(JSON.stringify(results, null, 2) + '\n');
      else report(results, io);
      if (opts.junit) writeOptionFile('--junit', opts.junit, junitXml(results));
      if (results.length === 0)
        throw new UsageError(opts.run ? `--run "${opts.run}" matches no test` : 'no tests found');
      endIfPartial(
        reads.map((read) => ({ read })),
        'set of alarms under test',
        opts.allowPartial,
      );
      if (results.some((r) => r.failures.length)) process.exitCode = EXIT.FOUND;
    });
}
