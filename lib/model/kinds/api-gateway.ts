/**
 * What REST and HTTP APIs share: both publish the same signals in `AWS/ApiGateway` under different metric and
 * dimension names, and both list routes with performance budgets. `rest-api.ts` and `http-api.ts` are the two
 * kinds; this file is the one set of rows, schema and conversion they are written from.
 */
import type { SchemaKit } from '../../config/schema-kit';
import type { MonitoredResource } from '../telemetry-model';
import { parseDurationMs } from '../duration';
import { safeLabel } from '../naming';
import { BUDGET_PARAMS, budgetRows } from './budget';
import { AWS_RECOMMENDED, type CatalogRow, type EntryContext, type KindCatalog } from './types';
import { requestErrorRateRow } from './request-error-rate';

const SRC = `${AWS_RECOMMENDED}#ApiGateway`;

/** REST and HTTP APIs publish the same signals under different metric and dimension names. */
export interface ApiFlavour<K extends string, R extends string> {
  readonly kind: K;
  readonly routeKind: R;
  readonly title: string;
  readonly routeTitle: string;
  readonly idDimension: 'ApiName' | 'ApiId';
  /** Dimensions of a route's metrics after the API's and the stage's. */
  readonly routeDimensions: readonly string[];
  readonly clientErrors: string;
  readonly serverErrors: string;
  /** Ids of the AWS recommended-alarm entries the rows implement, by row. */
  readonly entries: {
    readonly clientErrorRate: string;
    readonly serverErrorRate: string;
    readonly latency: string;
    readonly traffic: string;
    readonly routeLatency: string;
    readonly routeTraffic: string;
  };
  /** Metrics API Gateway publishes per route once detailed metrics are on (billed as custom metrics). */
  readonly detailedMetrics: readonly string[];
  /** Where the AWS page's route dimensions differ from what API Gateway publishes: why. */
  readonly routeDimensionsWhy?: string;
}

const errorRate = (
  id: string,
  metricName: string,
  minutes: number,
  severity: 'critical' | 'warning',
  what: string,
  firstStep: string,
  entry: string,
): CatalogRow =>
  requestErrorRateRow({
    id,
    numerator: metricName,
    denominator: { metricName: 'Count', stat: 'SampleCount' },
    severity,
    minutes,
    what,
    threshold: 5,
    firstStep,
    source: SRC,
    why: `AWS: ${metricName} Average > 0.05 (the Average of a 0/1 metric is the rate). Computed here as 100 * Sum / requests, and only when a stage serves at least \`minRequests\` (default 10) requests a minute, so a quiet night cannot page.`,
    implements: entry,
    differs: ['statistic', 'threshold'],
  });

const latency = (id: string, entry: string, enabled: boolean, why: string): CatalogRow => ({
  id,
  signal: 'latency',
  metric: { type: 'metric', metricName: 'Latency', stat: 'p90' },
  threshold: { param: 'latency' },
  comparison: 'GreaterThanOrEqualToThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'notBreaching',
  severity: 'warning',
  lowSampleCount: 'ignore',
  enabled,
  unit: 'ms',
  meaning: '{stat} latency of {resource} is at or above {threshold}',
  firstStep: 'compare Latency with IntegrationLatency to tell the backend from API Gateway',
  source: SRC,
  why,
  implements: entry,
});

const traffic = (id: string, entry: string): CatalogRow => ({
  id,
  signal: 'traffic',
  metric: { type: 'metric', metricName: 'Count', stat: 'SampleCount' },
  threshold: { param: 'minTraffic' },
  comparison: 'LessThanThreshold',
  period: 60,
  datapoints: [10, 10],
  missing: 'breaching',
  severity: 'warning',
  enabled: false,
  unit: 'count',
  meaning: 'Traffic to {resource} has dropped below {threshold} requests a minute',
  firstStep: 'check DNS, the client release and upstream routing',
  source: SRC,
  why: 'AWS: only for predictable traffic, with a threshold from the historical baseline; off until you set `minTraffic` and enable it.',
  implements: entry,
});

const LATENCY_PARAM = {
  default: 2500,
  doc: 'p90 latency threshold in ms (AWS starting point: 2,500 ms).',
};
const TRAFFIC_PARAM = { default: 1, doc: 'Requests per minute below which traffic counts as dropped.' };

