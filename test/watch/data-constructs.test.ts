import { App, Stack } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as memorydb from 'aws-cdk-lib/aws-memorydb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3ol from 'aws-cdk-lib/aws-s3objectlambda';
import { entryFromConstruct } from '../../lib/watch/entry-from-construct';
import { entriesOf, monitorConstructs } from '../helpers/construct-entries';

/** A user's stack with one construct of every data and storage kind, as a new user would write it. */
function dataStack() {
  const app = new App();
  const stack = new Stack(app, 'Data', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const vpcSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  const orders = new rds.DatabaseInstance(stack, 'Orders', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
    vpc,
    vpcSubnets,
    allocatedStorage: 100,
    enablePerformanceInsights: true,
  });
  const replica = new rds.DatabaseInstanceReadReplica(stack, 'OrdersReplica', {
    sourceDatabaseInstance: orders,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
    vpc,
    vpcSubnets,
  });
  const ledger = new rds.DatabaseCluster(stack, 'Ledger', {
    engine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
    writer: rds.ClusterInstance.serverlessV2('writer'),
    serverlessV2MaxCapacity: 8,
    vpc,
    vpcSubnets,
  });
  const memo = new elasticache.CfnCacheCluster(stack, 'Memo', {
    engine: 'memcached',
    cacheNodeType: 'cache.t4g.small',
    numCacheNodes: 2,
  });
  const sessions = new elasticache.CfnReplicationGroup(stack, 'Sessions', {
    replicationGroupDescription: 'sessions',
    engine: 'valkey',
    cacheNodeType: 'cache.t4g.small',
    numCacheClusters: 2,
  });
  const files = new efs.FileSystem(stack, 'Files', {
    vpc,
    vpcSubnets,
    throughputMode: efs.ThroughputMode.BURSTING,
  });
  const dr = new s3.Bucket(stack, 'InvoicesDr', { versioned: true });
  const invoices = new s3.Bucket(stack, 'Invoices', {
    versioned: true,
    metrics: [{ id: 'EntireBucket' }],
  });
  (invoices.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
    role: 'arn:aws:iam::111122223333:role/replication',
    rules: [
      {
        id: 'to-dr',
        status: 'Enabled',
        destination: { bucket: dr.bucketArn, metrics: { status: 'Enabled' } },
      },
    ],
  };
  const plainBucket = new s3.Bucket(stack, 'Plain');
  const stream = new kinesis.Stream(stack, 'Changes');
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    replicas: [{ region: 'us-east-1' }],
    kinesisStream: stream,
  });
  const thumbs = new s3ol.CfnAccessPoint(stack, 'Thumbs', {
    name: 'thumbs',
    objectLambdaConfiguration: {
      supportingAccessPoint: 'arn:aws:s3:eu-west-1:111122223333:accesspoint/images',
      cloudWatchMetricsEnabled: true,
      transformationConfigurations: [
        {
          actions: ['GetObject'],
          contentTransformation: {
            AwsLambda: { FunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:resize' },
          },
        },
      ],
    },
  });
  const search = new opensearch.Domain(stack, 'Search', {
    version: opensearch.EngineVersion.OPENSEARCH_2_17,
    ebs: { volumeSize: 100 },
    capacity: { masterNodes: 3, dataNodes: 2, multiAzWithStandbyEnabled: false },
  });
  const catalog = new docdb.DatabaseCluster(stack, 'Catalog', {
    masterUser: { username: 'admin' },
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
    instances: 2,
    vpc,
    vpcSubnets,
  });
  const glueJob = (id: string, defaultArguments?: Record<string, string>) =>
    new glue.CfnJob(stack, id, {
      role: 'arn:aws:iam::111122223333:role/glue',
      command: { name: 'glueetl', scriptLocation: 's3://scripts/etl.py' },
      glueVersion: '4.0',
      ...(defaultArguments ? { defaultArguments } : {}),
    });
  const etl = glueJob('OrdersEtl', {
    '--enable-metrics': 'true',
    '--enable-observability-metrics': 'true',
  });
  const legacyEtl = glueJob('LegacyEtl', { '--enable-metrics': '' });
  const silentEtl = glueJob('SilentEtl');
  // The L2 turns on job and observability metrics by default.
  const sparkEtl = new glue.PySparkEtlJob(stack, 'SparkEtl', {
    jobName: 'spark-etl',
    role: new iam.Role(stack, 'GlueRole', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') }),
    script: glue.Code.fromBucket(new s3.Bucket(stack, 'Scripts'), 'etl.py'),
  });
  const sessionsDb = new memorydb.CfnCluster(stack, 'SessionsDb', {
    clusterName: 'sessions',
    nodeType: 'db.r7g.large',
    aclName: 'open-access',
    numReplicasPerShard: 2,
  });
  return {
    stack,
    etl,
    legacyEtl,
    silentEtl,
    sparkEtl,
    sessionsDb,
    catalog,
    search,
    orders,
    replica,
    ledger,
    memo,
    sessions,
    files,
    invoices,
    plainBucket,
    table,
    thumbs,
  };
}

describe('entryFromConstruct: data and storage constructs', () => {
  const s = dataStack();
  const { ref, entry } = entriesOf(s.stack);

  test('RDS instance: engine, class, allocated storage and Performance Insights from the construct', () => {
    expect(entry(s.orders)).toEqual({
      kind: 'rdsInstance',
      entry: {
        id: { Ref: ref(s.orders) },
        label: 'Orders',
        engine: 'postgres',
        instanceClass: 'db.t4g.medium',
        storage: 100,
        performanceInsights: true,
      },
    });
    expect(entry(s.replica).entry).toMatchObject({ label: 'OrdersReplica', replica: true });
  });

  test('Aurora: the cluster with its Serverless v2 maximum; its writer is an rdsInstance', () => {
    expect(entry(s.ledger)).toEqual({
      kind: 'auroraCluster',
      entry: {
        id: { Ref: ref(s.ledger) },
        label: 'Ledger',
        engine: 'aurora-mysql',
        serverless: { maxCapacity: 8 },
      },
    });
    const writer = s.ledger.node.findChild('writer');
    expect(entry(writer)).toMatchObject({
      kind: 'rdsInstance',
      entry: { label: 'writer', engine: 'aurora-mysql', instanceClass: 'db.serverless' },
    });
  });

  test('ElastiCache: a cluster with its nodes, a replication group with its members', () => {
    expect(entry(s.memo)).toEqual({
      kind: 'elasticache',
      entry: { id: { Ref: 'Memo' }, label: 'Memo', engine: 'memcached', nodes: 2 },
    });
    expect(entry(s.sessions)).toEqual({
      kind: 'elasticache',
      entry: { replicationGroup: { Ref: 'Sessions' }, label: 'Sessions', nodes: 2, engine: 'valkey' },
    });
  });

  test('EFS: its performance and throughput modes', () => {
    expect(entry(s.files).entry).toMatchObject({
      id: { Ref: ref(s.files) },
      label: 'Files',
      performanceMode: 'generalPurpose',
      throughputMode: 'bursting',
    });
  });

  test('S3: the metrics configuration and the replication rule with metrics; a bucket without is not watched, and says why', () => {
    expect(entry(s.invoices)).toEqual({
      kind: 's3',
      entry: {
        name: { Ref: ref(s.invoices) },
        label: 'Invoices',
        filter: 'EntireBucket',
        replication: [{ destination: { Ref: expect.stringMatching(/^InvoicesDr/) }, rule: 'to-dr' }],
      },
    });
    expect(entryFromConstruct(s.plainBucket)).toBeUndefined();
    // The warning on the construct (read from its metadata: no synth needed).
    const warnings = s.plainBucket.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining('it has no request metrics configuration')]);
  });

  test('DynamoDB TableV2: the Kinesis destination and the replica Regions other than its own', () => {
    expect(entry(s.table).entry).toMatchObject({
      label: 'Table',
      kinesis: true,
      replicas: ['us-east-1'],
    });
  });

  test('S3 Object Lambda: by name and supporting access point', () => {
    expect(entry(s.thumbs)).toEqual({
      kind: 's3ObjectLambda',
      entry: {
        name: { Ref: 'Thumbs' },
        dataSource: 'arn:aws:s3:eu-west-1:111122223333:accesspoint/images',
        label: 'Thumbs',
      },
    });
  });

  test('OpenSearch: the domain, its account (ClientId), volume size and dedicated masters', () => {
    expect(entry(s.search)).toEqual({
      kind: 'openSearch',
      entry: {
        name: { Ref: ref(s.search) },
        label: 'Search',
        account: '111122223333',
        volumeSize: 100,
        dedicatedMasters: true,
      },
    });
  });

  test("DocumentDB: the cluster with its instances' class and count", () => {
    expect(entry(s.catalog)).toEqual({
      kind: 'documentDb',
      entry: { id: { Ref: ref(s.catalog) }, label: 'Catalog', instanceClass: 'db.r6g.large', instances: 2 },
    });
  });

  test('Glue job (L2 and L1): metrics flags from its default arguments; a job without metrics is not watched, and says why', () => {
    expect(entry(s.etl)).toEqual({
      kind: 'glueJob',
      entry: { name: { Ref: 'OrdersEtl' }, label: 'OrdersEtl', metrics: true, observability: true },
    });
    expect(entry(s.legacyEtl).entry).toMatchObject({ metrics: true, observability: false });
    expect(entry(s.sparkEtl)).toEqual({
      kind: 'glueJob',
      entry: { name: 'spark-etl', label: 'SparkEtl', metrics: true, observability: true },
    });
    expect(entryFromConstruct(s.silentEtl)).toBeUndefined();
    const warnings = s.silentEtl.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining('publishes no metrics; add `--enable-metrics`')]);
  });

  test('MemoryDB cluster (L1): by name, with its replicas per shard', () => {
    expect(entry(s.sessionsDb)).toEqual({
      kind: 'memoryDb',
      entry: { name: 'sessions', label: 'SessionsDb', replicas: 2 },
    });
  });

  test('the entries plan alarms with dimensions and thresholds from the constructs', () => {
    const { spec, names } = monitorConstructs(s.stack, 'data', [
      s.orders,
      s.replica,
      s.ledger,
      s.ledger.node.findChild('writer'),
      s.memo,
      s.sessions,
      s.files,
      s.invoices,
      s.table,
      s.thumbs,
      s.etl,
      s.legacyEtl,
      s.sessionsDb,
    ]);
    // db.t4g.medium: 4 GiB; PostgreSQL max_connections LEAST(0.9 * 4 GiB / 9531392, 5000) = 405, at 80 %.
    expect(spec('shop-data-Orders-connections-warning').threshold).toBe(324);
    expect(spec('shop-data-Orders-freeStorage-warning').threshold).toBe(Math.round(100 * 1024 ** 3 * 0.1));
    expect(spec('shop-data-Orders-dbLoad-warning').threshold).toBe(2);
    expect(names).toContain('shop-data-OrdersReplica-replicaLag-warning');
    expect(spec('shop-data-Ledger-capacityAtMaximum-warning').threshold).toBe(8);
    expect(spec('shop-data-Ledger-writerDown-critical').metric.dimensions).toEqual({
      DBClusterIdentifier: { Ref: ref(s.ledger) },
      Role: 'WRITER',
    });
    expect(names).toContain('shop-data-writer-bufferCacheHitRatio-warning');
    expect(names).not.toContain('shop-data-writer-freeStorage-warning');
    expect(spec('shop-data-Sessions-2-replicationLag-warning').metric.dimensions).toEqual({
      CacheClusterId: { 'Fn::Join': ['', [{ Ref: 'Sessions' }, '-002']] },
    });
    expect(names).toContain('shop-data-Memo-0002-cpu-warning');
    expect(names).toContain('shop-data-Files-burstCredits-warning');
    expect(names).toContain('shop-data-Invoices-to-dr-replicationFailed-warning');
    expect(names).toContain('shop-data-Table-us-east-1-replicationLatency-warning');
    expect(names).toContain('shop-data-Table-kinesis-kinesisFailedRecords-warning');
    expect(names).toContain('shop-data-Thumbs-errors5xx-warning');
    expect(spec('shop-data-OrdersEtl-jobErrors-warning').metric.dimensions).toEqual({
      JobName: { Ref: 'OrdersEtl' },
      JobRunId: 'ALL',
      Type: 'count',
      ObservabilityGroup: 'error',
    });
    expect(names).not.toContain('shop-data-LegacyEtl-jobErrors-warning');
    expect(names).toContain('shop-data-LegacyEtl-failedTasks-warning');
    expect(spec('shop-data-SessionsDb-replicationLag-warning').metric.dimensions).toEqual({
      ClusterName: 'sessions',
    });
  });
});
