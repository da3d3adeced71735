/**
 * Application Load Balancers (`LoadBalancer`: `app/<name>/<id>`) and their target groups (`TargetGroup`,
 * `LoadBalancer`). Not in AWS's list; rows from the ALB CloudWatch metrics documentation.
 */
import { parseDurationMs } from '../duration';
import {
  countRowBuilder,
  loadBalancerConstruct,
  loadBalancerFields,
  loadBalancerResources,
  targetGroupTable,
} from './load-balancer';
import { defineKind, defineTable, type CatalogRow } from './types';
import { requestErrorRateRow } from './request-error-rate';

const METRICS =
  'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html';

const rate = (
  id: string,
  numerator: string,
  severity: 'critical' | 'warning',
  minutes: number,
  what: string,
  firstStep: string,
  why: string,
): CatalogRow =>
  requestErrorRateRow({
    id,
    numerator,
    denominator: { metricName: 'RequestCount', stat: 'Sum' },
    severity,
    minutes,
    what,
    threshold: { param: 'errorRate' },
    firstStep,
    source: METRICS,
    why,
  });

const count = countRowBuilder(METRICS);

const RATE_PARAMS = {
  minRequests: { default: 10, doc: 'Requests per minute below which error rates are not evaluated.' },
  errorRate: { default: 5, doc: 'Error rate in percent of requests.' },
};

