/**
 * CloudWatch Synthetics canaries (`CanaryName`): uptime checks from outside the application. An entry either names
 * a canary that exists (monitored only) or describes one to create: an HTTP check of a URL or a scripted journey
 * from a file (`lib/uptime/`), on a current runtime. Either way its runs are alarmed here: failed runs page,
 * slow runs and a canary that stopped running warn. A canary can also be the availability SLI of an SLO.
 */
import type { CfnCanary } from 'aws-cdk-lib/aws-synthetics';
import { parseDurationMs } from '../duration';
import {
  CANARY_NAME,
  CANARY_RUNTIME,
  DEFAULT_CANARY_RUNTIME,
  MAX_CANARY_TIMEOUT_S,
  canaryAttributes,
} from '../uptime';
import { defineKind, defineTable } from './types';

const SRC =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html';
const ALARMS =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_Alarms.html';

/** A canary runs every 5 minutes unless told otherwise (CloudWatch Synthetics' and aws-cdk-lib's default). */
const DEFAULT_EVERY_S = 300;

const CANARY = defineTable({
  kind: 'canary',
  title: 'Synthetics canary',
  namespace: 'CloudWatchSynthetics',
  dimensions: ['CanaryName'],
  params: {
    minSuccessPercent: {
      default: 90,
      doc: 'Successful runs in percent below which the check has failed (default 90: one run in ten may fail).',
    },
    timeout: { default: 60_000, doc: "The canary's run timeout in ms (default 1 minute)." },
    maxDuration: {
      default: 48_000,
      doc: 'Run duration in ms above which runs are slow (default 80 % of the timeout).',
    },
  },
  rows: [
    {
      id: 'successPercent',
      signal: 'successPercent',
      metric: { type: 'metric', metricName: 'SuccessPercent', stat: 'Average' },
      threshold: { param: 'minSuccessPercent' },
      comparison: 'LessThanThreshold',
      period: DEFAULT_EVERY_S,
      datapoints: [2, 2],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: '%',
      meaning: 'The uptime check {resource} fails: fewer than {threshold} of its runs succeed',
      firstStep:
        "open the canary's last failed run (screenshots, HAR and log in its artifacts) and call the endpoint yourself",
      source: ALARMS,
      why: "A canary checks what users reach from outside: two failed periods in a row (one run each at the default 5 minutes) is an outage users see, so it pages; one failed run (a network blip) does not. The period follows the canary's schedule. Missing data is not breaching: a canary that stops running is the `stopped` warning's job, not a page.",
    },
    {
      id: 'duration',
      signal: 'duration',
      metric: { type: 'metric', metricName: 'Duration', stat: 'Average' },
      threshold: { param: 'maxDuration' },
      comparison: 'GreaterThanThreshold',
      period: DEFAULT_EVERY_S,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Runs of the uptime check {resource} take longer than {threshold}',
      firstStep:
        'compare the slow runs’ HAR timings with the endpoint’s latency: a slow endpoint shows there, a slow canary start does not',
      source: SRC,
      why: "Three slow runs in a row, over 80 % of the timeout unless `maxDuration` is given: the check is about to time out (which fails it), or the endpoint got slow for real users. A warning: latency is the latency SLO's and budgets' to page for.",
    },
    {
      id: 'stopped',
      signal: 'stopped',
      metric: { type: 'metric', metricName: 'SuccessPercent', stat: 'SampleCount' },
      threshold: 1,
      comparison: 'LessThanThreshold',
      period: 3_600,
      datapoints: [1, 1],
      missing: 'breaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'The uptime check {resource} has not run for {period}',
      firstStep:
        'see whether the canary was stopped, deleted or fails to start (its state and state reason in the Synthetics console)',
      source: SRC,
      why: 'Without runs there is no uptime signal and the failure alarm stays quiet: no run reported in an hour (or two schedule intervals, if longer) warns. Missing data breaches here on purpose.',
    },
  ],
  signals: [
    { title: 'Success (%)', metricName: 'SuccessPercent', stat: 'Average' },
    { title: 'Run duration', metricName: 'Duration', stat: 'Average', unit: 'ms' },
    { title: 'Failed runs', metricName: 'Failed', stat: 'Sum' },
  ],
  // Runs are billed per run: priced from the templates' schedules (lib/tools/cost/items/canaries.ts).
  cost: [],
});

/** The period (s) of the success alarm: the schedule rounded up to whole minutes. */
const periodFor = (everyS: number) => Math.max(60, Math.ceil(everyS / 60) * 60);

