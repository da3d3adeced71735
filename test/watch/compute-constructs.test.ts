import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apprunner from 'aws-cdk-lib/aws-apprunner';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { entryFromConstruct } from '../../lib/watch/entry-from-construct';
import { entriesOf, monitorConstructs } from '../helpers/construct-entries';
import { computeStack } from './compute-constructs.fixture';

describe('entryFromConstruct: compute and container constructs', () => {
  const s = computeStack();
  const { ref, entry } = entriesOf(s.stack);
  const esm = s.stack.node
    .findAll()
    .find((c) => (c as { cfnResourceType?: string }).cfnResourceType === 'AWS::Lambda::EventSourceMapping')!;

  test('EC2 instance: by InstanceId, its instance type (burstable: credit rows follow it)', () => {
    expect(entry(s.bastion)).toEqual({
      kind: 'ec2Instance',
      entry: { id: { Ref: expect.stringMatching(/^Bastion/) }, label: 'Bastion', instanceType: 't3.micro' },
    });
  });

  test('EBS volume: its type and the instance it is attached to (for the stalled-IO check)', () => {
    expect(entry(s.volume)).toEqual({
      kind: 'ebsVolume',
      entry: {
        id: { Ref: expect.stringMatching(/^Data/) },
        label: 'Data',
        type: 'gp2',
        instance: { Ref: expect.stringMatching(/^Bastion/) },
      },
    });
  });

  test('Auto Scaling group: its minimum and whether group metrics are collected', () => {
    expect(entry(s.workers).entry).toMatchObject({ label: 'Workers', minCapacity: 2, groupMetrics: true });
  });

  test('ECS: Container Insights from the cluster, desired count, CPU, memory and containers from the service', () => {
    expect(entry(s.cluster).entry).toMatchObject({ label: 'Cluster', containerInsights: 'enhanced' });
    const service = entry(s.service);
    expect(service.kind).toBe('ecsService');
    // A Fargate service without EBS volumes: no EBS rows (the L2 sets volume configurations lazily).
    expect(service.entry).toEqual({
      name: { 'Fn::GetAtt': [expect.stringMatching(/^ApiService/), 'Name'] },
      cluster: { Ref: ref(s.cluster) },
      label: 'Api',
      launchType: 'fargate',
      desiredCount: 2,
      cpu: 512,
      memory: 1024,
      containers: ['app'],
      containerInsights: 'enhanced',
    });
  });

  test('EKS: Container Insights from the amazon-cloudwatch-observability add-on', () => {
    expect(entry(s.eksCluster)).toEqual({
      kind: 'eksCluster',
      entry: { name: { Ref: 'Platform' }, label: 'Platform', containerInsights: true },
    });
  });

  test('Lambda: Insights layer, dead-letter queue, maximum event age and stream sources read from the function', () => {
    expect(entry(s.fn).entry).toMatchObject({
      label: 'Worker',
      insights: true,
      async: { deadLetterQueue: true, maxEventAge: '1200s' },
      stream: true,
    });
    // A plain function has none of them: no Insights, async or stream rows.
    expect(entry(s.plain).entry).toEqual({ name: { Ref: ref(s.plain) }, label: 'Plain', timeout: '3s' });
  });

  test('event-source mapping: by its UUID, its source and whether its metrics are on', () => {
    expect(entry(esm)).toMatchObject({
      kind: 'lambdaEventSourceMapping',
      entry: { source: 'kinesis', metrics: true },
    });
  });

  test('event-source mapping without EventCount: not watched, a warning on the construct says why', () => {
    const stack = new Stack(new App(), 'NoMetrics');
    const m = new lambda.CfnEventSourceMapping(stack, 'Mapping', {
      functionName: 'fn',
      eventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:q',
    });
    expect(entryFromConstruct(m)).toBeUndefined();
    Annotations.fromStack(stack).hasWarning(
      '/NoMetrics/Mapping',
      Match.stringLikeRegexp('not watched: this event-source mapping publishes no metrics'),
    );
  });

  test('event-source mapping (L2) without EventCount: asked about the L2 and its L1, one warning, on the L2', () => {
    const stack = new Stack(new App(), 'NoMetricsL2');
    const m = new lambda.EventSourceMapping(stack, 'Mapping', {
      target: lambda.Function.fromFunctionName(stack, 'Fn', 'fn'),
      eventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:q',
    });
    expect(entryFromConstruct(m)).toBeUndefined();
    expect(entryFromConstruct(m.node.defaultChild!)).toBeUndefined();
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('not watched: this event-source mapping publishes no metrics'),
    );
    expect(warnings.map((w) => w.id)).toEqual(['/NoMetricsL2/Mapping']);
  });

  test('CodeBuild: by project name (Ref), its timeout', () => {
    expect(entry(s.build)).toEqual({
      kind: 'codeBuild',
      entry: { name: { Ref: ref(s.build) }, label: 'Build', timeout: '90m' },
    });
  });

  test('App Runner (L1): by name and service id; without a serviceName it is not watched, and says why', () => {
    const stack = new Stack(new App(), 'Runner');
    const source = {
      imageRepository: {
        imageIdentifier: 'public.ecr.aws/nginx/nginx:latest',
        imageRepositoryType: 'ECR_PUBLIC',
      },
    };
    const named = new apprunner.CfnService(stack, 'Storefront', {
      serviceName: 'storefront',
      sourceConfiguration: source,
    });
    const unnamed = new apprunner.CfnService(stack, 'Unnamed', { sourceConfiguration: source });
    expect(stack.resolve(entryFromConstruct(named))).toEqual({
      kind: 'appRunner',
      entry: { name: 'storefront', id: { 'Fn::GetAtt': ['Storefront', 'ServiceId'] }, label: 'Storefront' },
    });
    expect(entryFromConstruct(unnamed)).toBeUndefined();
    Annotations.fromStack(stack).hasWarning(
      '/Runner/Unnamed',
      Match.stringLikeRegexp('give this App Runner service a `serviceName`'),
    );
  });

  test("SageMaker endpoint (L1): by name, with its configuration's production variants", () => {
    const stack = new Stack(new App(), 'Models');
    const variant = (variantName: string) => ({
      variantName,
      modelName: 'ranker-model',
      initialInstanceCount: 1,
      instanceType: 'ml.m5.large',
    });
    const config = new sagemaker.CfnEndpointConfig(stack, 'RankerConfig', {
      productionVariants: [variant('blue'), variant('green')],
    });
    const named = new sagemaker.CfnEndpoint(stack, 'Ranker', {
      endpointName: 'ranker',
      endpointConfigName: config.attrEndpointConfigName,
    });
    const generated = new sagemaker.CfnEndpoint(stack, 'Generated', {
      endpointConfigName: 'existing-config',
    });
    expect(stack.resolve(entryFromConstruct(named))).toEqual({
      kind: 'sagemakerEndpoint',
      entry: { name: 'ranker', label: 'Ranker', variants: ['blue', 'green'] },
    });
    expect(stack.resolve(entryFromConstruct(generated))).toEqual({
      kind: 'sagemakerEndpoint',
      entry: { name: { 'Fn::GetAtt': ['Generated', 'EndpointName'] }, label: 'Generated' },
    });
  });

  test('the entries plan alarms with dimensions and thresholds from the constructs', () => {
    const { spec, names } = monitorConstructs(s.stack, 'compute', [
      s.bastion,
      s.volume,
      s.workers,
      s.cluster,
      s.service,
      s.eksCluster,
      s.fn,
      s.plain,
      esm,
    ]);
    // Only the Worker has Insights, async and stream rows; the Plain function keeps exactly its old alarms.
    expect(names.filter((n) => n.startsWith('shop-compute-Plain-'))).toEqual([
      'shop-compute-Plain-errorRate-critical',
      'shop-compute-Plain-errors-warning',
      'shop-compute-Plain-throttles-warning',
      'shop-compute-Plain-duration-warning',
      'shop-compute-Plain-concurrency-warning',
      'shop-compute-Plain-latencyBudget-warning',
      'shop-compute-Plain-latencyBudget-critical',
    ]);
    expect(spec('shop-compute-Worker-memoryUtilization-warning')).toMatchObject({
      threshold: 90,
      metric: {
        namespace: 'LambdaInsights',
        metricName: 'memory_utilization',
        dimensions: { function_name: {} },
      },
    });
    // Maximum event age 20 min (< 30 min): half of it.
    expect(spec('shop-compute-Worker-asyncEventAge-warning').threshold).toBe(600_000);
    // A dead-letter queue but no destinations: no destination alarm.
    expect(names).toContain('shop-compute-Worker-deadLetterErrors-warning');
    expect(names).not.toContain('shop-compute-Worker-destinationDeliveryFailures-warning');
    expect(spec('shop-compute-Worker-iteratorAge-warning').threshold).toBe(3_600_000);
    expect(spec('shop-compute-Workers-inServiceCapacity-warning')).toMatchObject({
      threshold: 2,
      comparison: 'LessThanThreshold',
    });
    expect(spec('shop-compute-Data-stalledIo-warning').metric.dimensions).toEqual({
      VolumeId: { Ref: ref(s.volume) },
      InstanceId: { Ref: expect.stringMatching(/^Bastion/) },
    });
    // 90 % of Fargate's default 20 GiB of ephemeral storage.
    expect(spec('shop-compute-Api-ephemeralStorage-warning').threshold).toBe(18);
    expect(spec('shop-compute-Api-app-containerMemory-warning')).toMatchObject({
      comparison: 'GreaterThanThreshold',
      metric: { namespace: 'ECS/ContainerInsights', dimensions: { ContainerName: 'app' } },
    });
    expect(names).not.toContain('shop-compute-Api-ebsFilesystem-warning');
    expect(spec('shop-compute-Platform-nodeMemory-warning').metric).toMatchObject({
      namespace: 'ContainerInsights',
      dimensions: { ClusterName: { Ref: 'Platform' } },
    });
    // t3 instances are unlimited by default: surplus credits inform, a standard-mode balance row stays off.
    expect(names).toContain('shop-compute-Bastion-cpuSurplusCreditsCharged-info');
    expect(names).not.toContain('shop-compute-Bastion-cpuCreditBalance-warning');
  });
});
