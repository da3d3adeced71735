/**
 * `Telemetry.watch(app, options)`: the recommended alarms, budgets, composites, dashboards and alerting for every
 * resource cdk-telemetry knows in an app, stage or stack, in one line; `Telemetry.of(construct)` to override an alarm,
 * exclude a resource or give it an operation and budget, like cdk-nag's acknowledgements.
 *
 * An Aspect finds the resources at synth, after your code (and other Aspects) built them: it adds a marker as the last
 * child of the scope, which every Aspect reaches last in the first pass, and plans there. The telemetry goes through
 * the same model, planner and renderer as telemetry.yaml (`toModel`, `addTelemetryStacks`).
 */
import type { Stack } from 'aws-cdk-lib';
import { Annotations, AspectPriority, Aspects, CfnResource, Stage, Token, type IAspect } from 'aws-cdk-lib';
import { CfnStage } from 'aws-cdk-lib/aws-apigateway';
import { Construct, type IConstruct } from 'constructs';
import { explainIssues, formatPath } from '../config/errors';
import { TelemetryConfigSchema, type TelemetryConfigInput } from '../config/schema';
import { toModel } from '../config/to-model';
import type { DashboardLayoutOptions } from '../dashboards/cloudwatch-layout';
import type { KindKey } from '../model/kinds';
import type { TelemetryModel } from '../model/telemetry-model';
import { addTelemetryStacks, STAGE_NAMES_WARNING, type TelemetryStacks } from '../stacks/telemetry-app';
import type { StackCapacity } from '../stacks/sharding';
import type { BudgetsInput, DefaultsInput } from '../alarms/service-monitoring';
import { TelemetryPropsError } from '../util/errors';
import { collect, constructOfPath, WATCH_WARNING, type Collected, type GroupBy } from './collect';
import { entryFromConstruct } from './entry-from-construct';
import { settingsFor, type ResourceTelemetry } from './resource-settings';
import { sloEntry, type SloInput } from './inputs';
import { APP_NAME, appNameInStage, stageNamePart } from '../stacks/stage-names';

/** Options of {@link Telemetry.watch}. */
export interface WatchOptions {
  /**
   * Application name: the first part of every alarm, topic and stack name (lower case, digits and `-`, at most 24).
   * In a `Stage`, the stage's name follows it (`shop-beta`; see `stageInNames`).
   */
  readonly app: string;
  /**
   * In a `Stage`, name the telemetry `<app>-<stage>-...` (stacks, alert topics, alarms, dashboards), so that several
   * stages of one app (beta and prod, in one account or in several) never clash. The stage's name is CDK's
   * `stageName` (nested stages joined by `-`) in lower case; with it, the app name is still at most 24 characters.
   * Turn it off only when each stage deploys to an account of its own and you want the same names in each.
   * @default true
   */
  readonly stageInNames?: boolean;
  /**
   * How resources are grouped into services (one composite alarm and one dashboard each): by the stack they are in,
   * by the value of a tag (`{ tag: 'service' }`), or by a function of the construct (undefined: not monitored,
   * with a warning). `Telemetry.of(construct).service(name)` wins over it.
   * @default 'stack'
   */
  readonly groupBy?: GroupBy;
  /**
   * Where the alarms go: `monitoringStack` puts them in monitoring stacks of their own (`<app>-telemetry-<service>`,
   * split at CloudFormation's limits), `resourceStack` in nested stacks of the stack that holds the service's
   * (first) resource, split the same way. Alert topics are in `<app>-telemetry-core` either way.
   * @default 'monitoringStack'
   */
  readonly placement?: 'monitoringStack' | 'resourceStack';
  /** Who hears about what: email, HTTPS (PagerDuty) and Slack per severity, as in telemetry.yaml. @default - topics only */
  readonly alerting?: TelemetryConfigInput['alerting'];
  /**
   * Performance budgets, as in telemetry.yaml; `Telemetry.of(fn).operation(name, budget)` adds one per operation.
   * @default - 200 ms for every operation, critical at 150 %
   */
  readonly budgets?: BudgetsInput;
  /** Per-kind defaults and alarm overrides, as in telemetry.yaml. @default - the catalog's defaults */
  readonly defaults?: DefaultsInput;
  /**
   * Service level objectives, by the name of the service they belong to (the services `groupBy` makes; by default
   * the stack's name in lower case). The indicator's resource is a construct of that service, or its label.
   * @default - none
   */
  readonly slos?: Readonly<Record<string, readonly SloInput[]>>;
  /**
   * CloudWatch Application Signals: `slos: true` makes every SLO also an
   * `AWS::ApplicationSignals::ServiceLevelObjective` (an SLO's own `applicationSignals` wins).
   * @default - no Application Signals objectives
   */
  readonly applicationSignals?: { readonly slos?: boolean };
  /** Tags on every telemetry resource. @default - `app` only */
  readonly tags?: Readonly<Record<string, string>>;
  /** Only these kinds (telemetry.yaml keys). @default - every kind of the registry */
  readonly kinds?: readonly KindKey[];
  /**
   * REST API method budgets need the stage's detailed metrics (billed as custom metrics). `enable` switches them on
   * for stages in the app that lack them and have a method budget; `warn` leaves the stage and warns at synth
   * (acknowledgement id `cdk-telemetry:stageMetrics`).
   * @default 'warn'
   */
  readonly apiMethodMetrics?: 'enable' | 'warn';
  /** Stack limits for splitting. @default - 450 resources, 800 KB */
  readonly capacity?: StackCapacity;
  /** Dashboard layout options. @default - one dashboard per service, split at CloudWatch's limits */
  readonly dashboards?: DashboardLayoutOptions;
  /**
   * The Aspect's priority. The plan is made when every Aspect has visited the tree once, whatever this is; it
   * matters only relative to Aspects that must see the telemetry's own constructs before or after it.
   * @default AspectPriority.MUTATING
   */
  readonly priority?: number;
}

