/**
 * `ServiceMonitoring`: the recommended alarms, performance budgets, error rates, composite and dashboard of one
 * service, in any stack. Takes the same shape as a `services` entry of telemetry.yaml and validates it the same
 * way; errors name the construct and the field.
 */
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { Construct as BaseConstruct } from 'constructs';
import type { z } from 'zod';
import { explainIssues, formatPath } from '../config/errors';
import type { BudgetsSchema } from '../config/schema';
import { ServiceSchema, TelemetryConfigSchema } from '../config/schema';
import { buildService, Issues, parseBudgets } from '../config/to-model';
import { SEVERITIES, type AlarmSpec, type CompositeAlarmSpec, type Severity } from '../model/alarm-spec';
import { layoutServiceDashboards, type DashboardLayoutOptions } from '../dashboards/cloudwatch-layout';
import { planComposites, planService } from '../model/plan';
import type { ServiceModel } from '../model/telemetry-model';
import type { Alerting } from '../alerting/alerting';
import { TelemetryPropsError } from '../util/errors';
import { APP_NAME, appNameInStage, stageNamePart } from '../stacks/stage-names';
import { serviceEntries, type ServiceProps } from '../watch/inputs';
import type { RuntimeSettings } from '../model/app-metrics';
import type { AlertRouting, ServicePlan } from '../model/plan';
import { MAX_RUNTIME_BUDGET_OPERATIONS, runtimeBudgetAlarms } from '../model/runtime-budget-alarms';
import type { BudgetSettings } from '../config/to-model';
import { AlarmSet } from './alarm-set';
import type { ApplicationSignalsSlos } from './application-signals-slos';
import { addSloExtras } from './slo-extras';
import { applyRuntimeSettings } from './runtime-env';

/** A service as written in telemetry.yaml (`services[]`). */
export type ServiceInput = z.input<typeof ServiceSchema>;
/** Performance budgets as written in telemetry.yaml (`budgets`). */
export type BudgetsInput = z.input<typeof BudgetsSchema>;
/** Per-kind defaults as written in telemetry.yaml (`defaults`). */
export type DefaultsInput = NonNullable<z.input<typeof TelemetryConfigSchema>['defaults']>;

/** Properties of {@link ServiceMonitoring}. */
export interface ServiceMonitoringProps {
  /**
   * Application name: the first part of every alarm and dashboard name (lower case, digits and `-`, at most 24).
   * In a `Stage`, the stage's name follows it (`shop-beta`; see `stageInNames`).
   */
  readonly app: string;
  /**
   * In a `Stage` (or a stack or nested stack inside one), name the alarms and dashboards `<app>-<stage>-...`, so that
   * several stages of one app (beta and prod, in one account or in several) never clash, as `Telemetry.watch` does.
   * The stage's name is CDK's `stageName` (nested stages joined by `-`) in lower case; with it, the app name is still
   * at most 24 characters. Outside a Stage it changes nothing. Turn it off only when each stage deploys to an
   * account of its own and you want the same names in each.
   * @default true
   */
  readonly stageInNames?: boolean;
  /**
   * The service and its resources: per kind, your constructs (`lambda: [fn]`, `restApi: [api]`, L2 or L1: names,
   * labels and what the construct knows are read from it), or telemetry.yaml entries (names, for resources outside
   * the app; a name that is a token needs a `label`).
   */
  readonly service: ServiceProps | ServiceInput;
  /** Where alarms are delivered: an {@link Alerting}, or your own topic per severity. */
  readonly alerting: Alerting | { readonly topics: Readonly<Record<Severity, sns.ITopic>> };
  /** Performance budgets. @default - 200 ms for every operation, critical at 150 % */
  readonly budgets?: BudgetsInput;
  /** Per-kind defaults and alarm overrides. @default - the catalog defaults */
  readonly defaults?: DefaultsInput;
  /** `composite`: one alarm per service pages; `each`: every critical alarm pages. @default 'composite' */
  readonly pageVia?: 'composite' | 'each';
  /** Dashboard options, or `false` for none. @default - one dashboard, split at CloudWatch's limits */
  readonly dashboard?: false | DashboardLayoutOptions;
  /**
   * The service's code is instrumented with `cdk-telemetry/runtime`: set `CDK_TELEMETRY_RUNTIME` (the budgets) on
   * its Lambda functions that are constructs of this app (names given as `fn.functionName`; functions given by a
   * plain name are reported as a warning, their code takes the settings from `cdk-telemetry runtime-config`), and
   * alarm on the runtime's own `Duration` per instrumented operation.
   * @default - no runtime settings, no runtime alarms
   */
  readonly runtime?: RuntimeMonitoringOptions;
  /**
   * CloudWatch Application Signals: `slos: true` makes every SLO of the service (`service.slos`) also an
   * `AWS::ApplicationSignals::ServiceLevelObjective` with a burn-rate metric per alarm window; an SLO's own
   * `applicationSignals` wins.
   * @default - no Application Signals objectives
   */
  readonly applicationSignals?: { readonly slos?: boolean };
}

