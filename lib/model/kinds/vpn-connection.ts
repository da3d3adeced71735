/**
 * Site-to-Site VPN connections (`VpnId`) and their tunnels (`TunnelIpAddress`, a child table): tunnel state, from
 * AWS's list, and the whole connection down.
 */
import type { CfnVPNConnection } from 'aws-cdk-lib/aws-ec2';
import type { MonitoredResource } from '../telemetry-model';
import { safeLabel } from '../naming';
import { awsId } from './aws-ids';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#VPN`;
const METRICS = 'https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-cloudwatch-vpn.html';

const CONNECTION = defineTable({
  kind: 'vpnConnection',
  title: 'Site-to-Site VPN connection',
  namespace: 'AWS/VPN',
  dimensions: ['VpnId'],
  params: {},
  rows: [
    {
      id: 'tunnelDown',
      signal: 'tunnelDown',
      metric: { type: 'metric', metricName: 'TunnelState', stat: 'Minimum' },
      threshold: 1,
      comparison: 'LessThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'A tunnel of {resource} is down: the connection has lost its redundancy',
      firstStep:
        'check the customer gateway device’s IKE and IPsec logs for the down tunnel (and AWS maintenance notices)',
      source: SRC,
      why: 'AWS: Minimum below 1 for 15 minutes (the connection-level value is the share of tunnels up). The other tunnel still carries traffic, so it warns; the connection-down alarm pages.',
      implements: 'vpn-tunnelstate-vpnid',
    },
    {
      id: 'connectionDown',
      signal: 'connectionDown',
      metric: { type: 'metric', metricName: 'TunnelState', stat: 'Maximum' },
      threshold: 0,
      comparison: 'LessThanOrEqualToThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning: 'Every tunnel of {resource} is down: traffic to the remote network stops',
      firstStep: 'check the customer gateway device (power, internet link, IKE) and its public IP',
      source: METRICS,
      why: "Not in AWS's list: no tunnel up for 15 minutes (TunnelState 0 at best), so nothing reaches the remote network; it pages.",
    },
  ],
  signals: [
    { title: 'Tunnel state', metricName: 'TunnelState', stat: 'Minimum' },
    { title: 'Data in (bytes)', metricName: 'TunnelDataIn', stat: 'Sum' },
    { title: 'Data out (bytes)', metricName: 'TunnelDataOut', stat: 'Sum' },
  ],
  cost: [],
});

const TUNNEL = defineTable({
  kind: 'vpnTunnel',
  title: 'Site-to-Site VPN tunnel',
  namespace: 'AWS/VPN',
  dimensions: ['TunnelIpAddress'],
  params: {},
  rows: [
    {
      id: 'tunnelState',
      signal: 'tunnelState',
      metric: { type: 'metric', metricName: 'TunnelState', stat: 'Minimum' },
      threshold: 1,
      comparison: 'LessThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'The VPN tunnel {resource} is down',
      firstStep: 'check the customer gateway device’s IKE and IPsec logs for this tunnel',
      source: SRC,
      why: 'AWS: Minimum below 1 for 15 minutes, by tunnel outside IP; names the tunnel that the connection-level alarm only counts.',
      implements: 'vpn-tunnelstate-tunnelipaddress',
    },
  ],
  signals: [{ title: 'Tunnel state by tunnel', metricName: 'TunnelState', stat: 'Minimum' }],
  cost: [],
});

const VPN_ID = /^vpn-[0-9a-f]{8}([0-9a-f]{9})?$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;

export const vpnConnection = defineKind({
  key: 'vpnConnection',
  dashboard: 'network',
  tables: [CONNECTION, TUNNEL],
  account: [],
  config: {
    doc: 'Site-to-Site VPN connections, by id, with their tunnels by outside IP address.',
    schema: (k) => {
      const id = awsId(k, VPN_ID, 'vpn-0123456789abcdef0', 'The VPN connection id (the VpnId dimension).');
      return {
        entry: k.z.union([
          id,
          k.obj({
            id,
            label: k.label,
            tunnels: k.z
              .array(awsId(k, IPV4, 'an IPv4 address, e.g. 203.0.113.10', 'A tunnel outside IP address.'))
              .max(2, { message: 'a VPN connection has 2 tunnels' })
              .optional()
              .describe(
                'The tunnels’ AWS-side outside IP addresses (the TunnelIpAddress dimension), from the connection’s configuration.',
              ),
            alarms: k.alarms(CONNECTION, TUNNEL),
          }),
        ]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const label = ctx.label('label' in e ? e.label : undefined, e.id);
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const out: Array<MonitoredResource<'vpnConnection' | 'vpnTunnel'>> = [
        {
          kind: 'vpnConnection',
          label,
          dimensions: { VpnId: e.id },
          params: {},
          overrides,
          origin: ctx.origin(),
        },
      ];
      const tunnels = 'tunnels' in e ? (e.tunnels ?? []) : [];
      tunnels.forEach((ip, j) => {
        if (tunnels.indexOf(ip) !== j) return ctx.issue(['tunnels', j], `tunnel ${ip} is listed twice`);
        out.push({
          kind: 'vpnTunnel',
          label: safeLabel(`${label}-tunnel${j + 1}`),
          dimensions: { TunnelIpAddress: ip },
          params: {},
          overrides,
          origin: ctx.origin('tunnels', j),
        });
      });
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    id: `vpn-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`,
    label: `office-${n}`,
    tunnels: [`203.0.113.${2 * n}`, `203.0.113.${2 * n + 1}`],
  }),
  construct: {
    cfnTypes: ['AWS::EC2::VPNConnection'],
    // AWS assigns the tunnels' outside IPs at creation: the template does not know them, so only the connection.
    entry: (c, ctx) => {
      const vpn = ctx.cfnOf<CfnVPNConnection>(c, 'AWS::EC2::VPNConnection');
      return vpn ? { id: vpn.ref, label: ctx.label(c) } : undefined;
    },
  },
});
