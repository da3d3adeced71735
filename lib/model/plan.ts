/**
 * The one generic renderer from model to AlarmSpecs: a catalog row plus a resource plus its overrides give one
 * alarm; a service's critical alarms give its composite. Pure data in, pure data out: no CDK here.
 */
import type { AlarmActions, AlarmRule, AlarmSpec, CompositeAlarmSpec, Severity } from './alarm-spec';
import { renderAlarmRule } from './alarm-rule';
import { formatDuration } from './duration';
import { CATALOG, thresholdOf, type CatalogRow, type KindCatalog, type ThresholdRule } from './kinds';
import { alarmProblems, compositeProblems, LIMITS } from './limits';
import { alarmName } from './naming';
import { isPercentileStat } from './percentile';
import { planSlo } from './slo';
import type { MonitoredResource, ServiceModel, TelemetryModel } from './telemetry-model';
import { formatThreshold } from './units';

/** Where each severity is delivered: SNS topic names (or ARNs), and how critical alarms page. */
export interface AlertRouting {
  /** The SNS topic each severity's alarms notify, by name (or ARN). */
  readonly topics: Readonly<Record<Severity, string>>;
  /**
   * `composite`: critical alarms stay silent and one composite per service pages; `each`: every critical alarm pages.
   */
  readonly pageVia: 'composite' | 'each';
}

/** A problem with a planned alarm, located at the resource that produced it. */
export class PlanError extends Error {
  constructor(
    /** Where the resource was declared, e.g. `services[0].lambda[1]`. */
    readonly origin: string,
    /** What is wrong, in one line. */
    readonly problem: string,
  ) {
    super(`${origin}: ${problem}`);
    this.name = 'PlanError';
  }
}

/** The alarms of one service, planned from its resources, budgets, overrides and SLOs. */
export interface ServicePlan {
  /** The service, as modelled. */
  readonly service: ServiceModel;
  /** Its metric alarms, resource by resource in config order. */
  readonly alarms: readonly AlarmSpec[];
  /** Composites, children first: SLO tier composites, then the service's top-level "any critical" alarm last. */
  readonly composites: readonly CompositeAlarmSpec[];
}

/** The alarms of a whole application: per service, plus the account-wide ones. Pure data, before rendering. */
export interface TelemetryPlan {
  /** The application's name. */
  readonly app: string;
  /** One plan per service, in config order. */
  readonly services: readonly ServicePlan[];
  /** Account-wide alarms (one set per app). */
  readonly account: readonly AlarmSpec[];
}

export { isPercentileStat };

function resolveThreshold(
  rule: ThresholdRule,
  params: Readonly<Record<string, number>>,
  origin: string,
): number {
  if (typeof rule === 'number') return rule;
  const value = thresholdOf(rule, (name) => params[name]);
  if (value === undefined) throw new PlanError(origin, `missing parameter "${rule.param}"`);
  return value;
}

/** Where an alarm of this severity reports under the routing (critical alarms stay silent in composite mode). */
export function actionsFor(severity: Severity, routing: AlertRouting): AlarmActions {
  const topic = routing.topics[severity];
  if (severity === 'critical') {
    // In composite mode the service composite pages (once); the critical alarms themselves stay silent.
    if (routing.pageVia === 'composite') return { alarm: [], ok: [], insufficientData: [] };
    return { alarm: [topic], ok: [topic], insufficientData: [] };
  }
  return { alarm: [topic], ok: [], insufficientData: [] };
}

/**
 * The dimensions of a row's metric for a resource: the resource's, or those the row maps from them, plus the
 * row's fixed ones.
 */
export function rowDimensions(
  row: CatalogRow,
  resource: MonitoredResource,
): Readonly<Record<string, string>> {
  if (!row.dimensionMap && !row.fixedDimensions) return resource.dimensions;
  const mapped = row.dimensionMap
    ? Object.fromEntries(
        Object.entries(row.dimensionMap).map(([name, from]) => [name, resource.dimensions[from]]),
      )
    : resource.dimensions;
  return { ...mapped, ...row.fixedDimensions };
}

