import { run } from '../helpers/cli';

describe('cdk-telemetry catalog', () => {
  test('--format json: structured rows, with the AWS entry each implements', async () => {
    const r = await run('catalog', '--format', 'json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(rows.find((x) => x.kind === 'lambda' && x.id === 'duration')).toEqual({
      kind: 'lambda',
      id: 'duration',
      signal: 'duration',
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions: ['FunctionName'],
      statistic: 'p90',
      period: 60,
      datapoints: 15,
      evaluationPeriods: 15,
      comparison: 'GreaterThanThreshold',
      threshold: { param: 'timeout', factor: 0.9, default: 3000 },
      unit: 'ms',
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      source: expect.stringMatching(/#Lambda$/),
      awsEntry: 'lambda-duration',
      differs: [],
      why: expect.stringContaining('timeout'),
    });
    expect(rows.find((x) => x.kind === 'restApi' && x.id === 'serverErrorRate')).toMatchObject({
      metricName: '5XXError',
      statistic: 'Sum',
      rate: { denominator: { metricName: 'Count', statistic: 'SampleCount' }, minRequestsDefault: 10 },
      threshold: 5,
      awsEntry: 'apigateway-rest-5xxerror',
      differs: ['statistic', 'threshold'],
    });
    expect(rows.find((x) => x.kind === 'sqsDlq')).toMatchObject({ awsEntry: null });
    expect(new Set(rows.map((x) => x.kind))).toEqual(
      new Set(
        ['lambda', 'lambdaAccount', 'restApi', 'restApiRoute', 'httpApi', 'httpApiRoute', 'dynamodb']
          .concat([
            'dynamodbOperation',
            'dynamodbIndex',
            'dynamodbAccount',
            'sqs',
            'sqsDlq',
            'sns',
            'snsAccount',
            'stepFunctions',
          ])
          .concat(
            ['lambdaInsights', 'lambdaAsync', 'lambdaStream', 'ec2Instance', 'ec2InstanceAgent', 'ebsVolume'],
            ['ebsAttachment', 'autoScalingGroup', 'ecsCluster', 'ecsClusterInsights', 'ecsService'],
            ['ecsServiceInsights', 'ecsContainer', 'ecsServiceConnect', 'eksCluster', 'eksClusterInsights'],
            ['eksService', 'lambdaEventSourceMapping', 'codeBuild', 'appRunner', 'sagemakerEndpoint'],
            ['dynamodbKinesis', 'dynamodbReplica', 'rdsInstance', 'auroraCluster', 'elasticache'],
            [
              'elasticacheNode',
              'efs',
              's3',
              's3Replication',
              's3ObjectLambda',
              'openSearch',
              'redshift',
              'documentDb',
              'glueJob',
              'memoryDb',
            ],
            [
              'kinesis',
              'kinesisConsumer',
              'scheduler',
              'schedulerAccount',
              'eventRule',
              'eventRuleCustomBus',
              'eventBus',
            ],
            ['pipe', 'firehose', 'ses', 'sesAccount', 'msk', 'mskBroker', 'amazonMq'],
            [
              'certificate',
              'cloudfront',
              'cloudfrontFunction',
              'cognito',
              'cognitoFederation',
              'route53HealthCheck',
              'websocketApi',
              'websocketApiRoute',
              'applicationLoadBalancer',
              'applicationLoadBalancerTargetGroup',
              'appSync',
              'wafWebAcl',
              'wafWebAclCloudFront',
              'natGateway',
              'vpcEndpoint',
              'vpcEndpointService',
              'vpnConnection',
              'vpnTunnel',
              'networkLoadBalancer',
              'networkLoadBalancerTargetGroup',
              'transitGateway',
              'canary',
            ],
          ),
      ),
    );
  });

  test('--coverage: the tally of AWS’s list by section', async () => {
    const r = await run('catalog', '--coverage');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe("Coverage of AWS's recommended alarms (CloudWatch User Guide)");
    expect(lines[2]).toMatch(
      /^146 entries, \d+ implemented \(\d+ on by default\), \d+ excluded, \d+ planned, 0 missing$/,
    );
    expect(lines.find((l) => l.startsWith('Amazon SNS'))?.split(/\s{2,}/)).toEqual([
      'Amazon SNS',
      '9',
      '9',
      '5',
      '0',
      '0',
      '0',
    ]);
    expect(lines.find((l) => l.startsWith('Total'))).toMatch(/^Total\s+146\s/);
  });

  test('--coverage --format json: every entry with its status', async () => {
    const r = await run('catalog', '--coverage', '--format', 'json');
    const doc = JSON.parse(r.out) as {
      total: Record<string, number>;
      sections: unknown[];
      entries: Array<Record<string, unknown>>;
    };
    expect(doc.total.entries).toBe(146);
    expect(doc.sections).toHaveLength(28);
    expect(doc.entries).toHaveLength(146);
    expect(doc.entries.find((e) => e.id === 'sns-smssuccessrate')).toEqual({
      id: 'sns-smssuccessrate',
      section: 'Amazon SNS',
      status: 'implemented',
      kind: 'snsAccount',
      row: 'smsSuccessRate',
      enabled: false,
      differs: ['dimensions', 'comparison'],
    });
    expect(doc.entries.find((e) => e.id === 'rds-cpuutilization')).toMatchObject({
      status: 'implemented',
      kind: 'rdsInstance',
      row: 'cpu',
    });
  });

  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    '--kind %s is a usage error: one line, exit 2',
    async (kind) => {
      const r = await run('catalog', '--kind', kind);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        new RegExp(`^error: --kind "${kind}" is not a kind \\(allowed: lambda, [^\\n]+\\)\\n$`),
      );
    },
  );

  test('--coverage with --kind is a usage error', async () => {
    const r = await run('catalog', '--coverage', '--kind', 'sns');
    expect(r).toMatchObject({ code: 2, err: 'error: --coverage lists every kind: leave out --kind\n' });
  });
});
