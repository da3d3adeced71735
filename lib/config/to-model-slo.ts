/**
 * `services[].slos` → SLO models: each indicator's metrics from the resource it names, by kind (`SLI_SOURCES`).
 */
import type { MetricId } from '../model/alarm-spec';
import { parseDurationMs } from '../model/duration';
import type { SliModel, SloModel } from '../model/slo';
import type { MonitoredResource } from '../model/telemetry-model';
import { quote } from '../util/echo';
import { formatPath, type ConfigPath, type IssueSink } from './errors';
import type { SloConfig } from './schema-slo';

/** Where each kind's failed requests, requests and latency are. Kinds not listed cannot be an SLI. */
const SLI_SOURCES: ReadonlyMap<
  string,
  {
    readonly namespace: string;
    readonly bad: string;
    readonly valid: string;
    /** The statistic that counts valid events. @default 'Sum' */
    readonly validStat?: string;
    /** The latency metric; undefined when the kind cannot be a latency SLI. */
    readonly latency?: string;
    /** What a good event is, in words. */
    readonly good: string;
  }
> = new Map([
  [
    'restApi',
    {
      namespace: 'AWS/ApiGateway',
      bad: '5XXError',
      valid: 'Count',
      latency: 'Latency',
      good: 'requests to {r} answered without a 5XX',
    },
  ],
  [
    'restApiRoute',
    {
      namespace: 'AWS/ApiGateway',
      bad: '5XXError',
      valid: 'Count',
      latency: 'Latency',
      good: 'requests to {r} answered without a 5XX',
    },
  ],
  [
    'httpApi',
    {
      namespace: 'AWS/ApiGateway',
      bad: '5xx',
      valid: 'Count',
      latency: 'Latency',
      good: 'requests to {r} answered without a 5XX',
    },
  ],
  [
    'httpApiRoute',
    {
      namespace: 'AWS/ApiGateway',
      bad: '5xx',
      valid: 'Count',
      latency: 'Latency',
      good: 'requests to {r} answered without a 5XX',
    },
  ],
  [
    'lambda',
    {
      namespace: 'AWS/Lambda',
      bad: 'Errors',
      valid: 'Invocations',
      latency: 'Duration',
      good: 'requests to {r} answered without a function error',
    },
  ],
  // A canary run is one event: `Failed` counts failed runs, the sample count of `SuccessPercent` all runs.
  [
    'canary',
    {
      namespace: 'CloudWatchSynthetics',
      bad: 'Failed',
      valid: 'SuccessPercent',
      validStat: 'SampleCount',
      good: 'runs of the uptime check {r} that succeed',
    },
  ],
]);

/** The resource an SLO names: by label, else by AWS name (the fewest dimensions wins: a stage over its routes). */
function findResource(resources: readonly MonitoredResource[], ref: string): MonitoredResource | undefined {
  const usable = resources.filter((r) => SLI_SOURCES.has(r.kind));
  const byLabel = usable.find((r) => r.label === ref);
  if (byLabel) return byLabel;
  const byName = usable.filter((r) => Object.values(r.dimensions).includes(ref));
  byName.sort((a, b) => Object.keys(a.dimensions).length - Object.keys(b.dimensions).length);
  return byName[0];
}

/** Builds a service's SLOs; problems go to `issues` with the field's path. */
export function buildSlos(
  slos: readonly SloConfig[] | undefined,
  resources: readonly MonitoredResource[],
  path: ConfigPath,
  issues: IssueSink,
  applicationSignals = false,
): SloModel[] {
  const out: SloModel[] = [];
  const names = new Set<string>();
  (slos ?? []).forEach((slo, i) => {
    const p: ConfigPath = [...path, 'slos', i];
    if (names.has(slo.name)) {
      issues.add([...p, 'name'], `SLO name ${quote(slo.name)} is already used in this service`);
      return;
    }
    names.add(slo.name);
    const given = [slo.availability && 'availability', slo.latency && 'latency'].filter(Boolean);
    if (given.length !== 1) {
      issues.add(p, 'give exactly one indicator: availability or latency');
      return;
    }
    const key = slo.availability ? 'availability' : 'latency';
    const ref = (slo.availability ?? slo.latency)!.resource;
    const r = findResource(resources, ref);
    if (!r) {
      const known = resources
        .filter((x) => SLI_SOURCES.has(x.kind))
        .slice(0, 8)
        .map((x) => x.label);
      issues.add(
        [...p, key, 'resource'],
        `${quote(ref)} is not an API, API route, Lambda function or canary of this service${known.length ? ` (labels: ${known.join(', ')})` : ''}`,
      );
      return;
    }
    const src = SLI_SOURCES.get(r.kind)!;
    if (slo.latency && !src.latency) {
      issues.add(
        [...p, 'latency', 'resource'],
        `${quote(ref)} is a canary: it can be the indicator of an availability SLO, not of a latency SLO (use the API it checks)`,
      );
      return;
    }
    const metric = (metricName: string): MetricId => ({
      namespace: src.namespace,
      metricName,
      dimensions: r.dimensions,
    });
    let sli: SliModel;
    if (slo.latency) {
      const ms = parseDurationMs(slo.latency.threshold);
      sli = {
        type: 'percentRank',
        metric: metric(src.latency!),
        thresholdMs: ms,
        events: `requests to ${r.label} answered within ${ms} ms`,
      };
    } else {
      sli = {
        type: 'ratio',
        bad: { metric: metric(src.bad), stat: 'Sum' },
        valid: { metric: metric(src.valid), stat: src.validStat ?? 'Sum' },
        events: src.good.replace('{r}', r.label),
      };
    }
    out.push({
      name: slo.name,
      description: slo.description ?? sli.events,
      objective: slo.objective / 100,
      window: (slo.window === '28d' ? 28 : 30) * 86_400,
      sli,
      ...((slo.applicationSignals ?? applicationSignals) ? { applicationSignals: true } : {}),
      ...(slo.eventsPerMinute !== undefined ? { eventsPerMinute: slo.eventsPerMinute } : {}),
      origin: formatPath(p),
    });
  });
  return out;
}
