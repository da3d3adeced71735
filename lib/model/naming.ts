/**
 * Names are a contract: alarm names and logical ids change only on purpose.
 *
 * Alarm names: `<app>-<service>-<resource>-<signal>-<severity>`, ASCII, at most 255 characters. When the parts are
 * too long, the resource part is shortened and suffixed with a hash of the full name, so names stay unique and
 * stable.
 */
import type { Severity } from './alarm-spec';

export const MAX_ALARM_NAME = 255;

/** Characters kept in name parts; everything else becomes `-`. */
export function safeLabel(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  return cleaned || 'x';
}

/** FNV-1a, 32 bit, as 8 hex digits: short, stable, dependency-free. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export interface AlarmNameParts {
  readonly app: string;
  readonly service: string;
  readonly resource: string;
  readonly signal: string;
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

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/**
 * A CloudFormation logical id for a named thing: readable prefix plus a hash of the full name (unique even when
 * two names differ only in punctuation). At most 64 characters.
 */
export function logicalIdFor(prefix: string, name: string): string {
  return `${prefix}${pascal(name).slice(0, 48)}${shortHash(name)}`;
}
