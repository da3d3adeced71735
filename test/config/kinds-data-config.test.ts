import { configErrorOf } from '../helpers/config-error';
import { alarms, config, dims } from '../helpers/kinds-config';

const GIB = 1024 ** 3;

describe('data and storage kinds from telemetry.yaml', () => {
  const specs = alarms(
    config(`    rdsInstance:
      - { id: orders-db, engine: postgres, instanceClass: db.r6g.large, storage: 200, performanceInsights: true }
      - { id: legacy, engine: mysql, instanceClass: db.t3.micro, replica: true, latency: 50ms }
      - { id: reports, engine: oracle, alarms: { connections: { enabled: true } } }
      - { id: ledger-1, engine: aurora-mysql, instanceClass: db.r6g.xlarge }
    auroraCluster:
      - { id: ledger, engine: aurora-mysql, binlogReplica: true, maxStorageNetworkThroughput: 1250000000 }
      - { id: bursty, engine: aurora-postgresql, serverless: { maxCapacity: 32 } }
    elasticache:
      - { id: memo, engine: memcached, nodes: 2 }
      - { replicationGroup: sessions, nodes: 2, engine: valkey, maxConnections: 1000 }
      - { replicationGroup: carts, nodes: 1, shards: 2 }
    efs:
      - { id: fs-0123456789abcdef0, label: uploads, throughputMode: elastic }
      - { id: fs-0123456789abcdef1, label: scratch, performanceMode: maxIO }
    s3:
      - { name: invoices, filter: EntireBucket, replication: [{ destination: invoices-dr, rule: to-dr }] }
    s3ObjectLambda:
      - { name: thumbs, dataSource: 'arn:aws:s3:eu-west-1:123456789012:accesspoint/images' }
    documentDb:
      - { id: catalog, instanceClass: db.r6g.large, instances: 3 }
    redshift:
      - warehouse
    glueJob:
      - nightly-etl
      - { name: orders-etl, observability: true }
      - { name: legacy-etl, metrics: false, observability: true }
    memoryDb:
      - { name: sessions, replicas: 2, maxMemory: 70 }
      - { name: ledger, replicas: 0 }
    openSearch:
      - { name: search, account: '123456789012', volumeSize: 100, dedicatedMasters: true }
    dynamodb:
      - { name: orders, kinesis: { maxAge: 5m }, replicas: [us-east-1, ap-south-1], replicaLatency: 2m }`),
  );
  const names = [...specs.keys()];
  const of = (label: string) =>
    names
      .filter((n) => n.startsWith(`demo-svc-${label}-`))
      .map((n) => n.slice(`demo-svc-${label}-`.length))
      .filter((n) => !/^\d|^[a-z]+-\d/.test(n));

  test('RDS PostgreSQL: thresholds from the class (memory, vCPUs, max_connections) and the allocated storage', () => {
    expect(of('orders-db')).toEqual([
      'cpu-warning',
      'connections-warning',
      'ebsByteBalance-warning',
      'ebsIoBalance-warning',
      'freeableMemory-warning',
      'freeStorage-warning',
      'maxUsedTransactionIds-warning',
      'readLatency-warning',
      'writeLatency-warning',
      'dbLoad-warning',
    ]);
    // db.r6g.large: 2 vCPUs, 16 GiB; PostgreSQL max_connections = LEAST(0.9 * 16 GiB / 9531392, 5000) = 1622.
    expect(specs.get('demo-svc-orders-db-connections-warning')?.threshold).toBe(
      Math.round(1622 * 0.8 * 1000) / 1000,
    );
    expect(specs.get('demo-svc-orders-db-freeableMemory-warning')?.threshold).toBe(
      Math.round(16 * GIB * 0.1),
    );
    expect(specs.get('demo-svc-orders-db-freeStorage-warning')?.threshold).toBe(Math.round(200 * GIB * 0.1));
    expect(specs.get('demo-svc-orders-db-dbLoad-warning')?.threshold).toBe(2);
    expect(dims(specs.get('demo-svc-orders-db-cpu-warning'))).toEqual({ DBInstanceIdentifier: 'orders-db' });
    expect(specs.get('demo-svc-orders-db-readLatency-warning')).toMatchObject({
      threshold: 0.02,
      source: { stat: 'p90' },
    });
  });

  test('RDS MySQL replica and an engine without a documented max_connections', () => {
    expect(specs.get('demo-svc-legacy-replicaLag-warning')).toMatchObject({
      threshold: 60,
      evaluationPeriods: 10,
    });
    expect(specs.get('demo-svc-legacy-writeLatency-warning')?.threshold).toBe(0.05);
    // db.t3.micro MySQL: 0.9 GiB / 12582880 = 76 connections, alarmed at 80 %.
    expect(specs.get('demo-svc-legacy-connections-warning')?.threshold).toBe(60.8);
    expect(names).not.toContain('demo-svc-legacy-maxUsedTransactionIds-warning');
    // Oracle: max_connections unknown, so the row is off unless switched on (then the default 100).
    expect(specs.get('demo-svc-reports-connections-warning')?.threshold).toBe(80);
  });

  test('Aurora MySQL instance: Aurora rows on, EBS and free storage off', () => {
    expect(of('ledger-1')).toEqual(
      expect.arrayContaining([
        'freeLocalStorage-warning',
        'blockedTransactions-warning',
        'bufferCacheHitRatio-warning',
        'rollbackSegmentHistory-warning',
      ]),
    );
    expect(of('ledger-1')).not.toEqual(expect.arrayContaining(['freeStorage-warning']));
    expect(of('ledger-1').some((n) => n.startsWith('ebs'))).toBe(false);
  });

  test('Aurora cluster: the writer by Role, binlog lag at -1, serverless capacity at the maximum', () => {
    expect(specs.get('demo-svc-ledger-writerDown-critical')).toMatchObject({
      threshold: 0,
      comparison: 'LessThanOrEqualToThreshold',
    });
    expect(dims(specs.get('demo-svc-ledger-binlogReplicaLag-warning'))).toEqual({
      DBClusterIdentifier: 'ledger',
      Role: 'WRITER',
    });
    expect(specs.get('demo-svc-ledger-binlogReplicaLag-warning')?.threshold).toBe(-1);
    expect(specs.get('demo-svc-ledger-storageNetworkThroughput-warning')?.threshold).toBe(1_125_000_000);
    expect(specs.get('demo-svc-bursty-capacityAtMaximum-warning')?.threshold).toBe(32);
    expect(names).toContain('demo-svc-bursty-acuUtilization-warning');
    expect(names).not.toContain('demo-svc-ledger-acuUtilization-warning');
    expect(names).not.toContain('demo-svc-bursty-binlogReplicaLag-warning');
  });

  test('ElastiCache: nodes by CacheNodeId, replication group members, Redis-only rows off for Memcached', () => {
    expect(dims(specs.get('demo-svc-memo-0002-cpu-warning'))).toEqual({
      CacheClusterId: 'memo',
      CacheNodeId: '0002',
    });
    expect(names).not.toContain('demo-svc-memo-memory-warning');
    expect(specs.get('demo-svc-sessions-002-connections-warning')?.threshold).toBe(1000);
    expect(dims(specs.get('demo-svc-sessions-002-replicationLag-warning'))).toEqual({
      CacheClusterId: 'sessions-002',
    });
    expect(names).toContain('demo-svc-sessions-001-engineCpu-warning');
    // Cluster mode, one node per shard: no replicas, no replication lag.
    expect(dims(specs.get('demo-svc-carts-0002-001-memory-warning'))).toEqual({
      CacheClusterId: 'carts-0002-001',
    });
    expect(names.filter((n) => n.startsWith('demo-svc-carts') && n.includes('replicationLag'))).toEqual([]);
  });

  test('EFS: modes switch the I/O limit and burst credits', () => {
    expect(of('uploads')).toEqual(['ioLimit-warning']);
    expect(of('scratch')).toEqual(['burstCredits-warning']);
  });

  test('S3: request metrics by FilterId, replication by rule; Object Lambda by access point and data source', () => {
    expect(dims(specs.get('demo-svc-invoices-errors5xx-warning'))).toEqual({
      BucketName: 'invoices',
      FilterId: 'EntireBucket',
    });
    expect(dims(specs.get('demo-svc-invoices-to-dr-replicationFailed-warning'))).toEqual({
      SourceBucket: 'invoices',
      DestinationBucket: 'invoices-dr',
      RuleId: 'to-dr',
    });
    expect(specs.get('demo-svc-thumbs-lambdaResponse4xx-warning')).toMatchObject({
      threshold: 0.05,
      evaluationPeriods: 15,
    });
  });

  test('DynamoDB: Kinesis destination by DelegatedOperation, replicas by ReceivingRegion', () => {
    expect(specs.get('demo-svc-orders-kinesis-kinesisUnreplicatedAge-warning')).toMatchObject({
      threshold: 300_000,
      source: { period: 300 },
    });
    expect(dims(specs.get('demo-svc-orders-kinesis-kinesisFailedRecords-warning'))).toEqual({
      TableName: 'orders',
      DelegatedOperation: 'PutRecords',
    });
    expect(specs.get('demo-svc-orders-ap-south-1-replicationLatency-warning')?.threshold).toBe(120_000);
    expect(names).toContain('demo-svc-orders-readThrottles-warning');
  });

  test('OpenSearch: by DomainName and ClientId, free storage at 25 % of the volume, master rows with masters', () => {
    expect(specs.get('demo-svc-search-freeStorage-warning')).toMatchObject({
      threshold: 25_600,
      comparison: 'LessThanOrEqualToThreshold',
    });
    expect(dims(specs.get('demo-svc-search-clusterRed-critical'))).toEqual({
      DomainName: 'search',
      ClientId: '123456789012',
    });
    expect(names).toContain('demo-svc-search-masterJvmMemoryPressure-warning');
    expect(specs.get('demo-svc-search-cpu-warning')).toMatchObject({
      threshold: 80,
      source: { period: 900 },
    });
  });

  test('DocumentDB and Redshift: the primary by Role, memory from the class; cluster health and disk', () => {
    expect(dims(specs.get('demo-svc-catalog-writerCpu-warning'))).toEqual({
      DBClusterIdentifier: 'catalog',
      Role: 'WRITER',
    });
    expect(specs.get('demo-svc-catalog-writerFreeableMemory-warning')?.threshold).toBe(
      Math.round(16 * GIB * 0.1),
    );
    expect(names).toContain('demo-svc-catalog-replicaLag-warning');
    expect(names).not.toContain('demo-svc-catalog-writerConnections-warning');
    expect(of('warehouse')).toEqual([
      'unhealthy-critical',
      'maintenance-info',
      'cpu-warning',
      'diskUsed-warning',
    ]);
  });

  test('Glue jobs: over all runs (JobRunId ALL), counters and gauges by Type; failed runs with observability metrics', () => {
    expect(of('nightly-etl')).toEqual(['failedTasks-warning', 'driverHeap-warning']);
    expect(of('orders-etl')).toEqual(['jobErrors-warning', 'failedTasks-warning', 'driverHeap-warning']);
    expect(of('legacy-etl')).toEqual(['jobErrors-warning']);
    expect(dims(specs.get('demo-svc-orders-etl-jobErrors-warning'))).toEqual({
      JobName: 'orders-etl',
      JobRunId: 'ALL',
      Type: 'count',
      ObservabilityGroup: 'error',
    });
    expect(dims(specs.get('demo-svc-nightly-etl-failedTasks-warning'))).toEqual({
      JobName: 'nightly-etl',
      JobRunId: 'ALL',
      Type: 'count',
    });
    expect(dims(specs.get('demo-svc-nightly-etl-driverHeap-warning'))).toEqual({
      JobName: 'nightly-etl',
      JobRunId: 'ALL',
      Type: 'gauge',
    });
    expect(specs.get('demo-svc-nightly-etl-driverHeap-warning')).toMatchObject({
      threshold: 0.9,
      source: { metric: { namespace: 'Glue' }, stat: 'Average' },
    });
  });

  test('MemoryDB: the worst node by ClusterName; replica lag only with replicas', () => {
    expect(of('sessions')).toEqual([
      'cpu-warning',
      'engineCpu-warning',
      'memory-warning',
      'swap-warning',
      'evictions-warning',
      'connections-warning',
      'replicationLag-warning',
    ]);
    expect(dims(specs.get('demo-svc-sessions-engineCpu-warning'))).toEqual({ ClusterName: 'sessions' });
    expect(specs.get('demo-svc-sessions-memory-warning')).toMatchObject({
      threshold: 70,
      source: { stat: 'Maximum' },
    });
    expect(specs.get('demo-svc-sessions-swap-warning')?.threshold).toBe(50 * 1024 ** 2);
    expect(specs.get('demo-svc-sessions-connections-warning')?.threshold).toBe(50_000);
    expect(names).not.toContain('demo-svc-ledger-replicationLag-warning');
    expect(names).toContain('demo-svc-ledger-evictions-warning');
  });

  test('bad values: one line naming the field and the range', () => {
    expect(configErrorOf(config('    openSearch:\n      - search'))).toContain(
      'services[0].openSearch[0].account: give the account id (the ClientId dimension), or deploy with an account in env',
    );
    expect(configErrorOf(config('    rdsInstance:\n      - { id: db, storage: 2 }'))).toBe(
      'telemetry.yaml:5:19: services[0].rdsInstance[0].storage: must be a whole number from 5 to 65,536',
    );
    expect(
      configErrorOf(config('    auroraCluster:\n      - { id: c, serverless: { maxCapacity: 1000 } }')),
    ).toContain('services[0].auroraCluster[0].serverless.maxCapacity: must be a number from 1 to 256');
    expect(configErrorOf(config('    efs:\n      - { id: disk1 }'))).toContain(
      'services[0].efs[0].id: a file system id looks like fs-0123456789abcdef0',
    );
    expect(configErrorOf(config('    s3:\n      - { name: bucket }'))).toContain(
      'an S3 bucket needs a filter (its request metrics configuration id, e.g. EntireBucket) or replication rules',
    );
    expect(configErrorOf(config('    elasticache:\n      - { replicationGroup: g, nodes: 9 }'))).toContain(
      'services[0].elasticache[0].nodes: must be a whole number from 1 to 6',
    );
    expect(configErrorOf(config('    dynamodb:\n      - { name: t, replicas: [mars-1] }'))).toContain(
      'a Region looks like eu-west-1',
    );
    expect(configErrorOf(config('    memoryDb:\n      - { name: m, replicas: 6 }'))).toContain(
      'services[0].memoryDb[0].replicas: must be a whole number from 0 to 5',
    );
    expect(configErrorOf(config('    glueJob:\n      - { name: j, observability: yes please }'))).toContain(
      'services[0].glueJob[0].observability',
    );
  });
});
