import { BUDGET_PARAMS, budgetRows } from './budget';
import { AWS_RECOMMENDED, type CatalogRow, type KindCatalog } from './types';

const SRC = `${AWS_RECOMMENDED}#ApiGateway`;

/** REST and HTTP APIs publish the same signals under different metric and dimension names. */
interface ApiFlavour {
  readonly kind: string;
  readonly title: string;
  readonly idDimension: 'ApiName' | 'ApiId';
  readonly clientErrors: string;
  readonly serverErrors: string;
}

const REST: ApiFlavour = {
  kind: 'restApi',
  title: 'REST API stage',
  idDimension: 'ApiName',
  clientErrors: '4XXError',
  serverErrors: '5XXError',
};
const HTTP: ApiFlavour = {
  kind: 'httpApi',
  title: 'HTTP API stage',
  idDimension: 'ApiId',
  clientErrors: '4xx',
  serverErrors: '5xx',
};

const errorRate = (
  id: string,
  metricName: string,
  m: number,
  severity: 'critical' | 'warning',
  what: string,
  firstStep: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: {
    type: 'rate',
    numerator: { metricName, stat: 'Sum' },
    denominator: { metricName: 'Count', stat: 'SampleCount' },
    minRequestsParam: 'minRequests',
    label: `${what} (%)`,
  },
  threshold: 5,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [m, m],
  missing: 'notBreaching',
  severity,
  enabled: true,
  unit: '%',
  meaning: `More than {threshold} of requests to {resource} end in ${what.toLowerCase()}`,
  firstStep,
  source: SRC,
  why: `AWS: ${metricName} Average > 0.05 (the Average of a 0/1 metric is the rate). Computed here as 100 * Sum / requests, and only when a stage serves at least \`minRequests\` (default 10) requests a minute, so a quiet night cannot page.`,
});

function stageCatalog(f: ApiFlavour): KindCatalog {
  return {
    kind: f.kind,
    title: f.title,
    namespace: 'AWS/ApiGateway',
    dimensions: [f.idDimension, 'Stage'],
    params: {
      minRequests: { default: 10, doc: 'Requests per minute below which error rates are not evaluated.' },
      latency: { default: 2500, doc: 'p90 latency threshold in ms (AWS starting point: 2,500 ms).' },
      minTraffic: { default: 1, doc: 'Requests per minute below which traffic counts as dropped.' },
    },
    rows: [
      errorRate(
        'serverErrorRate',
        f.serverErrors,
        3,
        'critical',
        'Server errors',
        'check the integration (Lambda errors, timeouts) behind the failing routes',
      ),
      errorRate(
        'clientErrorRate',
        f.clientErrors,
        5,
        'warning',
        'Client errors',
        'check for a client release, expired credentials or a changed request contract',
      ),
      {
        id: 'latency',
        signal: 'latency',
        metric: { type: 'metric', metricName: 'Latency', stat: 'p90' },
        threshold: { param: 'latency' },
        comparison: 'GreaterThanOrEqualToThreshold',
        period: 60,
        datapoints: [5, 5],
        missing: 'notBreaching',
        severity: 'warning',
        lowSampleCount: 'ignore',
        enabled: true,
        unit: 'ms',
        meaning: 'p90 latency of {resource} is at or above {threshold}',
        firstStep: 'compare Latency with IntegrationLatency to tell the backend from API Gateway',
        source: SRC,
        why: 'AWS gives 2,500 ms as a starting point; the per-route budgets are the stricter signal.',
      },
      {
        id: 'traffic',
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
      },
    ],
  };
}

function operationCatalog(f: ApiFlavour): KindCatalog {
  return {
    kind: `${f.kind}Route`,
    title: f.kind === 'restApi' ? 'REST API method' : 'HTTP API route',
    namespace: 'AWS/ApiGateway',
    dimensions: [f.idDimension, 'Stage', 'Resource', 'Method'],
    params: BUDGET_PARAMS,
    rows: budgetRows('Latency', 'latency', '; method-level metrics need detailed metrics on the stage'),
  };
}

export const REST_API = stageCatalog(REST);
export const REST_API_ROUTE = operationCatalog(REST);
export const HTTP_API = stageCatalog(HTTP);
export const HTTP_API_ROUTE = operationCatalog(HTTP);
