/**
 * Coverage of AWS's recommended alarms by the kinds' rows: for each entry, the row that implements it (and the
 * fields in which the row differs from the entry), or why none does. Pure data in, data out; the catalog command
 * prints it and a test keeps it complete.
 */
import {
  AWS_RECOMMENDED_ALARMS,
  EXCLUDED,
  PLANNED,
  type AwsRecommendedAlarm,
} from './aws-recommended-alarms';
import {
  CATALOG,
  RESOURCE_KINDS,
  rowMetricShape,
  thresholdOf,
  type CatalogRow,
  type EntryField,
  type KindCatalog,
} from './kinds';

/** A row that implements an entry, with where it differs. */
export interface Implementation {
  /** The kind whose table holds the row. */
  readonly kind: string;
  /** The row. */
  readonly row: CatalogRow;
  /** Fields that differ from the entry, computed from the row. */
  readonly differs: readonly EntryField[];
}

/**
 * What cdk-telemetry does with one AWS recommended alarm: implements it (by which row), excludes it (and why), plans
 * it, or misses it.
 */
export type EntryStatus =
  | { readonly status: 'implemented'; readonly entry: AwsRecommendedAlarm; readonly by: Implementation }
  | { readonly status: 'excluded'; readonly entry: AwsRecommendedAlarm; readonly reason: string }
  | {
      readonly status: 'planned';
      readonly entry: AwsRecommendedAlarm;
      readonly kind: string;
      readonly needs?: string;
    }
  | { readonly status: 'missing'; readonly entry: AwsRecommendedAlarm };

/** The threshold a row uses by default: its number, or its parameter's default times the factor. */
export function defaultThreshold(table: KindCatalog, row: CatalogRow): number | undefined {
  return thresholdOf(row.threshold, (name) => table.params[name]?.default);
}

/** The fields in which a row differs from an entry (where AWS says "depends", any threshold matches). */
export function entryDifferences(
  entry: AwsRecommendedAlarm,
  table: KindCatalog,
  row: CatalogRow,
): EntryField[] {
  const shape = rowMetricShape(table, row);
  const fixed = row.fixedDimensions ?? {};
  const rowDims = shape.dimensions.map((d) => (d in fixed ? `${d}=${fixed[d]}` : d)).sort();
  const metric = row.metric.type === 'metric' ? row.metric : row.metric.numerator;
  const threshold = defaultThreshold(table, row);
  const out: EntryField[] = [];
  if (shape.namespace !== entry.namespace) out.push('namespace');
  if (metric.metricName !== entry.metricName) out.push('metric');
  if (rowDims.join(',') !== [...entry.dimensions].sort().join(',')) out.push('dimensions');
  if (row.metric.type !== 'metric' || metric.stat !== entry.statistic) out.push('statistic');
  if (entry.threshold !== 'depends' && threshold !== entry.threshold) out.push('threshold');
  if (row.period !== entry.period) out.push('period');
  if (row.datapoints[0] !== entry.datapoints[0] || row.datapoints[1] !== entry.datapoints[1])
    out.push('datapoints');
  if (row.comparison !== entry.comparison) out.push('comparison');
  return out;
}

/** Every row that claims an entry, by entry id. */
export function implementations(): Map<string, Implementation[]> {
  const byEntry = new Map<string, Implementation[]>();
  const entries = new Map(AWS_RECOMMENDED_ALARMS.map((e) => [e.id, e]));
  for (const kind of RESOURCE_KINDS) {
    const table: KindCatalog = CATALOG[kind];
    for (const row of table.rows) {
      if (!row.implements) continue;
      const entry = entries.get(row.implements);
      const list = byEntry.get(row.implements) ?? [];
      list.push({ kind, row, differs: entry ? entryDifferences(entry, table, row) : [] });
      byEntry.set(row.implements, list);
    }
  }
  return byEntry;
}

/** The status of every entry, in the page's order. */
export function coverage(): EntryStatus[] {
  const impl = implementations();
  return AWS_RECOMMENDED_ALARMS.map((entry): EntryStatus => {
    const by = impl.get(entry.id)?.[0];
    if (by) return { status: 'implemented', entry, by };
    if (Object.hasOwn(EXCLUDED, entry.id)) return { status: 'excluded', entry, reason: EXCLUDED[entry.id] };
    if (Object.hasOwn(PLANNED, entry.id)) return { status: 'planned', entry, ...PLANNED[entry.id] };
    return { status: 'missing', entry };
  });
}

/** Per section: entries, implemented (of which on by default), excluded, planned, missing. */
export interface SectionCoverage {
  /** The section of AWS's recommended-alarms page (a service, e.g. `Lambda`). */
  readonly section: string;
  /** Entries AWS recommends in the section. */
  readonly entries: number;
  /** Entries a catalog row implements. */
  readonly implemented: number;
  /** Implemented entries whose row is on by default. */
  readonly onByDefault: number;
  /** Entries excluded, each with a reason. */
  readonly excluded: number;
  /** Entries planned for a later kind. */
  readonly planned: number;
  /** Entries neither implemented, excluded nor planned. */
  readonly missing: number;
}

/** Coverage of AWS's recommended alarms, per section of their page, in page order. */
export function coverageBySection(statuses: readonly EntryStatus[] = coverage()): SectionCoverage[] {
  const out = new Map<string, { -readonly [K in keyof SectionCoverage]: SectionCoverage[K] }>();
  for (const s of statuses) {
    const name = s.entry.section;
    const c = out.get(name) ?? {
      section: name,
      entries: 0,
      implemented: 0,
      onByDefault: 0,
      excluded: 0,
      planned: 0,
      missing: 0,
    };
    out.set(name, c);
    c.entries++;
    c[s.status]++;
    if (s.status === 'implemented' && s.by.row.enabled) c.onByDefault++;
  }
  return [...out.values()];
}
