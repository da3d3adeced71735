/**
 * The Grafana stack of the example app (snapshot and what matters), a variant with SAML, Prometheus and network
 * access control, and the constructs on their own in a stack of yours. Every synthesis runs cdk-nag AwsSolutions
 * and CloudFormation validation (`testApp`), but the long app name's (the example app renamed).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { modelFromText } from '../../lib/config/load';
import { dashboardProblems, uidProblem } from '../../lib/grafana/dashboards/validate';
import { DATA_SOURCES } from '../../lib/grafana/data-sources';
import type { DashboardBundle, ProvisioningProps } from '../../lib/grafana/provider/types';
import { GrafanaProvisioner } from '../../lib/grafana/provisioner';
import { GrafanaWorkspace } from '../../lib/grafana/workspace';
import { sharedApp } from '../helpers/shared-synth';
import { resourcesOfType, synthModel, testApp, type CfnTemplate } from '../helpers/synth';
import { synthUnchecked } from '../helpers/unchecked-synth';

const root = join(__dirname, '../..');
const EXAMPLE = readFileSync(join(root, 'telemetry.yaml'), 'utf8');
const example = sharedApp('example');
const stack = example.stacks.grafana!;
const template = example.template(stack);
const t = Template.fromJSON(template);

/** The one resource of a type (of those whose logical id starts with `id`, when given). */
const only = (tpl: CfnTemplate, type: string, id = '') => {
  const found = Object.entries(resourcesOfType(tpl, type))
    .filter(([logicalId]) => logicalId.startsWith(id))
    .map(([, r]) => r);
  expect(found).toHaveLength(1);
  return found[0];
};
/** The custom resource's Spec, with CloudFormation functions replaced by readable placeholders. */
function specOf(tpl: CfnTemplate, type: string, id = ''): Record<string, unknown> {
  const spec = only(tpl, type, id).Properties!.Spec as { 'Fn::Join': [string, unknown[]] };
  const text = spec['Fn::Join'][1]
    .map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p).replace(/"/g, "'")}>`))
    .join('');
  return JSON.parse(text);
}