/** The stage table of a flavour; `extra` rows (and their parameters) come after the shared ones. */
export function stageTable<K extends string>(
  f: ApiFlavour<K, string>,
  extra: { readonly rows: readonly CatalogRow[]; readonly params: KindCatalog['params'] } = {
    rows: [],
    params: {},
  },
): KindCatalog<K> {
  return {
    kind: f.kind,
    title: f.title,
    namespace: 'AWS/ApiGateway',
    dimensions: [f.idDimension, 'Stage'],
    params: {
      minRequests: { default: 10, doc: 'Requests per minute below which error rates are not evaluated.' },
      latency: LATENCY_PARAM,
      minTraffic: TRAFFIC_PARAM,
      ...extra.params,
    },
    rows: [
      errorRate(
        'serverErrorRate',
        f.serverErrors,
        3,
        'critical',
        'Server errors',
        'check the integration (Lambda errors, timeouts) behind the failing routes',
        f.entries.serverErrorRate,
      ),
      errorRate(
        'clientErrorRate',
        f.clientErrors,
        5,
        'warning',
        'Client errors',
        'check for a client release, expired credentials or a changed request contract',
        f.entries.clientErrorRate,
      ),
      latency(
        'latency',
        f.entries.latency,
        true,
        'AWS gives 2,500 ms as a starting point; the per-route budgets are the stricter signal.',
      ),
      traffic('traffic', f.entries.traffic),
      ...extra.rows,
    ],
    signals: [
      { title: 'Requests', metricName: 'Count', stat: 'Sum' },
      { title: `${f.serverErrors.replace('Error', '')} errors`, metricName: f.serverErrors, stat: 'Sum' },
      { title: `${f.clientErrors.replace('Error', '')} errors`, metricName: f.clientErrors, stat: 'Sum' },
      {
        title: 'Latency p90',
        unit: 'ms',
        metricName: 'Latency',
        stat: 'p90',
        line: { param: 'latency', label: 'alarm' },
      },
    ],
    cost: [],
  };
}

/** The route table of a flavour: performance budgets, and AWS's per-route latency and traffic rows (off). */
export function routeTable<R extends string>(f: ApiFlavour<string, R>): KindCatalog<R> {
  const dimsWhy = f.routeDimensionsWhy ? ` ${f.routeDimensionsWhy}` : '';
  const route = (row: CatalogRow): CatalogRow =>
    f.routeDimensionsWhy ? { ...row, differs: [...(row.differs ?? []), 'dimensions'] } : row;
  return {
    kind: f.routeKind,
    title: f.routeTitle,
    namespace: 'AWS/ApiGateway',
    dimensions: [f.idDimension, 'Stage', ...f.routeDimensions],
    params: { ...BUDGET_PARAMS, latency: LATENCY_PARAM, minTraffic: TRAFFIC_PARAM },
    rows: [
      ...budgetRows('Latency', 'latency', '; method-level metrics need detailed metrics on the stage'),
      route(
        latency(
          'routeLatency',
          f.entries.routeLatency,
          false,
          `Off: the route's performance budget (p95 against \`budgets\`, on by default) is the stricter signal; AWS's 2,500 ms starting point is there for routes without one.${dimsWhy}`,
        ),
      ),
      route({
        ...traffic('routeTraffic', f.entries.routeTraffic),
        why: `AWS: only for predictable traffic, with a threshold from the historical baseline; off until you set \`minTraffic\` and enable it.${dimsWhy}`,
      }),
    ],
    signals: [
      {
        title: 'Route latency {stat}',
        unit: 'ms',
        metricName: 'Latency',
        stat: 'p95',
        statOf: 'latencyBudget',
        line: { param: 'budget', label: 'budget' },
      },
      { title: 'Route requests', metricName: 'Count', stat: 'Sum' },
    ],
    cost: [
      {
        item: 'Detailed metrics of a route (custom metrics)',
        perResource: f.detailedMetrics.length,
        unit: 'metrics',
        price: 'customMetric',
        billed: 'prerequisite',
        why: `Route budgets need detailed metrics on the stage; API Gateway then publishes ${f.detailedMetrics.join(', ')} per route, billed at CloudWatch custom-metric rates (https://aws.amazon.com/api-gateway/pricing/).`,
      },
    ],
  };
}

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/\S{0,1023}$/;

