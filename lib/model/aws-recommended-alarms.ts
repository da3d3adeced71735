/**
 * AWS's recommended alarms as data: every entry of the CloudWatch User Guide page "Recommended alarms"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html),
 * 146 entries in 28 sections, one record each, as the page writes them (its mistakes too: the rows that implement
 * an entry say where they differ and why). The page gives no namespace; the one here is the service's.
 *
 * Each entry is, in data, implemented by a kind's row (`implements: '<id>'`), excluded with a reason
 * (`EXCLUDED`), or planned for a kind that does not exist yet or an option a kind lacks (`PLANNED`). A test fails
 * for an entry that is none of these (`./coverage.ts`), and `cdk-telemetry catalog --coverage` prints the tally.
 */
import type { Comparison } from './alarm-spec';
import { AWS_RECOMMENDED } from './kinds/types';

/** One alarm of AWS's recommended-alarms page, as the page gives it. */
export interface AwsRecommendedAlarm {
  /** Stable id: `<section>-<metric>`, with a qualifier where the page lists a metric twice. */
  readonly id: string;
  /** The page's section, e.g. `Amazon API Gateway`. */
  readonly section: string;
  /** The service's namespace (the page names one only for NAT Gateway and PrivateLink). */
  readonly namespace: string;
  /** The metric's name. */
  readonly metricName: string;
  /** Dimension names; `Name=Value` for a dimension the page gives a fixed value. */
  readonly dimensions: readonly string[];
  /** The statistic, e.g. `Sum`, `Average` or `p99`. */
  readonly statistic: string;
  /** The recommended threshold, or `depends` where the page gives guidance instead of a number. */
  readonly threshold: number | 'depends';
  /** Seconds. */
  readonly period: number;
  /** `[datapointsToAlarm, evaluationPeriods]`. */
  readonly datapoints: readonly [number, number];
  /** How the value is compared with the threshold. */
  readonly comparison: Comparison;
  /** The page with the section's anchor. */
  readonly source: string;
}

const OPS = {
  GT: 'GreaterThanThreshold',
  GTE: 'GreaterThanOrEqualToThreshold',
  LT: 'LessThanThreshold',
  LTE: 'LessThanOrEqualToThreshold',
} as const;

type Row = readonly [
  id: string,
  metric: string,
  dimensions: string,
  statistic: string,
  threshold: number | 'depends',
  period: number,
  mOfN: `${number}/${number}`,
  comparison: keyof typeof OPS,
];

function section(
  name: string,
  anchor: string,
  namespace: string,
  rows: readonly Row[],
): AwsRecommendedAlarm[] {
  return rows.map(([id, metricName, dims, statistic, threshold, period, mn, op]) => {
    const [m, n] = mn.split('/').map(Number);
    return {
      id,
      section: name,
      namespace,
      metricName,
      dimensions: dims ? dims.split(',') : [],
      statistic,
      threshold,
      period,
      datapoints: [m, n] as const,
      comparison: OPS[op],
      source: `${AWS_RECOMMENDED}${anchor}`,
    };
  });
}

