/**
 * The live tools end to end through the CLI, on the synthesized example app: backtest from files and from a
 * mocked GetMetricData, and verify against mocked DescribeAlarms / X-Ray answers built from the templates.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  BatchGetTracesCommand,
  GetGroupsCommand,
  GetSamplingRulesCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  XRayClient,
} from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceRoundTrip } from '../../lib/tools/verify/roundtrip';
import { contractMetrics } from '../../lib/tools/verify/app-metrics';
import { alarmsOf, readAssembly } from '../../lib/tools/cli/assembly-option';
import { formatMetric } from '../../lib/tools/history/metric-ref';
import { sharedApp } from '../helpers/shared-synth';
import { run } from '../helpers/cli';

const { assembly } = sharedApp('example');
const app = assembly.directory;
const tmp = mkdtempSync(join(tmpdir(), 'live-tools-'));
const cw = mockClient(CloudWatchClient);
const xray = mockClient(XRayClient);

beforeAll(() => {
  process.env.AWS_REGION = 'eu-west-1';
});
beforeEach(() => {
  cw.reset();
  xray.reset();
});

const T0 = Date.parse('2026-03-02T00:00:00Z') / 1000;
const minutes = (n: number, f: (i: number) => number | null) =>
  Array.from({ length: n }, (_, i) => [T0 + i * 60, f(i)]);
const history = join(tmp, 'history.json');
writeFileSync(
  history,
  JSON.stringify({
    metrics: [
      {
        metric: 'AWS/Lambda Invocations{FunctionName=sophie-list-tasks}',
        stat: 'Sum',
        period: 60,
        points: minutes(120, () => 100),
      },
      {
        metric: 'AWS/Lambda Errors{FunctionName=sophie-list-tasks}',
        stat: 'Sum',
        period: 60,
        points: minutes(120, (i) => (i >= 30 && i < 40 ? 20 : 0)),
      },
    ],
  }),
);

/** `backtest --app <example> --history <file> ...` */
const backtest = (...argv: string[]) => run('backtest', '--app', app, '--history', history, ...argv);

