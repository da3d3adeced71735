/**
 * After deploy, is the application emitting what the config declares? The contract is every metric of the app's
 * namespace (`cdk-telemetry/<app>`, what `cdk-telemetry/runtime` writes) that the synthesized alarms and dashboards
 * read. Each must exist (ListMetrics of the namespace, every page: a metric CloudWatch has never received is
 * missing, a failure) and have datapoints in the last `window` seconds (GetMetricData, SampleCount: none is stale,
 * a warning, as a quiet hour may have no signups). Needs `cloudwatch:ListMetrics` and `cloudwatch:GetMetricData`.
 */
import {
  ListMetricsCommand,
  type CloudWatchClient,
  type ListMetricsCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import type { AnyAlarmSpec, MetricId } from '../../model/alarm-spec';
import { formatDuration } from '../../model/duration';
import { awsCall, forEachPage, type RetryOptions } from '../aws/call';
import { fetchHistory } from '../history/cloudwatch';
import { formatMetric, metricKey } from '../history/metric-ref';
import type { CfnTemplateLike } from '../read/intrinsics';
import type { Check } from './check';

/** A metric of the contract and what reads it (the first alarm or dashboard found). */
export interface WatchedMetric {
  readonly metric: MetricId;
  readonly by: string;
}

/** The metrics of `namespace` that the alarms watch (metric and math alarms). */
function alarmMetrics(alarms: readonly AnyAlarmSpec[], namespace: string, into: Map<string, WatchedMetric>) {
  for (const a of alarms) {
    if (a.type !== 'metric') continue;
    const metrics = a.source.type === 'metric' ? [a.source.metric] : a.source.metrics.map((m) => m.metric);
    for (const metric of metrics)
      if (metric.namespace === namespace && !into.has(metricKey(metric)))
        into.set(metricKey(metric), { metric, by: `alarm ${a.name}` });
  }
}

/** The body of a dashboard resource: a string, or the text of an `Fn::Sub`; undefined for anything else. */
function dashboardBody(properties: Record<string, unknown>): string | undefined {
  const body = properties.DashboardBody;
  if (typeof body === 'string') return body;
  const sub = (body as { 'Fn::Sub'?: unknown } | undefined)?.['Fn::Sub'];
  const text = Array.isArray(sub) ? sub[0] : sub;
  return typeof text === 'string' ? text : undefined;
}

/**
 * The metrics of `namespace` a dashboard body graphs: rows of `metrics` arrays, `"."` repeating the row above, the
 * options object and expressions skipped.
 */
export function dashboardMetrics(body: string, namespace: string): MetricId[] {
  let widgets: unknown;
  try {
    widgets = (JSON.parse(body) as { widgets?: unknown }).widgets;
  } catch {
    return []; // a body with unresolved tokens outside Fn::Sub: not ours to read
  }
  const out: MetricId[] = [];
  for (const w of Array.isArray(widgets) ? widgets : []) {
    const rows = (w as { properties?: { metrics?: unknown } })?.properties?.metrics;
    let previous: string[] = [];
    for (const row of Array.isArray(rows) ? rows : []) {
      if (!Array.isArray(row) || typeof row[0] !== 'string') continue;
      const plain = row.filter((v): v is string => typeof v === 'string');
      const full = plain.map((v, i) => (v === '.' ? (previous[i] ?? v) : v));
      previous = full;
      const [ns, metricName, ...pairs] = full;
      if (ns !== namespace || metricName === undefined) continue;
      const dimensions: Record<string, string> = Object.create(null);
      for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
      out.push({ namespace: ns, metricName, dimensions: { ...dimensions } });
    }
  }
  return out;
}

/** Every metric of `namespace` that the alarms and the dashboards of the templates read, each once. */
export function contractMetrics(
  alarms: readonly AnyAlarmSpec[],
  templates: readonly CfnTemplateLike[],
  namespace: string,
): WatchedMetric[] {
  const out = new Map<string, WatchedMetric>();
  alarmMetrics(alarms, namespace, out);
  for (const t of templates) {
    for (const r of Object.values(t.Resources ?? {})) {
      if (r?.Type !== 'AWS::CloudWatch::Dashboard') continue;
      const props = (r.Properties ?? {}) as Record<string, unknown>;
      const body = dashboardBody(props);
      if (body === undefined) continue;
      const name = typeof props.DashboardName === 'string' ? props.DashboardName : 'a dashboard';
      for (const metric of dashboardMetrics(body, namespace))
        if (!out.has(metricKey(metric))) out.set(metricKey(metric), { metric, by: `dashboard ${name}` });
    }
  }
  return [...out.values()];
}

/** ListMetrics of one namespace, every page: the keys of the metrics CloudWatch has. */
async function listedMetrics(client: CloudWatchClient, namespace: string, retry: RetryOptions) {
  const keys = new Set<string>();
  await forEachPage(
    (NextToken) =>
      awsCall<ListMetricsCommandOutput>(
        'cloudwatch',
        client,
        new ListMetricsCommand({ Namespace: namespace, NextToken }),
        retry,
      ),
    (out) => {
      for (const m of out.Metrics ?? []) {
        const dimensions: Record<string, string> = Object.create(null);
        for (const d of m.Dimensions ?? []) dimensions[d.Name ?? ''] = d.Value ?? '';
        keys.add(
          metricKey({ namespace: m.Namespace ?? namespace, metricName: m.MetricName ?? '', dimensions }),
        );
      }
    },
  );
  return keys;
}

export interface AppMetricsOptions extends RetryOptions {
  /** Seconds back from `now` in which each metric must have a datapoint. */
  readonly windowSeconds: number;
  /** Epoch seconds. @default now */
  readonly now?: number;
}

/** One check per metric of the contract: pass, fail (missing) or warn (no datapoint in the window). */
export async function checkAppMetrics(
  client: CloudWatchClient,
  contract: readonly WatchedMetric[],
  namespace: string,
  options: AppMetricsOptions,
): Promise<Check[]> {
  if (contract.length === 0)
    return [
      {
        status: 'skip',
        kind: 'app metric',
        subject: namespace,
        detail: 'no alarm or dashboard of the assembly reads the application namespace',
      },
    ];
  const listed = await listedMetrics(client, namespace, options);
  const present = contract.filter((w) => listed.has(metricKey(w.metric)));
  const to = Math.floor((options.now ?? Date.now() / 1000) / 60) * 60 + 60;
  const period = Math.max(60, Math.ceil(options.windowSeconds / 60) * 60);
  const from = to - period;
  const { store } = await fetchHistory(
    client,
    present.map((w) => ({ metric: w.metric, stat: 'SampleCount', period })),
    { ...options, from, to },
  );
  const grid = { start: from, period, length: 1 };
  const window = formatDuration(period * 1000);
  return contract.map((w): Check => {
    const subject = formatMetric(w.metric);
    if (!listed.has(metricKey(w.metric)))
      return {
        status: 'fail',
        kind: 'app metric',
        subject,
        detail: `missing: CloudWatch has never received it, but ${w.by} reads it (is the code instrumented, with these names?)`,
      };
    const samples = store.series({ metric: w.metric, stat: 'SampleCount', period }, grid)?.values[0];
    return samples !== undefined && samples > 0
      ? { status: 'pass', kind: 'app metric', subject, detail: `${samples} datapoints in the last ${window}` }
      : {
          status: 'warn',
          kind: 'app metric',
          subject,
          detail: `stale: no datapoint in the last ${window} (${w.by} reads it)`,
        };
  });
}