/** Acknowledgement id of the warning for a REST API stage without the detailed metrics a budget needs. */
export const STAGE_METRICS_WARNING = 'cdk-telemetry:stageMetrics';

/** What a watch planned, once the app is synthesized. */
export interface WatchResult {
  /** The model (the same shape telemetry.yaml makes). */
  readonly model: TelemetryModel;
  /** The stacks made from it. */
  readonly stacks: TelemetryStacks;
  /** The config the resources stand for, as telemetry.yaml would write it (with tokens for names). */
  readonly config: TelemetryConfigInput;
}

/** A service's `slos` as telemetry.yaml writes them. */
type SloEntries = NonNullable<NonNullable<TelemetryConfigInput['services']>[number]['slos']>;

/** The marker construct's id: the last child of the watched scope, where the plan is made. */
const MARKER_ID = 'CdkTelemetryWatch';

/** The Aspect behind {@link Telemetry.watch}. */
export class TelemetryWatch implements IAspect {
  /** The plan, set during synthesis. */
  result?: WatchResult;
  private marker?: Construct;
  private readonly planned = new Set<IConstruct>();
  private readonly own = new Set<IConstruct>();

  constructor(
    private readonly scope: IConstruct,
    private readonly options: WatchOptions,
  ) {
    if (!APP_NAME.test(options.app))
      throw new TelemetryPropsError(
        scope,
        `Telemetry.watch: app "${options.app}" must match ${APP_NAME.source}`,
      );
    if ((options.stageInNames ?? true) && !appNameInStage(scope, options.app))
      throw new TelemetryPropsError(
        scope,
        `Telemetry.watch: app "${options.app}" in stage "${stageNamePart(scope)}" makes the name "${options.app}-${stageNamePart(scope)}", which must match ${APP_NAME.source}: give a shorter app or stage name, or stageInNames: false`,
      );
  }

  /** Called by CDK for every construct of the watched scope: plans at the marker, warns about late resources. */
  visit(node: IConstruct): void {
    if (node === this.scope && !this.marker) {
      // Children are listed after a node's visit: the marker is the last node of the first pass.
      this.marker = new Construct(this.scope, MARKER_ID);
      return;
    }
    if (node === this.marker) {
      if (!this.result) this.result = this.plan();
      return;
    }
    // A resource added after the plan (by an Aspect that runs in a later pass) is not in it: say so.
    if (this.result && !this.isOwn(node) && !this.planned.has(node) && entryFromConstruct(node)) {
      Annotations.of(node).addWarningV2(
        WATCH_WARNING,
        'cdk-telemetry: added after Telemetry.watch planned (by an Aspect in a later pass): not monitored; add it in code, or give it to ServiceMonitoring',
      );
    }
  }

