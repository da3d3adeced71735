/**
 * The one planner from the model to Prometheus rules. For every catalog row that {@link MIRRORED} maps, the row is
 * planned exactly as for CloudWatch (`planRowWithWords`: overrides, thresholds, severity, datapoints and words all
 * resolved once), then re-expressed over the application's OpenTelemetry series:
 *
 * - recording rules per service compute the per-period value once (a quantile of the duration histogram per route
 *   and per operation, request counts, requests per status class);
 * - an alerting rule per alarm compares it: `value > threshold` held for `(N-1)` periods when the alarm needs N of
 *   N, or "M of the last N periods" as a count over a subquery when it needs fewer (`[N·period-1s:period]` gives
 *   exactly N steps in Prometheus 2 and 3 alike), with the alarm's traffic guard.
 *
 * Pure data in and out: no CDK here.
 */
import type { AlarmSpec, Comparison } from '../../model/alarm-spec';
import { CATALOG, type CatalogRow } from '../../model/kinds';
import { defaultTopicNames, planRowWithWords, type AlarmWords } from '../../model/plan';
import type { MonitoredResource, ServiceModel, TelemetryModel } from '../../model/telemetry-model';
import { lowSampleThreshold, parseStatistic } from '../../tools/evaluate/statistics';
import { sloBurnRules } from './burn-rate';
import {
  literalTemplate,
  mOfN,
  promDuration,
  promNumber,
  routeRegex,
  selector,
  type Matcher,
} from './promql';
import { renderRuleFile } from './render';
import {
  isAlertingRule,
  type AlertingRule,
  type PlannedAlert,
  type RecordingRule,
  type RuleFile,
  type SignalShape,
} from './rule-model';
import { SERIES } from './series';
import { mirrorOf, type MirrorRule } from './signals';

/** The rules of one service: one AMP rule groups namespace. */
export interface ServiceRulePlan {
  /** The service's name. */
  readonly service: string;
  /** The rule groups namespace name, `<app>-<service>` (at most 64 characters). */
  readonly namespace: string;
  /** The rules file: recording rules and alerts. */
  readonly file: RuleFile;
  /** The alerts, with what each mirrors. */
  readonly alerts: readonly PlannedAlert[];
  /** The burn-rate tier alerts of the service's SLOs (`burn-rate.ts`), in the first namespace. */
  readonly sloAlerts: readonly AlertingRule[];
  /** Rows that could not be mirrored as configured (an unusual statistic), with the reason. */
  readonly notes: readonly string[];
}

/** Seconds between evaluations of every group: CloudWatch's one-minute period. */
export const RULE_INTERVAL = 60;

const SYMBOL: Partial<Record<Comparison, PlannedAlert['comparison']>> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '>=',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

type Scope = MirrorRule['scope'];

/** Labels a recording keeps, per scope. */
const BY: Readonly<Record<Scope, readonly string[]>> = {
  service: [SERIES.app, SERIES.service],
  operation: [SERIES.app, SERIES.service, SERIES.operation],
  route: [SERIES.app, SERIES.service, SERIES.method, SERIES.route],
};

const LEVEL: Readonly<Record<Scope, string>> = {
  service: 'service',
  operation: 'service_operation',
  route: 'service_route',
};

/** Recording rule names, `level:metric:operations` as Prometheus advises. */
export const RECORDS = {
  quantile: (scope: Scope, quantile: number, period: number) =>
    `${LEVEL[scope]}:${SERIES.duration}:p${promNumber(quantile * 100).replace('.', '_')}_rate${promDuration(period)}`,
  requests: (scope: Scope, period: number) =>
    `${LEVEL[scope]}:http_server_requests:increase${promDuration(period)}`,
  statusClass: (statusClass: string, period: number) =>
    `service:http_server_requests_${statusClass}xx:increase${promDuration(period)}`,
};

const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

