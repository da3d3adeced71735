/**
 * EKS clusters (`ClusterName`): the control plane's free metrics (`AWS/EKS`: API server errors, pods that cannot
 * be scheduled); with Container Insights the nodes' CPU, memory and file system (AWS's EKS entries, a child table)
 * and per Kubernetes service its pods' CPU and memory against their limits (`eksService`, by Namespace and
 * Service). Container Insights is read from the cluster construct (the amazon-cloudwatch-observability add-on).
 */
import type { CfnAddon, CfnCluster } from 'aws-cdk-lib/aws-eks';
import type { IConstruct } from 'constructs';
import type { MonitoredResource } from '../telemetry-model';
import { safeLabel } from '../naming';
import { referencing, type CfnLike } from './construct-refs';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow, type ConstructContext } from './types';
import { guardedRate } from './messaging-rows';

const SRC = `${AWS_RECOMMENDED}#EKS-ContainerInsights`;
const CONTROL_PLANE = 'https://docs.aws.amazon.com/eks/latest/userguide/view-raw-metrics.html';
const CI_METRICS =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-EKS.html';

const CLUSTER = defineTable({
  kind: 'eksCluster',
  title: 'EKS cluster',
  namespace: 'AWS/EKS',
  dimensions: ['ClusterName'],
  params: {
    minRequests: {
      default: 10,
      doc: 'API server requests per minute below which the error rate is not evaluated.',
    },
  },
  rows: [
    {
      id: 'unschedulablePods',
      signal: 'unschedulablePods',
      metric: { type: 'metric', metricName: 'scheduler_pending_pods_UNSCHEDULABLE', stat: 'Maximum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [15, 15],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Pods of {resource} cannot be scheduled',
      firstStep:
        'kubectl describe the pending pods: no node fits their requests, taints or affinity (or the autoscaler is stuck)',
      source: CONTROL_PLANE,
      why: "Not in AWS's list; a pod the scheduler cannot place for 15 minutes is a workload that does not run. EKS publishes the control plane metrics for free (Kubernetes 1.28 and later).",
    },
    guardedRate(
      {
        id: 'apiServerErrorRate',
        metricName: 'apiserver_request_total_5XX',
        denominator: 'apiserver_request_total',
        minParam: 'minRequests',
        label: 'API server errors (%)',
        guard: 'with at least {min} requests {period}',
        meaning: 'More than {threshold} of requests to the API server of {resource} fail with server errors',
        firstStep:
          'look for a misbehaving controller or webhook (admission webhooks that time out show as 5XX)',
        source: CONTROL_PLANE,
        why: "Not in AWS's list; the control plane answers kubelets, controllers and deployments: more than 5 % server errors for 5 minutes breaks rollouts and scaling.",
      },
      5,
      { datapoints: [5, 5] },
    ),
  ],
  signals: [
    { title: 'API server requests', metricName: 'apiserver_request_total', stat: 'Sum' },
    { title: 'API server 5XX', metricName: 'apiserver_request_total_5XX', stat: 'Sum' },
    { title: 'Pending pods', metricName: 'scheduler_pending_pods', stat: 'Maximum' },
  ],
  cost: [],
});

const node = (id: string, metricName: string, what: string, entry: string, why: string): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Maximum' },
  threshold: 80,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'percent',
  meaning: `${what} of the busiest node of {resource} is above {threshold}`,
  firstStep: 'find the pods that use most on that node; add nodes or larger instance types',
  source: SRC,
  why,
  implements: entry,
});

