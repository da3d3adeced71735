import { Template } from 'aws-cdk-lib/assertions';
import { estimateCost } from '../../lib/tools/cost/estimate';
import { runsPerMonth } from '../../lib/tools/cost/items/canaries';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { synthConfig, resourcesOfType } from '../helpers/synth';

const CONFIG = `
app: shop
alerting:
  critical: { email: [oncall@shop.example] }
services:
  - name: api
    restApi: [{ name: shop-api, stage: prod }]
    canary:
      - name: shop-api-health
        url: https://api.shop.example/health
        contains: '"ok"'
        every: 1m
        timeout: 30s
      - name: shop-api-orders
        url: https://api.shop.example/orders
        method: HEAD
        status: 401
        every: 10m
      - legacy-checkout
    slos:
      - name: uptime
        objective: 99.9
        availability: { resource: shop-api-health }
`;

describe('uptime canaries', () => {
  const synth = synthConfig(CONFIG);
  const uptime = synth.stacks.uptime!;
  const t = synth.template(uptime);
  const canaries = resourcesOfType(t, 'AWS::Synthetics::Canary');

  it('creates one canary per check, none for the canary it only monitors', () => {
    expect(Object.values(canaries).map((c) => c.Properties!.Name)).toEqual([
      'shop-api-health',
      'shop-api-orders',
    ]);
  });

  it('runs on the schedule and timeout of the check, on the current runtime, cleaning up its functions', () => {
    const health = Object.values(canaries)[0].Properties!;
    expect(health).toMatchObject({
      RuntimeVersion: 'syn-nodejs-playwright-6.0',
      Schedule: { Expression: 'rate(1 minute)' },
      RunConfig: { TimeoutInSeconds: 30 },
      ProvisionedResourceCleanup: 'AUTOMATIC',
      ArtifactConfig: { S3Encryption: { EncryptionMode: 'SSE_S3' } },
      SuccessRetentionPeriod: 31,
      FailureRetentionPeriod: 31,
    });
    expect(Object.values(canaries)[1].Properties).toMatchObject({
      Schedule: { Expression: 'rate(10 minutes)' },
      RunConfig: { TimeoutInSeconds: 60 },
    });
  });

  it('keeps artifacts in a retained, encrypted bucket', () => {
    const buckets = resourcesOfType(t, 'AWS::S3::Bucket');
    for (const b of Object.values(buckets)) {
      expect(b.DeletionPolicy).toBe('Retain');
      expect(JSON.stringify(b.Properties)).toContain('ServerSideEncryptionConfiguration');
    }
  });

  it('gives each canary a role limited to its prefix and log groups', () => {
    const roles = resourcesOfType(t, 'AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(2);
    const text = JSON.stringify(Object.values(roles)[0].Properties);
    expect(text).toContain('canaries/shop-api-health/*');
    expect(text).toContain('/aws/lambda/cwsyn-shop-api-health-*');
    expect(text).not.toContain('shop-api-orders');
  });

  it('alarms every canary: failed runs page, slow runs and a stopped canary warn', () => {
    const mon = synth.stacks.monitoring[0];
    const alarms = Object.values(resourcesOfType(synth.template(mon), 'AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties!)
      .filter((p) => p.Namespace === 'CloudWatchSynthetics');
    const by = (name: string, metric: string) =>
      alarms.find(
        (a) =>
          a.MetricName === metric &&
          JSON.stringify(a.Dimensions).includes(`"${name}"`) &&
          (metric !== 'SuccessPercent' || a.Statistic === 'Average'),
      );
    expect(by('shop-api-health', 'SuccessPercent')).toMatchObject({
      Threshold: 90,
      ComparisonOperator: 'LessThanThreshold',
      Period: 60,
      EvaluationPeriods: 2,
    });
    expect(by('shop-api-orders', 'SuccessPercent')).toMatchObject({ Period: 600 });
    expect(by('shop-api-health', 'Duration')).toMatchObject({ Threshold: 24000 });
    expect(by('legacy-checkout', 'SuccessPercent')).toBeDefined();
    expect(alarms.filter((a) => a.Statistic === 'SampleCount')).toHaveLength(3);
  });

  it('makes the canary the availability SLI of an SLO: failed runs over all runs', () => {
    const mon = synth.stacks.monitoring[0];
    const text = JSON.stringify(synth.template(mon));
    expect(text).toContain('"MetricName":"Failed"');
    expect(
      Template.fromJSON(synth.template(mon)).findResources('AWS::CloudWatch::CompositeAlarm'),
    ).toBeDefined();
  });

  it('prices canary runs per run, from the schedule, with the free runs once', () => {
    const cost = estimateCost(readCloudAssembly(synth.assembly.directory));
    const lines = cost.lines.filter((l) => l.item === 'Synthetics canary runs');
    expect(lines.map((l) => [l.resource, l.quantity])).toEqual([
      ['shop-api-health', 43_800],
      ['shop-api-orders', 4_380],
    ]);
    expect(lines[0].monthly).toBeCloseTo(43_800 * 0.0012, 6);
    expect(cost.freeTier.find((c) => c.pool === 'canaryRuns')).toMatchObject({ quantity: 100 });
    expect(cost.assumptions.join('\n')).toContain('per canary run');
  });
});

describe('canary runs a month', () => {
  it.each([
    ['rate(1 minute)', 43_800],
    ['rate(5 minutes)', 8_760],
    ['rate(1 hour)', 730],
    ['rate(0 minutes)', 0],
    ['cron(0 * * * ? *)', undefined],
  ])('%s → %s', (expression, runs) => expect(runsPerMonth(expression)).toBe(runs));
});
