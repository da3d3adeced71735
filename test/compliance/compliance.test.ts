/**
 * The compliance packs option: cdk-nag's NIST 800-53 rev 5, HIPAA Security and PCI DSS 3.2.1 packs on every stack,
 * with the telemetry's by-design findings acknowledged where they arise (naming the rule and why) and real
 * findings still reported. Small apps only: the example app with every pack on is synthesized once, in
 * test/stacks/example-app.test.ts (its telemetry.yaml turns them on).
 */
import { readFileSync } from 'node:fs';
import { App, Aws, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { deletionGrants } from '../../lib/audit/deletion-grants';
import { addCompliancePacks } from '../../lib/compliance/add-packs';
import { nagReference } from '../../lib/compliance/nag-reference';
import { ACKNOWLEDGED_RULES, COMPLIANCE_PACKS } from '../../lib/compliance/packs';
import { encryptLogGroups } from '../../lib/logs/encrypt-log-groups';
import { CDK_CONTEXT } from '../helpers/synth';

const ALL = COMPLIANCE_PACKS.map((p) => p.id);
const synthError = (app: App) => {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('the packs, as data', () => {
  test.each(COMPLIANCE_PACKS.map((p) => [p.id, p] as const))(
    '%s: the rules it is said to have are in cdk-nag, the others are not',
    (_id, pack) => {
      const file = `cdk-nag/lib/packs/${{ NIST80053R5Checks: 'nist-800-53-r5', HIPAASecurityChecks: 'hipaa-security', PCIDSS321Checks: 'pci-dss-321' }[pack.nagClass]}.js`;
      const source = readFileSync(require.resolve(file), 'utf8');
      expect(source).toContain(`this.packName = '${pack.rulePrefix}'`);
      for (const rule of ACKNOWLEDGED_RULES) {
        const has = new RegExp(`\\.${rule},`).test(source);
        expect([rule, has]).toEqual([rule, (pack.rules as readonly string[]).includes(rule)]);
      }
    },
  );
});

describe('addCompliancePacks', () => {
  test('a real finding is still reported: an unencrypted log group fails synthesis, naming the rule per pack', () => {
    const app = new App({ context: CDK_CONTEXT });
    const stack = new Stack(app, 'Plain');
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_MONTH });
    addCompliancePacks(app, ALL);
    addCompliancePacks(app, ['nist-800-53-r5']); // twice is once
    const message = synthError(app);
    for (const p of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
      expect(message).toContain(`${p}-CloudWatchLogGroupEncrypted`);
    }
    expect(message.split(`NIST.800.53.R5-CloudWatchLogGroupEncrypted'`).length).toBe(2);
  });

  test('... and encryptLogGroups fixes it with a key per stack that CloudWatch Logs may use', () => {
    const app = new App({ context: CDK_CONTEXT });
    const stack = new Stack(app, 'Fixed');
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_MONTH });
    const own = new kms.Key(stack, 'Own', { enableKeyRotation: true });
    new logs.LogGroup(stack, 'Mine', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: own });
    addCompliancePacks(app, ALL);
    const aspect = encryptLogGroups(app);
    const template = app.synth().getStackByName('Fixed').template as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    expect(aspect.encrypted).toEqual(['Fixed/Plain/Resource']);
    const keys = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::KMS::Key');
    expect(keys).toHaveLength(2);
    const created = keys.find(([id]) => id.startsWith('LogGroupsKey'))!;
    expect(JSON.stringify(created[1].Properties.KeyPolicy)).toContain('CloudWatchLogsEncryptsLogGroups');
    expect(created[1].Properties.EnableKeyRotation).toBe(true);
  });

  test('a critical alarm silent behind a paging composite is acknowledged; one that nothing pages for is reported', () => {
    const app = new App({ context: CDK_CONTEXT });
    const stack = new Stack(app, 'Alarms');
    const alarm = (name: string) =>
      new cloudwatch.CfnAlarm(stack, name, {
        alarmName: name,
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        statistic: 'Sum',
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    const child = alarm('shop-api-pay-errors-critical');
    const nested = alarm('shop-api-list-errors-critical');
    alarm('shop-api-orphan-errors-critical');
    new cloudwatch.CfnCompositeAlarm(stack, 'Group', {
      alarmName: 'shop-api-group',
      alarmRule: 'ALARM("shop-api-list-errors-critical")',
    });
    new cloudwatch.CfnCompositeAlarm(stack, 'Top', {
      alarmName: 'shop-api-service-anyCritical-critical',
      alarmRule: `ALARM("shop-api-pay-errors-critical") OR ALARM("arn:${Aws.PARTITION}:cloudwatch:eu-west-1:111122223333:alarm:shop-api-group")`,
      alarmActions: ['arn:aws:sns:eu-west-1:111122223333:pager'],
    });
    addCompliancePacks(app, ALL);
    const message = synthError(app);
    expect(message).toContain('NIST.800.53.R5-CloudWatchAlarmAction');
    expect(message).toContain('Alarms/shop-api-orphan-errors-critical');
    expect(message).not.toContain('Alarms/shop-api-pay-errors-critical');
    expect(message).not.toContain('Alarms/shop-api-list-errors-critical');
    const acks = (a: cloudwatch.CfnAlarm) =>
      a.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>));
    const reasons = [child, nested].map((a) => Object.fromEntries(acks(a)));
    // The packs that have the rule (NIST, HIPAA), not PCI DSS, which has none such.
    expect(Object.keys(reasons[0]).map((id) => id.replace(/^.*::/, ''))).toEqual([
      'NIST.800.53.R5-CloudWatchAlarmAction',
      'HIPAA.Security-CloudWatchAlarmAction',
    ]);
    expect(Object.values(reasons[1])[0]).toMatch(
      /^Silent by design: this critical alarm pages through the composite alarm shop-api-service-anyCritical-critical/,
    );
  });

  test('an unknown pack is refused with the allowed ones; packs need an App or Stage', () => {
    const app = new App();
    expect(() => addCompliancePacks(app, ['sox' as never])).toThrow(
      ': compliance: "sox" is not a pack (allowed: nist-800-53-r5, hipaa-security, pci-dss-3.2.1)',
    );
    expect(() => addCompliancePacks(new Construct(undefined as never, ''), ALL)).toThrow(
      /need an App or Stage/,
    );
  });
});

