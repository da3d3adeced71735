/**
 * A short-lived Grafana service account token for one invocation: create the service account and its token,
 * run the work, then delete the token and the service account in `finally`, on every path. Leftovers of an
 * invocation that was killed before its `finally` (a Lambda timeout) are swept by the next one.
 */
import {
  CreateWorkspaceServiceAccountCommand,
  CreateWorkspaceServiceAccountTokenCommand,
  DeleteWorkspaceServiceAccountCommand,
  DeleteWorkspaceServiceAccountTokenCommand,
  ListWorkspaceServiceAccountsCommand,
  type GrafanaClient,
} from '@aws-sdk/client-grafana';
import type { Logger } from './grafana-http';

/** Service accounts made by this handler are named `<prefix><epoch seconds>-<random>`. */
export const SERVICE_ACCOUNT_PREFIX = 'cdk-telemetry-provisioner-';

export interface TokenOptions {
  /** Token lifetime in seconds (the invocation's remaining time plus a margin). */
  readonly secondsToLive: number;
  /** Service accounts of ours older than this are leftovers of a killed invocation. @default 3600 */
  readonly staleAfterSeconds?: number;
  readonly now?: () => number;
}

async function sweepStale(
  client: GrafanaClient,
  workspaceId: string,
  nowSeconds: number,
  staleAfter: number,
  log: Logger,
) {
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListWorkspaceServiceAccountsCommand({ workspaceId, nextToken }));
    for (const sa of page.serviceAccounts ?? []) {
      const m = sa.name?.startsWith(SERVICE_ACCOUNT_PREFIX)
        ? /^(\d+)-/.exec(sa.name.slice(SERVICE_ACCOUNT_PREFIX.length))
        : null;
      if (m && nowSeconds - Number(m[1]) > staleAfter && sa.id) {
        log(`deleting leftover service account ${sa.name}`);
        await client
          .send(new DeleteWorkspaceServiceAccountCommand({ workspaceId, serviceAccountId: sa.id }))
          .catch((e: Error) => log(`could not delete leftover service account ${sa.name}: ${e.name}`));
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
}

/**
 * Runs `work` with an ADMIN token of a fresh service account. The token and the service account are deleted
 * afterwards whatever happens; a failure to delete is logged and reported after the work's own outcome.
 */
export async function withServiceAccountToken<T>(
  client: GrafanaClient,
  workspaceId: string,
  options: TokenOptions,
  log: Logger,
  work: (token: string) => Promise<T>,
): Promise<T> {
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  await sweepStale(client, workspaceId, now, options.staleAfterSeconds ?? 3600, log);

  const name = `${SERVICE_ACCOUNT_PREFIX}${now}-${Math.random().toString(36).slice(2, 8)}`;
  const sa = await client.send(
    new CreateWorkspaceServiceAccountCommand({ workspaceId, name, grafanaRole: 'ADMIN' }),
  );
  const serviceAccountId = sa.id!;
  log(`created service account ${name}`);
  const cleanupErrors: string[] = [];
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  try {
    const created = await client.send(
      new CreateWorkspaceServiceAccountTokenCommand({
        workspaceId,
        serviceAccountId,
        name,
        secondsToLive: Math.max(60, Math.ceil(options.secondsToLive)),
      }),
    );
    const tokenId = created.serviceAccountToken?.id;
    try {
      outcome = { ok: true, value: await work(created.serviceAccountToken!.key!) };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      if (tokenId) {
        await client
          .send(new DeleteWorkspaceServiceAccountTokenCommand({ workspaceId, serviceAccountId, tokenId }))
          .then(() => log('deleted the service account token'))
          .catch((e: Error) => cleanupErrors.push(`token: ${e.name}: ${e.message}`));
      }
    }
  } finally {
    await client
      .send(new DeleteWorkspaceServiceAccountCommand({ workspaceId, serviceAccountId }))
      .then(() => log(`deleted service account ${name}`))
      .catch((e: Error) => cleanupErrors.push(`service account: ${e.name}: ${e.message}`));
  }
  if (outcome && !outcome.ok) throw outcome.error;
  if (cleanupErrors.length) {
    throw new Error(`provisioning succeeded but cleanup failed (${cleanupErrors.join('; ')})`);
  }
  return (outcome as { ok: true; value: T }).value;
}
