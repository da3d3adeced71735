/** `cdk-telemetry cost [cdk.out]`: a monthly cost estimate of what the templates create. */
import type { Command } from 'commander';
import { costDoc } from '../../cost/cost-doc';
import { estimateCost } from '../../cost/estimate';
import {
  readAssemblyOrFail,
  usageOption,
  withOutputOptions,
  writeReport,
  type OutputOptions,
} from '../output';
import { endIfPartial } from '../assembly-option';
import { allowPartialOption } from '../options';
import type { CliIo } from '../program';

interface CostOptions extends OutputOptions {
  readonly allowPartial?: boolean;
  readonly usage?: string;
  readonly set: string[];
}

export function registerCost(program: Command, io: CliIo): void {
  withOutputOptions(
    program
      .command('cost')
      .description(
        'Estimate the monthly cost (USD) of what the templates create: alarms, composites, dashboards, X-Ray, CloudTrail, log groups, Grafana, KMS; per stack and service, with the assumptions.',
      )
      .argument('[cdk.out]', 'cloud assembly directory, folder of templates, or one template', 'cdk.out'),
  )
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
    .addOption(allowPartialOption())
    .addHelpText(
      'after',
      '\nUsage keys and defaults: freeTier=true, xray.requestsPerMonth=1000000, cloudtrail.firstTrail=true,\ncloudtrail.managementEventsPerMonth=1000000, cloudtrail.dataEventsPerMonth=1000000, logs.defaultGbPerMonth=0,\nlogs.groups.<name or logical id>=<GB a month>, grafana.editors=1, grafana.viewers=0.',
    )
    .action(async (dir: string, opts: CostOptions) => {
      const usage = await usageOption(opts.usage, opts.set);
      const read = readAssemblyOrFail(dir, io);
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
