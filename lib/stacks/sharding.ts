/**
 * Splits the telemetry into CloudFormation stacks under the limits (500 resources, 1 MB per template).
 *
 * A service deploys in its own stack, or in the stack its `stack` key names. A stack that would be too big is
 * split into numbered parts: each resource's alarms stay together and go to the part chosen by a jump consistent
 * hash of the resource, so adding a resource moves no other alarm, and when the number of parts grows from n to
 * n + 1 only about 1/(n + 1) of the resources move (all to the new part). Composites and
 * dashboards stay in the first part, which then depends on the other parts (a composite needs its children).
 */
import type { AlarmSpec, CompositeAlarmSpec } from '../model/alarm-spec';
import { renderAlarmRule } from '../model/alarm-rule';
import type { DashboardSpec } from '../dashboards/cloudwatch-layout';
import { dashboardBody } from '../dashboards/cloudwatch-render';
import { jumpHash, RESERVED_STACK_GROUPS } from '../model/naming';
import { PlanError, type ServicePlan } from '../model/plan';

/** How much one monitoring stack may hold before its alarms are split into another part. */
export interface StackCapacity {
  /** @default 450 (CloudFormation allows 500; headroom for CDK metadata and later additions) */
  readonly maxResources?: number;
  /** Estimated template bytes. @default 800_000 (CloudFormation allows 1 MB from S3) */
  readonly maxBytes?: number;
}

/** One monitoring stack to create: which services' alarms, composites and dashboards it holds. */
export interface StackAssignment {
  /** Stack name and construct id, e.g. `sophie-telemetry-api`, `sophie-telemetry-api-2`. */
  readonly id: string;
  /** The group the stack belongs to: a service's name, or the `stack` several services share. */
  readonly group: string;
  /** 1-based part number within the group. */
  readonly part: number;
  /** The services whose alarms the stack holds. */
  readonly services: readonly string[];
  /** The metric alarms the stack holds. */
  readonly alarms: readonly AlarmSpec[];
  /** The composite alarms the stack holds. */
  readonly composites: readonly CompositeAlarmSpec[];
  /** The dashboards the stack holds. */
  readonly dashboards: readonly DashboardSpec[];
  /** Ids of the parts whose alarms this part's composites watch. */
  readonly dependsOn: readonly string[];
}

/** Stack names reserved for the app's own stacks (core, grafana, the governance stacks...). */
export const RESERVED_GROUPS: readonly string[] = RESERVED_STACK_GROUPS;

/**
 * Bytes the app's tags add to each taggable resource of a compact template (`"Tags":[{"Key":…,"Value":…},…]`, in
 * UTF-8): every alarm and composite carries them, so long tags fill a template as much as the alarms do.
 */
export function estimateTagBytes(tags: Readonly<Record<string, string>>): number {
  const entries = Object.entries(tags);
  if (!entries.length) return 0;
  const utf8 = (text: string) => Buffer.byteLength(JSON.stringify(text));
  return entries.reduce((n, [k, v]) => n + utf8(k) + utf8(v) + 20, 10);
}

/** Rough bytes of a rendered alarm: its JSON plus logical id, metadata and action ARNs. */
export function estimateAlarmBytes(spec: AlarmSpec): number {
  return JSON.stringify(spec).length + 250;
}
function estimateCompositeBytes(spec: CompositeAlarmSpec, localChildren: number): number {
  return renderAlarmRule(spec.rule).length * 1.1 + spec.description.length + 300 + localChildren * 50;
}
export function estimateDashboardBytes(spec: DashboardSpec): number {
  return JSON.stringify(dashboardBody(spec).body).length + 200;
}

interface Bundle {
  readonly key: string;
  readonly alarms: AlarmSpec[];
  bytes: number;
}

/**
 * Assigns every alarm, composite and dashboard to a stack. `tagBytes` ({@link estimateTagBytes}) is added to each
 * alarm and composite (dashboards take no tags).
 */
