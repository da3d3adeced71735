/** AppSync GraphQL APIs (`GraphQLAPIId`). Not in AWS's list; rows from the AppSync metrics documentation. */
import type { CfnGraphQLApi } from 'aws-cdk-lib/aws-appsync';
import { parseDurationMs } from '../duration';
import { awsId } from './aws-ids';
import { defineKind, defineTable, type CatalogRow } from './types';
import { requestErrorRateRow } from './request-error-rate';

const METRICS = 'https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html';

const errorRate = (
  id: string,
  metricName: string,
  severity: 'critical' | 'warning',
  minutes: number,
  what: string,
  firstStep: string,
  why: string,
): CatalogRow =>
  requestErrorRateRow({
    id,
    numerator: metricName,
    // Every request reports 0 or 1 in both error metrics: their sample count is the number of requests.
    denominator: { metricName, stat: 'SampleCount' },
    severity,
    minutes,
    what,
    threshold: 5,
    firstStep,
    source: METRICS,
    why,
  });

const API = defineTable({
  kind: 'appSync',
  title: 'AppSync GraphQL API',
  namespace: 'AWS/AppSync',
  dimensions: ['GraphQLAPIId'],
  params: {
    minRequests: { default: 10, doc: 'Requests per minute below which error rates are not evaluated.' },
    latency: { default: 2500, doc: 'p90 latency threshold in ms.' },
  },
  rows: [
    errorRate(
      'serverErrorRate',
      '5XXError',
      'critical',
      3,
      'Server errors',
      'read the API’s CloudWatch logs (field-level errors) and check the data sources (Lambda errors, DynamoDB throttles)',
      "Not in AWS's list: 5XXError (0 or 1 per request) above 5 % of requests for 3 minutes with at least `minRequests` (10) requests a minute, like API Gateway's 5xx rows. Clients get the errors, so it pages.",
    ),
    errorRate(
      'clientErrorRate',
      '4XXError',
      'warning',
      5,
      'Client errors',
      'check for a client release, expired credentials or a schema change that broke queries',
      "Not in AWS's list: 4XXError above 5 % of requests for 5 minutes with at least `minRequests` requests a minute. Clients cause these, so it warns.",
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
      meaning: '{stat} latency of {resource} is at or above {threshold}',
      firstStep: 'find the slow resolvers (enable resolver-level metrics or X-Ray) and their data sources',
      source: METRICS,
      why: "Not in AWS's list: p90 at or above 2.5 s for 5 minutes, the starting point the API Gateway latency rows use (AppSync requests time out at 30 s).",
    },
  ],
  signals: [
    { title: '5xx errors', metricName: '5XXError', stat: 'Sum' },
    { title: '4xx errors', metricName: '4XXError', stat: 'Sum' },
    { title: 'Requests', metricName: '5XXError', stat: 'SampleCount' },
    {
      title: 'Latency p90',
      unit: 'ms',
      metricName: 'Latency',
      stat: 'p90',
      line: { param: 'latency', label: 'alarm' },
    },
  ],
  cost: [],
});

const API_ID = /^[a-z0-9]{26}$/;

export const appSync = defineKind({
  key: 'appSync',
  dashboard: 'edge',
  tables: [API],
  account: [],
  config: {
    doc: 'AppSync GraphQL APIs, by API id.',
    schema: (k) => {
      const fields = {
        minRequests: k.int('Requests/min before error rates count. Default 10.', 0, 1_000_000).optional(),
        latency: k.duration('p90 latency threshold. Default 2500ms.', '1ms', '30s').optional(),
      };
      const id = awsId(
        k,
        API_ID,
        'a 26-character GraphQL API id',
        'The GraphQL API id (the GraphQLAPIId dimension).',
      );
      return {
        entry: k.z.union([id, k.obj({ id, label: k.label, ...fields, alarms: k.alarms(API) })]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const latency = ('latency' in e ? e.latency : undefined) ?? ctx.defaults.latency;
      return [
        {
          kind: 'appSync',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { GraphQLAPIId: e.id },
          params: ctx.params(API, {
            minRequests: ('minRequests' in e ? e.minRequests : undefined) ?? ctx.defaults.minRequests,
            latency: latency === undefined ? undefined : parseDurationMs(latency),
          }),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    id: `abcdefghijklmnopqrstuvwx${String(n).padStart(2, '0')}`,
    label: `catalog-graphql-${n}`,
  }),
  construct: {
    cfnTypes: ['AWS::AppSync::GraphQLApi'],
    entry: (c, ctx) => {
      const api = ctx.cfnOf<CfnGraphQLApi>(c, 'AWS::AppSync::GraphQLApi');
      return api ? { id: api.attrApiId, label: ctx.label(c) } : undefined;
    },
  },
});
