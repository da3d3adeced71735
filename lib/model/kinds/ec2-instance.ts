/**
 * EC2 instances (`InstanceId`): AWS's three recommended alarms (CPU, status checks, attached EBS), CPU credits for
 * burstable types (read from the instance type), and memory and disk from the CloudWatch agent when it runs.
 */
import type { CfnInstance } from 'aws-cdk-lib/aws-ec2';
import { switchRows } from './switches';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#EC2`;
const CREDITS =
  'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-monitoring-cpu-credits.html';
const AGENT =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/metrics-collected-by-CloudWatch-agent.html';

/**
 * CPU credits a burstable instance earns an hour, by family and size (EC2 User Guide, "Key concepts and
 * definitions for burstable performance instances"). T3, T3a and T4g earn the same.
 */
const CREDITS_PER_HOUR: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  t2: { nano: 3, micro: 6, small: 12, medium: 24, large: 36, xlarge: 54, '2xlarge': 81.6 },
  t3: { nano: 6, micro: 12, small: 24, medium: 24, large: 36, xlarge: 96, '2xlarge': 192 },
};

/** The credits an instance type earns an hour, when it is a burstable type (t2, t3, t3a, t4g). */
export function creditsPerHour(instanceType: string): number | undefined {
  const m = /^(t2|t3a?|t4g)\.(nano|micro|small|medium|large|xlarge|2xlarge)$/.exec(instanceType);
  if (!m) return undefined;
  return CREDITS_PER_HOUR[m[1] === 't2' ? 't2' : 't3'][m[2]];
}