describe('helpers', () => {
  test('nagReference prints a value as cdk-nag does in finding ids, with and without a Region', () => {
    const agnostic = new Stack(new App(), 'A');
    const regional = new Stack(new App({ context: CDK_CONTEXT }), 'R', { env: { region: 'eu-west-1' } });
    const arn = (s: Stack) => s.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    expect(nagReference(agnostic, arn(agnostic))).toBe(
      'arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*',
    );
    expect(nagReference(regional, arn(regional))).toBe('arn:aws:kms:eu-west-1:<AWS::AccountId>:key/*');
  });

  test('deletionGrants finds destructive actions behind wildcards, in every kind of IAM policy, Allow only', () => {
    const doc = (...statements: unknown[]) => ({ Statement: statements });
    expect(
      deletionGrants({
        Resources: {
          P: {
            Type: 'AWS::IAM::Policy',
            Properties: {
              PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject*'] }),
            },
          },
          M: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: { PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:*' }) },
          },
          R: {
            Type: 'AWS::IAM::Role',
            Properties: { Policies: [{ PolicyDocument: doc({ Effect: 'Allow', Action: 'kms:Schedule*' }) }] },
          },
          D: {
            Type: 'AWS::IAM::Policy',
            Properties: { PolicyDocument: doc({ Effect: 'Deny', Action: 's3:*' }) },
          },
          K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: doc({ Effect: 'Allow', Action: 'kms:*' }) } },
        },
      }).map((g) => [g.logicalId, g.action, g.covers.length]),
    ).toEqual([
      ['P', 's3:DeleteObject*', 2],
      ['M', 'logs:*', 7],
      ['R', 'kms:Schedule*', 1],
    ]);
  });
});