describe('the example app: sophie-telemetry-grafana', () => {
  test('snapshot', () => {
    expect(template).toMatchSnapshot();
  });

  test('a Grafana 10.4 workspace with Identity Center sign-in, its own role and the SNS destination', () => {
    t.resourceCountIs('AWS::Grafana::Workspace', 1);
    t.hasResourceProperties('AWS::Grafana::Workspace', {
      Name: 'sophie-telemetry',
      AccountAccessType: 'CURRENT_ACCOUNT',
      AuthenticationProviders: ['AWS_SSO'],
      PermissionType: 'CUSTOMER_MANAGED',
      GrafanaVersion: '10.4',
      NotificationDestinations: ['SNS'],
      PluginAdminEnabled: false,
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkspaceRole'), 'Arn'] },
      NetworkAccessControl: Match.absent(),
      SamlConfiguration: Match.absent(),
    });
  });

  test('the workspace role: trusted by Grafana for this account only, read-only data, publish to the alert topics', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'grafana.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':/workspaces/*'])] } },
            },
          },
        ],
      },
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':iam::aws:policy/service-role/AmazonGrafanaCloudWatchAccess',
            ],
          ],
        },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSXrayReadOnlyAccess']] },
      ],
    });
    const policy = JSON.stringify(
      Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).find((p) =>
        JSON.stringify(p.Properties!.Roles).includes('WorkspaceRole'),
      )!.Properties!.PolicyDocument,
    );
    for (const severity of ['critical', 'warning', 'info'])
      expect(policy).toContain(`:sophie-telemetry-${severity}"`);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'PublishAlerts', Action: 'sns:Publish' }),
          Match.objectLike({
            Sid: 'EncryptAlertsByAlias',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: {
              StringEquals: { 'kms:ViaService': Match.anyValue() },
              'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/sophie-telemetry-alerts'] },
            },
          }),
        ]),
      },
    });
  });

  test('the alias the role is granted by is the one the core stack gives the alert key', () => {
    const core = example.templateOf(example.stacks.core);
    core.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/sophie-telemetry-alerts' });
  });

  test('one provider Lambda on the latest Node.js runtime with a least-privilege role', () => {
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Timeout: 300,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^GrafanaProviderLogs') } },
    });
    const providerPolicy = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties!.Roles).includes('GrafanaProviderRole'),
    )!;
    const statements = (
      providerPolicy.Properties!.PolicyDocument as { Statement: Array<Record<string, unknown>> }
    ).Statement;
    // cdk.json's @aws-cdk/aws-iam:minimizePolicies merges statements on the same resource and sorts actions.
    expect(statements.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      [
        'grafana:CreateWorkspaceServiceAccount',
        'grafana:CreateWorkspaceServiceAccountToken',
        'grafana:DeleteWorkspaceServiceAccount',
        'grafana:DeleteWorkspaceServiceAccountToken',
        'grafana:ListWorkspaceServiceAccounts',
        'grafana:UpdatePermissions',
      ],
      's3:GetObject',
    ]);
    // Every statement names its resource: the log group, the workspace, the one dashboards object.
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toMatch(/"\*"|\/\*"/);
    expect(JSON.stringify(statements[1].Resource)).toContain(':/workspaces/');
  });

  test('the provisioning resource carries data sources, contact points and dashboard uids; dashboards travel in S3', () => {
    // the app's folder (`Provisioning`); the product dashboard has its own (`ProductProvisioning`, below)
    const spec = specOf(
      template,
      'Custom::GrafanaProvisioning',
      'Provisioning',
    ) as unknown as ProvisioningProps;
    expect(Object.keys(spec)).toEqual([
      'workspaceId',
      'endpoint',
      'folder',
      'dataSources',
      'contactPoints',
      'dashboards',
    ]);
    expect(spec.workspaceId).toMatch(/Workspace2F8C78CC','Id'/);
    expect(spec.endpoint).toMatch(/Workspace2F8C78CC','Endpoint'/);
    expect(spec.folder).toEqual({ uid: 'cdk-telemetry-sophie', title: 'sophie (cdk-telemetry)' });
    expect(spec.dataSources.map((d) => `${d.uid}:${d.type}`)).toEqual([
      'cdk-telemetry-cloudwatch:cloudwatch',
      'cdk-telemetry-xray:grafana-x-ray-datasource',
      // The example's prometheus: section: Grafana queries its workspace.
      'cdk-telemetry-prometheus:prometheus',
    ]);
    expect(spec.contactPoints.map((c) => c.uid)).toEqual([
      'ct-sophie-critical',
      'ct-sophie-warning',
      'ct-sophie-info',
    ]);
    expect(spec.contactPoints[0].settings.topic_arn).toMatch(/:sophie-telemetry-critical$/);
    expect(spec.dashboards.uids).toEqual([
      'ct-sophie-api',
      'ct-sophie-api-prom',
      'ct-sophie-notifications',
      'ct-sophie-notifications-prom',
      'cdk-telemetry-alarm-overview',
      'cdk-telemetry-example-api-red',
    ]);
    expect(JSON.stringify(spec).length).toBeLessThan(4096);
    // What is uploaded is what was validated.
    const bundleFile = join(
      example.assembly.directory,
      `asset.${String(spec.dashboards.key).replace(/^<.*>$/, '')}`,
    );
    expect(bundleFile).toBeDefined();
    const assets = JSON.parse(
      readFileSync(join(example.assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
    );
    const file = Object.values(assets.files as Record<string, { source: { path: string } }>)
      .map((f) => f.source.path)
      .find((p) => p.endsWith('.json'))!;
    const bundle = JSON.parse(
      readFileSync(join(example.assembly.directory, file), 'utf8'),
    ) as DashboardBundle;
    expect(bundle.dashboards.map((d) => d.uid)).toEqual(spec.dashboards.uids);
    // Valid against the data sources the same resource provisions (the Prometheus one included).
    expect(dashboardProblems(bundle.dashboards, spec.dataSources)).toEqual([]);
  });

  test('no token anywhere: no outputs, no secret-looking property, the token is made and deleted at deploy time', () => {
    expect(template.Outputs).toBeUndefined();
    const text = JSON.stringify(template);
    expect(text).not.toMatch(
      /glsa_|[Bb]earer|"(token|Token|apiKey|ApiKey|secret|Secret)"|serviceAccountToken/,
    );
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    t.resourceCountIs('AWS::SSM::Parameter', 0);
  });

  test('Admin and Editor groups through UpdatePermissions, after the provider role can call it', () => {
    expect(specOf(template, 'Custom::GrafanaPermissions')).toEqual({
      workspaceId: expect.stringMatching(/Workspace2F8C78CC','Id'/),
      admins: { users: [], groups: ['906755a1b2-1a2b3c4d-aaaa-bbbb-cccc-0123456789ab'] },
      editors: { users: [], groups: ['906755a1b2-5e6f7a8b-aaaa-bbbb-cccc-0123456789ab'] },
    });
    const permissions = only(template, 'Custom::GrafanaPermissions');
    expect(permissions.DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^GrafanaProviderRoleDefaultPolicy/)]),
    );
    expect(only(template, 'Custom::GrafanaProvisioning', 'Provisioning').DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^GrafanaProviderRoleDefaultPolicy/)]),
    );
  });

  test('the product dashboard goes in its own folder, using the data sources the app folder puts', () => {
    expect(Object.keys(resourcesOfType(template, 'Custom::GrafanaProvisioning'))).toHaveLength(2);
    const spec = specOf(
      template,
      'Custom::GrafanaProvisioning',
      'ProductProvisioning',
    ) as unknown as ProvisioningProps;
    expect(spec.folder).toEqual({
      uid: 'cdk-telemetry-sophie-product',
      title: 'sophie product (cdk-telemetry)',
    });
    expect(spec.dataSources).toEqual([]);
    expect(spec.contactPoints).toEqual([]);
    expect(spec.dashboards.uids).toEqual(['ct-sophie-product']);
    const main = Object.keys(resourcesOfType(template, 'Custom::GrafanaProvisioning')).find((id) =>
      id.startsWith('Provisioning'),
    )!;
    expect(only(template, 'Custom::GrafanaProvisioning', 'ProductProvisioning').DependsOn).toEqual(
      expect.arrayContaining([main]),
    );
  });
});

// Fuzz config seed 1 index 1681: an app name of 24 characters made the product folder's uid
// "cdk-telemetry-<app>-product" 46 characters, over Grafana's 40, and the Grafana stack threw at synth.
test("a long app name: both folders' uids fit Grafana's 40 characters (cut and hashed), distinct", () => {
  const app = 'a'.repeat(24);
  // Without cdk-nag and validation: the example app, which differs only by its name, passes both (sharedApp above).
  const { stacks, assembly } = synthUnchecked(EXAMPLE.replace(/^app: sophie$/m, `app: ${app}`));
  const grafana = assembly.getStackByName(stacks.grafana!.stackName).template as CfnTemplate;
  const folderOf = (id: string) =>
    (specOf(grafana, 'Custom::GrafanaProvisioning', id) as unknown as ProvisioningProps).folder;
  const [main, product] = [folderOf('Provisioning'), folderOf('ProductProvisioning')];
  expect(main.uid).toBe(`cdk-telemetry-${app}`); // fits: unchanged
  expect(product.uid).toMatch(/^cdk-telemetry-a+-[0-9a-f]{8}$/);
  expect(product.uid.length).toBeLessThanOrEqual(40);
  expect(product.title).toBe(`${app} product (cdk-telemetry)`);
  expect(uidProblem(product.uid)).toBeUndefined();
});

describe('SAML, Prometheus and network access control', () => {
  const model = modelFromText(
    // Without the example's prometheus section (Grafana queries an existing workspace here) and its grafana one.
    EXAMPLE.replace(/\n# Amazon Managed Service for Prometheus:[\s\S]*$/, '\n') +
      `grafana:
  version: '10.4'
  authentication: [saml]
  saml:
    metadataUrl: https://idp.sophie.example/saml/metadata
    assertions: { role: role, email: mail, login: mail, name: displayName }
    admins: [grafana-admin]
    editors: [grafana-editor]
    loginValidity: 8h
  prometheus: { workspace: ws-12345678-abcd-1234-abcd-123456789012 }
  network:
    vpcEndpoints: [vpce-0123456789abcdef0]
    provisioner: { subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1], securityGroups: [sg-0123456789abcdef0] }
  pluginAdmin: true
  contactPoints: false
  dashboards: { generated: false, folders: [test/fixtures/grafana/extra] }
`,
  );
  const r = synthModel(model);
  const tpl = r.template(r.stacks.grafana!);
  const v = Template.fromJSON(tpl);

  test('the workspace: SAML with role values, VPC endpoint only, plugin admin, Prometheus listed', () => {
    v.hasResourceProperties('AWS::Grafana::Workspace', {
      AuthenticationProviders: ['SAML'],
      PluginAdminEnabled: true,
      DataSources: ['CLOUDWATCH', 'XRAY', 'PROMETHEUS'],
      NetworkAccessControl: { VpceIds: ['vpce-0123456789abcdef0'] },
      SamlConfiguration: {
        IdpMetadata: { Url: 'https://idp.sophie.example/saml/metadata' },
        AssertionAttributes: { Role: 'role', Email: 'mail', Login: 'mail', Name: 'displayName' },
        RoleValues: { Admin: ['grafana-admin'], Editor: ['grafana-editor'] },
        LoginValidityDuration: 480,
      },
    });
    v.resourceCountIs('Custom::GrafanaPermissions', 0);
  });

  test('the role may query that Prometheus workspace only; the data source signs with the workspace role', () => {
    v.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'QueryPrometheus',
            Action: ['aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'],
            Resource: {
              'Fn::Join': ['', Match.arrayWith([':workspace/ws-12345678-abcd-1234-abcd-123456789012'])],
            },
          }),
        ]),
      },
    });
    const spec = specOf(tpl, 'Custom::GrafanaProvisioning') as unknown as ProvisioningProps;
    expect(spec.dataSources[2]).toMatchObject({
      uid: DATA_SOURCES.prometheus.uid,
      type: 'prometheus',
      jsonData: { httpMethod: 'POST', sigV4Auth: true, sigV4AuthType: 'ec2_iam_role' },
    });
    expect(spec.dataSources[2].url).toMatch(
      /^https:\/\/aps-workspaces\..*\/workspaces\/ws-12345678-abcd-1234-abcd-123456789012\/$/,
    );
    expect(spec.contactPoints).toEqual([]);
    expect(spec.dashboards.uids).toEqual([
      'cdk-telemetry-alarm-overview',
      'cdk-telemetry-example-api-red',
      'extra-one',
    ]);
  });

  test('the provider runs in the given subnets, so it can reach a workspace closed to the internet', () => {
    v.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        SecurityGroupIds: ['sg-0123456789abcdef0'],
      },
    });
  });
});

describe('the constructs in a stack of yours', () => {
  const entry = (uid: string, panels: unknown[]) => ({
    uid,
    title: uid,
    source: `${uid}.json`,
    dashboard: { uid, title: uid, panels },
  });

  test('a workspace and a provisioner with your dashboards synthesize clean', () => {
    const app = testApp();
    const s = new Stack(app, 'Mine');
    const ws = new GrafanaWorkspace(s, 'Grafana', { grafanaVersion: '12.4' });
    new GrafanaProvisioner(s, 'Content', {
      workspace: ws,
      folder: { uid: 'mine', title: 'Mine' },
      dashboards: [entry('mine-1', [{ type: 'text', title: 't', gridPos: { x: 0, y: 0, w: 24, h: 2 } }])],
    });
    const tpl = Template.fromStack(s);
    tpl.hasResourceProperties('AWS::Grafana::Workspace', {
      GrafanaVersion: '12.4',
      NotificationDestinations: Match.absent(),
    });
    tpl.resourceCountIs('Custom::GrafanaProvisioning', 1);
    tpl.resourceCountIs('Custom::GrafanaPermissions', 0);
  });

  test.each([
    [{ grafanaVersion: '8.4' }, 'Mine/Grafana: grafanaVersion 8.4 has no service accounts: use 9.4 or later'],
    [{ grafanaVersion: 'ten' }, 'Mine/Grafana: grafanaVersion "ten" must look like "10.4"'],
    [
      { authentication: ['SAML'] as const },
      'Mine/Grafana: saml settings are needed exactly when authentication includes SAML',
    ],
    [
      { network: {} },
      'Mine/Grafana: network lists no prefixListIds and no vpceIds: nobody could reach the workspace',
    ],
  ])('bad workspace props: %j', (props, message) => {
    const s = new Stack(testApp(), 'Mine');
    expect(() => new GrafanaWorkspace(s, 'Grafana', props)).toThrow(message);
  });

  test('an invalid dashboard stops synthesis, naming the dashboard and the problem', () => {
    const s = new Stack(testApp(), 'Mine');
    const ws = new GrafanaWorkspace(s, 'Grafana');
    const panel = (x: number) => ({ type: 'text', title: `p${x}`, gridPos: { x, y: 0, w: 12, h: 4 } });
    expect(
      () =>
        new GrafanaProvisioner(s, 'Content', {
          workspace: ws,
          folder: { uid: 'mine', title: 'Mine' },
          dashboards: [entry('ok', [panel(0)]), entry('bad', [panel(0), panel(6), panel(20)])],
        }),
    ).toThrow(
      'Mine/Content: dashboard "bad" (bad.json): panel "p6" overlaps panel "p0" (and 1 more problems)',
    );
  });
});

test('an app without a grafana section does not load the Grafana stack or its SDK', () => {
  const probe = `require('./lib/stacks/telemetry-app');
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify(['grafana-stack', 'grafana-foundation-sdk'].filter((m) => loaded.some((k) => k.includes(m)))));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: root, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual([]);
});
