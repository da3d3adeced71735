/**
 * Differences between the alarms of two cloud assemblies: added, removed, and changed field by field. Alarms are
 * matched by name (unique per account and Region); an alarm whose logical id stayed but whose name changed is a
 * rename, which CloudFormation performs as a replacement.
 */
import type { AnyAlarmSpec } from '../../model/alarm-spec';
import { renderAlarmRule } from '../../model/alarm-rule';
import type { AssemblyRead, ReadProblem } from '../read/assembly';
import { buildContext, nameKey } from '../review/context';
import { describeAlarm } from '../review/review';
import type { AlarmInContext } from '../review/types';

export interface FieldChange {
  /** `threshold`, `source.stat`, `source.metric.dimensions.FunctionName`, `actions.alarm`, ... */
  readonly field: string;
  /** Empty when the field did not exist on that side. */
  readonly before: string;
  readonly after: string;
}

/** One alarm that differs between two assemblies: added, removed, or changed field by field. */
export interface AlarmChange {
  /** Whether the alarm is new, gone, or changed. */
  readonly kind: 'added' | 'removed' | 'changed';
  /** The name of the stack that holds the alarm (on the new side, or the old one for a removed alarm). */
  readonly stack: string;
  /** The service the alarm belongs to. */
  readonly service: string;
  /** The alarm's name (the new name of a renamed alarm). */
  readonly name: string;
  /** The alarm's logical id in its template. */
  readonly logicalId: string;
  /**
   * `p95 Duration > 200 ms for 3 of 5 min` (or the composite rule) on each side that has the alarm.
   * @default - none: the old side does not have the alarm
   */
  readonly before?: string;
  /** The condition in words on the new side. @default - none: the new side does not have the alarm */
  readonly after?: string;
  /** The fields that changed, one entry each (empty for an added or removed alarm). */
  readonly changes: readonly FieldChange[];
  /**
   * The alarm's old name, when its logical id stayed and its name changed (CloudFormation replaces it). @default -
   * none: not a rename
   */
  readonly renamedFrom?: string;
  /** The alarm on the old side. @default - none: the old side does not have the alarm */
  readonly specBefore?: AnyAlarmSpec;
  /** The alarm on the new side. @default - none: the new side does not have the alarm */
  readonly specAfter?: AnyAlarmSpec;
}

/** The differences between the alarms of two cloud assemblies. */
export interface AssemblyDiff {
  /** The old assembly's folder, as given. */
  readonly old: string;
  /** The new assembly's folder, as given. */
  readonly new: string;
  /** Alarms only in the new assembly. */
  readonly added: readonly AlarmChange[];
  /** Alarms only in the old assembly. */
  readonly removed: readonly AlarmChange[];
  /** Alarms in both whose fields differ (renames included). */
  readonly changed: readonly AlarmChange[];
  /** How many alarms are the same on both sides. */
  readonly unchanged: number;
  /**
   * Alarms present on one side only, in a stack the other side could not read (wholly or in part): not counted
   * as added or removed, since the other side's alarms are unknown.
   */
  readonly notCompared: number;
  /** Files or resources that could not be read, and on which side. */
  readonly problems: ReadonlyArray<ReadProblem & { readonly side: 'old' | 'new' }>;
}

/** A spec as flat `field → text` pairs: math metrics keyed by id, lists joined, the composite rule as text. */
export function flattenSpec(spec: AnyAlarmSpec): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, path: string): void => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object') {
      out[path] = String(value);
      return;
    }
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) {
        out[path] = value.join(', ');
        return;
      }
      value.forEach((v, i) => {
        const id = (v as { id?: unknown }).id;
        walk(v, `${path}[${typeof id === 'string' ? id : i}]`);
      });
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (path === '' && k === 'rule' && spec.type === 'composite') out.rule = renderAlarmRule(spec.rule);
      else walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(spec, '');
  delete out['source.metrics'];
  return out;
}

