/**
 * A telemetry app with a Region: every section where its services exist synthesizes clean (cdk-nag, the
 * CloudFormation validator, no unresolved-environment warnings); a Region or partition it cannot deploy to is
 * refused before anything is built, in one line. One small app is synthesized.
 */
import { modelFromText } from '../../lib/config/load';
import { PlanError } from '../../lib/model/plan';
import { addTelemetryStacks } from '../../lib/stacks/telemetry-app';
import { synthConfig, testApp } from '../helpers/synth';

const CONFIG = (region: string, more = '') => `app: shop
env: { region: ${region} }
alerting:
  critical: { email: [oncall@shop.example], slack: [{ workspace: T04SHOP01, channel: C04ALERTS1 }] }
services:
  - name: api
    lambda: [shop-pay]
tracing:
  sampling: { rate: 0.05, reservoir: 1, match: shop-* }
  insights: critical
audit: { alerts: { severity: warning } }
logs:
  archive:
    bucket: { name: 'shop-archive-{account}-{region}' }
    logGroups: [/aws/lambda/shop-pay]
compliance: [nist-800-53-r5, hipaa-security, pci-dss-3.2.1]
${more}`;
const GRAFANA = `grafana: { authentication: [sso], admins: { groups: [906755a1b2-1a2b3c4d-aaaa-bbbb-cccc-0123456789ab] } }\n`;

describe('eu-west-1, with Grafana', () => {
  const { assembly, stacks } = synthConfig(CONFIG('eu-west-1', GRAFANA));

  test('synthesizes with zero findings in AwsSolutions and the compliance packs (ARNs with the literal Region)', () => {
    expect(stacks.all.map((s) => s.region)).toEqual(stacks.all.map(() => 'eu-west-1'));
    const grafana = JSON.stringify(assembly.getStackByName('shop-telemetry-grafana').template);
    expect(grafana).toContain('arn:aws:kms:eu-west-1:');
  });

  test('EventBridge rules and their targets are in the same Region: no unresolved-environment warning', () => {
    const messages = assembly.stacks.flatMap((s) =>
      Object.values(s.manifest.metadata ?? {}).flatMap((entries) => entries.map((e) => String(e.data))),
    );
    expect(messages.filter((m) => m.includes('unresolved environment'))).toEqual([]);
    const rule = Object.values(
      assembly.getStackByName('shop-telemetry-tracing').template.Resources as Record<
        string,
        { Type: string; Properties: { Targets: Array<{ Arn: unknown; DeadLetterConfig: unknown }> } }
      >,
    ).find((r) => r.Type === 'AWS::Events::Rule')!;
    expect(JSON.stringify(rule.Properties.Targets[0])).toContain(':sns:eu-west-1:');
    expect(JSON.stringify(rule.Properties.Targets[0].DeadLetterConfig)).toContain(':sqs:eu-west-1:');
  });
});

describe('Regions the telemetry cannot deploy to are refused before anything is built', () => {
  test.each([
    ['zz-nowhere-9', '', /^env\.region: "zz-nowhere-9" is not an AWS Region known to aws-cdk-lib/],
    [
      'cn-north-1',
      '',
      /^env\.region: cn-north-1 is in the aws-cn partition, which cdk-telemetry does not support/,
    ],
    [
      'us-gov-west-1',
      '',
      /^alerting\.<severity>\.slack: Slack channels through AWS Chatbot \(AWS::Chatbot::SlackChannelConfiguration\) is not available in us-gov-west-1;/,
    ],
    [
      'sa-east-1',
      GRAFANA,
      /^grafana: Amazon Managed Grafana \(AWS::Grafana::Workspace\) is not available in sa-east-1;/,
    ],
  ])('%s', (region, more, message) => {
    // The model is built without the config checks (as from code), so addTelemetryStacks checks it itself.
    const valid = modelFromText(CONFIG('us-east-1', more));
    const model = { ...valid, env: { region } };
    let error: unknown;
    try {
      addTelemetryStacks(testApp(), model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