export const canary = defineKind({
  key: 'canary',
  dashboard: 'edge',
  tables: [CANARY],
  account: [],
  config: {
    doc: 'CloudWatch Synthetics canaries: an existing one by name, or an HTTP check (`url`) or scripted journey (`script`) to create.',
    schema: (k) => {
      const name = k.z
        .string()
        .min(1)
        .superRefine((v, c) => {
          if (!k.isToken(v) && !CANARY_NAME.test(v))
            c.addIssue({
              code: 'custom',
              message: `canary name "${v.slice(0, 40)}" must be 1-21 lower-case letters, digits, "-" or "_"`,
            });
        })
        .meta({ pattern: CANARY_NAME.source })
        .describe('The canary name (1-21 lower-case letters, digits, "-" or "_").');
      const check = {
        url: k.z
          .url({ protocol: /^https?$/, message: 'url must be an http:// or https:// URL' })
          .max(2_000)
          .optional()
          .describe('Create an HTTP check of this URL (an endpoint or API route).'),
        method: k.z
          .enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
          .optional()
          .describe('HTTP method of the check. Default GET.'),
        status: k.int('The status the check expects. Default: any 2XX.', 100, 599).optional(),
        contains: k.z.string().min(1).max(500).optional().describe('Text the response body must contain.'),
        script: k.z
          .string()
          .regex(/^[^\0]{1,500}\.(js|mjs|cjs)$/, {
            message: 'script must be the path of a .js file (a scripted journey), relative to where cdk runs',
          })
          .optional()
          .describe(
            'Create a scripted journey from this Node.js file (its folder is packaged; it exports `handler`), relative to where cdk runs.',
          ),
        every: k.duration('How often the canary runs: 1m to 1h. Default 5m.', '1m', '1h').optional(),
        timeout: k
          .duration(
            'Run timeout: 3s to 14m and at most `every`. Default 1m (or `every` if shorter).',
            '3s',
            '14m',
          )
          .optional(),
        runtime: k.z
          .string()
          .regex(CANARY_RUNTIME, {
            message: 'runtime must be a Node.js Synthetics runtime like syn-nodejs-playwright-6.0',
          })
          .optional()
          .describe(`Synthetics runtime. Default ${DEFAULT_CANARY_RUNTIME}.`),
        minSuccessPercent: k
          .number('Successful runs in percent below which the check fails. Default 90.', 1, 100)
          .optional(),
        maxDuration: k
          .duration('Run duration above which runs are slow. Default 80 % of the timeout.', '100ms', '14m')
          .optional(),
      };
      return {
        entry: k.z.union([
          name,
          k.obj({ name, label: k.label, ...check, alarms: k.alarms(CANARY) }).superRefine((e, c) => {
            const add = (path: string, message: string) =>
              c.addIssue({ code: 'custom', path: [path], message });
            if (e.url && e.script)
              add('script', 'give a `url` (HTTP check) or a `script` (journey), not both');
            if (!e.url) {
              for (const f of ['method', 'status', 'contains'] as const)
                if (e[f] !== undefined) add(f, `\`${f}\` is for HTTP checks: give a \`url\``);
            }
            if (!e.url && !e.script) {
              for (const f of ['every', 'timeout', 'runtime'] as const)
                if (e[f] !== undefined)
                  add(f, `\`${f}\` is for canaries this config creates: give a \`url\` or a \`script\``);
            }
            if (e.every && parseDurationMs(e.every) % 60_000 !== 0)
              add('every', `every ${e.every}: canaries run on whole minutes (1m to 1h)`);
            if (e.every && e.timeout && parseDurationMs(e.timeout) > parseDurationMs(e.every))
              add(
                'timeout',
                `timeout ${e.timeout} is longer than the schedule (every ${e.every}): runs would overlap`,
              );
          }),
        ]),
        defaults: {
          minSuccessPercent: check.minSuccessPercent,
        },
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const creates = 'url' in e || 'script' in e ? Boolean(e.url ?? e.script) : false;
      const everyS = 'every' in e && e.every ? parseDurationMs(e.every) / 1000 : DEFAULT_EVERY_S;
      const timeoutS =
        'timeout' in e && e.timeout
          ? parseDurationMs(e.timeout) / 1000
          : Math.min(everyS, 60, MAX_CANARY_TIMEOUT_S);
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      // The success alarm's period follows the schedule (one run a period); the stopped alarm waits two runs.
      const period = periodFor(everyS);
      if (period !== DEFAULT_EVERY_S) {
        for (const id of ['successPercent', 'duration'])
          if (overrides[id]?.period === undefined) overrides[id] = { ...overrides[id], period };
      }
      if (overrides.stopped?.period === undefined && 2 * period > 3_600)
        overrides.stopped = { ...overrides.stopped, period: 2 * period };
      const maxDuration = 'maxDuration' in e && e.maxDuration ? parseDurationMs(e.maxDuration) : undefined;
      return [
        {
          kind: 'canary',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { CanaryName: e.name },
          params: ctx.params(CANARY, {
            minSuccessPercent:
              ('minSuccessPercent' in e ? e.minSuccessPercent : undefined) ?? ctx.defaults.minSuccessPercent,
            timeout: timeoutS * 1000,
            maxDuration: maxDuration ?? Math.round(timeoutS * 1000 * 0.8),
          }),
          overrides,
          ...(creates && 'name' in e
            ? {
                attributes: canaryAttributes({
                  everySeconds: everyS,
                  timeoutSeconds: timeoutS,
                  runtime: ('runtime' in e && e.runtime) || DEFAULT_CANARY_RUNTIME,
                  test:
                    'url' in e && e.url
                      ? {
                          type: 'http',
                          url: e.url,
                          method: ('method' in e && e.method) || 'GET',
                          ...('status' in e && e.status !== undefined ? { status: e.status } : {}),
                          ...('contains' in e && e.contains ? { contains: e.contains } : {}),
                        }
                      : { type: 'script', file: (e as { script: string }).script },
                }),
              }
            : {}),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) =>
    n % 2
      ? { name: `shop-health-${n}`, url: `https://shop-${n}.example.com/health` }
      : `checkout-canary-${n}`,
  construct: {
    cfnTypes: ['AWS::Synthetics::Canary'],
    entry: (c, ctx) => {
      const cfn = ctx.cfnOf<CfnCanary>(c, 'AWS::Synthetics::Canary');
      if (!cfn) return undefined;
      // An L2 canary's generated name is a lazy value the template knows; else the canary's Ref is its name.
      const resolved = ctx.resolve(c, cfn.name);
      const name = typeof resolved === 'string' ? resolved : cfn.ref;
      const run = ctx.resolve(c, cfn.runConfig) as { timeoutInSeconds?: unknown } | undefined;
      const timeout = ctx.seconds(run?.timeoutInSeconds);
      return {
        name,
        label: ctx.label(c),
        ...(timeout ? { maxDuration: `${Math.round(parseDurationMs(timeout) * 0.8)}ms` } : {}),
      };
    },
  },
});
