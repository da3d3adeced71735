/**
 * The provisioning handler against a real HTTP server on 127.0.0.1 standing in for the Grafana HTTP API, with the
 * Grafana control plane and S3 mocked by aws-sdk-client-mock.
 */
import {
  CreateWorkspaceServiceAccountCommand,
  CreateWorkspaceServiceAccountTokenCommand,
  DeleteWorkspaceServiceAccountCommand,
  DeleteWorkspaceServiceAccountTokenCommand,
  GrafanaClient,
  ListWorkspaceServiceAccountsCommand,
  ResourceNotFoundException,
  UpdatePermissionsCommand,
} from '@aws-sdk/client-grafana';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeHandler, putResponse, type CfnResponse } from '../../lib/grafana/provider/handler';
import { SERVICE_ACCOUNT_PREFIX } from '../../lib/grafana/provider/service-account';
import type { DashboardBundle, PermissionsProps, ProvisioningProps } from '../../lib/grafana/provider/types';
import { FakeGrafana } from '../helpers/fake-grafana';

const TOKEN = 'glsa_SECRET_token_value_0123456789abcdef';
const grafana = mockClient(GrafanaClient);
const s3 = mockClient(S3Client);
let server: FakeGrafana;

const dashboard = (uid: string, title: string, extra: Record<string, unknown> = {}) => ({
  uid,
  title,
  source: `${uid}.json`,
  dashboard: { uid, title, schemaVersion: 36, panels: [], ...extra },
});
let bundle: DashboardBundle;

function props(over: Partial<ProvisioningProps> = {}): ProvisioningProps {
  return {
    workspaceId: 'g-0123456789',
    endpoint: server.url,
    folder: { uid: 'cdk-telemetry-sophie', title: 'sophie' },
    dataSources: [
      {
        uid: 'cdk-telemetry-cloudwatch',
        name: 'CloudWatch (cdk-telemetry)',
        type: 'cloudwatch',
        access: 'proxy',
        isDefault: true,
        jsonData: { authType: 'ec2_iam_role', defaultRegion: 'eu-west-1' },
      },
      {
        uid: 'cdk-telemetry-xray',
        name: 'X-Ray (cdk-telemetry)',
        type: 'grafana-x-ray-datasource',
        access: 'proxy',
        jsonData: { authType: 'ec2_iam_role', defaultRegion: 'eu-west-1' },
      },
    ],
    contactPoints: [
      {
        uid: 'sophie-telemetry-critical',
        name: 'sophie-telemetry-critical',
        type: 'sns',
        settings: { topic_arn: 'arn:aws:sns:eu-west-1:111111111111:sophie-telemetry-critical' },
      },
    ],
    dashboards: { bucket: 'assets', key: 'bundle.json', uids: bundle.dashboards.map((d) => d.uid) },
    ...over,
  };
}

let seq = 0;
function event(
  RequestType: 'Create' | 'Update' | 'Delete',
  spec: object,
  old?: object,
  ResourceType = 'Custom::GrafanaProvisioning',
): CloudFormationCustomResourceEvent {
  seq++;
  return {
    RequestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
    ResponseURL: `${server.url}/cfn-response/${seq}?X-Amz-Signature=abc`,
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/sophie-telemetry-grafana/1',
    RequestId: `req-${seq}`,
    LogicalResourceId: 'Provisioning',
    ResourceType,
    ResourceProperties: { ServiceToken: 'x', Spec: JSON.stringify(spec) },
    ...(RequestType === 'Create' ? {} : { PhysicalResourceId: 'grafana:g-0123456789:cdk-telemetry-sophie' }),
    ...(old ? { OldResourceProperties: { ServiceToken: 'x', Spec: JSON.stringify(old) } } : {}),
  } as CloudFormationCustomResourceEvent;
}