/** How {@link ServiceMonitoring} watches code instrumented with `cdk-telemetry/runtime`. */
export interface RuntimeMonitoringOptions {
  /**
   * The instrumented operations that get p95-over-budget alarms on the runtime's `Duration`, as the code names
   * them (`auth.login`, `GET /tasks`; a name without a dot belongs to the service). A module budget (`auth`) covers
   * `auth.*` calls in the code, but CloudWatch has no wildcard dimensions: list each call to alarm on it.
   * @default - every operation of `budgets.operations`
   */
  readonly operations?: readonly string[];
  /** Set `CDK_TELEMETRY_RUNTIME` on the service's functions that are constructs of the app. @default true */
  readonly setEnvironment?: boolean;
}

/**
 * The recommended alarms, performance budgets, error rates, composite and dashboard of one service, in the stack you
 * put it in. Give it your constructs (or names, for resources outside the app); to watch a whole app, use
 * `Telemetry.watch`.
 */
export class ServiceMonitoring extends BaseConstruct {
  /** The service as modelled. */
  readonly model: ServiceModel;
  /** The alarms planned for it. */
  readonly alarmSpecs: readonly AlarmSpec[];
  /** The composite alarms planned for it. */
  readonly compositeSpecs: readonly CompositeAlarmSpec[];
  /** The rendered alarms, composites and dashboards. */
  readonly alarmSet: AlarmSet;
  /** The SLOs' Application Signals objectives, when there are any. */
  readonly applicationSignals?: ApplicationSignalsSlos;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const fail = (path: Array<string | number>, message: string): never => {
      throw new TelemetryPropsError(this, `${formatPath(path) || 'props'}: ${message}`);
    };
    if (!APP_NAME.test(props.app)) fail(['app'], `"${props.app}" must match ${APP_NAME.source}`);
    const app: string =
      (props.stageInNames ?? true)
        ? (appNameInStage(this, props.app) ??
          fail(
            ['app'],
            `"${props.app}" in stage "${stageNamePart(this)}" makes "${props.app}-${stageNamePart(this)}", which must match ${APP_NAME.source}: give a shorter app or stage name, or stageInNames: false`,
          ))
        : props.app;
    // Each input is checked by its telemetry.yaml schema; the first issue names the field.
    const parse = <S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> => {
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      const first = explainIssues(result.error.issues, value, [field])[0];
      return fail([...first.path], first.message);
    };
    const service = parse(ServiceSchema, serviceEntries(this, props.service as ServiceProps), 'service');
    const budgetsConfig = parse(TelemetryConfigSchema.shape.budgets, props.budgets, 'budgets');
    const defaults = parse(TelemetryConfigSchema.shape.defaults, props.defaults, 'defaults');

    const issues = new Issues();
    const budgets = parseBudgets(budgetsConfig, issues);
    const used = new Set<string>();
    const applicationSignalsSlos = props.applicationSignals?.slos ?? false;
    this.model = buildService(
      service,
      { defaults: defaults ?? {}, budgets, applicationSignalsSlos },
      ['service'],
      issues,
      used,
    );
    if (issues.list.length) fail([...issues.list[0].path], issues.list[0].message);