/**
 * What an alarm says, in parts: what it means (resource and threshold filled in), the traffic guard of a rate,
 * what to do first, and the runbook. CloudWatch descriptions and Prometheus annotations are both built from it, so
 * the two say the same thing.
 */
export interface AlarmWords {
  /** What the alarm means, with the resource, statistic and threshold filled in. */
  readonly meaning: string;
  /** ` (with at least 10 requests a minute)` for guarded rates, else empty. */
  readonly guard: string;
  /** What to do first. */
  readonly firstStep: string;
  /** A runbook URL. @default - none */
  readonly runbook?: string;
}

/** The CloudWatch description: `<meaning><guard>. First: <first step>.[ Runbook: <url>]`. */
export const describeAlarm = (w: AlarmWords): string =>
  `${w.meaning}${w.guard}. First: ${w.firstStep}.${w.runbook ? ` Runbook: ${w.runbook}` : ''}`;

/** Renders one catalog row for one resource; `undefined` when the row is switched off. */
export function planRow(
  app: string,
  service: string,
  resource: MonitoredResource,
  row: CatalogRow,
  routing: AlertRouting,
): AlarmSpec | undefined {
  return planRowWithWords(app, service, resource, row, routing)?.spec;
}

/** {@link planRow}, with the words of its description in parts (for renderings other than CloudWatch). */
export function planRowWithWords(
  app: string,
  service: string,
  resource: MonitoredResource,
  row: CatalogRow,
  routing: AlertRouting,
): { readonly spec: AlarmSpec; readonly words: AlarmWords } | undefined {
  const o = resource.overrides[row.id] ?? {};
  if (!(o.enabled ?? row.enabled)) return undefined;
  const kind: KindCatalog = CATALOG[resource.kind];
  const severity = o.severity ?? row.severity;
  const period = o.period ?? row.period;
  const [m, n] = o.datapoints ?? row.datapoints;
  const threshold = o.threshold ?? resolveThreshold(row.threshold, resource.params, resource.origin);
  const metric = (metricName: string) => ({
    namespace: row.namespace ?? kind.namespace,
    metricName,
    dimensions: rowDimensions(row, resource),
  });

  let source: AlarmSpec['source'];
  let guard = '';
  if (row.metric.type === 'metric') {
    source = {
      type: 'metric',
      metric: metric(row.metric.metricName),
      stat: o.statistic ?? row.metric.stat,
      period,
    };
  } else {
    const min = resource.params[row.metric.minRequestsParam] ?? 0;
    source = {
      type: 'math',
      expression: `IF(requests >= ${min}, 100 * FILL(errors, 0) / requests, 0)`,
      label: row.metric.label,
      period,
      metrics: [
        {
          id: 'errors',
          metric: metric(row.metric.numerator.metricName),
          stat: row.metric.numerator.stat,
          period,
        },
        {
          id: 'requests',
          metric: metric(row.metric.denominator.metricName),
          stat: row.metric.denominator.stat,
          period,
        },
      ],
    };
    // The guard counts requests per period: say so for the period the alarm really has.
    const per = period === 60 ? 'a minute' : `in ${formatDuration(period * 1000)}`;
    guard = ` (${row.metric.guard.replace('{min}', String(min)).replace('{period}', per)})`;
  }

  const lowSample =
    source.type === 'metric' && isPercentileStat(source.stat) ? (row.lowSampleCount ?? 'ignore') : undefined;
  const band = o.anomalyBand;
  if (band !== undefined && source.type !== 'metric') {
    throw new PlanError(
      `${resource.origin}.alarms.${row.id}.anomaly`,
      'an anomaly band applies to an alarm on one metric, not to a rate (math) alarm',
    );
  }
  const base = {
    type: 'metric' as const,
    name: alarmName({ app, service, resource: resource.label, signal: row.signal, severity }),
    source,
    // A band replaces the threshold: a drop (LessThan) alarms below it, a rise above it.
    comparison:
      band === undefined
        ? row.comparison
        : row.comparison.startsWith('Less')
          ? ('LessThanLowerThreshold' as const)
          : ('GreaterThanUpperThreshold' as const),
    threshold: band ?? threshold,
    evaluationPeriods: n,
    datapointsToAlarm: m,
    treatMissingData: o.missing ?? row.missing,
    ...(lowSample ? { evaluateLowSampleCountPercentile: lowSample } : {}),
    severity,
    actions: actionsFor(severity, routing),
    labels: { app, service, resource: resource.label, kind: resource.kind, signal: row.signal },
  };
  // The row knows its unit; the metric table is for alarms read back without their row.
  const unit = row.unit;
  const stat = source.type === 'metric' ? source.stat : '';
  const template = o.description ?? row.meaning;
  const stated = template
    .replace('{resource}', `${kind.title} ${resource.label}`)
    .replace(
      '{threshold}',
      band === undefined
        ? formatThreshold(threshold, unit)
        : `its anomaly band (${band} standard deviations)`,
    )
    .replace('{stat}', stat);
  // A band alarm says so even where the meaning names no threshold.
  const meaning =
    band !== undefined && !template.includes('{threshold}')
      ? `${stated}, outside its anomaly band (${band} standard deviations)`
      : stated;
  // The notification CloudWatch sends already states the threshold and the datapoints; the description says what
  // it means and what to do first.
  const words: AlarmWords = { meaning, guard, firstStep: row.firstStep, runbook: o.runbook };
  const spec: AlarmSpec = { ...base, description: describeAlarm(words) };
  const problems = alarmProblems(spec);
  if (problems.length) throw new PlanError(`${resource.origin}.alarms.${row.id}`, problems.join('; '));
  return { spec, words };
}

