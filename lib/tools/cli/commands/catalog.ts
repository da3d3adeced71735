/**
 * `cdk-telemetry catalog`: the recommended-alarm rows of every kind (table, Markdown, HTML or structured JSON), and
 * (`--coverage`) how they cover AWS's list of recommended alarms, by section. The kinds are loaded when the command
 * runs, not when the CLI starts.
 */
import type { Command } from 'commander';
import type { KindCatalog } from '../../../model/kinds';
import { defineCommand } from '../builders';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { tableDoc, writeReport, type OutputOptions } from '../output';

/**
 * The allowed kinds in words, within one error line: all of them while they fit, else those sharing the input's
 * first three letters (or the first few) and how to list every one.
 */
export function allowedKinds(input: string, kinds: readonly string[]): string {
  const all = kinds.join(', ');
  if (all.length <= 600) return `allowed: ${all}`;
  const stem = input.slice(0, 3).toLowerCase();
  const near = kinds.filter((k) => k.toLowerCase().startsWith(stem));
  const shown = (near.length ? near : kinds).slice(0, 12);
  return `allowed: ${shown.join(', ')}, … ${kinds.length} kinds in all: \`cdk-telemetry catalog --format json\` lists them`;
}

async function listRows(io: CliIo, kindOption: string | undefined, opts: OutputOptions) {
  const { CATALOG, RESOURCE_KINDS, isResourceKind, rowMetricShape } = await import('../../../model/kinds');
  const { COMPARISON_SYMBOL } = await import('../../../model/alarm-spec');
  if (kindOption !== undefined && !isResourceKind(kindOption)) {
    throw new UsageError(
      `--kind "${kindOption.slice(0, 40)}" is not a kind (${allowedKinds(kindOption, RESOURCE_KINDS)})`,
    );
  }
  const kinds = kindOption !== undefined && isResourceKind(kindOption) ? [kindOption] : RESOURCE_KINDS;
  const tables: KindCatalog[] = kinds.map((k) => CATALOG[k]);
  const structured = () =>
    tables.flatMap((t) =>
      t.rows.map((r) => {
        const shape = rowMetricShape(t, r);
        const fixed = r.fixedDimensions ?? {};
        const metric = r.metric.type === 'metric' ? r.metric : r.metric.numerator;
        return {
          kind: t.kind,
          id: r.id,
          signal: r.signal,
          namespace: shape.namespace,
          metricName: metric.metricName,
          dimensions: shape.dimensions.map((d) => (d in fixed ? `${d}=${fixed[d]}` : d)),
          statistic: metric.stat,
          ...(r.metric.type === 'rate'
            ? {
                rate: {
                  expression: `IF(requests >= minRequests, 100 * FILL(errors, 0) / requests, 0)`,
                  denominator: {
                    metricName: r.metric.denominator.metricName,
                    statistic: r.metric.denominator.stat,
                  },
                  minRequestsParam: r.metric.minRequestsParam,
                  minRequestsDefault: t.params[r.metric.minRequestsParam]?.default,
                },
              }
            : {}),
          period: r.period,
          datapoints: r.datapoints[0],
          evaluationPeriods: r.datapoints[1],
          comparison: r.comparison,
          threshold:
            typeof r.threshold === 'number'
              ? r.threshold
              : {
                  param: r.threshold.param,
                  factor: r.threshold.factor ?? 1,
                  default: t.params[r.threshold.param]?.default,
                },
          unit: r.unit,
          missing: r.missing,
          severity: r.severity,
          enabled: r.enabled,
          source: r.source,
          awsEntry: r.implements ?? null,
          differs: r.differs ?? [],
          ...(r.why ? { why: r.why } : {}),
        };
      }),
    );
  const rows = tables.flatMap((t) =>
    t.rows.map((r) => ({
      kind: t.kind,
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
    () =>
      tableDoc('Recommended alarms', rows, `${rows.length} alarms of ${kinds.length} kinds`, [
        'source',
        'missing',
        'enabled',
        'window',
      ]),
    structured,
  );
}

async function printCoverage(io: CliIo, opts: OutputOptions) {
  const { coverage, coverageBySection } = await import('../../../model/coverage');
  const statuses = coverage();
  const sections = coverageBySection(statuses);
  const count = (s: string) => statuses.filter((x) => x.status === s).length;
  const total = {
    entries: statuses.length,
    implemented: count('implemented'),
    onByDefault: sections.reduce((n, s) => n + s.onByDefault, 0),
    excluded: count('excluded'),
    planned: count('planned'),
    missing: count('missing'),
  };
  const entries = () =>
    statuses.map((s) => ({
      id: s.entry.id,
      section: s.entry.section,
      status: s.status,
      ...(s.status === 'implemented'
        ? { kind: s.by.kind, row: s.by.row.id, enabled: s.by.row.enabled, differs: s.by.differs }
        : {}),
      ...(s.status === 'excluded' ? { reason: s.reason } : {}),
      ...(s.status === 'planned' ? { plannedKind: s.kind, ...(s.needs ? { needs: s.needs } : {}) } : {}),
    }));
  const rows = [...sections, { section: 'Total', ...total }].map((s) => ({
    section: s.section,
    entries: s.entries,
    implemented: s.implemented,
    'on by default': s.onByDefault,
    excluded: s.excluded,
    planned: s.planned,
    missing: s.missing,
  }));
  writeReport(
    io,
    opts,
    () =>
      tableDoc(
        "Coverage of AWS's recommended alarms (CloudWatch User Guide)",
        rows,
        `${total.entries} entries, ${total.implemented} implemented (${total.onByDefault} on by default), ${total.excluded} excluded, ${total.planned} planned, ${total.missing} missing`,
      ),
    () => ({ total, sections, entries: entries() }),
  );
}

export function registerCatalog(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'catalog',
    description:
      "List the recommended alarms per resource kind (metric, statistic, threshold, M of N, source), or how they cover AWS's list (--coverage).",
    formats: ['table', 'md', 'json', 'html'],
  })
    .option('--kind <kind>', 'only one resource kind (run without it for the list)')
    .option('--coverage', "coverage of AWS's recommended alarms, by section")
    .action(async (opts: OutputOptions & { kind?: string; coverage?: boolean }) => {
      if (opts.coverage) {
        if (opts.kind !== undefined) throw new UsageError('--coverage lists every kind: leave out --kind');
        await printCoverage(io, opts);
        return;
      }
      await listRows(io, opts.kind, opts);
    });
}