/** Fields of a stage entry, also accepted under `defaults.<kind>`. */
export const apiFields = (k: SchemaKit) => ({
  minRequests: k.int('Requests/min before error rates count.', 0, 1_000_000).optional(),
  latency: k.duration('p90 latency threshold for the stage. Default 2500ms (AWS).', '1ms', '15m').optional(),
  minTraffic: k.number('Requests/min below which traffic has dropped.', 0, 1_000_000).optional(),
});

/** A route with a performance budget: `"GET /tasks"`, or with an operation name and overrides. */
export function routeSchema(k: SchemaKit, table: KindCatalog) {
  const routeString = k.z
    .string()
    .regex(ROUTE, { message: 'a route is "METHOD /path", e.g. "GET /tasks/{id}"' })
    .describe('"METHOD /path", e.g. "GET /tasks/{id}".');
  return k.z.union([
    routeString,
    k.obj({ route: routeString, operation: k.operation, alarms: k.alarms(table) }),
  ]);
}

export const detailedMetricsField = (k: SchemaKit) =>
  k.z
    .boolean()
    .optional()
    .describe(
      'Whether the stage publishes detailed (per-route) metrics. Route budgets need them; false refuses listed routes. Default: assumed on when routes are listed.',
    );

type RouteEntry = string | { route: string; operation?: string; alarms?: Record<string, unknown> };

/** A stage entry as the two flavours share it after validation. */
export interface StageEntry {
  readonly label?: string;
  readonly minRequests?: number;
  readonly latency?: string;
  readonly minTraffic?: number;
  readonly detailedMetrics?: boolean;
  readonly alarms?: Record<string, unknown>;
}

/** A stage and its routes → resources: the stage first, then one resource per route. */
export function apiResources<K extends string, R extends string>(
  f: ApiFlavour<K, R>,
  tables: { readonly stage: KindCatalog; readonly route: KindCatalog },
  e: StageEntry,
  id: { readonly api: string; readonly stage: string },
  routes: { readonly key: string; readonly list: readonly RouteEntry[] },
  ctx: EntryContext<{ minRequests?: number; latency?: string; minTraffic?: number }>,
): Array<MonitoredResource<K | R>> {
  const d = ctx.defaults;
  const dimensions = { [f.idDimension]: id.api, Stage: id.stage };
  const label = ctx.label(e.label, `${id.api}-${id.stage}`);
  const latencyText = e.latency ?? d.latency;
  const out: Array<MonitoredResource<K | R>> = [
    {
      kind: f.kind,
      label,
      dimensions,
      params: ctx.params(tables.stage, {
        minRequests: e.minRequests ?? d.minRequests,
        latency: latencyText === undefined ? undefined : parseDurationMs(latencyText),
        minTraffic: e.minTraffic ?? d.minTraffic,
      }),
      overrides: ctx.overrides(e.alarms),
      origin: ctx.origin(),
    },
  ];
  if (e.detailedMetrics === false && routes.list.length) {
    ctx.issue(
      [routes.key],
      `routes with a budget need detailed metrics on the stage, and detailedMetrics is false: API Gateway publishes no per-route metrics, so these alarms could never fire (turn detailed metrics on, or remove ${routes.key})`,
    );
    return out;
  }
  const seen = new Map<string, number>();
  routes.list.forEach((entry, j) => {
    const r = typeof entry === 'string' ? { route: entry } : entry;
    const [method, resourcePath] = r.route.split(' ');
    if (seen.has(r.route)) {
      ctx.issue(
        [routes.key, j],
        `"${r.route}" is listed twice (also at ${routes.key}[${seen.get(r.route)}])`,
      );
      return;
    }
    seen.set(r.route, j);
    const operation = ('operation' in r && r.operation) || r.route;
    const routeDims =
      f.routeDimensions.length === 1
        ? { [f.routeDimensions[0]]: r.route }
        : { Resource: resourcePath, Method: method };
    out.push({
      kind: f.routeKind,
      label: safeLabel(`${label}-${method}-${resourcePath}`),
      dimensions: { ...dimensions, ...routeDims },
      params: ctx.params(tables.route, {
        ...ctx.budget(operation),
        latency: latencyText === undefined ? undefined : parseDurationMs(latencyText),
        minTraffic: e.minTraffic ?? d.minTraffic,
      }),
      overrides: ctx.overrides('alarms' in r ? r.alarms : undefined, {
        at: [routes.key, j, 'alarms'],
        budget: true,
      }),
      operation,
      origin: ctx.origin(routes.key, j),
    });
  });
  return out;
}
