/**
 * The product side of the model: what users go through and what the business counts, for product owners rather
 * than operators. Journeys and KPIs are written by `cdk-telemetry/runtime` (or extracted from logs), client-side
 * engagement by a CloudWatch RUM app monitor. They get their own stack, alarms and dashboard
 * (`<app>-telemetry-product`), away from the operations dashboards.
 */
import type { AlarmSpec } from './alarm-spec';
import { journeyAlarms, type JourneyModel, type ProductRouting } from './journeys';
import { kpiRateAlarm, type KpiModel } from './kpis';
import type { RumModel } from './rum';

export interface ProductModel {
  /** User journeys (time to first value). @default - none */
  readonly journeys: readonly JourneyModel[];
  /** Business metrics. @default - none */
  readonly kpis: readonly KpiModel[];
  /** A CloudWatch RUM app monitor. @default - none */
  readonly rum?: RumModel;
}

/** Whether the model asks for the product stack at all. */
export const hasProduct = (p: ProductModel | undefined): p is ProductModel =>
  p !== undefined && (p.journeys.length > 0 || p.kpis.length > 0 || p.rum !== undefined);

/** The product alarms of an app: its journeys' (and KPIs'). */
export function planProduct(app: string, product: ProductModel, routing: ProductRouting): AlarmSpec[] {
  return [
    ...product.journeys.flatMap((j) => journeyAlarms(app, j, routing)),
    ...product.kpis.flatMap((k) => kpiRateAlarm(app, k, routing) ?? []),
  ];
}
