/** `cdk-telemetry cost`: a monthly cost estimate of what the templates create. */
import type { Command } from 'commander';
import { costDoc } from '../../cost/cost-doc';
import { estimateCost } from '../../cost/estimate';
import { endIfPartial, readAssembly, type AssemblyOptions } from '../assembly-option';
import { defineCommand } from '../builders';
import type { CliIo } from '../io';
import { columnsFor, usageOption, writeReport, type OutputOptions } from '../output';
import { wrapText } from '../table';

interface CostOptions extends AssemblyOptions, OutputOptions {
  readonly usage?: string;
  readonly set: string[];
}

export function registerCost(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'cost',
    description:
      'Estimate the monthly cost (USD) of what the templates create: alarms, composites, dashboards, X-Ray, CloudTrail, log groups, Grafana, KMS; per stack and service, with the assumptions.',
    assembly: true,
    formats: ['table', 'md', 'json', 'html'],
  })
    .option(
      '--usage <file>',
      'YAML or JSON usage: xray.requestsPerMonth, logs.groups.<name>, grafana.editors, ...',
    )
    .option(
      '--set <path=value>',
      'one usage value, e.g. logs.defaultGbPerMonth=2 (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .addHelpText(
      'after',
      // Wrapped as commander wraps the help above it (80 columns, less on a narrower terminal).
      () =>
        '\n' +
        wrapText(
          'Usage keys and defaults: freeTier=true, xray.requestsPerMonth=1000000, cloudtrail.firstTrail=true, cloudtrail.managementEventsPerMonth=1000000, cloudtrail.dataEventsPerMonth=1000000, logs.defaultGbPerMonth=0, logs.groups.<name or logical id>=<GB a month>, grafana.editors=1, grafana.viewers=0.',
          Math.min(80, columnsFor(io)),
        ).join('\n'),
    )
    .action(async (opts: CostOptions) => {
      const usage = await usageOption(opts.usage, opts.set);
      const read = readAssembly(opts.app, io);
      const cost = estimateCost(read, usage);
      writeReport(
        io,
        opts,
        () => costDoc(cost, read.root),
        () => ({ root: read.root, ...cost }),
      );
      endIfPartial([{ read }], 'cost estimate', opts.allowPartial);
    });
}
