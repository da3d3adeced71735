/**
 * Puts the folder, data sources, contact points and dashboards into a workspace through its Grafana HTTP API,
 * and takes them out again. Every write is an upsert by fixed uid, and nothing whose content is already there is
 * written again, so a repeated deployment only reads. A failed dashboard does not stop the others;
 * the deployment then fails naming every dashboard that did not make it.
 */
import type { GrafanaHttp, Logger } from './grafana-http';
import { GrafanaHttpError } from './grafana-http';
import type { ContactPointSpec, DashboardEntry, DataSourceSpec, FolderSpec } from './types';

/** A provisioning failure with a message for the CloudFormation event (one line). */
export class ProvisioningError extends Error {
  override readonly name = 'ProvisioningError';
}

/** JSON with sorted keys, to compare a dashboard with what Grafana holds. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const enc = encodeURIComponent;

/** True when `held` already has every field of `wanted` with the same value (Grafana adds fields of its own). */
function holds(held: unknown, wanted: object): boolean {
  if (!held || typeof held !== 'object') return false;
  const h = held as Record<string, unknown>;
  return Object.entries(wanted).every(([k, v]) => canonicalJson(h[k]) === canonicalJson(v));
}

export async function upsertFolder(api: GrafanaHttp, folder: FolderSpec): Promise<void> {
  const found = await api.request<{ title?: string }>(
    'GET',
    `/api/folders/${enc(folder.uid)}`,
    undefined,
    [404],
  );
  if (found.status === 404) {
    const created = await api.request('POST', '/api/folders', folder, [409, 412]);
    if (created.status !== 200) {
      throw new ProvisioningError(
        `folder "${folder.title}": another folder already has this title; rename or remove it`,
      );
    }
  } else if (found.body.title !== folder.title) {
    await api.request('PUT', `/api/folders/${enc(folder.uid)}`, { title: folder.title, overwrite: true });
  }
}

export async function upsertDataSource(api: GrafanaHttp, ds: DataSourceSpec): Promise<void> {
  const path = `/api/datasources/uid/${enc(ds.uid)}`;
  const found = await api.request('GET', path, undefined, [404]);
  if (found.status === 200) {
    if (!holds(found.body, ds)) await api.request('PUT', path, ds);
    return;
  }
  const created = await api.request('POST', '/api/datasources', ds, [409]);
  if (created.status === 409) {
    // Either a concurrent deployment created it between our lookup and our create, or the name is taken.
    const again = await api.request('GET', path, undefined, [404]);
    if (again.status === 200) {
      await api.request('PUT', path, ds);
      return;
    }
    throw new ProvisioningError(
      `data source "${ds.name}": another data source already has this name; rename or remove it`,
    );
  }
}

export async function upsertContactPoint(api: GrafanaHttp, cp: ContactPointSpec): Promise<void> {
  const list = await api.request<Array<{ uid?: string }>>('GET', '/api/v1/provisioning/contact-points');
  const body = { ...cp, disableResolveMessage: false };
  const held = (list.body ?? []).find((c) => c.uid === cp.uid);
  if (held) {
    if (!holds(held, body))
      await api.request('PUT', `/api/v1/provisioning/contact-points/${enc(cp.uid)}`, body);
  } else {
    await api.request('POST', '/api/v1/provisioning/contact-points', body);
  }
}

/** Returns true when the dashboard was written, false when Grafana already had this content in this folder. */
export async function upsertDashboard(
  api: GrafanaHttp,
  d: DashboardEntry,
  folderUid: string,
): Promise<boolean> {
  const wanted: Record<string, unknown> = { ...d.dashboard, uid: d.uid };
  const found = await api.request<{ dashboard?: Record<string, unknown>; meta?: { folderUid?: string } }>(
    'GET',
    `/api/dashboards/uid/${enc(d.uid)}`,
    undefined,
    [404],
  );
  if (found.status === 200 && found.body.meta?.folderUid === folderUid) {
    const { id: _id, version: _version, ...held } = found.body.dashboard ?? {};
    const { id: _wid, version: _wversion, ...mine } = wanted;
    if (canonicalJson(held) === canonicalJson(mine)) return false;
  }
  await api.request('POST', '/api/dashboards/db', {
    dashboard: { ...wanted, id: null },
    folderUid,
    overwrite: true,
    message: 'cdk-telemetry deployment',
  });
  return true;
}

