/**
 * Composes the whole telemetry of a model into stacks: one core stack (alerting, account alarms) and monitoring
 * stacks per service group, split under CloudFormation's limits.
 */
import { Annotations, NestedStack, Tags, Token, type Stack } from 'aws-cdk-lib';
import { AlarmSet } from '../alarms/alarm-set';
import { topicArnByName } from './alert-topics';
import type { Construct } from 'constructs';
import { Alerting } from '../alerting/alerting';
import { undeliveredAlarmSpec } from '../alerting/undelivered-alerts';
import {
  layoutServiceDashboards,
  type DashboardLayoutOptions,
  type DashboardSpec,
} from '../dashboards/cloudwatch-layout';
import { addCompliancePacks } from '../compliance/add-packs';
import type { CompliancePackId } from '../compliance/packs';
import { PlanError, planTelemetry, type TelemetryPlan } from '../model/plan';
import { regionProblems, sectionsOf } from '../model/region-services';
import type { TelemetryModel } from '../model/telemetry-model';
import { undeliveredQueueName } from './alert-topics';
import { TelemetryCoreStack } from './core-stack';
import type * as GrafanaStackModule from './grafana-stack';
import type { TelemetryGrafanaStack } from './grafana-stack';
import { addGovernanceStacks, enforceTelemetryLogRetention, type GovernanceStacks } from './governance';
import { TelemetryMonitoringStack } from './monitoring-stack';
import { TelemetryProductStack } from './product-stack';
import { planProduct } from '../model/product';
import { packRulePlans, TelemetryPrometheusStack } from './prometheus-stack';
import { planPrometheusRules } from '../prometheus/rules/plan';
import { canaryChecksOf } from '../model/uptime';
import { planMuteRules } from '../model/maintenance';
import { MuteRules } from '../alarms/mute-rules';
import { addSloExtras } from '../alarms/slo-extras';
import { TelemetryUptimeStack } from './uptime-stack';
import { appNameInStage, stageNamePart } from './stage-names';
import {
  assignStacks,
  estimateTagBytes,
  RESERVED_GROUPS,
  type StackAssignment,
  type StackCapacity,
} from './sharding';

/** Options of {@link addTelemetryStacks}. */
export interface TelemetryStacksOptions {
  /**
   * Resource and byte limits of a monitoring stack before a service group continues in another.
   * @default - 450 resources and 800 KB of template per stack (under CloudFormation's 500 and 1 MB)
   */
  readonly capacity?: StackCapacity;
  /**
   * Bytes of Prometheus rules per namespace and per stack before they continue in another.
   * @default - { namespace: NAMESPACE_RULE_BYTES, stack: PROMETHEUS_STACK_RULE_BYTES }
   */
  readonly prometheusRuleBytes?: { readonly namespace?: number; readonly stack?: number };
  /** How service dashboards are laid out. @default - one dashboard per service, split at CloudWatch's limits */
  readonly dashboards?: DashboardLayoutOptions;
  /**
   * Write templates without indentation (a third smaller; CloudFormation's limits count bytes).
   * @default true
   */
  readonly compactTemplates?: boolean;
  /**
   * Where a service group's alarms go: a stack of yours (they go into nested stacks in it, split at the same
   * limits), or undefined for a monitoring stack of their own. Used by `Telemetry.watch` to keep alarms beside
   * their resources. @default - every group in its own monitoring stack(s)
   */
  readonly hostOf?: (group: string) => Stack | undefined;
  /**
   * cdk-nag compliance packs to run on every stack of the App or Stage, besides the model's `compliance`
   * (cdk-nag must be installed). The telemetry's resources have zero unacknowledged findings in each.
   * @default - the model's packs
   */
  readonly compliance?: readonly CompliancePackId[];
}

/**
 * Acknowledgement id of the warning for telemetry added to a `Stage` under a model whose app name does not carry the
 * stage's name: two stages of one model would deploy the same stack, topic and alarm names.
 */
export const STAGE_NAMES_WARNING = 'cdk-telemetry:stageNames';

