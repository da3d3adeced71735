import { App, Duration, Stack } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as events from 'aws-cdk-lib/aws-events';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { IConstruct } from 'constructs';
import { entryFromConstruct } from '../../lib/watch/entry-from-construct';
import { entriesOf, monitorConstructs } from '../helpers/construct-entries';

/** A user's stack with one construct of every messaging kind, L2 where aws-cdk-lib has one. */
function messagingStack() {
  const stack = new Stack(new App(), 'Messaging', { env: { account: '111122223333', region: 'eu-west-1' } });
  const stream = new kinesis.Stream(stack, 'Clicks', { shardCount: 3, retentionPeriod: Duration.hours(48) });
  const onDemand = new kinesis.Stream(stack, 'Events', { streamMode: kinesis.StreamMode.ON_DEMAND });
  const group = new scheduler.ScheduleGroup(stack, 'Nightly', { scheduleGroupName: 'nightly' });
  const bus = new events.EventBus(stack, 'Billing', { eventBusName: 'billing' });
  const rule = new events.Rule(stack, 'OrderPlaced', { eventPattern: { source: ['shop'] } });
  const busRule = new events.Rule(stack, 'InvoiceDue', {
    ruleName: 'invoice-due',
    eventBus: bus,
    eventPattern: { source: ['billing'] },
  });
  const pipe = new pipes.CfnPipe(stack, 'OrdersToBilling', {
    name: 'orders-to-billing',
    roleArn: 'arn:aws:iam::111122223333:role/pipe',
    source: 'arn:aws:sqs:eu-west-1:111122223333:orders',
    target: 'arn:aws:sqs:eu-west-1:111122223333:billing',
  });
  const bucket = new s3.Bucket(stack, 'Archive');
  const delivery = new firehose.DeliveryStream(stack, 'Clickstream', {
    destination: new firehose.S3Bucket(bucket, { bufferingInterval: Duration.seconds(120) }),
  });
  const configSet = new ses.ConfigurationSet(stack, 'Transactional', { reputationMetrics: true });
  const kafka = new msk.CfnCluster(stack, 'Kafka', {
    clusterName: 'events-kafka',
    kafkaVersion: '3.6.0',
    numberOfBrokerNodes: 6,
    brokerNodeGroupInfo: {
      instanceType: 'kafka.m7g.large',
      clientSubnets: ['subnet-1', 'subnet-2', 'subnet-3'],
    },
  });
  const mq = new amazonmq.CfnBroker(stack, 'Legacy', {
    brokerName: 'legacy',
    engineType: 'ACTIVEMQ',
    engineVersion: '5.18',
    deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ',
    hostInstanceType: 'mq.m5.large',
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    users: [{ username: 'admin', password: 'not-a-real-password-1' }],
  });
  const partnerBus = new events.CfnEventBus(stack, 'Partner', { name: 'partner/acme.com/orders' });
  return {
    stack,
    stream,
    onDemand,
    group,
    bus,
    partnerBus,
    rule,
    busRule,
    pipe,
    delivery,
    configSet,
    kafka,
    mq,
  };
}