/** What a deployment put into the workspace, by uid: what a later update or delete may take out. */
export interface Inventory {
  readonly dashboardUids: readonly string[];
  readonly dataSourceUids: readonly string[];
  readonly contactPointUids: readonly string[];
}

/** Where each kind is deleted, in the order they are removed. */
const DELETE_PATH: Readonly<Record<keyof Inventory, (uid: string) => string>> = {
  dashboardUids: (uid) => `/api/dashboards/uid/${enc(uid)}`,
  dataSourceUids: (uid) => `/api/datasources/uid/${enc(uid)}`,
  contactPointUids: (uid) => `/api/v1/provisioning/contact-points/${enc(uid)}`,
};

/** Deletes everything in `what` but what `keep` holds ("already gone" is success); returns how many. */
async function removeAll(api: GrafanaHttp, what: Inventory, keep?: Inventory): Promise<number> {
  let removed = 0;
  for (const kind of Object.keys(DELETE_PATH) as Array<keyof Inventory>) {
    for (const uid of what[kind]) {
      if (keep?.[kind].includes(uid)) continue;
      await api.request('DELETE', DELETE_PATH[kind](uid), undefined, [404]);
      removed++;
    }
  }
  return removed;
}

export interface ProvisionInput {
  readonly folder: FolderSpec;
  readonly dataSources: readonly DataSourceSpec[];
  readonly contactPoints: readonly ContactPointSpec[];
  readonly dashboards: readonly DashboardEntry[];
}

export interface ProvisionResult {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

const describeError = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Creates or updates everything in `next`; with `previous` (an update), also removes what `previous` had and
 * `next` no longer has.
 */
export async function provision(
  api: GrafanaHttp,
  next: ProvisionInput,
  previous: Inventory | undefined,
  log: Logger,
): Promise<ProvisionResult> {
  const uids = next.dashboards.map((d) => d.uid);
  const duplicate = uids.find((u, i) => uids.indexOf(u) !== i);
  if (duplicate) throw new ProvisioningError(`two dashboards have the uid "${duplicate}"`);

  await upsertFolder(api, next.folder);
  for (const ds of next.dataSources) await upsertDataSource(api, ds);
  for (const cp of next.contactPoints) await upsertContactPoint(api, cp);

  let written = 0;
  let unchanged = 0;
  const failed: string[] = [];
  for (const d of next.dashboards) {
    try {
      if (await upsertDashboard(api, d, next.folder.uid)) written++;
      else unchanged++;
    } catch (e) {
      if (e instanceof GrafanaHttpError && e.status === undefined && /out of time/.test(e.message)) throw e;
      failed.push(`"${d.title}" (uid ${d.uid}, ${d.source}): ${describeError(e)}`);
    }
  }
  log(`dashboards: ${written} written, ${unchanged} unchanged, ${failed.length} failed`);

  const removed = previous
    ? await removeAll(api, previous, {
        dashboardUids: uids,
        dataSourceUids: next.dataSources.map((d) => d.uid),
        contactPointUids: next.contactPoints.map((c) => c.uid),
      })
    : 0;
  if (failed.length) {
    throw new ProvisioningError(
      `${failed.length} of ${next.dashboards.length} dashboards failed: ${failed.join('; ')}`,
    );
  }
  return { written, unchanged, removed };
}

/** Removes what a deployment created. The folder goes only when nothing else is left in it. */
export async function deprovision(
  api: GrafanaHttp,
  what: Inventory & { readonly folder: FolderSpec },
  log: Logger,
): Promise<void> {
  await removeAll(api, what);
  const left = await api.request<unknown[]>(
    'GET',
    `/api/search?folderUIDs=${enc(what.folder.uid)}&type=dash-db`,
  );
  if ((left.body ?? []).length === 0) {
    await api.request('DELETE', `/api/folders/${enc(what.folder.uid)}`, undefined, [404]);
  } else {
    log(`kept folder "${what.folder.title}": it holds ${left.body.length} dashboards not made by this stack`);
  }
}
