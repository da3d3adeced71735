/**
 * Monthly cost of what a cloud assembly creates, from the templates alone plus stated usage: alarms by kind and
 * resolution, composites, dashboards, X-Ray, CloudTrail, log groups, Grafana, KMS keys. Totals per stack and per
 * service; the account's free tier applied once, to the total. Pure: data in, data out.
 */
import { METADATA_KEY } from '../../model/template-keys';
import type { AssemblyRead, StackRead } from '../read/assembly';
import { serviceOf } from '../review/context';
import { alarmAssumptions, alarmLines } from './items/alarms';
import { ESTIMATORS, NO_FIXED_CHARGE } from './items';
import { kindLines, prerequisiteAssumptions } from './items/kinds';
import { PRICE_TABLE, type PriceTable } from './prices';
import type { CostLine, FreeTierPool } from './types';
import { DEFAULT_USAGE } from './usage-defaults';
import type { Usage } from './usage';

/** What one free-tier allowance takes off the estimate (applied once per account, to the total). */
export interface FreeTierCredit {
  /** The free-tier allowance, e.g. `alarmMetrics` (10 alarm metrics) or `dashboards` (3 dashboards). */
  readonly pool: FreeTierPool;
  /** The allowance in words, e.g. `Free alarm metrics`. */
  readonly item: string;
  /** How many units the allowance covers here: the smaller of the allowance and what the assembly uses. */
  readonly quantity: number;
  /** Negative: what the free tier takes off the total. */
  readonly monthly: number;
}

/** The monthly cost of what a cloud assembly creates, line by line, with the free tier, totals and assumptions. */
export interface CostEstimate {
  /** Every amount is in US dollars. */
  readonly currency: 'USD';
  /** The Region whose prices were used, e.g. `us-east-1`. */
  readonly region: string;
  /** The date of the price table, `YYYY-MM-DD`. */
  readonly pricesAsOf: string;
  /** The pricing pages the prices come from. */
  readonly sources: readonly string[];
  /** One line per priced item (alarms by kind and resolution, dashboards, traces, ...), monthly. */
  readonly lines: readonly CostLine[];
  /**
   * What AWS bills for metrics the alarms need, outside these templates (detailed metrics of API routes with a
   * budget): per resource kind's cost items; not in the totals.
   */
  readonly prerequisites: readonly CostLine[];
  /** What the free tier takes off, per allowance. */
  readonly freeTier: readonly FreeTierCredit[];
  /** Before the free tier. */
  readonly subtotal: number;
  /** After the free tier. */
  readonly total: number;
  /** Monthly cost per stack, before the free tier. */
  readonly byStack: Readonly<Record<string, number>>;
  /** Monthly cost per service, before the free tier. */
  readonly byService: Readonly<Record<string, number>>;
  /** The assumptions behind the usage-based lines, in words. */
  readonly assumptions: readonly string[];
  /** Resource types found but not priced (no fixed monthly charge, or not known to this table), with counts. */
  readonly unpriced: Readonly<Record<string, number>>;
  /** The usage the estimate assumed (traces, log data, canary runs, ...). */
  readonly usage: Usage;
}

