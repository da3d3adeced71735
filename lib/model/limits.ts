/**
 * CloudWatch limits that an alarm must respect, checked at synth time with messages that say which limit.
 * Sources: PutMetricAlarm / PutCompositeAlarm API reference, CloudWatch service quotas.
 */
import { ruleAlarms, type AlarmSpec, type CompositeAlarmSpec } from './alarm-spec';
import { renderAlarmRule } from './alarm-rule';

/**
 * CloudWatch's limits on alarms, composites and dashboards (PutMetricAlarm, PutCompositeAlarm, service quotas), each
 * checked at synth.
 */
export const LIMITS = {
  alarmName: 255,
  description: 1024,
  /** Period x evaluation periods for a period under an hour (PutMetricAlarm). */
  evaluationSeconds: 86_400,
  /** Period x evaluation periods for a period of an hour or more (PutMetricAlarm: "no longer than seven days"). */
  evaluationSecondsLongPeriod: 604_800,
  mathMetrics: 10,
  actionsPerState: 5,
  compositeChildren: 100,
  compositeRuleChars: 10_240,
  dashboardWidgets: 500,
  dashboardMetrics: 2_500,
  widgetMetrics: 500,
  alarmWidgetAlarms: 100,
  templateResources: 500,
  templateBytes: 1_000_000,
} as const;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** Validity of a period in seconds: 10, 30 (high resolution) or a multiple of 60. */
export const isValidPeriod = (p: number) => p === 10 || p === 30 || (p >= 60 && p % 60 === 0);

function nameProblems(name: string, description: string, actions: AlarmSpec['actions']): string[] {
  const out: string[] = [];
  if (name.length < 1 || name.length > LIMITS.alarmName)
    out.push(`name is ${name.length} characters (1-${LIMITS.alarmName} allowed)`);
  if (!PRINTABLE_ASCII.test(name)) out.push('name must be printable ASCII');
  if (description.length > LIMITS.description)
    out.push(`description is ${description.length} characters (at most ${LIMITS.description})`);
  for (const [state, list] of Object.entries(actions)) {
    if (list.length > LIMITS.actionsPerState)
      out.push(`${list.length} ${state} actions (at most ${LIMITS.actionsPerState} per state)`);
  }
  return out;
}

/** Problems with a metric alarm; empty when CloudWatch would accept it. */
export function alarmProblems(spec: AlarmSpec): string[] {
  const out = nameProblems(spec.name, spec.description, spec.actions);
  const period = spec.source.period;
  if (!isValidPeriod(period)) out.push(`period ${period}s is not 10, 30 or a multiple of 60`);
  if (spec.evaluationPeriods < 1) out.push('evaluation periods must be at least 1');
  if (spec.datapointsToAlarm < 1 || spec.datapointsToAlarm > spec.evaluationPeriods) {
    out.push(`datapoints to alarm ${spec.datapointsToAlarm} must be between 1 and ${spec.evaluationPeriods}`);
  }
  const most = period >= 3600 ? LIMITS.evaluationSecondsLongPeriod : LIMITS.evaluationSeconds;
  if (period * spec.evaluationPeriods > most) {
    out.push(
      `period x evaluation periods is ${period * spec.evaluationPeriods}s (at most ${period >= 3600 ? 'seven days' : 'one day for a period under an hour'}, ${most}s)`,
    );
  }
  if (spec.source.type === 'math') {
    if (spec.source.metrics.length > LIMITS.mathMetrics) {
      out.push(`math uses ${spec.source.metrics.length} metrics (at most ${LIMITS.mathMetrics})`);
    }
    for (const m of spec.source.metrics) {
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(m.id))
        out.push(`math metric id "${m.id}" must start with a lower-case letter`);
    }
  }
  if (!Number.isFinite(spec.threshold)) out.push('threshold must be a finite number');
  return out;
}

/** Problems with a composite alarm; empty when CloudWatch would accept it. */
export function compositeProblems(spec: CompositeAlarmSpec): string[] {
  const out = nameProblems(spec.name, spec.description, spec.actions);
  const children = ruleAlarms(spec.rule).length;
  if (children > LIMITS.compositeChildren)
    out.push(`rule has ${children} alarms (at most ${LIMITS.compositeChildren})`);
  const chars = renderAlarmRule(spec.rule).length;
  if (chars > LIMITS.compositeRuleChars)
    out.push(`rule is ${chars} characters (at most ${LIMITS.compositeRuleChars})`);
  return out;
}
