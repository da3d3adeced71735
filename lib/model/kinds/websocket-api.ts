/**
 * API Gateway WebSocket API stages (`ApiId`, `Stage`) and their routes (`Route`: `$connect`, `$default`, a custom
 * route key). Route metrics need detailed metrics on the stage. AWS's route-level IntegrationLatency entry
 * (`ApiId`, `Stage`, `Route`) belongs here: HTTP API routes have their own latency budgets, and AWS recommends the
 * integration-latency alarm for WebSocket APIs.
 */
import type { CfnApi, CfnRoute, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { MonitoredResource } from '../telemetry-model';
import { parseDurationMs } from '../duration';
import { safeLabel } from '../naming';
import { awsId } from './aws-ids';
import { referencing, type CfnLike } from './construct-refs';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#ApiGateway`;
const METRICS =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html';

const messageCount = (id: string, implementsId: string): CatalogRow => ({
  id,
  signal: 'messages',
  metric: { type: 'metric', metricName: 'MessageCount', stat: 'SampleCount' },
  threshold: { param: 'minMessages' },
  comparison: 'LessThanThreshold',
  period: 60,
  datapoints: [10, 10],
  missing: 'breaching',
  severity: 'warning',
  enabled: false,
  unit: 'count',
  meaning: 'Messages to {resource} dropped below {threshold} a minute',
  firstStep: 'check the clients (a release, DNS) and whether connections are refused at $connect',
  source: SRC,
  why: 'AWS: only for predictable traffic, with a threshold from the historical baseline; off until you set `minMessages` and enable it. No messages at all breaches.',
  implements: implementsId,
});

const errorAverage = (
  id: string,
  metricName: string,
  m: number,
  severity: 'critical' | 'warning',
  what: string,
  firstStep: string,
  implementsId: string,
  why: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Average' },
  threshold: 0.05,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [m, m],
  missing: 'notBreaching',
  severity,
  enabled: true,
  unit: 'count',
  meaning: `More than 5 % of requests to {resource} end in ${what}`,
  firstStep,
  source: SRC,
  why,
  implements: implementsId,
});

const STAGE = defineTable({
  kind: 'websocketApi',
  title: 'WebSocket API stage',
  namespace: 'AWS/ApiGateway',
  dimensions: ['ApiId', 'Stage'],
  params: {
    minMessages: { default: 1, doc: 'Messages per minute below which traffic counts as dropped.' },
  },
  rows: [
    errorAverage(
      'executionError',
      'ExecutionError',
      3,
      'critical',
      'an error calling the integration',
      'check the integration (the Lambda function or HTTP backend) of the failing routes and its logs',
      'apigateway-websocket-executionerror',
      "AWS: Average above 0.05 (the Average of a 0/1 metric is the rate) for 3 minutes. It pages: the clients' messages are lost.",
    ),
    errorAverage(
      'clientError',
      'ClientError',
      5,
      'warning',
      'a 4xx error before the integration runs',
      'check for a client release, an authorizer change or messages over the quota',
      'apigateway-websocket-clienterror',
      'AWS: Average above 0.05 for 5 minutes. Warning: clients cause these, so it notifies.',
    ),
    messageCount('messages', 'apigateway-websocket-messagecount'),
  ],
  signals: [
    { title: 'Connects', metricName: 'ConnectCount', stat: 'Sum' },
    { title: 'Messages', metricName: 'MessageCount', stat: 'Sum' },
    { title: 'Execution errors', metricName: 'ExecutionError', stat: 'Sum' },
    { title: 'Client errors', metricName: 'ClientError', stat: 'Sum' },
    { title: 'Integration latency p90', unit: 'ms', metricName: 'IntegrationLatency', stat: 'p90' },
  ],
  cost: [],
});

const ROUTE_METRICS = [
  'ConnectCount',
  'MessageCount',
  'IntegrationError',
  'ClientError',
  'ExecutionError',
  'IntegrationLatency',
];

const ROUTE = defineTable({
  kind: 'websocketApiRoute',
  title: 'WebSocket API route',
  namespace: 'AWS/ApiGateway',
  dimensions: ['ApiId', 'Stage', 'Route'],
  params: {
    integrationLatency: { default: 2000, doc: 'p90 integration latency threshold in ms (AWS: 2,000 ms).' },
    minMessages: { default: 1, doc: 'Messages per minute below which traffic counts as dropped.' },
  },
  rows: [
    {
      id: 'routeIntegrationLatency',
      signal: 'integrationLatency',
      metric: { type: 'metric', metricName: 'IntegrationLatency', stat: 'p90' },
      threshold: { param: 'integrationLatency' },
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'ignore',
      enabled: true,
      unit: 'ms',
      meaning: '{stat} integration latency of {resource} is at or above {threshold}',
      firstStep: 'look at the integration (Lambda duration, the HTTP backend) behind the route',
      source: SRC,
      why: 'AWS: recommended for WebSocket APIs, 2,000 ms for 5 minutes, by route (ApiId, Stage, Route); a WebSocket integration must answer within 29 s, and clients wait for it.',
      implements: 'apigateway-v2-route-integrationlatency',
    },
    messageCount('routeMessages', 'apigateway-websocket-route-messagecount'),
  ],
  signals: [
    {
      title: 'Route integration latency p90',
      unit: 'ms',
      metricName: 'IntegrationLatency',
      stat: 'p90',
      line: { param: 'integrationLatency', label: 'alarm' },
    },
    { title: 'Route messages', metricName: 'MessageCount', stat: 'Sum' },
  ],
  cost: [
    {
      item: 'Detailed metrics of a route (custom metrics)',
      perResource: ROUTE_METRICS.length,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `Route alarms need detailed metrics on the stage; API Gateway then publishes ${ROUTE_METRICS.join(', ')} per route, billed at CloudWatch custom-metric rates (https://aws.amazon.com/api-gateway/pricing/, ${METRICS}).`,
    },
  ],
});

