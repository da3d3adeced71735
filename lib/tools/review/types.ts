/**
 * Review findings, cdk-nag style: a rule is a small pure function over one read alarm and the context of the
 * whole assembly; it returns what is wrong, in words, or nothing.
 */
import type { AlarmSpec, AnyAlarmSpec, CompositeAlarmSpec } from '../../model/alarm-spec';
import type { ReadAlarm } from '../read/alarm-reader';
import type { StackRead } from '../read/assembly';

/** `error`: CloudWatch or CloudFormation would reject it. `warning`: it deploys but will not do what it says. */
export type FindingLevel = 'error' | 'warning' | 'info';

/** One alarm as the rules see it: where it lives and what it is. */
export interface AlarmInContext {
  /** The stack the alarm is in. */
  readonly stack: StackRead;
  /** The alarm as read from its template. */
  readonly alarm: ReadAlarm;
  /** The service from the alarm's labels, else the stack's `service` tag, else `(no service)`. */
  readonly service: string;
}

/** What rules may know about the rest of the assembly. */
export interface ReviewContext {
  /** Every alarm of the assembly, stack by stack. */
  readonly alarms: readonly AlarmInContext[];
  /** Alarms by name, across stacks of the same environment (names are unique per account and Region). */
  readonly byName: ReadonlyMap<string, readonly AlarmInContext[]>;
  /** Composites that watch an alarm, by the watched alarm's name. */
  readonly watchedBy: ReadonlyMap<string, readonly AlarmInContext[]>;
}

/** A review rule: its id, level and words, and a pure check of one alarm in its context. */
export interface ReviewRule {
  /** Stable id, used in output and in `--ignore`. */
  readonly id: string;
  /** How serious a finding of this rule is. */
  readonly level: FindingLevel;
  /** One line: what the rule flags. */
  readonly title: string;
  /** Why it matters and what to do. */
  readonly advice: string;
  /** Problems of one alarm, in words; empty when it passes. */
  readonly check: (a: AlarmInContext, ctx: ReviewContext) => readonly string[];
}

/** One thing a rule found wrong with one alarm. */
export interface Finding {
  /** The rule's id. */
  readonly rule: string;
  /** The rule's level. */
  readonly level: FindingLevel;
  /** The name of the stack that holds the alarm. */
  readonly stack: string;
  /** The alarm's service. */
  readonly service: string;
  /** The alarm's name. */
  readonly alarm: string;
  /** The alarm's logical id in its template. */
  readonly logicalId: string;
  /** What is wrong, in one line. */
  readonly message: string;
}

/** Narrowing helpers for rules. */
export const metricSpec = (s: AnyAlarmSpec): AlarmSpec | undefined => (s.type === 'metric' ? s : undefined);
export const compositeSpec = (s: AnyAlarmSpec): CompositeAlarmSpec | undefined =>
  s.type === 'composite' ? s : undefined;
