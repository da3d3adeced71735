/**
 * `enforceLogRetention(scope, tiers)`: an Aspect that gives every log group in a scope a retention tier, so log
 * retention is enforced rather than hoped for.
 *
 * - `AWS::Logs::LogGroup` (L2 and L1) and `Custom::LogRetention` (what `logRetention` on a Lambda function creates)
 *   get the retention of their tier: the tier assigned with {@link assignLogTier} on the group or an ancestor,
 *   else the default tier. Each group is tagged `cdk-telemetry:log-tier`.
 * - A group explicitly set to never expire (`RetentionDays.INFINITE` on an L2 `LogGroup`) fails synthesis unless
 *   a tier is assigned to it or it is allowed with {@link allowNeverExpiringLogs}: shortening it would delete data.
 * - Lambda functions and REST API stages with execution logging write to groups the service creates on first use,
 *   which never expire. Synthesis fails for them unless `implicitLogGroups` is `create` (the group is added with
 *   the tier's retention) or `allow`, or the resource is allowed with {@link allowNeverExpiringLogs}.
 *
 * Every decision is reported as an annotation and listed in `changes`.
 */
import {
  Annotations,
  AspectPriority,
  Aspects,
  CfnResource,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  type IAspect,
} from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import {
  formatRetention,
  LOG_TIERS,
  tierProblems,
  type LogTier,
  type RetentionTiers,
} from '../model/retention';
import { TelemetryPropsError } from '../util/errors';

const TIER_OF = new WeakMap<IConstruct, LogTier>();
const NEVER_EXPIRE = new WeakMap<IConstruct, string>();

/** Gives every log group in `scope` (a group, a function, a stack...) this tier. The nearest assignment wins. */
export function assignLogTier(scope: IConstruct, tier: LogTier): void {
  if (!LOG_TIERS.includes(tier)) {
    throw new TelemetryPropsError(scope, `log tier "${tier}" is not one of ${LOG_TIERS.join(', ')}`);
  }
  TIER_OF.set(scope, tier);
}

/** Allows log groups in `scope` that never expire (without an assigned tier), with the reason on record. */
export function allowNeverExpiringLogs(scope: IConstruct, reason: string): void {
  if (!reason.trim()) throw new TelemetryPropsError(scope, 'allowNeverExpiringLogs needs a reason');
  NEVER_EXPIRE.set(scope, reason);
}

