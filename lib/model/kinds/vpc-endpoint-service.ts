/**
 * VPC endpoint services (PrivateLink, AWS/PrivateLinkServices), one resource per load balancer and Availability
 * Zone as AWS's entry has it (`Service Id`, `Load Balancer Arn`, `Az`: dimension names with spaces).
 */
import type { CfnSubnet, CfnVPCEndpointService } from 'aws-cdk-lib/aws-ec2';
import type { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { MonitoredResource } from '../telemetry-model';
import { safeLabel } from '../naming';
import { awsId } from './aws-ids';
import type { CfnLike } from './construct-refs';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#PrivateLinkServices`;

const SERVICE = defineTable({
  kind: 'vpcEndpointService',
  title: 'VPC endpoint service',
  namespace: 'AWS/PrivateLinkServices',
  dimensions: ['Service Id', 'Load Balancer Arn', 'Az'],
  params: {
    maxResets: { default: 100, doc: 'Reset packets per minute the service may send before the alarm fires.' },
  },
  rows: [
    {
      id: 'rstPacketsSent',
      signal: 'rstPacketsSent',
      metric: { type: 'metric', metricName: 'RstPacketsSent', stat: 'Sum' },
      threshold: { param: 'maxResets' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: false,
      unit: 'count',
      meaning: '{resource} resets more than {threshold} connections from its endpoints a minute',
      firstStep: 'check the load balancer’s targets (unhealthy targets reset connections) and idle timeouts',
      source: SRC,
      why: 'AWS: "depends" on the service: idle timeouts reset connections in a healthy service too, so the normal rate is the baseline of your clients. Off until you set `maxResets` above it and enable the alarm.',
      implements: 'privatelink-services-rstpacketssent',
    },
  ],
  signals: [
    { title: 'Active connections', metricName: 'ActiveConnections', stat: 'Average' },
    { title: 'New connections', metricName: 'NewConnections', stat: 'Sum' },
    { title: 'Bytes processed', metricName: 'BytesProcessed', stat: 'Sum' },
    { title: 'Reset packets sent', metricName: 'RstPacketsSent', stat: 'Sum' },
  ],
  cost: [],
});

const SERVICE_ID = /^vpce-svc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const LB_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(net|gwy)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
const AZ = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

export const vpcEndpointService = defineKind({
  key: 'vpcEndpointService',
  dashboard: 'network',
  tables: [SERVICE],
  account: [],
  config: {
    doc: 'VPC endpoint services (PrivateLink), by service id, per load balancer and Availability Zone.',
    schema: (k) => ({
      entry: k.obj({
        id: awsId(
          k,
          SERVICE_ID,
          'vpce-svc-0123456789abcdef0',
          'The endpoint service id (the "Service Id" dimension).',
        ),
        label: k.label,
        loadBalancers: k.z
          .array(
            awsId(
              k,
              LB_ARN,
              'a Network or Gateway Load Balancer ARN',
              'A load balancer ARN (the "Load Balancer Arn" dimension).',
            ),
          )
          .min(1)
          .max(10, { message: 'at most 10 load balancers per endpoint service' })
          .describe('The service’s load balancers. Read from the construct.'),
        zones: k.z
          .array(
            awsId(
              k,
              AZ,
              'an Availability Zone name, e.g. eu-west-1a',
              'An Availability Zone (the "Az" dimension).',
            ),
          )
          .min(1)
          .max(10, { message: 'at most 10 Availability Zones' })
          .describe('The Availability Zones the load balancers serve. Read from their subnets.'),
        maxResets: k
          .int('Reset packets per minute tolerated (alarm off until enabled).', 0, 1_000_000_000)
          .optional(),
        alarms: k.alarms(SERVICE),
      }),
      defaults: {},
    }),
    resources: (e, ctx) => {
      const label = ctx.label(e.label, e.id);
      const overrides = ctx.overrides(e.alarms);
      const out: Array<MonitoredResource<'vpcEndpointService'>> = [];
      e.loadBalancers.forEach((arn, i) =>
        e.zones.forEach((zone, j) =>
          out.push({
            kind: 'vpcEndpointService',
            label: safeLabel(
              `${label}${e.loadBalancers.length > 1 ? `-lb${i + 1}` : ''}-${ctx.isToken(zone) ? `az${j + 1}` : zone}`,
            ),
            dimensions: { 'Service Id': e.id, 'Load Balancer Arn': arn, Az: zone },
            params: ctx.params(SERVICE, { maxResets: e.maxResets }),
            overrides,
            origin: ctx.origin('zones', j),
          }),
        ),
      );
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    id: `vpce-svc-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`,
    label: `ledger-api-${n}`,
    loadBalancers: [
      `arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/ledger-${n}/60dc6c495c0c91${String(n).padStart(2, '0')}`,
    ],
    zones: ['eu-west-1a', 'eu-west-1b'],
    // A team that has measured its reset baseline: the alarm on above it.
    maxResets: 500,
    alarms: { rstPacketsSent: { enabled: true } },
  }),
  construct: {
    cfnTypes: ['AWS::EC2::VPCEndpointService'],
    entry: (c, ctx) => {
      const service = ctx.cfnOf<CfnVPCEndpointService>(c, 'AWS::EC2::VPCEndpointService');
      if (!service) return undefined;
      const loadBalancers = [
        ...(service.networkLoadBalancerArns ?? []),
        ...(service.gatewayLoadBalancerArns ?? []),
      ];
      // The zones are the load balancers' subnets' zones, when the template knows them (a stack with an env).
      const zones = new Set<string>();
      let known = loadBalancers.length > 0;
      for (const arn of loadBalancers) {
        const lb = ctx.referenced<CfnLoadBalancer & CfnLike>(
          service,
          arn,
          'AWS::ElasticLoadBalancingV2::LoadBalancer',
        );
        const subnets = Array.isArray(lb?.subnets) ? lb.subnets : [];
        if (!lb || subnets.length === 0) known = false;
        for (const subnet of subnets) {
          const zone =
            lb && ctx.string(ctx.referenced<CfnSubnet>(lb, subnet, 'AWS::EC2::Subnet')?.availabilityZone);
          if (zone) zones.add(zone);
          else known = false;
        }
      }
      if (!known) {
        ctx.warn(
          c,
          'cdk-telemetry:endpointServiceZones',
          'not watched: the Availability Zones of this endpoint service’s load balancers are unknown at synth (the metric needs them); list it in telemetry.yaml with `zones`, or give the stack an explicit env',
        );
        return undefined;
      }
      return {
        id: service.ref,
        label: ctx.label(c),
        loadBalancers,
        zones: [...zones].sort(),
      };
    },
  },
});
