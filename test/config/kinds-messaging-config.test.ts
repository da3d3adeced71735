import { modelFromText } from '../../lib/config/load';
import { graphsFor } from '../../lib/dashboards/cloudwatch-layout';
import { configErrorOf } from '../helpers/config-error';
import { alarms as allAlarms, config, dims, metricOf } from '../helpers/kinds-config';

/** Alarms of the services and of the account. */
const alarms = (text: string) => allAlarms(text, { account: true });

describe('messaging and integration kinds from telemetry.yaml', () => {
  const text = config(`    kinesis:
      - { name: clicks, shards: 4, retention: 48h, consumers: [analytics, { name: fraud, maxMillisBehindLatest: 30s }] }
      - events
    scheduler: [default]
    eventRule:
      - order-placed
      - { name: invoice-due, bus: billing, alarms: { failedInvocations: { threshold: 3 } } }
    eventBus:
      - billing
      - { name: partner/acme.com/orders, label: acme, maxDeliveryLatency: 2m, minAttempts: 50 }
    pipe: [orders-to-billing]
    firehose:
      - { name: archive, destination: s3, bufferInterval: 60s }
      - { name: search, destination: openSearch, source: kinesis, transform: true }
      - { name: warehouse, destination: redshift }
    ses: [transactional]
    msk:
      - { name: events-kafka, brokers: 2 }
    amazonMq:
      - { name: legacy, deployment: activeStandby, maxHeap: 70 }`);
  const specs = alarms(text);
  const names = [...specs.keys()];
  const of = (label: string) => names.filter((n) => n.startsWith(`demo-svc-${label}-`));

  test("Kinesis: AWS's seven entries; iterator age at half the retention, write capacity from the shards", () => {
    expect(of('clicks')).toEqual([
      'demo-svc-clicks-iteratorAge-warning',
      'demo-svc-clicks-getRecordsSuccess-warning',
      'demo-svc-clicks-putRecordSuccess-warning',
      'demo-svc-clicks-putRecordsFailed-warning',
      'demo-svc-clicks-readThrottled-warning',
      'demo-svc-clicks-writeThrottled-warning',
      'demo-svc-clicks-writeCapacity-warning',
      'demo-svc-clicks-analytics-millisBehindLatest-warning',
      'demo-svc-clicks-fraud-millisBehindLatest-warning',
    ]);
    expect(specs.get('demo-svc-clicks-iteratorAge-warning')).toMatchObject({
      threshold: 86_400_000,
      evaluationPeriods: 15,
    });
    expect(specs.get('demo-svc-clicks-writeCapacity-warning')?.threshold).toBe(4 * 1_048_576 * 60 * 0.8);
    expect(specs.get('demo-svc-clicks-getRecordsSuccess-warning')).toMatchObject({
      threshold: 0.99,
      comparison: 'LessThanThreshold',
    });
    expect(specs.get('demo-svc-clicks-fraud-millisBehindLatest-warning')?.threshold).toBe(30_000);
    expect(dims(specs.get('demo-svc-clicks-fraud-millisBehindLatest-warning'))).toEqual({
      StreamName: 'clicks',
      ConsumerName: 'fraud',
    });
    // An on-demand stream (no shards): no capacity alarm.
    expect(names).not.toContain('demo-svc-events-writeCapacity-warning');
    expect(specs.get('demo-svc-events-iteratorAge-warning')?.threshold).toBe(43_200_000);
  });

  test("Scheduler: AWS's four account-wide entries once, the group's dead letters by ScheduleGroup", () => {
    expect(names.filter((n) => n.startsWith('demo-account-scheduler-'))).toEqual([
      'demo-account-scheduler-targetErrorThrottled-warning',
      'demo-account-scheduler-invocationThrottled-warning',
      'demo-account-scheduler-invocationDropped-warning',
      'demo-account-scheduler-deadLetterFailed-warning',
    ]);
    expect(specs.get('demo-account-scheduler-invocationDropped-warning')).toMatchObject({
      evaluationPeriods: 1,
      source: { metric: { namespace: 'AWS/Scheduler', dimensions: {} } },
    });
    expect(dims(specs.get('demo-svc-default-deadLetters-warning'))).toEqual({ ScheduleGroup: 'default' });
  });

  test('EventBridge rules: RuleName on the default bus, EventBusName and RuleName on a custom one, same overrides', () => {
    expect(dims(specs.get('demo-svc-order-placed-failedInvocations-warning'))).toEqual({
      RuleName: 'order-placed',
    });
    const custom = specs.get('demo-svc-invoice-due-failedInvocations-warning');
    expect(dims(custom)).toEqual({ EventBusName: 'billing', RuleName: 'invoice-due' });
    expect(custom?.threshold).toBe(3);
    expect(of('invoice-due')).toEqual([
      'demo-svc-invoice-due-failedInvocations-warning',
      'demo-svc-invoice-due-sentToDlq-warning',
      'demo-svc-invoice-due-dlqFailed-warning',
      'demo-svc-invoice-due-throttled-warning',
    ]);
  });

  test('EventBridge buses: by EventBusName, the retry rate guarded, delivery latency against its budget', () => {
    expect(of('billing')).toEqual([
      'demo-svc-billing-throttled-warning',
      'demo-svc-billing-retryRate-warning',
      'demo-svc-billing-deliveryLatency-warning',
      'demo-svc-billing-encryptionFailed-warning',
    ]);
    expect(dims(specs.get('demo-svc-billing-throttled-warning'))).toEqual({ EventBusName: 'billing' });
    expect(specs.get('demo-svc-billing-throttled-warning')).toMatchObject({
      threshold: 0,
      evaluationPeriods: 5,
    });
    const retries = specs.get('demo-svc-billing-retryRate-warning');
    expect(retries?.source.type).toBe('math');
    expect(retries).toMatchObject({ threshold: 10, evaluationPeriods: 3 });
    expect(metricOf(retries)).toMatchObject({
      namespace: 'AWS/Events',
      metricName: 'RetryInvocationAttempts',
    });
    expect(specs.get('demo-svc-billing-deliveryLatency-warning')).toMatchObject({
      threshold: 30_000,
      source: { stat: 'p90' },
    });
    // A partner bus name holds "/"; the budget and the guard come from the entry.
    expect(specs.get('demo-svc-acme-deliveryLatency-warning')?.threshold).toBe(120_000);
    expect(dims(specs.get('demo-svc-acme-deliveryLatency-warning'))).toEqual({
      EventBusName: 'partner/acme.com/orders',
    });
    expect(JSON.stringify(specs.get('demo-svc-acme-retryRate-warning')?.source)).toContain('>= 50');
  });

  test('Pipes: failed, timed-out, throttled executions and failing stages', () => {
    expect(of('orders-to-billing')).toEqual([
      'demo-svc-orders-to-billing-executionFailed-warning',
      'demo-svc-orders-to-billing-executionTimeout-warning',
      'demo-svc-orders-to-billing-targetStageFailed-warning',
      'demo-svc-orders-to-billing-enrichmentStageFailed-warning',
      'demo-svc-orders-to-billing-executionThrottled-warning',
      'demo-svc-orders-to-billing-partiallyFailed-info',
    ]);
    expect(metricOf(specs.get('demo-svc-orders-to-billing-executionFailed-warning'))?.namespace).toBe(
      'AWS/EventBridge/Pipes',
    );
  });

  test("Firehose: the destination's success and freshness, quota rows only for Direct PUT", () => {
    expect(of('archive')).toEqual([
      'demo-svc-archive-s3Success-warning',
      'demo-svc-archive-s3Freshness-warning',
      'demo-svc-archive-throttledRecords-warning',
      'demo-svc-archive-incomingBytes-warning',
    ]);
    expect(specs.get('demo-svc-archive-s3Freshness-warning')?.threshold).toBe(180); // 3 x 60 s, at least 3 min
    expect(specs.get('demo-svc-archive-incomingBytes-warning')?.threshold).toBe(1_048_576 * 240);
    expect(of('search')).toEqual([
      'demo-svc-search-openSearchSuccess-warning',
      'demo-svc-search-openSearchFreshness-warning',
      'demo-svc-search-processingSuccess-warning',
    ]);
    expect(metricOf(specs.get('demo-svc-search-openSearchFreshness-warning'))?.metricName).toBe(
      'DeliveryToAmazonOpenSearchService.DataFreshness',
    );
    // Redshift stages in S3: both steps are watched.
    expect(of('warehouse')).toEqual(
      expect.arrayContaining([
        'demo-svc-warehouse-redshiftSuccess-warning',
        'demo-svc-warehouse-s3Freshness-warning',
      ]),
    );
  });

  test('SES: review thresholds warn, 80 % of the pause thresholds page, for the account and the set', () => {
    expect(specs.get('demo-account-ses-bounceRate-warning')).toMatchObject({
      threshold: 0.05,
      source: { metric: { namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', dimensions: {} } },
    });
    expect(specs.get('demo-account-ses-complaintRate-critical')?.threshold).toBe(0.004);
    expect(dims(specs.get('demo-svc-transactional-bounceRate-critical'))).toEqual({
      'ses:configuration-set': 'transactional',
    });
  });

  test('MSK: cluster rows by Cluster Name, broker utilization by Broker ID 1..brokers', () => {
    expect(specs.get('demo-svc-events-kafka-offlinePartitions-critical')).toMatchObject({
      source: { metric: { namespace: 'AWS/Kafka', dimensions: { 'Cluster Name': 'events-kafka' } } },
    });
    expect(of('events-kafka-broker2')).toEqual([
      'demo-svc-events-kafka-broker2-cpu-warning',
      'demo-svc-events-kafka-broker2-disk-warning',
      'demo-svc-events-kafka-broker2-heap-warning',
      'demo-svc-events-kafka-broker2-underReplicated-warning',
    ]);
    expect(names).not.toContain('demo-svc-events-kafka-broker3-cpu-warning');
    expect(specs.get('demo-svc-events-kafka-broker1-cpu-warning')).toMatchObject({
      threshold: 40,
      comparison: 'LessThanThreshold',
    });
  });

  test('Amazon MQ: an active/standby broker is watched as its two instances', () => {
    expect(dims(specs.get('demo-svc-legacy-2-heap-warning'))).toEqual({ Broker: 'legacy-2' });
    expect(specs.get('demo-svc-legacy-1-heap-warning')?.threshold).toBe(70);
    expect(specs.get('demo-svc-legacy-1-store-warning')?.threshold).toBe(80);
  });

  test('dashboard graphs: utilization on every kind that has it', () => {
    const titles = graphsFor(modelFromText(text).services[0].resources, 200).map((g) => g.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Kinesis data stream: Incoming bytes',
        'MSK broker: Data-log disk used',
        'MSK broker: Heap after GC',
        'Amazon MQ broker: Heap usage',
        'Amazon MQ broker: Store usage',
        'Firehose stream: S3 data freshness (s)',
        'EventBridge event bus: Delivery latency p90 (ms)',
      ]),
    );
  });

  test('bad values: one line with the range', () => {
    expect(configErrorOf(config('    msk:\n      - { name: k, brokers: 0 }'))).toContain(
      'must be a whole number from 1 to 60',
    );
    expect(configErrorOf(config('    kinesis:\n      - { name: s, shards: 0 }'))).toContain(
      'must be a whole number from 1 to 100,000',
    );
    expect(configErrorOf(config('    firehose:\n      - { name: f, destination: ftp }'))).toMatch(
      /destination/,
    );
    expect(configErrorOf(config('    amazonMq:\n      - { name: b, maxStore: 101 }'))).toContain(
      'must be a whole number from 1 to 100',
    );
    expect(
      configErrorOf(config('    eventBus:\n      - arn:aws:events:eu-west-1:123456789012:event-bus/orders')),
    ).toContain('an event bus name is 1-256 letters, digits, "/", ".", "-" or "_" (not its ARN)');
    expect(configErrorOf(config('    eventBus:\n      - { name: b, maxDeliveryLatency: 2d }'))).toContain(
      'services[0].eventBus[0].maxDeliveryLatency',
    );
  });
});
