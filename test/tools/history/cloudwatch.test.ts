import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AwsAccessError, AwsSetupError, awsCall } from '../../../lib/tools/aws/call';
import { fetchHistory } from '../../../lib/tools/history/cloudwatch';
import { parseMetricRef } from '../../../lib/tools/history/metric-ref';

const cw = mockClient(CloudWatchClient);
beforeEach(() => cw.reset());

const query = (i: number) => ({ metric: parseMetricRef(`Shop Orders{Shard=${i}}`), stat: 'Sum', period: 60 });
const grid = { start: 0, period: 60, length: 3 };
const noSleep = { sleep: async () => undefined, random: () => 0.5 };
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });

describe('GetMetricData', () => {
  test('batches at most 500 queries per request, and deduplicates', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const queries = Array.from({ length: 1201 }, (_, i) => query(i));
    const r = await fetchHistory(new CloudWatchClient({ region: 'eu-west-1' }), [...queries, query(0)], {
      from: 0,
      to: 180,
    });
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls.map((c) => c.args[0].input.MetricDataQueries!.length)).toEqual([500, 500, 201]);
    expect(r.requests).toBe(3);
    expect(calls[0].args[0].input).toMatchObject({
      StartTime: new Date(0),
      EndTime: new Date(180_000),
      ScanBy: 'TimestampAscending',
    });
    expect(calls[0].args[0].input.MetricDataQueries![1]).toEqual({
      Id: 'q1',
      ReturnData: true,
      MetricStat: {
        Metric: { Namespace: 'Shop', MetricName: 'Orders', Dimensions: [{ Name: 'Shard', Value: '1' }] },
        Period: 60,
        Stat: 'Sum',
      },
    });
  });

  test('follows NextToken and joins partial data of each query; reports error statuses', async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'q0', Timestamps: [new Date(0)], Values: [1], StatusCode: 'PartialData' },
          { Id: 'q1', Timestamps: [], Values: [], StatusCode: 'Forbidden' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'q0', Timestamps: [new Date(120_000)], Values: [3], StatusCode: 'Complete' },
        ],
      });
    const progress: number[] = [];
    const r = await fetchHistory(new CloudWatchClient({ region: 'eu-west-1' }), [query(0), query(1)], {
      from: 0,
      to: 180,
      onProgress: (p) => progress.push(p.requests),
    });
    expect(cw.commandCalls(GetMetricDataCommand)[1].args[0].input.NextToken).toBe('page-2');
    expect(Array.from(r.store.series(query(0), grid)!.values)).toEqual([1, NaN, 3]);
    expect(r.notes).toEqual(['Shop Orders{Shard=1} Sum: CloudWatch answered Forbidden']);
    expect(progress).toEqual([1, 2]);
  });

  test('throttling is retried with backoff', async () => {
    cw.on(GetMetricDataCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ MetricDataResults: [] });
    const delays: number[] = [];
    await fetchHistory(new CloudWatchClient({ region: 'eu-west-1' }), [query(0)], {
      from: 0,
      to: 180,
      ...noSleep,
      onRetry: (_, ms) => delays.push(ms),
    });
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 3);
    expect(delays).toEqual([100, 200]); // half of 200 ms, then of 400 ms (random() = 0.5)
  });

  test('persistent throttling gives up after the attempts', async () => {
    cw.on(GetMetricDataCommand).rejects(throttled());
    await expect(
      fetchHistory(new CloudWatchClient({ region: 'eu-west-1' }), [query(0)], {
        from: 0,
        to: 60,
        attempts: 3,
        ...noSleep,
      }),
    ).rejects.toThrow('Rate exceeded');
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 3);
  });

  test('access denied names the missing IAM permission', async () => {
    cw.on(GetMetricDataCommand).rejects(
      Object.assign(
        new Error(
          'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudwatch:GetMetricData',
        ),
        {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        },
      ),
    );
    const p = fetchHistory(new CloudWatchClient({ region: 'eu-west-1' }), [query(0)], { from: 0, to: 60 });
    await expect(p).rejects.toThrow(AwsAccessError);
    await expect(
      fetchHistory(new CloudWatchClient({ region: 'eu-west-1' }), [query(0)], { from: 0, to: 60 }),
    ).rejects.toThrow(
      /^access denied: this needs the IAM permission cloudwatch:GetMetricData \(AWS said: User: .* is not authorized/,
    );
  });
});

describe('awsCall', () => {
  const client = new CloudWatchClient({ region: 'eu-west-1' });
  const command = new GetMetricDataCommand({
    MetricDataQueries: [],
    StartTime: new Date(0),
    EndTime: new Date(1),
  });
  test('missing credentials, region and expired tokens are setup errors that say what to do', async () => {
    cw.on(GetMetricDataCommand)
      .rejectsOnce(
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      )
      .rejectsOnce(new Error('Region is missing'))
      .rejectsOnce(Object.assign(new Error('expired'), { name: 'ExpiredTokenException' }));
    await expect(awsCall('cloudwatch', client, command)).rejects.toThrow(
      new AwsSetupError(
        'no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is available',
      ),
    );
    await expect(awsCall('cloudwatch', client, command)).rejects.toThrow(/no AWS region: pass --region/);
    await expect(awsCall('cloudwatch', client, command)).rejects.toThrow(
      /credentials were refused \(ExpiredTokenException\)/,
    );
  });

  test('5xx errors are retried; other errors are not', async () => {
    cw.on(GetMetricDataCommand)
      .rejectsOnce(
        Object.assign(new Error('oops'), {
          name: 'InternalServiceError',
          $metadata: { httpStatusCode: 500 },
        }),
      )
      .resolves({});
    await awsCall('cloudwatch', client, command, noSleep);
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
    cw.reset();
    cw.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('bad'), { name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } }),
    );
    await expect(awsCall('cloudwatch', client, command, noSleep)).rejects.toThrow('bad');
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
  });
});