/** What {@link addTelemetryStacks} made. */
export interface TelemetryStacks {
  /** The plan: every alarm and composite, per service, and the account-wide alarms. */
  readonly plan: TelemetryPlan;
  /** The core stack: alert topics and account-wide alarms. */
  readonly core: TelemetryCoreStack;
  /** The monitoring stacks, one or more per service group. */
  readonly monitoring: readonly TelemetryMonitoringStack[];
  /** Nested stacks holding alarms in stacks of yours (`hostOf`). */
  readonly nested: readonly NestedStack[];
  /** Which alarms, composites and dashboards went to which stack. */
  readonly assignments: readonly StackAssignment[];
  /** The Amazon Managed Grafana stack, when the model has `grafana`. @default - none */
  readonly grafana?: TelemetryGrafanaStack;
  /** Tracing, audit and logs stacks, when the model asks for them. */
  readonly governance: GovernanceStacks;
  /** The Amazon Managed Service for Prometheus stack, when the model has `prometheus`. @default - none */
  readonly prometheus?: TelemetryPrometheusStack;
  /** More Prometheus stacks with the rules that did not fit the first (large apps only). */
  readonly prometheusParts: readonly TelemetryPrometheusStack[];
  /** Journey and KPI alarms and the product dashboard, when the model has `product`. @default - none */
  readonly product?: TelemetryProductStack;
  /** The Synthetics canaries of the model's uptime checks, when it has any. @default - none */
  readonly uptime?: TelemetryUptimeStack;
  /** Every stack, core first. */
  readonly all: readonly Stack[];
}

/**
 * In a Stage, the model's app name should carry the stage's (`Telemetry.watch` does this itself): say so once, on
 * the stage, when it does not.
 */
function warnOnStageNames(scope: Construct, app: string): void {
  const stage = stageNamePart(scope);
  if (!stage || app === stage || app.endsWith(`-${stage}`)) return;
  Annotations.of(scope).addWarningV2(
    STAGE_NAMES_WARNING,
    `cdk-telemetry: the telemetry of stage "${stage}" is named by app "${app}": another stage of this model in the same account and Region would clash; set app: ${appNameInStage(scope, app) ?? `${app}-${stage}`.slice(0, 24)} in this stage's model`,
  );
}

/**
 * Adds the telemetry stacks for `model` to an App or Stage. In a Stage, give the model an app name that carries the
 * stage's (`appNameInStage(stage, app)`), or get a warning (`cdk-telemetry:stageNames`).
 */