const logs: string[] = [];
const responses: CfnResponse[] = [];
const sleeps: number[] = [];
function handler(over: Partial<Parameters<typeof makeHandler>[0]> = {}) {
  return makeHandler({
    grafana: new GrafanaClient({ region: 'eu-west-1' }),
    s3: new S3Client({ region: 'eu-west-1' }),
    log: (l) => logs.push(l),
    respond: async (_e, body) => void responses.push(body),
    retry: {
      backoffMs: (n) => 100 * 2 ** (n - 1),
      sleep: async (ms) => void sleeps.push(ms),
      // Generous: the suite shares 2 cores with synthesis tests. The timeout test sets its own.
      timeoutMs: 5000,
      maxAttempts: 4,
    },
    ...over,
  });
}
const context = { getRemainingTimeInMillis: () => 300_000 };
const last = () => responses[responses.length - 1];

beforeEach(async () => {
  server = await new FakeGrafana(TOKEN).start();
  bundle = {
    dashboards: [dashboard('alarm-overview', 'Alarm overview'), dashboard('sophie-api', 'sophie / api')],
  };
  grafana.reset();
  s3.reset();
  grafana.on(ListWorkspaceServiceAccountsCommand).resolves({ serviceAccounts: [] });
  grafana.on(CreateWorkspaceServiceAccountCommand).resolves({ id: 'sa-7', name: 'x', grafanaRole: 'ADMIN' });
  grafana
    .on(CreateWorkspaceServiceAccountTokenCommand)
    .resolves({ serviceAccountToken: { id: 'tok-7', name: 'x', key: TOKEN }, serviceAccountId: 'sa-7' });
  grafana.on(DeleteWorkspaceServiceAccountTokenCommand).resolves({});
  grafana.on(DeleteWorkspaceServiceAccountCommand).resolves({});
  s3.on(GetObjectCommand).callsFake(() => ({
    Body: { transformToString: async () => JSON.stringify(bundle) },
  }));
  logs.length = 0;
  responses.length = 0;
  sleeps.length = 0;
});
afterEach(async () => {
  await server.stop();
  // The token must never leave the invocation: not in a log line, not in a response.
  expect(logs.join('\n')).not.toContain(TOKEN);
  expect(JSON.stringify(responses)).not.toContain(TOKEN);
});

function expectTokenCleanedUp() {
  expect(grafana).toHaveReceivedCommandWith(DeleteWorkspaceServiceAccountTokenCommand, {
    workspaceId: 'g-0123456789',
    serviceAccountId: 'sa-7',
    tokenId: 'tok-7',
  });
  expect(grafana).toHaveReceivedCommandWith(DeleteWorkspaceServiceAccountCommand, {
    workspaceId: 'g-0123456789',
    serviceAccountId: 'sa-7',
  });
}

