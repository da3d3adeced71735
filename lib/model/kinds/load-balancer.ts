/**
 * What Application and Network Load Balancers share (`application-load-balancer.ts`, `network-load-balancer.ts`):
 * a load balancer by its full name (`LoadBalancer`: `app/<name>/<id>`, `net/<name>/<id>`), its target groups as a
 * child table (`TargetGroup`, `LoadBalancer`: healthy and unhealthy targets), the entry schema, the conversion to
 * resources, and the construct hook that finds a load balancer's target groups through its listeners and rules.
 */
import type {
  CfnListener,
  CfnListenerRule,
  CfnLoadBalancer,
  CfnTargetGroup,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { IConstruct } from 'constructs';
import type { SchemaKit } from '../../config/schema-kit';
import type { MonitoredResource } from '../telemetry-model';
import { safeLabel } from '../naming';
import { awsId } from './aws-ids';
import { referencing, refersTo, type CfnLike } from './construct-refs';
import type { CatalogRow, ConstructContext, EntryContext, KindCatalog } from './types';

/**
 * A builder of warning rows on a load balancer's `Sum` count over 5 of 5 minutes (above 0 unless told), sourced
 * from the given metrics page: the rows both kinds write for rejected connections, resets and the like.
 */
export const countRowBuilder =
  (source: string) =>
  (
    id: string,
    metricName: string,
    what: string,
    firstStep: string,
    why: string,
    options: { threshold?: CatalogRow['threshold']; enabled?: boolean } = {},
  ): CatalogRow => ({
    id,
    signal: id,
    metric: { type: 'metric', metricName, stat: 'Sum' },
    threshold: options.threshold ?? 0,
    comparison: 'GreaterThanThreshold',
    period: 60,
    datapoints: [5, 5],
    missing: 'notBreaching',
    severity: 'warning',
    enabled: options.enabled ?? true,
    unit: 'count',
    meaning: `{resource} ${what}`,
    firstStep,
    source,
    why,
  });

/** A target group's health rows, the same metrics in both namespaces. */
export function targetHealthRows(source: string, lb: string): CatalogRow[] {
  return [
    {
      id: 'noHealthyTargets',
      signal: 'noHealthyTargets',
      metric: { type: 'metric', metricName: 'HealthyHostCount', stat: 'Minimum' },
      threshold: { param: 'minHealthy' },
      comparison: 'LessThanThreshold',
      period: 60,
      datapoints: [3, 3],
      missing: 'notBreaching',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning: `{resource} has fewer than {threshold} healthy targets: the ${lb} cannot serve its traffic`,
      firstStep:
        'look at the targets’ health-check failure reasons (DescribeTargetHealth) and the last deployment',
      source,
      why: `Not in AWS's list: fewer than \`minHealthy\` (default 1) healthy targets for 3 minutes means requests fail, which users feel, so it pages. ELB publishes target health every minute while the group is attached; a detached group is silent (not breaching).`,
    },
    {
      id: 'unhealthyTargets',
      signal: 'unhealthyTargets',
      metric: { type: 'metric', metricName: 'UnHealthyHostCount', stat: 'Maximum' },
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      period: 60,
      datapoints: [5, 5],
      missing: 'notBreaching',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} has unhealthy targets',
      firstStep: 'find the unhealthy targets and their health-check failure reason',
      source,
      why: "Not in AWS's list: an unhealthy target for 5 minutes in a row (longer than a rolling deployment's health-check grace) means capacity is lost; the healthy targets still serve, so it warns.",
    },
  ];
}

/** The target-group table of a flavour: health rows plus `extra`. */
export function targetGroupTable<K extends string>(
  kind: K,
  title: string,
  namespace: string,
  source: string,
  extra: {
    readonly rows: readonly CatalogRow[];
    readonly params: KindCatalog['params'];
    readonly signals: KindCatalog['signals'];
  },
): KindCatalog<K> {
  return {
    kind,
    title,
    namespace,
    dimensions: ['TargetGroup', 'LoadBalancer'],
    params: {
      minHealthy: { default: 1, doc: 'Healthy targets below which the group cannot serve.' },
      ...extra.params,
    },
    rows: [...targetHealthRows(source, title.replace(/ target group$/, '')), ...extra.rows],
    signals: [
      {
        title: 'Healthy targets',
        metricName: 'HealthyHostCount',
        stat: 'Minimum',
        line: { param: 'minHealthy', label: 'minimum' },
      },
      { title: 'Unhealthy targets', metricName: 'UnHealthyHostCount', stat: 'Maximum' },
      ...extra.signals,
    ],
    cost: [],
  };
}

const TARGET_GROUP = /^targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/** The entry fields both flavours share; `prefix` is `app` or `net`. */
export function loadBalancerFields(k: SchemaKit, prefix: 'app' | 'net') {
  const targetGroup = awsId(
    k,
    TARGET_GROUP,
    'a target group full name, e.g. targetgroup/orders/73e2d6bc24d8a067',
    'The target group full name (the TargetGroup dimension): the part of its ARN after "targetgroup/".',
  );
  const minHealthy = k.int('Healthy targets below which the group pages. Default 1.', 1, 1000).optional();
  return {
    name: awsId(
      k,
      new RegExp(`^${prefix}/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$`),
      `a load balancer full name, e.g. ${prefix}/orders/50dc6c495c0c9188`,
      `The load balancer full name (the LoadBalancer dimension): "${prefix}/<name>/<id>", the end of its ARN.`,
    ),
    label: k.label,
    targetGroups: k.z
      .array(k.z.union([targetGroup, k.obj({ name: targetGroup, label: k.label, minHealthy })]))
      .max(100, { message: 'at most 100 target groups per load balancer' })
      .optional()
      .describe('Target groups behind the load balancer (read from the construct through its listeners).'),
    minHealthy,
  };
}