// prettier-ignore
/** Every entry of AWS's recommended-alarms page, in page order: what the catalog's rows implement, exclude or plan. */
export const AWS_RECOMMENDED_ALARMS: readonly AwsRecommendedAlarm[] = [
  ...section("Amazon API Gateway", '#ApiGateway', 'AWS/ApiGateway', [
    ['apigateway-rest-4xxerror', '4XXError', 'ApiName,Stage', 'Average', 0.05, 60, '5/5', 'GT'],
    ['apigateway-rest-5xxerror', '5XXError', 'ApiName,Stage', 'Average', 0.05, 60, '3/3', 'GT'],
    ['apigateway-rest-count', 'Count', 'ApiName,Stage', 'SampleCount', 'depends', 60, '10/10', 'LT'],
    ['apigateway-rest-method-count', 'Count', 'ApiName,Stage,Resource,Method', 'SampleCount', 'depends', 60, '10/10', 'LT'],
    ['apigateway-http-count', 'Count', 'ApiId,Stage', 'SampleCount', 'depends', 60, '10/10', 'LT'],
    ['apigateway-http-route-count', 'Count', 'ApiId,Stage,Resource,Method', 'SampleCount', 'depends', 60, '10/10', 'LT'],
    ['apigateway-v2-integrationlatency', 'IntegrationLatency', 'ApiId,Stage', 'p90', 2000, 60, '5/5', 'GTE'],
    ['apigateway-v2-route-integrationlatency', 'IntegrationLatency', 'ApiId,Stage,Route', 'p90', 2000, 60, '5/5', 'GTE'],
    ['apigateway-rest-latency', 'Latency', 'ApiName,Stage', 'p90', 2500, 60, '5/5', 'GTE'],
    ['apigateway-rest-method-latency', 'Latency', 'ApiName,Stage,Resource,Method', 'p90', 2500, 60, '5/5', 'GTE'],
    ['apigateway-http-latency', 'Latency', 'ApiId,Stage', 'p90', 2500, 60, '5/5', 'GTE'],
    ['apigateway-http-route-latency', 'Latency', 'ApiId,Stage,Resource,Method', 'p90', 2500, 60, '5/5', 'GTE'],
    ['apigateway-http-4xx', '4xx', 'ApiId,Stage', 'Average', 0.05, 60, '5/5', 'GT'],
    ['apigateway-http-5xx', '5xx', 'ApiId,Stage', 'Average', 0.05, 60, '3/3', 'GT'],
    ['apigateway-websocket-messagecount', 'MessageCount', 'ApiId,Stage', 'SampleCount', 'depends', 60, '10/10', 'LT'],
    ['apigateway-websocket-route-messagecount', 'MessageCount', 'ApiId,Stage,Route', 'SampleCount', 'depends', 60, '10/10', 'LT'],
    ['apigateway-websocket-clienterror', 'ClientError', 'ApiId,Stage', 'Average', 0.05, 60, '5/5', 'GT'],
    ['apigateway-websocket-executionerror', 'ExecutionError', 'ApiId,Stage', 'Average', 0.05, 60, '3/3', 'GT'],
  ]),
  ...section("Amazon EC2 Auto Scaling", '#AutoScaling', 'AWS/AutoScaling', [
    ['autoscaling-groupinservicecapacity', 'GroupInServiceCapacity', 'AutoScalingGroupName', 'Average', 'depends', 60, '10/10', 'LT'],
  ]),
  ...section("AWS Certificate Manager (ACM)", '#CertificateManager', 'AWS/CertificateManager', [
    ['acm-daystoexpiry', 'DaysToExpiry', 'CertificateArn', 'Minimum', 44, 86400, '1/1', 'LTE'],
  ]),
  ...section("Amazon CloudFront", '#CloudFront', 'AWS/CloudFront', [
    ['cloudfront-5xxerrorrate', '5xxErrorRate', 'DistributionId,Region=Global', 'Average', 'depends', 60, '5/5', 'GT'],
    ['cloudfront-originlatency', 'OriginLatency', 'DistributionId,Region=Global', 'p90', 'depends', 60, '5/5', 'GT'],
    ['cloudfront-functionvalidationerrors', 'FunctionValidationErrors', 'DistributionId,FunctionName,Region=Global', 'Sum', 0, 60, '2/2', 'GT'],
    ['cloudfront-functionexecutionerrors', 'FunctionExecutionErrors', 'DistributionId,FunctionName,Region=Global', 'Sum', 0, 60, '5/5', 'GT'],
    ['cloudfront-functionthrottles', 'FunctionThrottles', 'DistributionId,FunctionName,Region=Global', 'Sum', 0, 60, '5/5', 'GT'],
  ]),
  ...section("Amazon Cognito", '#Cognito', 'AWS/Cognito', [
    ['cognito-signupthrottles', 'SignUpThrottles', 'UserPool,UserPoolClient', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['cognito-signinthrottles', 'SignInThrottles', 'UserPool,UserPoolClient', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['cognito-tokenrefreshthrottles', 'TokenRefreshThrottles', 'UserPool,UserPoolClient', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['cognito-federationthrottles', 'FederationThrottles', 'UserPool,UserPoolClient,IdentityProvider', 'Sum', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("Amazon DynamoDB", '#DynamoDB', 'AWS/DynamoDB', [
    ['dynamodb-accountprovisionedreadcapacityutilization', 'AccountProvisionedReadCapacityUtilization', '', 'Maximum', 80, 300, '2/2', 'GT'],
    ['dynamodb-accountprovisionedwritecapacityutilization', 'AccountProvisionedWriteCapacityUtilization', '', 'Maximum', 80, 300, '2/2', 'GT'],
    ['dynamodb-ageofoldestunreplicatedrecord', 'AgeOfOldestUnreplicatedRecord', 'TableName,DelegatedOperation', 'Maximum', 'depends', 300, '3/3', 'GT'],
    ['dynamodb-failedtoreplicaterecordcount', 'FailedToReplicateRecordCount', 'TableName,DelegatedOperation', 'Sum', 0, 60, '1/1', 'GT'],
    ['dynamodb-readthrottleevents', 'ReadThrottleEvents', 'TableName', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['dynamodb-gsi-readthrottleevents', 'ReadThrottleEvents', 'TableName,GlobalSecondaryIndexName', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['dynamodb-replicationlatency', 'ReplicationLatency', 'TableName,ReceivingRegion', 'Average', 'depends', 60, '15/15', 'GT'],
    ['dynamodb-successfulrequestlatency', 'SuccessfulRequestLatency', 'TableName,Operation', 'Average', 'depends', 60, '10/10', 'GT'],
    ['dynamodb-systemerrors', 'SystemErrors', 'TableName', 'Sum', 'depends', 60, '15/15', 'GT'],
    ['dynamodb-throttledputrecordcount', 'ThrottledPutRecordCount', 'TableName,DelegatedOperation', 'Maximum', 'depends', 60, '10/10', 'GT'],
    ['dynamodb-usererrors', 'UserErrors', '', 'Sum', 'depends', 60, '10/10', 'GT'],
    ['dynamodb-writethrottleevents', 'WriteThrottleEvents', 'TableName', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['dynamodb-gsi-writethrottleevents', 'WriteThrottleEvents', 'TableName,GlobalSecondaryIndexName', 'Sum', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("Amazon EBS", '#EBS', 'AWS/EBS', [
    ['ebs-volumestallediocheck', 'VolumeStalledIOCheck', 'VolumeId,InstanceId', 'Maximum', 1, 60, '10/10', 'GTE'],
  ]),
  ...section("Amazon EC2", '#EC2', 'AWS/EC2', [
    ['ec2-cpuutilization', 'CPUUtilization', 'InstanceId', 'Average', 80, 300, '3/3', 'GT'],
    ['ec2-statuscheckfailed', 'StatusCheckFailed', 'InstanceId', 'Maximum', 1, 300, '2/2', 'GTE'],
    ['ec2-statuscheckfailed-attachedebs', 'StatusCheckFailed_AttachedEBS', 'InstanceId', 'Maximum', 1, 60, '10/10', 'GTE'],
  ]),
  ...section("Amazon ElastiCache", '#ElastiCache', 'AWS/ElastiCache', [
    ['elasticache-cpuutilization', 'CPUUtilization', 'CacheClusterId,CacheNodeId', 'Average', 'depends', 60, '5/5', 'GT'],
    ['elasticache-currconnections', 'CurrConnections', 'CacheClusterId,CacheNodeId', 'Average', 'depends', 60, '10/10', 'GT'],
    ['elasticache-databasememoryusagepercentage', 'DatabaseMemoryUsagePercentage', 'CacheClusterId', 'Average', 'depends', 60, '5/5', 'GT'],
    ['elasticache-enginecpuutilization', 'EngineCPUUtilization', 'CacheClusterId', 'Average', 90, 60, '5/5', 'GT'],
    ['elasticache-replicationlag', 'ReplicationLag', 'CacheClusterId', 'Average', 'depends', 60, '15/15', 'GT'],
  ]),
  ...section("Amazon ECS", '#ECS', 'AWS/ECS', [
    ['ecs-cpureservation', 'CPUReservation', 'ClusterName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-cpuutilization', 'CPUUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ebsfilesystemutilization', 'EBSFilesystemUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-memoryreservation', 'MemoryReservation', 'ClusterName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-memoryutilization', 'MemoryUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-httpcode-target-5xx-count', 'HTTPCode_Target_5XX_Count', 'ClusterName,ServiceName', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['ecs-targetresponsetime', 'TargetResponseTime', 'ClusterName,ServiceName', 'Average', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("Amazon ECS with Container Insights", '#ECS-ContainerInsights', 'ECS/ContainerInsights', [
    ['ecs-ci-ephemeralstorageutilized', 'EphemeralStorageUtilized', 'ClusterName,ServiceName', 'Average', 'depends', 60, '5/5', 'GT'],
    ['ecs-ci-runningtaskcount', 'RunningTaskCount', 'ClusterName,ServiceName', 'Average', 0, 60, '5/5', 'LTE'],
    ['ecs-ci-taskcpuutilization-cluster', 'TaskCpuUtilization', 'ClusterName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-taskcpuutilization-service', 'TaskCpuUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-containercpuutilization-cluster', 'ContainerCpuUtilization', 'ClusterName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-containercpuutilization-service', 'ContainerCpuUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-taskephemeralstorageutilization-cluster', 'TaskEphemeralStorageUtilization', 'ClusterName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-taskephemeralstorageutilization-service', 'TaskEphemeralStorageUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-taskmemoryutilization-cluster', 'TaskMemoryUtilization', 'ClusterName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-taskmemoryutilization-service', 'TaskMemoryUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-containermemoryutilization-cluster', 'ContainerMemoryUtilization', 'ClusterName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-containermemoryutilization-service', 'ContainerMemoryUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-instance-filesystem-utilization', 'instance_filesystem_utilization', 'InstanceId,ContainerInstanceId,ClusterName', 'Average', 90, 60, '5/5', 'GT'],
  ]),
  ...section("Amazon ECS with Container Insights with enhanced observability", '#ECS-ContainerInsights-enhanced', 'ECS/ContainerInsights', [
    ['ecs-ci-enhanced-taskcpuutilization', 'TaskCpuUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-enhanced-taskmemoryutilization', 'TaskMemoryUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'LTE'],
    ['ecs-ci-enhanced-containercpuutilization', 'ContainerCPUUtilization', 'ContainerName,ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-enhanced-containermemoryutilization', 'ContainerMemoryUtilization', 'ContainerName,ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'LTE'],
    ['ecs-ci-enhanced-taskebsfilesystemutilization', 'TaskEBSfilesystemUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
    ['ecs-ci-enhanced-taskephemeralstorageutilization', 'TaskEphemeralStorageUtilization', 'ClusterName,ServiceName', 'Average', 80, 60, '5/5', 'GT'],
  ]),
  ...section("Amazon EFS", '#EFS', 'AWS/EFS', [
    ['efs-percentiolimit', 'PercentIOLimit', 'FileSystemId', 'Average', 100, 60, '15/15', 'GTE'],
    ['efs-burstcreditbalance', 'BurstCreditBalance', 'FileSystemId', 'Average', 0, 60, '15/15', 'LTE'],
  ]),
  ...section("Amazon EKS with Container Insights", '#EKS-ContainerInsights', 'ContainerInsights', [
    ['eks-ci-node-cpu-utilization', 'node_cpu_utilization', 'ClusterName', 'Maximum', 80, 60, '5/5', 'GT'],
    ['eks-ci-node-filesystem-utilization', 'node_filesystem_utilization', 'ClusterName', 'Maximum', 'depends', 60, '5/5', 'GT'],
    ['eks-ci-node-memory-utilization', 'node_memory_utilization', 'ClusterName', 'Maximum', 80, 60, '5/5', 'GT'],
    ['eks-ci-pod-cpu-utilization-over-pod-limit', 'pod_cpu_utilization_over_pod_limit', 'ClusterName,Namespace,Service', 'Maximum', 80, 60, '5/5', 'GT'],
    ['eks-ci-pod-memory-utilization-over-pod-limit', 'pod_memory_utilization_over_pod_limit', 'ClusterName,Namespace,Service', 'Maximum', 80, 60, '5/5', 'GT'],
  ]),
  ...section("Amazon EventBridge Scheduler", '#EventBridge', 'AWS/Scheduler', [
    ['scheduler-targeterrorthrottledcount', 'TargetErrorThrottledCount', '', 'Sum', 0, 60, '15/15', 'GT'],
    ['scheduler-invocationthrottlecount', 'InvocationThrottleCount', '', 'Sum', 0, 60, '15/15', 'GT'],
    ['scheduler-invocationdroppedcount', 'InvocationDroppedCount', '', 'Sum', 0, 60, '1/1', 'GT'],
    ['scheduler-invocationsfailedtobesenttodeadlettercount', 'InvocationsFailedToBeSentToDeadLetterCount', '', 'Sum', 0, 60, '15/15', 'GT'],
  ]),
  ...section("Amazon Kinesis Data Streams", '#Kinesis', 'AWS/Kinesis', [
    ['kinesis-getrecords-iteratoragemilliseconds', 'GetRecords.IteratorAgeMilliseconds', 'StreamName', 'Maximum', 'depends', 60, '15/15', 'GT'],
    ['kinesis-getrecords-success', 'GetRecords.Success', 'StreamName', 'Average', 'depends', 60, '5/5', 'LT'],
    ['kinesis-putrecord-success', 'PutRecord.Success', 'StreamName', 'Average', 'depends', 60, '5/5', 'LT'],
    ['kinesis-putrecords-failedrecords', 'PutRecords.FailedRecords', 'StreamName', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['kinesis-readprovisionedthroughputexceeded', 'ReadProvisionedThroughputExceeded', 'StreamName', 'Average', 'depends', 60, '5/5', 'GT'],
    ['kinesis-subscribetoshardevent-millisbehindlatest', 'SubscribeToShardEvent.MillisBehindLatest', 'StreamName,ConsumerName', 'Average', 'depends', 60, '5/5', 'GT'],
    ['kinesis-writeprovisionedthroughputexceeded', 'WriteProvisionedThroughputExceeded', 'StreamName', 'Average', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("Lambda", '#Lambda', 'AWS/Lambda', [
    ['lambda-claimed-account-concurrency', 'ClaimedAccountConcurrency', '', 'Maximum', 'depends', 60, '10/10', 'GT'],
    ['lambda-errors', 'Errors', 'FunctionName', 'Sum', 'depends', 60, '3/3', 'GT'],
    ['lambda-throttles', 'Throttles', 'FunctionName', 'Sum', 'depends', 60, '5/5', 'GTE'],
    ['lambda-duration', 'Duration', 'FunctionName', 'p90', 'depends', 60, '15/15', 'GT'],
    ['lambda-concurrent-executions', 'ConcurrentExecutions', 'FunctionName', 'Maximum', 'depends', 60, '10/10', 'GT'],
  ]),
  ...section("Lambda Insights", '#Lambda-Insights', 'LambdaInsights', [
    ['lambda-insights-memory-utilization', 'memory_utilization', 'function_name', 'Average', 90, 60, '10/10', 'GT'],
  ]),
  ...section("Amazon VPC (AWS/NATGateway)", '#NATGateway', 'AWS/NATGateway', [
    ['natgateway-errorportallocation', 'ErrorPortAllocation', 'NatGatewayId', 'Sum', 0, 60, '15/15', 'GT'],
    ['natgateway-packetsdropcount', 'PacketsDropCount', 'NatGatewayId', 'Sum', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("AWS Private Link (AWS/PrivateLinkEndpoints)", '#PrivateLinkEndpoints', 'AWS/PrivateLinkEndpoints', [
    ['privatelink-endpoints-packetsdropped', 'PacketsDropped', 'VPC Id,VPC Endpoint Id,Endpoint Type,Subnet Id,Service Name', 'Sum', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("AWS Private Link (AWS/PrivateLinkServices)", '#PrivateLinkServices', 'AWS/PrivateLinkServices', [
    ['privatelink-services-rstpacketssent', 'RstPacketsSent', 'Service Id,Load Balancer Arn,Az', 'Sum', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("Amazon RDS", '#RDS', 'AWS/RDS', [
    ['rds-cpuutilization', 'CPUUtilization', 'DBInstanceIdentifier', 'Average', 90, 60, '5/5', 'GT'],
    ['rds-databaseconnections', 'DatabaseConnections', 'DBInstanceIdentifier', 'Average', 'depends', 60, '5/5', 'GT'],
    ['rds-ebsbytebalance', 'EBSByteBalance%', 'DBInstanceIdentifier', 'Average', 10, 60, '3/3', 'LT'],
    ['rds-ebsiobalance', 'EBSIOBalance%', 'DBInstanceIdentifier', 'Average', 10, 60, '3/3', 'LT'],
    ['rds-freeablememory', 'FreeableMemory', 'DBInstanceIdentifier', 'Average', 'depends', 60, '15/15', 'LT'],
    ['rds-freelocalstorage', 'FreeLocalStorage', 'DBInstanceIdentifier', 'Average', 'depends', 60, '5/5', 'LT'],
    ['rds-freestoragespace', 'FreeStorageSpace', 'DBInstanceIdentifier', 'Minimum', 'depends', 60, '5/5', 'LT'],
    ['rds-maximumusedtransactionids', 'MaximumUsedTransactionIDs', 'DBInstanceIdentifier', 'Average', 1e9, 60, '1/1', 'GT'],
    ['rds-readlatency', 'ReadLatency', 'DBInstanceIdentifier', 'p90', 'depends', 60, '5/5', 'GT'],
    ['rds-replicalag', 'ReplicaLag', 'DBInstanceIdentifier', 'Maximum', 60, 60, '10/10', 'GT'],
    ['rds-writelatency', 'WriteLatency', 'DBInstanceIdentifier', 'p90', 'depends', 60, '5/5', 'GT'],
    ['rds-dbload', 'DBLoad', 'DBInstanceIdentifier', 'Average', 'depends', 60, '15/15', 'GT'],
    ['rds-auroravolumebyteslefttotal', 'AuroraVolumeBytesLeftTotal', 'DBClusterIdentifier', 'Average', 'depends', 60, '5/5', 'LT'],
    ['rds-aurorabinlogreplicalag', 'AuroraBinlogReplicaLag', 'DBClusterIdentifier,Role=WRITER', 'Average', -1, 60, '2/2', 'LTE'],
    ['rds-blockedtransactions', 'BlockedTransactions', 'DBInstanceIdentifier', 'Average', 'depends', 60, '5/5', 'GT'],
    ['rds-buffercachehitratio', 'BufferCacheHitRatio', 'DBInstanceIdentifier', 'Average', 80, 60, '10/10', 'LT'],
    ['rds-engineuptime', 'EngineUptime', 'DBClusterIdentifier,Role=WRITER', 'Average', 0, 60, '2/2', 'LTE'],
    ['rds-rollbacksegmenthistorylistlength', 'RollbackSegmentHistoryListLength', 'DBInstanceIdentifier', 'Average', 1_000_000, 60, '5/5', 'GT'],
    ['rds-storagenetworkthroughput', 'StorageNetworkThroughput', 'DBClusterIdentifier,Role=WRITER', 'Average', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("Amazon Route 53 Public Data Plane", '#Route53', 'AWS/Route53', [
    ['route53-healthcheckstatus', 'HealthCheckStatus', 'HealthCheckId', 'Average', 1, 60, '3/3', 'LT'],
  ]),
  ...section("Amazon S3", '#S3', 'AWS/S3', [
    ['s3-4xxerrors', '4xxErrors', 'BucketName,FilterId', 'Average', 0.05, 60, '15/15', 'GT'],
    ['s3-5xxerrors', '5xxErrors', 'BucketName,FilterId', 'Average', 0.05, 60, '15/15', 'GT'],
    ['s3-operationsfailedreplication', 'OperationsFailedReplication', 'SourceBucket,DestinationBucket,RuleId', 'Maximum', 0, 60, '5/5', 'GT'],
  ]),
  ...section("S3ObjectLambda", '#S3ObjectLambda', 'AWS/S3/ObjectLambda', [
    ['s3-object-lambda-4xxerrors', '4xxErrors', 'AccessPointName,DataSourceARN', 'Average', 0.05, 60, '15/15', 'GT'],
    ['s3-object-lambda-5xxerrors', '5xxErrors', 'AccessPointName,DataSourceARN', 'Average', 0.05, 60, '15/15', 'GT'],
    ['s3-object-lambda-lambdaresponse4xx', 'LambdaResponse4xx', 'AccessPointName,DataSourceARN', 'Average', 0.05, 60, '15/15', 'GT'],
  ]),
  ...section("Amazon SNS", '#SNS', 'AWS/SNS', [
    ['sns-numberofmessagespublished', 'NumberOfMessagesPublished', 'TopicName', 'Sum', 'depends', 60, '5/5', 'LT'],
    ['sns-numberofnotificationsdelivered', 'NumberOfNotificationsDelivered', 'TopicName', 'Sum', 'depends', 60, '5/5', 'LT'],
    ['sns-numberofnotificationsfailed', 'NumberOfNotificationsFailed', 'TopicName', 'Sum', 'depends', 60, '5/5', 'GT'],
    ['sns-numberofnotificationsfilteredout-invalidattributes', 'NumberOfNotificationsFilteredOut-InvalidAttributes', 'TopicName', 'Sum', 0, 60, '5/5', 'GT'],
    ['sns-numberofnotificationsfilteredout-invalidmessagebody', 'NumberOfNotificationsFilteredOut-InvalidMessageBody', 'TopicName', 'Sum', 0, 60, '5/5', 'GT'],
    ['sns-numberofnotificationsredriventodlq', 'NumberOfNotificationsRedrivenToDlq', 'TopicName', 'Sum', 0, 60, '5/5', 'GT'],
    ['sns-numberofnotificationsfailedtoredrivetodlq', 'NumberOfNotificationsFailedToRedriveToDlq', 'TopicName', 'Sum', 0, 60, '5/5', 'GT'],
    ['sns-smsmonthtodatespentusd', 'SMSMonthToDateSpentUSD', 'TopicName', 'Maximum', 'depends', 60, '5/5', 'GT'],
    ['sns-smssuccessrate', 'SMSSuccessRate', 'TopicName', 'Average', 'depends', 60, '5/5', 'GT'],
  ]),
  ...section("Amazon SQS", '#SQS', 'AWS/SQS', [
    ['sqs-approximateageofoldestmessage', 'ApproximateAgeOfOldestMessage', 'QueueName', 'Maximum', 'depends', 60, '15/15', 'GTE'],
    ['sqs-approximatenumberofmessagesnotvisible', 'ApproximateNumberOfMessagesNotVisible', 'QueueName', 'Average', 'depends', 60, '15/15', 'GTE'],
    ['sqs-approximatenumberofmessagesvisible', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'Average', 'depends', 60, '15/15', 'GTE'],
    ['sqs-numberofmessagessent', 'NumberOfMessagesSent', 'QueueName', 'Sum', 0, 60, '15/15', 'LTE'],
  ]),
  ...section("Site-to-Site VPN", '#VPN', 'AWS/VPN', [
    ['vpn-tunnelstate-vpnid', 'TunnelState', 'VpnId', 'Minimum', 1, 300, '3/3', 'LT'],
    ['vpn-tunnelstate-tunnelipaddress', 'TunnelState', 'TunnelIpAddress', 'Minimum', 1, 300, '3/3', 'LT'],
  ]),
];

/**
 * Entries no kind should implement, with the reason: an entry that never applies (one that needs a baseline nobody
 * has at deploy time), or one that duplicates another entry a row implements.
 */
export const EXCLUDED: Readonly<Record<string, string>> = {
  'ecs-ci-taskcpuutilization-service':
    'Same alarm as ecs-ci-enhanced-taskcpuutilization (same metric, dimensions ClusterName and ServiceName, statistic, 80 % and 5 of 5 minutes): the ecsService row `taskCpu` implements that one, and two alarms on one metric would only double the notifications.',
  'ecs-ci-taskmemoryutilization-service':
    "Same alarm as ecs-ci-enhanced-taskmemoryutilization (same metric, dimensions ClusterName and ServiceName, statistic, 80 % and 5 of 5 minutes) except its comparison: this entry's GreaterThanThreshold is the intent, which the row follows, the enhanced entry's LessThanOrEqualToThreshold is a slip on AWS's page: the ecsService row `taskMemory` implements that one, and two alarms on one metric would only double the notifications.",
  'ecs-ci-taskephemeralstorageutilization-service':
    'Same alarm as ecs-ci-enhanced-taskephemeralstorageutilization (same metric, dimensions ClusterName and ServiceName, statistic, 80 % and 5 of 5 minutes): the ecsService row `taskEphemeralStorage` implements that one, and two alarms on one metric would only double the notifications.',
};

/**
 * Entries waiting for a kind (by its future telemetry.yaml key) or, for a kind that exists, for an option it
 * lacks (`needs`). A test fails when a planned kind is added without resolving its entries.
 */
export const PLANNED: Readonly<Record<string, { readonly kind: string; readonly needs?: string }>> = {};
