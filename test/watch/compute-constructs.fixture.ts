import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/** A user's stack with one construct of every compute kind, as a new user would write it. */
export function computeStack() {
  const app = new App();
  const stack = new Stack(app, 'Compute', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const image = ec2.MachineImage.latestAmazonLinux2023();
  const bastion = new ec2.Instance(stack, 'Bastion', {
    vpc,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: image,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  });
  const volume = new ec2.Volume(stack, 'Data', {
    availabilityZone: bastion.instanceAvailabilityZone,
    size: Size.gibibytes(100),
    volumeType: ec2.EbsDeviceVolumeType.GP2,
  });
  new ec2.CfnVolumeAttachment(stack, 'DataAttachment', {
    instanceId: bastion.instanceId,
    volumeId: volume.volumeId,
    device: '/dev/sdf',
  });
  const workers = new autoscaling.AutoScalingGroup(stack, 'Workers', {
    vpc,
    instanceType: new ec2.InstanceType('m7g.large'),
    machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.ARM),
    minCapacity: 2,
    maxCapacity: 6,
    groupMetrics: [autoscaling.GroupMetrics.all()],
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', {
    vpc,
    containerInsightsV2: ecs.ContainerInsights.ENHANCED,
  });
  const task = new ecs.FargateTaskDefinition(stack, 'ApiTask', { cpu: 512, memoryLimitMiB: 1024 });
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27') });
  const service = new ecs.FargateService(stack, 'Api', { cluster, taskDefinition: task, desiredCount: 2 });
  const eksCluster = new eks.CfnCluster(stack, 'Platform', {
    name: 'platform',
    roleArn: 'arn:aws:iam::111122223333:role/eks',
    resourcesVpcConfig: { subnetIds: vpc.privateSubnets.map((s) => s.subnetId) },
  });
  new eks.CfnAddon(stack, 'Observability', {
    clusterName: eksCluster.ref,
    addonName: 'amazon-cloudwatch-observability',
  });
  const code = lambda.Code.fromInline('exports.handler = async () => ({ ok: true });');
  const stream = new kinesis.Stream(stack, 'Clicks');
  const dlq = new sqs.Queue(stack, 'WorkerDlq', { enforceSSL: true });
  const fn = new lambda.Function(stack, 'Worker', {
    runtime: lambda.Runtime.NODEJS_LATEST,
    handler: 'index.handler',
    code,
    timeout: Duration.seconds(30),
    deadLetterQueue: dlq,
    maxEventAge: Duration.minutes(20),
    insightsVersion: lambda.LambdaInsightsVersion.VERSION_1_0_333_0,
  });
  fn.addEventSource(
    new KinesisEventSource(stream, {
      startingPosition: lambda.StartingPosition.LATEST,
      metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
    }),
  );
  const plain = new lambda.Function(stack, 'Plain', {
    runtime: lambda.Runtime.NODEJS_LATEST,
    handler: 'i.h',
    code,
  });
  const build = new codebuild.Project(stack, 'Build', {
    buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }),
    timeout: Duration.minutes(90),
  });
  return { app, stack, build, bastion, volume, workers, cluster, service, eksCluster, fn, plain };
}
