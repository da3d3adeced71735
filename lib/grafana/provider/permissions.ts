/**
 * Admin and Editor assignments of IAM Identity Center users and groups, through the Grafana control-plane
 * `UpdatePermissions` call (CloudFormation has no property for them). On update only the difference is sent;
 * on delete every assignment this resource made is revoked. `UpdatePermissions` reports per-entry failures in
 * its answer instead of throwing: those fail the deployment too.
 */
import {
  UpdatePermissionsCommand,
  type GrafanaClient,
  type UpdateInstruction,
} from '@aws-sdk/client-grafana';
import type { Logger } from './grafana-http';
import type { GrafanaPrincipals } from '../../model/grafana';
import type { PermissionsProps } from './types';

type Role = 'ADMIN' | 'EDITOR';

function entries(p: PermissionsProps | undefined): Map<string, Role> {
  const out = new Map<string, Role>();
  const add = (lists: GrafanaPrincipals | undefined, role: Role) => {
    for (const id of lists?.users ?? []) out.set(`SSO_USER:${id}`, role);
    for (const id of lists?.groups ?? []) out.set(`SSO_GROUP:${id}`, role);
  };
  add(p?.admins, 'ADMIN');
  add(p?.editors, 'EDITOR');
  return out;
}

function batch(action: 'ADD' | 'REVOKE', items: Array<[string, Role]>): UpdateInstruction[] {
  const byRole = new Map<Role, Array<{ id: string; type: 'SSO_USER' | 'SSO_GROUP' }>>();
  for (const [key, role] of items) {
    const [type, id] = key.split(/:(.*)/s) as ['SSO_USER' | 'SSO_GROUP', string];
    byRole.set(role, [...(byRole.get(role) ?? []), { id, type }]);
  }
  return [...byRole].map(([role, users]) => ({ action, role, users }));
}

/** The instructions that take the workspace from `before` to `after`. */
export function permissionChanges(
  before: PermissionsProps | undefined,
  after: PermissionsProps | undefined,
): UpdateInstruction[] {
  const was = entries(before);
  const now = entries(after);
  const revoke = [...was].filter(([k, role]) => now.get(k) !== role);
  const add = [...now].filter(([k, role]) => was.get(k) !== role);
  return [...batch('REVOKE', revoke), ...batch('ADD', add)];
}

export async function applyPermissions(
  client: GrafanaClient,
  workspaceId: string,
  instructions: UpdateInstruction[],
  log: Logger,
): Promise<void> {
  if (instructions.length === 0) return;
  const res = await client.send(
    new UpdatePermissionsCommand({ workspaceId, updateInstructionBatch: instructions }),
  );
  const errors = res.errors ?? [];
  if (errors.length) {
    const first = errors[0];
    const who = first.causedBy?.users?.map((u) => u.id).join(', ');
    throw new Error(
      `UpdatePermissions refused ${errors.length} change${errors.length > 1 ? 's' : ''}: ${first.code ?? ''} ${first.message ?? ''}${who ? ` (${who})` : ''}`.trim(),
    );
  }
  log(`permissions: ${instructions.map((i) => `${i.action} ${i.role} x${i.users?.length ?? 0}`).join(', ')}`);
}
