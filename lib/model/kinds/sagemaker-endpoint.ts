/**
 * SageMaker real-time endpoints, per production variant (`EndpointName`, `VariantName`): the rate of model errors,
 * model latency near the invocation timeout, and the memory and disk of the variant's instances. Not in AWS's
 * recommended-alarm list; rows from SageMaker's CloudWatch metrics page.
 */
import type { CfnEndpoint, CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { parseDurationMs } from '../duration';
import { guardedRate, utilization } from './messaging-rows';
import { defineKind, defineTable } from './types';

const SRC = 'https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html';
/** Instance metrics of endpoints are published in their own namespace. */
const INSTANCES = '/aws/sagemaker/Endpoints';
/** A real-time endpoint answers within 60 s or the invocation fails. */
const TIMEOUT_US = 60_000_000;

const VARIANT = defineTable({
  kind: 'sagemakerEndpoint',
  title: 'SageMaker endpoint variant',
  namespace: 'AWS/SageMaker',
  dimensions: ['EndpointName', 'VariantName'],
  params: {
    minInvocations: {
      default: 10,
      doc: 'Invocations per minute below which the error rate is not evaluated (`minInvocations`).',
    },
    maxModelLatency: {
      default: TIMEOUT_US,
      doc: 'p90 model latency in microseconds, alarmed at 90 % (`latency`; default the 60 s invocation timeout).',
    },
  },
  rows: [
    guardedRate(
      {
        id: 'errorRate',
        metricName: 'Invocation5XXErrors',
        denominator: 'Invocations',
        minParam: 'minInvocations',
        label: 'Model errors (%)',
        guard: 'with at least {min} invocations {period}',
        severity: 'critical',
        meaning: 'More than {threshold} of invocations of {resource} fail with a model error (5xx)',
        firstStep:
          "read the endpoint's log group (/aws/sagemaker/Endpoints/<name>) for the container's errors; roll back the model if it is new",
        source: SRC,
        why: "Not in AWS's list: Invocation5XXErrors (the model or its container failed) above 5 % of Invocations for 3 minutes, with at least `minInvocations` (10) a minute, like the API error-rate rows. Callers get the errors, so it pages.",
      },
      5,
    ),
    {
      id: 'modelLatency',
      signal: 'modelLatency',
      metric: { type: 'metric', metricName: 'ModelLatency', stat: 'p90' },
      threshold: { param: 'maxModelLatency', factor: 0.9 },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'ignore',
      enabled: true,
      unit: 'count',
      meaning: '{stat} model latency of {resource} is above {threshold} microseconds',
      firstStep:
        "check the variant's instance CPU, memory and GPU, its instance count (auto scaling), and payload sizes",
      source: SRC,
      why: 'ModelLatency is in microseconds. As for a Lambda function near its timeout: p90 above 90 % of the 60 s invocation timeout for 5 minutes means invocations start to fail; give `latency` for a tighter budget.',
    },
    {
      ...utilization(
        {
          id: 'memory',
          metricName: 'MemoryUtilization',
          meaning: 'Instances of {resource} use more than {threshold} of their memory',
          firstStep: 'move the variant to an instance type with more memory, or add instances',
          source: SRC,
          why: 'Instance metrics of the variant (real-time endpoints on instances; serverless endpoints publish none, which is not breaching). Above 90 % for 15 minutes the model container is close to running out of memory.',
        },
        90,
      ),
      namespace: INSTANCES,
    },
    {
      ...utilization(
        {
          id: 'disk',
          metricName: 'DiskUtilization',
          meaning: 'Instances of {resource} use more than {threshold} of their disk',
          firstStep:
            "check what the container writes to disk (logs, caches), or enlarge the variant's volume",
          source: SRC,
          why: 'Instance metrics of the variant; above 90 % for 15 minutes the container soon fails to write. Serverless endpoints publish none, which is not breaching.',
        },
        90,
      ),
      namespace: INSTANCES,
    },
  ],
  signals: [
    { title: 'Invocations', metricName: 'Invocations', stat: 'Sum' },
    { title: 'Model errors (5xx)', metricName: 'Invocation5XXErrors', stat: 'Sum' },
    { title: 'Client errors (4xx)', metricName: 'Invocation4XXErrors', stat: 'Sum' },
    { title: 'Model latency p90 (µs)', metricName: 'ModelLatency', stat: 'p90' },
    { title: 'CPU (%)', namespace: INSTANCES, metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Memory (%)', namespace: INSTANCES, metricName: 'MemoryUtilization', stat: 'Average' },
  ],
  cost: [],
});

/** An endpoint or variant name: letters, digits and hyphens, at most 63. */
const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const MAX_VARIANTS = 10;

export const sagemakerEndpoint = defineKind({
  key: 'sagemakerEndpoint',
  dashboard: 'compute',
  tables: [VARIANT],
  account: [],
  config: {
    doc: 'SageMaker real-time endpoints, by name, with their production variants (default: AllTraffic).',
    schema: (k) => {
      const name = (what: string, doc: string) =>
        k.z
          .string()
          .min(1)
          .superRefine((v, c) => {
            if (!k.isToken(v) && !NAME.test(v))
              c.addIssue({
                code: 'custom',
                message: `${what} is 1-63 letters, digits and "-" (not starting or ending with "-")`,
              });
          })
          .describe(doc);
      const fields = {
        minInvocations: k
          .int('Invocations/min before the error rate counts. Default 10.', 0, 1_000_000)
          .optional(),
        latency: k
          .duration(
            'p90 model latency to alarm above (at 90 %). Default 60s, the invocation timeout.',
            '1ms',
            '60s',
          )
          .optional(),
      };
      const endpoint = name('an endpoint name', 'The endpoint name (EndpointName).');
      return {
        entry: k.z.union([
          endpoint,
          k.obj({
            name: endpoint,
            label: k.label,
            variants: k.z
              .array(name('a variant name', 'A production variant name (VariantName).'))
              .min(1)
              .max(MAX_VARIANTS)
              .optional()
              .describe(
                `The production variants (at most ${MAX_VARIANTS}): one resource each. Read from the construct. Default [AllTraffic].`,
              ),
            ...fields,
            alarms: k.alarms(VARIANT),
          }),
        ]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const own = typeof entry === 'string' ? undefined : entry;
      const endpoint = own?.name ?? (entry as string);
      const variants = own?.variants ?? ['AllTraffic'];
      const label = ctx.label(own?.label, endpoint);
      const latency = own?.latency ?? ctx.defaults.latency;
      const params = ctx.params(VARIANT, {
        minInvocations: own?.minInvocations ?? ctx.defaults.minInvocations,
        maxModelLatency: latency === undefined ? undefined : parseDurationMs(latency) * 1000,
      });
      const overrides = ctx.overrides(own?.alarms);
      return variants.map((variant) => ({
        kind: 'sagemakerEndpoint' as const,
        // One variant keeps the endpoint's label; several add their names.
        label: variants.length === 1 ? label : `${label}-${variant}`,
        dimensions: { EndpointName: endpoint, VariantName: variant },
        params,
        overrides,
        origin: ctx.origin(),
      }));
    },
    account: () => [],
  },
  example: (n) => ({ name: `recommendations-${n}`, variants: ['AllTraffic'] }),
  construct: {
    cfnTypes: ['AWS::SageMaker::Endpoint'],
    entry: (c, ctx) => {
      const endpoint = ctx.cfnOf<CfnEndpoint>(c, 'AWS::SageMaker::Endpoint');
      if (!endpoint) return undefined;
      // Ref of an endpoint is its ARN: the name comes from the template, else from the ARN's last part.
      const name = ctx.string(endpoint.endpointName) ?? endpoint.attrEndpointName;
      const config = ctx.referenced<CfnEndpointConfig>(
        endpoint,
        endpoint.endpointConfigName,
        'AWS::SageMaker::EndpointConfig',
      );
      const resolved = config ? ctx.resolve(config, config.productionVariants) : undefined;
      const variants = Array.isArray(resolved)
        ? resolved.map((v) => ctx.string((v as { variantName?: unknown } | null)?.variantName))
        : [];
      const known = variants.filter((v): v is string => v !== undefined && NAME.test(v));
      return {
        name,
        label: ctx.label(c),
        ...(known.length > 0 && known.length === variants.length && known.length <= MAX_VARIANTS
          ? { variants: known }
          : {}),
      };
    },
  },
});