/** `p95` → 0.95; undefined for statistics that are not plain percentiles. */
function quantileOf(stat: string): number | undefined {
  const m = /^p(\d{1,2}(\.\d+)?|100)$/.exec(stat);
  return m ? Number(m[1]) / 100 : undefined;
}

/** Requests below which a percentile datapoint is "low sample" and, with `ignore`, does not count. */
function lowSampleMinimum(spec: AlarmSpec, stat: string): number {
  if (spec.evaluateLowSampleCountPercentile !== 'ignore') return 0;
  return Math.ceil(Number(lowSampleThreshold(parseStatistic(stat)).toFixed(6)));
}

/** Collects the recording rules a service needs, once each, in first-use order. */
class Recordings {
  private readonly byName = new Map<string, RecordingRule>();
  constructor(private readonly base: Readonly<Record<string, Matcher>>) {}

  add(record: string, expr: string): string {
    if (!this.byName.has(record)) this.byName.set(record, { record, expr });
    return record;
  }

  quantile(scope: Scope, quantile: number, period: number): string {
    const by = [...BY[scope], 'le'].join(', ');
    const buckets = `${SERIES.duration}_bucket${selector(this.base)}[${promDuration(period)}]`;
    return this.add(
      RECORDS.quantile(scope, quantile, period),
      `histogram_quantile(${promNumber(quantile)}, sum by (${by}) (rate(${buckets})))`,
    );
  }

  requests(scope: Scope, period: number): string {
    const counts = `${SERIES.duration}_count${selector(this.base)}[${promDuration(period)}]`;
    return this.add(
      RECORDS.requests(scope, period),
      `sum by (${BY[scope].join(', ')}) (increase(${counts}))`,
    );
  }

  statusClass(statusClass: string, period: number): string {
    const matchers = { ...this.base, [SERIES.status]: { regex: `${statusClass}..` } };
    const counts = `${SERIES.duration}_count${selector(matchers)}[${promDuration(period)}]`;
    return this.add(
      RECORDS.statusClass(statusClass, period),
      `sum by (${BY.service.join(', ')}) (increase(${counts}))`,
    );
  }

  get rules(): RecordingRule[] {
    return [...this.byName.values()];
  }
}

/** The matchers that pick one resource's series out of a service's recordings. */
function scopeMatchers(
  scope: Scope,
  base: Readonly<Record<string, Matcher>>,
  resource: MonitoredResource,
): Record<string, Matcher> {
  if (scope === 'service') return { ...base };
  if (scope === 'operation') return { ...base, [SERIES.operation]: resource.operation ?? resource.label };
  const method = resource.dimensions.Method;
  return {
    ...base,
    ...(method && method !== 'ANY' ? { [SERIES.method]: method } : {}),
    [SERIES.route]: { regex: routeRegex(resource.dimensions.Resource ?? '/') },
  };
}

/** The labels of the raw series a resource's alert reads (concrete values, for generated tests). */
function seriesLabelsOf(scope: Scope, app: string, service: string, r: MonitoredResource) {
  const base = { [SERIES.app]: app, [SERIES.service]: service };
  if (scope === 'service') return base;
  if (scope === 'operation') return { ...base, [SERIES.operation]: r.operation ?? r.label };
  const method = r.dimensions.Method;
  return {
    ...base,
    [SERIES.method]: method && method !== 'ANY' ? method : 'GET',
    [SERIES.route]: r.dimensions.Resource ?? '/',
  };
}

/** The words of the CloudWatch alarm's description, in parts (its full text would repeat them). */
function annotations(spec: AlarmSpec, words: AlarmWords): Record<string, string> {
  return {
    summary: literalTemplate(`${words.meaning}${words.guard}`),
    first_step: literalTemplate(words.firstStep),
    ...(words.runbook ? { runbook_url: literalTemplate(words.runbook) } : {}),
    cloudwatch_alarm: spec.name,
  };
}

