/**
 * Deployed alarms against the assembly: every synthesized alarm exists with the same definition (metric and
 * composite, through DescribeAlarms, paginated), nothing unexpected carries the app's prefix, actions are
 * enabled. Deployed alarms are read with the same reader as templates, so "the same definition" means the same
 * AlarmSpec. Needs `cloudwatch:DescribeAlarms`.
 */
import {
  DescribeAlarmsCommand,
  type CloudWatchClient,
  type CompositeAlarm,
  type DescribeAlarmsCommandOutput,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { renderAlarmRule } from '../../model/alarm-rule';
import type { AlarmSpec, AnyAlarmSpec } from '../../model/alarm-spec';
import { awsCall, forEachPage, type RetryOptions } from '../aws/call';
import { COMPOSITE_PROPS, METRIC_PROPS, readAlarmResource } from '../read/alarm-reader';
import { differences, describeDifferences, type Check } from './check';

export interface DeployedAlarms {
  readonly metric: readonly MetricAlarm[];
  readonly composite: readonly CompositeAlarm[];
}

/** DescribeAlarms for both alarm types, every page. */
export async function describeAllAlarms(
  client: CloudWatchClient,
  prefix: string | undefined,
  retry: RetryOptions = {},
): Promise<DeployedAlarms & { requests: number }> {
  const metric: MetricAlarm[] = [];
  const composite: CompositeAlarm[] = [];
  const requests = await forEachPage(
    (NextToken) =>
      awsCall<DescribeAlarmsCommandOutput>(
        'cloudwatch',
        client,
        new DescribeAlarmsCommand({
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          ...(prefix ? { AlarmNamePrefix: prefix } : {}),
          MaxRecords: 100,
          NextToken,
        }),
        retry,
      ),
    (out) => {
      metric.push(...(out.MetricAlarms ?? []));
      composite.push(...(out.CompositeAlarms ?? []));
    },
  );
  return { metric, composite, requests };
}

const pick = (o: object, keys: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(o).filter(([k, v]) => keys.has(k) && v !== undefined && v !== null));

/** A deployed alarm as an AlarmSpec, read like a template resource. */
export function deployedSpec(
  alarm: MetricAlarm | CompositeAlarm,
  type: 'metric' | 'composite',
): AnyAlarmSpec {
  const properties = pick(alarm, type === 'metric' ? METRIC_PROPS : COMPOSITE_PROPS);
  const resource = {
    Type: type === 'metric' ? 'AWS::CloudWatch::Alarm' : 'AWS::CloudWatch::CompositeAlarm',
    Properties: properties,
  };
  return readAlarmResource(alarm.AlarmName ?? '?', resource, {}, '')!.spec;
}

/** What must match: everything but severity and labels (deployed alarms carry no template metadata). */
function definition(spec: AnyAlarmSpec): Record<string, unknown> {
  const actions = {
    alarm: [...spec.actions.alarm].sort(),
    ok: [...spec.actions.ok].sort(),
    insufficientData: [...spec.actions.insufficientData].sort(),
  };
  const common = { description: spec.description, actions, actionsEnabled: spec.actionsEnabled !== false };
  if (spec.type === 'composite') return { ...common, rule: renderAlarmRule(spec.rule) };
  const s: AlarmSpec = spec;
  const source =
    s.source.type === 'metric'
      ? { ...s.source, metric: { ...s.source.metric, dimensions: sortKeys(s.source.metric.dimensions) } }
      : {
          ...s.source,
          metrics: s.source.metrics.map((m) => ({
            ...m,
            metric: { ...m.metric, dimensions: sortKeys(m.metric.dimensions) },
          })),
        };
  return {
    ...common,
    source,
    comparison: s.comparison,
    threshold: s.threshold,
    evaluationPeriods: s.evaluationPeriods,
    datapointsToAlarm: s.datapointsToAlarm,
    treatMissingData: s.treatMissingData,
    evaluateLowSampleCountPercentile: s.evaluateLowSampleCountPercentile,
  };
}

const sortKeys = (o: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** Template values keep `${AWS::Region}`-style placeholders: they match any value there. */
function sameValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'string' && expected.includes('${AWS::')) {
    const re = new RegExp(
      `^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\$\\\{AWS::[A-Za-z]+\\\}/g, '[^:]*')}$`,
    );
    return re.test(actual);
  }
  return expected === actual;
}

export interface AlarmCheckOptions {
  /** Deployed alarms with this prefix must all be in the assembly. */
  readonly prefix?: string;
}

export function checkAlarms(
  assembly: readonly AnyAlarmSpec[],
  deployed: DeployedAlarms,
  options: AlarmCheckOptions = {},
): Check[] {
  const live = new Map<string, AnyAlarmSpec>();
  for (const a of deployed.metric) live.set(a.AlarmName ?? '', deployedSpec(a, 'metric'));
  for (const a of deployed.composite) live.set(a.AlarmName ?? '', deployedSpec(a, 'composite'));
  const checks: Check[] = [];
  for (const spec of assembly) {
    const kind = spec.type === 'composite' ? 'composite alarm' : 'alarm';
    if (spec.name.includes('${')) {
      checks.push({
        status: 'skip',
        kind,
        subject: spec.name,
        detail: 'the name is only known at deploy time',
      });
      continue;
    }
    const got = live.get(spec.name);
    if (!got) {
      checks.push({ status: 'fail', kind, subject: spec.name, detail: 'not deployed' });
      continue;
    }
    if (got.type !== spec.type) {
      checks.push({ status: 'fail', kind, subject: spec.name, detail: `deployed as a ${got.type} alarm` });
      continue;
    }
    const diffs = differences(definition(spec), definition(got), '', sameValue);
    if (diffs.length === 0)
      checks.push({ status: 'pass', kind, subject: spec.name, detail: 'deployed as synthesized' });
    else {
      const disabled = spec.actionsEnabled !== false && got.actionsEnabled === false;
      checks.push({
        status: 'fail',
        kind,
        subject: spec.name,
        detail: `${disabled ? 'actions are disabled; ' : ''}differs (assembly → deployed): ${describeDifferences(diffs)}`,
        differences: diffs,
      });
    }
  }
  if (options.prefix) {
    const known = new Set(assembly.map((a) => a.name));
    for (const [name, spec] of live) {
      if (name.startsWith(options.prefix) && !known.has(name))
        checks.push({
          status: 'fail',
          kind: spec.type === 'composite' ? 'composite alarm' : 'alarm',
          subject: name,
          detail: `deployed with the prefix "${options.prefix}" but not in the assembly (left over from an earlier deploy?)`,
        });
    }
  }
  return checks;
}