describe('backtest', () => {
  test('from files: transitions, episodes, time in alarm and pages per alarm (JSON)', async () => {
    const r = await backtest(
      '--alarm',
      'sophie-api-sophie-list-tasks-err*',
      'sophie-api-service-*',
      '--format',
      'json',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      from: '2026-03-02T00:00:00Z',
      to: '2026-03-02T02:00:00Z',
      totals: { alarms: 3, inAlarm: 3, pages: 1 },
    });
    const byName = Object.fromEntries(report.alarms.map((a: { name: string }) => [a.name, a]));
    // 20 % errors from minute 30 to 39: the rate alarm needs 3 of 5 (ALARM at 00:33), clears after 3 good minutes
    expect(byName['sophie-api-sophie-list-tasks-errorRate-critical']).toMatchObject({
      condition: 'Error rate (%) > 5% for 3 of 5 min',
      transitions: [
        { time: '2026-03-02T00:33:00Z', from: 'OK', to: 'ALARM' },
        { time: '2026-03-02T00:43:00Z', from: 'ALARM', to: 'OK' },
      ],
      timeInAlarmSeconds: 600,
      pages: 0, // critical alarms page through the service composite
    });
    expect(byName['sophie-api-service-anyCritical-critical']).toMatchObject({
      pages: 1,
      notifications: [
        { time: '2026-03-02T00:33:00Z', state: 'ALARM', targets: ['sophie-telemetry-critical'] },
        { time: '2026-03-02T00:43:00Z', state: 'OK', targets: ['sophie-telemetry-critical'] },
      ],
    });
    // The errors warning is a 15-minute rate (issue 14's quiet default), evaluated every minute: minute 30's 20
    // errors are 1.3 % of the window at 00:31, and the window holds an error minute until 00:55.
    expect(byName['sophie-api-sophie-list-tasks-errors-warning'].alarmEpisodes).toEqual([
      { start: '2026-03-02T00:31:00Z', end: '2026-03-02T00:55:00Z' },
    ]);
  });

  test('HTML: one inline SVG chart per alarm with the series, the threshold and shaded ALARM bands', async () => {
    const out = join(tmp, 'report.html');
    const r = await backtest(
      '--alarm',
      'sophie-api-sophie-list-tasks-err*',
      '--format',
      'html',
      '--output',
      out,
    );
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    // The two chosen alarms and the service composite the critical one pages through.
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('class="threshold"');
    expect(html).toMatch(
      /<rect x="[\d.]+" y="10" width="[\d.]+" height="\d+" class="alarm"><title>ALARM 2026-03-02 00:33 \.\. 2026-03-02 00:43<\/title>/,
    );
    expect(html).toMatch(/<path d="M[\d. L]+" class="series"\/>/);
    expect(html).not.toMatch(/<script/);
  });

  test('--alarm brings the composite a silent critical alarm pages through, and says so', async () => {
    const r = await backtest('--alarm', 'sophie-api-sophie-list-tasks-*');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sophie-api-service-anyCritical-\s+critical\s+1\s+10 min\s+2\s+1\s+2\s/m);
    expect(r.out).toContain('8 alarms: 3 went to ALARM (3 episodes), 1 page, 3 notifications.');
    expect(r.out).toContain(
      '- sophie-api-service-anyCritical-critical is replayed too: it watches chosen alarms, whose pages go',
    );
  });

  test('alarms without history are one note, not a line per metric (JSON keeps every note)', async () => {
    const r = await backtest();
    const notes = r.out.slice(r.out.indexOf('\nNotes:\n'));
    expect(notes).toMatch(
      /^- no history for \d{2} alarms \(every datapoint of a metric they watch is missing\)/m,
    );
    expect(notes).not.toContain('no history for AWS/');
    // One note for every alarm without history; the only other note is the 15-minute errors rate's sliding window.
    expect(notes.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2);
    expect(notes.split('\n').filter((l) => l.startsWith('- no history'))).toHaveLength(1);
    expect(notes).toContain(
      "- sophie-api-sophie-list-tasks-errors-warning: evaluated every minute over a sliding 900s window (CloudWatch's default)",
    );
    const json = JSON.parse((await backtest('--format', 'json')).out);
    const perAlarm = json.alarms.flatMap((a: { notes: string[] }) => a.notes);
    expect(perAlarm.filter((n: string) => n.startsWith('no history for AWS/')).length).toBeGreaterThan(60);
  });

  test('table, --fail-on-alarm, and mistakes as one-line usage errors', async () => {
    const t = await backtest('--alarm', 'sophie-api-sophie-list-tasks-errors-warning', '--fail-on-alarm');
    expect(t.code).toBe(1);
    // At 120 columns (not a terminal), the name wraps after a dash to fit.
    expect(t.out).toMatch(
      /sophie-api-sophie-list-tasks-\s+warning\s+1\s+24 min\s+2\s+0\s+1\s+2026-03-02T00:31:00Z\nerrors-warning\n/,
    );
    expect(Math.max(...t.out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
    expect((await backtest('--alarm', 'sophie-api-list*')).err).toBe(
      'error: --alarm "sophie-api-list*" matches no alarm of the assembly\n',
    );
    expect((await run('backtest', '--app', app)).err).toBe(
      'error: give either --history <files...> or --live (history from GetMetricData)\n',
    );
    expect((await backtest('--format', 'pdf')).err).toBe(
      "error: option '--format <format>' argument 'pdf' is invalid. Allowed choices are table, md, json, html.\n",
    );
    expect((await run('backtest', '--app', join(tmp, 'nope'), '--history', history)).err).toMatch(
      /^error: --app .*nope: .*does not exist \(run `npx cdk synth` first\?\)\n$/,
    );
  });

  test('--live reads GetMetricData (with SampleCount for low-sample percentiles) and says so', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'q0', Timestamps: [new Date(T0 * 1000)], Values: [0], StatusCode: 'Complete' },
      ],
    });
    const r = await run(
      'backtest',
      '--app',
      app,
      '--live',
      '--alarm',
      // The stage's p90 latency row still ignores low-sample minutes (the budgets evaluate them since issue 14).
      'sophie-api-sophie-api-prod-latency-warning',
      '--from',
      '2026-03-02T00:00:00Z',
      '--to',
      '2026-03-02T01:00:00Z',
    );
    expect(r.code).toBe(0);
    const input = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(input.MetricDataQueries!.map((q) => q.MetricStat!.Stat)).toEqual(['p90', 'SampleCount']);
    expect(r.out).toMatch(/\(GetMetricData, 2 queries in 1 requests\)/);
  });

  test('--live without the permission: one line naming cloudwatch:GetMetricData, exit 2', async () => {
    cw.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const r = await run(
      'backtest',
      '--app',
      app,
      '--live',
      '--alarm',
      'sophie-api-sophie-list-tasks-errors-warning',
    );
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'error: access denied: this needs the IAM permission cloudwatch:GetMetricData (AWS said: not authorized)\n',
    );
  });
});

