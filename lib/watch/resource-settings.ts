/**
 * Per-construct settings, like cdk-nag's acknowledgements: `Telemetry.of(construct)` overrides an alarm, excludes the
 * resource, assigns it an operation (with its budget) or a service. Kept beside the construct (a WeakMap, so the
 * construct tree is not changed) and read when the construct's entry is built.
 */
import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { KindKey } from '../model/kinds';
import type { AlarmId, AlarmOverrideInput, AlarmOverrides } from './inputs';

/** What `Telemetry.of(construct)` recorded. */
export interface ResourceSettingsData {
  /** Alarm overrides by alarm id of the construct's kind, as given to `alarm()` and `alarms()`. */
  readonly alarms: Record<string, AlarmOverrideInput>;
  /** Why the construct is not watched, when `exclude()` was called. @default - none: the construct is watched */
  excluded?: string;
  /** The budgeted operation the construct serves, from `operation()`. @default - none: the service's default budget */
  operation?: string;
  /** The operation's latency budget, e.g. `150ms`, from `operation()`. @default - none: the service's default budget */
  budget?: string;
  /** The service the construct is grouped into, from `service()`. @default - as `Telemetry.watch`'s `groupBy` says */
  service?: string;
}

const SETTINGS = new WeakMap<IConstruct, ResourceSettingsData>();

/** The telemetry settings of one construct; every method returns `this`, to chain. */
export class ResourceTelemetry {
  /** @internal */
  constructor(private readonly data: ResourceSettingsData) {}

  /**
   * Overrides one alarm of this resource (in telemetry.yaml's units, validated at synth with this construct's path).
   * `id` is any kind's alarm id; one that the resource's kind does not have is refused at synth.
   */
  alarm(id: AlarmId, override: AlarmOverrideInput): this {
    this.data.alarms[id] = { ...this.data.alarms[id], ...override };
    return this;
  }

  /** Overrides several alarms at once, typed for one kind: `.alarms<'lambda'>({ errors: { threshold: 5 } })`. */
  alarms<K extends KindKey>(overrides: AlarmOverrides<K>): this {
    for (const [id, o] of Object.entries(overrides) as Array<[string, AlarmOverrideInput | undefined]>)
      if (o) this.data.alarms[id] = { ...this.data.alarms[id], ...o };
    return this;
  }

  /** Leaves this resource unmonitored; the reason is kept in the synth output (info annotation). */
  exclude(reason: string): this {
    this.data.excluded = reason;
    return this;
  }

  /**
   * Names the operation this resource serves (Lambda functions, state machines) and, optionally, its latency budget
   * (`'300ms'`, `'2s'`): the budget alarms follow it. @default - the operation is the resource's name, with the
   * default budget
   */
  operation(name: string, budget?: string): this {
    this.data.operation = name;
    if (budget !== undefined) this.data.budget = budget;
    return this;
  }

  /** Puts this resource in a service, whatever the grouping says. */
  service(name: string): this {
    this.data.service = name;
    return this;
  }
}

/** The settings object of a construct, created on first use. */
export function settingsFor(construct: IConstruct): ResourceTelemetry {
  let data = SETTINGS.get(construct);
  if (!data) {
    data = { alarms: Object.create(null) as Record<string, AlarmOverrideInput> };
    SETTINGS.set(construct, data);
  }
  return new ResourceTelemetry(data);
}

/**
 * The settings recorded for a resource, on its L2 or on the L1 behind it (the L2's settings win), or undefined.
 */
export function settingsOf(construct: IConstruct): ResourceSettingsData | undefined {
  const related: IConstruct[] = [construct];
  const child = construct.node.defaultChild;
  if (child) related.push(child);
  const parent = construct.node.scope;
  if (CfnResource.isCfnResource(construct) && parent && parent.node.defaultChild === construct)
    related.unshift(parent);
  // An L2 REST API stands for its deployment stage.
  const stage = (construct as { deploymentStage?: IConstruct }).deploymentStage;
  if (stage) related.push(stage, ...(stage.node.defaultChild ? [stage.node.defaultChild] : []));
  const found = related.map((c) => SETTINGS.get(c)).filter((d): d is ResourceSettingsData => !!d);
  if (!found.length) return undefined;
  if (found.length === 1) return found[0];
  // Merge: the first (the L2) wins field by field; alarm overrides merge.
  const alarms = Object.create(null) as Record<string, AlarmOverrideInput>;
  for (const d of [...found].reverse())
    for (const [id, o] of Object.entries(d.alarms)) alarms[id] = { ...alarms[id], ...o };
  return {
    alarms,
    excluded: found.find((d) => d.excluded !== undefined)?.excluded,
    operation: found.find((d) => d.operation !== undefined)?.operation,
    budget: found.find((d) => d.budget !== undefined)?.budget,
    service: found.find((d) => d.service !== undefined)?.service,
  };
}

/** A construct's entry with its settings applied (overrides under `alarms`, the operation). */
export function withSettings(entry: unknown, settings: ResourceSettingsData | undefined): unknown {
  if (!settings) return entry;
  const hasAlarms = Object.keys(settings.alarms).length > 0;
  if (!hasAlarms && settings.operation === undefined) return entry;
  const e = (typeof entry === 'string' ? { name: entry } : { ...(entry as object) }) as Record<
    string,
    unknown
  >;
  if (hasAlarms) e.alarms = { ...(e.alarms as object | undefined), ...settings.alarms };
  if (settings.operation !== undefined) e.operation = settings.operation;
  return e;
}
