/**
 * telemetry.yaml (validated) → the telemetry model. Cross-field rules live here: duplicate names, budgets
 * above the default, budgets for operations that do not exist, alarm periods CloudWatch refuses.
 */
import { Token } from 'aws-cdk-lib';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import { CATALOG, type ResourceKind } from '../model/catalog';
import { parseDurationMs, parseDurationSeconds } from '../model/duration';
import { isValidPeriod } from '../model/limits';
import { safeLabel } from '../model/naming';
import type {
  ChannelSet,
  MonitoredResource,
  RowOverride,
  ServiceModel,
  TelemetryModel,
} from '../model/telemetry-model';
import { formatPath, type ConfigIssue, type ConfigPath, type IssueSink } from './errors';
import { grafanaModel } from './to-model-grafana';
import { prometheusModel } from './to-model-prometheus';
import {
  BudgetsSchema,
  type AlarmOverride,
  type ChannelsConfig,
  type ServiceConfig,
  type TelemetryConfig,
} from './schema';
import { governanceModel } from './to-model-governance';

type Overrides = Readonly<Record<string, AlarmOverride | undefined>> | undefined;
type Defaults = NonNullable<TelemetryConfig['defaults']>;

/** Budget settings after parsing. */
export interface BudgetSettings {
  readonly defaultMs: number;
  readonly criticalFactor: number;
  readonly percentile: string;
  readonly operations: ReadonlyMap<string, number>;
}

/** Collects issues instead of stopping at the first, so a user sees the first problem and a count of the rest. */
class Issues implements IssueSink {
  readonly list: ConfigIssue[] = [];
  add(path: ConfigPath, message: string) {
    this.list.push({ path, message });
  }
}

function normalizeOverride(o: AlarmOverride, path: ConfigPath, issues: Issues): RowOverride {
  const out: { -readonly [K in keyof RowOverride]: RowOverride[K] } = {};
  if (o.enabled !== undefined) out.enabled = o.enabled;
  if (o.threshold !== undefined) out.threshold = o.threshold;
  if (o.severity !== undefined) out.severity = o.severity;
  if (o.missing !== undefined) out.missing = o.missing;
  if (o.statistic !== undefined) out.statistic = o.statistic;
  if (o.description !== undefined) out.description = o.description;
  if (o.runbook !== undefined) out.runbook = o.runbook;
  if (o.period !== undefined) {
    const seconds = parseDurationSeconds(o.period);
    if (!isValidPeriod(seconds)) {
      issues.add([...path, 'period'], `period ${o.period} is not allowed: use 10s, 30s or a multiple of 1m`);
    } else {
      out.period = seconds;
    }
  }
  if (o.datapoints !== undefined) {
    const [m, n] = o.datapoints.split('/').map(Number);
    if (m < 1 || n < 1 || m > n) {
      issues.add([...path, 'datapoints'], `datapoints "${o.datapoints}": M must be between 1 and N`);
    } else {
      out.datapoints = [m, n];
    }
  }
  return out;
}

function mergeOverrides(
  defaults: Overrides,
  own: Overrides,
  defaultsPath: ConfigPath,
  ownPath: ConfigPath,
  issues: Issues,
): Record<string, RowOverride> {
  const out: Record<string, RowOverride> = {};
  for (const [id, o] of Object.entries(defaults ?? {})) {
    if (o) out[id] = normalizeOverride(o, [...defaultsPath, id], issues);
  }
  for (const [id, o] of Object.entries(own ?? {})) {
    if (o) out[id] = { ...out[id], ...normalizeOverride(o, [...ownPath, id], issues) };
  }
  return out;
}

/** A resource's label: the explicit one, else its AWS name(s); a deploy-time name needs an explicit label. */
function pickLabel(
  issues: Issues,
  path: ConfigPath,
  explicit: string | false | undefined,
  fallback: string,
): string {
  if (explicit) return safeLabel(explicit);
  if (Token.isUnresolved(fallback)) {
    issues.add(
      path,
      'the AWS name is a deploy-time value (a CDK token): give this resource a `label` for alarm names',
    );
    return 'x';
  }
  return safeLabel(fallback);
}

const ms = (d: string | undefined) => (d === undefined ? undefined : parseDurationMs(d));

/** Catalog defaults for a kind, overlaid with the values given. */
function params(kind: ResourceKind, given: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, p] of Object.entries(CATALOG[kind].params)) out[key] = given[key] ?? p.default;
  return out;
}

