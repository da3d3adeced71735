/**
 * History from a live account: GetMetricData for every query the replayed alarms need, up to 500 queries per
 * request (the API's limit), following `NextToken` until every query is complete, with throttling retried by
 * {@link awsCall}. Needs `cloudwatch:GetMetricData`.
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { awsCall, forEachPage, type RetryOptions } from '../aws/call';
import type { MetricQuery } from '../evaluate/replay';
import { formatMetric, metricKey, normalizeStat } from './metric-ref';
import { HistoryStore } from './store';

/** GetMetricData takes at most 500 queries per request. */
export const MAX_QUERIES_PER_REQUEST = 500;

export interface FetchOptions extends RetryOptions {
  /** Epoch seconds. */
  readonly from: number;
  readonly to: number;
  /** @default 500 */
  readonly queriesPerRequest?: number;
  /** Told after every request: requests done, batches done, batches in all. */
  readonly onProgress?: (progress: { requests: number; batches: number; totalBatches: number }) => void;
}

export interface FetchResult {
  readonly store: HistoryStore;
  readonly requests: number;
  /** Queries CloudWatch answered with an error status or a message. */
  readonly notes: readonly string[];
}

/** Unique queries, by metric, statistic and period. */
export function uniqueQueries(queries: readonly MetricQuery[]): MetricQuery[] {
  const seen = new Map<string, MetricQuery>();
  for (const q of queries) seen.set(`${metricKey(q.metric)}|${normalizeStat(q.stat)}|${q.period}`, q);
  return [...seen.values()];
}

function toDataQuery(q: MetricQuery, id: string): MetricDataQuery {
  return {
    Id: id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: q.metric.namespace,
        MetricName: q.metric.metricName,
        Dimensions: Object.entries(q.metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: q.period,
      Stat: q.stat,
    },
  };
}

/** Fetches every query over `[from, to)` into a store. */
export async function fetchHistory(
  client: CloudWatchClient,
  queries: readonly MetricQuery[],
  options: FetchOptions,
  store = new HistoryStore(),
): Promise<FetchResult> {
  const unique = uniqueQueries(queries);
  const size = Math.min(options.queriesPerRequest ?? MAX_QUERIES_PER_REQUEST, MAX_QUERIES_PER_REQUEST);
  const batches: MetricQuery[][] = [];
  for (let i = 0; i < unique.length; i += size) batches.push(unique.slice(i, i + size));
  const notes: string[] = [];
  let requests = 0;
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b];
    const times = batch.map(() => [] as number[]);
    const values = batch.map(() => [] as number[]);
    await forEachPage(
      (NextToken) =>
        awsCall<GetMetricDataCommandOutput>(
          'cloudwatch',
          client,
          new GetMetricDataCommand({
            MetricDataQueries: batch.map((q, i) => toDataQuery(q, `q${i}`)),
            StartTime: new Date(options.from * 1000),
            EndTime: new Date(options.to * 1000),
            ScanBy: 'TimestampAscending',
            NextToken,
          }),
          options,
        ),
      (out) => {
        requests++;
        for (const r of out.MetricDataResults ?? []) {
          const i = Number((r.Id ?? '').slice(1));
          if (!(i >= 0 && i < batch.length)) continue;
          const ts = r.Timestamps ?? [];
          const vs = r.Values ?? [];
          for (let j = 0; j < Math.min(ts.length, vs.length); j++) {
            times[i].push(new Date(ts[j]).getTime() / 1000);
            values[i].push(vs[j]);
          }
          if (r.StatusCode === 'Forbidden' || r.StatusCode === 'InternalError')
            notes.push(
              `${formatMetric(batch[i].metric)} ${batch[i].stat}: CloudWatch answered ${r.StatusCode}`,
            );
          for (const m of r.Messages ?? [])
            notes.push(
              `${formatMetric(batch[i].metric)} ${batch[i].stat}: ${m.Code ?? ''} ${m.Value ?? ''}`.trim(),
            );
        }
        for (const m of out.Messages ?? [])
          notes.push(`GetMetricData: ${m.Code ?? ''} ${m.Value ?? ''}`.trim());
        options.onProgress?.({ requests, batches: out.NextToken ? b : b + 1, totalBatches: batches.length });
      },
    );
    batch.forEach((q, i) => store.addAggregated(q.metric, q.stat, q.period, times[i], values[i]));
  }
  return { store, requests, notes: [...new Set(notes)] };
}
