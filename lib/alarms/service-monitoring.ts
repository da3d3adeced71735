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
import { planService } from '../model/plan';
import type { ServiceModel } from '../model/telemetry-model';
import type { Alerting } from '../alerting/alerting';
import { TelemetryPropsError } from '../util/errors';
import { serviceEntries, type ServiceProps } from '../watch/inputs';
import { AlarmSet } from './alarm-set';

/** A service as written in telemetry.yaml (`services[]`). */
export type ServiceInput = z.input<typeof ServiceSchema>;
/** Performance budgets as written in telemetry.yaml (`budgets`). */
export type BudgetsInput = z.input<typeof BudgetsSchema>;
/** Per-kind defaults as written in telemetry.yaml (`defaults`). */
export type DefaultsInput = NonNullable<z.input<typeof TelemetryConfigSchema>['defaults']>;

export interface ServiceMonitoringProps {
  /** Application name: the first part of every alarm name (lower case, digits, "-"). */
  readonly app: string;
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

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const fail = (path: Array<string | number>, message: string): never => {
      throw new TelemetryPropsError(this, `${formatPath(path) || 'props'}: ${message}`);
    };
    if (!/^[a-z][a-z0-9-]{0,23}$/.test(props.app))
      fail(['app'], `"${props.app}" must match ^[a-z][a-z0-9-]{0,23}$`);
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
    this.model = buildService(service, { defaults: defaults ?? {}, budgets }, ['service'], issues, used);
    if (issues.list.length) fail([...issues.list[0].path], issues.list[0].message);

    // Route by topic: action targets are keys resolved back to the topics' ARNs.
    const topics = props.alerting.topics;
    const keyOf = (s: Severity) => `${props.app}-${s}`;
    const arnByKey = new Map(SEVERITIES.map((s) => [keyOf(s), topics[s].topicArn]));
    const routing = {
      topics: Object.fromEntries(SEVERITIES.map((s) => [s, keyOf(s)])) as Record<Severity, string>,
      pageVia: props.pageVia ?? 'composite',
    };
    const plan = planService(props.app, this.model, routing);
    this.alarmSpecs = plan.alarms;
    this.compositeSpecs = plan.composites;
    const dashboards =
      props.dashboard === false
        ? []
        : layoutServiceDashboards(props.app, this.model, plan.alarms, plan.composites, props.dashboard ?? {});
    this.alarmSet = new AlarmSet(this, 'Alarms', {
      alarms: plan.alarms,
      composites: plan.composites,
      dashboards,
      resolveAction: (key) => arnByKey.get(key) ?? key,
    });
  }
}
