/** API Gateway REST API stages (`ApiName`, `Stage`) and their methods with performance budgets. */
import type { CfnRestApi, CfnStage } from 'aws-cdk-lib/aws-apigateway';
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
import { defineKind } from './types';

const REST: ApiFlavour<'restApi', 'restApiRoute'> = {
  kind: 'restApi',
  routeKind: 'restApiRoute',
  title: 'REST API stage',
  routeTitle: 'REST API method',
  idDimension: 'ApiName',
  routeDimensions: ['Resource', 'Method'],
  clientErrors: '4XXError',
  serverErrors: '5XXError',
  entries: {
    clientErrorRate: 'apigateway-rest-4xxerror',
    serverErrorRate: 'apigateway-rest-5xxerror',
    latency: 'apigateway-rest-latency',
    traffic: 'apigateway-rest-count',
    routeLatency: 'apigateway-rest-method-latency',
    routeTraffic: 'apigateway-rest-method-count',
  },
  detailedMetrics: [
    'Count',
    '4XXError',
    '5XXError',
    'Latency',
    'IntegrationLatency',
    'CacheHitCount',
    'CacheMissCount',
  ],
};

const STAGE = stageTable(REST);
const METHOD = routeTable(REST);

/** The methods of an L2 `RestApi` (`api.methods`), as routes. */
function methodsOf(api: IConstruct, ctx: { string(v: unknown): string | undefined }): string[] {
  const methods = (api as { methods?: ReadonlyArray<{ httpMethod: string; resource: { path: string } }> })
    .methods;
  return (methods ?? [])
    .map((m) => `${ctx.string(m.httpMethod) ?? ''} ${ctx.string(m.resource?.path) ?? ''}`)
    .filter((r) => /^[A-Z]+ \//.test(r));
}

export const restApi = defineKind({
  key: 'restApi',
  dashboard: 'edge',
  tables: [STAGE, METHOD],
  account: [],
  config: {
    doc: 'API Gateway REST API stages.',
    schema: (k) => {
      const fields = apiFields(k);
      return {
        entry: k.obj({
          name: k.z
            .string()
            .min(1)
            .max(1024)
            .describe('The REST API name (the ApiName dimension). May be a token with a label.'),
          stage: k.awsName('stage').describe('The stage name.'),
          label: k.label,
          methods: k.z
            .array(routeSchema(k, METHOD))
            .max(300, { message: 'at most 300 methods per stage (API Gateway allows 300 resources per API)' })
            .optional()
            .describe('Methods with a performance budget (needs detailed metrics on the stage).'),
          ...fields,
          detailedMetrics: detailedMetricsField(k),
          alarms: k.alarms(STAGE),
        }),
        defaults: fields,
      };
    },
    resources: (e, ctx) =>
      apiResources(
        REST,
        { stage: STAGE, route: METHOD },
        e,
        { api: e.name, stage: e.stage },
        { key: 'methods', list: e.methods ?? [] },
        ctx,
      ),
    account: () => [],
  },
  example: (n) => ({ name: `shop-api-${n}`, stage: 'prod', methods: [`GET /orders`, `POST /orders`] }),
  construct: {
    cfnTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::RestApi'],
    entry: (c, ctx) => {
      // An L2 RestApi stands for its deployment stage; a Stage (L2 or L1) for itself.
      const deploymentStage = (c as { deploymentStage?: IConstruct }).deploymentStage;
      const stageConstruct =
        ctx.cfnOf(c, 'AWS::ApiGateway::RestApi') && deploymentStage ? deploymentStage : c;
      const stage = ctx.cfnOf<CfnStage>(stageConstruct, 'AWS::ApiGateway::Stage');
      if (!stage) return undefined;
      const api = ctx.referenced<CfnRestApi>(stage, stage.restApiId, 'AWS::ApiGateway::RestApi');
      // An imported API, or one named by its OpenAPI body, or a stage without a name: give it by name instead.
      if (!api?.name || !stage.stageName) return undefined;
      const settings = ctx.resolve(stage, stage.methodSettings);
      const detailed =
        Array.isArray(settings) &&
        settings.some(
          (s: Partial<CfnStage.MethodSettingProperty>) =>
            s.metricsEnabled === true &&
            s.httpMethod === '*' &&
            (s.resourcePath === '/*' || s.resourcePath === '/*/*'),
        );
      const l2 = (stageConstruct as { restApi?: IConstruct }).restApi ?? (deploymentStage ? c : undefined);
      const methods = detailed && l2 ? methodsOf(l2, ctx) : [];
      return {
        name: api.name,
        stage: stage.stageName,
        label: ctx.label(c), // the API for its own stage, else the stage itself
        detailedMetrics: detailed,
        ...(methods.length ? { methods } : {}),
      };
    },
  },
});