interface LoadBalancerEntry {
  readonly name: string;
  readonly label?: string;
  readonly targetGroups?: ReadonlyArray<string | { name: string; label?: string; minHealthy?: number }>;
  readonly minHealthy?: number;
  readonly alarms?: Record<string, unknown>;
}

/** The middle part of `app/<name>/<id>` or `targetgroup/<name>/<id>`, for labels. */
const nameOf = (full: string) => full.split('/')[1] ?? full;

/** A load balancer and its target groups → resources: the load balancer first. */
export function loadBalancerResources<K extends string, T extends string>(
  tables: { readonly lb: KindCatalog<K>; readonly tg: KindCatalog<T> },
  e: LoadBalancerEntry,
  lbParams: Readonly<Record<string, number | undefined>>,
  ctx: EntryContext<{ minHealthy?: number }>,
): Array<MonitoredResource<K | T>> {
  const label = ctx.label(e.label, ctx.isToken(e.name) ? e.name : nameOf(e.name));
  const overrides = ctx.overrides(e.alarms);
  const out: Array<MonitoredResource<K | T>> = [
    {
      kind: tables.lb.kind,
      label,
      dimensions: { LoadBalancer: e.name },
      params: ctx.params(tables.lb, lbParams),
      overrides,
      origin: ctx.origin(),
    },
  ];
  const seen = new Set<string>();
  (e.targetGroups ?? []).forEach((entry, j) => {
    const tg = typeof entry === 'string' ? { name: entry } : entry;
    if (seen.has(tg.name)) return ctx.issue(['targetGroups', j], `target group "${tg.name}" is listed twice`);
    seen.add(tg.name);
    const tgLabel =
      'label' in tg && tg.label
        ? safeLabel(tg.label)
        : ctx.isToken(tg.name)
          ? safeLabel(`${label}-tg${j + 1}`)
          : safeLabel(`${label}-${nameOf(tg.name)}`);
    out.push({
      kind: tables.tg.kind,
      label: tgLabel,
      dimensions: { TargetGroup: tg.name, LoadBalancer: e.name },
      params: ctx.params(tables.tg, {
        ...lbParams,
        minHealthy:
          ('minHealthy' in tg ? tg.minHealthy : undefined) ?? e.minHealthy ?? ctx.defaults.minHealthy,
      }),
      overrides,
      origin: ctx.origin('targetGroups', j),
    });
  });
  return out;
}

/**
 * The construct hook of both kinds: a load balancer (L2 or L1) of the type, with the target groups its listeners
 * and their rules forward to.
 */
export const loadBalancerConstruct = (type: 'application' | 'network') =>
  ({
    cfnTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
    entry: (c: IConstruct, ctx: ConstructContext) => {
      const lb = loadBalancerOf(c, ctx, type);
      if (!lb) return undefined;
      const targetGroups = targetGroupsOf(lb, ctx);
      return {
        name: lb.attrLoadBalancerFullName,
        label: ctx.label(c),
        ...(targetGroups.length ? { targetGroups } : {}),
      };
    },
  }) as const;

/** The L1 load balancer of a construct when it is of the type (`application` is CloudFormation's default). */
function loadBalancerOf(c: IConstruct, ctx: ConstructContext, type: 'application' | 'network') {
  const lb = ctx.cfnOf<CfnLoadBalancer & CfnLike>(c, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  if (!lb || (ctx.string(lb.type) ?? 'application') !== type) return undefined;
  return lb;
}

/** The target groups a load balancer forwards to: through its listeners' default actions and their rules. */
function targetGroupsOf(lb: CfnLoadBalancer & CfnLike, ctx: ConstructContext) {
  const listeners = referencing<CfnListener & CfnLike>(
    ctx,
    lb,
    'AWS::ElasticLoadBalancingV2::Listener',
    (l) => l.loadBalancerArn,
  );
  const rules = listeners.flatMap((l) =>
    referencing<CfnListenerRule & CfnLike>(
      ctx,
      l,
      'AWS::ElasticLoadBalancingV2::ListenerRule',
      (r) => r.listenerArn,
    ),
  );
  const actions = [
    ...listeners.map((l) => ctx.resolve(l, l.defaultActions)),
    ...rules.map((r) => ctx.resolve(r, r.actions)),
  ];
  return lb.stack.node
    .findAll()
    .filter(
      (t): t is CfnTargetGroup & CfnLike =>
        (t as Partial<CfnLike>).cfnResourceType === 'AWS::ElasticLoadBalancingV2::TargetGroup',
    )
    .filter((t) => refersTo(actions, ctx.resolve(t, t.logicalId) as string))
    .map((t) => {
      // An L2 target group's L1 child is `Resource`: its label is the L2's id.
      const owner = t.node.id === 'Resource' && t.node.scope ? t.node.scope : t;
      return { name: t.attrTargetGroupFullName, label: ctx.label(owner) };
    });
}
