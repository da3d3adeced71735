/** Hand-written templates for tests of the tools: alarms CloudFormation-style, written to a temporary folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Props = Record<string, unknown>;

/** An `AWS::CloudWatch::Alarm` on one metric; `props` override or add properties. */
export function metricAlarm(name: string, props: Props = {}) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: name,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'fn' }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
      ...props,
    },
  };
}

export function compositeAlarm(name: string, rule: string, props: Props = {}) {
  return {
    Type: 'AWS::CloudWatch::CompositeAlarm',
    Properties: {
      AlarmName: name,
      AlarmRule: rule,
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
      ...props,
    },
  };
}

/** Writes `<stack>.template.json` files to a new temporary folder and returns it. */
export function templateDir(stacks: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'templates-'));
  for (const [stack, template] of Object.entries(stacks)) {
    writeFileSync(
      join(dir, `${stack}.template.json`),
      typeof template === 'string' ? template : JSON.stringify(template),
    );
  }
  return dir;
}
