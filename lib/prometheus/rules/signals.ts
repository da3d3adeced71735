/**
 * Which CloudWatch alarms of the catalog have a Prometheus counterpart, and how it reads the application's
 * OpenTelemetry metrics; and, for every other row, why there is none. Data: one generic planner (`plan.ts`) turns a
 * mirrored row into recording and alerting rules. A test checks that every row of every kind is in one table or
 * the other, so a new catalog row has to be decided here.
 *
 * SLO burn-rate tiers and the runtime's own metrics add rows the same way (a {@link MirrorRule} per row), through
 * {@link RULE_SOURCES}.
 */
import { CATALOG, type ResourceKind } from '../../model/kinds';

/** Where a mirrored row's series are selected. */
export type MirrorScope =
  /** The budgeted operation (`operation` label): a Lambda function's `operation`. */
  | 'operation'
  /** The route of an API method (`http_request_method`, `http_route`). */
  | 'route'
  /** Every request of the service (an API stage's error rates: the stage serves the service). */
  | 'service';

/** How one catalog row reads in Prometheus. */
export type MirrorRule =
  | {
      /** The row's percentile of `http.server.request.duration` over the period, against the threshold in seconds. */
      readonly kind: 'quantile';
      readonly scope: 'operation' | 'route';
    }
  | {
      /** The share of requests in percent with a `statusClass`xx status, guarded by the row's minimum traffic. */
      readonly kind: 'ratio';
      readonly scope: 'service';
      readonly statusClass: '4' | '5';
    };

const budget = (scope: 'operation' | 'route') =>
  ({
    latencyBudget: { kind: 'quantile', scope },
    latencyBudgetCritical: { kind: 'quantile', scope },
  }) as const;

const errorRates = {
  serverErrorRate: { kind: 'ratio', scope: 'service', statusClass: '5' },
  clientErrorRate: { kind: 'ratio', scope: 'service', statusClass: '4' },
} as const;

/** Rows with a Prometheus counterpart, by kind and row id. */
export const MIRRORED: Partial<Record<ResourceKind, Readonly<Record<string, MirrorRule>>>> = {
  lambda: budget('operation'),
  restApiRoute: budget('route'),
  httpApiRoute: budget('route'),
  restApi: errorRates,
  httpApi: errorRates,
};

const LAMBDA_PLATFORM =
  'a Lambda platform metric: the service measures it outside the function, and it exists in CloudWatch only';
const GATEWAY =
  "measured by API Gateway around the integration; the application's HTTP server histogram starts inside the handler, so the per-route budgets are mirrored instead";
const DYNAMODB = 'DynamoDB publishes it to CloudWatch only; the application does not see it';
const SQS = 'an SQS queue metric, published to CloudWatch only';
const SNS = 'an SNS topic metric, published to CloudWatch only';
const STATES =
  'Step Functions measures executions outside the application (no HTTP server histogram sees a workflow), and publishes them to CloudWatch only';
const OFF_BASELINE = 'off by default: a traffic floor needs a baseline';
/** Per-method rows API Gateway measures, off by default (the budgets are the per-route latency alarms). */
const routeRows = {
  routeLatency: `off by default; ${GATEWAY}`,
  routeTraffic: OFF_BASELINE,
} as const;

/** Every row of a kind, for the same reason: a service that measures itself and publishes to CloudWatch only. */
const everyRow = (kind: ResourceKind, reason: string): Readonly<Record<string, string>> =>
  Object.fromEntries(CATALOG[kind].rows.map((r) => [r.id, reason]));
const INFRA = (what: string) =>
  `${what} measures the infrastructure, outside the application's HTTP server histogram, and publishes to CloudWatch only`;
