/**
 * App Runner services (`ServiceName`, `ServiceID`): the 5xx rate, request latency, and CPU and memory of the
 * service's instances. Not in AWS's recommended-alarm list; rows from App Runner's CloudWatch metrics page.
 */
import type { CfnService } from 'aws-cdk-lib/aws-apprunner';
import { parseDurationMs } from '../duration';
import { awsId } from './aws-ids';
import { guardedRate, utilization } from './messaging-rows';
import { defineKind, defineTable } from './types';

const SRC = 'https://docs.aws.amazon.com/apprunner/latest/dg/monitor-cw.html';

const SERVICE = defineTable({
  kind: 'appRunner',
  title: 'App Runner service',
  namespace: 'AWS/AppRunner',
  dimensions: ['ServiceName', 'ServiceID'],
  params: {
    minRequests: { default: 10, doc: 'Requests per minute below which the 5xx rate is not evaluated.' },
    latency: { default: 2500, doc: 'p90 request latency threshold in ms (`latency`).' },
  },
  rows: [
    guardedRate(
      {
        id: 'serverErrorRate',
        metricName: '5xxStatusResponses',
        denominator: 'Requests',
        minParam: 'minRequests',
        label: 'Server errors (%)',
        guard: 'with at least {min} requests {period}',
        severity: 'critical',
        meaning: 'More than {threshold} of requests to {resource} end in server errors',
        firstStep:
          "check the service's application log for errors and its event log for a failed deployment or unhealthy instances",
        source: SRC,
        why: "Not in AWS's list: 5xxStatusResponses above 5 % of Requests for 3 minutes with at least `minRequests` (10) requests a minute, like the API Gateway and load balancer 5xx rows. Clients get the errors, so it pages.",
      },
      5,
    ),
    {
      id: 'latency',
      signal: 'latency',
      metric: { type: 'metric', metricName: 'RequestLatency', stat: 'p90' },
      threshold: { param: 'latency' },
      comparison: 'GreaterThanOrEqualToThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      lowSampleCount: 'ignore',
      enabled: true,
      unit: 'ms',
      meaning: '{stat} request latency of {resource} is at or above {threshold}',
      firstStep:
        'check instance CPU and memory, the concurrency per instance and the maximum instances of its auto scaling configuration',
      source: SRC,
      why: "Not in AWS's list: p90 at or above 2.5 s for 5 minutes (`latency`), the starting point of the API Gateway latency rows; App Runner requests time out at 120 s.",
    },
    utilization(
      {
        id: 'cpu',
        metricName: 'CPUUtilization',
        meaning: 'Instances of {resource} use more than {threshold} CPU',
        firstStep:
          'give instances more vCPUs, or lower the concurrency per instance so that App Runner scales out sooner',
        source: SRC,
        why: 'App Runner scales on concurrent requests, not CPU: an instance busy above 80 % for 15 minutes serves slowly without scaling out.',
      },
      80,
    ),
    utilization(
      {
        id: 'memory',
        metricName: 'MemoryUtilization',
        meaning: 'Instances of {resource} use more than {threshold} of their memory',
        firstStep: 'look for a memory leak after the last deployment, or give instances more memory',
        source: SRC,
        why: 'Above 80 % for 15 minutes an instance is close to running out of memory, which restarts it and fails its requests.',
      },
      80,
    ),
  ],
  signals: [
    { title: 'Requests', metricName: 'Requests', stat: 'Sum' },
    { title: '5xx responses', metricName: '5xxStatusResponses', stat: 'Sum' },
    { title: '4xx responses', metricName: '4xxStatusResponses', stat: 'Sum' },
    {
      title: 'Request latency p90',
      unit: 'ms',
      metricName: 'RequestLatency',
      stat: 'p90',
      line: { param: 'latency', label: 'alarm' },
    },
    { title: 'Active instances', metricName: 'ActiveInstances', stat: 'Maximum' },
    { title: 'CPU (%)', metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Memory (%)', metricName: 'MemoryUtilization', stat: 'Average' },
  ],
  cost: [],
});

/** A service id: 32 hexadecimal digits (the last part of the service ARN). */
const SERVICE_ID = /^[0-9a-f]{32}$/;

export const appRunner = defineKind({
  key: 'appRunner',
  dashboard: 'compute',
  tables: [SERVICE],
  account: [],
  config: {
    doc: 'App Runner services, by name and service id.',
    schema: (k) => {
      const fields = {
        minRequests: k.int('Requests/min before the 5xx rate counts. Default 10.', 0, 1_000_000).optional(),
        latency: k.duration('p90 request latency to alarm at. Default 2500ms.', '1ms', '120s').optional(),
      };
      return {
        entry: k.obj({
          name: k.awsName('name').describe('The service name (ServiceName).'),
          id: awsId(
            k,
            SERVICE_ID,
            'a 32-digit hexadecimal service id',
            'The service id (ServiceID): the last part of the service ARN.',
          ),
          label: k.label,
          ...fields,
          alarms: k.alarms(SERVICE),
        }),
        defaults: fields,
      };
    },
    resources: (e, ctx) => {
      const latency = e.latency ?? ctx.defaults.latency;
      return [
        {
          kind: 'appRunner',
          label: ctx.label(e.label, e.name),
          dimensions: { ServiceName: e.name, ServiceID: e.id },
          params: ctx.params(SERVICE, {
            minRequests: e.minRequests ?? ctx.defaults.minRequests,
            latency: latency === undefined ? undefined : parseDurationMs(latency),
          }),
          overrides: ctx.overrides(e.alarms),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({ name: `storefront-${n}`, id: `${'0'.repeat(30)}${String(n).padStart(2, '0')}` }),
  construct: {
    cfnTypes: ['AWS::AppRunner::Service'],
    entry: (c, ctx) => {
      const service = ctx.cfnOf<CfnService>(c, 'AWS::AppRunner::Service');
      if (!service) return undefined;
      // Ref of a service is its ARN; the name is known only when the template gives it.
      const name = ctx.string(service.serviceName);
      if (!name) {
        ctx.warn(
          c,
          'cdk-telemetry:appRunnerName',
          'not watched: give this App Runner service a `serviceName` (App Runner publishes its metrics by service name and id, and CloudFormation generates the name otherwise)',
        );
        return undefined;
      }
      return { name, id: service.attrServiceId, label: ctx.label(c) };
    },
  },
});
