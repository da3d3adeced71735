/**
 * `logs:` (validated) → the logs model: retention tiers in days, data protection, and the archive with its bucket,
 * log groups and lifecycle checked against what S3 and CloudWatch Logs accept.
 */
import {
  ARCHIVE_STORAGE_CLASSES,
  DEFAULT_ARCHIVE_TRANSITIONS,
  DEFAULT_DATA_IDENTIFIERS,
  type ArchiveStorageClass,
  type ArchiveTransition,
  type LogArchiveModel,
  type LogsModel,
} from '../model/logs';
import {
  DEFAULT_RETENTION_TIERS,
  formatRetention,
  LOG_TIERS,
  parseRetention,
  tierProblems,
  type LogTier,
  type RetentionTiers,
} from '../model/retention';
import { objectLockProblem } from '../model/object-lock';
import type { ConfigPath, IssueSink } from './errors';
import type { LogsConfig } from './schema-logs';
import { daysOf } from './schema-helpers';
import { escapeText, quote } from '../util/echo';

/** Retention tiers from config (defaults for what is not given). */
export function retentionTiers(config: LogsConfig | undefined, issues: IssueSink): RetentionTiers {
  const out: Record<LogTier, number> = { ...DEFAULT_RETENTION_TIERS };
  for (const tier of LOG_TIERS) {
    const text = config?.retention?.[tier];
    if (text === undefined) continue;
    const r = parseRetention(text);
    if ('days' in r) out[tier] = r.days;
  }
  for (const p of tierProblems(out)) issues.add(['logs', 'retention', p.tier], p.message);
  return out;
}

/** The longest a substituted `{region}` can be (e.g. `ap-southeast-5`), for checking name lengths. */
const SAMPLE = { account: '123456789012', region: 'ap-southeast-5' };
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Prefixes and suffixes S3 keeps for itself (access point aliases, directory and table buckets...). */
const RESERVED_BUCKET_NAME = /^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/;

/**
 * Why S3 would refuse a bucket name (placeholders substituted first), if it would. A new bucket's name must also
 * avoid the prefixes and suffixes S3 reserves (`created`); an existing bucket may predate them.
 */
function bucketNameProblem(name: string, created: boolean): string | undefined {
  const unknown = /\{(?!account\}|region\})[^}]*\}/.exec(name);
  if (unknown)
    return `unknown placeholder ${escapeText(unknown[0].slice(0, 40))} (use {account} and {region})`;
  const filled = name.replace('{account}', SAMPLE.account).replace('{region}', SAMPLE.region);
  if (!BUCKET_NAME.test(filled) || filled.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(filled)) {
    return `${quote(name)} is not an S3 bucket name once filled in (3-63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit)`;
  }
  const reserved = created ? RESERVED_BUCKET_NAME.exec(filled) : null;
  if (reserved) {
    return `${quote(name)} ${reserved[1] ? 'starts' : 'ends'} with ${quote(reserved[0])}, which S3 reserves (prefixes xn--, sthree-, amzn-s3-demo-; suffixes -s3alias, --ol-s3, .mrap, --x-s3, --table-s3)`;
  }
  return undefined;
}