describe('create', () => {
  test('provisions folder, data sources, contact points and dashboards with a short-lived ADMIN token', async () => {
    await handler()(event('Create', props()), context);
    expect(last()).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'grafana:g-0123456789:cdk-telemetry-sophie',
      Data: { FolderUid: 'cdk-telemetry-sophie', Dashboards: 2, Written: 2, Unchanged: 0 },
    });
    expect(server.folders.get('cdk-telemetry-sophie')).toEqual({
      uid: 'cdk-telemetry-sophie',
      title: 'sophie',
    });
    expect([...server.dataSources.keys()]).toEqual(['cdk-telemetry-cloudwatch', 'cdk-telemetry-xray']);
    expect(server.dataSources.get('cdk-telemetry-cloudwatch')).toMatchObject({
      type: 'cloudwatch',
      isDefault: true,
      jsonData: { authType: 'ec2_iam_role', defaultRegion: 'eu-west-1' },
    });
    expect(server.contactPoints.get('sophie-telemetry-critical')).toMatchObject({ type: 'sns' });
    expect(server.dashboards.get('sophie-api')).toMatchObject({
      folderUid: 'cdk-telemetry-sophie',
      version: 1,
    });
    const post = server.requests.find((r) => r.path === '/api/dashboards/db')!;
    expect(post.body).toMatchObject({
      overwrite: true,
      folderUid: 'cdk-telemetry-sophie',
      dashboard: { id: null },
    });
    // Every request carries the token; the token came from the control plane, for at least the invocation.
    expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(grafana).toHaveReceivedCommandWith(CreateWorkspaceServiceAccountCommand, {
      workspaceId: 'g-0123456789',
      grafanaRole: 'ADMIN',
      name: expect.stringMatching(new RegExp(`^${SERVICE_ACCOUNT_PREFIX}\\d+-[a-z0-9]+$`)),
    });
    const ttl = grafana.commandCalls(CreateWorkspaceServiceAccountTokenCommand)[0].args[0].input
      .secondsToLive!;
    expect(ttl).toBeGreaterThanOrEqual(300);
    expect(ttl).toBeLessThanOrEqual(400);
    expectTokenCleanedUp();
  });

  test('answers CloudFormation through the pre-signed URL', async () => {
    await handler({ respond: putResponse })(event('Create', props()), context);
    expect(server.cfnResponses).toEqual([
      expect.objectContaining({
        Status: 'SUCCESS',
        RequestId: `req-${seq}`,
        LogicalResourceId: 'Provisioning',
      }),
    ]);
  });
});

describe('update', () => {
  test('is idempotent: the same deployment again only reads and changes nothing', async () => {
    await handler()(event('Create', props()), context);
    const state = () =>
      JSON.stringify([
        [...server.folders],
        [...server.dataSources],
        [...server.contactPoints],
        [...server.dashboards],
      ]);
    const before = state();
    server.reset();
    await handler()(event('Update', props(), props()), context);
    await handler()(event('Update', props(), props()), context);
    expect(last()).toMatchObject({ Status: 'SUCCESS', Data: { Written: 0, Unchanged: 2 } });
    expect(state()).toEqual(before);
    expect(
      server.writes().filter((w) => w.includes('/api/dashboards') || w.includes('/api/folders')),
    ).toEqual([]);
    expect(server.dashboards.get('sophie-api')!.version).toBe(1);
  });

  test('a changed dashboard is written again; removed dashboards and data sources are deleted', async () => {
    await handler()(event('Create', props()), context);
    const old = props();
    bundle = { dashboards: [dashboard('sophie-api', 'sophie / api', { refresh: '5m' })] };
    const next = props({ dataSources: [old.dataSources[0]] });
    server.reset();
    await handler()(event('Update', next, old), context);
    expect(last()).toMatchObject({ Status: 'SUCCESS', Data: { Written: 1, Unchanged: 0 } });
    expect(server.dashboards.get('sophie-api')).toMatchObject({ version: 2, dashboard: { refresh: '5m' } });
    expect(server.dashboards.has('alarm-overview')).toBe(false);
    expect(server.dataSources.has('cdk-telemetry-xray')).toBe(false);
    expect(server.writes()).toEqual(
      expect.arrayContaining([
        'DELETE /api/dashboards/uid/alarm-overview',
        'DELETE /api/datasources/uid/cdk-telemetry-xray',
      ]),
    );
  });

  test('a new workspace gets everything, and nothing is removed from it', async () => {
    const old = { ...props(), workspaceId: 'g-9999999999' };
    await handler()(event('Update', props(), old), context);
    expect(last()).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'grafana:g-0123456789:cdk-telemetry-sophie',
    });
    expect(server.writes().filter((w) => w.startsWith('DELETE'))).toEqual([]);
  });
});

