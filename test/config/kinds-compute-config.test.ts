import { configErrorOf } from '../helpers/config-error';
import { alarms, config, dims } from '../helpers/kinds-config';

describe('compute and container kinds from telemetry.yaml', () => {
  const specs = alarms(
    config(`    ec2Instance:
      - { id: i-0123456789abcdef0, label: web, instanceType: t2.micro }
    ebsVolume:
      - { id: vol-0123456789abcdef0, label: data, type: gp3 }
      - { id: vol-0123456789abcdef1, label: logs, type: gp2, instance: i-0123456789abcdef0 }
    autoScalingGroup:
      - { name: workers, minCapacity: 0 }
      - { name: frontends, minCapacity: 3 }
    ecsCluster:
      - { name: main, containerInsights: enabled }
    ecsService:
      - { name: api, cluster: main, containerInsights: enabled, launchType: fargate, desiredCount: 0, containers: [app] }
      - { name: jobs, cluster: main, containerInsights: enhanced, launchType: fargate, ephemeralStorage: 50, containers: [worker] }
    eksCluster:
      - { name: platform, containerInsights: true, services: [shop/orders] }
    lambdaEventSourceMapping:
      - { uuid: 14e0db71-5d35-4eb5-b481-000000000001, label: clicks, source: sqs }
    lambda:
      - { name: f, async: true }
      - { name: g, insights: true, async: { destinations: true, maxEventAge: 10m }, stream: { maxIteratorAge: 5m } }`),
  );
  const names = [...specs.keys()];
  const of = (prefix: string) => names.filter((n) => n.startsWith(`demo-svc-${prefix}-`));

  test("EC2: AWS's three entries, and a standard-mode t2 instance's CPU credit balance (2 hours of credits)", () => {
    expect(of('web')).toEqual(
      expect.arrayContaining([
        'demo-svc-web-cpu-warning',
        'demo-svc-web-statusCheckFailed-warning',
        'demo-svc-web-attachedEbsCheckFailed-warning',
      ]),
    );
    expect(specs.get('demo-svc-web-cpuCreditBalance-warning')).toMatchObject({
      threshold: 12,
      comparison: 'LessThanThreshold',
    });
  });

  test('EBS: burst balance only for gp2, the stalled-IO check only with the attached instance', () => {
    expect(of('data')).toEqual([
      'demo-svc-data-iopsExceeded-warning',
      'demo-svc-data-throughputExceeded-warning',
    ]);
    expect(dims(specs.get('demo-svc-logs-stalledIo-warning'))).toEqual({
      VolumeId: 'vol-0123456789abcdef1',
      InstanceId: 'i-0123456789abcdef0',
    });
    expect(names).toContain('demo-svc-logs-burstBalance-warning');
  });

  test('Auto Scaling: in-service capacity below the minimum; none for a group that may scale to 0', () => {
    expect(names).not.toContain('demo-svc-workers-inServiceCapacity-warning');
    expect(specs.get('demo-svc-frontends-inServiceCapacity-warning')).toMatchObject({
      threshold: 3,
      comparison: 'LessThanThreshold',
      evaluationPeriods: 10,
    });
  });

  test('ECS: Container Insights decides the rows; enhanced adds task and container utilization', () => {
    // Standard Container Insights: no task/container utilization (enhanced-only metrics), no running-task alarm
    // for a service scaled to 0.
    expect(of('main-api')).toEqual([
      'demo-svc-main-api-cpu-warning',
      'demo-svc-main-api-memory-warning',
      'demo-svc-main-api-ephemeralStorage-warning',
    ]);
    expect(specs.get('demo-svc-main-api-ephemeralStorage-warning')?.threshold).toBe(18);
    expect(specs.get('demo-svc-main-jobs-ephemeralStorage-warning')?.threshold).toBe(45);
    expect(specs.get('demo-svc-main-jobs-runningTasks-critical')).toMatchObject({
      comparison: 'LessThanOrEqualToThreshold',
      threshold: 0,
    });
    // AWS's enhanced memory entries say LessThanOrEqualToThreshold; high memory is the intent.
    expect(specs.get('demo-svc-main-jobs-taskMemory-warning')?.comparison).toBe('GreaterThanThreshold');
    expect(dims(specs.get('demo-svc-main-jobs-worker-containerMemory-warning'))).toEqual({
      ClusterName: 'main',
      ServiceName: 'jobs',
      ContainerName: 'worker',
    });
    expect(names.filter((n) => n.startsWith('demo-svc-main-') && n.includes('clusterTask'))).toEqual([]);
  });

  test('EKS: node utilization by cluster, pods over their limits by Namespace and Service', () => {
    expect(dims(specs.get('demo-svc-platform-shop-orders-podMemoryOverLimit-warning'))).toEqual({
      ClusterName: 'platform',
      Namespace: 'shop',
      Service: 'orders',
    });
    expect(specs.get('demo-svc-platform-nodeFilesystem-warning')?.source).toMatchObject({
      metric: { namespace: 'ContainerInsights', metricName: 'node_filesystem_utilization' },
    });
  });

  test('Lambda options: async rows only where the function has them, event age from the maximum age', () => {
    expect(of('f').filter((n) => /async|deadLetter|destination|memoryUtil|iterator/.test(n))).toEqual([
      'demo-svc-f-asyncEventsDropped-warning',
      'demo-svc-f-asyncEventAge-warning',
    ]);
    expect(specs.get('demo-svc-g-asyncEventAge-warning')?.threshold).toBe(300_000); // half of 10 min
    expect(names).toContain('demo-svc-g-destinationDeliveryFailures-warning');
    expect(names).toContain('demo-svc-g-memoryUtilization-warning');
    expect(specs.get('demo-svc-g-iteratorAge-warning')?.threshold).toBe(300_000);
  });

  test('event-source mapping: by EventSourceMappingUUID', () => {
    expect(dims(specs.get('demo-svc-clicks-failedInvokeEvents-warning'))).toEqual({
      EventSourceMappingUUID: '14e0db71-5d35-4eb5-b481-000000000001',
    });
  });

  test('bad values: one line naming the field and the range', () => {
    expect(configErrorOf(config('    autoScalingGroup:\n      - { name: w, minCapacity: -1 }'))).toBe(
      'telemetry.yaml:5:20: services[0].autoScalingGroup[0].minCapacity: must be a whole number from 0 to 100,000',
    );
    expect(configErrorOf(config('    lambda:\n      - { name: f, async: { maxEventAge: 7h } }'))).toContain(
      'services[0].lambda[0].async.maxEventAge: "7h" is out of range: write a duration from 1m to 6h',
    );
    expect(configErrorOf(config('    ebsVolume:\n      - { id: disk1 }'))).toContain(
      'services[0].ebsVolume[0].id: looks like vol-0123456789abcdef0',
    );
    expect(
      configErrorOf(config('    ec2Instance:\n      - { id: i-0123456789abcdef0, cpuCredits: fast }')),
    ).toContain('services[0].ec2Instance[0].cpuCredits');
  });

  test('CodeBuild: failed builds, and builds at 80 % of the project timeout (seconds)', () => {
    const build = alarms(
      config(
        '    codeBuild:\n      - orders-build\n      - { name: nightly, timeout: 2h, alarms: { cpu: { enabled: true } } }',
      ),
    );
    expect([...build.keys()]).toEqual([
      'demo-svc-orders-build-failedBuilds-warning',
      'demo-svc-orders-build-duration-warning',
      'demo-svc-orders-build-memory-warning',
      'demo-svc-nightly-failedBuilds-warning',
      'demo-svc-nightly-duration-warning',
      'demo-svc-nightly-memory-warning',
      'demo-svc-nightly-cpu-info',
    ]);
    expect(build.get('demo-svc-orders-build-duration-warning')?.threshold).toBe(2880); // 80 % of 60 min
    expect(build.get('demo-svc-nightly-duration-warning')?.threshold).toBe(5760);
    expect(dims(build.get('demo-svc-nightly-failedBuilds-warning'))).toEqual({ ProjectName: 'nightly' });
    expect(configErrorOf(config('    codeBuild:\n      - { name: bb, timeout: 2m }'))).toContain(
      'services[0].codeBuild[0].timeout: "2m" is out of range: write a duration from 5m to 36h',
    );
  });

  test('App Runner: by ServiceName and ServiceID, the 5xx rate pages, latency from the entry', () => {
    const id = '0123456789abcdef0123456789abcdef';
    const runner = alarms(config(`    appRunner:\n      - { name: storefront, id: ${id}, latency: 800ms }`));
    expect([...runner.keys()]).toEqual([
      'demo-svc-storefront-serverErrorRate-critical',
      'demo-svc-storefront-latency-warning',
      'demo-svc-storefront-cpu-warning',
      'demo-svc-storefront-memory-warning',
    ]);
    const rate = runner.get('demo-svc-storefront-serverErrorRate-critical');
    expect(rate?.source.type).toBe('math');
    expect(dims(rate)).toEqual({ ServiceName: 'storefront', ServiceID: id });
    expect(runner.get('demo-svc-storefront-latency-warning')).toMatchObject({
      threshold: 800,
      source: { stat: 'p90' },
    });
    expect(runner.get('demo-svc-storefront-memory-warning')).toMatchObject({
      threshold: 80,
      evaluationPeriods: 15,
    });
    expect(configErrorOf(config('    appRunner:\n      - { name: s, id: abc }'))).toContain(
      'services[0].appRunner[0].id: "abc" does not look like a 32-digit hexadecimal service id',
    );
  });

  test('SageMaker: one resource per variant, model latency in microseconds near the 60 s timeout', () => {
    const sm = alarms(
      config(
        '    sagemakerEndpoint:\n      - recommend\n      - { name: ranker, variants: [blue, green], latency: 200ms, alarms: { disk: { enabled: false } } }',
      ),
    );
    expect([...sm.keys()]).toEqual([
      'demo-svc-recommend-errorRate-critical',
      'demo-svc-recommend-modelLatency-warning',
      'demo-svc-recommend-memory-warning',
      'demo-svc-recommend-disk-warning',
      'demo-svc-ranker-blue-errorRate-critical',
      'demo-svc-ranker-blue-modelLatency-warning',
      'demo-svc-ranker-blue-memory-warning',
      'demo-svc-ranker-green-errorRate-critical',
      'demo-svc-ranker-green-modelLatency-warning',
      'demo-svc-ranker-green-memory-warning',
    ]);
    expect(dims(sm.get('demo-svc-recommend-errorRate-critical'))).toEqual({
      EndpointName: 'recommend',
      VariantName: 'AllTraffic',
    });
    expect(sm.get('demo-svc-recommend-modelLatency-warning')?.threshold).toBe(54_000_000);
    expect(sm.get('demo-svc-ranker-green-modelLatency-warning')?.threshold).toBe(180_000);
    expect(sm.get('demo-svc-ranker-blue-memory-warning')).toMatchObject({
      source: {
        metric: {
          namespace: '/aws/sagemaker/Endpoints',
          dimensions: { EndpointName: 'ranker', VariantName: 'blue' },
        },
      },
    });
    expect(configErrorOf(config('    sagemakerEndpoint:\n      - { name: e, variants: [-bad] }'))).toContain(
      'services[0].sagemakerEndpoint[0].variants[0]: a variant name is 1-63 letters, digits and "-"',
    );
  });
});
