/**
 * The one renderer from AlarmSpec to CloudFormation: `AWS::CloudWatch::Alarm` and `AWS::CloudWatch::CompositeAlarm`.
 * Defaults CloudWatch already applies are left out (DatapointsToAlarm = N, TreatMissingData = missing), so
 * templates stay small; the review tool reads them back the same way.
 */
import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type {
  AlarmActions,
  AlarmSpec,
  AnyAlarmSpec,
  CompositeAlarmSpec,
  MetricId,
} from '../model/alarm-spec';
import { renderAlarmRule } from '../model/alarm-rule';
import { isBandComparison } from '../model/describe';
import { logicalIdFor } from '../model/naming';
import { METADATA_KEY, STANDARD_STATISTICS } from '../model/template-keys';
import { TelemetryPropsError } from '../util/errors';

/** Turns an action target of a spec (an SNS topic name) into an ARN, usually a deploy-time expression. */
export type ActionResolver = (target: string) => string;

export { METADATA_KEY, STANDARD_STATISTICS };

const dimensions = (m: MetricId) => Object.entries(m.dimensions).map(([name, value]) => ({ name, value }));

function renderActions(actions: AlarmActions, resolve: ActionResolver) {
  const list = (targets: readonly string[]) => (targets.length ? targets.map(resolve) : undefined);
  return {
    alarmActions: list(actions.alarm),
    okActions: list(actions.ok),
    insufficientDataActions: list(actions.insufficientData),
  };
}

/**
 * Logical id of an alarm: readable (resource, signal, severity: the app and service are the same across a
 * template), unique and stable (a hash of the full name).
 */
export function alarmLogicalId(spec: Pick<AnyAlarmSpec, 'type' | 'name' | 'labels' | 'severity'>): string {
  const l = spec.labels;
  const readable = l ? `${l.resource}-${l.signal}-${spec.severity}` : spec.name;
  return logicalIdFor(spec.type === 'composite' ? 'Composite' : 'Alarm', readable, spec.name);
}

/** Renders a metric alarm. The construct id and logical id derive from the alarm name. */
export function renderAlarm(scope: Construct, spec: AlarmSpec, resolve: ActionResolver): CfnAlarm {
  const s = spec.source;
  const band = isBandComparison(spec.comparison);
  if (band && s.type !== 'metric')
    throw new TelemetryPropsError(scope, `${spec.name}: an anomaly band needs an alarm on one metric`);
  const metricProps =
    band && s.type === 'metric'
      ? {
          // The metric and its band: the alarm compares the metric (m1) with the band's bounds (ThresholdMetricId).
          metrics: [
            {
              id: 'm1',
              metricStat: {
                metric: {
                  namespace: s.metric.namespace,
                  metricName: s.metric.metricName,
                  dimensions: dimensions(s.metric),
                },
                period: s.period,
                stat: s.stat,
                unit: s.unit,
              },
              returnData: true,
            },
            {
              id: 'band',
              expression: `ANOMALY_DETECTION_BAND(m1, ${spec.threshold})`,
              label: `${s.metric.metricName} (expected)`,
              returnData: true,
            },
          ],
          thresholdMetricId: 'band',
        }
      : s.type === 'metric'
        ? {
            namespace: s.metric.namespace,
            metricName: s.metric.metricName,
            dimensions: dimensions(s.metric),
            period: s.period,
            ...(STANDARD_STATISTICS.includes(s.stat) ? { statistic: s.stat } : { extendedStatistic: s.stat }),
            unit: s.unit,
          }
        : {
            metrics: [
              ...s.metrics.map((m) => ({
                id: m.id,
                metricStat: {
                  metric: {
                    namespace: m.metric.namespace,
                    metricName: m.metric.metricName,
                    dimensions: dimensions(m.metric),
                  },
                  period: m.period,
                  stat: m.stat,
                },
                returnData: false,
              })),
              { id: 'result', expression: s.expression, label: s.label, period: s.period, returnData: true },
            ],
          };
  const alarm = new CfnAlarm(scope, spec.name, {
    alarmName: spec.name,
    alarmDescription: spec.description,
    comparisonOperator: spec.comparison,
    threshold: band ? undefined : spec.threshold,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm === spec.evaluationPeriods ? undefined : spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData === 'missing' ? undefined : spec.treatMissingData,
    evaluateLowSampleCountPercentile: spec.evaluateLowSampleCountPercentile,
    ...metricProps,
    ...renderActions(spec.actions, resolve),
    actionsEnabled: spec.actionsEnabled === false ? false : undefined,
  });
  alarm.overrideLogicalId(alarmLogicalId(spec));
  return alarm;
}

/** Renders a composite alarm. */
export function renderComposite(
  scope: Construct,
  spec: CompositeAlarmSpec,
  resolve: ActionResolver,
): CfnCompositeAlarm {
  const alarm = new CfnCompositeAlarm(scope, spec.name, {
    alarmName: spec.name,
    alarmDescription: spec.description,
    alarmRule: renderAlarmRule(spec.rule),
    ...renderActions(spec.actions, resolve),
    actionsEnabled: spec.actionsEnabled === false ? false : undefined,
    ...(spec.suppressor
      ? {
          actionsSuppressor: spec.suppressor.alarm,
          actionsSuppressorWaitPeriod: spec.suppressor.waitPeriod,
          actionsSuppressorExtensionPeriod: spec.suppressor.extensionPeriod,
        }
      : {}),
  });
  alarm.overrideLogicalId(alarmLogicalId(spec));
  return alarm;
}