function planAlert(
  app: string,
  service: ServiceModel,
  resource: MonitoredResource,
  row: CatalogRow,
  mirror: MirrorRule,
  spec: AlarmSpec,
  words: AlarmWords,
  rec: Recordings,
  base: Readonly<Record<string, Matcher>>,
): PlannedAlert | string {
  const comparison = SYMBOL[spec.comparison];
  if (!comparison) return `${spec.name}: ${spec.comparison} has no Prometheus counterpart`;
  const period = spec.source.period;
  if (period % RULE_INTERVAL !== 0)
    return `${spec.name}: a ${period}s period is shorter than the rules' one-minute evaluation`;
  const [m, n] = [spec.datapointsToAlarm, spec.evaluationPeriods];
  const sel = selector(scopeMatchers(mirror.scope, base, resource));
  let shape: SignalShape;
  let value: string;
  let threshold: number;
  let minRequests: number;
  const requests = () => `${rec.requests(mirror.scope, period)}${sel}`;
  if (mirror.kind === 'quantile') {
    const stat = spec.source.type === 'metric' ? spec.source.stat : '';
    const quantile = quantileOf(stat);
    if (quantile === undefined)
      return `${spec.name}: statistic ${stat} is not a percentile that histogram_quantile computes`;
    shape = { kind: 'quantile', quantile };
    value = `${rec.quantile(mirror.scope, quantile, period)}${sel}`;
    threshold = spec.threshold / 1000;
    minRequests = lowSampleMinimum(spec, stat);
  } else {
    if (row.metric.type !== 'rate') return `${spec.name}: not a rate row`;
    shape = { kind: 'ratio', statusClass: mirror.statusClass };
    value = `100 * ${rec.statusClass(mirror.statusClass, period)}${sel} / ${requests()}`;
    threshold = spec.threshold;
    minRequests = resource.params[row.metric.minRequestsParam] ?? 0;
  }
  const guard = minRequests > 0 ? ` and ${requests()} >= ${promNumber(minRequests)}` : '';
  const condition = `${value} ${comparison} ${promNumber(threshold)}${guard}`;
  const operation = mirror.scope === 'service' ? undefined : (resource.operation ?? resource.label);
  const rule: AlertingRule = {
    alert: pascal(spec.labels?.signal ?? row.signal),
    ...mOfN(condition, m, n, period),
    labels: {
      severity: spec.severity,
      service: service.name,
      // A Lambda function and a route may share an operation: the resource keeps their rules apart.
      ...(operation ? { operation, resource: resource.label } : {}),
    },
    annotations: annotations(spec, words),
  };
  return {
    rule,
    severity: spec.severity,
    mirrors: spec,
    shape,
    seriesLabels: seriesLabelsOf(mirror.scope, app, service.name, resource),
    value,
    threshold,
    comparison,
    datapoints: [m, n],
    period,
    minRequests,
  };
}