export function assignStacks(
  app: string,
  plans: readonly ServicePlan[],
  dashboards: ReadonlyMap<string, readonly DashboardSpec[]>,
  capacity: StackCapacity = {},
  tagBytes = 0,
): StackAssignment[] {
  const maxResources = capacity.maxResources ?? 450;
  const maxBytes = capacity.maxBytes ?? 800_000;
  const groups = new Map<string, ServicePlan[]>();
  for (const p of plans) {
    const group = p.service.stack ?? p.service.name;
    groups.set(group, [...(groups.get(group) ?? []), p]);
  }

  const out: StackAssignment[] = [];
  for (const [group, members] of groups) {
    const base = `${app}-telemetry-${group}`;
    const bundles = new Map<string, Bundle>();
    for (const p of members) {
      for (const a of p.alarms) {
        const key = `${p.service.name}/${a.labels?.kind}/${a.labels?.resource}`;
        const b = bundles.get(key) ?? { key, alarms: [], bytes: 0 };
        b.alarms.push(a);
        b.bytes += estimateAlarmBytes(a) + tagBytes;
        bundles.set(key, b);
      }
    }
    const composites = members.flatMap((p) => p.composites);
    const boards = members.flatMap((p) => dashboards.get(p.service.name) ?? []);
    const fixedResources = composites.length + boards.length;
    const fixedBytes =
      composites.reduce((n, c) => n + estimateCompositeBytes(c, 100) + tagBytes, 0) +
      boards.reduce((n, d) => n + estimateDashboardBytes(d), 0);
    if (fixedResources > maxResources || fixedBytes > maxBytes) {
      throw new PlanError(
        `stack ${base}`,
        `its composites and dashboards alone need ${fixedResources} resources and about ${Math.round(fixedBytes / 1000)} KB; move some services to another \`stack\``,
      );
    }
    const all = [...bundles.values()];
    const alarmResources = all.reduce((n, b) => n + b.alarms.length, 0);
    const alarmBytes = all.reduce((n, b) => n + b.bytes, 0);
    const services = members.map((p) => p.service.name);
    if (alarmResources + fixedResources <= maxResources && alarmBytes + fixedBytes <= maxBytes) {
      out.push({
        id: base,
        group,
        part: 1,
        services,
        alarms: all.flatMap((b) => b.alarms),
        composites,
        dashboards: boards,
        dependsOn: [],
      });
      continue;
    }
    // Too big for one stack: the first stack keeps the composites and dashboards; alarms spread over parts 2..n+1.
    // A resource's alarms stay together, so no number of parts helps a resource whose alarms alone are too big.
    const whole = all.find((b) => b.alarms.length > maxResources || b.bytes > maxBytes);
    if (whole) {
      throw new PlanError(
        `stack ${base}`,
        `the ${whole.alarms.length} alarms of ${whole.key} (about ${Math.round(whole.bytes / 1000)} KB) alone exceed a stack's capacity (${maxResources} resources, ${Math.round(maxBytes / 1000)} KB)`,
      );
    }
    for (
      let parts = Math.max(Math.ceil(alarmResources / maxResources), Math.ceil(alarmBytes / maxBytes));
      ;
      parts++
    ) {
      const buckets = Array.from({ length: parts }, () => ({
        bundles: [] as Bundle[],
        resources: 0,
        bytes: 0,
      }));
      for (const b of all) {
        const bucket = buckets[jumpHash(b.key, parts)];
        bucket.bundles.push(b);
        bucket.resources += b.alarms.length;
        bucket.bytes += b.bytes;
      }
      if (buckets.some((b) => b.resources > maxResources || b.bytes > maxBytes)) continue;
      const ids = buckets.map((_, i) => `${base}-${i + 2}`);
      out.push({
        id: base,
        group,
        part: 1,
        services,
        alarms: [],
        composites,
        dashboards: boards,
        dependsOn: ids,
      });
      buckets.forEach((b, i) =>
        out.push({
          id: ids[i],
          group,
          part: i + 2,
          services,
          alarms: b.bundles.flatMap((x) => x.alarms),
          composites: [],
          dashboards: [],
          dependsOn: [],
        }),
      );
      break;
    }
  }
  // A part of a split group is named like a group of its own (`api` split into `api-2`, beside a service `api-2`).
  const byId = new Map<string, StackAssignment>();
  for (const a of out) {
    const other = byId.get(a.id);
    if (other) {
      const [part, own] = a.part > 1 ? [a, other] : [other, a];
      throw new PlanError(
        `service ${own.services[0]}`,
        `its stack ${a.id} is also part ${part.part} of the stack of ${part.services.join(', ')}, which is too big for one stack and continues in numbered parts; rename the service or set another \`stack\``,
      );
    }
    byId.set(a.id, a);
  }
  // The same for dashboards: a big service's dashboards continue as `<app>-<service>-2`, ...
  const boardOwner = new Map<string, string>();
  for (const p of plans) {
    for (const d of dashboards.get(p.service.name) ?? []) {
      const other = boardOwner.get(d.name);
      if (other !== undefined && other !== p.service.name) {
        throw new PlanError(
          `service ${p.service.name}`,
          `dashboard name "${d.name}" is also a dashboard of service ${other}, whose dashboards continue in numbered parts; rename the service`,
        );
      }
      boardOwner.set(d.name, p.service.name);
    }
  }
  return out;
}
