/**
 * telemetry.yaml (validated) → the telemetry model. Cross-field rules live here: duplicate names, budgets
 * above the default, budgets for operations that do not exist, alarm periods CloudWatch refuses.
 */
import { Fn, Token } from 'aws-cdk-lib';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import { parseDurationMs, parseDurationSeconds } from '../model/duration';
import {
  CATALOG,
  KIND_LIST,
  KIND_OF_TABLE,
  type AccountContext,
  type AnyKind,
  type EntryContext,
  type KindCatalog,
} from '../model/kinds';
import { isValidPeriod, LIMITS } from '../model/limits';
import { RESERVED_STACK_GROUPS, safeLabel } from '../model/naming';
import { quote } from '../util/echo';
import type {
  ChannelSet,
  MonitoredResource,
  RowOverride,
  ServiceModel,
  TelemetryModel,
} from '../model/telemetry-model';
import { formatPath, type ConfigIssue, type ConfigPath, type IssueSink } from './errors';
import { dashboardFolderIssues, grafanaModel } from './to-model-grafana';
import { productModel } from './to-model-product';
import { prometheusModel } from './to-model-prometheus';
import { BudgetsSchema, type AlarmOverride, type ChannelsConfig, type TelemetryConfig } from './schema';
import type { ServiceConfig } from './schema-services';
import { deploymentModel } from './to-model-deployment';
import { governanceModel } from './to-model-governance';
import { buildSlos } from './to-model-slo';
import { maintenanceModel } from './to-model-maintenance';

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
  private readonly seen = new Set<string>();
  /** Records a problem once: a default inherited by many resources is one problem, at the default. */
  add(path: ConfigPath, message: string) {
    const key = `${formatPath(path)}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
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
  if (o.anomaly !== undefined) out.anomalyBand = o.anomaly.band;
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
  /** The deployment target, when the config gives it (ARNs built from names are then plain strings). */
  readonly env?: { readonly account?: string; readonly region?: string };
  /** SLOs are also Application Signals objectives unless an SLO says otherwise. @default false */
  readonly applicationSignalsSlos?: boolean;
}

/** A resource's label: the explicit one, else its AWS name(s); a deploy-time name needs an explicit label. */
function pickLabel(issues: Issues, path: ConfigPath, explicit: string | undefined, fallback: string): string {
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

/** A table's parameter defaults, overlaid with the values given. */
function params(
  table: KindCatalog,
  given: Readonly<Record<string, number | undefined>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, p] of Object.entries(table.params)) out[key] = given[key] ?? p.default;
  return out;
}

/** The rows of a kind's tables that follow `budgets.percentile`. */
const BUDGET_ROWS = ['latencyBudget', 'latencyBudgetCritical'];

/** Partition of a Region, for ARNs built from names. */
const partitionOf = (region: string) =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/**
 * Checks overrides against the rows they override: the evaluation window must fit CloudWatch's. A problem is
 * blamed where the period or datapoints were written: the resource's own `alarms` (`ownPath`), else
 * `defaults.<key>.alarms` (`defaultsPath`, reported once however many resources inherit it).
 */
function checkWindows(
  kind: AnyKind,
  overrides: Record<string, RowOverride>,
  own: Overrides,
  ownPath: ConfigPath,
  defaultsPath: ConfigPath,
  issues: Issues,
) {
  for (const [id, o] of Object.entries(overrides)) {
    if (!o.period && !o.datapoints) continue;
    const row = kind.tables.flatMap((t) => t.rows).find((r) => r.id === id);
    if (!row) continue;
    const period = o.period ?? row.period;
    const n = (o.datapoints ?? row.datapoints)[1];
    if (period * n > LIMITS.evaluationSeconds) {
      const mine = own && Object.hasOwn(own, id) && (own[id]?.period || own[id]?.datapoints);
      const path = mine ? ownPath : defaultsPath;
      issues.add(
        [...path, id, o.datapoints ? 'datapoints' : 'period'],
        `${n} periods of ${period}s is ${period * n}s: CloudWatch evaluates at most one day (86,400s), so use fewer periods or a shorter period`,
      );
    }
  }
}

/** Builds one service's resources: each kind's entries, in registry order. Also used by the constructs. */
export function buildService(
  svc: ServiceConfig,
  ctx: ServiceContext,
  path: ConfigPath,
  issues: Issues,
  usedOperations: Set<string>,
): ServiceModel {
  const resources: MonitoredResource[] = [];
  const arns = new Map<string, string>();
  for (const kind of KIND_LIST) {
    const entries = (svc as unknown as Record<string, readonly unknown[] | undefined>)[kind.key] ?? [];
    const defaults = (ctx.defaults as Record<string, Record<string, unknown> | undefined>)[kind.key] ?? {};
    const defaultsPath: ConfigPath = ['defaults', kind.key, 'alarms'];
    entries.forEach((entry, i) => {
      const p: ConfigPath = [...path, kind.key, i];
      const entryCtx: EntryContext<Record<string, unknown>> = {
        defaults,
        origin: (...more) => formatPath([...p, ...more]),
        issue: (more, message) => issues.add([...p, ...more], message),
        label: (explicit, fallback) => pickLabel(issues, p, explicit, fallback),
        isToken: (v) => Token.isUnresolved(v),
        region: ctx.env?.region,
        params,
        budget: (op) => {
          usedOperations.add(op);
          const budget = ctx.budgets.operations.get(op) ?? ctx.budgets.defaultMs;
          return { budget, budgetCritical: Math.round(budget * ctx.budgets.criticalFactor * 1000) / 1000 };
        },
        overrides: (own, options = {}) => {
          const at = [...p, ...(options.at ?? ['alarms'])];
          const out = mergeOverrides(
            defaults.alarms as Overrides,
            own as Overrides,
            defaultsPath,
            at,
            issues,
          );
          checkWindows(kind, out, own as Overrides, at, defaultsPath, issues);
          if (options.budget && ctx.budgets.percentile !== 'p95') {
            for (const id of BUDGET_ROWS) {
              if (out[id]?.statistic === undefined)
                out[id] = { ...out[id], statistic: ctx.budgets.percentile };
            }
          }
          return out;
        },
        arn: (service, resource) => {
          const key = `${service}:${resource}`;
          let arn = arns.get(key);
          if (!arn) {
            const env = ctx.env;
            arn =
              env?.account && env.region
                ? `arn:${partitionOf(env.region)}:${service}:${env.region}:${env.account}:${resource}`
                : Fn.sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
            arns.set(key, arn);
          }
          return arn;
        },
      };
      resources.push(...(kind.config.resources(entry, entryCtx) as MonitoredResource[]));
    });
  }
  const slos = buildSlos(svc.slos, resources, path, issues, ctx.applicationSignalsSlos ?? false);
  return {
    name: svc.name,
    description: svc.description,
    stack: svc.stack,
    resources,
    ...(slos.length ? { slos } : {}),
  };
}

/** Dimension values that identify a resource across the whole config, per kind. */
const identity = (r: MonitoredResource) => `${r.kind}:${Object.values(r.dimensions).join('/')}`;

/** Builds the model; returns the issues found (the model is only meaningful when there are none). */
export function toModel(config: TelemetryConfig): { model: TelemetryModel; issues: ConfigIssue[] } {
  const issues = new Issues();
  const budgets = parseBudgets(config.budgets, issues);
  const ctx: ServiceContext = {
    defaults: config.defaults ?? {},
    budgets,
    env: config.env,
    applicationSignalsSlos: config.applicationSignals?.slos ?? false,
  };
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
    const group = svc.stack ?? svc.name;
    if ((RESERVED_STACK_GROUPS as readonly string[]).includes(group)) {
      issues.add(
        ['services', i, svc.stack ? 'stack' : 'name'],
        `${quote(group)} is the name of the app's own ${group} stack (reserved: ${RESERVED_STACK_GROUPS.join(', ')}); ${svc.stack ? 'choose another stack' : 'rename the service, or set `stack:` to another name'}`,
      );
    }
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
  const accountCtx: AccountContext = {
    overrides: mergeOverrides(
      config.defaults?.account?.alarms,
      undefined,
      ['defaults', 'account', 'alarms'],
      [],
      issues,
    ),
    params,
  };
  const account = KIND_LIST.flatMap(
    (kind) =>
      kind.config.account(
        all.filter((r) => KIND_OF_TABLE.get(r.kind) === kind),
        accountCtx,
      ) as MonitoredResource[],
  );

  const alerting = config.alerting;
  const grafana = config.grafana && grafanaModel(config.grafana, issues);
  if (grafana) dashboardFolderIssues(config.app, services, grafana, issues);
  const product = productModel(config, issues);
  const base: Omit<TelemetryModel, 'compliance'> = {
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
      ...(alerting?.escalation ? { escalation: channels(alerting.escalation) } : {}),
    },
    services,
    account,
    ...(grafana ? { grafana } : {}),
    ...(config.prometheus
      ? { prometheus: prometheusModel(config.app, config.prometheus, config.grafana, issues) }
      : {}),
    ...governanceModel(config, services, issues),
    ...(product ? { product } : {}),
    ...(config.maintenance?.length
      ? {
          maintenance: maintenanceModel(
            config.maintenance,
            services.map((s) => s.name),
            issues,
          ),
        }
      : {}),
  };
  const model: TelemetryModel = { ...base, ...deploymentModel(config, base, issues) };
  return { model, issues: issues.list };
}

/** `services[0].lambda[1]` → `['services', 0, 'lambda', 1]`. */
export function pathOf(text: string): ConfigPath {
  const out: Array<string | number> = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export { Issues };
