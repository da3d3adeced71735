/**
 * ECS services (`ClusterName`, `ServiceName`): CPU, memory and EBS utilization (AWS's ECS entries); with Container
 * Insights the running task count, ephemeral storage and task utilization (`ecsServiceInsights`); with enhanced
 * observability one table per container (`ecsContainer`, by `ContainerName`); with Service Connect its server
 * errors and response time (`ecsServiceConnect`, by `TargetDiscoveryName`). Container Insights, desired count,
 * launch type, task CPU, memory and storage, containers and Service Connect names are read from the constructs.
 */
import type { CfnCluster, CfnService, CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { parseDurationMs } from '../duration';
import type { MonitoredResource } from '../telemetry-model';
import { safeLabel } from '../naming';
import { numberOf } from './construct-refs';
import {
  CI_METRICS,
  CI_SRC,
  clusterNameOf,
  ECS_SRC,
  ENHANCED_METRICS,
  ENHANCED_ONLY,
  ENHANCED_SRC,
  insightsField,
  insightsOf,
  utilization,
  type Insights,
} from './ecs';
import { offUnlessEnabled } from './switches';
import { defineKind, defineTable } from './types';
import { guardedRate } from './messaging-rows';

const GUARD =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html#using-IF-expressions';

const SERVICE = defineTable({
  kind: 'ecsService',
  title: 'ECS service',
  namespace: 'AWS/ECS',
  dimensions: ['ClusterName', 'ServiceName'],
  params: {},
  rows: [
    utilization('cpu', 'CPUUtilization', {
      what: 'CPU utilization',
      firstStep: 'scale out (service auto scaling on CPU) or give tasks more CPU in the task definition',
      source: ECS_SRC,
      implements: 'ecs-cpuutilization',
      why: 'AWS: 80 % for 5 minutes (service utilization can pass 100 % on EC2 when tasks have no hard CPU limit).',
    }),
    utilization('memory', 'MemoryUtilization', {
      what: 'Memory utilization',
      firstStep:
        'give tasks more memory in the task definition before they are stopped for running out of it',
      source: ECS_SRC,
      implements: 'ecs-memoryutilization',
      why: 'AWS: 80 % for 5 minutes; a container that passes its hard memory limit is killed.',
    }),
    utilization('ebsFilesystem', 'EBSFilesystemUtilization', {
      what: 'EBS file-system utilization',
      firstStep: 'clean up what the tasks write, or configure larger volumes for new tasks',
      source: ECS_SRC,
      implements: 'ecs-ebsfilesystemutilization',
      why: 'AWS: 80 % for 5 minutes. Only for services whose tasks have EBS volumes (`ebs`, read from the task definition or service).',
    }),
  ],
  signals: [
    { title: 'CPU utilization (%)', metricName: 'CPUUtilization', stat: 'Average' },
    { title: 'Memory utilization (%)', metricName: 'MemoryUtilization', stat: 'Average' },
  ],
  cost: [],
});

const enhanced = (
  id: string,
  metricName: string,
  what: string,
  entry: string,
  extra: { why?: string; differs?: readonly ('metric' | 'comparison')[]; firstStep?: string } = {},
) =>
  utilization(id, metricName, {
    what,
    firstStep: extra.firstStep ?? 'give tasks more resources in the task definition, or scale out',
    source: ENHANCED_SRC,
    implements: entry,
    why: `AWS: 80 % for 5 minutes. ${extra.why ?? ''}${ENHANCED_ONLY}`,
    ...(extra.differs ? { differs: extra.differs } : {}),
  });

const MEMORY_LTE =
  "AWS's page says LESS_THAN_OR_EQUAL_TO_THRESHOLD, which would fire while memory use is low; its intent is to detect high memory, so the row uses GREATER_THAN. ";

/** Container Insights of a service (`ECS/ContainerInsights`, `ClusterName`, `ServiceName`). */
const SERVICE_INSIGHTS = defineTable({
  kind: 'ecsServiceInsights',
  title: 'ECS service (Container Insights)',
  namespace: 'ECS/ContainerInsights',
  dimensions: ['ClusterName', 'ServiceName'],
  params: {
    ephemeralStorageGiB: {
      default: 20,
      doc: "A task's ephemeral storage in GiB (Fargate: 20 unless the task definition asks for more).",
    },
    taskCpu: { default: 256, doc: "A task's CPU units (the task definition's cpu)." },
    taskMemory: { default: 512, doc: "A task's memory in MiB (the task definition's memory)." },
  },
  rows: [
    {
      id: 'runningTasks',
      signal: 'runningTasks',
      metric: { type: 'metric', metricName: 'RunningTaskCount', stat: 'Average' },
      threshold: 0,
      comparison: 'LessThanOrEqualToThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning: '{resource} has no running tasks',
      firstStep:
        'read the service events: tasks failing to start (image, secrets, health checks) or no capacity',
      source: CI_SRC,
      why: 'AWS: 0 running tasks for 5 minutes, the service is unavailable: users feel it, so it pages. Off for a service with a desired count of 0 (read from the construct). No data means Container Insights or the service is gone, not an outage.',
      implements: 'ecs-ci-runningtaskcount',
    },
    {
      id: 'ephemeralStorage',
      signal: 'ephemeralStorage',
      metric: { type: 'metric', metricName: 'EphemeralStorageUtilized', stat: 'Average' },
      threshold: { param: 'ephemeralStorageGiB', factor: 0.9 },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning:
        'Tasks of {resource} use more than {threshold} GB of ephemeral storage, close to what they have',
      firstStep: 'find what the containers write to their file system, or ask for more ephemeral storage',
      source: CI_SRC,
      why: 'AWS: "depends", about 90 % of the ephemeral storage: 90 % of the task definition\'s ephemeral storage (20 GiB on Fargate unless it asks for more; read from the construct). Fargate only.',
      implements: 'ecs-ci-ephemeralstorageutilized',
    },
    enhanced('taskCpu', 'TaskCpuUtilization', 'Task CPU utilization', 'ecs-ci-enhanced-taskcpuutilization'),
    enhanced(
      'taskMemory',
      'TaskMemoryUtilization',
      'Task memory utilization',
      'ecs-ci-enhanced-taskmemoryutilization',
      {
        why: MEMORY_LTE,
        differs: ['comparison'],
      },
    ),
    enhanced(
      'taskEphemeralStorage',
      'TaskEphemeralStorageUtilization',
      'Task ephemeral storage utilization',
      'ecs-ci-enhanced-taskephemeralstorageutilization',
      { firstStep: 'find what the containers write to their file system, or ask for more ephemeral storage' },
    ),
    enhanced(
      'taskEbsFilesystem',
      'TaskEBSFilesystemUtilization',
      'Task EBS file-system utilization',
      'ecs-ci-enhanced-taskebsfilesystemutilization',
      {
        why: `AWS's page spells the metric TaskEBSfilesystemUtilization; the metrics reference (${ENHANCED_METRICS}) spells TaskEBSFilesystemUtilization, and metric names are case-sensitive. Only for services whose tasks have EBS volumes. `,
        differs: ['metric'],
        firstStep: 'clean up what the tasks write, or configure larger volumes for new tasks',
      },
    ),
    {
      ...utilization('serviceContainerCpu', 'ContainerCpuUtilization', {
        what: 'Average container CPU utilization',
        firstStep: 'see which container (the per-container alarms) and give it more CPU',
        source: CI_SRC,
        implements: 'ecs-ci-containercpuutilization-service',
        enabled: false,
        why: `AWS: 80 % for 5 minutes. ${ENHANCED_ONLY} Off by default: the per-container alarms (\`containers\`) say which container, and the task row covers the service.`,
      }),
    },
    {
      ...utilization('serviceContainerMemory', 'ContainerMemoryUtilization', {
        what: 'Average container memory utilization',
        firstStep: 'see which container (the per-container alarms) and give it more memory',
        source: CI_SRC,
        implements: 'ecs-ci-containermemoryutilization-service',
        enabled: false,
        why: `AWS: 80 % for 5 minutes. ${ENHANCED_ONLY} Off by default: the per-container alarms (\`containers\`) say which container, and the task row covers the service.`,
      }),
    },
  ],
  signals: [
    { title: 'Running tasks', metricName: 'RunningTaskCount', stat: 'Average' },
    { title: 'Desired tasks', metricName: 'DesiredTaskCount', stat: 'Average' },
    {
      title: 'CPU used per task (units)',
      metricName: 'CpuUtilized',
      stat: 'Average',
      line: { param: 'taskCpu', label: 'task' },
    },
    {
      title: 'Memory used per task (MiB)',
      metricName: 'MemoryUtilized',
      stat: 'Average',
      line: { param: 'taskMemory', label: 'task' },
    },
    {
      title: 'Ephemeral storage used per task (GB)',
      metricName: 'EphemeralStorageUtilized',
      stat: 'Average',
      line: { param: 'ephemeralStorageGiB', label: 'task' },
    },
  ],
  cost: [
    {
      item: 'Container Insights metrics of a service (custom metrics)',
      perResource: 18,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `Container Insights publishes 18 service-level metrics (ClusterName, ServiceName) as custom metrics; enhanced observability is billed per observation instead (${CI_METRICS}, https://aws.amazon.com/cloudwatch/pricing/).`,
    },
  ],
});

/** One container of a service's tasks (`ClusterName`, `ServiceName`, `ContainerName`): enhanced observability. */
const CONTAINER = defineTable({
  kind: 'ecsContainer',
  title: 'ECS container',
  namespace: 'ECS/ContainerInsights',
  dimensions: ['ClusterName', 'ServiceName', 'ContainerName'],
  params: {},
  rows: [
    utilization('containerCpu', 'ContainerCpuUtilization', {
      what: 'CPU utilization of container',
      firstStep: 'give the container more CPU (its cpu in the task definition) or find what keeps it busy',
      source: ENHANCED_SRC,
      implements: 'ecs-ci-enhanced-containercpuutilization',
      why: `AWS: 80 % for 5 minutes. AWS's page spells the metric ContainerCPUUtilization; the metrics reference (${ENHANCED_METRICS}) spells ContainerCpuUtilization (names are case-sensitive). The reference lists ContainerName dimension sets for ContainerMemoryUtilization and ContainerCpuUtilized but not for ContainerCpuUtilization, which looks like an omission: the row follows AWS's alarm. Enhanced observability only.`,
      differs: ['metric'],
    }),
    utilization('containerMemory', 'ContainerMemoryUtilization', {
      what: 'Memory utilization of container',
      firstStep: 'give the container more memory (its memory in the task definition) before it is killed',
      source: ENHANCED_SRC,
      implements: 'ecs-ci-enhanced-containermemoryutilization',
      why: `AWS: 80 % for 5 minutes. ${MEMORY_LTE}Enhanced observability only.`,
      differs: ['comparison'],
    }),
  ],
  signals: [
    { title: 'Container CPU utilization (%)', metricName: 'ContainerCpuUtilization', stat: 'Average' },
    { title: 'Container memory utilization (%)', metricName: 'ContainerMemoryUtilization', stat: 'Average' },
  ],
  cost: [],
});

/**
 * A Service Connect endpoint of a service (`TargetDiscoveryName`): the errors and response time its clients see.
 * ECS publishes these target metrics by TargetDiscoveryName (and with the calling service's name), not by the
 * serving service's ClusterName and ServiceName as AWS's page writes.
 */
const CONNECT_WHY =
  "AWS's page gives ClusterName, ServiceName; ECS publishes the Service Connect target metrics by TargetDiscoveryName alone (all callers) or with the calling service's ClusterName and ServiceName, so the serving service's view is TargetDiscoveryName alone.";

const CONNECT = defineTable({
  kind: 'ecsServiceConnect',
  title: 'ECS Service Connect endpoint',
  namespace: 'AWS/ECS',
  dimensions: ['TargetDiscoveryName'],
  params: {
    minRequests: { default: 10, doc: 'Requests per minute below which the error rate is not evaluated.' },
    responseTime: {
      default: 1000,
      doc: 'Average target response time in ms above which responses are slow.',
    },
  },
  rows: [
    guardedRate(
      {
        id: 'serverErrorRate',
        metricName: 'HTTPCode_Target_5XX_Count',
        denominator: 'RequestCount',
        minParam: 'minRequests',
        label: 'Server errors (%)',
        guard: 'with at least {min} requests {period}',
        severity: 'critical',
        meaning: 'More than {threshold} of requests to {resource} end in server errors',
        firstStep:
          "read the service's application logs for the failing requests and compare with the last deployment",
        source: ECS_SRC,
        why: `AWS: "depends", about 5 % of the average traffic (RequestCount) as a count; a guarded rate (${GUARD}) is that 5 % at any traffic, and only when the endpoint serves at least \`minRequests\` (default 10) requests a minute. ${CONNECT_WHY}`,
        implements: 'ecs-httpcode-target-5xx-count',
        differs: ['dimensions', 'statistic'],
      },
      5,
      { datapoints: [5, 5] },
    ),
    {
      id: 'targetResponseTime',
      signal: 'targetResponseTime',
      metric: { type: 'metric', metricName: 'TargetResponseTime', stat: 'Average' },
      threshold: { param: 'responseTime' },
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'ms',
      meaning: 'Average response time of {resource} is above {threshold}',
      firstStep: "check the service's CPU and the latency of what it calls",
      source: ECS_SRC,
      why: `AWS: "depends" on the service's requirements; 1 s on average for 5 minutes is slow for a service called by other services (set \`responseTime\`). ${CONNECT_WHY}`,
      implements: 'ecs-targetresponsetime',
      differs: ['dimensions'],
    },
  ],
  signals: [
    { title: 'Requests', metricName: 'RequestCount', stat: 'Sum' },
    { title: '5XX responses', metricName: 'HTTPCode_Target_5XX_Count', stat: 'Sum' },
    {
      title: 'Response time',
      unit: 'ms',
      metricName: 'TargetResponseTime',
      stat: 'Average',
      line: { param: 'responseTime', label: 'alarm' },
    },
  ],
  cost: [],
});

const DISCOVERY = /^[A-Za-z0-9_.-]{1,64}$/;
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

type Kinds = 'ecsService' | 'ecsServiceInsights' | 'ecsContainer' | 'ecsServiceConnect';

export const ecsService = defineKind({
  key: 'ecsService',
  dashboard: 'compute',
  tables: [SERVICE, SERVICE_INSIGHTS, CONTAINER, CONNECT],
  account: [],
  config: {
    doc: 'ECS services, by cluster and service name.',
    schema: (k) => {
      const fields = {
        containerInsights: insightsField(k),
        minRequests: k
          .int('Service Connect requests/min before the error rate counts.', 0, 1_000_000)
          .optional(),
        responseTime: k
          .duration('Average Service Connect response time that is slow. Default 1s.', '1ms', '10m')
          .optional(),
      };
      return {
        entry: k.obj({
          name: k.awsName('name').describe('The service name. May be a token with a label.'),
          cluster: k.awsName('cluster').describe('The cluster name (a cluster ARN is read as its name).'),
          label: k.label,
          launchType: k.z
            .enum(['fargate', 'ec2'])
            .optional()
            .describe(
              'Where tasks run; ephemeral storage alarms are for Fargate. Read from the construct. Default: unknown.',
            ),
          desiredCount: k
            .int(
              'Desired task count; 0 switches the running-task alarm off. Read from the construct.',
              0,
              100_000,
            )
            .optional(),
          cpu: k
            .int(
              "A task's CPU units (the task definition's cpu). Read from the construct. Default 256.",
              128,
              196_608,
            )
            .optional(),
          memory: k
            .int(
              "A task's memory in MiB (the task definition's memory). Read from the construct. Default 512.",
              6,
              1_048_576,
            )
            .optional(),
          ephemeralStorage: k
            .int("A task's ephemeral storage in GiB (Fargate). Read from the construct. Default 20.", 20, 200)
            .optional(),
          ebs: k.z
            .boolean()
            .optional()
            .describe(
              'Tasks have EBS volumes: adds the EBS file-system alarms. Read from the construct. Default false.',
            ),
          containers: k.z
            .array(
              k.z
                .string()
                .regex(CONTAINER_NAME, { message: 'a container name is 1-255 letters, digits, "-" or "_"' }),
            )
            .max(10, { message: 'a task definition has at most 10 containers' })
            .optional()
            .describe(
              'Container names: with enhanced observability, CPU and memory alarms per container. Read from the construct.',
            ),
          serviceConnect: k.z
            .array(
              k.z
                .string()
                .regex(DISCOVERY, { message: 'a discovery name is 1-64 letters, digits, ".", "-" or "_"' }),
            )
            .max(20, { message: 'at most 20 Service Connect endpoints per service' })
            .optional()
            .describe(
              'Service Connect discovery names the service serves: server-error and response-time alarms each. Read from the construct.',
            ),
          ...fields,
          alarms: k.alarms(SERVICE, SERVICE_INSIGHTS, CONTAINER, CONNECT),
        }),
        defaults: fields,
      };
    },
    resources: (e, ctx) => {
      const d = ctx.defaults;
      const label = ctx.label(e.label, `${e.cluster}-${e.name}`);
      const overrides = ctx.overrides(e.alarms);
      const insights: Insights = e.containerInsights ?? d.containerInsights ?? 'disabled';
      const dims = { ClusterName: e.cluster, ServiceName: e.name };
      const out: Array<MonitoredResource<Kinds>> = [
        {
          kind: 'ecsService',
          label,
          dimensions: dims,
          params: {},
          overrides: offUnlessEnabled(overrides, e.ebs ? [] : ['ebsFilesystem']),
          origin: ctx.origin(),
        },
      ];
      if (insights !== 'disabled') {
        const storageRows = e.launchType === 'ec2' ? ['ephemeralStorage', 'taskEphemeralStorage'] : [];
        const enhancedRows =
          insights === 'enhanced'
            ? []
            : ['taskCpu', 'taskMemory', 'taskEphemeralStorage', 'taskEbsFilesystem'];
        out.push({
          kind: 'ecsServiceInsights',
          label,
          dimensions: dims,
          params: ctx.params(SERVICE_INSIGHTS, {
            ephemeralStorageGiB: e.ephemeralStorage,
            taskCpu: e.cpu,
            taskMemory: e.memory,
          }),
          overrides: offUnlessEnabled(overrides, [
            ...(e.desiredCount === 0 ? ['runningTasks'] : []),
            ...storageRows,
            ...enhancedRows,
            ...(e.ebs ? [] : ['taskEbsFilesystem']),
          ]),
          origin: ctx.origin('containerInsights'),
        });
      }
      if (insights === 'enhanced') {
        (e.containers ?? []).forEach((name, i) =>
          out.push({
            kind: 'ecsContainer',
            label: safeLabel(`${label}-${name}`),
            dimensions: { ...dims, ContainerName: name },
            params: {},
            overrides,
            origin: ctx.origin('containers', i),
          }),
        );
      }
      const responseTime = e.responseTime ?? d.responseTime;
      (e.serviceConnect ?? []).forEach((name, i) =>
        out.push({
          kind: 'ecsServiceConnect',
          label: safeLabel(`${label}-${name}`),
          dimensions: { TargetDiscoveryName: name },
          params: ctx.params(CONNECT, {
            minRequests: e.minRequests ?? d.minRequests,
            responseTime: responseTime === undefined ? undefined : parseDurationMs(responseTime),
          }),
          overrides,
          origin: ctx.origin('serviceConnect', i),
        }),
      );
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    name: `orders-api-${n}`,
    cluster: `orders-cluster-${n}`,
    containerInsights: 'enhanced' as const,
    launchType: 'fargate' as const,
    desiredCount: 2,
    cpu: 512,
    memory: 1024,
    containers: ['app'],
    serviceConnect: [`orders-api-${n}`],
  }),
  construct: {
    cfnTypes: ['AWS::ECS::Service'],
    entry: (c, ctx) => {
      const svc = ctx.cfnOf<CfnService>(c, 'AWS::ECS::Service');
      if (!svc) return undefined;
      const clusterText = ctx.string(svc.cluster);
      const cluster =
        svc.cluster === undefined ? 'default' : clusterText ? clusterNameOf(clusterText) : svc.cluster;
      const clusterL1 = ctx.referenced<CfnCluster>(svc, svc.cluster, 'AWS::ECS::Cluster');
      const insights = clusterL1 ? insightsOf(ctx, clusterL1) : undefined;
      const strategy = ctx.resolve(svc, svc.capacityProviderStrategy);
      const onFargate =
        ctx.string(svc.launchType) === 'FARGATE' ||
        (Array.isArray(strategy) &&
          strategy.length > 0 &&
          strategy.every((s: Record<string, unknown>) =>
            /^FARGATE(_SPOT)?$/.test(String(s.CapacityProvider ?? s.capacityProvider)),
          ));
      const launchType = onFargate
        ? ('fargate' as const)
        : ctx.string(svc.launchType) === 'EC2'
          ? ('ec2' as const)
          : undefined;
      const task = ctx.referenced<CfnTaskDefinition>(svc, svc.taskDefinition, 'AWS::ECS::TaskDefinition');
      const cpu = task ? numberOf(ctx, task.cpu) : undefined;
      const memory = task ? numberOf(ctx, task.memory) : undefined;
      const storage = task
        ? (ctx.resolve(task, task.ephemeralStorage) as
            { SizeInGiB?: unknown; sizeInGiB?: unknown } | undefined)
        : undefined;
      const storageGiB = numberOf(ctx, storage?.SizeInGiB ?? storage?.sizeInGiB);
      const defs = task ? ctx.resolve(task, task.containerDefinitions) : undefined;
      const containers = (Array.isArray(defs) ? defs : [])
        .map((def: Record<string, unknown>) => ctx.string(def.Name ?? def.name))
        .filter((n): n is string => n !== undefined && CONTAINER_NAME.test(n))
        .slice(0, 10);
      const volumes = task ? ctx.resolve(task, task.volumes) : undefined;
      const ebs =
        (Array.isArray(volumes) &&
          volumes.some(
            (v: Record<string, unknown>) => (v.ConfiguredAtLaunch ?? v.configuredAtLaunch) === true,
          )) ||
        // The L2 sets volumeConfigurations lazily: what it resolves to says whether the service has volumes.
        (() => {
          const configured = ctx.resolve(svc, svc.volumeConfigurations);
          return Array.isArray(configured) && configured.length > 0;
        })();
      const connect = ctx.resolve(svc, svc.serviceConnectConfiguration) as
        Record<string, unknown> | undefined;
      const connectServices = (connect?.Services ?? connect?.services) as
        Array<Record<string, unknown>> | undefined;
      const serviceConnect =
        connect && (connect.Enabled ?? connect.enabled) === true && Array.isArray(connectServices)
          ? connectServices
              .map((s) => ctx.string(s.DiscoveryName ?? s.discoveryName ?? s.PortName ?? s.portName))
              .filter((n): n is string => n !== undefined && DISCOVERY.test(n))
          : [];
      const desired = ctx.number(svc.desiredCount);
      return {
        name: svc.attrName,
        cluster,
        label: ctx.label(c),
        ...(launchType ? { launchType } : {}),
        ...(desired !== undefined ? { desiredCount: desired } : {}),
        ...(cpu !== undefined ? { cpu } : {}),
        ...(memory !== undefined ? { memory } : {}),
        ...(storageGiB !== undefined ? { ephemeralStorage: storageGiB } : {}),
        ...(ebs ? { ebs: true } : {}),
        ...(containers.length ? { containers } : {}),
        ...(serviceConnect.length ? { serviceConnect } : {}),
        ...(insights ? { containerInsights: insights } : {}),
      };
    },
  },
});