describe('entryFromConstruct: messaging and integration constructs', () => {
  const s = messagingStack();
  const { ref, entry } = entriesOf(s.stack);

  test('Kinesis stream: its shards (write capacity) and retention; an on-demand stream has no shard count', () => {
    expect(entry(s.stream)).toEqual({
      kind: 'kinesis',
      entry: { name: { Ref: ref(s.stream) }, label: 'Clicks', shards: 3, retention: '48h' },
    });
    expect(entry(s.onDemand).entry).toEqual({
      name: { Ref: ref(s.onDemand) },
      label: 'Events',
      retention: '24h',
    });
  });

  test('schedule group, pipe, SES configuration set, MSK cluster, ActiveMQ broker: names and what they know', () => {
    expect(entry(s.group)).toEqual({ kind: 'scheduler', entry: { name: 'nightly', label: 'Nightly' } });
    expect(entry(s.pipe)).toEqual({
      kind: 'pipe',
      entry: { name: 'orders-to-billing', label: 'OrdersToBilling' },
    });
    expect(entry(s.configSet)).toEqual({
      kind: 'ses',
      entry: { name: { Ref: ref(s.configSet) }, label: 'Transactional', reputationMetrics: true },
    });
    expect(entry(s.kafka)).toEqual({
      kind: 'msk',
      entry: { name: 'events-kafka', label: 'Kafka', brokers: 6 },
    });
    expect(entry(s.mq)).toEqual({
      kind: 'amazonMq',
      entry: { name: 'legacy', label: 'Legacy', deployment: 'activeStandby' },
    });
  });

  test('EventBridge rules: the default bus by Ref, a custom bus by name', () => {
    expect(entry(s.rule)).toEqual({
      kind: 'eventRule',
      entry: { name: { Ref: ref(s.rule) }, label: 'OrderPlaced' },
    });
    expect(entry(s.busRule)).toEqual({
      kind: 'eventRule',
      entry: { name: 'invoice-due', label: 'InvoiceDue', bus: 'billing' },
    });
  });

  test('EventBridge buses: the L2 and the L1 by name', () => {
    expect(entry(s.bus)).toEqual({ kind: 'eventBus', entry: { name: 'billing', label: 'Billing' } });
    expect(entry(s.partnerBus)).toEqual({
      kind: 'eventBus',
      entry: { name: 'partner/acme.com/orders', label: 'Partner' },
    });
  });

  test('Firehose: the destination and buffer interval from the L2', () => {
    expect(entry(s.delivery)).toEqual({
      kind: 'firehose',
      entry: {
        name: { Ref: ref(s.delivery) },
        label: 'Clickstream',
        destination: 's3',
        bufferInterval: '120s',
      },
    });
  });

  test('not watched, with a warning that says why: an unnamed rule on a custom bus, a RabbitMQ broker', () => {
    const stack = new Stack(new App(), 'Unwatched');
    const bus = new events.EventBus(stack, 'Bus', { eventBusName: 'other' });
    const unnamed = new events.Rule(stack, 'Unnamed', { eventBus: bus, eventPattern: { source: ['x'] } });
    const rabbit = new amazonmq.CfnBroker(stack, 'Rabbit', {
      brokerName: 'rabbit',
      engineType: 'RABBITMQ',
      engineVersion: '3.13',
      deploymentMode: 'SINGLE_INSTANCE',
      hostInstanceType: 'mq.m5.large',
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      users: [{ username: 'admin', password: 'not-a-real-password-1' }],
    });
    expect(entryFromConstruct(unnamed)).toBeUndefined();
    expect(entryFromConstruct(rabbit)).toBeUndefined();
    // The warnings as synth prints them (read from the constructs' metadata: no synth needed).
    const warnings = (c: IConstruct) =>
      c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings(unnamed)).toEqual([
      expect.stringMatching(/give this rule on a custom event bus a `ruleName`/),
    ]);
    expect(warnings(rabbit)).toEqual([expect.stringMatching(/only ActiveMQ brokers/)]);
  });

  test('the entries plan alarms with dimensions and thresholds from the constructs', () => {
    const { spec, names } = monitorConstructs(s.stack, 'messaging', [
      s.stream,
      s.group,
      s.bus,
      s.busRule,
      s.pipe,
      s.delivery,
      s.configSet,
      s.kafka,
      s.mq,
    ]);
    expect(spec('shop-messaging-Clicks-iteratorAge-warning').threshold).toBe(86_400_000);
    expect(spec('shop-messaging-Clicks-writeCapacity-warning').threshold).toBe(3 * 1_048_576 * 48);
    expect(spec('shop-messaging-InvoiceDue-failedInvocations-warning').metric.dimensions).toEqual({
      EventBusName: 'billing',
      RuleName: 'invoice-due',
    });
    expect(spec('shop-messaging-Billing-deliveryLatency-warning')).toMatchObject({
      threshold: 30_000,
      metric: { metricName: 'IngestionToInvocationSuccessLatency', dimensions: { EventBusName: 'billing' } },
    });
    expect(spec('shop-messaging-Clickstream-s3Freshness-warning').threshold).toBe(360);
    expect(names.filter((n) => n.startsWith('shop-messaging-Kafka-broker'))).toHaveLength(6 * 4);
    expect(spec('shop-messaging-Legacy-2-store-warning').metric.dimensions).toEqual({ Broker: 'legacy-2' });
    expect(spec('shop-messaging-Transactional-complaintRate-critical').metric.dimensions).toEqual({
      'ses:configuration-set': { Ref: ref(s.configSet) },
    });
  });
});
