/** `cdk-telemetry review [cdk.out]`: every alarm of a cloud assembly, in words, with findings. */
import type { Command } from 'commander';
import { estimateCost } from '../../cost/estimate';
import { reviewAssembly } from '../../review/review';
import { reviewDoc } from '../../review/review-doc';
import { RULES } from '../../review/rules';
import {
  readAssemblyOrFail,
  usageOption,
  withOutputOptions,
  writeReport,
  type OutputOptions,
} from '../output';
import { endIfPartial } from '../assembly-option';
import { allowPartialOption } from '../options';
import { EXIT, UsageError, type CliIo } from '../program';
import { renderTable } from '../table';

interface ReviewOptions extends OutputOptions {
  readonly strict?: boolean;
  readonly allowPartial?: boolean;
  readonly ignore: string[];
  readonly usage?: string;
  readonly rules?: boolean;
}

const collect = (value: string, previous: string[]) => [
  ...previous,
  ...value.split(',').map((v) => v.trim()),
];

export function registerReview(program: Command, io: CliIo): void {
  withOutputOptions(
    program
      .command('review')
      .description(
        'Read every alarm of a cloud assembly (any CDK app) back into words: condition, missing data, severity, actions, composite rules; flag what a reviewer should see.',
      )
      .argument('[cdk.out]', 'cloud assembly directory, folder of templates, or one template', 'cdk.out'),
  )
    .option('--strict', 'exit 1 on any finding or unreadable template')
    .option('--ignore <rules>', 'skip these rules (comma-separated, repeatable)', collect, [])
    .option('--usage <file>', 'usage assumptions for the cost figure (see `cost --help`)')
    .option('--rules', 'list the rules and exit')
    .addOption(allowPartialOption())
    .action(async (dir: string, opts: ReviewOptions) => {
      if (opts.rules) {
        const rows = RULES.map((r) => ({ rule: r.id, level: r.level, flags: r.title, advice: r.advice }));
        io.out(
          (opts.format === 'json'
            ? JSON.stringify(rows, null, 2)
            : renderTable(rows, opts.format === 'md' ? 'md' : 'text')) + '\n',
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
      const read = readAssemblyOrFail(dir, io);
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
          alarms: review.alarms.map(({ findings: _f, ...a }) => a),
        }),
      );
      endIfPartial([{ read }], 'review', opts.allowPartial);
      if (opts.strict && (review.findings.length > 0 || review.problems.length > 0))
        process.exitCode = EXIT.FOUND;
    });
}
