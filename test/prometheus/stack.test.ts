/**
 * The Prometheus stack, synthesized on its own from the example's model (cheaper than the whole example app, which
 * test/stacks/example-app.test.ts synthesizes once): the workspace (customer-managed key, encrypted retained log
 * group, retention), one rule groups namespace per service holding exactly the planned rules, the alert manager
 * definition amtool accepts once CloudFormation has substituted it; an existing workspace by id; the construct's
 * validation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { parse } from 'yaml';
import { modelFromText } from '../../lib/config/load';
import { PrometheusRuleGroups } from '../../lib/prometheus/rule-groups';
import { planPrometheusRules } from '../../lib/prometheus/rules/plan';
import { renderRuleFile } from '../../lib/prometheus/rules/render';
import { PrometheusWorkspace } from '../../lib/prometheus/workspace';
import {
  packRulePlans,
  PROMETHEUS_STACK_RULE_BYTES,
  TelemetryPrometheusStack,
} from '../../lib/stacks/prometheus-stack';
import { addTelemetryStacks } from '../../lib/stacks/telemetry-app';
import { describeWith, run, writeFiles } from '../helpers/prom-tools';
import { resourcesOfType, testApp, type CfnTemplate } from '../helpers/synth';

const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');
const model = modelFromText(EXAMPLE);

const EXISTING = modelFromText(
  EXAMPLE.replace(
    /\nprometheus:\n[\s\S]*$/,
    '\nprometheus:\n  workspace: ws-0a1b2c3d-aaaa-bbbb-cccc-0123456789ab\n',
  ),
);

/** Both stacks in one app, synthesized once: the example's, and one on an existing workspace. */
function synthStacks() {
  const app = testApp();
  const add = (id: string, m: typeof model) =>
    new TelemetryPrometheusStack(app, id, {
      model: m,
      prometheus: m.prometheus!,
      topicNamePrefix: `${m.app}-telemetry`,
    });
  const created = add('sophie-telemetry-prometheus', model);
  const existing = add('sophie-telemetry-prometheus-existing', EXISTING);
  const assembly = app.synth();
  const templateOf = (s: Stack) => assembly.getStackByName(s.stackName).template as CfnTemplate;
  return { stack: created, template: templateOf(created), existing, existingTemplate: templateOf(existing) };
}

