/**
 * Actions suppressors of composite alarms (PutCompositeAlarm `ActionsSuppressor`, `ActionsSuppressorWaitPeriod`,
 * `ActionsSuppressorExtensionPeriod`; DescribeAlarms `ActionsSuppressedBy`: `WaitPeriod`, `ExtensionPeriod`,
 * `Alarm`). When the composite goes into ALARM its actions wait: for up to the wait period for the suppressor to
 * go into ALARM; while the suppressor is in ALARM; and for the extension period after it leaves ALARM. Actions
 * still due when the wait ends (the composite is still in ALARM) are performed then. An OK action is held back
 * while the suppressor is in ALARM or within its extension period, and dropped when the ALARM action never went
 * out (a page that was never sent needs no all-clear).
 */
import type { ActionsSuppressor, AlarmActions } from '../../model/alarm-spec';
import { ALARM } from './state';
import { episodes, type Notification, type Timeline, type Transition } from './timeline';

/** The suppressor's ALARM stretches as `[start, end)`, `end` Infinity when it lasts past the replay. */
function alarmIntervals(tl: Timeline, from: number, to: number): Array<[number, number]> {
  return episodes(tl, ALARM, from, to).map((e) => [e.start, e.end ?? Infinity]);
}

/** The end of the suppression that covers time `t` (`t` itself when nothing covers it). */
function suppressedUntil(t: number, intervals: ReadonlyArray<[number, number]>, extension: number): number {
  let at = t;
  for (;;) {
    const cover = intervals.find(([a, b]) => a <= at && at < b + extension);
    if (!cover) return at;
    at = cover[1] + extension;
  }
}

/**
 * The notifications of a composite with an actions suppressor. `list` is the composite's transitions; the
 * suppressor's timeline decides when actions wait. `to` ends the replay: an action still waiting then is not sent.
 */
export function suppressedNotifications(
  list: readonly Transition[],
  actions: AlarmActions,
  actionsEnabled: boolean,
  suppressor: ActionsSuppressor,
  suppressorTimeline: Timeline,
  from: number,
  to: number,
): Notification[] {
  if (!actionsEnabled) return [];
  const intervals = alarmIntervals(suppressorTimeline, from, to);
  const out: Notification[] = [];
  let alarmSent = false;
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    const until = i + 1 < list.length ? list[i + 1].time : Infinity;
    if (t.to === 'ALARM') {
      alarmSent = false;
      if (actions.alarm.length === 0) continue;
      let at = suppressedUntil(t.time, intervals, suppressor.extensionPeriod);
      if (at === t.time) {
        // Not suppressed now: wait for the suppressor to go into ALARM.
        const next = intervals.find(([a]) => a > t.time && a <= t.time + suppressor.waitPeriod);
        at = next
          ? suppressedUntil(next[0], intervals, suppressor.extensionPeriod)
          : t.time + suppressor.waitPeriod;
      }
      if (at < until && at <= to) {
        out.push({ time: at, state: 'ALARM', targets: actions.alarm });
        alarmSent = true;
      }
    } else if (t.to === 'OK') {
      if (actions.ok.length === 0 || !alarmSent) continue;
      const at = suppressedUntil(t.time, intervals, suppressor.extensionPeriod);
      if (at < until && at <= to) out.push({ time: at, state: 'OK', targets: actions.ok });
      alarmSent = false;
    } else if (actions.insufficientData.length > 0) {
      const at = suppressedUntil(t.time, intervals, suppressor.extensionPeriod);
      if (at < until && at <= to) out.push({ time: at, state: t.to, targets: actions.insufficientData });
    }
  }
  return out;
}
