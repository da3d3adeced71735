/**
 * Finds every resource cdk-telemetry monitors in a construct tree (L2 and L1, an L2 and its L1 once, a queue that is
 * another's dead-letter queue as that queue's child), groups them into services, and writes the telemetry.yaml
 * config they stand for, remembering which construct each entry came from (for errors that name it).
 */
import { Annotations, CfnResource, Stack, Stage, TagManager } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { TelemetryConfigInput } from '../config/schema';
import { KINDS, type KindKey } from '../model/kinds';
import { RESERVED_STACK_GROUPS, safeLabel } from '../model/naming';
import { entryFromConstruct } from './entry-from-construct';
import { settingsOf, withSettings } from './resource-settings';

/** How resources are grouped into services. */
export type GroupBy = 'stack' | { readonly tag: string } | ((construct: IConstruct) => string | undefined);

/** One resource found, with where it goes. */
export interface FoundResource {
  readonly construct: IConstruct;
  readonly kind: KindKey;
  readonly entry: unknown;
  readonly service: string;
  readonly stack: Stack;
}

/** The config of what was found, and the construct of every entry (`services[i].<kind>[j]`). */
export interface Collected {
  readonly services: NonNullable<TelemetryConfigInput['services']>;
  readonly found: readonly FoundResource[];
  readonly constructAt: ReadonlyMap<string, IConstruct>;
  /** Budgets assigned with `Telemetry.of(c).operation(name, budget)`, per operation. */
  readonly budgets: ReadonlyMap<string, { budget: string; construct: IConstruct }>;
}

/** Acknowledgement id of the warning for an excluded or late resource, see `Annotations.acknowledgeWarning`. */
export const WATCH_WARNING = 'cdk-telemetry:watch';

const SERVICE = /^[a-z][a-z0-9-]{0,31}$/;

/** A service name from any text: lower case, digits and `-`, starting with a letter, at most 32. */
export function serviceName(text: string): string {
  let s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  if (!s) s = 'service';
  if ((RESERVED_STACK_GROUPS as readonly string[]).includes(s)) s = `${s}-service`;
  return s;
}

/** What identifies the AWS resource of an entry (its names), resolved: the same for an L2 and its L1. */
function identity(kind: KindKey, entry: unknown, stack: Stack): string {
  if (typeof entry === 'string') return `${kind}:${JSON.stringify(stack.resolve(entry))}`;
  const e = entry as Record<string, unknown>;
  const id = ['name', 'id', 'arn', 'stage'].map((k) => stack.resolve(e[k]));
  return `${kind}:${JSON.stringify(id)}`;
}

