/**
 * Alarm labels (service, resource, kind, signal) read back from alarm names. The name is the label encoding
 * (`<app>-<service>-<resource>-<signal>-<severity>`); a template records once which apps and services it holds,
 * plus the rare labels that names cannot carry (shortened resource parts), instead of metadata on every alarm.
 */
import type { AlarmLabels, AlarmSource, Severity } from './alarm-spec';
import type * as Kinds from './kinds';
import type { SloTierFacts } from './slo-words';
import { parseAlarmName } from './naming';

/** Template `Metadata["cdk-telemetry"]`. */
export interface TemplateTelemetryMetadata {
  /** Services per app whose alarms the template holds. */
  readonly apps: Readonly<Record<string, readonly string[]>>;
  /** Labels for alarms whose names do not carry them exactly, by alarm name. */
  readonly labels?: Readonly<Record<string, AlarmLabels>>;
  /** SLO tier composites in words (see `slo-words.ts`), by composite name. */
  readonly slos?: Readonly<Record<string, SloTierFacts>>;
}

let kinds: typeof Kinds | undefined;
/**
 * The kind of a metric, from the kind registry, loaded on first use: the CLI starts without it (its cost grows with
 * the number of kinds), and only commands that read alarm names back pay for it, once.
 */
function kindOf(namespace: string, dimensionNames: readonly string[], signal: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a faster CLI start
  kinds ??= require('./kinds') as typeof Kinds;
  return kinds.kindOf(namespace, dimensionNames, signal);
}

/** The metric a kind can be recognized by: the alarm's metric, or the first metric of its math. */
function metricOf(source: AlarmSource | undefined) {
  if (!source) return undefined;
  return source.type === 'metric' ? source.metric : source.metrics[0]?.metric;
}

/** Signals of SLO burn-rate alarms: `fastBurn`, `slowBurnLong`, `ticketBurnShort`, ... */
const SLO_SIGNAL = /^[a-z]+Burn(Long|Short)?$/;

/** Labels and severity from a name, or undefined when the name is not one of ours. */
export function labelsFromName(
  name: string,
  source: AlarmSource | undefined,
  meta: TemplateTelemetryMetadata,
): { labels: AlarmLabels; severity: Severity } | undefined {
  const exception = meta.labels?.[name];
  for (const [app, services] of Object.entries(meta.apps)) {
    const parts = parseAlarmName(name, app, services);
    if (!parts) continue;
    const severity = parts.severity;
    if (exception) return { labels: exception, severity };
    const metric = metricOf(source);
    // SLO burn-rate alarms and their tier composites (see `slo.ts`): the signal says so, whatever the metric.
    const kind = SLO_SIGNAL.test(parts.signal)
      ? 'slo'
      : metric
        ? kindOf(metric.namespace, Object.keys(metric.dimensions), parts.signal)
        : 'service';
    if (!kind) return undefined;
    return {
      labels: { app, service: parts.service, resource: parts.resource, kind, signal: parts.signal },
      severity,
    };
  }
  return undefined;
}