  private isOwn(node: IConstruct): boolean {
    for (let c: IConstruct | undefined = node; c; c = c.node.scope) if (this.own.has(c)) return true;
    return false;
  }

  private plan(): WatchResult {
    const o = this.options;
    const find = () =>
      collect(this.scope, {
        groupBy: o.groupBy ?? 'stack',
        kinds: o.kinds,
        skip: (c) => c === this.marker || this.isOwn(c),
      });
    let collected = find();
    // Stages whose detailed metrics were switched on now have methods: read them again.
    if (this.stageMetrics(collected)) collected = find();
    for (const f of collected.found) {
      this.planned.add(f.construct);
      for (const c of f.construct.node.findAll()) this.planned.add(c);
    }
    const placement = o.placement ?? 'monitoringStack';
    const hosts = new Map<string, Stack>();
    const slos = this.slosByService(collected);
    const services = collected.services.map((found) => {
      const s = slos.has(found.name) ? { ...found, slos: slos.get(found.name) } : found;
      if (placement !== 'resourceStack') return s;
      const first = collected.found.find((f) => f.service === s.name)!;
      const group = `in-${s.name}`.slice(0, 32);
      hosts.set(group, first.stack);
      return { ...s, stack: group };
    });
    const operations: Record<string, string> = { ...(o.budgets?.operations as Record<string, string>) };
    for (const [op, b] of collected.budgets) operations[op] = b.budget;
    const stage = Stage.isStage(this.scope) ? this.scope : (Stage.of(this.scope) ?? this.scope);
    const config: TelemetryConfigInput = {
      app: (o.stageInNames ?? true) ? appNameInStage(stage, o.app)! : o.app,
      ...(o.alerting ? { alerting: o.alerting } : {}),
      budgets: { ...o.budgets, ...(Object.keys(operations).length ? { operations } : {}) },
      ...(o.defaults ? { defaults: o.defaults } : {}),
      ...(o.tags ? { tags: { ...o.tags } } : {}),
      ...(o.applicationSignals ? { applicationSignals: { ...o.applicationSignals } } : {}),
      env: envOf(collected),
      services,
    };
    if (!services.length)
      throw new TelemetryPropsError(
        this.scope,
        'Telemetry.watch: no resource to monitor was found in this scope',
      );
    const parsed = TelemetryConfigSchema.safeParse(config);
    if (!parsed.success) {
      const first = explainIssues(parsed.error.issues, config, [])[0];
      this.fail(collected, formatPath(first.path), first.message);
    }
    const { model, issues } = toModel(parsed.data!);
    if (issues.length) this.fail(collected, formatPath(issues[0].path), issues[0].message);
    if (o.stageInNames === false)
      Annotations.of(stage).acknowledgeWarning(STAGE_NAMES_WARNING, 'Telemetry.watch: stageInNames: false');
    const before = new Set(stage.node.children);
    const stacks = addTelemetryStacks(stage, model, {
      capacity: o.capacity,
      dashboards: o.dashboards,
      hostOf: placement === 'resourceStack' ? (g) => hosts.get(g) : undefined,
    });
    for (const c of stage.node.children) if (!before.has(c)) this.own.add(c);
    for (const n of stacks.nested) this.own.add(n);
    return { model, stacks, config };
  }

  /** `options.slos` as telemetry.yaml entries, by service; a service name that was not found is an error. */
  private slosByService(collected: Collected): Map<string, SloEntries> {
    const out = new Map<string, SloEntries>();
    const names = collected.services.map((s) => s.name);
    for (const [service, list] of Object.entries(this.options.slos ?? {})) {
      const at = `Telemetry.watch: slos[${JSON.stringify(service)}]`;
      if (!names.includes(service))
        throw new TelemetryPropsError(
          this.scope,
          `${at}: no service of that name was found (services: ${names.slice(0, 10).join(', ')})`,
        );
      if (!Array.isArray(list)) throw new TelemetryPropsError(this.scope, `${at}: must be a list of SLOs`);
      // Each entry is validated with the rest of the config (TelemetryConfigSchema) below.
      out.set(service, list.map((slo, i) => sloEntry(this.scope, slo, `${at}[${i}]`)) as SloEntries);
    }
    return out;
  }

