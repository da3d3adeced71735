/** `cdk-telemetry review`: every alarm of a cloud assembly, in words, with findings. */
import { Option, type Command } from 'commander';
import { estimateCost } from '../../cost/estimate';
import { reviewAssembly } from '../../review/review';
import { reviewDoc } from '../../review/review-doc';
import { RULES } from '../../review/rules';
import { endIfPartial, readAssembly, type AssemblyOptions } from '../assembly-option';
import { defineCommand } from '../builders';
import { EXIT, UsageError } from '../errors';
import type { CliIo } from '../io';
import { tableDoc, usageOption, writeReport, type OutputOptions } from '../output';

interface ReviewOptions extends AssemblyOptions, OutputOptions {
  readonly strict?: boolean;
  readonly ignore: string[];
  readonly usage?: string;
  readonly rules?: boolean;
}

const collect = (value: string, previous: string[]) => [
  ...previous,
  ...value.split(',').map((v) => v.trim()),
];

export function registerReview(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'review',
    description:
      'Read every alarm of a cloud assembly (any CDK app) back into words: condition, missing data, severity, actions, composite rules; flag what a reviewer should see.',
    assembly: true,
    formats: ['table', 'md', 'json', 'html'],
  })
    .option('--strict', 'exit 1 on any finding or unreadable template')
    .addOption(
      new Option('--ignore <rules>', 'skip these rules (comma-separated, repeatable)')
        .argParser(collect)
        .default([], 'none'),
    )
    .option('--usage <file>', 'usage assumptions for the cost figure (see `cost --help`)')
    .option('--rules', 'list the rules and exit')
    .action(async (opts: ReviewOptions) => {
      if (opts.rules) {
        const rows = RULES.map((r) => ({ rule: r.id, level: r.level, flags: r.title, advice: r.advice }));
        writeReport(
          io,
          opts,
          () => tableDoc('Review rules', rows),
          () => rows,
        );
        return;
      }
      const known = new Set(RULES.map((r) => r.id));
      const unknown = opts.ignore.filter((id) => !known.has(id));
      if (unknown.length)
        throw new UsageError(
          `--ignore "${unknown.join(', ')}" is not a rule (allowed: ${[...known].join(', ')})`,
        );
      const usage = await usageOption(opts.usage);
      const read = readAssembly(opts.app, io);
      const review = reviewAssembly(read, { ignore: opts.ignore });
      const cost = estimateCost(read, usage);
      writeReport(
        io,
        opts,
        () => reviewDoc(review, { cost }),
        () => ({
          root: review.root,
          summary: review.summary,
          cost: {
            total: cost.total,
            subtotal: cost.subtotal,
            byStack: cost.byStack,
            byService: cost.byService,
          },
          problems: review.problems,
          findings: review.findings,
          maintenance: review.maintenance,
          alarms: review.alarms.map(({ findings: _f, ...a }) => a),
        }),
      );
      endIfPartial([{ read }], 'review', opts.allowPartial);
      if (opts.strict && (review.findings.length > 0 || review.problems.length > 0))
        process.exitCode = EXIT.FOUND;
    });
}
