/** Shapes of a cost estimate: priced lines per stack and service, the free tier, assumptions. */
import { evaluate, type CfnResource, type CfnTemplateLike } from '../read/intrinsics';
import type { StackRead } from '../read/assembly';
import type { PriceTable } from './prices';
import type { Usage } from './usage';

/** One priced line of a cost estimate: an item of a stack and service, its quantity, unit price and monthly cost. */
export interface CostLine {
  /** The name of the stack the item is in. */
  readonly stack: string;
  /** The service the item belongs to. */
  readonly service: string;
  /** What is billed: `Standard alarm metrics`, `Dashboards`, `X-Ray traces recorded`, ... */
  readonly item: string;
  /** The resource (name or logical id) for per-resource lines; empty for lines that add up many alarms. */
  readonly resource: string;
  /** How many units are billed per month. */
  readonly quantity: number;
  /** Unit of `quantity`: `alarm metrics`, `dashboards`, `traces`, `GB`, ... */
  readonly unit: string;
  /** USD per unit. */
  readonly unitPrice: number;
  /** USD per month. */
  readonly monthly: number;
  /** How the quantity was found, when it is not a plain count. @default - none: a plain count of resources */
  readonly basis?: string;
  /** A free-tier pool this line draws from (applied once, to the total). @default - none: no free tier applies */
  readonly freeTier?: FreeTierPool;
  /** For dashboards: whether it is small enough for the free tier. @default - false */
  readonly freeEligible?: boolean;
}

export type FreeTierPool = 'alarmMetrics' | 'dashboards' | 'logsGb' | 'traces' | 'canaryRuns';

/** One resource of a priced type, with what an estimator needs to know about it. */
export interface PricedResource {
  readonly stack: StackRead;
  readonly logicalId: string;
  readonly resource: CfnResource;
  readonly template: CfnTemplateLike;
  readonly service: string;
}

export interface ResourceEstimator {
  /** CloudFormation types this estimator prices. */
  readonly types: readonly string[];
  readonly estimate: (r: PricedResource, usage: Usage, prices: PriceTable) => CostLine[];
  /** Assumptions to print when the assembly has at least one resource of these types. */
  readonly assumptions: (usage: Usage, prices: PriceTable) => string[];
}

/** Stack, service and resource of a per-resource line: the resource's name when the template gives it, else its logical id. */
export function resourceLine(
  r: PricedResource,
  name: unknown,
): Pick<CostLine, 'stack' | 'service' | 'resource'> {
  const n = name === undefined ? undefined : evaluate(name, r.template);
  return { stack: r.stack.stackName, service: r.service, resource: n?.ok ? n.value : r.logicalId };
}
