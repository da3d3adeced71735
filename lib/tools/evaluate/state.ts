/**
 * Alarm states as small integers, so timelines are typed arrays (one byte per evaluation) and the evaluation loop
 * allocates nothing.
 */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const ALARM_STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

export const OK = 0;
export const ALARM = 1;
export const INSUFFICIENT_DATA = 2;
export type StateCode = typeof OK | typeof ALARM | typeof INSUFFICIENT_DATA;

export const stateName = (code: number): AlarmState => ALARM_STATES[code] ?? 'INSUFFICIENT_DATA';
export const stateCode = (state: AlarmState): StateCode => ALARM_STATES.indexOf(state) as StateCode;
