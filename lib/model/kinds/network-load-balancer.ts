/**
 * Network Load Balancers (`LoadBalancer`: `net/<name>/<id>`) and their target groups (`TargetGroup`,
 * `LoadBalancer`). Not in AWS's list; rows from the NLB CloudWatch metrics documentation.
 */
import {
  countRowBuilder,
  loadBalancerConstruct,
  loadBalancerFields,
  loadBalancerResources,
  targetGroupTable,
} from './load-balancer';
import { defineKind, defineTable } from './types';

const METRICS =
  'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html';

const count = countRowBuilder(METRICS);

const LOAD_BALANCER = defineTable({
  kind: 'networkLoadBalancer',
  title: 'Network Load Balancer',
  namespace: 'AWS/NetworkELB',
  dimensions: ['LoadBalancer'],
  params: {
    maxClientTlsErrors: { default: 10, doc: 'Client TLS negotiation errors per minute tolerated.' },
    maxElbResets: { default: 100, doc: 'Resets the load balancer sends per minute tolerated.' },
  },
  rows: [
    count(
      'portAllocationErrors',
      'PortAllocationErrorCount',
      'runs out of source ports toward its targets',
      'spread connections over more targets or IPs; a client that opens many short connections to one target is the usual cause',
      "Not in AWS's list: ephemeral-port exhaustion on the client-IP-translation path in each of 5 minutes; new connections fail.",
    ),
    count(
      'targetTlsErrors',
      'TargetTLSNegotiationErrorCount',
      'fails TLS handshakes with its targets',
      'check the targets’ certificates and TLS settings (TLS target groups)',
      "Not in AWS's list: TLS failures toward TLS targets in each of 5 minutes; none for TCP or UDP targets (no data, not breaching).",
    ),
    count(
      'clientTlsErrors',
      'ClientTLSNegotiationErrorCount',
      'fails TLS handshakes with more than {threshold} clients a minute',
      'compare the clients’ TLS versions and ciphers with the TLS listener’s security policy',
      "Not in AWS's list: off by default, because outdated clients and scanners cause a steady trickle: set `maxClientTlsErrors` above your baseline and enable it.",
      { threshold: { param: 'maxClientTlsErrors' }, enabled: false },
    ),
    count(
      'elbResets',
      'TCP_ELB_Reset_Count',
      'resets more than {threshold} connections a minute itself',
      'look for idle timeouts (350 s for TCP) and connections to deregistered or unhealthy targets',
      "Not in AWS's list: off by default, because every idle timeout resets a connection, so a normal rate depends on the clients: set `maxElbResets` above your baseline and enable it.",
      { threshold: { param: 'maxElbResets' }, enabled: false },
    ),
  ],
  signals: [
    { title: 'Active flows', metricName: 'ActiveFlowCount', stat: 'Average' },
    { title: 'New flows', metricName: 'NewFlowCount', stat: 'Sum' },
    { title: 'Processed bytes', metricName: 'ProcessedBytes', stat: 'Sum' },
    { title: 'Consumed LCUs', metricName: 'ConsumedLCUs', stat: 'Average' },
    { title: 'Target resets', metricName: 'TCP_Target_Reset_Count', stat: 'Sum' },
  ],
  cost: [],
});

const TARGET_GROUP = defineTable(
  targetGroupTable(
    'networkLoadBalancerTargetGroup',
    'Network Load Balancer target group',
    'AWS/NetworkELB',
    METRICS,
    {
      params: {},
      rows: [],
      signals: [],
    },
  ),
);

export const networkLoadBalancer = defineKind({
  key: 'networkLoadBalancer',
  dashboard: 'network',
  tables: [LOAD_BALANCER, TARGET_GROUP],
  account: [],
  config: {
    doc: 'Network Load Balancers, by full name (net/<name>/<id>), with their target groups.',
    schema: (k) => {
      const { minHealthy, ...lb } = loadBalancerFields(k, 'net');
      return {
        entry: k.obj({ ...lb, minHealthy, alarms: k.alarms(LOAD_BALANCER, TARGET_GROUP) }),
        defaults: { minHealthy },
      };
    },
    resources: (e, ctx) => loadBalancerResources({ lb: LOAD_BALANCER, tg: TARGET_GROUP }, e, {}, ctx),
    account: () => [],
  },
  example: (n) => ({
    name: `net/ledger-${n}/60dc6c495c0c91${String(n).padStart(2, '0')}`,
    targetGroups: [`targetgroup/ledger-tcp-${n}/83e2d6bc24d8a0${String(n).padStart(2, '0')}`],
  }),
  construct: loadBalancerConstruct('network'),
});