const INSTANCE = defineTable({
  kind: 'ec2Instance',
  title: 'EC2 instance',
  namespace: 'AWS/EC2',
  dimensions: ['InstanceId'],
  params: {
    minCpuCredits: {
      default: 24,
      doc: 'CPU credits below which a standard-mode burstable instance is about to be held to its baseline (two hours of what it earns; from the instance type).',
    },
  },
  rows: [
    {
      id: 'cpu',
      signal: 'cpu',
      metric: { type: 'metric', metricName: 'CPUUtilization', stat: 'Average' },
      threshold: 80,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: 'CPU utilization of {resource} is above {threshold}',
      firstStep: 'find the busy process (or the traffic that drives it) before the instance slows down',
      source: SRC,
      why: 'AWS: 80 % (typically 70-80 %) for 15 minutes; 5-minute periods work with basic monitoring.',
      implements: 'ec2-cpuutilization',
    },
    {
      id: 'statusCheckFailed',
      signal: 'statusCheckFailed',
      metric: { type: 'metric', metricName: 'StatusCheckFailed', stat: 'Maximum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 300,
      datapoints: [2, 2],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} fails its system or instance status check',
      firstStep: 'check the instance status in the console; stop and start it to move it to healthy hardware',
      source: SRC,
      why: 'AWS: any failed check for 10 minutes. A warning: an instance behind a load balancer or in an Auto Scaling group is replaced without users noticing; for a single server that is the service, raise it to critical.',
      implements: 'ec2-statuscheckfailed',
    },
    {
      id: 'attachedEbsCheckFailed',
      signal: 'attachedEbsCheckFailed',
      metric: { type: 'metric', metricName: 'StatusCheckFailed_AttachedEBS', stat: 'Maximum' },
      threshold: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [10, 10],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'EBS volumes attached to {resource} are unreachable or cannot complete I/O',
      firstStep: 'wait for EBS to recover, or replace the affected volume or stop and start the instance',
      source: SRC,
      why: 'AWS: any failed check for 10 minutes (Nitro instances publish it).',
      implements: 'ec2-statuscheckfailed-attachedebs',
    },
    {
      id: 'cpuCreditBalance',
      signal: 'cpuCreditBalance',
      metric: { type: 'metric', metricName: 'CPUCreditBalance', stat: 'Minimum' },
      threshold: { param: 'minCpuCredits' },
      comparison: 'LessThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: false,
      unit: 'count',
      meaning: '{resource} has fewer than {threshold} CPU credits left and will soon run at its baseline',
      firstStep:
        'find what keeps the CPU above baseline; switch to unlimited mode or a larger or non-burstable type',
      source: CREDITS,
      why: "Not in AWS's list. A standard-mode burstable instance without credits is held to its baseline (10-40 % of a vCPU): users feel it. Two hours of the credits its size earns (t3.micro: 24) leaves time to act. Off by default: on for burstable types in standard mode (t2 by default), read from the instance type; a new instance starts with few credits, so the first hours may warn.",
    },
    {
      id: 'cpuSurplusCreditsCharged',
      signal: 'cpuSurplusCreditsCharged',
      metric: { type: 'metric', metricName: 'CPUSurplusCreditsCharged', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [1, 1],
      missing: 'notBreaching',
      severity: 'info',
      enabled: false,
      unit: 'count',
      meaning:
        '{resource} is billed for surplus CPU credits: it runs above its baseline longer than it earns',
      firstStep: 'compare the cost with a larger or non-burstable instance type',
      source: CREDITS,
      why: "Not in AWS's list. An unlimited-mode burstable instance never slows down but pays for surplus credits: worth knowing, not worth waking anyone. Off by default: on for burstable types in unlimited mode (t3, t3a, t4g by default).",
    },
  ],
  signals: [
    { title: 'CPU utilization (%)', metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Status check failed', metricName: 'StatusCheckFailed', stat: 'Maximum' },
    { title: 'CPU credit balance', metricName: 'CPUCreditBalance', stat: 'Minimum' },
    { title: 'Network in (bytes)', metricName: 'NetworkIn', stat: 'Sum' },
    { title: 'Network out (bytes)', metricName: 'NetworkOut', stat: 'Sum' },
  ],
  cost: [],
});

/**
 * Memory and disk of an instance from the CloudWatch agent (`CWAgent`, `InstanceId`): the agent must aggregate
 * them by instance (`"aggregation_dimensions": [["InstanceId"]]`, with `append_dimensions` giving InstanceId).
 */
const AGENT_TABLE = defineTable({
  kind: 'ec2InstanceAgent',
  title: 'EC2 instance (agent)',
  namespace: 'CWAgent',
  dimensions: ['InstanceId'],
  params: {},
  rows: [
    {
      id: 'memoryUsed',
      signal: 'memoryUsed',
      metric: { type: 'metric', metricName: 'mem_used_percent', stat: 'Maximum' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: '{resource} uses more than {threshold} of its memory',
      firstStep: 'find the process that grows (a leak, a cache without a bound) before the kernel kills it',
      source: AGENT,
      why: 'EC2 publishes no memory metric; the CloudWatch agent does. Above 90 % for 15 minutes the kernel starts reclaiming and killing processes.',
    },
    {
      id: 'diskUsed',
      signal: 'diskUsed',
      metric: { type: 'metric', metricName: 'disk_used_percent', stat: 'Maximum' },
      threshold: 85,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: 'A disk of {resource} is more than {threshold} full',
      firstStep: 'clean up logs and temporary files, or grow the volume (EBS volumes grow online)',
      source: AGENT,
      why: "EC2 publishes no file-system metric; the agent does. The Maximum over the instance's disks catches the fullest; 85 % leaves time before writes fail.",
    },
  ],
  signals: [
    { title: 'Memory used (%)', metricName: 'mem_used_percent', stat: 'Maximum' },
    { title: 'Disk used (%)', metricName: 'disk_used_percent', stat: 'Maximum' },
  ],
  cost: [
    {
      item: 'CloudWatch agent memory and disk metrics of an instance (custom metrics)',
      perResource: 2,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `The agent publishes mem_used_percent and disk_used_percent aggregated by InstanceId as custom metrics (${AGENT}); anything else it collects is billed too.`,
    },
  ],
});

const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;

export const ec2Instance = defineKind({
  key: 'ec2Instance',
  dashboard: 'compute',
  tables: [INSTANCE, AGENT_TABLE],
  account: [],
  config: {
    doc: 'EC2 instances, by instance id.',
    schema: (k) => {
      const id = k.z
        .string()
        .superRefine((v, c) => {
          if (!k.isToken(v) && !INSTANCE_ID.test(v))
            c.addIssue({ code: 'custom', message: 'an instance id looks like i-0123456789abcdef0' });
        })
        .meta({ pattern: INSTANCE_ID.source })
        .describe('The instance id (the InstanceId dimension). May be a token with a label.');
      const fields = {
        agent: k.z
          .boolean()
          .optional()
          .describe(
            'The CloudWatch agent publishes memory and disk use aggregated by InstanceId (aggregation_dimensions [["InstanceId"]]): adds their alarms. Default false.',
          ),
      };
      return {
        entry: k.z.union([
          id,
          k.obj({
            id,
            label: k.label,
            instanceType: k.z
              .string()
              .regex(/^[a-z0-9-]+\.[a-z0-9]+$/, { message: 'instanceType looks like t3.micro' })
              .optional()
              .describe(
                'The instance type; burstable types (t2, t3, t3a, t4g) get CPU credit alarms. Read from the construct.',
              ),
            cpuCredits: k.z
              .enum(['standard', 'unlimited'])
              .optional()
              .describe(
                'Credit mode of a burstable instance. Default: standard for t2, unlimited for t3, t3a and t4g.',
              ),
            ...fields,
            alarms: k.alarms(INSTANCE, AGENT_TABLE),
          }),
        ]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { id: entry } : entry;
      const label = ctx.label('label' in e ? e.label : undefined, e.id);
      const type = 'instanceType' in e ? e.instanceType : undefined;
      const perHour = type ? creditsPerHour(type) : undefined;
      const mode =
        ('cpuCredits' in e && e.cpuCredits) || (type?.startsWith('t2.') ? 'standard' : 'unlimited');
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const off =
        perHour === undefined
          ? ['cpuCreditBalance', 'cpuSurplusCreditsCharged']
          : [mode === 'standard' ? 'cpuSurplusCreditsCharged' : 'cpuCreditBalance'];
      const on =
        perHour === undefined ? [] : [mode === 'standard' ? 'cpuCreditBalance' : 'cpuSurplusCreditsCharged'];
      const own = switchRows(overrides, off, on);
      const agent = ('agent' in e ? e.agent : undefined) ?? ctx.defaults.agent ?? false;
      return [
        {
          kind: 'ec2Instance',
          label,
          dimensions: { InstanceId: e.id },
          params: ctx.params(INSTANCE, { minCpuCredits: perHour === undefined ? undefined : perHour * 2 }),
          overrides: own,
          origin: ctx.origin(),
        },
        ...(agent
          ? [
              {
                kind: 'ec2InstanceAgent' as const,
                label,
                dimensions: { InstanceId: e.id },
                params: {},
                overrides,
                origin: ctx.origin('agent'),
              },
            ]
          : []),
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    id: `i-0a1b2c3d4e5f6${String(n).padStart(4, '0')}`,
    label: `bastion-${n}`,
    instanceType: 't3.micro',
    agent: true,
  }),
  construct: {
    cfnTypes: ['AWS::EC2::Instance'],
    entry: (c, ctx) => {
      const instance = ctx.cfnOf<CfnInstance>(c, 'AWS::EC2::Instance');
      if (!instance) return undefined;
      const type = ctx.string(instance.instanceType);
      const credits = ctx.resolve(instance, instance.creditSpecification) as
        { CPUCredits?: unknown; cpuCredits?: unknown } | undefined;
      const mode = ctx.string(credits?.CPUCredits ?? credits?.cpuCredits);
      return {
        id: instance.ref,
        label: ctx.label(c),
        ...(type ? { instanceType: type } : {}),
        ...(mode === 'standard' || mode === 'unlimited'
          ? { cpuCredits: mode as 'standard' | 'unlimited' }
          : {}),
      };
    },
  },
});
