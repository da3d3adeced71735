/**
 * AWS Glue jobs (`JobName`, over all runs: `JobRunId=ALL`): failed job runs (observability metrics, Glue 4.0 and
 * later), failed Spark tasks and the driver's heap (job metrics). Glue publishes both only when the job turns them
 * on (`--enable-metrics`, `--enable-observability-metrics`), so an entry says which it has. Not in AWS's
 * recommended-alarm list; rows from Glue's metrics pages.
 */
import type { CfnJob } from 'aws-cdk-lib/aws-glue';
import { anyCount } from './messaging-rows';
import { switchRows } from './switches';
import { defineKind, defineTable } from './types';

const METRICS = 'https://docs.aws.amazon.com/glue/latest/dg/monitoring-awsglue-with-cloudwatch-metrics.html';
const OBSERVABILITY = 'https://docs.aws.amazon.com/glue/latest/dg/monitor-observability.html';

/** Rows that read job metrics (`--enable-metrics`) and observability metrics (`--enable-observability-metrics`). */
const JOB_METRIC_ROWS = ['failedTasks', 'driverHeap'];
const OBSERVABILITY_ROWS = ['jobErrors'];

const JOB = defineTable({
  kind: 'glueJob',
  title: 'Glue job',
  namespace: 'Glue',
  // A job's metrics over all of its runs carry JobRunId=ALL; counters have Type=count, gauges Type=gauge.
  dimensions: ['JobName', 'JobRunId', 'Type'],
  params: {},
  rows: [
    {
      ...anyCount({
        id: 'jobErrors',
        metricName: 'glue.error.ALL',
        enabled: false,
        meaning: 'Runs of {resource} fail',
        firstStep:
          "read the failed run's error (Glue console, or the glue.error.<category> metric that rose) and its driver log",
        source: OBSERVABILITY,
        why: 'glue.error.ALL counts failed job runs, timeouts included; a failed run is a batch of data not processed, so any in 5 minutes warns. An observability metric (Glue 4.0 and later): off unless the entry says `observability: true` (read from `--enable-observability-metrics` on a construct).',
      }),
      fixedDimensions: { ObservabilityGroup: 'error' },
    },
    anyCount({
      id: 'failedTasks',
      metricName: 'glue.driver.aggregate.numFailedTasks',
      meaning: 'Spark tasks of {resource} fail',
      firstStep:
        'find the failing stage in the Spark UI or the executor logs: bad input records, executor memory, lost executors',
      source: METRICS,
      why: 'Spark retries a failed task (4 attempts), so a run may still succeed, but failing tasks are the first sign of bad input, skew or executors running out of memory; any in 5 minutes warns. A job metric: off when the entry says `metrics: false`.',
    }),
    {
      id: 'driverHeap',
      signal: 'driverHeap',
      metric: { type: 'metric', metricName: 'glue.driver.jvm.heap.usage', stat: 'Average' },
      dimensionMap: { JobName: 'JobName', JobRunId: 'JobRunId' },
      fixedDimensions: { Type: 'gauge' },
      threshold: 0.9,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'The Spark driver of {resource} uses more than {threshold} of its heap (a fraction, 0-1)',
      firstStep:
        'look for collect() or large broadcasts on the driver, or move to a larger worker type (G.2X) for the driver',
      source: METRICS,
      why: 'Heap usage is a fraction (0-1) and Average is its statistic; above 0.9 for 5 minutes the driver is close to an out-of-memory failure, which fails the run. No data (no run) is not breaching. A job metric: off when the entry says `metrics: false`.',
    },
  ],
  signals: [
    { title: 'Completed tasks', metricName: 'glue.driver.aggregate.numCompletedTasks', stat: 'Sum' },
    { title: 'Failed tasks', metricName: 'glue.driver.aggregate.numFailedTasks', stat: 'Sum' },
    { title: 'Killed tasks', metricName: 'glue.driver.aggregate.numKilledTasks', stat: 'Sum' },
    { title: 'Elapsed time', unit: 'ms', metricName: 'glue.driver.aggregate.elapsedTime', stat: 'Maximum' },
  ],
  cost: [
    {
      item: 'Glue job metrics the alarms and graphs read (custom metrics)',
      perResource: 5,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `Job metrics and observability metrics are custom metrics (${METRICS}): numFailedTasks, numCompletedTasks, numKilledTasks, elapsedTime and the driver's heap usage over all runs; a job publishes more (per run, per executor, glue.error.<category>) and each is billed too.`,
    },
  ],
});

/**
 * Whether a job's default arguments (resolved) turn metrics on: job metrics by the flag's presence, observability
 * metrics by `"true"`. None given is neither; undefined when the template does not know (a token).
 */
function flags(args: unknown): { metrics: boolean; observability: boolean } | undefined {
  if (args === undefined) return { metrics: false, observability: false };
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return undefined;
  const a = args as Record<string, unknown>;
  if (Object.keys(a).some((key) => key === 'Ref' || key.startsWith('Fn::'))) return undefined;
  return {
    metrics: Object.hasOwn(a, '--enable-metrics'),
    observability:
      Object.hasOwn(a, '--enable-observability-metrics') && a['--enable-observability-metrics'] === 'true',
  };
}

export const glueJob = defineKind({
  key: 'glueJob',
  dashboard: 'data',
  tables: [JOB],
  account: [],
  config: {
    doc: 'AWS Glue jobs, by name.',
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a job name'),
        k.obj({
          name: k.awsName('name').describe('The job name (JobName).'),
          label: k.label,
          metrics: k.z
            .boolean()
            .optional()
            .describe(
              'Whether the job publishes job metrics (`--enable-metrics`): the failed-task and heap alarms read them. Read from the construct. Default true.',
            ),
          observability: k.z
            .boolean()
            .optional()
            .describe(
              'Whether the job publishes observability metrics (`--enable-observability-metrics`, Glue 4.0 and later): adds the failed-run alarm. Read from the construct. Default false.',
            ),
          alarms: k.alarms(JOB),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const metrics = ('metrics' in e ? e.metrics : undefined) ?? true;
      const observability = ('observability' in e ? e.observability : undefined) ?? false;
      return [
        {
          kind: 'glueJob',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { JobName: e.name, JobRunId: 'ALL', Type: 'count' },
          params: {},
          overrides: switchRows(
            ctx.overrides('alarms' in e ? e.alarms : undefined),
            metrics ? [] : JOB_METRIC_ROWS,
            observability ? OBSERVABILITY_ROWS : [],
          ),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `nightly-orders-etl-${n}`, observability: true }),
  construct: {
    cfnTypes: ['AWS::Glue::Job'],
    entry: (c, ctx) => {
      const job = ctx.cfnOf<CfnJob>(c, 'AWS::Glue::Job');
      if (!job) return undefined;
      const f = flags(ctx.resolve(job, job.defaultArguments));
      if (f && !f.metrics && !f.observability) {
        ctx.warn(
          c,
          'cdk-telemetry:glueJobMetrics',
          'not watched: this Glue job publishes no metrics; add `--enable-metrics` (and `--enable-observability-metrics: "true"` on Glue 4.0 and later) to its default arguments',
        );
        return undefined;
      }
      // Ref of a Glue job is its name.
      return {
        name: ctx.string(job.name) ?? job.ref,
        label: ctx.label(c),
        ...(f ? { metrics: f.metrics, observability: f.observability } : {}),
      };
    },
  },
});
