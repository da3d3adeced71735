/**
 * EBS volumes (`VolumeId`): burst balance of burstable volume types and the provisioned-performance checks of
 * volumes on Nitro instances; AWS's stalled-I/O check is per attachment (`VolumeId`, `InstanceId`), a child table
 * present when the instance is known (read from the construct's attachment).
 */
import type { CfnVolume, CfnVolumeAttachment } from 'aws-cdk-lib/aws-ec2';
import type { MonitoredResource } from '../telemetry-model';
import { referencing, type CfnLike } from './construct-refs';
import { offUnlessEnabled } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#EBS`;
const METRICS = 'https://docs.aws.amazon.com/ebs/latest/userguide/using_cloudwatch_ebs.html';

const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;
/** Types that spend a burst bucket (and publish BurstBalance). */
const BURSTING: ReadonlySet<string> = new Set(['gp2', 'st1', 'sc1']);

const exceeded = (id: string, metricName: string, what: string): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Maximum' },
  threshold: 1,
  comparison: 'GreaterThanOrEqualToThreshold',
  period: 60,
  datapoints: [15, 15],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'count',
  meaning: `The application drives more ${what} than {resource} provides`,
  firstStep: `raise the volume's provisioned ${what} (gp3 and io2 change online), or spread the load`,
  source: METRICS,
  why: `Not in AWS's list; the volume is at its provisioned ${what} for 15 minutes, so I/O queues up and latency grows. Published for volumes on Nitro instances (not magnetic volumes, Multi-Attach or ECS tasks); missing data is not breaching.`,
});

const VOLUME = defineTable({
  kind: 'ebsVolume',
  title: 'EBS volume',
  namespace: 'AWS/EBS',
  dimensions: ['VolumeId'],
  params: {},
  rows: [
    {
      id: 'burstBalance',
      signal: 'burstBalance',
      metric: { type: 'metric', metricName: 'BurstBalance', stat: 'Minimum' },
      threshold: 20,
      comparison: 'LessThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: '{resource} has less than {threshold} of its I/O burst credits left',
      firstStep: 'move the volume to gp3 (baseline 3,000 IOPS without bursting) or make it larger',
      source: METRICS,
      why: "Not in AWS's list; a gp2, st1 or sc1 volume out of burst credits drops to its baseline (3 IOPS per GiB for gp2). Below 20 % for 15 minutes leaves time to act. Off for other volume types (read from the construct).",
    },
    exceeded('iopsExceeded', 'VolumeIOPSExceededCheck', 'IOPS'),
    exceeded('throughputExceeded', 'VolumeThroughputExceededCheck', 'throughput'),
  ],
  signals: [
    { title: 'Read ops', metricName: 'VolumeReadOps', stat: 'Sum' },
    { title: 'Write ops', metricName: 'VolumeWriteOps', stat: 'Sum' },
    { title: 'Queue length', metricName: 'VolumeQueueLength', stat: 'Average' },
    { title: 'Burst balance (%)', metricName: 'BurstBalance', stat: 'Minimum' },
  ],
  cost: [],
});

/** A volume attached to an instance (`VolumeId`, `InstanceId`): the stalled-I/O check. */
const ATTACHMENT = defineTable({
  kind: 'ebsAttachment',
  title: 'EBS volume attachment',
  namespace: 'AWS/EBS',
  dimensions: ['VolumeId', 'InstanceId'],
  params: {},
  rows: [
    {
      id: 'stalledIo',
      signal: 'stalledIo',
      metric: { type: 'metric', metricName: 'VolumeStalledIOCheck', stat: 'Maximum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} cannot complete I/O: its stalled-I/O check fails',
      firstStep:
        'wait a few minutes for EBS to recover the volume, else replace it or stop and start the instance',
      source: SRC,
      why: 'AWS: any failed check for 10 minutes (the metric is 1 while it fails).',
      implements: 'ebs-volumestallediocheck',
    },
  ],
  signals: [{ title: 'Stalled I/O check', metricName: 'VolumeStalledIOCheck', stat: 'Maximum' }],
  cost: [],
});

const VOLUME_ID = /^vol-[0-9a-f]{8}([0-9a-f]{9})?$/;
const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;

export const ebsVolume = defineKind({
  key: 'ebsVolume',
  dashboard: 'data',
  tables: [VOLUME, ATTACHMENT],
  account: [],
  config: {
    doc: 'EBS volumes, by volume id.',
    schema: (k) => {
      const idOf = (re: RegExp, example: string, doc: string) =>
        k.z
          .string()
          .superRefine((v, c) => {
            if (!k.isToken(v) && !re.test(v))
              c.addIssue({ code: 'custom', message: `looks like ${example}` });
          })
          .meta({ pattern: re.source })
          .describe(doc);
      const id = idOf(VOLUME_ID, 'vol-0123456789abcdef0', 'The volume id (the VolumeId dimension).');
      return {
        entry: k.z.union([
          id,
          k.obj({
            id,
            label: k.label,
            type: k.z
              .enum(VOLUME_TYPES)
              .optional()
              .describe(
                'The volume type: burst balance applies to gp2, st1 and sc1. Read from the construct. Default: unknown (on).',
              ),
            instance: idOf(
              INSTANCE_ID,
              'i-0123456789abcdef0',
              'The instance the volume is attached to: adds the stalled-I/O check (VolumeId, InstanceId). Read from the attachment.',
            ).optional(),
            alarms: k.alarms(VOLUME, ATTACHMENT),
          }),
        ]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const label = ctx.label('label' in e ? e.label : undefined, e.id);
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const type = 'type' in e ? e.type : undefined;
      const off = [
        ...(type && !BURSTING.has(type) ? ['burstBalance'] : []),
        ...(type === 'standard' ? ['iopsExceeded', 'throughputExceeded'] : []),
      ];
      const instance = 'instance' in e ? e.instance : undefined;
      const out: Array<MonitoredResource<'ebsVolume' | 'ebsAttachment'>> = [
        {
          kind: 'ebsVolume',
          label,
          dimensions: { VolumeId: e.id },
          params: {},
          overrides: offUnlessEnabled(overrides, off),
          origin: ctx.origin(),
        },
        ...(instance
          ? [
              {
                kind: 'ebsAttachment' as const,
                label,
                dimensions: { VolumeId: e.id, InstanceId: instance },
                params: {},
                overrides,
                origin: ctx.origin('instance'),
              },
            ]
          : []),
      ];
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    id: `vol-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`,
    label: `orders-data-${n}`,
    type: 'gp2' as const,
    instance: `i-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`,
  }),
  construct: {
    cfnTypes: ['AWS::EC2::Volume'],
    entry: (c, ctx) => {
      const volume = ctx.cfnOf<CfnVolume>(c, 'AWS::EC2::Volume');
      if (!volume) return undefined;
      // CloudFormation creates gp2 volumes when no type is given.
      const type = ctx.string(volume.volumeType) ?? 'gp2';
      const attachment = referencing<CfnVolumeAttachment>(
        ctx,
        volume as unknown as CfnLike,
        'AWS::EC2::VolumeAttachment',
        (a) => a.volumeId,
      )[0];
      return {
        id: volume.ref,
        label: ctx.label(c),
        ...((VOLUME_TYPES as readonly string[]).includes(type)
          ? { type: type as (typeof VOLUME_TYPES)[number] }
          : {}),
        ...(attachment ? { instance: attachment.instanceId } : {}),
      };
    },
  },
});