/** The budgets section (its schema's defaults when absent) as settings; `issues` receives what is wrong. */
export function parseBudgets(budgets: TelemetryConfig['budgets'], issues: Issues): BudgetSettings {
  const b = budgets ?? BudgetsSchema.parse({});
  const defaultMs = parseDurationMs(b.default);
  const criticalFactor = Number(b.critical.slice(0, -1)) / 100;
  if (criticalFactor < 1) issues.add(['budgets', 'critical'], `critical ${b.critical} must be at least 100%`);
  const operations = new Map<string, number>();
  for (const [op, v] of Object.entries(b.operations ?? {})) {
    const value = typeof v === 'string' ? v : v.budget;
    const budget = parseDurationMs(value);
    if (typeof v === 'string' && budget > defaultMs) {
      issues.add(
        ['budgets', 'operations', op],
        `budget ${value} is above the default ${b.default}; the plan discourages it: write { budget: ${value}, allowAboveDefault: true } to allow it`,
      );
    }
    operations.set(op, budget);
  }
  return { defaultMs, criticalFactor, percentile: b.percentile, operations };
}

function channels(c: ChannelsConfig | undefined): ChannelSet {
  return { email: c?.email ?? [], https: c?.https ?? [], slack: c?.slack ?? [] };
}

/** Everything a service needs from the rest of the config. */
export interface ServiceContext {
  readonly defaults: Defaults;
  readonly budgets: BudgetSettings;
}

