/** VPC NAT gateways (`NatGatewayId`): port allocation errors and dropped packets, from AWS's list. */
import type { CfnNatGateway } from 'aws-cdk-lib/aws-ec2';
import { awsId } from './aws-ids';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';
import { guardedRate } from './messaging-rows';

const SRC = `${AWS_RECOMMENDED}#NATGateway`;

const NAT = defineTable({
  kind: 'natGateway',
  title: 'NAT gateway',
  namespace: 'AWS/NATGateway',
  dimensions: ['NatGatewayId'],
  params: {
    minPackets: {
      default: 1000,
      doc: 'Packets per minute from the VPC below which the drop rate is not evaluated.',
    },
    dropRate: { default: 0.01, doc: 'Dropped packets in percent of the packets from the VPC (AWS: 0.01 %).' },
  },
  rows: [
    {
      id: 'portAllocationErrors',
      signal: 'portAllocationErrors',
      metric: { type: 'metric', metricName: 'ErrorPortAllocation', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} could not allocate a source port: connections through it fail',
      firstStep:
        'find the instances opening many connections to one destination (55,000 per destination); add a secondary IP to the gateway or spread destinations',
      source: SRC,
      why: 'AWS: any port allocation error for 15 minutes.',
      implements: 'natgateway-errorportallocation',
    },
    guardedRate(
      {
        id: 'packetDropRate',
        metricName: 'PacketsDropCount',
        denominator: 'PacketsInFromSource',
        minParam: 'minPackets',
        label: 'Dropped packets (%)',
        guard: 'with at least {min} packets from the VPC {period}',
        meaning: '{resource} drops more than {threshold} of the packets it handles',
        firstStep:
          'check the AWS Health Dashboard for the NAT gateway’s zone; a sustained drop rate is a service issue',
        source: SRC,
        why: 'AWS: "depends", 0.01 % of the traffic through the gateway. Computed here as 100 * PacketsDropCount / PacketsInFromSource (packets from the VPC), only with at least `minPackets` (1,000) a minute, so a handful of drops on an idle gateway does not fire.',
        implements: 'natgateway-packetsdropcount',
        differs: ['statistic'],
      },
      { param: 'dropRate' },
      { datapoints: [5, 5] },
    ),
  ],
  signals: [
    { title: 'Active connections', metricName: 'ActiveConnectionCount', stat: 'Maximum' },
    { title: 'Bytes out to destination', metricName: 'BytesOutToDestination', stat: 'Sum' },
    { title: 'Packets dropped', metricName: 'PacketsDropCount', stat: 'Sum' },
    { title: 'Port allocation errors', metricName: 'ErrorPortAllocation', stat: 'Sum' },
  ],
  cost: [],
});

const NAT_ID = /^nat-[0-9a-f]{8}([0-9a-f]{9})?$/;

export const natGateway = defineKind({
  key: 'natGateway',
  dashboard: 'network',
  tables: [NAT],
  account: [],
  config: {
    doc: 'NAT gateways, by id.',
    schema: (k) => {
      const id = awsId(
        k,
        NAT_ID,
        'nat-0123456789abcdef0',
        'The NAT gateway id (the NatGatewayId dimension).',
      );
      return {
        entry: k.z.union([id, k.obj({ id, label: k.label, alarms: k.alarms(NAT) })]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      return [
        {
          kind: 'natGateway',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { NatGatewayId: e.id },
          params: ctx.params(NAT, {}),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ id: `nat-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`, label: `egress-${n}` }),
  construct: {
    cfnTypes: ['AWS::EC2::NatGateway'],
    entry: (c, ctx) => {
      const nat = ctx.cfnOf<CfnNatGateway>(c, 'AWS::EC2::NatGateway');
      return nat ? { id: nat.ref, label: ctx.label(c) } : undefined;
    },
  },
});