describe('failures', () => {
  test('retries 5xx with exponential backoff, then succeeds', async () => {
    server.fail('POST', /^\/api\/dashboards\/db$/, 503, 502);
    await handler()(event('Create', props()), context);
    expect(last().Status).toBe('SUCCESS');
    expect(sleeps).toEqual([100, 200]);
    expect(server.requests.filter((r) => r.path === '/api/dashboards/db')).toHaveLength(4);
    expect(logs).toEqual(expect.arrayContaining(['POST /api/dashboards/db: 503, retry 1 in 100 ms']));
  });

  test('retries a request that times out', async () => {
    server.fail('GET', /^\/api\/datasources\/uid\/cdk-telemetry-cloudwatch$/, 'timeout');
    const retry = { backoffMs: () => 1, sleep: async () => undefined, timeoutMs: 300, maxAttempts: 4 };
    await handler({ retry })(event('Create', props()), context);
    expect(last().Status).toBe('SUCCESS');
    expect(logs).toContain(
      'GET /api/datasources/uid/cdk-telemetry-cloudwatch: timed out after 300 ms, retry 1 in 1 ms',
    );
  });

  test('a dashboard that keeps failing fails the deployment with its name; the others are still provisioned', async () => {
    server.fail('POST', /^\/api\/dashboards\/db$/, 500, 500, 500, 500);
    await handler()(event('Create', props()), context);
    expect(last().Status).toBe('FAILED');
    expect(last().Reason).toMatch(
      /^1 of 2 dashboards failed: "Alarm overview" \(uid alarm-overview, alarm-overview\.json\): POST \/api\/dashboards\/db: HTTP 500 \(injected 500; gave up after 4 attempts\)$/,
    );
    expect(sleeps).toEqual([100, 200, 400]);
    expect(server.dashboards.has('sophie-api')).toBe(true);
    expectTokenCleanedUp();
  });

  test('a dashboard Grafana refuses fails at once (4xx is not retried), naming the dashboard', async () => {
    server.rejectDashboards.set('sophie-api', { status: 400, message: 'Dashboard title cannot be empty' });
    await handler()(event('Create', props()), context);
    expect(last().Reason).toContain(
      '"sophie / api" (uid sophie-api, sophie-api.json): POST /api/dashboards/db: HTTP 400 (Dashboard title cannot be empty)',
    );
    expect(sleeps).toEqual([]);
  });

  test('401: the token is refused; no retry; the token and service account are still deleted', async () => {
    server.fail('GET', /^\/api\/folders\//, 401);
    await handler()(event('Create', props()), context);
    expect(last()).toMatchObject({ Status: 'FAILED' });
    expect(last().Reason).toMatch(/GET \/api\/folders\/cdk-telemetry-sophie: HTTP 401 .*token was refused/);
    expect(server.requests).toHaveLength(1);
    expectTokenCleanedUp();
  });

  test('409 on a data source whose name is taken by another one', async () => {
    server.dataSources.set('hand-made', { id: 99, uid: 'hand-made', name: 'X-Ray (cdk-telemetry)' });
    await handler()(event('Create', props()), context);
    expect(last().Reason).toBe(
      'data source "X-Ray (cdk-telemetry)": another data source already has this name; rename or remove it',
    );
    expectTokenCleanedUp();
  });

  test('409 because a concurrent deployment created the data source first: updated instead', async () => {
    server.fail('POST', /^\/api\/datasources$/, 409);
    await handler()(event('Create', props()), context);
    // The injected 409 answered before the server stored anything, so the re-lookup finds nothing: a real name clash.
    expect(last().Status).toBe('FAILED');
    server.reset();
    server.dataSources.set('cdk-telemetry-cloudwatch', {
      id: 5,
      uid: 'cdk-telemetry-cloudwatch',
      name: 'old',
    });
    server.fail('GET', /^\/api\/datasources\/uid\/cdk-telemetry-cloudwatch$/, 404);
    server.fail('POST', /^\/api\/datasources$/, 409);
    await handler()(event('Create', props()), context);
    expect(last().Status).toBe('SUCCESS');
    expect(server.dataSources.get('cdk-telemetry-cloudwatch')).toMatchObject({
      id: 5,
      name: 'CloudWatch (cdk-telemetry)',
    });
  });

  test('5xx that never ends: gives up after the attempts and says so', async () => {
    server.fail('GET', /^\/api\/folders\//, 502, 502, 502, 502);
    await handler()(event('Create', props()), context);
    expect(last().Reason).toBe(
      'GrafanaHttpError: GET /api/folders/cdk-telemetry-sophie: HTTP 502 (injected 502; gave up after 4 attempts)',
    );
    expectTokenCleanedUp();
  });

  test('running out of time: in-flight work is aborted, the token deleted, FAILED sent before the Lambda dies', async () => {
    server.fail('GET', /^\/api\/folders\//, 'timeout');
    await handler({ safetyMarginMs: 299_850, retry: { timeoutMs: 10_000 } })(
      event('Create', props()),
      context,
    );
    expect(last().Status).toBe('FAILED');
    expect(last().Reason).toMatch(/^ran out of time: /);
    expectTokenCleanedUp();
  });

  test('the token is deleted even when the service account cannot be, and that failure is reported', async () => {
    grafana
      .on(DeleteWorkspaceServiceAccountCommand)
      .rejects(Object.assign(new Error('boom'), { name: 'InternalServerException' }));
    await handler()(event('Create', props()), context);
    expect(last().Reason).toMatch(/cleanup failed \(service account: InternalServerException: boom\)/);
    expect(grafana).toHaveReceivedCommand(DeleteWorkspaceServiceAccountTokenCommand);
  });

  test('a failed token creation still deletes the service account', async () => {
    grafana.on(CreateWorkspaceServiceAccountTokenCommand).rejects(new Error('quota'));
    await handler()(event('Create', props()), context);
    expect(last().Status).toBe('FAILED');
    expect(grafana).toHaveReceivedCommand(DeleteWorkspaceServiceAccountCommand);
    expect(server.requests).toEqual([]);
  });

  test('leftover service accounts of killed invocations are swept; recent ones are left alone', async () => {
    const now = Math.floor(Date.now() / 1000);
    grafana.on(ListWorkspaceServiceAccountsCommand).resolves({
      serviceAccounts: [
        {
          id: 'old',
          name: `${SERVICE_ACCOUNT_PREFIX}${now - 7200}-abc`,
          grafanaRole: 'ADMIN',
          isDisabled: 'false',
        },
        {
          id: 'new',
          name: `${SERVICE_ACCOUNT_PREFIX}${now - 60}-def`,
          grafanaRole: 'ADMIN',
          isDisabled: 'false',
        },
        { id: 'human', name: 'ci-bot', grafanaRole: 'ADMIN', isDisabled: 'false' },
      ],
    });
    await handler()(event('Create', props()), context);
    const deleted = grafana
      .commandCalls(DeleteWorkspaceServiceAccountCommand)
      .map((c) => c.args[0].input.serviceAccountId);
    expect(deleted).toEqual(['old', 'sa-7']);
  });
});

describe('delete', () => {
  test('removes dashboards, data sources, contact points and the emptied folder', async () => {
    await handler()(event('Create', props()), context);
    await handler()(event('Delete', props()), context);
    expect(last()).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'grafana:g-0123456789:cdk-telemetry-sophie',
    });
    expect(
      server.dashboards.size + server.dataSources.size + server.contactPoints.size + server.folders.size,
    ).toBe(0);
    expectTokenCleanedUp();
  });

  test('keeps the folder when people put their own dashboards in it', async () => {
    await handler()(event('Create', props()), context);
    server.dashboards.set('mine', {
      dashboard: { title: 'mine' },
      folderUid: 'cdk-telemetry-sophie',
      version: 1,
    });
    await handler()(event('Delete', props()), context);
    expect(last().Status).toBe('SUCCESS');
    expect([...server.dashboards.keys()]).toEqual(['mine']);
    expect(server.folders.has('cdk-telemetry-sophie')).toBe(true);
  });

  test('succeeds when the workspace is already gone', async () => {
    grafana.on(ListWorkspaceServiceAccountsCommand).rejects(
      new ResourceNotFoundException({
        message: 'no workspace',
        $metadata: {},
        resourceId: 'g',
        resourceType: 'workspace',
      }),
    );
    await handler()(event('Delete', props()), context);
    expect(last().Status).toBe('SUCCESS');
  });

  test('a Delete for a resource whose properties cannot be read succeeds (nothing was created)', async () => {
    const e = event('Delete', {});
    (e.ResourceProperties as Record<string, unknown>).Spec = undefined;
    await handler()(e, context);
    expect(last().Status).toBe('SUCCESS');
  });
});

describe('permissions (UpdatePermissions)', () => {
  const perms = (admins: string[], editors: string[], groups: string[] = []): PermissionsProps => ({
    workspaceId: 'g-0123456789',
    admins: { users: admins, groups },
    editors: { users: editors, groups: [] },
  });
  beforeEach(() => grafana.on(UpdatePermissionsCommand).resolves({ errors: [] }));

  test('create adds, update sends only the difference, delete revokes', async () => {
    const h = handler();
    await h(event('Create', perms(['u1'], ['u2'], ['g1']), undefined, 'Custom::GrafanaPermissions'), context);
    expect(last()).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'grafana-permissions:g-0123456789',
    });
    expect(grafana.commandCalls(UpdatePermissionsCommand)[0].args[0].input.updateInstructionBatch).toEqual([
      {
        action: 'ADD',
        role: 'ADMIN',
        users: [
          { id: 'u1', type: 'SSO_USER' },
          { id: 'g1', type: 'SSO_GROUP' },
        ],
      },
      { action: 'ADD', role: 'EDITOR', users: [{ id: 'u2', type: 'SSO_USER' }] },
    ]);
    await h(
      event(
        'Update',
        perms(['u1', 'u2'], [], ['g1']),
        perms(['u1'], ['u2'], ['g1']),
        'Custom::GrafanaPermissions',
      ),
      context,
    );
    expect(grafana.commandCalls(UpdatePermissionsCommand)[1].args[0].input.updateInstructionBatch).toEqual([
      { action: 'REVOKE', role: 'EDITOR', users: [{ id: 'u2', type: 'SSO_USER' }] },
      { action: 'ADD', role: 'ADMIN', users: [{ id: 'u2', type: 'SSO_USER' }] },
    ]);
    await h(
      event(
        'Update',
        perms(['u1', 'u2'], [], ['g1']),
        perms(['u1', 'u2'], [], ['g1']),
        'Custom::GrafanaPermissions',
      ),
      context,
    );
    expect(grafana).toHaveReceivedCommandTimes(UpdatePermissionsCommand, 2); // nothing changed: no call
    await h(event('Delete', perms(['u1'], [])), context);
    await h(event('Delete', perms(['u1'], []), undefined, 'Custom::GrafanaPermissions'), context);
    expect(grafana.commandCalls(UpdatePermissionsCommand)[2].args[0].input.updateInstructionBatch).toEqual([
      { action: 'REVOKE', role: 'ADMIN', users: [{ id: 'u1', type: 'SSO_USER' }] },
    ]);
  });

  test('per-entry errors in the answer fail the deployment', async () => {
    grafana.on(UpdatePermissionsCommand).resolves({
      errors: [
        {
          code: 400,
          message: 'user not found',
          causedBy: { action: 'ADD', role: 'ADMIN', users: [{ id: 'u9', type: 'SSO_USER' }] },
        },
      ],
    });
    await handler()(event('Create', perms(['u9'], []), undefined, 'Custom::GrafanaPermissions'), context);
    expect(last()).toMatchObject({
      Status: 'FAILED',
      Reason: 'UpdatePermissions refused 1 change: 400 user not found (u9)',
    });
  });
});
