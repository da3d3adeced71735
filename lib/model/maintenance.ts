/**
 * Maintenance windows: times when alarms keep evaluating but notify nobody (deployments, planned work). Rendered as
 * CloudWatch alarm mute rules (`AWS::CloudWatch::AlarmMuteRule`, which CloudFormation has: a schedule of `cron(...)`
 * or `at(...)`, a duration of 1 minute to 15 days, at most 100 alarms by name per rule). A rule mutes the alarms'
 * actions; their states still change, so the window shows in history and dashboards. Pure data, no CDK.
 */
import type { AlarmSpec, CompositeAlarmSpec, Severity } from './alarm-spec';

/** CloudWatch mutes at most this many alarms per rule: a window over more alarms becomes several rules. */
export const MUTE_RULE_MAX_ALARMS = 100;
/** A mute lasts 1 minute to 15 days. */
export const MUTE_MIN_SECONDS = 60;
export const MUTE_MAX_SECONDS = 15 * 86_400;
/** At most this many windows per app. */
export const MAX_MAINTENANCE_WINDOWS = 20;

/** `cron(min hour day-of-month month day-of-week year)` (6 fields, as EventBridge) or `at(yyyy-mm-ddThh:mm[:ss])`. */
export const MUTE_SCHEDULE =
  /^(cron\((\S{1,40} ){5}\S{1,40}\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\))$/;

/** One maintenance window. */
export interface MaintenanceWindowModel {
  /** Short name, unique in the app: part of the mute rules' names. */
  readonly name: string;
  readonly description?: string;
  /** `cron(...)` or `at(...)`, in `timezone`. */
  readonly schedule: string;
  /** How long the alarms stay muted each time, in seconds. */
  readonly durationSeconds: number;
  /** IANA time zone of the schedule. @default - UTC */
  readonly timezone?: string;
  /** The services whose alarms it mutes. @default - every service */
  readonly services?: readonly string[];
  /** The severities it mutes. @default - every severity */
  readonly severities?: readonly Severity[];
  /** Where it was declared, for messages. */
  readonly origin: string;
}

/** One mute rule: a window over up to {@link MUTE_RULE_MAX_ALARMS} alarms of one stack. */
export interface MuteRuleSpec {
  readonly name: string;
  readonly window: MaintenanceWindowModel;
  readonly alarmNames: readonly string[];
}

/** `PT1H30M`: seconds as an ISO 8601 duration (what the mute rule's schedule takes). */
export function isoDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = seconds % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  const text = `${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
  return text ? `P${text}` : 'PT0S';
}

/** Whether an alarm notifies anyone (only those are worth muting). */
const notifies = (a: AlarmSpec | CompositeAlarmSpec) =>
  a.actions.alarm.length + a.actions.ok.length + a.actions.insufficientData.length > 0;

/**
 * The mute rules of the windows over the alarms of one stack (`alarms` with their service): every alarm that
 * notifies, of the window's services and severities, in rules of at most 100 names, named
 * `<app>-<window>[-<stack part>][-<n>]`.
 */
export function planMuteRules(
  app: string,
  windows: readonly MaintenanceWindowModel[],
  alarms: ReadonlyArray<AlarmSpec | CompositeAlarmSpec>,
  suffix = '',
): MuteRuleSpec[] {
  const out: MuteRuleSpec[] = [];
  for (const w of windows) {
    const names = alarms
      .filter(
        (a) =>
          notifies(a) &&
          (!w.services || w.services.includes(a.labels?.service ?? '')) &&
          (!w.severities || w.severities.includes(a.severity)),
      )
      .map((a) => a.name);
    const chunks = Math.ceil(names.length / MUTE_RULE_MAX_ALARMS);
    for (let i = 0; i < chunks; i++) {
      out.push({
        name: `${app}-${w.name}${suffix}${chunks > 1 ? `-${i + 1}` : ''}`,
        window: w,
        alarmNames: names.slice(i * MUTE_RULE_MAX_ALARMS, (i + 1) * MUTE_RULE_MAX_ALARMS),
      });
    }
  }
  return out;
}
