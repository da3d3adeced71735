/**
 * Alarm states as small integers, so timelines are typed arrays (one byte per evaluation) and the evaluation loop
 * allocates nothing.
 */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
/** The three alarm states, in the order of their codes. */
export const ALARM_STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** The code of state OK. */
export const OK = 0;
/** The code of state ALARM. */
export const ALARM = 1;
/** The code of state INSUFFICIENT_DATA. */
export const INSUFFICIENT_DATA = 2;
/** A state as a number (0 OK, 1 ALARM, 2 INSUFFICIENT_DATA), for typed arrays. */
export type StateCode = typeof OK | typeof ALARM | typeof INSUFFICIENT_DATA;

/** The state of a code; INSUFFICIENT_DATA for a code out of range. */
export const stateName = (code: number): AlarmState => ALARM_STATES[code] ?? 'INSUFFICIENT_DATA';
/** The code of a state. */
export const stateCode = (state: AlarmState): StateCode => ALARM_STATES.indexOf(state) as StateCode;
