/**
 * The registry of resource kinds: one line per kind file. Everything else loops over it: the config schema and
 * its conversion to the model, planning, dashboards (CloudWatch and Grafana), cost, the catalog command and the
 * tools that read alarms back (`kindOf`). Add a kind: write `<kind>.ts` (see CONTRIBUTING.md), add its line here,
 * run the tests.
 */
import { amazonMq } from './amazon-mq';
import { appRunner } from './app-runner';
import { auroraCluster } from './aurora-cluster';
import { autoScalingGroup } from './auto-scaling-group';
import { canary } from './canary';
import { codeBuild } from './codebuild';
import { websocketApi } from './websocket-api';
import { applicationLoadBalancer } from './application-load-balancer';
import { appSync } from './appsync';
import { wafWebAcl } from './waf-web-acl';
import { natGateway } from './nat-gateway';
import { vpcEndpoint } from './vpc-endpoint';
import { vpcEndpointService } from './vpc-endpoint-service';
import { vpnConnection } from './vpn-connection';
import { networkLoadBalancer } from './network-load-balancer';
import { transitGateway } from './transit-gateway';
import { certificate } from './certificate';
import { cloudfront } from './cloudfront';
import { cognito } from './cognito';
import { route53HealthCheck } from './route53-health-check';
import { documentDb } from './documentdb';
import { dynamodb } from './dynamodb';
import { ebsVolume } from './ebs-volume';
import { ec2Instance } from './ec2-instance';
import { ecsCluster } from './ecs-cluster';
import { efs } from './efs';
import { elasticache } from './elasticache';
import { ecsService } from './ecs-service';
import { eksCluster } from './eks-cluster';
import { eventBus } from './event-bus';
import { eventRule } from './event-rule';
import { firehose } from './firehose';
import { glueJob } from './glue-job';
import { httpApi } from './http-api';
import { kinesis } from './kinesis';
import { lambda } from './lambda';
import { lambdaEventSourceMapping } from './lambda-event-source-mapping';
import { memoryDb } from './memorydb';
import { msk } from './msk';
import { pipe } from './pipe';
import { restApi } from './rest-api';
import { scheduler } from './scheduler';
import { ses } from './ses';
import { openSearch } from './opensearch';
import { rdsInstance } from './rds-instance';
import { redshift } from './redshift';
import { s3 } from './s3';
import { s3ObjectLambda } from './s3-object-lambda';
import { sagemakerEndpoint } from './sagemaker-endpoint';
import { sns } from './sns';
import { sqs } from './sqs';
import { stepFunctions } from './step-functions';
import { DASHBOARD_SECTIONS, type AnyKind, type KindCatalog, type KindDefinition } from './types';

export * from './types';

/** Checks that each kind sits under its own key. */
function registry<T extends { readonly [K in keyof T]: AnyKind & { readonly key: K } }>(kinds: T): T {
  return kinds;
}

/**
 * Every kind, keyed by its telemetry.yaml key. The order is the order of `services[]` keys in the config schema and
 * of resources within a service; dashboards order kinds by their `dashboard` section first.
 */
export const KINDS = registry({
  lambda,
  restApi,
  httpApi,
  dynamodb,
  sqs,
  sns,
  stepFunctions,
  ec2Instance,
  ebsVolume,
  autoScalingGroup,
  ecsCluster,
  ecsService,
  eksCluster,
  lambdaEventSourceMapping,
  codeBuild,
  appRunner,
  sagemakerEndpoint,
  kinesis,
  scheduler,
  eventRule,
  eventBus,
  pipe,
  firehose,
  ses,
  msk,
  amazonMq,
  rdsInstance,
  auroraCluster,
  elasticache,
  efs,
  s3,
  s3ObjectLambda,
  openSearch,
  redshift,
  canary,
  certificate,
  cloudfront,
  cognito,
  route53HealthCheck,
  websocketApi,
  applicationLoadBalancer,
  appSync,
  wafWebAcl,
  natGateway,
  vpcEndpoint,
  vpcEndpointService,
  vpnConnection,
  networkLoadBalancer,
  transitGateway,
  documentDb,
  glueJob,
  memoryDb,
});

/** A kind's telemetry.yaml key. */
export type KindKey = keyof typeof KINDS;

/** The kind of a monitored resource: a kind's own table, a child's (routes, operations, dead letters) or an account table. */
export type ResourceKind = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [K in KindKey]: (typeof KINDS)[K] extends KindDefinition<infer A, infer B, any> ? A | B : never;
}[KindKey];

/** The kinds, in registry order. */
export const KIND_LIST: readonly AnyKind[] = Object.values(KINDS);

/** Every table, keyed by resource kind: per kind its own table, its children's, then its account tables. */
export const CATALOG = Object.fromEntries(
  KIND_LIST.flatMap((k) => [...k.tables, ...k.account].map((t) => [t.kind, t])),
) as { readonly [R in ResourceKind]: KindCatalog<R> };

/** Every resource kind of the catalog (services' kinds, their children's and account-wide ones), in registry order. */
export const RESOURCE_KINDS = Object.keys(CATALOG) as ResourceKind[];

/** Whether a text (from a user or a template) names a resource kind; safe for `__proto__` and friends. */
export const isResourceKind = (text: string): text is ResourceKind => Object.hasOwn(CATALOG, text);

/** The kind definition a resource kind's table belongs to. */
export const KIND_OF_TABLE: ReadonlyMap<ResourceKind, AnyKind> = new Map(
  KIND_LIST.flatMap((k) => [...k.tables, ...k.account].map((t) => [t.kind as ResourceKind, k])),
);

/**
 * The order resource kinds appear in on a service dashboard (CloudWatch and Grafana): by the kind's dashboard
 * section, then registry order, each kind's own table before its children's. Derived, so no kind can be left out.
 */
export const KIND_ORDER: readonly ResourceKind[] = DASHBOARD_SECTIONS.flatMap((section) =>
  KIND_LIST.filter((k) => k.dashboard === section).flatMap((k) =>
    k.tables.map((t) => t.kind as ResourceKind),
  ),
);

/** The namespace and dimension names a row's metric has, for a resource of a table. */
export function rowMetricShape(
  table: KindCatalog,
  row: KindCatalog['rows'][number],
): { namespace: string; dimensions: string[] } {
  const dims = row.dimensionMap ? Object.keys(row.dimensionMap) : [...table.dimensions];
  return {
    namespace: row.namespace ?? table.namespace,
    dimensions: [...dims, ...Object.keys(row.fixedDimensions ?? {})],
  };
}

let index: Map<string, ResourceKind[]> | undefined;
const keyOf = (namespace: string, dims: readonly string[], signal: string) =>
  `${namespace}|${[...dims].sort().join(',')}|${signal}`;

/**
 * The kind of a resource from what CloudWatch sees: namespace, dimension names and the alarm's signal. Used to
 * read labels back from alarm names. Undefined when no kind (or more than one) matches.
 */
export function kindOf(
  namespace: string,
  dimensionNames: readonly string[],
  signal: string,
): ResourceKind | undefined {
  if (!index) {
    index = new Map();
    for (const kind of RESOURCE_KINDS) {
      const table: KindCatalog = CATALOG[kind];
      for (const row of table.rows) {
        const shape = rowMetricShape(table, row);
        const key = keyOf(shape.namespace, shape.dimensions, row.signal);
        const list = index.get(key) ?? [];
        if (!list.includes(kind)) list.push(kind);
        index.set(key, list);
      }
    }
  }
  const matches = index.get(keyOf(namespace, dimensionNames, signal)) ?? [];
  return matches.length === 1 ? matches[0] : undefined;
}
