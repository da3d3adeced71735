/**
 * Names are a contract: alarm names and logical ids change only on purpose.
 *
 * Alarm names: `<app>-<service>-<resource>-<signal>-<severity>`, ASCII, at most 255 characters. When the parts are
 * too long, the resource part is shortened and suffixed with a hash of the full name, so names stay unique and
 * stable.
 */
import { SEVERITIES, type Severity } from './alarm-spec';

/** CloudWatch's longest alarm name, in characters. */
export const MAX_ALARM_NAME = 255;

/**
 * Stack groups the app's own stacks use (`<app>-telemetry-<name>`): a service or `stack:` of that name would
 * collide with them.
 */
export const RESERVED_STACK_GROUPS = [
  'core',
  'grafana',
  'tracing',
  'audit',
  'logs',
  'prometheus',
  'product',
  'uptime',
] as const;

/** `text` with every run of characters outside `keep` (a negated class) turned into one `-`, none at the ends. */
const clean = (text: string, keep: RegExp) =>
  text.replace(keep, '-').replace(/-{2,}/g, '-').replace(/^-|-$/g, '');

/** Characters kept in name parts; everything else becomes `-`. */
export function safeLabel(text: string): string {
  return clean(text, /[^A-Za-z0-9_.-]+/g) || 'x';
}

// A module constant, not `Math.imul` in the loop: under jest's vm context each global lookup costs 100x a local one.
const { imul } = Math;

/** FNV-1a over the text, then murmur3's finalizer so that similar texts spread evenly. 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** {@link hash32} as 8 hex digits: short, stable, dependency-free. */
export function shortHash(text: string): string {
  return hash32(text).toString(16).padStart(8, '0');
}

/**
 * A name of at most `max` letters, digits, "-" and "_": the text itself, or its start and a hash of the whole
 * (stable, unique). For names AWS limits harder than alarm names (X-Ray rules and groups).
 */
export function shortName(text: string, max: number): string {
  const cleaned = clean(text, /[^A-Za-z0-9_-]+/g);
  if (cleaned.length <= max) return cleaned;
  return `${cleaned.slice(0, max - 9).replace(/-$/, '')}-${shortHash(text)}`;
}

/**
 * Jump consistent hash (Lamping and Veach, 2014): the bucket in [0, buckets) for a key. When the number of buckets
 * grows from n to n + 1, only 1/(n + 1) of the keys move, all of them to the new bucket.
 */
export function jumpHash(text: string, buckets: number): number {
  let key = (BigInt(hash32(text)) << 32n) | BigInt(hash32(`${text}\u0001`));
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    key = (key * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = Math.floor(((b + 1) * 2 ** 31) / (Number(key >> 33n) + 1));
  }
  return b;
}

/** The parts of an alarm name, `<app>-<service>-<resource>-<signal>-<severity>`. */
export interface AlarmNameParts {
  /** The application's name. */
  readonly app: string;
  /** The service's name (`account` for account-wide alarms). */
  readonly service: string;
  /** The resource's label. */
  readonly resource: string;
  /** The signal: the catalog row's `signal`, e.g. `errors`. */
  readonly signal: string;
  /** The alarm's severity. */
  readonly severity: Severity;
}

/** The alarm name for a set of parts (see the module doc). */
export function alarmName(p: AlarmNameParts): string {
  const full = `${p.app}-${p.service}-${p.resource}-${p.signal}-${p.severity}`;
  if (full.length <= MAX_ALARM_NAME) return full;
  const fixed = `${p.app}-${p.service}--${p.signal}-${p.severity}`.length + 9; // 8 hex + "-"
  const keep = Math.max(1, MAX_ALARM_NAME - fixed);
  return `${p.app}-${p.service}-${p.resource.slice(0, keep)}-${shortHash(full)}-${p.signal}-${p.severity}`;
}

/**
 * Splits an alarm name built by {@link alarmName} back into its parts, given the app and the services that may own
 * it (service names may contain "-", so the longest matching service wins). Undefined when the name does not follow
 * the convention.
 */
export function parseAlarmName(
  name: string,
  app: string,
  services: readonly string[],
): AlarmNameParts | undefined {
  if (!name.startsWith(`${app}-`)) return undefined;
  const rest = name.slice(app.length + 1);
  const service = [...services].sort((a, b) => b.length - a.length).find((s) => rest.startsWith(`${s}-`));
  if (!service) return undefined;
  const parts = rest.slice(service.length + 1).split('-');
  if (parts.length < 3) return undefined;
  const severity = parts.pop() as Severity;
  const signal = parts.pop()!;
  if (!SEVERITIES.includes(severity) || !/^[a-z][A-Za-z0-9]*$/.test(signal)) return undefined;
  return { app, service, resource: parts.join('-'), signal, severity };
}

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/**
 * A CloudFormation logical id: a prefix, a readable part (at most 40 characters) and a hash of the unique name
 * (so ids differ even when readable parts collide or differ only in punctuation).
 */
export function logicalIdFor(prefix: string, readable: string, unique = readable): string {
  return `${prefix}${pascal(readable).slice(0, 40)}${shortHash(unique)}`;
}
