/**
 * Amazon MQ for ActiveMQ brokers (`Broker`): CPU, JVM heap and message store, the resources whose exhaustion
 * stops a broker. An active/standby broker publishes each instance as `<name>-1` and `<name>-2`. Not in AWS's
 * recommended-alarm list; rows from Amazon MQ's metrics page. RabbitMQ brokers publish CPU, memory and disk per
 * node (a `Node` dimension named only at deploy time), so they are not a kind here yet.
 */
import type { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { utilization } from './messaging-rows';
import { defineKind, defineTable } from './types';

const METRICS =
  'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/activemq-logging-monitoring.html';

const BROKER = defineTable({
  kind: 'amazonMq',
  title: 'Amazon MQ broker',
  namespace: 'AWS/AmazonMQ',
  dimensions: ['Broker'],
  params: {
    maxCpu: { default: 80, doc: 'CPU utilization (%) above which the broker is overloaded.' },
    maxHeap: {
      default: 80,
      doc: 'Heap usage (% of the JVM limit) above which the broker risks flow control.',
    },
    maxStore: {
      default: 80,
      doc: 'Message store usage (% of its limit) above which producers will soon be blocked.',
    },
  },
  rows: [
    utilization(
      {
        id: 'cpu',
        metricName: 'CpuUtilization',
        meaning: 'CPU of broker {resource} is above {threshold}',
        firstStep:
          'look for a consumer that fell behind (growing queues) or move to a larger broker instance type',
        source: METRICS,
        why: 'Sustained CPU above 80 % (`maxCpu`) for 15 minutes leaves no room for a burst or a failover.',
      },
      { param: 'maxCpu' },
    ),
    utilization(
      {
        id: 'heap',
        metricName: 'HeapUsage',
        meaning: 'JVM heap of broker {resource} is above {threshold} of its limit',
        firstStep:
          'drain large queues (slow consumers), reduce connections or move to a larger instance type',
        source: METRICS,
        why: 'ActiveMQ slows producers (flow control) and may fail when its heap fills; above 80 % (`maxHeap`) for 15 minutes warns.',
      },
      { param: 'maxHeap' },
    ),
    utilization(
      {
        id: 'store',
        metricName: 'StorePercentUsage',
        meaning: 'Message store of broker {resource} is more than {threshold} full',
        firstStep: 'find the queues that grow (consumers down or slow) and purge or drain them',
        source: METRICS,
        why: 'At 100 % the broker refuses new messages (Amazon MQ: "If it reaches 100, the broker refuses messages"); above 80 % (`maxStore`) for 5 minutes warns.',
      },
      { param: 'maxStore' },
      { stat: 'Maximum', datapoints: [5, 5] },
    ),
  ],
  signals: [
    { title: 'CPU', metricName: 'CpuUtilization', stat: 'Average', line: { param: 'maxCpu', label: 'max' } },
    { title: 'Heap usage', metricName: 'HeapUsage', stat: 'Maximum' },
    { title: 'Store usage', metricName: 'StorePercentUsage', stat: 'Maximum' },
    { title: 'Connections', metricName: 'CurrentConnectionsCount', stat: 'Maximum' },
  ],
  cost: [],
});

export const amazonMq = defineKind({
  key: 'amazonMq',
  dashboard: 'messaging',
  tables: [BROKER],
  account: [],
  config: {
    doc: 'Amazon MQ for ActiveMQ brokers, by name.',
    schema: (k) => {
      const fields = {
        maxCpu: k.int('CPU utilization (%) that warns. Default 80.', 1, 100).optional(),
        maxHeap: k.int('Heap usage (%) that warns. Default 80.', 1, 100).optional(),
        maxStore: k.int('Store usage (%) that warns. Default 80.', 1, 100).optional(),
      };
      return {
        entry: k.z.union([
          k.awsName('a broker name'),
          k.obj({
            name: k.awsName('name').describe('The broker name (BrokerName).'),
            label: k.label,
            deployment: k.z
              .enum(['single', 'activeStandby'])
              .optional()
              .describe(
                'Deployment mode: an active/standby broker is watched as its two instances. Default single.',
              ),
            ...fields,
            alarms: k.alarms(BROKER),
          }),
        ]),
        defaults: fields,
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      const label = ctx.label('label' in e ? e.label : undefined, e.name);
      const pick = (key: 'maxCpu' | 'maxHeap' | 'maxStore') =>
        (key in e ? (e[key as keyof typeof e] as number | undefined) : undefined) ?? ctx.defaults[key];
      const params = ctx.params(BROKER, {
        maxCpu: pick('maxCpu'),
        maxHeap: pick('maxHeap'),
        maxStore: pick('maxStore'),
      });
      const overrides = ctx.overrides('alarms' in e ? e.alarms : undefined);
      const standby = 'deployment' in e && e.deployment === 'activeStandby';
      // Amazon MQ names the instances of an active/standby broker <name>-1 and <name>-2 in its metrics.
      const instances = standby
        ? [1, 2].map((i) => ({ broker: `${e.name}-${i}`, label: `${label}-${i}` }))
        : [{ broker: e.name, label }];
      return instances.map((i) => ({
        kind: 'amazonMq' as const,
        label: i.label,
        dimensions: { Broker: i.broker },
        params,
        overrides,
        origin: ctx.origin(),
      }));
    },
    account: () => [],
  },
  example: (n) => ({ name: `legacy-orders-${n}`, deployment: 'activeStandby' as const }),
  construct: {
    cfnTypes: ['AWS::AmazonMQ::Broker'],
    entry: (c, ctx) => {
      const broker = ctx.cfnOf<CfnBroker>(c, 'AWS::AmazonMQ::Broker');
      if (!broker) return undefined;
      if (ctx.string(broker.engineType)?.toUpperCase() !== 'ACTIVEMQ') {
        ctx.warn(
          c,
          'cdk-telemetry:amazonMqEngine',
          'not watched: only ActiveMQ brokers are watched (RabbitMQ publishes its CPU, memory and disk per node)',
        );
        return undefined;
      }
      const name = ctx.string(broker.brokerName);
      if (!name) return undefined;
      const mode = ctx.string(broker.deploymentMode);
      return {
        name,
        label: ctx.label(c),
        ...(mode === 'ACTIVE_STANDBY_MULTI_AZ' ? { deployment: 'activeStandby' as const } : {}),
      };
    },
  },
});