/** Builds one service's resources. Also used by the constructs when props come from code. */
export function buildService(
  svc: ServiceConfig,
  ctx: ServiceContext,
  path: ConfigPath,
  issues: Issues,
  usedOperations: Set<string>,
): ServiceModel {
  const resources: MonitoredResource[] = [];
  const d = ctx.defaults;
  const budgetParams = (op: string) => {
    usedOperations.add(op);
    const budget = ctx.budgets.operations.get(op) ?? ctx.budgets.defaultMs;
    return { budget, budgetCritical: Math.round(budget * ctx.budgets.criticalFactor * 1000) / 1000 };
  };
  const withPercentile = (o: Record<string, RowOverride>) => {
    if (ctx.budgets.percentile === 'p95') return o;
    const out = { ...o };
    for (const id of ['latencyBudget', 'latencyBudgetCritical']) {
      if (out[id]?.statistic === undefined) out[id] = { ...out[id], statistic: ctx.budgets.percentile };
    }
    return out;
  };
  const add = (r: MonitoredResource) => resources.push(r);

  (svc.lambda ?? []).forEach((entry, i) => {
    const p = [...path, 'lambda', i];
    const e = typeof entry === 'string' ? { name: entry } : entry;
    const operation = ('operation' in e && e.operation) || e.name;
    const dl = d.lambda;
    add({
      kind: 'lambda',
      label: pickLabel(issues, p, 'label' in e && e.label, e.name),
      dimensions: { FunctionName: e.name },
      params: params('lambda', {
        timeout: ms(('timeout' in e && e.timeout) || dl?.timeout),
        concurrencyQuota: ('concurrencyQuota' in e && e.concurrencyQuota) || dl?.concurrencyQuota,
        minRequests: ('minRequests' in e ? e.minRequests : undefined) ?? dl?.minRequests,
        ...budgetParams(operation),
      }),
      overrides: withPercentile(
        mergeOverrides(
          dl?.alarms,
          'alarms' in e ? e.alarms : undefined,
          ['defaults', 'lambda', 'alarms'],
          [...p, 'alarms'],
          issues,
        ),
      ),
      operation,
      origin: formatPath(p),
    });
  });

  const apis = [
    ...(svc.restApi ?? []).map((a, i) => ({
      kind: 'restApi' as const,
      routeKind: 'restApiRoute' as const,
      routesKey: 'methods',
      a,
      i,
      id: { ApiName: a.name, Stage: a.stage },
      label: a.label ?? `${a.name}-${a.stage}`,
      routes: a.methods ?? [],
      defaults: d.restApi,
    })),
    ...(svc.httpApi ?? []).map((a, i) => ({
      kind: 'httpApi' as const,
      routeKind: 'httpApiRoute' as const,
      routesKey: 'routes',
      a,
      i,
      id: { ApiId: a.id, Stage: a.stage },
      label: a.label ?? `${a.id}-${a.stage}`,
      routes: a.routes ?? [],
      defaults: d.httpApi,
    })),
  ];
  for (const api of apis) {
    const p = [...path, api.kind, api.i];
    const apiLabel = pickLabel(issues, p, api.a.label, api.label);
    add({
      kind: api.kind,
      label: apiLabel,
      dimensions: api.id,
      params: params(api.kind, {
        minRequests: api.a.minRequests ?? api.defaults?.minRequests,
        latency: ms(api.a.latency ?? api.defaults?.latency),
        minTraffic: api.a.minTraffic ?? api.defaults?.minTraffic,
      }),
      overrides: mergeOverrides(
        api.defaults?.alarms,
        api.a.alarms,
        ['defaults', api.kind, 'alarms'],
        [...p, 'alarms'],
        issues,
      ),
      origin: formatPath(p),
    });
    const seenRoutes = new Map<string, number>();
    api.routes.forEach((entry, j) => {
      const rp = [...p, api.routesKey, j];
      const r = typeof entry === 'string' ? { route: entry } : entry;
      const [method, resourcePath] = r.route.split(' ');
      if (seenRoutes.has(r.route)) {
        issues.add(rp, `"${r.route}" is listed twice (also at ${api.routesKey}[${seenRoutes.get(r.route)}])`);
        return;
      }
      seenRoutes.set(r.route, j);
      const operation = ('operation' in r && r.operation) || r.route;
      add({
        kind: api.routeKind,
        label: safeLabel(`${apiLabel}-${method}-${resourcePath}`),
        dimensions: { ...api.id, Resource: resourcePath, Method: method },
        params: params(api.routeKind, budgetParams(operation)),
        overrides: withPercentile(
          mergeOverrides(
            api.defaults?.alarms,
            'alarms' in r ? r.alarms : undefined,
            ['defaults', api.kind, 'alarms'],
            [...rp, 'alarms'],
            issues,
          ),
        ),
        operation,
        origin: formatPath(rp),
      });
    });
  }

  (svc.dynamodb ?? []).forEach((entry, i) => {
    const p = [...path, 'dynamodb', i];
    const e = typeof entry === 'string' ? { name: entry } : entry;
    const label = pickLabel(issues, p, 'label' in e && e.label, e.name);
    const overrides = mergeOverrides(
      d.dynamodb?.alarms,
      'alarms' in e ? e.alarms : undefined,
      ['defaults', 'dynamodb', 'alarms'],
      [...p, 'alarms'],
      issues,
    );
    add({
      kind: 'dynamodb',
      label,
      dimensions: { TableName: e.name },
      params: {},
      overrides,
      origin: formatPath(p),
    });
    const operations = 'operations' in e ? (e.operations ?? []) : [];
    for (const op of operations) {
      add({
        kind: 'dynamodbOperation',
        label: `${label}-${op}`,
        dimensions: { TableName: e.name, Operation: op },
        params: params('dynamodbOperation', { latency: ms('latency' in e ? e.latency : undefined) }),
        overrides,
        origin: formatPath([...p, 'operations', operations.indexOf(op)]),
      });
    }
  });

  (svc.sqs ?? []).forEach((entry, i) => {
    const p = [...path, 'sqs', i];
    const e = typeof entry === 'string' ? { name: entry } : entry;
    const overrides = mergeOverrides(
      d.sqs?.alarms,
      'alarms' in e ? e.alarms : undefined,
      ['defaults', 'sqs', 'alarms'],
      [...p, 'alarms'],
      issues,
    );
    const label = pickLabel(issues, p, 'label' in e && e.label, e.name);
    add({
      kind: 'sqs',
      label,
      dimensions: { QueueName: e.name },
      params: params('sqs', {
        maxAge: 'maxAge' in e && e.maxAge ? parseDurationSeconds(e.maxAge) : undefined,
        maxBacklog: 'maxBacklog' in e ? e.maxBacklog : undefined,
        inFlightQuota: !Token.isUnresolved(e.name) && e.name.endsWith('.fifo') ? 20_000 : 120_000,
      }),
      overrides,
      origin: formatPath(p),
    });
    if ('dlq' in e && e.dlq) {
      add({
        kind: 'sqsDlq',
        label: Token.isUnresolved(e.dlq) ? `${label}-dlq` : safeLabel(e.dlq),
        dimensions: { QueueName: e.dlq },
        params: {},
        overrides,
        origin: formatPath([...p, 'dlq']),
      });
    }
  });

  return { name: svc.name, description: svc.description, stack: svc.stack, resources };
}

