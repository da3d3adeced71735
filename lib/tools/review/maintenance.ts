/**
 * Maintenance windows read back from templates: each `AWS::CloudWatch::AlarmMuteRule` (see `alarms/mute-rules.ts`),
 * when it mutes and which alarms, so `review` can say which pages a window silences and when.
 */
import { formatDuration } from '../../model/duration';
import { MUTE_RULE_MAX_ALARMS } from '../../model/maintenance';
import { printable } from '../echo';
import type { StackRead } from '../read/assembly';

/** One mute rule of a stack. */
export interface MuteRuleRead {
  /** The stack whose template holds the rule. */
  readonly stack: string;
  /** Its logical id in that template. */
  readonly logicalId: string;
  /** The rule's name (its logical id when the template gives none). */
  readonly name: string;
  /** `cron(0 2 ? * TUE *) in Europe/Berlin, for 1 h`. */
  readonly when: string;
  /** The alarms it mutes, by name (at most {@link MUTE_RULE_MAX_ALARMS}, what CloudWatch takes). */
  readonly alarmNames: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
/** A literal string of the template, or how a deploy-time value reads. */
const text = (v: unknown, max = 200) =>
  typeof v === 'string' ? printable(v).slice(0, max) : '(deploy time)';

/** `PT1H30M` → seconds; undefined when it is not an ISO 8601 duration of days to seconds. */
export function isoSeconds(value: string): number | undefined {
  const m = /^P(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?)?$/.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return d * 86_400 + h * 3_600 + min * 60 + s;
}

/** The mute rules of one stack's template. */
export function muteRulesOf(stack: StackRead): MuteRuleRead[] {
  const out: MuteRuleRead[] = [];
  for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
    if (!isObject(r) || r.Type !== 'AWS::CloudWatch::AlarmMuteRule' || !isObject(r.Properties)) continue;
    const p = r.Properties;
    const schedule = isObject(p.Rule) && isObject(p.Rule.Schedule) ? p.Rule.Schedule : {};
    const duration = typeof schedule.Duration === 'string' ? isoSeconds(schedule.Duration) : undefined;
    const zone = schedule.Timezone === undefined ? 'UTC' : text(schedule.Timezone, 64);
    const names =
      isObject(p.MuteTargets) && Array.isArray(p.MuteTargets.AlarmNames) ? p.MuteTargets.AlarmNames : [];
    out.push({
      stack: stack.stackName,
      logicalId,
      name: p.Name === undefined ? logicalId : text(p.Name),
      when: `${text(schedule.Expression)} in ${zone}, for ${duration === undefined ? text(schedule.Duration, 40) : formatDuration(duration * 1000)}`,
      alarmNames: names.slice(0, MUTE_RULE_MAX_ALARMS).map((n) => text(n, 255)),
    });
  }
  return out;
}