/** Container Insights of a cluster (`ContainerInsights`, `ClusterName`). */
const CLUSTER_INSIGHTS = defineTable({
  kind: 'eksClusterInsights',
  title: 'EKS cluster (Container Insights)',
  namespace: 'ContainerInsights',
  dimensions: ['ClusterName'],
  params: {},
  rows: [
    node(
      'nodeCpu',
      'node_cpu_utilization',
      'CPU utilization',
      'eks-ci-node-cpu-utilization',
      'AWS: 80 % for 5 minutes.',
    ),
    node(
      'nodeMemory',
      'node_memory_utilization',
      'Memory utilization',
      'eks-ci-node-memory-utilization',
      'AWS: 80 % for 5 minutes.',
    ),
    node(
      'nodeFilesystem',
      'node_filesystem_utilization',
      'File-system utilization',
      'eks-ci-node-filesystem-utilization',
      'AWS: "depends", before the kubelet evicts pods for disk pressure; its default hard eviction is at 15 % free image file system (85 % used) and 10 % free node file system: 80 % leaves time to act.',
    ),
    {
      id: 'failedNodes',
      signal: 'failedNodes',
      metric: { type: 'metric', metricName: 'cluster_failed_node_count', stat: 'Maximum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: 'Nodes of {resource} have failed (not ready)',
      firstStep: 'kubectl describe node for its conditions (memory, disk or PID pressure, network)',
      source: CI_METRICS,
      why: "Not in AWS's list; a failed node for 5 minutes takes its pods with it.",
    },
  ],
  signals: [
    { title: 'Nodes', metricName: 'cluster_node_count', stat: 'Average' },
    { title: 'Node CPU utilization (%)', metricName: 'node_cpu_utilization', stat: 'Maximum' },
    { title: 'Node memory utilization (%)', metricName: 'node_memory_utilization', stat: 'Maximum' },
    { title: 'Node file-system utilization (%)', metricName: 'node_filesystem_utilization', stat: 'Maximum' },
  ],
  cost: [
    {
      item: 'Container Insights metrics of a cluster read by the alarms (custom metrics)',
      perResource: 6,
      unit: 'metrics',
      price: 'customMetric',
      billed: 'prerequisite',
      why: `The cluster-level series the alarms and graphs read (node CPU, memory and file system, node counts) are Container Insights custom metrics; Container Insights publishes many more per node, pod and namespace, and enhanced observability is billed per observation instead (${CI_METRICS}, https://aws.amazon.com/cloudwatch/pricing/).`,
    },
  ],
});

const pod = (id: string, metricName: string, what: string, entry: string): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Maximum' },
  threshold: 80,
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'notBreaching',
  severity: 'warning',
  enabled: true,
  unit: 'percent',
  meaning: `A pod of {resource} uses more than {threshold} of its ${what} limit`,
  firstStep: `raise the pods' ${what} limit or find what uses it${what === 'memory' ? ' before they are OOM-killed' : ''}`,
  source: SRC,
  why: `AWS: 80 % for 5 minutes${what === 'memory' ? '; a pod above its memory limit is killed' : '; a pod at its CPU limit is throttled'}. Needs limits on the pods.`,
  implements: entry,
});

/** A Kubernetes service in a cluster (`ClusterName`, `Namespace`, `Service`). */
const SERVICE = defineTable({
  kind: 'eksService',
  title: 'EKS service',
  namespace: 'ContainerInsights',
  dimensions: ['ClusterName', 'Namespace', 'Service'],
  params: {},
  rows: [
    pod(
      'podCpuOverLimit',
      'pod_cpu_utilization_over_pod_limit',
      'CPU',
      'eks-ci-pod-cpu-utilization-over-pod-limit',
    ),
    pod(
      'podMemoryOverLimit',
      'pod_memory_utilization_over_pod_limit',
      'memory',
      'eks-ci-pod-memory-utilization-over-pod-limit',
    ),
    {
      id: 'runningPods',
      signal: 'runningPods',
      metric: { type: 'metric', metricName: 'service_number_of_running_pods', stat: 'Minimum' },
      threshold: 1,
      comparison: 'LessThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning: '{resource} has no running pods',
      firstStep:
        'kubectl get pods for the service: crash loops, failing probes or pods that cannot be scheduled',
      source: CI_METRICS,
      why: "Not in AWS's list; like ECS RunningTaskCount at 0: a service without pods for 5 minutes is down for its users, so it pages.",
    },
  ],
  signals: [
    { title: 'Running pods', metricName: 'service_number_of_running_pods', stat: 'Average' },
    { title: 'Pod CPU over limit (%)', metricName: 'pod_cpu_utilization_over_pod_limit', stat: 'Maximum' },
    {
      title: 'Pod memory over limit (%)',
      metricName: 'pod_memory_utilization_over_pod_limit',
      stat: 'Maximum',
    },
  ],
  cost: [],
});

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

type Kinds = 'eksCluster' | 'eksClusterInsights' | 'eksService';

/**
 * The cluster name and the L1 resource behind a construct: `AWS::EKS::Cluster`, or the custom resource of
 * aws-cdk-lib's eks.Cluster (`Custom::AWSCDK-EKS-Cluster`, whose name is the L2's `clusterName`).
 */