const LOAD_BALANCER = defineTable({
  kind: 'applicationLoadBalancer',
  title: 'Application Load Balancer',
  namespace: 'AWS/ApplicationELB',
  dimensions: ['LoadBalancer'],
  params: {
    ...RATE_PARAMS,
    targetResponseTime: { default: 2.5, doc: 'p90 target response time threshold in seconds.' },
    maxClientTlsErrors: { default: 10, doc: 'Client TLS negotiation errors per minute tolerated.' },
  },
  rows: [
    rate(
      'elbServerErrorRate',
      'HTTPCode_ELB_5XX_Count',
      'critical',
      3,
      'Load balancer 5xx errors',
      'check the targets (502: bad responses, 503: no healthy targets, 504: timeouts) and the target groups’ health',
      "Not in AWS's list: 5xx the load balancer itself returns, as a share of requests (RequestCount), more than 5 % for 3 minutes with at least `minRequests` (10) requests a minute, like API Gateway's 5xx rows. Users get these errors, so it pages.",
    ),
    {
      id: 'targetResponseTime',
      signal: 'targetResponseTime',
      metric: { type: 'metric', metricName: 'TargetResponseTime', stat: 'p90' },
      threshold: { param: 'targetResponseTime' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'ignore',
      enabled: true,
      unit: 's',
      meaning: '{stat} target response time of {resource} is above {threshold}',
      firstStep: 'find the slow target group and look at its targets’ CPU, memory and dependencies',
      source: METRICS,
      why: 'Not in AWS\'s list (AWS has it for ECS services behind a load balancer, threshold "depends"): p90 above 2.5 s for 5 minutes, the starting point API Gateway\'s latency rows use. The metric is in seconds.',
    },
    count(
      'rejectedConnections',
      'RejectedConnectionCount',
      'rejects connections: it reached its maximum number of connections',
      'spread the load (more load balancers) or ask AWS to pre-warm; check for a connection storm',
      "Not in AWS's list: any rejected connection for 5 minutes; the load balancer is at its connection limit and clients fail.",
    ),
    count(
      'targetConnectionErrors',
      'TargetConnectionErrorCount',
      'cannot connect to its targets',
      'check the targets’ security groups, ports and whether they are listening',
      "Not in AWS's list: connections the load balancer could not open to a target in each of 5 minutes: a target is down or a security group blocks it.",
    ),
    count(
      'targetTlsErrors',
      'TargetTLSNegotiationErrorCount',
      'fails TLS handshakes with its targets',
      'check the targets’ certificates and TLS settings (HTTPS target groups)',
      "Not in AWS's list: TLS failures toward HTTPS targets in each of 5 minutes; none for HTTP targets (no data, not breaching).",
    ),
    count(
      'clientTlsErrors',
      'ClientTLSNegotiationErrorCount',
      'fails TLS handshakes with more than {threshold} clients a minute',
      'compare the clients’ TLS versions and ciphers with the listener’s security policy',
      "Not in AWS's list: off by default, because outdated clients and scanners cause a steady trickle: set `maxClientTlsErrors` above your baseline and enable it (e.g. after tightening the security policy).",
      { threshold: { param: 'maxClientTlsErrors' }, enabled: false },
    ),
  ],
  signals: [
    { title: 'Requests', metricName: 'RequestCount', stat: 'Sum' },
    { title: 'ELB 5xx', metricName: 'HTTPCode_ELB_5XX_Count', stat: 'Sum' },
    {
      title: 'Target response time p90',
      unit: 's',
      metricName: 'TargetResponseTime',
      stat: 'p90',
      line: { param: 'targetResponseTime', label: 'alarm' },
    },
    { title: 'Active connections', metricName: 'ActiveConnectionCount', stat: 'Sum' },
    { title: 'Consumed LCUs', metricName: 'ConsumedLCUs', stat: 'Average' },
  ],
  cost: [],
});

const TARGET_GROUP = defineTable(
  targetGroupTable(
    'applicationLoadBalancerTargetGroup',
    'Application Load Balancer target group',
    'AWS/ApplicationELB',
    METRICS,
    {
      params: RATE_PARAMS,
      rows: [
        rate(
          'targetServerErrorRate',
          'HTTPCode_Target_5XX_Count',
          'critical',
          3,
          'Target 5xx errors',
          'read the targets’ logs for the failing requests and check the last deployment',
          'Not in AWS\'s list (AWS has HTTPCode_Target_5XX_Count for ECS services, threshold "depends"): 5xx the targets return as a share of the group\'s requests, more than 5 % for 3 minutes with at least `minRequests` requests a minute. Users get them, so it pages.',
        ),
      ],
      signals: [
        { title: 'Target 5xx', metricName: 'HTTPCode_Target_5XX_Count', stat: 'Sum' },
        { title: 'Requests per target', metricName: 'RequestCountPerTarget', stat: 'Sum' },
      ],
    },
  ),
);

export const applicationLoadBalancer = defineKind({
  key: 'applicationLoadBalancer',
  dashboard: 'edge',
  tables: [LOAD_BALANCER, TARGET_GROUP],
  account: [],
  config: {
    doc: 'Application Load Balancers, by full name (app/<name>/<id>), with their target groups.',
    schema: (k) => {
      const fields = {
        minRequests: k.int('Requests/min before error rates count. Default 10.', 0, 1_000_000).optional(),
        errorRate: k.number('5xx error rate in percent. Default 5.', 0.01, 100).optional(),
        targetResponseTime: k
          .duration('p90 target response time threshold. Default 2.5s.', '1ms', '4000s')
          .optional(),
      };
      const { minHealthy, ...lb } = loadBalancerFields(k, 'app');
      return {
        entry: k.obj({ ...lb, minHealthy, ...fields, alarms: k.alarms(LOAD_BALANCER, TARGET_GROUP) }),
        defaults: { ...fields, minHealthy },
      };
    },
    resources: (e, ctx) => {
      const d = ctx.defaults;
      const responseTime = e.targetResponseTime ?? d.targetResponseTime;
      return loadBalancerResources(
        { lb: LOAD_BALANCER, tg: TARGET_GROUP },
        e,
        {
          minRequests: e.minRequests ?? d.minRequests,
          errorRate: e.errorRate ?? d.errorRate,
          targetResponseTime: responseTime === undefined ? undefined : parseDurationMs(responseTime) / 1000,
        },
        ctx,
      );
    },
    account: () => [],
  },
  example: (n) => ({
    name: `app/shop-${n}/50dc6c495c0c91${String(n).padStart(2, '0')}`,
    targetGroups: [`targetgroup/shop-web-${n}/73e2d6bc24d8a0${String(n).padStart(2, '0')}`],
  }),
  construct: loadBalancerConstruct('application'),
});