/** All alarms for a list of resources, in resource then row order. */
export function planResources(
  app: string,
  service: string,
  resources: readonly MonitoredResource[],
  routing: AlertRouting,
): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  for (const r of resources) {
    for (const row of CATALOG[r.kind].rows) {
      const spec = planRow(app, service, r, row, routing);
      if (spec) out.push(spec);
    }
  }
  return out;
}

/**
 * "Any critical alarm of the service": one composite that pages. Over 100 children (or 10,240 rule characters),
 * children are grouped into intermediate composites without actions, and the top composite ORs the groups.
 */
export function planComposites(
  app: string,
  service: string,
  alarms: readonly AlarmSpec[],
  routing: AlertRouting,
): CompositeAlarmSpec[] {
  if (routing.pageVia !== 'composite') return [];
  const critical = alarms.filter((a) => a.severity === 'critical').map((a) => a.name);
  if (critical.length === 0) return [];
  const out: CompositeAlarmSpec[] = [];
  const silent: AlarmActions = { alarm: [], ok: [], insufficientData: [] };
  const topic = routing.topics.critical;

  const anyOf = (names: readonly string[]): AlarmRule => {
    const operands = names.map((alarm): AlarmRule => ({ type: 'state', state: 'ALARM', alarm }));
    return operands.length === 1 ? operands[0] : { type: 'or', operands };
  };

  let level = critical;
  let depth = 0;
  while (
    level.length > LIMITS.compositeChildren ||
    renderAlarmRule(anyOf(level)).length > LIMITS.compositeRuleChars
  ) {
    const groups: string[][] = [[]];
    for (const name of level) {
      const current = groups[groups.length - 1];
      const next = [...current, name];
      if (
        next.length > LIMITS.compositeChildren ||
        renderAlarmRule(anyOf(next)).length > LIMITS.compositeRuleChars
      ) {
        groups.push([name]);
      } else {
        current.push(name);
      }
    }
    depth++;
    level = groups.map((names, i) => {
      const resource = `group${depth}x${i + 1}`;
      const spec: CompositeAlarmSpec = {
        type: 'composite',
        name: alarmName({ app, service, resource, signal: 'anyCritical', severity: 'critical' }),
        description: `Any of ${names.length} critical alarms of service ${service} (group ${i + 1} of ${groups.length}; the service composite pages).`,
        rule: anyOf(names),
        severity: 'critical',
        actions: silent,
        labels: { app, service, resource, kind: 'service', signal: 'anyCritical' },
      };
      out.push(spec);
      return spec.name;
    });
  }
  const top: CompositeAlarmSpec = {
    type: 'composite',
    name: alarmName({ app, service, resource: 'service', signal: 'anyCritical', severity: 'critical' }),
    description: `Service ${service} has a critical problem: at least one of its ${critical.length} critical alarms is in ALARM. First: open the ${app}-${service} dashboard and look at the alarm status row.`,
    rule: anyOf(level),
    severity: 'critical',
    actions: { alarm: [topic], ok: [topic], insufficientData: [] },
    labels: { app, service, resource: 'service', kind: 'service', signal: 'anyCritical' },
  };
  out.push(top);
  for (const c of out) {
    const problems = compositeProblems(c);
    if (problems.length)
      throw new PlanError(`service ${service}`, `composite ${c.name}: ${problems.join('; ')}`);
  }
  return out;
}

