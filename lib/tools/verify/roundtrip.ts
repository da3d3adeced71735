/**
 * Optional round trips that prove the telemetry pipeline works end to end, each within a bounded wait:
 * - metrics: PutMetricData of one datapoint with a unique dimension, read back with GetMetricData
 *   (needs `cloudwatch:PutMetricData`, `cloudwatch:GetMetricData`);
 * - traces: PutTraceSegments of one segment with a unique annotation, found with GetTraceSummaries and read with
 *   BatchGetTraces (needs `xray:PutTraceSegments`, `xray:GetTraceSummaries`, `xray:BatchGetTraces`).
 */
import { randomBytes } from 'node:crypto';
import {
  GetMetricDataCommand,
  PutMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import {
  BatchGetTracesCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  type BatchGetTracesCommandOutput,
  type GetTraceSummariesCommandOutput,
  type PutTraceSegmentsCommandOutput,
  type XRayClient,
} from '@aws-sdk/client-xray';
import { awsCall, realSleep, type RetryOptions } from '../aws/call';
import type { Check } from './check';

export interface RoundTripOptions extends RetryOptions {
  /** Seconds to wait for the data to come back. @default 180 */
  readonly timeoutSeconds?: number;
  /** Seconds between reads. @default 10 */
  readonly pollSeconds?: number;
  /** @default 'cdk-telemetry/verify' */
  readonly namespace?: string;
  /** Epoch milliseconds (tests pass a clock). */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A unique id for this run. */
  readonly runId?: string;
}

async function poll<T>(
  o: RoundTripOptions,
  attempt: () => Promise<T | undefined>,
): Promise<{ value?: T; waited: number }> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  const start = now();
  const limit = (o.timeoutSeconds ?? 180) * 1000;
  for (;;) {
    const value = await attempt();
    const waited = (now() - start) / 1000;
    if (value !== undefined) return { value, waited };
    if (now() - start + (o.pollSeconds ?? 10) * 1000 > limit) return { waited };
    await sleep((o.pollSeconds ?? 10) * 1000);
  }
}

export async function metricRoundTrip(client: CloudWatchClient, o: RoundTripOptions = {}): Promise<Check> {
  const now = o.now ?? Date.now;
  const run = o.runId ?? randomBytes(6).toString('hex');
  const namespace = o.namespace ?? 'cdk-telemetry/verify';
  const value = 1 + (parseInt(run.slice(0, 6), 16) % 1000);
  const at = new Date(Math.floor(now() / 60_000) * 60_000);
  const metric = { Namespace: namespace, MetricName: 'RoundTrip', Dimensions: [{ Name: 'Run', Value: run }] };
  await awsCall(
    'cloudwatch',
    client,
    new PutMetricDataCommand({
      Namespace: namespace,
      MetricData: [
        {
          MetricName: 'RoundTrip',
          Dimensions: metric.Dimensions,
          Timestamp: at,
          Value: value,
          Unit: 'Count',
        },
      ],
    }),
    o,
  );
  const { value: found, waited } = await poll(o, async () => {
    const out = await awsCall<GetMetricDataCommandOutput>(
      'cloudwatch',
      client,
      new GetMetricDataCommand({
        MetricDataQueries: [
          { Id: 'rt', MetricStat: { Metric: metric, Period: 60, Stat: 'Maximum' }, ReturnData: true },
        ],
        StartTime: new Date(at.getTime() - 5 * 60_000),
        EndTime: new Date(at.getTime() + 5 * 60_000),
      }),
      o,
    );
    const values = out.MetricDataResults?.[0]?.Values ?? [];
    return values.includes(value) ? value : undefined;
  });
  return found !== undefined
    ? {
        status: 'pass',
        kind: 'round trip',
        subject: 'metrics',
        detail: `PutMetricData ${namespace} RoundTrip{Run=${run}} = ${value}, read back with GetMetricData after ${Math.round(waited)}s`,
      }
    : {
        status: 'fail',
        kind: 'round trip',
        subject: 'metrics',
        detail: `the datapoint ${namespace} RoundTrip{Run=${run}} = ${value} was not readable with GetMetricData within ${o.timeoutSeconds ?? 180}s`,
      };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export async function traceRoundTrip(client: XRayClient, o: RoundTripOptions = {}): Promise<Check> {
  const now = o.now ?? Date.now;
  const run = o.runId ?? hex(6);
  const t = now() / 1000;
  const traceId = `1-${Math.floor(t).toString(16).padStart(8, '0')}-${hex(12)}`;
  const segmentId = hex(8);
  const doc = {
    name: 'cdk-telemetry-verify',
    id: segmentId,
    trace_id: traceId,
    start_time: t,
    end_time: t + 0.001,
    annotations: { cdk_telemetry_verify: run },
  };
  const put = await awsCall<PutTraceSegmentsCommandOutput>(
    'xray',
    client,
    new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(doc)] }),
    o,
  );
  const refused = put.UnprocessedTraceSegments ?? [];
  if (refused.length)
    return {
      status: 'fail',
      kind: 'round trip',
      subject: 'traces',
      detail: `PutTraceSegments refused the segment: ${refused.map((u) => `${u.ErrorCode ?? ''} ${u.Message ?? ''}`.trim()).join('; ')}`,
    };
  const { value: found, waited } = await poll(o, async () => {
    let token: string | undefined;
    do {
      const out = await awsCall<GetTraceSummariesCommandOutput>(
        'xray',
        client,
        new GetTraceSummariesCommand({
          StartTime: new Date((t - 300) * 1000),
          EndTime: new Date((t + 300) * 1000),
          FilterExpression: `annotation.cdk_telemetry_verify = "${run}"`,
          NextToken: token,
        }),
        o,
      );
      if ((out.TraceSummaries ?? []).some((s) => s.Id === traceId)) return traceId;
      token = out.NextToken;
    } while (token);
    return undefined;
  });
  if (!found)
    return {
      status: 'fail',
      kind: 'round trip',
      subject: 'traces',
      detail: `trace ${traceId} was not found with GetTraceSummaries within ${o.timeoutSeconds ?? 180}s`,
    };
  const got = await awsCall<BatchGetTracesCommandOutput>(
    'xray',
    client,
    new BatchGetTracesCommand({ TraceIds: [traceId] }),
    o,
  );
  const segments = got.Traces?.[0]?.Segments ?? [];
  return segments.some((s) => s.Id === segmentId)
    ? {
        status: 'pass',
        kind: 'round trip',
        subject: 'traces',
        detail: `PutTraceSegments ${traceId}, found with GetTraceSummaries after ${Math.round(waited)}s and read with BatchGetTraces`,
      }
    : {
        status: 'fail',
        kind: 'round trip',
        subject: 'traces',
        detail: `trace ${traceId} was listed but BatchGetTraces did not return segment ${segmentId}`,
      };
}