/** The compute and container kinds: no OpenTelemetry HTTP metric sees what they alarm on. */
const INFRASTRUCTURE_KINDS: Partial<Record<ResourceKind, string>> = {
  ec2Instance: INFRA('EC2'),
  ec2InstanceAgent: INFRA('The CloudWatch agent'),
  ebsVolume: INFRA('EBS'),
  ebsAttachment: INFRA('EBS'),
  autoScalingGroup: INFRA('Auto Scaling'),
  ecsCluster: INFRA('ECS'),
  ecsClusterInsights: INFRA('Container Insights'),
  ecsService: INFRA('ECS'),
  ecsServiceInsights: INFRA('Container Insights'),
  ecsServiceConnect: INFRA('ECS Service Connect'),
  ecsContainer: INFRA('Container Insights'),
  eksCluster: INFRA('EKS'),
  eksClusterInsights: INFRA('Container Insights'),
  eksService: INFRA('Container Insights'),
  lambdaAsync: INFRA('Lambda (asynchronous invocation)'),
  lambdaStream: INFRA('Lambda (stream iterator age)'),
  lambdaInsights: INFRA('Lambda Insights'),
  lambdaEventSourceMapping: INFRA('Lambda (event source mappings)'),
  codeBuild: INFRA('CodeBuild'),
  appRunner: INFRA('App Runner (its request router and instances)'),
  sagemakerEndpoint: INFRA('SageMaker (the endpoint and its model container)'),
  glueJob: INFRA('Glue'),
  memoryDb: INFRA('MemoryDB'),
  rdsInstance: INFRA('RDS'),
  auroraCluster: INFRA('Aurora'),
  elasticache: INFRA('ElastiCache'),
  elasticacheNode: INFRA('ElastiCache'),
  efs: INFRA('EFS'),
  s3: INFRA('S3 (request metrics)'),
  s3Replication: INFRA('S3 replication'),
  s3ObjectLambda: INFRA('S3 Object Lambda'),
  openSearch: INFRA('OpenSearch Service'),
  redshift: INFRA('Redshift'),
  documentDb: INFRA('DocumentDB'),
  dynamodbKinesis: INFRA('DynamoDB (Kinesis streaming destination)'),
  dynamodbReplica: INFRA('DynamoDB (global table replication)'),
  certificate: INFRA('ACM'),
  cloudfront: INFRA('CloudFront'),
  cloudfrontFunction: INFRA('CloudFront Functions'),
  cognito: INFRA('Cognito'),
  cognitoFederation: INFRA('Cognito (federation)'),
  route53HealthCheck: INFRA('Route 53 health checks'),
  websocketApi: INFRA('API Gateway (WebSocket)'),
  websocketApiRoute: INFRA('API Gateway (WebSocket routes)'),
  applicationLoadBalancer: INFRA('Elastic Load Balancing (ALB)'),
  applicationLoadBalancerTargetGroup: INFRA('Elastic Load Balancing (ALB target groups)'),
  appSync: INFRA('AppSync'),
  wafWebAcl: INFRA('AWS WAF'),
  wafWebAclCloudFront: INFRA('AWS WAF (CloudFront scope)'),
  natGateway: INFRA('NAT Gateway'),
  vpcEndpoint: INFRA('PrivateLink (endpoints)'),
  vpcEndpointService: INFRA('PrivateLink (endpoint services)'),
  vpnConnection: INFRA('Site-to-Site VPN'),
  vpnTunnel: INFRA('Site-to-Site VPN'),
  networkLoadBalancer: INFRA('Elastic Load Balancing (NLB)'),
  networkLoadBalancerTargetGroup: INFRA('Elastic Load Balancing (NLB target groups)'),
  transitGateway: INFRA('Transit Gateway'),
  kinesis: INFRA('Kinesis Data Streams'),
  kinesisConsumer: INFRA('Kinesis Data Streams (enhanced fan-out)'),
  scheduler: INFRA('EventBridge Scheduler'),
  schedulerAccount: INFRA('EventBridge Scheduler'),
  eventRule: INFRA('EventBridge'),
  eventRuleCustomBus: INFRA('EventBridge'),
  eventBus: INFRA('EventBridge'),
  pipe: INFRA('EventBridge Pipes'),
  firehose: INFRA('Amazon Data Firehose'),
  ses: INFRA('SES'),
  sesAccount: INFRA('SES'),
  msk: INFRA('Amazon MSK'),
  mskBroker: INFRA('Amazon MSK'),
  amazonMq: INFRA('Amazon MQ'),
  canary: INFRA('CloudWatch Synthetics (a canary outside the application)'),
};