/** Plans one service: its alarms and composites. Alarm names must be unique. */
export function planService(app: string, service: ServiceModel, routing: AlertRouting): ServicePlan {
  const alarms = planResources(app, service.name, service.resources, routing);
  const seen = new Map<string, AlarmSpec>();
  for (const a of alarms) {
    const prior = seen.get(a.name);
    if (prior) {
      throw new PlanError(
        `service ${service.name}`,
        `two alarms are named "${a.name}" (${prior.labels?.kind} and ${a.labels?.kind} "${a.labels?.resource}"); give one resource a distinct \`label\``,
      );
    }
    seen.set(a.name, a);
  }
  // SLO tiers alert through their own composites: their window alarms stay out of the service composite, so an
  // SLO burning does not hold the service composite in ALARM (masking) and a resource alarm does not mask a burn.
  const composites = planComposites(app, service.name, alarms, routing);
  for (const slo of service.slos ?? []) {
    const p = planSlo(app, service.name, slo, routing.topics);
    for (const a of [...p.alarms, ...p.composites]) {
      if (seen.has(a.name))
        throw new PlanError(
          slo.origin,
          `SLO "${slo.name}" makes an alarm named "${a.name}", which already exists`,
        );
    }
    alarms.push(...p.alarms);
    // Before the service composite, which stays last (the dashboards' alarm status leads with it).
    composites.splice(Math.max(0, composites.length - 1), 0, ...p.composites);
  }
  return { service, alarms, composites };
}

/** Topic names for an app: `<app>-telemetry-<severity>`. */
export function defaultTopicNames(app: string): Record<Severity, string> {
  return {
    critical: `${app}-telemetry-critical`,
    warning: `${app}-telemetry-warning`,
    info: `${app}-telemetry-info`,
  };
}

/** Plans the whole model. */
export function planTelemetry(model: TelemetryModel, routing?: AlertRouting): TelemetryPlan {
  const r = routing ?? { topics: defaultTopicNames(model.app), pageVia: model.alerting.pageVia };
  // Account alarms have no composite; their critical alarms (if a user raises one) page directly.
  const accountRouting: AlertRouting = { ...r, pageVia: 'each' };
  const services = model.services.map((s) => planService(model.app, s, r));
  uniqueAlarmNames(services);
  return {
    app: model.app,
    services,
    account: planResources(model.app, 'account', model.account, accountRouting),
  };
}

/**
 * Alarm names are unique in an account and Region, and `<app>-<service>-<resource>-...` can read the same for two
 * services (service `a` with resource `b-c`, service `a-b` with resource `c`): CloudFormation would refuse the second
 * at deploy, so the plan refuses it, at the later service.
 */
function uniqueAlarmNames(services: readonly ServicePlan[]): void {
  const owner = new Map<string, string>();
  for (const p of services) {
    for (const a of [...p.alarms, ...p.composites]) {
      const other = owner.get(a.name);
      if (other !== undefined && other !== p.service.name) {
        throw new PlanError(
          `service ${p.service.name}`,
          `alarm name "${a.name}" is also an alarm of service ${other} (service and resource names joined by "-" read the same); rename the service or the resource's label`,
        );
      }
      owner.set(a.name, p.service.name);
    }
  }
}