/** Dimension values that identify a resource across the whole config, per kind. */
const identity = (r: MonitoredResource) => `${r.kind}:${Object.values(r.dimensions).join('/')}`;

/** Builds the model; returns the issues found (the model is only meaningful when there are none). */
export function toModel(config: TelemetryConfig): { model: TelemetryModel; issues: ConfigIssue[] } {
  const issues = new Issues();
  const budgets = parseBudgets(config.budgets, issues);
  const ctx: ServiceContext = { defaults: config.defaults ?? {}, budgets };
  const usedOperations = new Set<string>();

  const seenServices = new Map<string, number>();
  const seenResources = new Map<string, string>();
  const seenLabels = new Map<string, string>();
  const services = config.services.map((svc, i) => {
    if (seenServices.has(svc.name)) {
      issues.add(
        ['services', i, 'name'],
        `service "${svc.name}" is already defined at services[${seenServices.get(svc.name)}]`,
      );
    }
    seenServices.set(svc.name, i);
    const model = buildService(svc, ctx, ['services', i], issues, usedOperations);
    for (const r of model.resources) {
      const id = identity(r);
      const where = seenResources.get(id);
      if (where) {
        issues.add(
          pathOf(r.origin),
          `${CATALOG[r.kind].title} "${Object.values(r.dimensions).join(' ')}" is already monitored at ${where}`,
        );
      } else {
        seenResources.set(id, r.origin);
      }
      const labelKey = `${svc.name}:${r.kind}:${r.label}`;
      const labelWhere = seenLabels.get(labelKey);
      if (labelWhere && !where) {
        issues.add(
          pathOf(r.origin),
          `label "${r.label}" is already used in this service at ${labelWhere}; set a distinct \`label\``,
        );
      }
      seenLabels.set(labelKey, r.origin);
    }
    return model;
  });

  for (const op of budgets.operations.keys()) {
    if (!usedOperations.has(op)) {
      const known = [...usedOperations].slice(0, 8).join(', ');
      issues.add(
        ['budgets', 'operations', op],
        `no Lambda function or API route has operation "${op}" (known: ${known || 'none'})`,
      );
    }
  }

  const all = services.flatMap((s) => s.resources);
  const accountDefaults = config.defaults?.account;
  const account: MonitoredResource[] = [];
  const accountOverrides = mergeOverrides(
    accountDefaults?.alarms,
    undefined,
    ['defaults', 'account', 'alarms'],
    [],
    issues,
  );
  if (all.some((r) => r.kind === 'lambda')) {
    const quota = all.find((r) => r.kind === 'lambda')?.params.concurrencyQuota;
    account.push({
      kind: 'lambdaAccount',
      label: 'lambda',
      dimensions: {},
      params: params('lambdaAccount', { concurrencyQuota: quota }),
      overrides: accountOverrides,
      origin: 'defaults.account',
    });
  }
  if (all.some((r) => r.kind === 'dynamodb')) {
    account.push({
      kind: 'dynamodbAccount',
      label: 'dynamodb',
      dimensions: {},
      params: {},
      overrides: accountOverrides,
      origin: 'defaults.account',
    });
  }

  const alerting = config.alerting;
  const model: TelemetryModel = {
    app: config.app,
    description: config.description,
    env: config.env,
    tags: config.tags ?? {},
    alerting: {
      channels: Object.fromEntries(SEVERITIES.map((s) => [s, channels(alerting?.[s])])) as Record<
        Severity,
        ChannelSet
      >,
      pageVia: alerting?.pageVia ?? 'composite',
    },
    services,
    account,
    ...(config.grafana ? { grafana: grafanaModel(config.grafana, issues) } : {}),
    ...(config.prometheus
      ? { prometheus: prometheusModel(config.app, config.prometheus, config.grafana, issues) }
      : {}),
    ...governanceModel(config, services, issues),
  };
  return { model, issues: issues.list };
}

/** `services[0].lambda[1]` → `['services', 0, 'lambda', 1]`. */
function pathOf(text: string): ConfigPath {
  const out: Array<string | number> = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export { Issues };