  /** One error naming the construct behind the config path (or the watched scope). */
  private fail(collected: Collected, path: string, message: string): never {
    const op = /^budgets\.operations(?:\.|\[")(.+?)(?:"\])?$/.exec(path)?.[1];
    const construct =
      constructOfPath(collected, path) ?? (op ? collected.budgets.get(op)?.construct : undefined);
    const field = construct && !op ? path.replace(/^services\[\d+\]\.[A-Za-z]+\[\d+\]\.?/, '') : path;
    throw new TelemetryPropsError(
      construct ?? this.scope,
      `Telemetry.watch: ${field ? `${field}: ` : ''}${message}`,
    );
  }

  /** REST API stages with method budgets but no detailed metrics: switch them on, or warn. */
  private stageMetrics(collected: Collected): boolean {
    const methodBudgets = Object.keys(this.options.budgets?.operations ?? {}).filter((k) =>
      /^[A-Z]+ \//.test(k),
    );
    let changed = false;
    if (!methodBudgets.length) return changed;
    for (const f of collected.found) {
      const entry = f.entry as { detailedMetrics?: boolean };
      if (f.kind !== 'restApi' || entry.detailedMetrics !== false) continue;
      const stage = stageOf(f.construct);
      if (this.options.apiMethodMetrics === 'enable' && stage) {
        const current = f.stack.resolve(stage.methodSettings) as CfnStage.MethodSettingProperty[] | undefined;
        stage.methodSettings = [
          ...(Array.isArray(current) ? current : []),
          { httpMethod: '*', resourcePath: '/*', metricsEnabled: true },
        ];
        changed = true;
        continue;
      }
      Annotations.of(f.construct).addWarningV2(
        STAGE_METRICS_WARNING,
        `cdk-telemetry: method budgets (${methodBudgets.slice(0, 3).join(', ')}) need this stage's detailed metrics, which are off: set deployOptions.metricsEnabled, or Telemetry.watch(..., { apiMethodMetrics: 'enable' })`,
      );
    }
    return changed;
  }
}

/** The L1 stage of a REST API construct (the L2 API's deployment stage, an L2 stage, or the L1 itself). */
function stageOf(c: IConstruct): CfnStage | undefined {
  const stage = (c as { deploymentStage?: IConstruct }).deploymentStage ?? c;
  const l1 = CfnResource.isCfnResource(stage) ? stage : stage.node.defaultChild;
  return l1 instanceof CfnStage ? l1 : undefined;
}

/** The one concrete environment of the resources' stacks, if they share one. */
function envOf(collected: Collected): { account?: string; region?: string } | undefined {
  const envs = new Set(collected.found.map((f) => `${f.stack.account}|${f.stack.region}`));
  if (envs.size !== 1) return undefined;
  const stack = collected.found[0].stack;
  const concrete = (v: string) => (Token.isUnresolved(v) ? undefined : v);
  const account = concrete(stack.account);
  const region = concrete(stack.region);
  return account || region ? { ...(account ? { account } : {}), ...(region ? { region } : {}) } : undefined;
}

/** The entry points of construct-first telemetry. */
export class Telemetry {
  /**
   * Watches every resource cdk-telemetry knows in `scope` (an App, Stage, Stack or nested stack): recommended
   * alarms, budgets, composites, dashboards and alerting, planned at synth. Returns the Aspect; its `result` holds the
   * model and stacks once the app is synthesized.
   */
  static watch(scope: IConstruct, options: WatchOptions): TelemetryWatch {
    const aspect = new TelemetryWatch(scope, options);
    Aspects.of(scope).add(aspect, { priority: options.priority ?? AspectPriority.MUTATING });
    return aspect;
  }

  /** The telemetry settings of one construct (L2 or L1): override an alarm, exclude it, give it an operation. */
  static of(construct: IConstruct): ResourceTelemetry {
    return settingsFor(construct);
  }

  private constructor() {}
}