export function addTelemetryStacks(
  scope: Construct,
  model: TelemetryModel,
  options: TelemetryStacksOptions = {},
): TelemetryStacks {
  for (const s of model.services) {
    const group = s.stack ?? s.name;
    if (RESERVED_GROUPS.includes(group)) {
      throw new PlanError(
        `service ${s.name}`,
        `the stack name "${group}" is reserved for the ${group} stack; set another \`stack\``,
      );
    }
  }
  const region = model.env?.region;
  if (region !== undefined && !Token.isUnresolved(region)) {
    const problem = regionProblems(region, sectionsOf(model))[0];
    if (problem) throw new PlanError(problem.section?.field ?? 'env.region', problem.message);
  }
  warnOnStageNames(scope, model.app);
  const topicNamePrefix = `${model.app}-telemetry`;
  const topics = Alerting.topicNamesFor(topicNamePrefix);
  const planned = planTelemetry(model, { topics, pageVia: model.alerting.pageVia });
  // The app-level alarm on undelivered alerts is planned with the account alarms (the core stack renders both).
  const plan: TelemetryPlan = {
    ...planned,
    account: [
      ...planned.account,
      undeliveredAlarmSpec(model.app, undeliveredQueueName(topicNamePrefix), topics.critical),
    ],
  };
  const boards = new Map<string, DashboardSpec[]>(
    plan.services.map((p) => [
      p.service.name,
      layoutServiceDashboards(model.app, p.service, p.alarms, p.composites, options.dashboards),
    ]),
  );
  const appTags = { app: model.app, ...model.tags };
  const assignments = assignStacks(
    model.app,
    plan.services,
    boards,
    options.capacity,
    estimateTagBytes(appTags),
  );
  const common = {
    env: model.env,
    tags: appTags,
    suppressTemplateIndentation: options.compactTemplates ?? true,
  };
  const core = new TelemetryCoreStack(scope, `${model.app}-telemetry-core`, {
    ...common,
    stackName: `${model.app}-telemetry-core`,
    description: `${model.app} telemetry: alert topics and account-wide alarms (cdk-telemetry)`,
    model,
    accountAlarms: plan.account,
    topicNamePrefix,
  });
  const byId = new Map<string, Stack>();
  const monitoring: TelemetryMonitoringStack[] = [];
  const nested: NestedStack[] = [];
  for (const a of assignments) {
    const host = options.hostOf?.(a.group);
    if (host) {
      // In the resource's stack: a nested stack per part (each has CloudFormation's limits of its own).
      const part = new NestedStack(host, a.part > 1 ? `Telemetry${a.part}` : 'Telemetry', {
        description: `${model.app} telemetry: ${a.services.join(', ')} (cdk-telemetry)`,
      });
      new AlarmSet(part, 'Telemetry', {
        alarms: a.alarms,
        composites: a.composites,
        dashboards: a.dashboards,
        resolveAction: topicArnByName,
        region: model.env?.region,
      });
      host.addStackDependency(core, 'alarms publish to the core alert topics');
      byId.set(a.id, part);
      nested.push(part);
      continue;
    }
    const stack = new TelemetryMonitoringStack(scope, a.id, {
      ...common,
      stackName: a.id,
      description: `${model.app} telemetry: ${a.services.join(', ')}${a.part > 1 ? ` (part ${a.part})` : ''} (cdk-telemetry)`,
      assignment: a,
      region: model.env?.region,
    });
    stack.addStackDependency(core, 'alarms publish to the core alert topics');
    byId.set(a.id, stack);
    monitoring.push(stack);
  }
  if (model.maintenance?.length) {
    // Each stack mutes its own alarms (targets are alarm names): rules named per part when a group has several.
    const windowOf = new Map<string, string>();
    for (const a of assignments) {
      const rules = planMuteRules(
        model.app,
        model.maintenance,
        [...a.alarms, ...a.composites],
        a.part > 1
          ? `-${a.group}-${a.part}`
          : assignments.filter((x) => x.group !== a.group).length
            ? `-${a.group}`
            : '',
      );
      for (const rule of rules) {
        // Names are unique in an account and Region: window `deploy` on stack `x-y` and `deploy-x` on `y` clash.
        const other = windowOf.get(rule.name);
        if (other !== undefined) {
          const i = model.maintenance.findIndex((w) => w.name === rule.window.name);
          throw new PlanError(
            `maintenance[${i}]`,
            `mute rule name "${rule.name}" is also a rule of window ${other} (window and stack names joined by "-" read the same); rename the window`,
          );
        }
        windowOf.set(rule.name, rule.window.name);
      }
      if (rules.length) new MuteRules(byId.get(a.id)!, 'Maintenance', { rules });
    }
  }
  for (const a of assignments) {
    addSloExtras(byId.get(a.id)!, model.app, model.services, a.composites);
  }
  for (const a of assignments) {
    for (const dep of a.dependsOn)
      byId.get(a.id)!.addStackDependency(byId.get(dep)!, 'composite alarms watch alarms of this part');
  }
  const governance = addGovernanceStacks(scope, model, { common, core, topicNamePrefix });
  let prometheus: TelemetryPrometheusStack | undefined;
  const prometheusParts: TelemetryPrometheusStack[] = [];
  if (model.prometheus) {
    const bytes = options.prometheusRuleBytes;
    const parts = packRulePlans(planPrometheusRules(model, bytes?.namespace), bytes?.stack);
    parts.forEach((rulePlans, i) => {
      const name = `${model.app}-telemetry-prometheus${i ? `-${i + 1}` : ''}`;
      // `prometheus` is a reserved stack name; its continuations (`prometheus-2`, ...) exist only in large apps.
      const taken = assignments.find((a) => a.id === name);
      if (taken) {
        throw new PlanError(
          `stack ${name}`,
          `the rules of this app need ${parts.length} Prometheus stacks, and ${name} is also the stack of service ${taken.services.join(', ')}; set another \`stack\` for it`,
        );
      }
      const stack = new TelemetryPrometheusStack(scope, name, {
        ...common,
        stackName: name,
        description: `${model.app} telemetry: Amazon Managed Service for Prometheus ${i ? `rules (part ${i + 1})` : 'workspace, rules and alert routes'} (cdk-telemetry)`,
        model,
        prometheus: model.prometheus!,
        topicNamePrefix,
        rulePlans,
        part: i + 1,
      });
      if (prometheus) {
        stack.addStackDependency(prometheus, 'its rules go to the workspace of the first Prometheus stack');
        prometheusParts.push(stack);
      } else {
        stack.addStackDependency(core, 'the alert manager publishes to the core alert topics');
        prometheus = stack;
      }
    });
  }
  const checks = canaryChecksOf(model);
  const uptime = checks.length
    ? new TelemetryUptimeStack(scope, `${model.app}-telemetry-uptime`, {
        ...common,
        stackName: `${model.app}-telemetry-uptime`,
        description: `${model.app} telemetry: Synthetics canaries of the uptime checks (cdk-telemetry)`,
        checks,
      })
    : undefined;
  let grafana: TelemetryGrafanaStack | undefined;
  if (model.grafana) {
    // Loaded on use: the Grafana stack brings the Grafana SDK and the provider (60-80 ms of every synth without it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a faster synth
    const { TelemetryGrafanaStack } = require('./grafana-stack') as typeof GrafanaStackModule;
    grafana = new TelemetryGrafanaStack(scope, `${model.app}-telemetry-grafana`, {
      ...common,
      stackName: `${model.app}-telemetry-grafana`,
      description: `${model.app} telemetry: Amazon Managed Grafana workspace, data sources and dashboards (cdk-telemetry)`,
      model,
      grafana: model.grafana,
      topicNamePrefix,
      prometheusWorkspace:
        model.prometheus &&
        (model.prometheus.workspace.type === 'existing'
          ? model.prometheus.workspace
          : { workspaceIdParameter: TelemetryPrometheusStack.workspaceIdParameterName(model.app) }),
    });
    grafana.addStackDependency(core, 'contact points publish to the core alert topics');
    if (prometheus)
      grafana.addStackDependency(prometheus, 'the Prometheus data source reads the workspace id');
  }
  let product: TelemetryProductStack | undefined;
  if (model.product) {
    const name = `${model.app}-telemetry-product`;
    product = new TelemetryProductStack(scope, name, {
      ...common,
      stackName: name,
      description: `${model.app} telemetry: journeys, KPIs and client-side engagement for product owners (cdk-telemetry)`,
      app: model.app,
      product: model.product,
      alarms: planProduct(model.app, model.product, {
        topics,
        pageVia: 'each',
        ...(model.alerting.escalation
          ? { escalation: Alerting.escalationTopicNameFor(topicNamePrefix) }
          : {}),
      }),
      region: model.env?.region,
    });
    product.addStackDependency(core, 'product alarms publish to the core alert topics');
  }
  const all = [
    core,
    ...monitoring,
    ...(product ? [product] : []),
    ...governance.all,
    ...(prometheus ? [prometheus, ...prometheusParts] : []),
    ...(uptime ? [uptime] : []),
    ...(grafana ? [grafana] : []),
  ];
  const packs = [...(model.compliance ?? []), ...(options.compliance ?? [])];
  if (packs.length) addCompliancePacks(scope, packs);
  enforceTelemetryLogRetention(all, model);
  // The app's tags on every stack and on every taggable resource in it, written into the templates (stack-level
  // tags alone reach only the resource types CloudFormation propagates them to).
  for (const stack of all) for (const [key, value] of Object.entries(appTags)) Tags.of(stack).add(key, value);
  return {
    plan,
    core,
    monitoring,
    nested,
    assignments,
    governance,
    prometheus,
    prometheusParts,
    uptime,
    grafana,
    product,
    all,
  };
}
