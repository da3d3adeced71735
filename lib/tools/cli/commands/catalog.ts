/** `cdk-telemetry catalog`: the recommended-alarm catalog, as a table, Markdown or JSON. */
import type { Command } from 'commander';
import { CATALOG, type ResourceKind } from '../../../model/catalog';
import { COMPARISON_SYMBOL } from '../../../model/alarm-spec';
import { choice } from '../options';
import { UsageError, type CliIo } from '../program';
import { renderTable } from '../table';

export function registerCatalog(program: Command, io: CliIo): void {
  program
    .command('catalog')
    .description(
      'List the recommended alarms per resource kind: metric, statistic, threshold, M of N, source.',
    )
    .option('--kind <kind>', `only one kind (${Object.keys(CATALOG).join(', ')})`)
    .option('--format <format>', 'table, md or json', 'table')
    .action((opts: { kind?: string; format: string }) => {
      if (opts.kind && !(opts.kind in CATALOG)) {
        throw new UsageError(
          `--kind "${opts.kind}" is not a kind (allowed: ${Object.keys(CATALOG).join(', ')})`,
        );
      }
      const format = choice('--format', opts.format, ['table', 'md', 'json'] as const);
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
      io.out(
        (format === 'json'
          ? JSON.stringify(rows, null, 2)
          : renderTable(rows, format === 'md' ? 'md' : 'text')) + '\n',
      );
    });
}
