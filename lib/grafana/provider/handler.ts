/**
 * The custom resource handler behind `Custom::GrafanaProvisioning` and `Custom::GrafanaPermissions`. It answers
 * CloudFormation itself (no provider framework): every path ends in a response, and when the invocation is about
 * to run out of time the in-flight work is aborted, the token is deleted and FAILED is sent, so a stack never
 * waits an hour for an answer. Log lines name operations and statuses, never the token or the response URL.
 */
import { ResourceNotFoundException, type GrafanaClient } from '@aws-sdk/client-grafana';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type {
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceEvent,
  Context,
} from 'aws-lambda';
import { GrafanaHttp, type Logger, type RetryPolicy } from './grafana-http';
import { applyPermissions, permissionChanges } from './permissions';
import { deprovision, provision, ProvisioningError, type Inventory } from './provision';
import { withServiceAccountToken } from './service-account';
import {
  PERMISSIONS_RESOURCE_TYPE,
  PROVISIONING_RESOURCE_TYPE,
  type DashboardBundle,
  type PermissionsProps,
  type ProvisioningProps,
} from './types';

export interface HandlerDeps {
  readonly grafana: GrafanaClient;
  readonly s3: S3Client;
  readonly retry?: RetryPolicy;
  readonly log?: Logger;
  /** Time kept back before the Lambda timeout to delete the token and answer. @default 20000 */
  readonly safetyMarginMs?: number;
  readonly now?: () => number;
  /** Answers CloudFormation (tests may capture instead). @default PUT to the event's ResponseURL */
  readonly respond?: (
    event: CloudFormationCustomResourceEvent,
    body: CfnResponse,
    log: Logger,
  ) => Promise<void>;
}

export interface CfnResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string | number>;
}

interface Outcome {
  readonly physicalId: string;
  readonly data?: Record<string, string | number>;
}

function spec<T>(properties: Record<string, unknown> | undefined): T {
  const raw = properties?.Spec;
  if (typeof raw !== 'string') throw new ProvisioningError('the resource has no Spec property');
  return JSON.parse(raw) as T;
}

async function readBundle(s3: S3Client, bucket: string, key: string): Promise<DashboardBundle> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = await res.Body!.transformToString();
  const bundle = JSON.parse(text) as DashboardBundle;
  if (!Array.isArray(bundle?.dashboards))
    throw new ProvisioningError(`s3://${bucket}/${key} is not a dashboard bundle`);
  return bundle;
}

const provisioningId = (p: ProvisioningProps) => `grafana:${p.workspaceId}:${p.folder.uid}`;
const inventory = (p: ProvisioningProps): Inventory => ({
  dashboardUids: p.dashboards.uids,
  dataSourceUids: p.dataSources.map((d) => d.uid),
  contactPointUids: p.contactPoints.map((c) => c.uid),
});

/**
 * A Delete never blocks a stack for nothing: unreadable properties mean nothing was created from them, and a
 * workspace that no longer exists has nothing left to remove.
 */
async function deleting<T extends { workspaceId: string }>(
  event: CloudFormationCustomResourceDeleteEvent,
  log: Logger,
  verb: string,
  work: (props: T) => Promise<unknown>,
): Promise<Outcome> {
  let props: T;
  try {
    props = spec<T>(event.ResourceProperties);
  } catch {
    return { physicalId: event.PhysicalResourceId };
  }
  try {
    await work(props);
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    log(`workspace ${props.workspaceId} no longer exists: nothing to ${verb}`);
  }
  return { physicalId: event.PhysicalResourceId };
}

/**
 * On an Update of the same workspace, the old properties (what the new ones replace). A resource moved to another
 * workspace leaves the old one alone: there is nothing to diff against.
 */
function replaced<T extends { workspaceId: string }>(
  event: CloudFormationCustomResourceEvent,
  props: T,
): T | undefined {
  if (event.RequestType !== 'Update') return undefined;
  const old = spec<T>(event.OldResourceProperties);
  return old.workspaceId === props.workspaceId ? old : undefined;
}

