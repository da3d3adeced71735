/**
 * EFS file systems (`FileSystemId`): AWS's two entries (the General Purpose I/O limit and the burst credits of
 * bursting throughput), switched by the performance and throughput modes the construct knows.
 */
import type { CfnFileSystem } from 'aws-cdk-lib/aws-efs';
import { switchRows } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#EFS`;

const FILE_SYSTEM = defineTable({
  kind: 'efs',
  title: 'EFS file system',
  namespace: 'AWS/EFS',
  dimensions: ['FileSystemId'],
  params: {},
  rows: [
    {
      id: 'ioLimit',
      signal: 'ioLimit',
      metric: { type: 'metric', metricName: 'PercentIOLimit', stat: 'Average' },
      threshold: 100,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: '{resource} is at the I/O limit of the General Purpose performance mode',
      firstStep: 'spread the I/O over more file systems, or move to Max I/O or Elastic throughput',
      why: 'AWS: 100 % for 15 minutes; at the limit every operation waits. General Purpose mode only (off for Max I/O, read from the construct); a quiet file system publishes nothing, not breaching.',
      source: SRC,
      implements: 'efs-percentiolimit',
    },
    {
      id: 'burstCredits',
      signal: 'burstCredits',
      metric: { type: 'metric', metricName: 'BurstCreditBalance', stat: 'Average' },
      threshold: 0,
      comparison: 'LessThanOrEqualToThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} has no burst credits left and runs at its baseline throughput',
      firstStep:
        'switch the file system to Elastic or Provisioned throughput, or store more data to raise the baseline',
      why: 'AWS: 0 for 15 minutes; without credits throughput drops to the baseline of the data stored (50 KiB/s per GiB). Bursting throughput only: off for Elastic and Provisioned (read from the construct).',
      source: SRC,
      implements: 'efs-burstcreditbalance',
    },
  ],
  signals: [
    { title: 'I/O limit (%)', metricName: 'PercentIOLimit', stat: 'Average' },
    { title: 'Burst credit balance (bytes)', metricName: 'BurstCreditBalance', stat: 'Minimum' },
    { title: 'Metered I/O (bytes)', metricName: 'MeteredIOBytes', stat: 'Sum' },
    { title: 'Permitted throughput (bytes/s)', metricName: 'PermittedThroughput', stat: 'Average' },
    { title: 'Client connections', metricName: 'ClientConnections', stat: 'Sum' },
  ],
  cost: [],
});

export const efs = defineKind({
  key: 'efs',
  dashboard: 'data',
  tables: [FILE_SYSTEM],
  account: [],
  config: {
    doc: 'EFS file systems, by file system id.',
    schema: (k) => {
      const FS_ID = /^fs-[0-9a-f]{8}([0-9a-f]{9})?$/;
      const id = k.z
        .string()
        .superRefine((v, c) => {
          if (!k.isToken(v) && !FS_ID.test(v))
            c.addIssue({ code: 'custom', message: 'a file system id looks like fs-0123456789abcdef0' });
        })
        .meta({ pattern: FS_ID.source })
        .describe('The file system id (the FileSystemId dimension). May be a token with a label.');
      return {
        entry: k.z.union([
          id,
          k.obj({
            id,
            label: k.label,
            performanceMode: k.z
              .enum(['generalPurpose', 'maxIO'])
              .optional()
              .describe(
                'The performance mode: the I/O limit applies to generalPurpose. Read from the construct. Default generalPurpose.',
              ),
            throughputMode: k.z
              .enum(['bursting', 'elastic', 'provisioned'])
              .optional()
              .describe(
                'The throughput mode: burst credits apply to bursting. Read from the construct. Default bursting.',
              ),
            alarms: k.alarms(FILE_SYSTEM),
          }),
        ]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const off = [
        ...('performanceMode' in e && e.performanceMode === 'maxIO' ? ['ioLimit'] : []),
        ...('throughputMode' in e && e.throughputMode && e.throughputMode !== 'bursting'
          ? ['burstCredits']
          : []),
      ];
      return [
        {
          kind: 'efs',
          label: ctx.label('label' in e ? e.label : undefined, e.id),
          dimensions: { FileSystemId: e.id },
          params: {},
          overrides: switchRows(ctx.overrides('alarms' in e ? e.alarms : undefined), off),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    id: `fs-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`,
    label: `uploads-${n}`,
    throughputMode: 'bursting' as const,
  }),
  construct: {
    cfnTypes: ['AWS::EFS::FileSystem'],
    entry: (c, ctx) => {
      const fs = ctx.cfnOf<CfnFileSystem>(c, 'AWS::EFS::FileSystem');
      if (!fs) return undefined;
      // CloudFormation's defaults: generalPurpose and bursting.
      const perf = ctx.string(fs.performanceMode) ?? 'generalPurpose';
      const throughput = ctx.string(fs.throughputMode) ?? 'bursting';
      return {
        id: fs.ref,
        label: ctx.label(c),
        ...(perf === 'generalPurpose' || perf === 'maxIO'
          ? { performanceMode: perf as 'generalPurpose' | 'maxIO' }
          : {}),
        ...(throughput === 'bursting' || throughput === 'elastic' || throughput === 'provisioned'
          ? { throughputMode: throughput as 'bursting' | 'elastic' | 'provisioned' }
          : {}),
      };
    },
  },
});
