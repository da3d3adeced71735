import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { evaluate } from '../../lib/tools/read/intrinsics';
import { sharedApp } from '../helpers/shared-synth';

describe('reading the synthesized example app back', () => {
  const { stacks, assembly } = sharedApp('example');
  const read = readCloudAssembly(assembly.directory);

  test('finds every stack and no problems', () => {
    expect(read.problems).toEqual([]);
    expect(read.stacks.map((s) => s.stackName).sort()).toEqual(stacks.all.map((s) => s.stackName).sort());
  });

  test('round trip: every alarm parsed back equals the AlarmSpec it was rendered from', () => {
    const planned = [
      ...stacks.plan.account,
      ...stacks.plan.services.flatMap((s) => [...s.alarms, ...s.composites]),
      ...(stacks.product?.alarms ?? []),
    ];
    const parsed = read.stacks.flatMap((s) => s.alarms);
    expect(parsed.flatMap((a) => a.notes)).toEqual([]);
    expect(parsed.every((a) => a.severitySource === 'metadata')).toBe(true);
    const byName = new Map(parsed.map((a) => [a.spec.name, a.spec]));
    expect(byName.size).toBe(planned.length);
    for (const spec of planned) expect(byName.get(spec.name)).toEqual(spec);
  });

  test('stack tags come from the manifest', () => {
    expect(read.stacks[0].tags).toMatchObject({ app: 'sophie', team: 'tasks' });
  });
});

describe('alarms this project did not create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-'));
  const template = {
    Parameters: { Limit: { Type: 'Number', Default: 42 }, NoDefault: { Type: 'Number' } },
    Resources: {
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'ops-pager' } },
      HandWritten: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: 'orders-5xx-critical',
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Threshold: { Ref: 'Limit' },
          EvaluationPeriods: 2,
          MetricName: '5XXError',
          Namespace: 'AWS/ApiGateway',
          Dimensions: [{ Name: 'ApiName', Value: { 'Fn::Sub': '${AWS::StackName}-api' } }],
          Statistic: 'Sum',
          Period: 300,
          AlarmActions: [{ Ref: 'Topic' }, 'arn:aws:sns:eu-west-1:123456789012:legacy'],
          SomethingNew: true,
        },
      },
      CdkStyle: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          ComparisonOperator: 'LessThanThreshold',
          Threshold: { Ref: 'NoDefault' },
          EvaluationPeriods: 1,
          Metrics: [
            {
              Id: 'm1',
              MetricStat: {
                Metric: { Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent', Dimensions: [] },
                Period: 60,
                Stat: 'Sum',
              },
              ReturnData: true,
            },
          ],
        },
      },
      Composite: {
        Type: 'AWS::CloudWatch::CompositeAlarm',
        Properties: {
          AlarmName: 'orders-any',
          AlarmRule: {
            'Fn::Join': [
              '',
              [
                'ALARM("arn:',
                { Ref: 'AWS::Partition' },
                ':cloudwatch:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':alarm:orders-5xx-critical") OR OK(other)',
              ],
            ],
          },
        },
      },
    },
  };
  writeFileSync(join(dir, 'Orders.template.json'), JSON.stringify(template));
  const read = readCloudAssembly(dir);
  const alarms = Object.fromEntries(read.stacks[0].alarms.map((a) => [a.logicalId, a]));

  test('resolves parameters, topic references and ARNs; notes unknown properties', () => {
    const a = alarms.HandWritten;
    expect(a.spec).toMatchObject({
      name: 'orders-5xx-critical',
      threshold: 42,
      datapointsToAlarm: 2,
      treatMissingData: 'missing',
      severity: 'critical',
      actions: { alarm: ['ops-pager', 'legacy'], ok: [], insufficientData: [] },
      source: {
        type: 'metric',
        stat: 'Sum',
        period: 300,
        metric: { dimensions: { ApiName: '${AWS::StackName}-api' } },
      },
    });
    expect(a.severitySource).toBe('name');
    expect(a.notes).toEqual(['unknown property SomethingNew']);
  });

  test('a deploy-time threshold and a generated name become notes, not crashes', () => {
    const a = alarms.CdkStyle;
    expect(a.spec.name).toBe('Orders-CdkStyle');
    expect(a.spec.type === 'metric' && Number.isNaN(a.spec.threshold)).toBe(true);
    expect(a.notes).toEqual([
      'AlarmName: none, CloudFormation generates one at deploy',
      'Threshold: parameter NoDefault has no default',
    ]);
    expect(a.spec.type === 'metric' && a.spec.source).toMatchObject({
      type: 'metric',
      stat: 'Sum',
      metric: { metricName: 'NumberOfMessagesSent' },
    });
  });

  test('composite rules with ARNs built by Fn::Join are parsed to alarm names', () => {
    expect(alarms.Composite.spec).toMatchObject({
      type: 'composite',
      rule: {
        type: 'or',
        operands: [
          { type: 'state', state: 'ALARM', alarm: 'orders-5xx-critical' },
          { type: 'state', state: 'OK', alarm: 'other' },
        ],
      },
    });
  });
});

describe('malformed input gives problems and a partial read', () => {
  test.each([
    ['a missing folder', (d: string) => join(d, 'nope'), /does not exist/],
    ['an empty folder', (d: string) => d, /is this a cdk\.out folder/],
    [
      'a template that is not JSON',
      (d: string) => {
        writeFileSync(join(d, 'Bad.template.json'), '{ nope');
        return d;
      },
      /Bad\.template\.json.*not JSON/,
    ],
    [
      'a template without Resources',
      (d: string) => {
        writeFileSync(join(d, 'Empty.template.json'), '{}');
        return d;
      },
      /Empty\.template\.json.*no Resources section/,
    ],
    [
      'a manifest without stacks',
      (d: string) => {
        writeFileSync(join(d, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts: {} }));
        return d;
      },
      /the assembly has no stacks/,
    ],
  ])('%s', (_what, setup, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'read-bad-'));
    mkdirSync(dir, { recursive: true });
    const read = readCloudAssembly(setup(dir));
    const text = read.problems.map((p) => `${p.file}: ${p.message}`).join('\n');
    expect(text).toMatch(expected);
  });
});

test('intrinsics that cannot be evaluated say why', () => {
  expect(evaluate({ 'Fn::GetAZs': '' }, {})).toEqual({
    ok: false,
    why: 'Fn::GetAZs cannot be evaluated from the template',
  });
  expect(evaluate({ 'Fn::Sub': ['${A}-${!Literal}', { A: 'x' }] }, {})).toEqual({
    ok: true,
    value: 'x-${Literal}',
  });
});