const API_ID = /^[a-z0-9]{10}$/;
const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const ROUTE_KEY = /^(\$connect|\$disconnect|\$default|[^\s$][^\s]{0,127})$/;

export const websocketApi = defineKind({
  key: 'websocketApi',
  dashboard: 'edge',
  tables: [STAGE, ROUTE],
  account: [],
  config: {
    doc: 'API Gateway WebSocket API stages, with their routes.',
    schema: (k) => {
      const fields = {
        minMessages: k
          .int('Messages per minute below which traffic has dropped (alarm off until enabled).', 0, 1_000_000)
          .optional(),
        integrationLatency: k
          .duration('p90 route integration latency threshold. Default 2000ms (AWS).', '1ms', '29s')
          .optional(),
      };
      return {
        entry: k.obj({
          id: awsId(
            k,
            API_ID,
            'the 10-character API id, e.g. a1b2c3d4e5',
            'The WebSocket API id (the ApiId dimension).',
          ),
          stage: awsId(k, STAGE_NAME, 'a stage name, e.g. prod', 'The stage name.'),
          label: k.label,
          routes: k.z
            .array(
              k.z
                .string()
                .regex(ROUTE_KEY, {
                  message:
                    'a route key is $connect, $disconnect, $default or a custom key without spaces, e.g. sendMessage',
                })
                .describe('A route key: $connect, $disconnect, $default or a custom key.'),
            )
            .max(300, { message: 'at most 300 routes per stage (API Gateway allows 300 routes per API)' })
            .optional()
            .describe('Routes alarmed by route (needs detailed metrics on the stage).'),
          detailedMetrics: k.z
            .boolean()
            .optional()
            .describe(
              'Whether the stage publishes detailed (per-route) metrics; false refuses listed routes. Default: assumed on when routes are listed.',
            ),
          ...fields,
          alarms: k.alarms(STAGE, ROUTE),
        }),
        defaults: fields,
      };
    },
    resources: (e, ctx) => {
      const label = ctx.label(e.label, `${e.id}-${e.stage}`);
      const overrides = ctx.overrides(e.alarms);
      const dimensions = { ApiId: e.id, Stage: e.stage };
      const minMessages = e.minMessages ?? ctx.defaults.minMessages;
      const latency = e.integrationLatency ?? ctx.defaults.integrationLatency;
      const out: Array<MonitoredResource<'websocketApi' | 'websocketApiRoute'>> = [
        {
          kind: 'websocketApi',
          label,
          dimensions,
          params: ctx.params(STAGE, { minMessages }),
          overrides,
          origin: ctx.origin(),
        },
      ];
      const routes = e.routes ?? [];
      if (e.detailedMetrics === false && routes.length) {
        ctx.issue(
          ['routes'],
          'route alarms need detailed metrics on the stage, and detailedMetrics is false: API Gateway publishes no per-route metrics, so these alarms could never fire (turn detailed metrics on, or remove routes)',
        );
        return out;
      }
      const seen = new Set<string>();
      routes.forEach((route, j) => {
        if (seen.has(route)) return ctx.issue(['routes', j], `route "${route}" is listed twice`);
        seen.add(route);
        out.push({
          kind: 'websocketApiRoute',
          label: safeLabel(`${label}-${route.replace(/^\$/, '')}`),
          dimensions: { ...dimensions, Route: route },
          params: ctx.params(ROUTE, {
            minMessages,
            integrationLatency: latency === undefined ? undefined : parseDurationMs(latency),
          }),
          overrides,
          origin: ctx.origin('routes', j),
        });
      });
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    id: `w1b2c3d4${String(n).padStart(2, '0')}`,
    stage: 'prod',
    label: `chat-${n}`,
    routes: ['$connect', 'sendMessage'],
  }),
  construct: {
    cfnTypes: ['AWS::ApiGatewayV2::Stage'],
    entry: (c, ctx) => {
      const stage = ctx.cfnOf<CfnStage & CfnLike>(c, 'AWS::ApiGatewayV2::Stage');
      if (!stage) return undefined;
      const api = ctx.referenced<CfnApi & CfnLike>(stage, stage.apiId, 'AWS::ApiGatewayV2::Api');
      if (!api || ctx.string(api.protocolType) !== 'WEBSOCKET') return undefined;
      const settings = ctx.resolve(stage, stage.defaultRouteSettings) as
        Partial<CfnStage.RouteSettingsProperty> | undefined;
      const detailedMetrics = settings?.detailedMetricsEnabled === true;
      // With detailed metrics, every route of the API is alarmed by route.
      const routes = detailedMetrics
        ? referencing<CfnRoute>(ctx, api, 'AWS::ApiGatewayV2::Route', (r) => r.apiId)
            .map((r) => ctx.string(r.routeKey))
            .filter((r): r is string => r !== undefined)
        : [];
      return {
        id: stage.apiId,
        stage: stage.stageName,
        label: ctx.label(c),
        detailedMetrics,
        ...(routes.length ? { routes } : {}),
      };
    },
  },
});