async function handleProvisioning(
  event: CloudFormationCustomResourceEvent,
  deps: HandlerDeps,
  signal: AbortSignal,
  remainingMs: number,
  log: Logger,
): Promise<Outcome> {
  /** Runs `work` on the workspace's Grafana HTTP API, with a token that expires a minute after this invocation. */
  const withApi = <T>(props: ProvisioningProps, work: (api: GrafanaHttp) => Promise<T>) =>
    withServiceAccountToken(
      deps.grafana,
      props.workspaceId,
      { secondsToLive: remainingMs / 1000 + 60, now: deps.now },
      log,
      (token) => work(new GrafanaHttp(props.endpoint, token, deps.retry, log, signal)),
    );

  if (event.RequestType === 'Delete') {
    return deleting<ProvisioningProps>(event, log, 'remove', (props) =>
      withApi(props, (api) => deprovision(api, { folder: props.folder, ...inventory(props) }, log)),
    );
  }

  const props = spec<ProvisioningProps>(event.ResourceProperties);
  const bundle = await readBundle(deps.s3, props.dashboards.bucket, props.dashboards.key);
  const old = replaced(event, props);
  const result = await withApi(props, (api) =>
    provision(
      api,
      {
        folder: props.folder,
        dataSources: props.dataSources,
        contactPoints: props.contactPoints,
        dashboards: bundle.dashboards,
      },
      old && inventory(old),
      log,
    ),
  );
  return {
    physicalId: provisioningId(props),
    data: {
      FolderUid: props.folder.uid,
      Dashboards: bundle.dashboards.length,
      Written: result.written,
      Unchanged: result.unchanged,
    },
  };
}

async function handlePermissions(
  event: CloudFormationCustomResourceEvent,
  deps: HandlerDeps,
  log: Logger,
): Promise<Outcome> {
  if (event.RequestType === 'Delete') {
    return deleting<PermissionsProps>(event, log, 'revoke', (props) =>
      applyPermissions(deps.grafana, props.workspaceId, permissionChanges(props, undefined), log),
    );
  }
  const props = spec<PermissionsProps>(event.ResourceProperties);
  await applyPermissions(
    deps.grafana,
    props.workspaceId,
    permissionChanges(replaced(event, props), props),
    log,
  );
  return { physicalId: `grafana-permissions:${props.workspaceId}` };
}

/** PUT the response to the pre-signed URL, with a few retries. */
export async function putResponse(
  event: CloudFormationCustomResourceEvent,
  body: CfnResponse,
  log: Logger,
): Promise<void> {
  const text = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(event.ResponseURL, {
        method: 'PUT',
        body: text,
        headers: { 'content-type': '' },
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) {
        log(`answered ${body.Status}`);
        return;
      }
      throw new Error(`HTTP ${res.status}`);
    } catch (e) {
      if (attempt >= 3)
        throw new Error(`could not answer CloudFormation: ${(e as Error).message}`, { cause: e });
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export function makeHandler(deps: HandlerDeps) {
  const log: Logger = deps.log ?? ((line) => console.log(line));
  const respond = deps.respond ?? putResponse;
  return async (
    event: CloudFormationCustomResourceEvent,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ) => {
    log(`${event.RequestType} ${event.ResourceType} ${event.LogicalResourceId}`);
    const remainingMs = context.getRemainingTimeInMillis();
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(),
      Math.max(1000, remainingMs - (deps.safetyMarginMs ?? 20_000)),
    );
    let outcome: Outcome | undefined;
    let reason: string | undefined;
    try {
      if (event.ResourceType === PROVISIONING_RESOURCE_TYPE) {
        outcome = await handleProvisioning(event, deps, controller.signal, remainingMs, log);
      } else if (event.ResourceType === PERMISSIONS_RESOURCE_TYPE) {
        outcome = await handlePermissions(event, deps, log);
      } else {
        throw new ProvisioningError(`unknown resource type ${event.ResourceType}`);
      }
    } catch (e) {
      const err = e as Error;
      reason = oneLine(
        `${controller.signal.aborted ? 'ran out of time: ' : ''}${['Error', 'ProvisioningError'].includes(err.name) ? '' : `${err.name}: `}${err.message}`,
      );
      log(`failed: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
    const physicalId =
      outcome?.physicalId ??
      ('PhysicalResourceId' in event
        ? event.PhysicalResourceId
        : `${event.LogicalResourceId}-${event.RequestId}`);
    await respond(
      event,
      {
        Status: reason === undefined ? 'SUCCESS' : 'FAILED',
        ...(reason === undefined ? {} : { Reason: reason.slice(0, 3500) }),
        PhysicalResourceId: physicalId,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
        ...(outcome?.data ? { Data: outcome.data } : {}),
      },
      log,
    );
  };
}