function clusterOf(c: IConstruct, ctx: ConstructContext): { name: string; l1: CfnLike } | undefined {
  const l1 = ctx.cfnOf<CfnCluster>(c, 'AWS::EKS::Cluster');
  if (l1) return { name: l1.ref, l1: l1 as unknown as CfnLike };
  let child: IConstruct | undefined = c;
  for (let depth = 0; depth < 4 && child; depth++) {
    if ((child as Partial<CfnLike>).cfnResourceType === 'Custom::AWSCDK-EKS-Cluster') {
      const name = (c as { clusterName?: unknown }).clusterName;
      return typeof name === 'string' ? { name, l1: child as CfnLike } : undefined;
    }
    child = child.node.defaultChild;
  }
  return undefined;
}

export const eksCluster = defineKind({
  key: 'eksCluster',
  dashboard: 'compute',
  tables: [CLUSTER, CLUSTER_INSIGHTS, SERVICE],
  account: [],
  config: {
    doc: 'EKS clusters, by name.',
    schema: (k) => {
      const fields = {
        containerInsights: k.z
          .boolean()
          .optional()
          .describe(
            'The cluster runs Container Insights (the amazon-cloudwatch-observability add-on): adds the node and pod alarms. Read from the construct. Default false.',
          ),
        minRequests: k.int('API server requests/min before the error rate counts.', 0, 1_000_000).optional(),
      };
      const service = k.z
        .string()
        .regex(/^[a-z0-9-]{1,63}\/[a-z0-9-]{1,63}$/, {
          message: 'a service is "namespace/name", e.g. "shop/orders"',
        })
        .describe('A Kubernetes service, as "namespace/name".');
      return {
        entry: k.z.union([
          k.awsName('a cluster name'),
          k.obj({
            name: k.awsName('name').describe('The cluster name. May be a token with a label.'),
            label: k.label,
            services: k.z
              .array(service)
              .max(100, { message: 'at most 100 services per cluster entry' })
              .optional()
              .describe(
                'Kubernetes services whose pods are alarmed on CPU and memory over their limits (Container Insights).',
              ),
            ...fields,
            alarms: k.alarms(CLUSTER, CLUSTER_INSIGHTS, SERVICE),
          }),
        ]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const d = ctx.defaults;
      const label = ctx.label('label' in e ? e.label : undefined, e.name);
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const insights =
        ('containerInsights' in e ? e.containerInsights : undefined) ?? d.containerInsights ?? false;
      const services = 'services' in e ? (e.services ?? []) : [];
      const out: Array<MonitoredResource<Kinds>> = [
        {
          kind: 'eksCluster',
          label,
          dimensions: { ClusterName: e.name },
          params: ctx.params(CLUSTER, {
            minRequests: ('minRequests' in e ? e.minRequests : undefined) ?? d.minRequests,
          }),
          overrides,
          origin: ctx.origin(),
        },
      ];
      if (services.length && !insights) {
        ctx.issue(
          ['services'],
          'services are alarmed from Container Insights metrics, and containerInsights is not on: add the amazon-cloudwatch-observability add-on and set containerInsights: true, or remove services',
        );
        return out;
      }
      if (insights) {
        out.push({
          kind: 'eksClusterInsights',
          label,
          dimensions: { ClusterName: e.name },
          params: {},
          overrides,
          origin: ctx.origin('containerInsights'),
        });
      }
      const seen = new Set<string>();
      services.forEach((s, i) => {
        if (seen.has(s)) return ctx.issue(['services', i], `"${s}" is listed twice`);
        seen.add(s);
        const [namespace, name] = s.split('/');
        if (!K8S_NAME.test(namespace) || !K8S_NAME.test(name))
          return ctx.issue(
            ['services', i],
            `"${s}": namespace and name are DNS labels (lower case, digits, "-")`,
          );
        out.push({
          kind: 'eksService',
          label: safeLabel(`${label}-${namespace}-${name}`),
          dimensions: { ClusterName: e.name, Namespace: namespace, Service: name },
          params: {},
          overrides,
          origin: ctx.origin('services', i),
        });
      });
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    name: `platform-${n}`,
    containerInsights: true,
    services: [`shop/orders-${n}`],
  }),
  construct: {
    cfnTypes: ['AWS::EKS::Cluster', 'Custom::AWSCDK-EKS-Cluster'],
    entry: (c, ctx) => {
      const found = clusterOf(c, ctx);
      if (!found) return undefined;
      const addons = referencing<CfnAddon>(ctx, found.l1, 'AWS::EKS::Addon', (a) => a.clusterName);
      const insights = addons.some((a) => ctx.string(a.addonName) === 'amazon-cloudwatch-observability');
      return { name: found.name, label: ctx.label(c), ...(insights ? { containerInsights: true } : {}) };
    },
  },
});
