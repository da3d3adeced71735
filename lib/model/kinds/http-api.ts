/** API Gateway HTTP API stages (`ApiId`, `Stage`) and their routes with performance budgets. */
import type { CfnApi, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IConstruct } from 'constructs';
import {
  apiFields,
  apiResources,
  detailedMetricsField,
  routeSchema,
  routeTable,
  stageTable,
} from './api-gateway';
import type { ApiFlavour } from './api-gateway';
import { AWS_RECOMMENDED, defineKind } from './types';

const HTTP_METRICS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html';

const HTTP: ApiFlavour<'httpApi', 'httpApiRoute'> = {
  kind: 'httpApi',
  routeKind: 'httpApiRoute',
  title: 'HTTP API stage',
  routeTitle: 'HTTP API route',
  idDimension: 'ApiId',
  routeDimensions: ['Route'],
  clientErrors: '4xx',
  serverErrors: '5xx',
  entries: {
    clientErrorRate: 'apigateway-http-4xx',
    serverErrorRate: 'apigateway-http-5xx',
    latency: 'apigateway-http-latency',
    traffic: 'apigateway-http-count',
    routeLatency: 'apigateway-http-route-latency',
    routeTraffic: 'apigateway-http-route-count',
  },
  detailedMetrics: ['Count', '4xx', '5xx', 'Latency', 'IntegrationLatency', 'DataProcessed'],
  routeDimensionsWhy: `AWS's page gives ApiId, Stage, Resource, Method for HTTP API routes, but API Gateway publishes HTTP API route metrics by ApiId, Stage, Route (the route key, e.g. "GET /tasks"): ${HTTP_METRICS}.`,
};

const STAGE = stageTable(HTTP, {
  params: {
    integrationLatency: { default: 2000, doc: 'p90 integration latency threshold in ms (AWS: 2,000 ms).' },
  },
  rows: [
    {
      id: 'integrationLatency',
      signal: 'integrationLatency',
      metric: { type: 'metric', metricName: 'IntegrationLatency', stat: 'p90' },
      threshold: { param: 'integrationLatency' },
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'ignore',
      enabled: false,
      unit: 'ms',
      meaning: '{stat} integration latency of {resource} is at or above {threshold}',
      firstStep: 'look at the integration (the Lambda function or HTTP backend) behind the slow routes',
      source: `${AWS_RECOMMENDED}#ApiGateway`,
      why: 'AWS: recommended for WebSocket APIs, optional for HTTP APIs, 2,000 ms; off here because the latency alarm already covers the integration.',
      implements: 'apigateway-v2-integrationlatency',
    },
  ],
});
const ROUTE = routeTable(HTTP);

const API_ID = /^[a-z0-9]{10}$/;

export const httpApi = defineKind({
  key: 'httpApi',
  dashboard: 'edge',
  tables: [STAGE, ROUTE],
  account: [],
  config: {
    doc: 'API Gateway HTTP API stages.',
    schema: (k) => {
      const fields = apiFields(k);
      return {
        entry: k.obj({
          id: k.z
            .string()
            .superRefine((v, c) => {
              if (!k.isToken(v) && !API_ID.test(v)) {
                c.addIssue({
                  code: 'custom',
                  message: `id "${v.length > 20 ? v.slice(0, 17) + '...' : v}" must be the 10-character HTTP API id, e.g. a1b2c3d4e5`,
                });
              }
            })
            .meta({ pattern: API_ID.source })
            .describe('The HTTP API id (the ApiId dimension).'),
          stage: k.z
            .string()
            .min(1)
            .max(128)
            .default('$default')
            .describe('The stage name. Default $default.'),
          label: k.label,
          routes: k.z
            .array(routeSchema(k, ROUTE))
            .max(300, { message: 'at most 300 routes per stage (API Gateway allows 300 routes per API)' })
            .optional()
            .describe('Routes with a performance budget (needs detailed metrics on the stage).'),
          ...fields,
          detailedMetrics: detailedMetricsField(k),
          alarms: k.alarms(STAGE),
        }),
        defaults: fields,
      };
    },
    resources: (e, ctx) =>
      apiResources(
        HTTP,
        { stage: STAGE, route: ROUTE },
        e,
        { api: e.id, stage: e.stage },
        { key: 'routes', list: e.routes ?? [] },
        ctx,
      ),
    account: () => [],
  },
  example: (n) => ({ id: `a1b2c3d4${String(n).padStart(2, '0')}`, routes: ['GET /carts/{id}'] }),
  construct: {
    cfnTypes: ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Api'],
    entry: (c, ctx) => {
      // An L2 HttpApi stands for its default stage; a Stage (L2 or L1) for itself.
      const defaultStage = (c as { defaultStage?: IConstruct }).defaultStage;
      const stageConstruct = ctx.cfnOf(c, 'AWS::ApiGatewayV2::Api') && defaultStage ? defaultStage : c;
      const stage = ctx.cfnOf<CfnStage>(stageConstruct, 'AWS::ApiGatewayV2::Stage');
      if (!stage) return undefined;
      const api = ctx.referenced<CfnApi>(stage, stage.apiId, 'AWS::ApiGatewayV2::Api');
      if (api && ctx.string(api.protocolType) !== 'HTTP') return undefined; // WebSocket APIs are another kind
      const settings = ctx.resolve(stage, stage.defaultRouteSettings) as
        Partial<CfnStage.RouteSettingsProperty> | undefined;
      return {
        id: stage.apiId,
        stage: stage.stageName,
        label: ctx.label(c), // the API for its own stage, else the stage itself
        detailedMetrics: settings?.detailedMetricsEnabled === true,
      };
    },
  },
});