/** Rows without a Prometheus counterpart, and why (shown in the README and by `cdk-telemetry catalog`). */
export const NOT_MIRRORED: Partial<Record<ResourceKind, Readonly<Record<string, string>>>> = {
  lambda: {
    errorRate:
      "Lambda's Errors count invocations that fail in the runtime (exceptions, timeouts, out of memory), which no HTTP status shows; the runtime's own metrics will add a counterpart",
    errors: LAMBDA_PLATFORM,
    throttles: LAMBDA_PLATFORM,
    duration: `closeness to the timeout is ${LAMBDA_PLATFORM}`,
    concurrency: LAMBDA_PLATFORM,
  },
  lambdaAccount: { claimedConcurrency: `account-wide: ${LAMBDA_PLATFORM}` },
  restApi: { latency: GATEWAY, traffic: OFF_BASELINE },
  restApiRoute: routeRows,
  httpApi: {
    latency: GATEWAY,
    traffic: OFF_BASELINE,
    integrationLatency: `off by default; ${GATEWAY}`,
  },
  httpApiRoute: routeRows,
  dynamodb: { readThrottles: DYNAMODB, writeThrottles: DYNAMODB, systemErrors: DYNAMODB },
  dynamodbOperation: { latency: DYNAMODB },
  dynamodbIndex: { indexReadThrottles: DYNAMODB, indexWriteThrottles: DYNAMODB },
  dynamodbAccount: { accountReadCapacity: DYNAMODB, accountWriteCapacity: DYNAMODB, userErrors: DYNAMODB },
  sqs: { messageAge: SQS, backlog: SQS, inFlight: SQS, messagesSent: SQS },
  sqsDlq: { deadLetters: SQS },
  sns: {
    notificationsFailed: SNS,
    filteredInvalidAttributes: SNS,
    filteredInvalidBody: SNS,
    redrivenToDlq: SNS,
    failedToRedrive: SNS,
    published: SNS,
    delivered: SNS,
  },
  snsAccount: { smsSpend: `account-wide: ${SNS}`, smsSuccessRate: `account-wide: ${SNS}` },
  stepFunctions: {
    failureRate: STATES,
    executionsFailed: STATES,
    executionsTimedOut: STATES,
    executionThrottled: STATES,
    executionsAborted: STATES,
    duration: STATES,
    latencyBudget: STATES,
    latencyBudgetCritical: STATES,
  },
  ...Object.fromEntries(
    Object.entries(INFRASTRUCTURE_KINDS).map(([kind, reason]) => [
      kind,
      everyRow(kind as ResourceKind, reason!),
    ]),
  ),
};

/**
 * Where a kind's mirrored rows select their series (every row of a kind selects them alike), if it has any: an SLO
 * on a resource of that kind reads the same series.
 */
export function mirrorScopeOf(kind: ResourceKind): MirrorScope | undefined {
  const table = MIRRORED[kind];
  return table ? Object.values(table)[0]?.scope : undefined;
}

/** The mirror of a row, if it has one. */
export function mirrorOf(kind: ResourceKind, rowId: string): MirrorRule | undefined {
  const table = MIRRORED[kind];
  return table && Object.hasOwn(table, rowId) ? table[rowId] : undefined;
}

/**
 * Where alert rules come from, in order. `catalog` mirrors the rows above; the other sources are the places SLO
 * burn-rate tiers (`burn-rate.ts`, from the model's tier table) and the runtime's metrics plug into.
 */
export const RULE_SOURCES = [
  { id: 'catalog', doc: 'performance budgets and guarded error rates of the catalog (MIRRORED)' },
  {
    id: 'sloBurnRate',
    doc: "multiwindow burn-rate tiers of each SLO, from lib/model/slo.ts's tier table (burn-rate.ts)",
  },
  {
    id: 'runtime',
    doc: "thresholds on the app runtime's own metrics (lib/model/app-metrics.ts; the runtime writes them as EMF to CloudWatch and no catalog row reads them yet)",
  },
] as const;