    // Route by topic: action targets are keys resolved back to the topics' ARNs.
    const topics = props.alerting.topics;
    const keyOf = (s: Severity) => `${app}-${s}`;
    const arnByKey = new Map(SEVERITIES.map((s) => [keyOf(s), topics[s].topicArn]));
    const routing = {
      topics: Object.fromEntries(SEVERITIES.map((s) => [s, keyOf(s)])) as Record<Severity, string>,
      pageVia: props.pageVia ?? 'composite',
    };
    const plan = planService(app, this.model, routing);
    const runtimeAlarms = props.runtime ? this.wireRuntime(app, props.runtime, budgets, routing, fail) : [];
    this.alarmSpecs = [...plan.alarms, ...runtimeAlarms];
    const taken = new Set(plan.alarms.map((a) => a.name));
    const clash = runtimeAlarms.find((a) => taken.has(a.name));
    if (clash)
      fail(['runtime', 'operations'], `alarm "${clash.name}" already exists: rename the resource's label`);
    this.compositeSpecs = runtimeAlarms.length
      ? withRuntimeComposites(app, this.model.name, plan, runtimeAlarms, routing)
      : plan.composites;
    const dashboards =
      props.dashboard === false
        ? []
        : layoutServiceDashboards(
            app,
            this.model,
            this.alarmSpecs,
            this.compositeSpecs,
            props.dashboard ?? {},
          );
    this.alarmSet = new AlarmSet(this, 'Alarms', {
      alarms: this.alarmSpecs,
      composites: this.compositeSpecs,
      dashboards,
      resolveAction: (key) => arnByKey.get(key) ?? key,
    });
    this.applicationSignals = addSloExtras(this, props.app, [this.model], this.compositeSpecs);
  }

  /** Budgets to the code (the variable) and the runtime's Duration alarms. */
  private wireRuntime(
    app: string,
    options: RuntimeMonitoringOptions,
    budgets: BudgetSettings,
    routing: AlertRouting,
    fail: (path: Array<string | number>, message: string) => never,
  ): AlarmSpec[] {
    const service = this.model.name;
    const operations = options.operations ?? [...budgets.operations.keys()];
    if (operations.length > MAX_RUNTIME_BUDGET_OPERATIONS)
      fail(
        ['runtime', 'operations'],
        `${operations.length} operations: at most ${MAX_RUNTIME_BUDGET_OPERATIONS}`,
      );
    operations.forEach((op, i) => {
      if (typeof op !== 'string' || !op || op.length > 257)
        fail(['runtime', 'operations', i], 'must be a module.function name of 1 to 257 characters');
    });
    if (options.setEnvironment !== false) {
      const names = this.model.resources
        .filter((r) => r.kind === 'lambda')
        .map((r) => r.dimensions.FunctionName);
      const settings: RuntimeSettings = {
        app,
        service,
        budgets: { defaultMs: budgets.defaultMs, operations: budgets.operations },
        redact: [],
      };
      try {
        applyRuntimeSettings(
          this,
          names.filter((n): n is string => typeof n === 'string'),
          settings,
        );
      } catch (e) {
        fail(['budgets', 'operations'], (e as Error).message);
      }
    }
    return runtimeBudgetAlarms({ app, service, budgets, operations, routing });
  }
}

/**
 * The service's composites once the runtime's alarms join its alarms: the runtime's critical alarms page through
 * the service composite like the resources' ones; SLO window alarms stay out of it and the SLO tier composites stay,
 * before the service composite, as `planService` lays them out.
 */
function withRuntimeComposites(
  app: string,
  service: string,
  plan: ServicePlan,
  runtimeAlarms: readonly AlarmSpec[],
  routing: AlertRouting,
): CompositeAlarmSpec[] {
  const isSlo = (spec: AlarmSpec | CompositeAlarmSpec) => spec.labels?.kind === 'slo';
  const own = planComposites(
    app,
    service,
    [...plan.alarms.filter((a) => !isSlo(a)), ...runtimeAlarms],
    routing,
  );
  return [...own.slice(0, -1), ...plan.composites.filter(isSlo), ...own.slice(-1)];
}