function archiveModel(
  config: NonNullable<LogsConfig['archive']>,
  tiers: RetentionTiers,
  issues: IssueSink,
): LogArchiveModel | undefined {
  const p: ConfigPath = ['logs', 'archive'];
  if (!config.bucket) {
    issues.add(
      [...p, 'bucket'],
      'say where the archive goes: bucket: { name: <app>-log-archive-{account}-{region} } creates a retained bucket (S3 names are global, so keep {account} and {region} in it), or bucket: { existing: <name> } uses yours',
    );
    return undefined;
  }
  const [key, bucketName] =
    'name' in config.bucket ? ['name', config.bucket.name] : ['existing', config.bucket.existing];
  const problem = bucketNameProblem(bucketName, key === 'name');
  if (problem) issues.add([...p, 'bucket', key], problem);

  const seen = new Map<string, number>();
  const logGroups = config.logGroups.map((g, i) => {
    const e = typeof g === 'string' ? { name: g } : g;
    const before = seen.get(e.name);
    if (before !== undefined)
      issues.add([...p, 'logGroups', i], `${quote(e.name)} is already archived at logGroups[${before}]`);
    seen.set(e.name, i);
    return { logGroupName: e.name, filterPattern: e.filter ?? '' };
  });

  const expiry = tiers.compliance;
  let transitions: ArchiveTransition[];
  if (config.transitions) {
    transitions = config.transitions.map((t) => ({
      storageClass: t.storageClass as ArchiveStorageClass,
      days: daysOf(t.after),
    }));
    transitions.forEach((t, i) => {
      const tp = [...p, 'transitions', i];
      const min = ARCHIVE_STORAGE_CLASSES[t.storageClass];
      if (t.days < min)
        issues.add(
          [...tp, 'after'],
          `S3 moves objects to ${t.storageClass} after ${min} days at the earliest`,
        );
      if (i > 0 && t.days <= transitions[i - 1].days) {
        issues.add(
          [...tp, 'after'],
          `transitions must be in order of age: ${t.days} days is not after ${transitions[i - 1].days}`,
        );
      }
      if (t.days >= expiry) {
        issues.add(
          [...tp, 'after'],
          `${t.days} days is not before the archive expires (the compliance tier, ${formatRetention(expiry)})`,
        );
      }
    });
  } else {
    transitions = DEFAULT_ARCHIVE_TRANSITIONS.filter((t) => t.days < expiry);
  }
  let objectLock: LogArchiveModel['objectLock'];
  if (config.objectLock) {
    const days = daysOf(config.objectLock.retention);
    if ('existing' in config.bucket) {
      issues.add(
        [...p, 'objectLock'],
        'Object Lock is set when a bucket is created: set it on your existing bucket, or let the archive create one (bucket: { name: ... })',
      );
    }
    const problem = objectLockProblem(days, expiry);
    if (problem) issues.add([...p, 'objectLock', 'retention'], problem);
    objectLock = { mode: config.objectLock.mode, days };
  }
  return {
    bucket: config.bucket,
    logGroups,
    transitions,
    extractMessages: config.extractMessages,
    ...(objectLock ? { objectLock } : {}),
  };
}

export function logsModel(config: LogsConfig, tiers: RetentionTiers, issues: IssueSink): LogsModel {
  let dataProtection: LogsModel['dataProtection'];
  if (config.dataProtection) {
    const d = config.dataProtection;
    const identifiers = d.identifiers ?? DEFAULT_DATA_IDENTIFIERS;
    const custom = d.custom ?? [];
    const names = new Map<string, string>();
    identifiers.forEach((id, i) => {
      if (names.has(id))
        issues.add(['logs', 'dataProtection', 'identifiers', i], `${quote(id)} is listed twice`);
      names.set(id, 'identifiers');
    });
    custom.forEach((c, i) => {
      if (names.has(c.name)) {
        issues.add(
          ['logs', 'dataProtection', 'custom', i, 'name'],
          `${quote(c.name)} is already a data identifier name`,
        );
      }
      names.set(c.name, 'custom');
      try {
        new RegExp(c.regex);
      } catch (e) {
        issues.add(
          ['logs', 'dataProtection', 'custom', i, 'regex'],
          `not a regular expression: ${quote((e as Error).message, 120)}`,
        );
      }
    });
    dataProtection = { identifiers, custom };
  }
  const archive = config.archive ? archiveModel(config.archive, tiers, issues) : undefined;
  return {
    tiers,
    ...(dataProtection ? { dataProtection } : {}),
    encryption: config.encryption,
    ...(archive ? { archive } : {}),
  };
}