/** What DescribeAlarms would answer after `cdk deploy` of the synthesized templates. */
function deployedFromTemplates(): {
  metric: MetricAlarm[];
  composite: Record<string, unknown>[];
  samplingRules: Array<Record<string, unknown>>;
  groups: Array<Record<string, unknown>>;
} {
  let resources: Record<string, { Type: string; Properties: Record<string, unknown> }> = {};
  const concrete = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(concrete);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string')
        return `arn:aws:sns:eu-west-1:123456789012:${String(resources[o.Ref].Properties.TopicName)}`;
      if (typeof o['Fn::Sub'] === 'string')
        return (o['Fn::Sub'] as string)
          .replace('${AWS::Partition}', 'aws')
          .replace('${AWS::Region}', 'eu-west-1')
          .replace('${AWS::AccountId}', '123456789012');
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, concrete(x)]));
    }
    return v;
  };
  const metric: MetricAlarm[] = [];
  const composite: Record<string, unknown>[] = [];
  const samplingRules: Array<Record<string, unknown>> = [];
  const groups: Array<Record<string, unknown>> = [];
  for (const s of assembly.stacks) {
    resources = s.template.Resources;
    for (const r of Object.values(resources)) {
      // The example app's tracing stack: X-Ray returns rules and groups as they were put.
      if (r.Type === 'AWS::XRay::SamplingRule')
        samplingRules.push(r.Properties.SamplingRule as Record<string, unknown>);
      if (r.Type === 'AWS::XRay::Group') {
        const { GroupName, FilterExpression, InsightsConfiguration } = concrete(r.Properties) as Record<
          string,
          unknown
        >;
        groups.push({ GroupName, FilterExpression, InsightsConfiguration });
      }
      if (!r.Type.startsWith('AWS::CloudWatch::')) continue;
      const p = concrete(r.Properties) as Record<string, unknown>;
      const live = {
        ...p,
        AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${String(p.AlarmName)}`,
        StateValue: 'OK',
        ActionsEnabled: true,
      };
      if (r.Type === 'AWS::CloudWatch::Alarm') metric.push(live as MetricAlarm);
      if (r.Type === 'AWS::CloudWatch::CompositeAlarm') composite.push(live);
    }
  }
  return { metric, composite, samplingRules, groups };
}

/** An X-Ray sampling rule with the catch-all fields. */
const samplingRule = (
  RuleName: string,
  Priority: number,
  FixedRate: number,
  ReservoirSize: number,
  ServiceName: string,
) => ({
  RuleName,
  Priority,
  FixedRate,
  ReservoirSize,
  ServiceName,
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
  ResourceARN: '*',
  Version: 1,
});

describe('verify', () => {
  const deployed = deployedFromTemplates();
  const answer = (metric: MetricAlarm[], composite = deployed.composite) => {
    // two pages, as DescribeAlarms returns at most 100 per page
    cw.on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: metric.slice(0, 40), NextToken: 'p2' })
      .resolvesOnce({ MetricAlarms: metric.slice(40), CompositeAlarms: composite as never });
    xray.on(GetSamplingRulesCommand).resolves({
      SamplingRuleRecords: [
        { SamplingRule: samplingRule('Default', 10000, 0.05, 1, '*') },
        ...deployed.samplingRules.map((SamplingRule) => ({ SamplingRule }) as never),
      ],
    });
    xray.on(GetGroupsCommand).resolves({ Groups: [{ GroupName: 'Default' }, ...deployed.groups] as never });
  };

  test('a deployment that matches the assembly passes, exit 0; DescribeAlarms is paginated, both alarm types', async () => {
    answer(deployed.metric);
    const r = await run('verify', '--app', app);
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      // The subtitle wraps at the width like all prose (the assembly's path is long in a test).
      /^Deployment check\n=+\n[^]+\sagainst\sthe\saccount:\s\d+\spassed,\s0\sfailed,\s0\swarnings,\s0\sskipped\s\(app\sprefix\s"sophie-"\)\n\nThe account matches the assembly\.\n$/,
    );
    expect(r.code).toBe(0);
    const calls = cw.commandCalls(DescribeAlarmsCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      {
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        AlarmNamePrefix: 'sophie-',
        MaxRecords: 100,
        NextToken: undefined,
      },
      {
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        AlarmNamePrefix: 'sophie-',
        MaxRecords: 100,
        NextToken: 'p2',
      },
    ]);
  });

  test('changed, missing, disabled and unexpected alarms fail with what differs, exit 1 (JSON)', async () => {
    const [first, second, third, ...rest] = deployed.metric;
    answer([
      { ...first, Threshold: 50 },
      { ...second, ActionsEnabled: false },
      ...rest,
      { ...third, AlarmName: 'sophie-api-old-alarm' },
    ]);
    const r = await run('verify', '--app', app, '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    const failed = report.checks.filter((c: { status: string }) => c.status === 'fail');
    expect(failed).toEqual([
      expect.objectContaining({
        subject: first.AlarmName,
        detail: 'differs (assembly → deployed): threshold: 900 → 50',
        differences: [{ field: 'threshold', expected: 900, actual: 50 }],
      }),
      expect.objectContaining({
        subject: second.AlarmName,
        detail: 'actions are disabled; differs (assembly → deployed): actionsEnabled: true → false',
      }),
      expect.objectContaining({ subject: third.AlarmName, detail: 'not deployed' }),
      expect.objectContaining({
        subject: 'sophie-api-old-alarm',
        detail: expect.stringMatching(/^deployed with the prefix "sophie-" but not in the assembly/),
      }),
    ]);
    expect(report.summary).toMatchObject({ fail: 4 });
  });

  test('X-Ray sampling rules and groups in the assembly are compared field by field', async () => {
    const template = join(tmp, 'xray.template.json');
    writeFileSync(
      template,
      JSON.stringify({
        Resources: {
          Rule: {
            Type: 'AWS::XRay::SamplingRule',
            Properties: { SamplingRule: samplingRule('shop-api', 10, 0.1, 2, 'shop-*') },
          },
          Group: {
            Type: 'AWS::XRay::Group',
            Properties: {
              GroupName: 'shop-errors',
              FilterExpression: 'fault = true',
              InsightsConfiguration: { InsightsEnabled: true },
            },
          },
          Missing: {
            Type: 'AWS::XRay::Group',
            Properties: { GroupName: 'shop-slow', FilterExpression: 'duration > 2' },
          },
        },
      }),
    );
    cw.on(DescribeAlarmsCommand).resolves({});
    xray.on(GetSamplingRulesCommand).resolves({
      SamplingRuleRecords: [
        { SamplingRule: samplingRule('shop-api', 10, 0.5, 2, 'shop-*') },
        { SamplingRule: samplingRule('shop-extra', 20, 0.1, 1, '*') },
      ],
      NextToken: 'more',
    });
    xray.on(GetSamplingRulesCommand, { NextToken: 'more' }).resolves({ SamplingRuleRecords: [] });
    xray.on(GetGroupsCommand).resolves({
      Groups: [
        {
          GroupName: 'shop-errors',
          FilterExpression: 'fault = true',
          InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: false },
        },
      ],
    });
    const r = await run('verify', '--app', template, '--prefix', 'shop-', '--all');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /FAIL\s+x-ray sampling rule\s+shop-api\s+differs \(assembly → deployed\): FixedRate: 0\.1 → 0\.5/,
    );
    expect(r.out).toMatch(/PASS\s+x-ray group\s+shop-errors\s+deployed as synthesized/);
    expect(r.out).toMatch(/FAIL\s+x-ray group\s+shop-slow\s+not deployed/);
    expect(r.out).toMatch(
      /WARN\s+x-ray sampling rule\s+shop-extra\s+has the prefix "shop-" but is not in the assembly/,
    );
    expect(xray).toHaveReceivedCommandTimes(GetSamplingRulesCommand, 2);
  });

  test('round trips: a metric datapoint and a trace segment come back', async () => {
    answer(deployed.metric);
    cw.on(PutMetricDataCommand).resolves({});
    cw.on(GetMetricDataCommand).callsFake((input) => {
      const value = cw.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData![0].Value;
      expect(input.MetricDataQueries[0].MetricStat.Metric.Namespace).toBe('cdk-telemetry/verify');
      return { MetricDataResults: [{ Id: 'rt', Values: [value] }] };
    });
    xray.on(PutTraceSegmentsCommand).resolves({ UnprocessedTraceSegments: [] });
    xray.on(GetTraceSummariesCommand).callsFake(() => {
      const doc = JSON.parse(
        xray.commandCalls(PutTraceSegmentsCommand)[0].args[0].input.TraceSegmentDocuments![0],
      );
      return { TraceSummaries: [{ Id: doc.trace_id }] };
    });
    xray.on(BatchGetTracesCommand).callsFake((input) => {
      const doc = JSON.parse(
        xray.commandCalls(PutTraceSegmentsCommand)[0].args[0].input.TraceSegmentDocuments![0],
      );
      expect(input.TraceIds).toEqual([doc.trace_id]);
      return { Traces: [{ Id: doc.trace_id, Segments: [{ Id: doc.id, Document: '{}' }] }] };
    });
    const r = await run('verify', '--app', app, '--round-trip', '--all', '--format', 'json');
    expect(r.code).toBe(0);
    const trips = JSON.parse(r.out).checks.filter((c: { kind: string }) => c.kind === 'round trip');
    expect(trips.map((c: { subject: string; status: string }) => [c.subject, c.status])).toEqual([
      ['metrics', 'pass'],
      ['traces', 'pass'],
    ]);
    const doc = JSON.parse(
      xray.commandCalls(PutTraceSegmentsCommand)[0].args[0].input.TraceSegmentDocuments![0],
    );
    expect(doc.trace_id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(doc.id).toMatch(/^[0-9a-f]{16}$/);
  });

  test('a trace that never shows up fails after the bounded wait', async () => {
    xray.on(PutTraceSegmentsCommand).resolves({});
    xray.on(GetTraceSummariesCommand).resolves({ TraceSummaries: [] });
    let clock = 0;
    const sleeps: number[] = [];
    const check = await traceRoundTrip(new XRayClient({}), {
      timeoutSeconds: 60,
      pollSeconds: 10,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    expect(check).toMatchObject({
      status: 'fail',
      subject: 'traces',
      detail: expect.stringMatching(/was not found with GetTraceSummaries within 60s$/),
    });
    expect(sleeps).toEqual(Array(6).fill(10000)); // reads at 0, 10, ..., 60 s: never longer than the timeout
    expect(xray).toHaveReceivedCommandTimes(GetTraceSummariesCommand, 7);
  });

  test('without DescribeAlarms permission: one line naming it, exit 2', async () => {
    cw.on(DescribeAlarmsCommand).rejects(
      Object.assign(new Error('denied'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const r = await run('verify', '--app', app);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'error: access denied: this needs the IAM permission cloudwatch:DescribeAlarms (AWS said: denied)\n',
    );
    xray
      .on(GetSamplingRulesCommand)
      .rejects(Object.assign(new Error('nope'), { name: 'AccessDeniedException' }));
    cw.on(DescribeAlarmsCommand).resolves({});
    expect((await run('verify', '--app', app)).err).toBe(
      'error: access denied: this needs the IAM permission xray:GetSamplingRules (AWS said: nope)\n',
    );
  });

  describe('--app-metrics: the application emits what the alarms and dashboards read', () => {
    const NS = 'cdk-telemetry/sophie';
    const read = readAssembly(app, { out: () => undefined, err: () => undefined, isTTY: false });
    const contract = contractMetrics(
      alarmsOf(read),
      read.stacks.map((s) => s.template),
      NS,
    );
    const asListed = (ms: typeof contract) =>
      ms.map((w) => ({
        Namespace: w.metric.namespace,
        MetricName: w.metric.metricName,
        Dimensions: Object.entries(w.metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
      }));
    const appChecks = (out: string) =>
      (
        JSON.parse(out) as {
          checks: Array<{ status: string; kind: string; subject: string; detail: string }>;
        }
      ).checks.filter((c) => c.kind === 'app metric');

    test('the contract: journey stage times (alarms), the funnel and the KPIs (dashboard), each once', () => {
      const names = contract.map((w) => formatMetric(w.metric));
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(
        expect.arrayContaining([
          `${NS} JourneyStageTime{Journey=onboarding,Stage=first-success}`,
          `${NS} JourneyStarted{Journey=onboarding}`,
          `${NS} KpiSuccess{Kpi=workflow-success}`,
          `${NS} KpiCount{Kpi=tasks-created}`,
        ]),
      );
      expect(contract.every((w) => w.metric.namespace === NS)).toBe(true);
      expect(contract.find((w) => w.metric.metricName === 'KpiCount')!.by).toBe('dashboard sophie-product');
    });

    test('missing metrics fail (exit 1), stale ones warn; ListMetrics paginated, one GetMetricData over the window', async () => {
      answer(deployed.metric);
      const [missing, stale, ...rest] = contract;
      cw.on(ListMetricsCommand)
        .resolvesOnce({ Metrics: asListed([stale]), NextToken: 'm2' })
        .resolvesOnce({ Metrics: asListed(rest) });
      cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string }> }) => ({
        // every metric has datapoints but the stale one (q0: listed first)
        MetricDataResults: input.MetricDataQueries.slice(1).map((q) => ({
          Id: q.Id,
          Timestamps: [new Date()],
          Values: [3],
          StatusCode: 'Complete',
        })),
      }));
      const r = await run('verify', '--app', app, '--app-metrics', '2h', '--format', 'json');
      expect(r.err).toBe('');
      expect(r.code).toBe(1);
      const checks = appChecks(r.out);
      expect(checks).toHaveLength(contract.length);
      expect(checks.filter((c) => c.status === 'fail')).toEqual([
        expect.objectContaining({
          subject: formatMetric(missing.metric),
          detail: expect.stringMatching(/^missing: CloudWatch has never received it, but (alarm|dashboard) /),
        }),
      ]);
      expect(checks.filter((c) => c.status === 'warn')).toEqual([
        expect.objectContaining({
          subject: formatMetric(stale.metric),
          detail: expect.stringMatching(/^stale: no datapoint in the last 2 h/),
        }),
      ]);
      expect(checks.filter((c) => c.status === 'pass')).toHaveLength(contract.length - 2);
      expect(cw.commandCalls(ListMetricsCommand).map((c) => c.args[0].input)).toEqual([
        { Namespace: NS, NextToken: undefined },
        { Namespace: NS, NextToken: 'm2' },
      ]);
      const [get] = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
      expect(get.MetricDataQueries).toHaveLength(contract.length - 1);
      expect(get.MetricDataQueries![0].MetricStat).toMatchObject({ Stat: 'SampleCount', Period: 7200 });
      expect(get.EndTime!.getTime() - get.StartTime!.getTime()).toBe(7_200_000);
    });

    test('all present and recent: exit 0; a bad window is one usage line; ListMetrics denied names the permission', async () => {
      answer(deployed.metric);
      cw.on(ListMetricsCommand).resolves({ Metrics: asListed(contract) });
      cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string }> }) => ({
        MetricDataResults: input.MetricDataQueries.map((q) => ({
          Id: q.Id,
          Timestamps: [new Date()],
          Values: [1],
        })),
      }));
      const ok = await run('verify', '--app', app, '--app-metrics');
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/The account matches the assembly\.\n$/);
      expect((await run('verify', '--app', app, '--app-metrics', 'soon')).err).toMatch(
        /^error: --app-metrics .+\n$/,
      );
      // one page each from here on
      cw.on(DescribeAlarmsCommand).resolves({
        MetricAlarms: deployed.metric,
        CompositeAlarms: deployed.composite as never,
      });
      cw.on(ListMetricsCommand).rejects(
        Object.assign(new Error('denied'), {
          name: 'AccessDeniedException',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      expect((await run('verify', '--app', app, '--app-metrics')).err).toBe(
        'error: access denied: this needs the IAM permission cloudwatch:ListMetrics (AWS said: denied)\n',
      );
    });
  });
});
