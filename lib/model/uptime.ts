/**
 * Uptime checks the telemetry creates: CloudWatch Synthetics canaries described in telemetry.yaml (`canary`
 * entries with a `url` or a `script`) or in construct props. A check travels in the model as the `attributes` of
 * its `canary` resource (plain values), so the model stays one list of resources; {@link canaryChecksOf} reads
 * them back for `lib/uptime/`, which builds the canaries. Pure data, no CDK.
 */
import type { MonitoredResource, TelemetryModel } from './telemetry-model';

/** Canary names: 1-21 lower-case letters, digits, `-` and `_` (the Synthetics console's and API's long-standing limit). */
export const CANARY_NAME = /^[0-9a-z_-]{1,21}$/;

/** Node.js runtimes the generated HTTP check and journeys run on (Playwright or Puppeteer, `syn-nodejs-*-N.N`). */
export const CANARY_RUNTIME = /^syn-nodejs-(playwright|puppeteer)-\d{1,3}\.\d{1,3}$/;

/**
 * The runtime of created canaries: the newest Playwright runtime aws-cdk-lib 2.276 names
 * (`Runtime.SYNTHETICS_NODEJS_PLAYWRIGHT_6_0`, Node.js 22). AWS publishes newer ones from time to time; a
 * `runtime` per check picks another. Source: CloudWatch_Synthetics_Library_nodejs_playwright.html.
 */
export const DEFAULT_CANARY_RUNTIME = 'syn-nodejs-playwright-6.0';

/** Synthetics runs a canary for at most 14 minutes (840 s; aws-cdk-lib checks 3 to 840 s). */
export const MAX_CANARY_TIMEOUT_S = 840;
export const MIN_CANARY_TIMEOUT_S = 3;
/** Schedules from once a minute to once an hour (`rate(1 minute)` .. `rate(60 minutes)`). */
export const MIN_CANARY_EVERY_S = 60;
export const MAX_CANARY_EVERY_S = 3_600;

/** What a created canary does on each run. */
export type CanaryTest =
  | {
      readonly type: 'http';
      readonly url: string;
      /** @default 'GET' */
      readonly method: string;
      /** The status expected. @default - any 2XX */
      readonly status?: number;
      /** Text the body must contain. @default - not checked */
      readonly contains?: string;
    }
  | {
      readonly type: 'script';
      /** A `.js` file exporting `handler`, relative to where cdk runs (its folder is packaged). */
      readonly file: string;
    };

/** A canary to create. */
export interface CanaryCheck {
  readonly everySeconds: number;
  readonly timeoutSeconds: number;
  readonly runtime: string;
  readonly test: CanaryTest;
}

/** A check of a service, with the canary's name and where it was declared. */
export interface ServiceCanaryCheck extends CanaryCheck {
  readonly service: string;
  readonly name: string;
  readonly label: string;
  readonly origin: string;
}

const PREFIX = 'canary.';

/** A check as resource attributes (flat values). */
export function canaryAttributes(check: CanaryCheck): Record<string, string | number | boolean> {
  const t = check.test;
  return {
    [`${PREFIX}every`]: check.everySeconds,
    [`${PREFIX}timeout`]: check.timeoutSeconds,
    [`${PREFIX}runtime`]: check.runtime,
    [`${PREFIX}type`]: t.type,
    ...(t.type === 'http'
      ? {
          [`${PREFIX}url`]: t.url,
          [`${PREFIX}method`]: t.method,
          ...(t.status !== undefined ? { [`${PREFIX}status`]: t.status } : {}),
          ...(t.contains !== undefined ? { [`${PREFIX}contains`]: t.contains } : {}),
        }
      : { [`${PREFIX}file`]: t.file }),
  };
}

/** The check a `canary` resource creates, if it creates one. */
export function canaryCheckOf(r: MonitoredResource): CanaryCheck | undefined {
  const a = r.attributes;
  if (r.kind !== 'canary' || !a || !Object.hasOwn(a, `${PREFIX}type`)) return undefined;
  const get = (k: string) => (Object.hasOwn(a, PREFIX + k) ? a[PREFIX + k] : undefined);
  const test: CanaryTest =
    get('type') === 'http'
      ? {
          type: 'http',
          url: String(get('url')),
          method: String(get('method') ?? 'GET'),
          ...(get('status') !== undefined ? { status: Number(get('status')) } : {}),
          ...(get('contains') !== undefined ? { contains: String(get('contains')) } : {}),
        }
      : { type: 'script', file: String(get('file')) };
  return {
    everySeconds: Number(get('every')),
    timeoutSeconds: Number(get('timeout')),
    runtime: String(get('runtime')),
    test,
  };
}

/** Every canary the model creates, in service order. */
export function canaryChecksOf(model: Pick<TelemetryModel, 'services'>): ServiceCanaryCheck[] {
  return model.services.flatMap((s) =>
    s.resources.flatMap((r) => {
      const check = canaryCheckOf(r);
      return check
        ? [{ ...check, service: s.name, name: r.dimensions.CanaryName, label: r.label, origin: r.origin }]
        : [];
    }),
  );
}

/** Problems of a check, each naming the field (empty when it is valid). */
export function canaryCheckProblems(check: CanaryCheck): string[] {
  const out: string[] = [];
  const { everySeconds: every, timeoutSeconds: timeout } = check;
  if (!(
    Number.isInteger(every) &&
    every % 60 === 0 &&
    every >= MIN_CANARY_EVERY_S &&
    every <= MAX_CANARY_EVERY_S
  ))
    out.push(`every: ${every} s must be whole minutes from 1 minute to 1 hour`);
  if (!(Number.isInteger(timeout) && timeout >= MIN_CANARY_TIMEOUT_S && timeout <= MAX_CANARY_TIMEOUT_S))
    out.push(
      `timeout: ${timeout} s must be whole seconds from ${MIN_CANARY_TIMEOUT_S} to ${MAX_CANARY_TIMEOUT_S}`,
    );
  else if (timeout > every) out.push(`timeout: ${timeout} s is longer than the schedule (${every} s)`);
  if (!CANARY_RUNTIME.test(check.runtime))
    out.push(
      `runtime: "${check.runtime.slice(0, 60)}" is not a Node.js Synthetics runtime (syn-nodejs-playwright-6.0)`,
    );
  if (check.test.type === 'http' && !/^https?:\/\//.test(check.test.url))
    out.push(`url: "${check.test.url.slice(0, 60)}" must be an http:// or https:// URL`);
  return out;
}
