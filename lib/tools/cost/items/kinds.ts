/**
 * What the resource kinds bill besides their alarms (each kind file's `cost` items): per monitored resource found
 * in the alarms' labels. Items the telemetry's templates create are lines of the estimate; items AWS bills for what
 * the alarms need (detailed metrics a route budget reads, billed as custom metrics) are prerequisites, listed
 * beside the estimate and not in its total.
 */
import type * as Kinds from '../../../model/kinds';
import type { KindCatalog } from '../../../model/kinds';
import type { ReadAlarm } from '../../read/alarm-reader';
import { usd, type PriceTable } from '../prices';
import type { CostLine } from '../types';

/** Lines per kind cost item and service, split into the estimate's lines and prerequisites. */
export function kindLines(
  stack: string,
  alarms: ReadonlyArray<{ alarm: ReadAlarm; service: string }>,
  prices: PriceTable,
): { lines: CostLine[]; prerequisites: CostLine[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: the CLI starts without the kinds
  const { CATALOG, isResourceKind } = require('../../../model/kinds') as typeof Kinds;
  // Resources per service and kind, from the labels alarms carry (metadata, or read back from names).
  const resources = new Map<string, { service: string; table: KindCatalog; names: Set<string> }>();
  for (const { alarm, service } of alarms) {
    const l = alarm.spec.labels;
    if (!l || !isResourceKind(l.kind)) continue;
    const table: KindCatalog = CATALOG[l.kind];
    if (table.cost.length === 0) continue;
    const key = `${service}\u0000${l.kind}`;
    const r = resources.get(key) ?? { service, table, names: new Set<string>() };
    resources.set(key, r);
    r.names.add(l.resource);
  }
  const lines: CostLine[] = [];
  const prerequisites: CostLine[] = [];
  for (const { service, table, names } of resources.values()) {
    for (const item of table.cost) {
      const quantity = item.perResource * names.size;
      const unitPrice = prices.cloudwatch[item.price];
      const line: CostLine = {
        stack,
        service,
        item: item.item,
        resource: '',
        quantity,
        unit: item.unit,
        unitPrice,
        monthly: quantity * unitPrice,
        basis: `${names.size} ${table.title}${names.size === 1 ? '' : 's'} x ${item.perResource} ${item.unit}`,
      };
      (item.billed === 'telemetry' ? lines : prerequisites).push(line);
    }
  }
  return { lines, prerequisites };
}

/** The assumption that explains prerequisites, when there are any. */
export function prerequisiteAssumptions(prerequisites: readonly CostLine[]): string[] {
  if (prerequisites.length === 0) return [];
  const total = prerequisites.reduce((n, l) => n + l.monthly, 0);
  const items = [...new Set(prerequisites.map((l) => l.item))].join('; ');
  return [
    `Not in the total: what AWS bills for metrics the alarms need, outside these templates (${items}): ${usd(total)} a month at list prices.`,
  ];
}
