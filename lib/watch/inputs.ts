/**
 * What the constructs take: a service's resources as CDK constructs (L2 or L1) or as telemetry.yaml entries (names,
 * for resources outside the app), and alarm overrides keyed by the kind's alarm ids. The types are derived from the
 * kind registry, so a new kind is accepted without editing any construct.
 */
import { Construct, type IConstruct } from 'constructs';
import type { z } from 'zod';
import type { Severity } from '../model/alarm-spec';
import type { KindKey, KINDS } from '../model/kinds';
import { TelemetryPropsError } from '../util/errors';
import type { KindAlarmIds } from './alarm-ids';
import { entryFromConstruct } from './entry-from-construct';
import { settingsOf, withSettings } from './resource-settings';

/** A kind's telemetry.yaml entry, as written (a name, or an object with a name and options). */
export type KindEntryInput<K extends KindKey> = z.input<
  ReturnType<(typeof KINDS)[K]['config']['schema']>['entry']
>;

/** Any kind's alarm id (`errors`, `throttles`, `serverErrorRate`...): the keys of alarm overrides. */
export type AlarmId = KindAlarmIds[KindKey];

/**
 * Overrides of one alarm, in telemetry.yaml's units and with its validation (a wrong value fails the synth with
 * the construct path and the allowed range).
 */
export interface AlarmOverrideInput {
  /** Switch the alarm on or off. @default - the catalog's choice for the row */
  readonly enabled?: boolean;
  /** Threshold in the metric's unit (ms for latency, % for rates, a count otherwise). @default - the catalog's */
  readonly threshold?: number;
  /** `critical` pages; `warning` and `info` notify. @default - the catalog's */
  readonly severity?: Severity;
  /** Evaluation period: `10s`, `30s` or a multiple of `1m`, at most `1d`. @default - the catalog's */
  readonly period?: string;
  /** M of N: `3/5` alarms when 3 of the last 5 periods breach. @default - the catalog's */
  readonly datapoints?: string;
  /** How missing datapoints count. @default - the catalog's */
  readonly missing?: 'missing' | 'ignore' | 'breaching' | 'notBreaching';
  /** `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile such as `p95`. @default - the catalog's */
  readonly statistic?: string;
  /** Replaces what the alarm says it means. @default - the catalog's meaning */
  readonly description?: string;
  /** A runbook link (http or https), added to the description. @default - none */
  readonly runbook?: string;
}

/** Overrides of a kind's alarms, keyed by its alarm ids (a typo is a compile error). */
export type AlarmOverrides<K extends KindKey> = { readonly [Id in KindAlarmIds[K]]?: AlarmOverrideInput };

/** One resource of a kind: its construct (L2 such as `lambda.Function`, or its L1 `CfnFunction`), or its entry. */
export type ResourceInput<K extends KindKey> = IConstruct | KindEntryInput<K>;

/**
 * A service's resources, one optional list per kind of the registry (`lambda`, `restApi`, `httpApi`, `dynamodb`,
 * `sqs`, `sns`, `stepFunctions`, ...). Each item is a construct of your app (dimensions, labels and what the
 * construct knows are read from it) or a telemetry.yaml entry (names, for resources outside the app).
 */
export type ServiceResources = { readonly [K in KindKey]?: ReadonlyArray<ResourceInput<K>> };

/** The resource an SLO measures: a construct of the service (an API, its stage, a function, a canary), or its label. */
export interface SloIndicatorInput {
  /** The construct, or the label (or AWS name) of a resource of this service. */
  readonly resource: IConstruct | string;
}

/**
 * A service level objective, as telemetry.yaml's `services[].slos[]` (same fields, same validation), with a construct
 * allowed as the indicator's resource. Give exactly one of `availability` and `latency`.
 */
export interface SloInput {
  /** Short name, unique in the service: part of alarm names (`availability`, `latency`). */
  readonly name: string;
  /** What is promised, in words. @default - what the indicator counts */
  readonly description?: string;
  /** The share of good events to reach, in percent, from 90 to 99.999 (e.g. 99.9). */
  readonly objective: number;
  /** The rolling SLO window. @default '30d' */
  readonly window?: '28d' | '30d';
  /** Good events are requests without a 5XX or function error, or canary runs that succeed. @default - none */
  readonly availability?: SloIndicatorInput;
  /** Good events are requests answered within `threshold` (`300ms`). @default - none */
  readonly latency?: SloIndicatorInput & { readonly threshold: string };
  /** Also an `AWS::ApplicationSignals::ServiceLevelObjective`. @default - the construct's `applicationSignals.slos` */
  readonly applicationSignals?: boolean;
  /** Requests (or canary runs) a minute at usual traffic, for `review`'s words. @default - per 1,000 requests */
  readonly eventsPerMinute?: number;
}

/** A service: its name and its resources. */
export interface ServiceProps extends ServiceResources {
  /** The service name: the second part of its alarm names (lower case, digits and `-`, at most 32). */
  readonly name: string;
  /** What the service does, shown on its dashboard. @default - none */
  readonly description?: string;
  /**
   * The name of a stack shared with other services (used by the config-driven app to group services; a construct
   * renders in its own stack). @default - the service's own
   */
  readonly stack?: string;
  /** Service level objectives, alerting by multi-window burn rates. @default - none */
  readonly slos?: readonly SloInput[];
}

/**
 * The telemetry.yaml shape of a service: every construct replaced by the entry its kind reads from it. A construct
 * under the wrong kind, or one no kind recognizes, is an error naming `scope` and the field.
 */
export function serviceEntries(scope: IConstruct, service: ServiceProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(service)) {
    if (key === 'slos' && Array.isArray(value)) {
      out[key] = value.map((slo: unknown, i: number) => sloEntry(scope, slo, `service.slos[${i}]`));
      continue;
    }
    if (!Array.isArray(value)) {
      out[key] = value;
      continue;
    }
    out[key] = value.map((item: unknown, i: number) => {
      if (!Construct.isConstruct(item)) return item;
      const found = entryFromConstruct(item);
      if (!found)
        throw new TelemetryPropsError(
          scope,
          `service.${key}[${i}]: ${item.node.path} is not a resource cdk-telemetry monitors; give its name instead`,
        );
      if (found.kind !== key)
        throw new TelemetryPropsError(
          scope,
          `service.${key}[${i}]: ${item.node.path} is a ${found.kind} resource: list it under service.${found.kind}`,
        );
      return withSettings(found.entry, settingsOf(item));
    });
  }
  return out;
}

/** An SLO with its indicator's construct replaced by the label the construct's entry gives the resource. */
export function sloEntry(scope: IConstruct, slo: unknown, path: string): unknown {
  if (!slo || typeof slo !== 'object') return slo;
  const out: Record<string, unknown> = { ...(slo as Record<string, unknown>) };
  for (const key of ['availability', 'latency'] as const) {
    const indicator = out[key] as { resource?: unknown } | undefined;
    if (!indicator || typeof indicator !== 'object' || !Construct.isConstruct(indicator.resource)) continue;
    const c = indicator.resource;
    const found = entryFromConstruct(c);
    const entry = found?.entry as { label?: unknown; name?: unknown } | string | undefined;
    const ref = typeof entry === 'string' ? entry : (entry?.label ?? entry?.name);
    if (typeof ref !== 'string')
      throw new TelemetryPropsError(
        scope,
        `${path}.${key}.resource: ${c.node.path} is not a resource cdk-telemetry monitors; give an API, stage, function or canary of the service`,
      );
    out[key] = { ...indicator, resource: ref };
  }
  return out;
}