export function diffSpecs(before: AnyAlarmSpec, after: AnyAlarmSpec): FieldChange[] {
  const a = flattenSpec(before);
  const b = flattenSpec(after);
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields
    .filter((f) => a[f] !== b[f])
    .map((field) => ({ field, before: a[field] ?? '', after: b[field] ?? '' }));
}

const entry = (kind: AlarmChange['kind'], a: AlarmInContext, changes: FieldChange[] = []): AlarmChange => ({
  kind,
  stack: a.stack.stackName,
  service: a.service,
  name: a.alarm.spec.name,
  logicalId: a.alarm.logicalId,
  changes,
});

/**
 * The alarms of two assemblies compared by name (a logical id kept under a new name is a rename): what was added,
 * removed and changed, field by field.
 */
export function diffAssemblies(oldRead: AssemblyRead, newRead: AssemblyRead): AssemblyDiff {
  const before = buildContext(oldRead);
  const after = buildContext(newRead);
  const key = (a: AlarmInContext) => nameKey(a.stack, a.alarm.spec.name);
  const oldByKey = new Map(before.alarms.map((a) => [key(a), a]));
  const newKeys = new Set(after.alarms.map(key));
  const added: AlarmChange[] = [];
  const changed: AlarmChange[] = [];
  let unchanged = 0;
  for (const a of after.alarms) {
    const prior = oldByKey.get(key(a));
    if (!prior) {
      added.push({ ...entry('added', a), after: describeAlarm(a.alarm.spec), specAfter: a.alarm.spec });
      continue;
    }
    const changes = diffSpecs(prior.alarm.spec, a.alarm.spec);
    if (prior.stack.stackName !== a.stack.stackName)
      changes.unshift({ field: 'stack', before: prior.stack.stackName, after: a.stack.stackName });
    if (changes.length === 0) unchanged++;
    else
      changed.push({
        ...entry('changed', a, changes),
        before: describeAlarm(prior.alarm.spec),
        after: describeAlarm(a.alarm.spec),
        specBefore: prior.alarm.spec,
        specAfter: a.alarm.spec,
      });
  }
  let removed: AlarmChange[] = before.alarms
    .filter((a) => !newKeys.has(key(a)))
    .map((a) => ({ ...entry('removed', a), before: describeAlarm(a.alarm.spec), specBefore: a.alarm.spec }));
  // Renames: same stack and logical id, new name.
  const bySlot = (a: AlarmChange) => `${a.stack}/${a.logicalId}`;
  const removedBySlot = new Map(removed.map((r) => [bySlot(r), r]));
  const renamed = new Set<AlarmChange>();
  for (let i = 0; i < added.length; i++) {
    const was = removedBySlot.get(bySlot(added[i]));
    if (!was || renamed.has(was)) continue;
    renamed.add(was);
    const changes = diffSpecs(was.specBefore!, added[i].specAfter!);
    changed.push({
      ...added[i],
      kind: 'changed',
      renamedFrom: was.name,
      before: was.before,
      specBefore: was.specBefore,
      changes,
    });
    added.splice(i--, 1);
  }
  removed = removed.filter((r) => !renamed.has(r));
  // An alarm missing from a side that could not read its stack is not known to be added or removed.
  const unread = (read: AssemblyRead) =>
    new Set(read.problems.map((p) => p.stack).filter((s) => s !== undefined));
  const unreadOld = unread(oldRead);
  const unreadNew = unread(newRead);
  const known = (list: AlarmChange[], other: Set<string>) => list.filter((c) => !other.has(c.stack));
  const notCompared =
    added.length - known(added, unreadOld).length + removed.length - known(removed, unreadNew).length;
  return {
    old: oldRead.root,
    new: newRead.root,
    added: known(added, unreadOld),
    removed: known(removed, unreadNew),
    changed,
    unchanged,
    notCompared,
    problems: [
      ...oldRead.problems.map((p) => ({ ...p, side: 'old' as const })),
      ...newRead.problems.map((p) => ({ ...p, side: 'new' as const })),
    ],
  };
}

/** Whether anything differs. */
export const hasChanges = (d: AssemblyDiff) => d.added.length + d.removed.length + d.changed.length > 0;