/** The rules of one service, or undefined when none of its alarms has a counterpart. */
export function planServiceRules(
  model: Pick<TelemetryModel, 'app' | 'alerting'>,
  service: ServiceModel,
): ServiceRulePlan | undefined {
  const app = model.app;
  const routing = { topics: defaultTopicNames(app), pageVia: model.alerting.pageVia };
  const base: Record<string, Matcher> = { [SERIES.app]: app, [SERIES.service]: service.name };
  const rec = new Recordings(base);
  const alerts: PlannedAlert[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const resource of service.resources) {
    for (const row of CATALOG[resource.kind].rows) {
      const mirror = mirrorOf(resource.kind, row.id);
      if (!mirror) continue;
      const planned = planRowWithWords(app, service.name, resource, row, routing);
      if (!planned) continue;
      const alert = planAlert(app, service, resource, row, mirror, planned.spec, planned.words, rec, base);
      if (typeof alert === 'string') {
        notes.push(alert);
        continue;
      }
      // Two API stages of a service read the same service-wide series, two functions may share an operation: one
      // alert serves them all.
      const { resource: _, ...labels } = alert.rule.labels;
      const key = JSON.stringify([alert.rule.alert, alert.rule.expr, labels]);
      if (seen.has(key)) continue;
      seen.add(key);
      alerts.push(alert);
    }
  }
  const sloAlerts: AlertingRule[] = [];
  for (const slo of service.slos ?? []) {
    const rules = sloBurnRules(
      {
        app,
        service: service.name,
        resources: service.resources,
        record: (name, expr) => rec.add(name, expr),
        by: (scope) => BY[scope],
        level: (scope) => LEVEL[scope],
        matchers: (scope, resource) => scopeMatchers(scope, base, resource),
        base,
      },
      slo,
    );
    if (typeof rules === 'string') notes.push(rules);
    else sloAlerts.push(...rules);
  }
  if (alerts.length === 0 && sloAlerts.length === 0) return undefined;
  return {
    service: service.name,
    namespace: `${app}-${service.name}`,
    file: {
      groups: [
        {
          name: `${app}-${service.name}`,
          interval: RULE_INTERVAL,
          rules: [...rec.rules, ...sloAlerts, ...alerts.map((a) => a.rule)],
        },
      ],
    },
    alerts,
    sloAlerts,
    notes,
  };
}

/** Bytes of one namespace's rules file before a service's alerts continue in another namespace. */
export const NAMESPACE_RULE_BYTES = 400_000;

const groupOf = (name: string, rules: RuleFile['groups'][number]['rules']): RuleFile => ({
  groups: [{ name, interval: RULE_INTERVAL, rules }],
});

/**
 * A service's rules in namespaces of at most `maxBytes` each: the first keeps the recording rules and as many alerts
 * as fit, the next ones (`<app>-<service>-2`, ...) hold the rest of the alerts. Each namespace is its own rule
 * group, so in AMP an alert there may read a recording up to one evaluation later than one in the first.
 */
export function splitServiceRules(plan: ServiceRulePlan, maxBytes = NAMESPACE_RULE_BYTES): ServiceRulePlan[] {
  const size = (f: RuleFile) => Buffer.byteLength(renderRuleFile(f));
  if (size(plan.file) <= maxBytes) return [plan];
  const [group] = plan.file.groups;
  // Recordings and SLO tiers stay in the first namespace; the catalog's alerts fill the rest.
  const recordings = group.rules.filter((r) => !isAlertingRule(r) || plan.sloAlerts.includes(r));
  const chunks: PlannedAlert[][] = [[]];
  const empty = size(groupOf(group.name, []));
  let bytes = size(groupOf(group.name, recordings));
  for (const a of plan.alerts) {
    const one = size(groupOf(group.name, [a.rule])) - empty;
    if (chunks[chunks.length - 1].length > 0 && bytes + one > maxBytes) {
      chunks.push([]);
      bytes = empty;
    }
    chunks[chunks.length - 1].push(a);
    bytes += one;
  }
  return chunks.map((alerts, i) => {
    const name = i ? `${plan.namespace}-${i + 1}` : plan.namespace;
    return {
      ...plan,
      namespace: name,
      file: groupOf(name, [...(i ? [] : recordings), ...alerts.map((a) => a.rule)]),
      alerts,
      sloAlerts: i ? [] : plan.sloAlerts,
      notes: i ? [] : plan.notes,
    };
  });
}

/** The rules of every service that has some, in namespaces of at most `namespaceBytes`. */
export function planPrometheusRules(
  model: Pick<TelemetryModel, 'app' | 'alerting' | 'services'>,
  namespaceBytes = NAMESPACE_RULE_BYTES,
): ServiceRulePlan[] {
  return model.services
    .map((s) => planServiceRules(model, s))
    .filter((p): p is ServiceRulePlan => p !== undefined)
    .flatMap((p) => splitServiceRules(p, namespaceBytes));
}
