/**
 * `addCompliancePacks(app, packs)`: runs cdk-nag's NIST 800-53 rev 5, HIPAA Security and PCI DSS 3.2.1 packs on
 * every stack of an App or Stage at synth time, like the AwsSolutions pack. The telemetry's constructs acknowledge
 * what they do on purpose where they do it (each acknowledgement names the rule and why); this adds the one
 * acknowledgement that depends on the whole app: a critical alarm without an action of its own is silent because a
 * composite that pages watches it (`pageVia: composite`), and the packs' `CloudWatchAlarmAction` rule cannot see
 * composites. An alarm that no paging composite watches is still reported.
 *
 * cdk-nag is loaded on first use: apps that do not ask for a pack need not install it.
 */
import {
  AspectPriority,
  Aspects,
  Stack,
  Stage,
  Token,
  Validations,
  type IAspect,
  type IPolicyValidationPlugin,
} from 'aws-cdk-lib';
import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IConstruct } from 'constructs';
import { parseAlarmRule } from '../model/alarm-rule';
import { ruleAlarms } from '../model/alarm-spec';
import { TelemetryPropsError } from '../util/errors';
import { acknowledgeInPacks } from './acknowledge';
import { nagReference } from './nag-reference';
import { COMPLIANCE_PACK_IDS, compliancePack, type CompliancePackId } from './packs';

/** Packs registered per Stage, so that adding the same pack twice runs it once. */
const REGISTERED = new WeakMap<Stage, Set<string>>();

type NagModule = Record<string, new (scope: IConstruct) => IPolicyValidationPlugin>;

function loadCdkNag(scope: IConstruct): NagModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer dependency, loaded on use
    return require('cdk-nag') as NagModule;
  } catch {
    throw new TelemetryPropsError(
      scope,
      'compliance packs run with cdk-nag; install it beside aws-cdk-lib (npm install --save-dev cdk-nag@3)',
    );
  }
}

/**
 * Runs the given compliance packs on every stack of the App or Stage that holds `scope`, with zero findings
 * expected from the telemetry's own resources. Adding a pack twice is harmless.
 */
export function addCompliancePacks(scope: IConstruct, packs: readonly CompliancePackId[]): void {
  const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
  if (!stage)
    throw new TelemetryPropsError(scope, 'compliance packs need an App or Stage above this construct');
  for (const id of packs) {
    if (!compliancePack(id)) {
      throw new TelemetryPropsError(
        scope,
        `compliance: "${String(id).slice(0, 40)}" is not a pack (allowed: ${COMPLIANCE_PACK_IDS.join(', ')})`,
      );
    }
  }
  let registered = REGISTERED.get(stage);
  if (!registered) {
    registered = new Set();
    REGISTERED.set(stage, registered);
    Aspects.of(stage).add(new SilentChildrenAcknowledgement(), { priority: AspectPriority.READONLY });
  }
  const todo = packs.filter((id) => !registered.has(id));
  if (!todo.length) return;
  const nag = loadCdkNag(scope);
  for (const id of todo) {
    registered.add(id);
    Validations.of(stage).addPlugins(new nag[compliancePack(id)!.nagClass](stage));
  }
}

/** An alarm's name from a rule operand: the name itself, or an ARN (`arn:...:cloudwatch:...:alarm:<name>`). */
const nameOf = (alarm: string) =>
  alarm.startsWith('arn:') && alarm.includes(':alarm:')
    ? alarm.slice(alarm.lastIndexOf(':alarm:') + 7)
    : alarm;

const hasActions = (stack: Stack, a: CfnAlarm | CfnCompositeAlarm) =>
  stack.resolve(a.actionsEnabled) !== false &&
  [a.alarmActions, a.okActions, a.insufficientDataActions].some((list) => {
    const resolved = stack.resolve(list) as unknown[] | undefined;
    return Array.isArray(resolved) && resolved.length > 0;
  });

/**
 * Acknowledges `CloudWatchAlarmAction` on alarms without actions that a composite with actions watches, directly or
 * through composites without actions.
 */
class SilentChildrenAcknowledgement implements IAspect {
  /** Alarm name → the composites that watch it, with whether each has actions. */
  private watchers?: Map<string, Array<{ name: string; pages: boolean }>>;

  visit(node: IConstruct): void {
    if (!(node instanceof CfnAlarm)) return;
    const stack = Stack.of(node);
    if (hasActions(stack, node)) return;
    const name = stack.resolve(node.alarmName);
    if (typeof name !== 'string' || Token.isUnresolved(name)) return;
    const pager = this.pagerOf(node, name);
    if (!pager) return;
    acknowledgeInPacks(
      node,
      'CloudWatchAlarmAction',
      `Silent by design: this critical alarm pages through the composite alarm ${pager} (pageVia: composite), one page per service instead of one per alarm; an action here would page twice`,
    );
  }

  /** The nearest composite with actions above `name`, if any. */
  private pagerOf(node: IConstruct, name: string): string | undefined {
    const watchers = this.index(node);
    const seen = new Set<string>([name]);
    const queue = [name];
    while (queue.length) {
      for (const w of watchers.get(queue.shift()!) ?? []) {
        if (w.pages) return w.name;
        if (!seen.has(w.name)) {
          seen.add(w.name);
          queue.push(w.name);
        }
      }
    }
    return undefined;
  }

  private index(node: IConstruct) {
    if (this.watchers) return this.watchers;
    const watchers = new Map<string, Array<{ name: string; pages: boolean }>>();
    const root = node.node.root;
    for (const c of root.node.findAll()) {
      if (!(c instanceof CfnCompositeAlarm)) continue;
      const stack = Stack.of(c);
      const composite = stack.resolve(c.alarmName);
      if (typeof composite !== 'string') continue;
      // A rule with deploy-time parts (an ARN's partition or account) still names its children: read it flat.
      const rule = nagReference(c, c.alarmRule);
      let children: string[];
      try {
        children = ruleAlarms(parseAlarmRule(rule)).map(nameOf);
      } catch {
        continue; // a rule we cannot read proves nothing: its children stay reported
      }
      const entry = { name: composite, pages: hasActions(stack, c) };
      for (const child of children) watchers.set(child, [...(watchers.get(child) ?? []), entry]);
    }
    this.watchers = watchers;
    return watchers;
  }
}
