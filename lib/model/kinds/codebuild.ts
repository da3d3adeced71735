/**
 * CodeBuild projects (`ProjectName`): failed builds, builds close to the project's timeout (read from the
 * construct), and the build container's memory. Not in AWS's recommended alarms; rows from CodeBuild's metrics
 * pages, which name FailedBuilds and Duration as the two metrics worth alarming on.
 */
import type { CfnProject } from 'aws-cdk-lib/aws-codebuild';
import { parseDurationMs } from '../duration';
import { defineKind, defineTable } from './types';

const METRICS = 'https://docs.aws.amazon.com/codebuild/latest/userguide/cloudwatch_metrics-codebuild.html';
const UTILIZATION =
  'https://docs.aws.amazon.com/codebuild/latest/userguide/cloudwatch-utilization-metrics.html';

/** CodeBuild's default build timeout: 60 minutes (TimeoutInMinutes). */
const DEFAULT_TIMEOUT_S = 3600;

const PROJECT = defineTable({
  kind: 'codeBuild',
  title: 'CodeBuild project',
  namespace: 'AWS/CodeBuild',
  dimensions: ['ProjectName'],
  params: {
    timeout: {
      default: DEFAULT_TIMEOUT_S,
      doc: "The project's build timeout in seconds (TimeoutInMinutes; read from the construct). CodeBuild's default is 60 minutes.",
    },
  },
  rows: [
    {
      id: 'failedBuilds',
      signal: 'failedBuilds',
      metric: { type: 'metric', metricName: 'FailedBuilds', stat: 'Sum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [1, 1],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Builds of {resource} fail',
      firstStep:
        "open the failed build's phase details and log; compare with the last change to the buildspec",
      source: `${METRICS} (FailedBuilds: failed because of client error or a timeout); https://docs.aws.amazon.com/codebuild/latest/userguide/codebuild_cloudwatch_alarms.html`,
      why: 'CodeBuild names FailedBuilds as one of the two metrics most useful for alarms. Any failed build in 5 minutes warns: a build is a delivery step, it does not page. No builds means no data, which is not breaching.',
    },
    {
      id: 'duration',
      signal: 'duration',
      metric: { type: 'metric', metricName: 'Duration', stat: 'Maximum' },
      threshold: { param: 'timeout', factor: 0.8 },
      comparison: 'GreaterThanThreshold',
      period: 300,
      datapoints: [1, 1],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 's',
      meaning: 'A build of {resource} took more than {threshold}, close to its timeout',
      firstStep: 'see which phase grew (BuildDuration, QueuedDuration, ProvisioningDuration) and its log',
      source: `${METRICS}; https://docs.aws.amazon.com/codebuild/latest/userguide/codebuild_cloudwatch_alarms.html`,
      why: "CodeBuild names Duration as the second metric worth an alarm, with a threshold the user picks: 80 % of the project's timeout (read from the construct, 60 minutes by default) warns before builds start failing on it. Maximum, so one slow build counts.",
    },
    {
      id: 'memory',
      signal: 'memory',
      metric: { type: 'metric', metricName: 'MemoryUtilizedPercent', stat: 'Maximum' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'percent',
      meaning: 'The build container of {resource} uses more than {threshold} of its memory',
      firstStep: 'give the project a larger compute type, or lower the parallelism of the build tools',
      source: UTILIZATION,
      why: 'A build container out of memory fails its build: 90 % for 3 minutes warns first. Published in 15 Regions only (the page lists them); elsewhere there is no data, which is not breaching.',
    },
    {
      id: 'cpu',
      signal: 'cpu',
      metric: { type: 'metric', metricName: 'CPUUtilizedPercent', stat: 'Average' },
      threshold: 90,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'info',
      enabled: false,
      unit: 'percent',
      meaning: 'The build container of {resource} uses more than {threshold} of its CPU for 15 minutes',
      firstStep: 'a larger compute type makes long builds shorter',
      source: UTILIZATION,
      why: 'Off by default: compiling keeps a build container busy by design, so high CPU is no fault; the dashboard shows it. Switch on to learn when builds are CPU-bound for 15 minutes.',
    },
  ],
  signals: [
    { title: 'Builds', metricName: 'Builds', stat: 'Sum' },
    { title: 'Failed builds', metricName: 'FailedBuilds', stat: 'Sum' },
    {
      title: 'Build duration max',
      unit: 's',
      metricName: 'Duration',
      stat: 'Maximum',
      line: { param: 'timeout', label: 'timeout' },
    },
    { title: 'Queued duration max', unit: 's', metricName: 'QueuedDuration', stat: 'Maximum' },
    { title: 'CPU utilization max (%)', metricName: 'CPUUtilizedPercent', stat: 'Maximum' },
    { title: 'Memory utilization max (%)', metricName: 'MemoryUtilizedPercent', stat: 'Maximum' },
  ],
  cost: [],
});

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/;

export const codeBuild = defineKind({
  key: 'codeBuild',
  dashboard: 'compute',
  tables: [PROJECT],
  account: [],
  config: {
    doc: 'CodeBuild projects, by name.',
    schema: (k) => {
      const name = k.z
        .string()
        .superRefine((v, c) => {
          if (!k.isToken(v) && !NAME.test(v))
            c.addIssue({ code: 'custom', message: 'a project name is 2-255 letters, digits, "-" or "_"' });
        })
        .describe('The project name. May be a token with a label.');
      return {
        entry: k.z.union([
          name,
          k.obj({
            name,
            label: k.label,
            timeout: k
              .duration(
                "The project's build timeout (TimeoutInMinutes). Read from the construct. Default 60m.",
                '5m',
                '36h',
              )
              .optional(),
            alarms: k.alarms(PROJECT),
          }),
        ]),
        defaults: {},
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const timeout = 'timeout' in e && e.timeout ? parseDurationMs(e.timeout) / 1000 : undefined;
      return [
        {
          kind: 'codeBuild',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { ProjectName: e.name },
          params: ctx.params(PROJECT, { timeout }),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `orders-build-${n}`, timeout: '30m' }),
  construct: {
    cfnTypes: ['AWS::CodeBuild::Project'],
    entry: (c, ctx) => {
      const project = ctx.cfnOf<CfnProject>(c, 'AWS::CodeBuild::Project');
      if (!project) return undefined;
      const minutes = ctx.number(project.timeoutInMinutes);
      // Ref of a project is its name; a template without TimeoutInMinutes gets CodeBuild's 60 minutes.
      return {
        name: project.ref,
        label: ctx.label(c),
        ...(minutes !== undefined ? { timeout: `${minutes}m` } : {}),
      };
    },
  },
});
