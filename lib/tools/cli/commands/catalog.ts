/** `cdk-telemetry catalog`: the recommended-alarm catalog, in every format. */
import type { Command } from 'commander';
import { CATALOG, type ResourceKind } from '../../../model/catalog';
import { COMPARISON_SYMBOL } from '../../../model/alarm-spec';
import { defineCommand } from '../builders';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { tableDoc, writeReport, type OutputOptions } from '../output';

export function registerCatalog(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'catalog',
    description:
      'List the recommended alarms per resource kind: metric, statistic, threshold, M of N, source.',
    formats: ['table', 'md', 'json', 'html'],
  })
    .option('--kind <kind>', `only one kind (${Object.keys(CATALOG).join(', ')})`)
    .action((opts: OutputOptions & { kind?: string }) => {
      if (opts.kind && !Object.hasOwn(CATALOG, opts.kind)) {
        throw new UsageError(
          `--kind "${opts.kind}" is not a kind (allowed: ${Object.keys(CATALOG).join(', ')})`,
        );
      }
      const kinds = (opts.kind ? [opts.kind] : Object.keys(CATALOG)) as ResourceKind[];
      const rows = kinds.flatMap((k) =>
        CATALOG[k].rows.map((r) => ({
          kind: k,
          id: r.id,
          metric: r.metric.type === 'metric' ? `${r.metric.stat} ${r.metric.metricName}` : r.metric.label,
          condition: `${COMPARISON_SYMBOL[r.comparison]} ${typeof r.threshold === 'number' ? r.threshold : `${r.threshold.factor ?? 1} x ${r.threshold.param}`}`,
          window: `${r.datapoints[0]}/${r.datapoints[1]} x ${r.period}s`,
          missing: r.missing,
          severity: r.severity,
          enabled: r.enabled ? 'on' : 'off',
          source: r.source,
        })),
      );
      writeReport(
        io,
        opts,
        () => tableDoc('Recommended alarms', rows, `${rows.length} alarms of ${kinds.length} kinds`),
        () => rows,
      );
    });
}
