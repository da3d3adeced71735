/**
 * Usage the templates cannot tell: traffic, log volumes, Grafana users. Defaults (`usage-defaults.ts`) are
 * stated in every estimate; a YAML or JSON file (`--usage`) or `--set path=value` changes them. Validated with the
 * config's error machinery, so a mistake is one line naming the field. The CLI loads this module (and zod, yaml)
 * only when usage is given.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, explainIssues } from '../../config/errors';
import { obj } from '../../config/schema-helpers';
import { own, setOwn } from '../own';

const count = z.number().min(0);

export const UsageSchema = obj({
  /** Apply the account's free tier (alarm metrics, dashboards, logs, traces) to the total. */
  freeTier: z.boolean().default(true),
  xray: obj({
    /** Requests a month that each sampling rule matches. */
    requestsPerMonth: count.default(1_000_000),
  }).prefault({}),
  cloudtrail: obj({
    /** Whether the app's trail is the account's first copy of management events (which is free). */
    firstTrail: z.boolean().default(true),
    managementEventsPerMonth: count.default(1_000_000),
    /** Data events a month, for trails with data-event selectors. */
    dataEventsPerMonth: count.default(1_000_000),
  }).prefault({}),
  logs: obj({
    /** GB ingested a month by a log group with no size of its own below. */
    defaultGbPerMonth: count.default(0),
    /** GB ingested a month, by log group name or logical id. */
    groups: z.record(z.string(), count).default({}),
  }).prefault({}),
  rum: obj({
    /** RUM events a month per app monitor, after sampling (page views, errors, performance, custom events). */
    eventsPerMonth: count.default(100_000),
  }).prefault({}),
  grafana: obj({
    /** Active editors and admins per workspace (at least 1 is billed). */
    editors: count.default(1),
    viewers: count.default(0),
  }).prefault({}),
});

/**
 * The usage a cost estimate assumes (traces, log data, canary runs, Grafana users, ...), as parsed (defaults filled
 * in).
 */
export type Usage = z.output<typeof UsageSchema>;

/** `xray.requestsPerMonth=5e6` → a nested object; numbers and booleans are parsed, the rest kept as text. */
export function parseSetting(text: string, into: Record<string, unknown>): void {
  const eq = text.indexOf('=');
  if (eq < 1)
    throw new ConfigError('--set', [], `"${text}" is not path=value (e.g. xray.requestsPerMonth=5000000)`);
  const path = text.slice(0, eq).split('.');
  const raw = text.slice(eq + 1);
  const value =
    raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw !== '' && !Number.isNaN(Number(raw))
          ? Number(raw)
          : raw;
  // Own properties only: `__proto__.freeTier=false` is an unknown key, never a change to every object.
  let at = into;
  for (const key of path.slice(0, -1)) {
    const next = own(at, key);
    if (typeof next !== 'object' || next === null) setOwn(at, key, {});
    at = own(at, key) as Record<string, unknown>;
  }
  setOwn(at, path[path.length - 1], value);
}

/** Validates usage input (from a file, settings or code). Throws a one-line {@link ConfigError}. */
export function usageFrom(input: unknown, file = 'usage'): Usage {
  const result = UsageSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = explainIssues(result.error.issues, input);
  throw new ConfigError(file, issues[0].path, issues[0].message, undefined, issues.length - 1);
}

/** Reads a usage file (YAML or JSON) and applies `--set` settings on top. */
export function loadUsage(file: string | undefined, settings: readonly string[] = []): Usage {
  let input: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(file, [], `cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
    try {
      input = (parseYaml(text) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(file, [], `not YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  for (const s of settings) parseSetting(s, input);
  return usageFrom(input, file ?? '--set');
}
