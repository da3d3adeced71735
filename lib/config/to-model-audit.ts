/** `audit:` (validated) → the audit model: the trail, its readers and storage, and the change alerts. */
import { defaultTrailName, WATCHED_AREA_IDS, type AuditModel, type WatchedAreaId } from '../model/audit';
import { objectLockProblem } from '../model/object-lock';
import { formatRetention, type RetentionTiers } from '../model/retention';
import type { IssueSink } from './errors';
import type { AuditConfig } from './schema-audit';
import { daysOf } from './schema-helpers';

export function auditModel(
  app: string,
  config: AuditConfig,
  tiers: RetentionTiers,
  issues: IssueSink,
): AuditModel {
  const archiveAfterDays = daysOf(config.archiveAfter);
  if (archiveAfterDays >= tiers.compliance) {
    issues.add(
      ['audit', 'archiveAfter'],
      `${config.archiveAfter} is not before the trail expires (the compliance tier, ${formatRetention(tiers.compliance)})`,
    );
  }
  if (config.objectLock) {
    const problem = objectLockProblem(daysOf(config.objectLock.retention), tiers.compliance);
    if (problem) issues.add(['audit', 'objectLock', 'retention'], problem);
  }
  const alerts =
    config.alerts === false
      ? undefined
      : {
          areas: (config.alerts?.areas ?? WATCHED_AREA_IDS) as readonly WatchedAreaId[],
          severity: config.alerts?.severity ?? 'warning',
          ignoreCloudFormation: config.alerts?.ignoreCloudFormation ?? true,
        };
  return {
    trailName: config.trailName ?? defaultTrailName(app),
    readers: config.readers ?? [],
    ...(config.objectLock
      ? { objectLock: { mode: config.objectLock.mode, days: daysOf(config.objectLock.retention) } }
      : {}),
    ...(config.organization ? { organizationId: config.organization.id } : {}),
    cloudWatchLogs: config.cloudWatchLogs,
    insights: config.insights,
    archiveAfterDays,
    ...(alerts ? { alerts } : {}),
  };
}