function tagOf(construct: IConstruct, key: string): string | undefined {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    const cfn = CfnResource.isCfnResource(c) ? c : c.node.defaultChild;
    const tags = cfn && TagManager.isTaggable(cfn) ? cfn.tags : Stack.isStack(c) ? c.tags : undefined;
    const value = tags?.tagValues()[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

function groupOf(construct: IConstruct, stack: Stack, groupBy: GroupBy): string | undefined {
  if (groupBy === 'stack') return stack.node.id;
  if (typeof groupBy === 'function') return groupBy(construct);
  return tagOf(construct, groupBy.tag);
}

/** Whether a construct lies inside a Stage nested in `scope` (watched with that Stage, not with `scope`). */
function inNestedStage(construct: IConstruct, scope: IConstruct): boolean {
  for (let c = construct.node.scope; c && c !== scope; c = c.node.scope) if (Stage.isStage(c)) return true;
  return false;
}

/** Everything the collector needs from the options. */
export interface CollectOptions {
  readonly groupBy: GroupBy;
  readonly kinds?: readonly KindKey[];
  /** Constructs not to look into (the telemetry's own). */
  readonly skip: (construct: IConstruct) => boolean;
}

/** Finds the monitored resources under `scope`. */
export function collect(scope: IConstruct, options: CollectOptions): Collected {
  const seen = new Set<string>();
  const found: FoundResource[] = [];
  const kinds = options.kinds && new Set(options.kinds);
  const stages = new Set<IConstruct>();
  const budgets = new Map<string, { budget: string; construct: IConstruct }>();
  for (const construct of scope.node.findAll()) {
    if (options.skip(construct)) continue;
    if (construct !== scope && Stage.isStage(construct)) stages.add(construct);
    if (Stage.isStage(construct) || Stack.isStack(construct) || inNestedStage(construct, scope)) continue;
    const e = entryFromConstruct(construct);
    if (!e || (kinds && !kinds.has(e.kind))) continue;
    const stack = Stack.of(construct);
    const key = identity(e.kind, e.entry, stack);
    if (seen.has(key)) continue;
    seen.add(key);
    const settings = settingsOf(construct);
    if (settings?.excluded !== undefined) {
      Annotations.of(construct).addInfo(`cdk-telemetry: not monitored: ${settings.excluded}`);
      continue;
    }
    const group = settings?.service ?? groupOf(construct, stack, options.groupBy);
    if (group === undefined) {
      Annotations.of(construct).addWarningV2(
        WATCH_WARNING,
        `cdk-telemetry: not monitored: no service (the grouping gives none); use Telemetry.of(this).service('name') or exclude(reason)`,
      );
      continue;
    }
    if (settings?.operation !== undefined && settings.budget !== undefined) {
      const before = budgets.get(settings.operation);
      if (before && before.budget !== settings.budget)
        throw new Error(
          `${construct.node.path}: operation "${settings.operation}" has budget ${settings.budget} here and ${before.budget} at ${before.construct.node.path}`,
        );
      budgets.set(settings.operation, { budget: settings.budget, construct });
    }
    found.push({
      construct,
      kind: e.kind,
      entry: withSettings(e.entry, settings),
      service: SERVICE.test(group) ? group : serviceName(group),
      stack,
    });
  }
  for (const stage of stages)
    Annotations.of(stage).addWarningV2(
      WATCH_WARNING,
      `cdk-telemetry: the stacks of this Stage are not watched from ${scope.node.path || 'the app'} (aspects stop at a Stage); call Telemetry.watch(stage, ...) for it`,
    );

  // A queue that is another queue's dead-letter queue is monitored as that queue's child (its `dlq`), not twice.
  const deadLetters = new Set(
    found
      .filter((f) => f.kind === 'sqs' && typeof f.entry === 'object' && (f.entry as { dlq?: unknown }).dlq)
      .map((f) => identity('sqs', { name: (f.entry as { dlq: unknown }).dlq }, f.stack)),
  );
  const kept = found.filter(
    (f) =>
      !(
        f.kind === 'sqs' &&
        deadLetters.has(identity('sqs', { name: (f.entry as { name?: unknown }).name ?? f.entry }, f.stack))
      ),
  );

  // Services in first-seen order; labels unique within a service (the stack's id in front when ids repeat).
  const byService = new Map<string, FoundResource[]>();
  for (const f of kept) byService.set(f.service, [...(byService.get(f.service) ?? []), f]);
  const constructAt = new Map<string, IConstruct>();
  const services = [...byService].map(([name, members], i) => {
    const service: Record<string, unknown> = { name };
    const labels = new Set<string>();
    for (const kind of Object.keys(KINDS) as KindKey[]) {
      const list = members.filter((m) => m.kind === kind);
      if (!list.length) continue;
      service[kind] = list.map((m, j) => {
        constructAt.set(`services[${i}].${kind}[${j}]`, m.construct);
        const entry = m.entry as Record<string, unknown>;
        let label = typeof entry.label === 'string' ? entry.label : undefined;
        if (label !== undefined && labels.has(label))
          label = safeLabel(`${m.stack.node.id}-${label}`).slice(0, 64);
        for (let n = 2; label !== undefined && labels.has(label); n++)
          label = `${entry.label as string}-${n}`;
        if (label !== undefined) labels.add(label);
        return label === entry.label ? entry : { ...entry, label };
      });
    }
    return service as NonNullable<TelemetryConfigInput['services']>[number];
  });
  return { services, found: kept, constructAt, budgets };
}

/** The construct an issue's path (`services[0].lambda[1].alarms...`) points at, if any. */
export function constructOfPath(collected: Collected, path: string): IConstruct | undefined {
  const m = /^services\[\d+\]\.[A-Za-z]+\[\d+\]/.exec(path);
  return m ? collected.constructAt.get(m[0]) : undefined;
}