function nearest<T>(map: WeakMap<IConstruct, T>, node: IConstruct): T | undefined {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    const v = map.get(c);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Options of {@link EnforceLogRetention}. */
export interface EnforceLogRetentionOptions {
  /** Tier of log groups without an assignment. @default 'realtime' */
  readonly defaultTier?: LogTier;
  /**
   * Keep a finite retention set explicitly on a group without an assigned tier (instead of the default tier's).
   * @default false
   */
  readonly keepExplicitRetention?: boolean;
  /**
   * Log groups a service creates on first use (Lambda `/aws/lambda/<name>`, API Gateway execution logs), which
   * never expire: `fail` synthesis, `create` them here with the tier's retention (for resources whose group does
   * not exist yet: CloudFormation cannot adopt an existing group), or `allow` them.
   * @default 'fail'
   */
  readonly implicitLogGroups?: 'fail' | 'create' | 'allow';
  /** Report each change as an info annotation. @default true */
  readonly reportChanges?: boolean;
}

/** What the Aspect decided for one log group. */
export interface RetentionDecision {
  /** Construct path of the log group (or of the resource whose implicit group it is). */
  readonly path: string;
  /** The tier the log group was given. @default - none: the group was allowed or failed before a tier applied */
  readonly tier?: LogTier;
  /** `set`: retention set to the tier; `kept`: explicit retention kept; `created`: implicit group added; `allowed`;
   *  `failed`: synthesis fails for this group. */
  readonly outcome: 'set' | 'kept' | 'created' | 'allowed' | 'failed';
  /** Days before, when known (`undefined`: never expires). @default - none */
  readonly from?: number;
  /** Days after (`undefined`: never expires). @default - none */
  readonly to?: number;
  /** What was done, in words, for the report. */
  readonly detail: string;
}

/** Warning id, for `Annotations.of(scope).acknowledgeWarning(...)`. */
export const RETENTION_WARNING = 'cdk-telemetry:log-retention';
/**
 * The tag `EnforceLogRetention` puts on every log group it gives a tier, valued with the tier's name (a record:
 * tiers are assigned with `assignLogTier`, not by this tag).
 */
export const TIER_TAG = 'cdk-telemetry:log-tier';

type Properties = Record<string, unknown>;
const rawProperties = (r: CfnResource) => (r as unknown as { _cfnProperties: Properties })._cfnProperties;

/**
 * `enforceLogRetention(scope, tiers)`: an Aspect that gives every log group in a scope a retention tier, so log
 * retention is enforced rather than hoped for.
 */
export class EnforceLogRetention implements IAspect {
  /** What the Aspect decided for every log group it visited, in visiting order. */
  readonly decisions: RetentionDecision[] = [];
  private readonly tiers: RetentionTiers;
  private readonly options: EnforceLogRetentionOptions;

  constructor(tiers: RetentionTiers, options: EnforceLogRetentionOptions = {}) {
    this.tiers = tiers;
    this.options = options;
  }

  /**
   * Gives a log group (or a resource whose implicit log group it creates) the retention of its tier: called by CDK for
   * every construct of the scope.
   */
  visit(node: IConstruct): void {
    if (node instanceof logs.CfnLogGroup) this.logGroup(node);
    else if (node instanceof CfnResource && node.cfnResourceType === 'Custom::LogRetention')
      this.logRetention(node);
    else if (node instanceof CfnResource && node.cfnResourceType === 'AWS::Lambda::Function')
      this.lambda(node);
    else if (node instanceof apigateway.CfnStage) this.restStage(node);
  }

  private tierFor(node: IConstruct): { tier: LogTier; assigned: boolean } {
    const assigned = nearest(TIER_OF, node);
    return { tier: assigned ?? this.options.defaultTier ?? 'realtime', assigned: assigned !== undefined };
  }

  private logGroup(group: logs.CfnLogGroup) {
    if (this.resolve(group, group.logGroupClass) === 'DELIVERY') return; // fixed one-day retention
    const current = this.resolve(group, group.retentionInDays) as number | undefined;
    const explicitNever = current === undefined && group.node.scope instanceof logs.LogGroup;
    const days = this.decide(group, current, explicitNever);
    if (days !== undefined) group.retentionInDays = days;
  }

  private logRetention(resource: CfnResource) {
    const current = this.resolve(resource, rawProperties(resource).RetentionInDays) as number | undefined;
    const days = this.decide(resource, current, current === undefined);
    if (days !== undefined) resource.addPropertyOverride('RetentionInDays', days);
  }

  /** The retention to set, or undefined to leave the group as it is. */
  private decide(node: CfnResource, current: number | undefined, explicitNever: boolean): number | undefined {
    const { tier, assigned } = this.tierFor(node);
    const to = this.tiers[tier];
    const from = Token.isUnresolved(current) ? undefined : current;
    if (!assigned && explicitNever) {
      const reason = nearest(NEVER_EXPIRE, node);
      if (reason) {
        this.decided(node, { outcome: 'allowed', detail: `never expires, allowed: ${reason}` });
      } else {
        this.fail(
          node,
          'this log group is set to never expire; give it a tier (assignLogTier) or allow it (allowNeverExpiringLogs) — enforceLogRetention does not shorten it, as that would delete data',
        );
      }
      return undefined;
    }
    if (!assigned && this.options.keepExplicitRetention && from !== undefined) {
      this.decided(node, {
        tier,
        outcome: 'kept',
        from,
        to: from,
        detail: `explicit retention ${formatRetention(from)} kept`,
      });
      this.tag(node, 'explicit');
      return undefined;
    }
    this.tag(node, tier);
    if (from !== to) {
      this.decided(node, {
        tier,
        outcome: 'set',
        from,
        to,
        detail: `retention ${from === undefined ? 'never expires' : formatRetention(from)} → ${formatRetention(to)} (tier ${tier})`,
      });
    }
    return to;
  }

  private lambda(fn: CfnResource) {
    const props =
      fn instanceof lambda.CfnFunction
        ? { loggingConfig: fn.loggingConfig, functionName: fn.functionName }
        : { loggingConfig: rawProperties(fn).LoggingConfig, functionName: rawProperties(fn).FunctionName };
    const logging = this.resolve(fn, props.loggingConfig) as Properties | undefined;
    if (logging?.logGroup ?? logging?.LogGroup) return; // its own group, visited where it is defined
    // aws-cdk-lib names the group after the function's Ref even when the function has a literal name.
    const literal = this.resolve(fn, props.functionName);
    const byRef = Fn.join('', ['/aws/lambda/', fn.ref]);
    const names = typeof literal === 'string' ? [`/aws/lambda/${literal}`, byRef] : [byRef];
    this.implicit(fn, names, 'Lambda', typeof literal === 'string');
  }

  private restStage(stage: apigateway.CfnStage) {
    const settings = (this.resolve(stage, stage.methodSettings) ?? []) as Properties[];
    const logging = settings.some(
      (s) => (s.loggingLevel !== undefined && s.loggingLevel !== 'OFF') || s.dataTraceEnabled === true,
    );
    if (!logging) return;
    const name = Fn.join('', [
      'API-Gateway-Execution-Logs_',
      stage.restApiId,
      '/',
      stage.stageName ?? stage.ref,
    ]);
    this.implicit(stage, [name], 'API Gateway', false);
  }

  /**
   * A log group the service creates on first use, unless the template already holds a group by one of its names
   * (the first name is the one created).
   */
  private implicit(resource: CfnResource, names: string[], creator: string, literalName: boolean) {
    const stack = Stack.of(resource);
    const managed = this.managedNames(stack);
    if (names.some((n) => managed.has(JSON.stringify(stack.resolve(n))))) return;
    const name = names[0];
    const resolved = stack.resolve(name);
    const shown = typeof resolved === 'string' ? resolved : `the group of ${resource.node.path}`;
    const { tier, assigned } = this.tierFor(resource);
    const mode = this.options.implicitLogGroups ?? 'fail';
    const reason = nearest(NEVER_EXPIRE, resource);
    if (mode === 'create' || assigned) {
      const group = new logs.CfnLogGroup(
        resource.node.scope ?? stack,
        `${resource.node.id}ImplicitLogGroup`,
        {
          logGroupName: name,
          retentionInDays: this.tiers[tier],
        },
      );
      group.applyRemovalPolicy(RemovalPolicy.RETAIN);
      group.tags.setTag(TIER_TAG, tier);
      // With a literal name the resource can wait for its group, so the service never creates it first.
      if (literalName) resource.addResourceDependency(group);
      managed.add(JSON.stringify(resolved));
      this.decided(resource, {
        tier,
        outcome: 'created',
        to: this.tiers[tier],
        detail: `log group ${shown} added with retention ${formatRetention(this.tiers[tier])} (tier ${tier}); otherwise ${creator} would create it on first use, never to expire`,
      });
    } else if (mode === 'allow' || reason) {
      this.decided(resource, {
        outcome: 'allowed',
        detail: `${shown} never expires (${creator} creates it on first use), allowed${reason ? `: ${reason}` : ''}`,
      });
    } else {
      this.fail(
        resource,
        `its logs go to ${shown}, which ${creator} creates on first use and never expires; give it a log group, use enforceLogRetention(..., { implicitLogGroups: 'create' }), or allowNeverExpiringLogs(...)`,
      );
    }
  }

  private readonly names = new WeakMap<Stack, Set<string>>();

  /** Resolved names of the log groups a stack defines (groups and Custom::LogRetention). */
  private managedNames(stack: Stack): Set<string> {
    let set = this.names.get(stack);
    if (!set) {
      set = new Set<string>();
      for (const c of stack.node.findAll()) {
        if (c instanceof logs.CfnLogGroup && c.logGroupName)
          set.add(JSON.stringify(stack.resolve(c.logGroupName)));
        if (c instanceof CfnResource && c.cfnResourceType === 'Custom::LogRetention') {
          set.add(JSON.stringify(stack.resolve(rawProperties(c).LogGroupName)));
        }
      }
      this.names.set(stack, set);
    }
    return set;
  }

  private tag(node: CfnResource, value: string) {
    if (node instanceof logs.CfnLogGroup) node.tags.setTag(TIER_TAG, value);
  }

  private fail(node: CfnResource, message: string) {
    this.decided(node, { outcome: 'failed', detail: message });
    node.node.addValidation({ validate: () => [`enforceLogRetention: ${message}`] });
  }

  private decided(node: CfnResource, d: Omit<RetentionDecision, 'path'>) {
    this.decisions.push({ path: node.node.path, ...d });
    if (d.outcome === 'allowed')
      Annotations.of(node).addWarningV2(RETENTION_WARNING, `enforceLogRetention: ${d.detail}`);
    else if (d.outcome !== 'failed' && this.options.reportChanges !== false) {
      Annotations.of(node).addInfo(`enforceLogRetention: ${d.detail}`);
    }
  }

  private resolve(node: CfnResource, value: unknown): unknown {
    return value === undefined ? undefined : Stack.of(node).resolve(value);
  }
}

/**
 * Enforces retention tiers on every log group in `scope`. `tiers` are days per tier (`logs.RetentionDays` values
 * work). Returns the Aspect; its `decisions` list what it did once the app is synthesized.
 */
export function enforceLogRetention(
  scope: IConstruct,
  tiers: RetentionTiers,
  options: EnforceLogRetentionOptions = {},
): EnforceLogRetention {
  const problem = tierProblems(tiers)[0];
  if (problem) throw new TelemetryPropsError(scope, `tiers.${problem.tier}: ${problem.message}`);
  if (options.defaultTier && !LOG_TIERS.includes(options.defaultTier)) {
    throw new TelemetryPropsError(
      scope,
      `defaultTier "${options.defaultTier}" is not one of ${LOG_TIERS.join(', ')}`,
    );
  }
  const aspect = new EnforceLogRetention(tiers, options);
  Aspects.of(scope).add(aspect, { priority: AspectPriority.MUTATING });
  return aspect;
}
