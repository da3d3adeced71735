/**
 * Interface and Gateway Load Balancer VPC endpoints (AWS/PrivateLinkEndpoints: `VPC Id`, `VPC Endpoint Id`,
 * `Endpoint Type`, `Service Name`: dimension names with spaces). Gateway endpoints (S3, DynamoDB) publish no
 * metrics and are not monitored.
 */
import type { CfnVPCEndpoint } from 'aws-cdk-lib/aws-ec2';
import { awsId } from './aws-ids';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#PrivateLinkEndpoints`;
const METRICS = 'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html';

const ENDPOINT = defineTable({
  kind: 'vpcEndpoint',
  title: 'VPC endpoint',
  namespace: 'AWS/PrivateLinkEndpoints',
  dimensions: ['VPC Id', 'VPC Endpoint Id', 'Endpoint Type', 'Service Name'],
  params: {
    maxPacketsDropped: { default: 0, doc: 'Dropped packets per minute tolerated.' },
  },
  rows: [
    {
      id: 'packetsDropped',
      signal: 'packetsDropped',
      metric: { type: 'metric', metricName: 'PacketsDropped', stat: 'Sum' },
      threshold: { param: 'maxPacketsDropped' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} drops packets (more than {threshold} a minute)',
      firstStep:
        'check the endpoint’s security groups and the service behind it (its load balancer’s health for an endpoint service)',
      source: SRC,
      why: `AWS: "depends" on the use case; default: drops in each of 5 minutes (\`maxPacketsDropped\` 0), since a healthy endpoint drops none. AWS's page adds Subnet Id, which PrivateLink publishes as a second, per-subnet set; one alarm per endpoint (without Subnet Id, also published: ${METRICS}) sees every subnet's drops.`,
      implements: 'privatelink-endpoints-packetsdropped',
      differs: ['dimensions'],
    },
  ],
  signals: [
    { title: 'Active connections', metricName: 'ActiveConnections', stat: 'Average' },
    { title: 'New connections', metricName: 'NewConnections', stat: 'Sum' },
    { title: 'Bytes processed', metricName: 'BytesProcessed', stat: 'Sum' },
    { title: 'Packets dropped', metricName: 'PacketsDropped', stat: 'Sum' },
  ],
  cost: [],
});

const ENDPOINT_ID = /^vpce-[0-9a-f]{8}([0-9a-f]{9})?$/;
const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SERVICE_NAME = /^[a-z0-9.-]{3,255}$/;
/** What PrivateLink writes in the `Endpoint Type` dimension. */
const TYPES = ['Interface', 'GatewayLoadBalancer'] as const;

export const vpcEndpoint = defineKind({
  key: 'vpcEndpoint',
  dashboard: 'network',
  tables: [ENDPOINT],
  account: [],
  config: {
    doc: 'Interface and Gateway Load Balancer VPC endpoints (gateway endpoints publish no metrics).',
    schema: (k) => ({
      entry: k.obj({
        id: awsId(
          k,
          ENDPOINT_ID,
          'vpce-0123456789abcdef0',
          'The endpoint id (the "VPC Endpoint Id" dimension).',
        ),
        vpc: awsId(k, VPC_ID, 'vpc-0123456789abcdef0', 'The VPC id (the "VPC Id" dimension).'),
        service: awsId(
          k,
          SERVICE_NAME,
          'a service name, e.g. com.amazonaws.eu-west-1.sqs or com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0',
          'The service name (the "Service Name" dimension).',
        ),
        type: k.z
          .enum(TYPES)
          .default('Interface')
          .describe('The endpoint type (the "Endpoint Type" dimension). Default Interface.'),
        label: k.label,
        maxPacketsDropped: k
          .int('Dropped packets per minute tolerated. Default 0.', 0, 1_000_000_000)
          .optional(),
        alarms: k.alarms(ENDPOINT),
      }),
      defaults: {},
    }),
    resources: (e, ctx) => [
      {
        kind: 'vpcEndpoint',
        label: ctx.label(e.label, e.id),
        dimensions: {
          'VPC Id': e.vpc,
          'VPC Endpoint Id': e.id,
          'Endpoint Type': e.type,
          'Service Name': e.service,
        },
        params: ctx.params(ENDPOINT, { maxPacketsDropped: e.maxPacketsDropped }),
        overrides: ctx.overrides(e.alarms),
        origin: ctx.origin(),
      },
    ],
    account: () => [],
  },
  example: (n) => ({
    id: `vpce-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`,
    vpc: 'vpc-0a1b2c3d4e5f60001',
    service: 'com.amazonaws.eu-west-1.sqs',
    label: `sqs-endpoint-${n}`,
  }),
  construct: {
    cfnTypes: ['AWS::EC2::VPCEndpoint'],
    entry: (c, ctx) => {
      const endpoint = ctx.cfnOf<CfnVPCEndpoint>(c, 'AWS::EC2::VPCEndpoint');
      if (!endpoint) return undefined;
      // CloudFormation's default type is Gateway, which publishes no metrics.
      const type = ctx.string(endpoint.vpcEndpointType) ?? 'Gateway';
      // Resource and service-network endpoints have no service name and publish under other dimensions.
      if (!(TYPES as readonly string[]).includes(type) || endpoint.serviceName === undefined)
        return undefined;
      return {
        id: endpoint.ref,
        vpc: endpoint.vpcId,
        service: endpoint.serviceName,
        type: type as (typeof TYPES)[number],
        label: ctx.label(c),
      };
    },
  },
});
