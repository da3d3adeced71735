/** Transit gateways (`TransitGateway`). Not in AWS's list; rows from the Transit Gateway metrics documentation. */
import type { CfnTransitGateway } from 'aws-cdk-lib/aws-ec2';
import { awsId } from './aws-ids';
import { defineKind, defineTable } from './types';

const METRICS = 'https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-cloudwatch-metrics.html';

const TGW = defineTable({
  kind: 'transitGateway',
  title: 'Transit gateway',
  namespace: 'AWS/TransitGateway',
  dimensions: ['TransitGateway'],
  params: {
    maxBlackholeDrops: { default: 0, doc: 'Packets dropped by blackhole routes per minute tolerated.' },
  },
  rows: [
    {
      id: 'noRouteDrops',
      signal: 'noRouteDrops',
      metric: { type: 'metric', metricName: 'PacketDropCountNoRoute', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} drops packets that match no route',
      firstStep:
        'compare the attachments’ route tables with the destinations the dropped traffic goes to (VPC Flow Logs, Network Manager Route Analyzer)',
      source: METRICS,
      why: "Not in AWS's list: traffic with no route in each of 5 minutes is a missing route or propagation (a new VPC, a withdrawn BGP prefix); it never reaches its destination.",
    },
    {
      id: 'blackholeDrops',
      signal: 'blackholeDrops',
      metric: { type: 'metric', metricName: 'PacketDropCountBlackhole', stat: 'Sum' },
      threshold: { param: 'maxBlackholeDrops' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: false,
      unit: 'count',
      meaning: '{resource} drops more than {threshold} packets a minute on blackhole routes',
      firstStep:
        'find which attachment was deleted (its routes turn into blackholes) or which blackhole route matches the traffic',
      source: METRICS,
      why: "Not in AWS's list: off by default, because blackhole routes are often set on purpose to drop traffic; enable it where a blackhole can only mean a deleted attachment.",
    },
  ],
  signals: [
    { title: 'Bytes in', metricName: 'BytesIn', stat: 'Sum' },
    { title: 'Bytes out', metricName: 'BytesOut', stat: 'Sum' },
    { title: 'Packets dropped (no route)', metricName: 'PacketDropCountNoRoute', stat: 'Sum' },
    { title: 'Packets dropped (blackhole)', metricName: 'PacketDropCountBlackhole', stat: 'Sum' },
  ],
  cost: [],
});

const TGW_ID = /^tgw-[0-9a-f]{8}([0-9a-f]{9})?$/;

export const transitGateway = defineKind({
  key: 'transitGateway',
  dashboard: 'network',
  tables: [TGW],
  account: [],
  config: {
    doc: 'Transit gateways, by id.',
    schema: (k) => {
      const id = awsId(
        k,
        TGW_ID,
        'tgw-0123456789abcdef0',
        'The transit gateway id (the TransitGateway dimension).',
      );
      return {
        entry: k.z.union([id, k.obj({ id, label: k.label, alarms: k.alarms(TGW) })]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      return [
        {
          kind: 'transitGateway',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { TransitGateway: e.id },
          params: ctx.params(TGW, {}),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ id: `tgw-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`, label: `core-tgw-${n}` }),
  construct: {
    cfnTypes: ['AWS::EC2::TransitGateway'],
    entry: (c, ctx) => {
      const tgw = ctx.cfnOf<CfnTransitGateway>(c, 'AWS::EC2::TransitGateway');
      return tgw ? { id: tgw.ref, label: ctx.label(c) } : undefined;
    },
  },
});
