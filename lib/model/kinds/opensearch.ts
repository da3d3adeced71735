/**
 * OpenSearch Service domains (`DomainName`, `ClientId`: the account id): the alarms of AWS's "Recommended
 * CloudWatch alarms for Amazon OpenSearch Service" page (a page of its own, not in the CloudWatch list): cluster
 * status, free storage per node, blocked writes, snapshot failures, CPU and JVM memory of data and dedicated master
 * nodes. Storage per node and dedicated masters are read from the construct.
 */
import type { CfnDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { numberOf } from './construct-refs';
import { switchRows } from './switches';
import { defineKind, defineTable } from './types';
import { rowDefaults } from './row-defaults';

const SRC = 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/cloudwatch-alarms.html';

const BASE = {
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  source: SRC,
} as const;
const row = rowDefaults(BASE);
const MISSING = 'OpenSearch publishes it every minute; missing data is not breaching.';

const DOMAIN = defineTable({
  kind: 'openSearch',
  title: 'OpenSearch domain',
  namespace: 'AWS/ES',
  dimensions: ['DomainName', 'ClientId'],
  params: {
    minFreeStorage: {
      default: 20_480,
      doc: 'Free storage of the fullest node in MiB: 25 % of the EBS volume per node (from the construct), 20 GiB when it is unknown.',
    },
  },
  rows: [
    row({
      id: 'clusterRed',
      signal: 'clusterRed',
      metric: { type: 'metric', metricName: 'ClusterStatus.red', stat: 'Maximum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [1, 1],
      severity: 'critical',
      unit: 'count',
      meaning: 'Domain {resource} is red: at least one primary shard is unassigned',
      firstStep:
        'check free storage, JVM memory pressure and node count; the red indices lose searches and writes',
      why: `AWS: at least 1 for 1 minute. Critical: data in the red indices cannot be searched or written. ${MISSING}`,
    }),
    row({
      id: 'clusterYellow',
      signal: 'clusterYellow',
      metric: { type: 'metric', metricName: 'ClusterStatus.yellow', stat: 'Maximum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [5, 5],
      unit: 'count',
      meaning: 'Domain {resource} is yellow: replica shards are unassigned',
      firstStep:
        'check that the domain has enough nodes (and zones) for its replicas, or lower the replica count',
      why: `AWS: at least 1 for 5 minutes; without replicas a failed node loses data. A single-node domain is always yellow when indices have replicas. ${MISSING}`,
    }),
    row({
      id: 'freeStorage',
      signal: 'freeStorage',
      metric: { type: 'metric', metricName: 'FreeStorageSpace', stat: 'Minimum' },
      threshold: { param: 'minFreeStorage' },
      comparison: 'LessThanOrEqualToThreshold',
      period: 60,
      datapoints: [1, 1],
      unit: 'count',
      meaning: 'A node of {resource} has {threshold} MiB of storage left or less',
      firstStep: 'delete old indices (or add an ISM policy), or grow the volumes or the node count',
      why: `AWS: 25 % of the storage of each node (the metric is in MiB, the Minimum is the fullest node); writes are blocked when a node is nearly full. The volume size comes from the construct; 20 GiB when it is unknown. ${MISSING}`,
    }),
    row({
      id: 'writesBlocked',
      signal: 'writesBlocked',
      metric: { type: 'metric', metricName: 'ClusterIndexWritesBlocked', stat: 'Maximum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 300,
      datapoints: [1, 1],
      severity: 'critical',
      unit: 'count',
      meaning: 'Domain {resource} blocks writes',
      firstStep: 'check free storage and JVM memory pressure: the domain blocks writes to protect itself',
      why: `AWS: at least 1 for 5 minutes. Critical: every write fails. ${MISSING}`,
    }),
    row({
      id: 'snapshotFailed',
      signal: 'snapshotFailed',
      metric: { type: 'metric', metricName: 'AutomatedSnapshotFailure', stat: 'Maximum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [1, 1],
      unit: 'count',
      meaning: 'An automated snapshot of {resource} failed',
      firstStep:
        'check the cluster health (a red cluster cannot be snapshot) and contact AWS Support if it stays',
      why: `AWS: any failure: without snapshots a red cluster cannot be restored. ${MISSING}`,
    }),
    row({
      id: 'cpu',
      signal: 'cpu',
      metric: { type: 'metric', metricName: 'CPUUtilization', stat: 'Maximum' },
      threshold: 80,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 900,
      datapoints: [3, 3],
      unit: 'percent',
      meaning: 'A data node of {resource} is at {threshold} CPU or more',
      firstStep: 'look for expensive queries (slow logs) or add or scale up data nodes',
      why: `AWS: 80 % for 45 minutes (3 periods of 15); short spikes are normal. ${MISSING}`,
    }),
    row({
      id: 'jvmMemoryPressure',
      signal: 'jvmMemoryPressure',
      metric: { type: 'metric', metricName: 'JVMMemoryPressure', stat: 'Maximum' },
      threshold: 95,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [3, 3],
      unit: 'percent',
      meaning: 'A data node of {resource} uses {threshold} or more of its JVM heap',
      firstStep: 'reduce shards and aggregation sizes, or scale up to nodes with more memory',
      why: `AWS: 95 % for 3 minutes; near it the node stops with out-of-memory errors. ${MISSING}`,
    }),
    row({
      id: 'oldGenJvmMemoryPressure',
      signal: 'oldGenJvmMemoryPressure',
      metric: { type: 'metric', metricName: 'OldGenJVMMemoryPressure', stat: 'Maximum' },
      threshold: 80,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [3, 3],
      unit: 'percent',
      meaning: 'The old generation of a data node of {resource} is {threshold} full or more',
      firstStep: 'reduce shards and aggregation sizes, or scale up to nodes with more memory',
      why: `AWS: 80 % for 3 minutes: garbage collection cannot free the old generation. ${MISSING}`,
    }),
    row({
      id: 'masterCpu',
      signal: 'masterCpu',
      metric: { type: 'metric', metricName: 'MasterCPUUtilization', stat: 'Maximum' },
      threshold: 50,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 900,
      datapoints: [3, 3],
      enabled: false,
      unit: 'percent',
      meaning: 'The dedicated master of {resource} is at {threshold} CPU or more',
      firstStep: 'move the dedicated masters to a larger instance type',
      why: 'AWS: 50 % for 45 minutes: a busy master delays cluster changes. Off by default: on for domains with dedicated master nodes (read from the construct, or `dedicatedMasters: true`).',
    }),
    row({
      id: 'masterJvmMemoryPressure',
      signal: 'masterJvmMemoryPressure',
      metric: { type: 'metric', metricName: 'MasterJVMMemoryPressure', stat: 'Maximum' },
      threshold: 95,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [3, 3],
      enabled: false,
      unit: 'percent',
      meaning: 'The dedicated master of {resource} uses {threshold} or more of its JVM heap',
      firstStep: 'move the dedicated masters to a larger instance type or reduce the shard count',
      why: 'AWS: 95 % for 3 minutes. Off by default: on for domains with dedicated master nodes.',
    }),
  ],
  signals: [
    { title: 'Cluster red', metricName: 'ClusterStatus.red', stat: 'Maximum' },
    { title: 'CPU utilization (%)', metricName: 'CPUUtilization', stat: 'Maximum' },
    { title: 'JVM memory pressure (%)', metricName: 'JVMMemoryPressure', stat: 'Maximum' },
    { title: 'Free storage (MiB)', metricName: 'FreeStorageSpace', stat: 'Minimum' },
    { title: 'Search latency', unit: 'ms', metricName: 'SearchLatency', stat: 'Average' },
    { title: 'Indexing latency', unit: 'ms', metricName: 'IndexingLatency', stat: 'Average' },
  ],
  cost: [],
});

const ACCOUNT_ID = /^\d{12}$/;

export const openSearch = defineKind({
  key: 'openSearch',
  dashboard: 'data',
  tables: [DOMAIN],
  account: [],
  config: {
    doc: 'OpenSearch Service domains, by domain name.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a domain name'),
        k.obj({
          name: k.awsName('name').describe('The domain name (the DomainName dimension).'),
          label: k.label,
          account: k.z
            .string()
            .superRefine((v, c) => {
              if (!k.isToken(v) && !ACCOUNT_ID.test(v))
                c.addIssue({ code: 'custom', message: 'an account id is 12 digits' });
            })
            .optional()
            .describe("The domain's account id (the ClientId dimension). Default: the deployment's account."),
          volumeSize: k
            .int(
              'EBS volume size per data node in GiB: free storage is alarmed at 25 % of it. Read from the construct.',
              10,
              24_576,
            )
            .optional(),
          dedicatedMasters: k.z
            .boolean()
            .optional()
            .describe(
              'The domain has dedicated master nodes: adds their CPU and JVM alarms. Read from the construct.',
            ),
          alarms: k.alarms(DOMAIN),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      // The ClientId dimension is the account id: given, or the deployment's (from an ARN in its account).
      const account = ('account' in e ? e.account : undefined) ?? ctx.arn('es', 'domain').split(':')[4];
      if (account === undefined || (!ctx.isToken(account) && !ACCOUNT_ID.test(account))) {
        ctx.issue(
          ['account'],
          'give the account id (the ClientId dimension), or deploy with an account in env',
        );
        return [];
      }
      const volume = 'volumeSize' in e ? e.volumeSize : undefined;
      const masters = 'dedicatedMasters' in e && e.dedicatedMasters;
      return [
        {
          kind: 'openSearch',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { DomainName: e.name, ClientId: account },
          params: ctx.params(DOMAIN, {
            minFreeStorage: volume !== undefined ? Math.round(volume * 1024 * 0.25) : undefined,
          }),
          overrides: switchRows(
            ctx.overrides('alarms' in e ? e.alarms : undefined),
            [],
            masters ? ['masterCpu', 'masterJvmMemoryPressure'] : [],
          ),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    name: `search-${n}`,
    account: '123456789012',
    volumeSize: 100,
    dedicatedMasters: true,
  }),
  construct: {
    cfnTypes: ['AWS::OpenSearchService::Domain'],
    entry: (c, ctx) => {
      const domain = ctx.cfnOf<CfnDomain>(c, 'AWS::OpenSearchService::Domain');
      if (!domain) return undefined;
      // Resolved properties keep the L1's camelCase names; an L1 may be given CloudFormation's.
      const get = (o: unknown, key: string): unknown => {
        if (!o || typeof o !== 'object') return undefined;
        const r = o as Record<string, unknown>;
        return r[key] ?? r[key[0].toUpperCase() + key.slice(1)];
      };
      const ebs = ctx.resolve(domain, domain.ebsOptions);
      const cluster = ctx.resolve(domain, domain.clusterConfig);
      const volume = numberOf(ctx, get(ebs, 'volumeSize'));
      const masters = get(cluster, 'dedicatedMasterEnabled') === true;
      const account = (domain as unknown as { stack?: { account?: string } }).stack?.account;
      return {
        name: domain.ref,
        label: ctx.label(c),
        ...(account ? { account } : {}),
        ...(volume !== undefined && volume >= 10 && volume <= 24_576 ? { volumeSize: volume } : {}),
        ...(masters ? { dedicatedMasters: true } : {}),
      };
    },
  },
});