/** The service of a stack's non-alarm resources: their own metadata, else the one service of its alarms. */
function stackService(stack: StackRead): string {
  const services = new Set(stack.alarms.map((a) => a.spec.labels?.service).filter((s): s is string => !!s));
  return services.size === 1 ? [...services][0] : serviceOf(stack, undefined);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function freeTierCredits(lines: readonly CostLine[], prices: PriceTable): FreeTierCredit[] {
  const sum = (pool: FreeTierPool, pick: (l: CostLine) => boolean = () => true) =>
    lines.filter((l) => l.freeTier === pool && pick(l)).reduce((n, l) => n + l.quantity, 0);
  const credits: FreeTierCredit[] = [];
  const add = (pool: FreeTierPool, item: string, quantity: number, unitPrice: number) => {
    if (quantity > 0) credits.push({ pool, item, quantity, monthly: -quantity * unitPrice });
  };
  const cw = prices.cloudwatch;
  add(
    'alarmMetrics',
    'Free alarm metrics',
    Math.min(cw.freeAlarmMetrics, sum('alarmMetrics')),
    cw.standardAlarmMetric,
  );
  add(
    'dashboards',
    'Free dashboards',
    Math.min(
      cw.freeDashboards,
      sum('dashboards', (l) => !!l.freeEligible),
    ),
    cw.dashboard,
  );
  add(
    'logsGb',
    'Free log data (GB)',
    Math.min(prices.logs.freeGb, sum('logsGb')),
    prices.logs.ingestStandardPerGb,
  );
  add(
    'traces',
    'Free X-Ray traces',
    Math.min(prices.xray.freeTraces, sum('traces')),
    prices.xray.tracePerRecorded,
  );
  add(
    'canaryRuns',
    'Free canary runs',
    Math.min(prices.synthetics.freeRuns, sum('canaryRuns')),
    prices.synthetics.canaryRun,
  );
  return credits;
}

/**
 * The monthly cost of an assembly (`readAssembly`) in US dollars: every priced resource of its templates, usage-based
 * items from `usage`, prices from `prices` (a Region's list prices), and the free tier applied once to the total. Pure.
 */
export function estimateCost(
  read: AssemblyRead,
  usage: Usage = DEFAULT_USAGE,
  prices: PriceTable = PRICE_TABLE,
): CostEstimate {
  const lines: CostLine[] = [];
  const prerequisites: CostLine[] = [];
  const unpriced: Record<string, number> = {};
  const seenTypes = new Set<string>();
  const byType = new Map(ESTIMATORS.flatMap((e) => e.types.map((t) => [t, e] as const)));
  for (const stack of read.stacks) {
    const fallback = stackService(stack);
    const alarms = stack.alarms.map((alarm) => ({
      alarm,
      service: serviceOf(stack, alarm.spec.labels?.service),
    }));
    lines.push(...alarmLines(stack.stackName, alarms, prices));
    const kinds = kindLines(stack.stackName, alarms, prices);
    lines.push(...kinds.lines);
    prerequisites.push(...kinds.prerequisites);
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const type = String(resource?.Type);
      if (type === 'AWS::CloudWatch::Alarm' || type === 'AWS::CloudWatch::CompositeAlarm') {
        seenTypes.add('alarms');
        continue;
      }
      const estimator = byType.get(type);
      if (!estimator) {
        if (!NO_FIXED_CHARGE.has(type)) unpriced[type] = (unpriced[type] ?? 0) + 1;
        continue;
      }
      seenTypes.add(type);
      const meta = resource.Metadata?.[METADATA_KEY] as { service?: unknown } | undefined;
      const service = typeof meta?.service === 'string' ? meta.service : fallback;
      lines.push(
        ...estimator.estimate(
          { stack, logicalId, resource, template: stack.template, service },
          usage,
          prices,
        ),
      );
    }
  }
  const freeTier = usage.freeTier ? freeTierCredits(lines, prices) : [];
  const subtotal = lines.reduce((n, l) => n + l.monthly, 0);
  const total = subtotal + freeTier.reduce((n, c) => n + c.monthly, 0);
  const byStack: Record<string, number> = {};
  const byService: Record<string, number> = {};
  for (const l of lines) {
    byStack[l.stack] = round2((byStack[l.stack] ?? 0) + l.monthly);
    byService[l.service] = round2((byService[l.service] ?? 0) + l.monthly);
  }
  const assumptions = [
    `Prices: ${prices.region} list prices in ${prices.currency}, as of ${prices.asOf} (${prices.sources.join(', ')}); other Regions differ. Taxes and support are not included.`,
    usage.freeTier
      ? 'Free tier: applied once, to the total, as if the assembly were the only user of its account (per-stack and per-service figures are before it).'
      : 'Free tier: not applied (freeTier: false).',
    ...(seenTypes.has('alarms') ? alarmAssumptions(prices) : []),
    ...ESTIMATORS.filter((e) => e.types.some((t) => seenTypes.has(t))).flatMap((e) =>
      e.assumptions(usage, prices),
    ),
    ...prerequisiteAssumptions(prerequisites),
  ];
  return {
    currency: 'USD',
    region: prices.region,
    pricesAsOf: prices.asOf,
    sources: prices.sources,
    lines,
    prerequisites,
    freeTier,
    subtotal: round2(subtotal),
    total: round2(Math.max(0, total)),
    byStack,
    byService,
    assumptions,
    unpriced,
    usage,
  };
}