const { stack, template, existing, existingTemplate } = synthStacks();
const one = (type: string) => {
  const found = Object.values(resourcesOfType(template, type));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('the Prometheus stack of the example app', () => {
  test('resources per kind', () => {
    const count = (type: string) => Object.keys(resourcesOfType(template, type)).length;
    expect(
      Object.fromEntries(
        [
          'AWS::APS::Workspace',
          'AWS::APS::RuleGroupsNamespace',
          'AWS::KMS::Key',
          'AWS::Logs::LogGroup',
          'AWS::SSM::Parameter',
        ].map((t) => [t, count(t)]),
      ),
    ).toEqual({
      'AWS::APS::Workspace': 1,
      'AWS::APS::RuleGroupsNamespace': 2,
      'AWS::KMS::Key': 1,
      'AWS::Logs::LogGroup': 1,
      'AWS::SSM::Parameter': 1,
    });
    expect(Object.keys(template.Resources)).toHaveLength(6);
  });

  test('the workspace: customer-managed key with rotation, logs to an encrypted retained group, 90 days, retained', () => {
    const ws = one('AWS::APS::Workspace');
    const [keyId] = Object.keys(resourcesOfType(template, 'AWS::KMS::Key'));
    const [logsId] = Object.keys(resourcesOfType(template, 'AWS::Logs::LogGroup'));
    expect(ws.Properties).toMatchObject({
      Alias: 'sophie-telemetry',
      KmsKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] },
      LoggingConfiguration: { LogGroupArn: { 'Fn::GetAtt': [logsId, 'Arn'] } },
      WorkspaceConfiguration: { RetentionPeriodInDays: 90 },
    });
    expect([ws.DeletionPolicy, ws.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(ws.DependsOn).toContain(logsId);
    expect(one('AWS::KMS::Key').Properties).toMatchObject({ EnableKeyRotation: true });
    const logs = one('AWS::Logs::LogGroup');
    expect(logs.Properties).toMatchObject({
      LogGroupName: '/aws/vendedlogs/prometheus/sophie-telemetry',
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(logs.DeletionPolicy).toBe('Retain');
  });

  test('one namespace per service, holding exactly the planned rules, on the workspace ARN', () => {
    const namespaces = Object.values(resourcesOfType(template, 'AWS::APS::RuleGroupsNamespace'));
    const [wsId] = Object.keys(resourcesOfType(template, 'AWS::APS::Workspace'));
    expect(namespaces.map((n) => n.Properties!.Name)).toEqual(['sophie-api', 'sophie-notifications']);
    const plans = planPrometheusRules(model);
    namespaces.forEach((n, i) => {
      expect(n.Properties!.Workspace).toEqual({ 'Fn::GetAtt': [wsId, 'Arn'] });
      expect(n.Properties!.Data).toBe(renderRuleFile(plans[i].file));
    });
  });

  test('the workspace id is published for the Grafana stack (no export)', () => {
    expect(one('AWS::SSM::Parameter').Properties).toMatchObject({
      Name: '/sophie/telemetry/prometheus-workspace-id',
      Value: {
        'Fn::GetAtt': [Object.keys(resourcesOfType(template, 'AWS::APS::Workspace'))[0], 'WorkspaceId'],
      },
    });
    expect(template.Outputs ?? {}).toEqual({});
    expect(stack.alertManagerDefinition).toBeDefined();
  });

  test('snapshot', () => {
    expect(template).toMatchSnapshot();
  });
});

/** The alert manager definition as CloudFormation would pass it to AMP in account 123456789012, eu-west-1. */
function deployedDefinition(): { config: string; templates: Record<string, string> } {
  const sub = one('AWS::APS::Workspace').Properties!.AlertManagerDefinition as { 'Fn::Sub': string };
  const text = sub['Fn::Sub']
    .replaceAll('${AWS::Partition}', 'aws')
    .replaceAll('${AWS::Region}', 'eu-west-1')
    .replaceAll('${AWS::AccountId}', '123456789012');
  expect(text).not.toContain('${');
  const doc = parse(text) as { alertmanager_config: string; template_files: Record<string, string> };
  return { config: doc.alertmanager_config, templates: doc.template_files };
}

describeWith('amtool')('the alert manager definition as deployed', () => {
  test('amtool accepts it, routes critical alerts to the critical topic, repeats pages every 2 h', () => {
    const { config, templates } = deployedDefinition();
    const dir = writeFiles({ 'alertmanager.yml': config, ...templates });
    const check = run('amtool', ['check-config', 'alertmanager.yml'], dir);
    expect(check.output).toMatch(/SUCCESS/);
    expect(check.status).toBe(0);
    const route = run(
      'amtool',
      ['config', 'routes', 'test', '--config.file=alertmanager.yml', 'severity=critical', 'service=api'],
      dir,
    );
    expect(route.stdout.trim()).toBe('sophie-critical');
    const parsed = parse(config) as {
      route: { routes: Array<{ repeat_interval: string }> };
      receivers: Array<{ sns_configs: Array<{ topic_arn: string }> }>;
    };
    expect(parsed.route.routes[0].repeat_interval).toBe('2h');
    expect(parsed.receivers[0].sns_configs[0].topic_arn).toBe(
      'arn:aws:sns:eu-west-1:123456789012:sophie-telemetry-critical',
    );
  });
});

describe('an existing workspace by id', () => {
  test('gets the rules, no workspace, no alert manager definition (its owner keeps it)', () => {
    expect(EXISTING.prometheus).toEqual({
      workspace: { type: 'existing', workspaceId: 'ws-0a1b2c3d-aaaa-bbbb-cccc-0123456789ab' },
    });
    expect(existing.alertManagerDefinition).toBeUndefined();
    expect(Object.values(existingTemplate.Resources).map((r) => r.Type)).toEqual([
      'AWS::APS::RuleGroupsNamespace',
      'AWS::APS::RuleGroupsNamespace',
    ]);
    const ns = Object.values(existingTemplate.Resources)[0];
    expect(JSON.stringify(ns.Properties!.Workspace)).toContain(
      ':workspace/ws-0a1b2c3d-aaaa-bbbb-cccc-0123456789ab',
    );
  });
});

describe('construct validation names the construct and the limit', () => {
  const s = () => new Stack(new App(), 'S');

  test.each([
    [{ alias: 'x'.repeat(101) }, 'S/W: alias must be 1-100 characters (got 101)'],
    [
      { retentionPeriodDays: 1096 },
      'S/W: retentionPeriodDays must be a whole number from 1 to 1095 (got 1096)',
    ],
    [
      { alertManagerDefinition: 'route: {}' },
      'S/W: alertManagerDefinition must be in AMP\'s format, with the configuration under "alertmanager_config:"',
    ],
  ])('%j', (props, message) => {
    expect(() => new PrometheusWorkspace(s(), 'W', props)).toThrow(message);
  });

  test('namespace names and empty rule files', () => {
    const scope = s();
    const workspace = PrometheusWorkspace.fromWorkspaceId(scope, 'Amp', 'ws-0a1b2c3d-aaaa');
    expect(
      () => new PrometheusRuleGroups(scope, 'R', { workspace, namespaceName: '-api', rules: 'groups: []' }),
    ).toThrow(
      'S/R: namespaceName "-api" must be 1-64 letters, digits, "-", "." or "_", starting with a letter or digit',
    );
    expect(
      () => new PrometheusRuleGroups(scope, 'E', { workspace, namespaceName: 'api', rules: { groups: [] } }),
    ).toThrow('S/E: rules has no groups');
  });
});

describe('a large app: rules packed into more Prometheus stacks (constructed, not synthesized)', () => {
  // The example's rules with small limits: api continues in a second namespace, which shares a stack with the next.
  const stacks = addTelemetryStacks(new App(), model, {
    prometheusRuleBytes: { namespace: 12_000, stack: 15_000 },
  });
  const all = [stacks.prometheus!, ...stacks.prometheusParts];

  test('services too large for one namespace continue in another; each stack holds its share of the bytes', () => {
    expect(all.map((s) => s.rulePlans.map((p) => p.namespace))).toEqual([
      ['sophie-api'],
      ['sophie-api-2', 'sophie-notifications'],
    ]);
    for (const s of all) {
      const bytes = s.ruleGroups.reduce((n, g) => n + Buffer.byteLength(g.data), 0);
      expect(bytes).toBeLessThanOrEqual(15_000);
    }
    expect(all.map((s) => s.stackName)).toEqual([
      'sophie-telemetry-prometheus',
      'sophie-telemetry-prometheus-2',
    ]);
    expect(PROMETHEUS_STACK_RULE_BYTES).toBe(600_000);
  });

  test('a part deploys after the first stack and finds the workspace through its id parameter', () => {
    const [first, part] = all;
    expect(part.dependencies).toEqual([first]);
    expect(part.alertManagerDefinition).toBeUndefined();
    expect(JSON.stringify(part.resolve(part.workspace.workspaceArn))).toMatch(
      /"Ref":"SsmParameterValuesophietelemetryprometheusworkspaceid/,
    );
    expect(packRulePlans([])).toEqual([[]]);
  });

  test("a service whose stack is a continuation's name is a located plan error, not a construct clash", () => {
    const clash = {
      ...model,
      services: model.services.map((s, i) => (i === 1 ? { ...s, stack: 'prometheus-2' } : s)),
    };
    expect(() =>
      addTelemetryStacks(new App(), clash, { prometheusRuleBytes: { namespace: 12_000, stack: 15_000 } }),
    ).toThrow(
      'stack sophie-telemetry-prometheus-2: the rules of this app need 2 Prometheus stacks, and sophie-telemetry-prometheus-2 is also the stack of service notifications; set another `stack` for it',
    );
  });
});
