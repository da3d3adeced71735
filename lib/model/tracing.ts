/**
 * X-Ray as data: sampling rules with deterministic priorities and names, trace groups per service, and the limits
 * X-Ray enforces, checked before anything is deployed. Pure data and functions: no CDK imports.
 */
import type { Severity } from './alarm-spec';
import { shortName } from './naming';

/** X-Ray's limits (API reference: SamplingRule, CreateGroup; service quotas). */
export const XRAY_LIMITS = {
  /** Sampling rules per Region and account, shared with every other app there (the built-in Default is extra). */
  samplingRules: 25,
  /** Groups per Region and account (the built-in Default group is extra). */
  groups: 25,
  ruleName: 32,
  groupName: 32,
  minPriority: 1,
  maxPriority: 9999,
  attributes: 5,
  attributeLength: 32,
  fieldLength: { serviceName: 64, serviceType: 64, host: 64, httpMethod: 10, urlPath: 128, resourceArn: 500 },
} as const;

/** One sampling rule: what it matches and how much it traces. Every match field accepts `*` and `?` wildcards. */
export interface SamplingRuleSpec {
  /** Rule name, 1-32 letters, digits, "-" or "_". @default - derived from the match, shortened with a hash */
  readonly name?: string;
  /**
   * Evaluation order, 1-9999 (lower first; X-Ray's Default rule is 10000).
   * @default - assigned: rules on a method or path from 100, rules on a service from 1000, catch-alls from 9000,
   * 10 apart in the order given
   */
  readonly priority?: number;
  /** Share of requests traced once the reservoir is used up, from 0 to 1 (0.05 = 5 %). */
  readonly rate: number;
  /** Requests per second traced before the rate applies, shared by all hosts. @default 1 */
  readonly reservoir?: number;
  /** X-Ray service name: a REST API stage is `<api name>/<stage>`. @default '*' */
  readonly serviceName?: string;
  /** Segment origin, e.g. `AWS::ApiGateway::Stage`. @default '*' */
  readonly serviceType?: string;
  /** @default '*' */
  readonly host?: string;
  /** @default '*' */
  readonly httpMethod?: string;
  /** @default '*' */
  readonly urlPath?: string;
  /** @default '*' */
  readonly resourceArn?: string;
  /** Segment attributes that must all match (at most 5). @default - none */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** A rule with every field decided: what CloudFormation receives under `SamplingRule`. */
export interface PlannedSamplingRule {
  /** The rule's name, unique in the account and Region (at most 32 characters). */
  readonly ruleName: string;
  /** Priority, 1 to 9999: rules are matched from the lowest. */
  readonly priority: number;
  /** The share of matching requests sampled beyond the reservoir, 0 to 1. */
  readonly fixedRate: number;
  /** Requests per second sampled before `fixedRate` applies. */
  readonly reservoirSize: number;
  /** X-Ray service name the rule matches (`*` for any). */
  readonly serviceName: string;
  /** Service type the rule matches, e.g. `AWS::Lambda::Function` (`*` for any). */
  readonly serviceType: string;
  /** Host header the rule matches (`*` for any). */
  readonly host: string;
  /** HTTP method the rule matches (`*` for any). */
  readonly httpMethod: string;
  /** URL path the rule matches (`*` for any). */
  readonly urlPath: string;
  /** ARN of the resource the rule matches (`*` for any). */
  readonly resourceArn: string;
  /** Segment attributes that must all match. @default - none */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Always 1 (can only be set when the rule is created). */
  readonly version: 1;
}

/** A problem with one rule (`index`) or with the whole set (no index), located by field when it has one. */
export interface TracingProblem {
  /** The index of the rule, in config order. @default - none: the problem is with the whole set */
  readonly index?: number;
  /** The field of the rule, e.g. `fixedRate`. @default - none: the problem is with the rule or the set as a whole */
  readonly field?: string;
  /** The problem, in one line. */
  readonly message: string;
}

const NAME = /^[A-Za-z0-9_-]+$/;
const notToken = (isToken: (v: string) => boolean) => (v: string | undefined) =>
  v !== undefined && !isToken(v);

/** Why X-Ray refuses a fixed rate, if it does. */
export function rateProblem(rate: number): string | undefined {
  if (Number.isFinite(rate) && rate >= 0 && rate <= 1) return undefined;
  return `rate ${rate} is out of range: the share of requests traced is a number from 0 to 1 (0.05 = 5 %)`;
}

/** Why X-Ray refuses a reservoir size, if it does. */
export function reservoirProblem(reservoir: number): string | undefined {
  if (Number.isInteger(reservoir) && reservoir >= 0) return undefined;
  return `reservoir ${reservoir} must be a whole number of requests per second, 0 or more`;
}

const matchOf = (r: SamplingRuleSpec) =>
  [r.serviceName, r.serviceType, r.host, r.httpMethod, r.urlPath, r.resourceArn].map((v) => v ?? '*');

/** 0: a method or path; 1: a service, host, type or resource; 2: everything. Lower is more specific. */
function specificity(r: SamplingRuleSpec): number {
  if ((r.httpMethod ?? '*') !== '*' || (r.urlPath ?? '*') !== '*') return 0;
  return matchOf(r).some((v) => v !== '*') || r.attributes ? 1 : 2;
}
const BASE = [100, 1000, 9000];

/**
 * Decides names and priorities and checks every rule against X-Ray's limits. The same input always gives the same
 * rules: a rule's generated name depends only on what it matches, its priority only on its class and position.
 * @param isToken tells deploy-time values (CDK tokens) apart; they are not checked.
 */
export function planSamplingRules(
  namePrefix: string,
  specs: readonly SamplingRuleSpec[],
  isToken: (v: string) => boolean = () => false,
): { rules: PlannedSamplingRule[]; problems: TracingProblem[] } {
  const problems: TracingProblem[] = [];
  const literal = notToken(isToken);
  const L = XRAY_LIMITS;
  if (specs.length > L.samplingRules) {
    problems.push({
      message: `${specs.length} sampling rules: X-Ray allows at most ${L.samplingRules} per Region and account (shared with other apps); merge operations or match several services with a wildcard`,
    });
  }
  const taken = new Set(specs.map((s) => s.priority).filter((p): p is number => p !== undefined));
  const next = [0, 0, 0];
  const byName = new Map<string, number>();
  const byMatch = new Map<string, number>();
  const rules = specs.map((s, index) => {
    const add = (field: string | undefined, message: string) => problems.push({ index, field, message });
    const rate = rateProblem(s.rate);
    if (rate) add('rate', rate);
    const reservoir = s.reservoir ?? 1;
    const res = reservoirProblem(reservoir);
    if (res) add('reservoir', res);
    if (s.priority !== undefined) {
      if (!Number.isInteger(s.priority) || s.priority < L.minPriority || s.priority > L.maxPriority) {
        add(
          'priority',
          `priority ${s.priority} must be a whole number from 1 to 9999 (lower is evaluated first)`,
        );
      }
    }
    for (const [field, max] of Object.entries(L.fieldLength)) {
      const v = s[field as keyof typeof L.fieldLength];
      if (literal(v) && (v!.length < 1 || v!.length > max)) {
        add(field, `${field} "${v}" must be 1-${max} characters`);
      }
    }
    const attrs = Object.entries(s.attributes ?? {});
    if (attrs.length > L.attributes)
      add('attributes', `${attrs.length} attributes (X-Ray allows ${L.attributes})`);
    for (const [k, v] of attrs) {
      if (k.length < 1 || k.length > L.attributeLength || v.length < 1 || v.length > L.attributeLength) {
        add('attributes', `attribute "${k}": keys and values must be 1-${L.attributeLength} characters`);
      }
    }
    const match = matchOf(s);
    const [serviceName, serviceType, host, httpMethod, urlPath, resourceArn] = match;
    let ruleName = s.name;
    if (ruleName !== undefined) {
      if (literal(ruleName) && (ruleName.length > L.ruleName || !NAME.test(ruleName))) {
        add(
          'name',
          `rule name "${ruleName}" must be 1-${L.ruleName} letters, digits, "-" or "_" (it has ${ruleName.length} characters)`,
        );
      }
    } else {
      const parts = [namePrefix, serviceName, httpMethod, urlPath].filter((p) => p !== '*');
      ruleName = shortName(parts.length > 1 ? parts.join('-') : `${namePrefix}-all`, L.ruleName);
    }
    if (literal(ruleName)) {
      const other = byName.get(ruleName);
      if (other !== undefined) add('name', `rule name "${ruleName}" is also used by rule ${other}`);
      byName.set(ruleName, index);
    }
    const matchKey = JSON.stringify([...match, attrs]);
    const same = byMatch.get(matchKey);
    if (same !== undefined) {
      add(undefined, `matches exactly what rule ${same} matches, so one of them never applies`);
    }
    byMatch.set(matchKey, index);
    let priority = s.priority;
    if (priority === undefined) {
      const cls = specificity(s);
      priority = BASE[cls] + 10 * next[cls]++;
      while (taken.has(priority)) priority++;
      taken.add(priority);
    }
    const rule: PlannedSamplingRule = {
      ruleName,
      priority,
      fixedRate: s.rate,
      reservoirSize: reservoir,
      serviceName,
      serviceType,
      host,
      httpMethod,
      urlPath,
      resourceArn,
      ...(attrs.length ? { attributes: s.attributes } : {}),
      version: 1,
    };
    return rule;
  });
  const seen = new Map<number, number>();
  rules.forEach((r, index) => {
    const other = seen.get(r.priority);
    if (other !== undefined && specs[index].priority !== undefined) {
      problems.push({
        index,
        field: 'priority',
        message: `priority ${r.priority} is also used by rule ${other}; give each rule its own priority so the order is certain`,
      });
    }
    seen.set(r.priority, index);
  });
  return { rules, problems };
}

/** A planned rule as a spec again (names and priorities fixed): planning it gives the same rule. */
export const specOfPlannedRule = (r: PlannedSamplingRule): SamplingRuleSpec => ({
  name: r.ruleName,
  priority: r.priority,
  rate: r.fixedRate,
  reservoir: r.reservoirSize,
  serviceName: r.serviceName,
  serviceType: r.serviceType,
  host: r.host,
  httpMethod: r.httpMethod,
  urlPath: r.urlPath,
  resourceArn: r.resourceArn,
  ...(r.attributes ? { attributes: r.attributes } : {}),
});

/** A trace group: the traces of one service, with X-Ray Insights and where its notifications go. */
export interface TraceGroupSpec {
  /** 1-32 letters, digits, "-", "_" or ".". */
  readonly groupName: string;
  /** X-Ray filter expression, e.g. `service("orders-api/prod") OR service("orders-worker")`. */
  readonly filterExpression: string;
  /** X-Ray Insights (anomaly detection on the group's faults). @default true */
  readonly insights?: boolean;
  /** Severity of the insight notifications, or `false` for none (needs insights). @default 'warning' */
  readonly notify?: Severity | false;
}

const GROUP_NAME = /^[A-Za-z0-9_.-]+$/;

/** Problems with trace groups: names, duplicates, the per-Region limit, notifications without insights. */
export function traceGroupProblems(
  groups: readonly TraceGroupSpec[],
  isToken: (v: string) => boolean = () => false,
): TracingProblem[] {
  const literal = notToken(isToken);
  const out: TracingProblem[] = [];
  if (groups.length > XRAY_LIMITS.groups) {
    out.push({
      message: `${groups.length} trace groups: X-Ray allows at most ${XRAY_LIMITS.groups} per Region and account`,
    });
  }
  const seen = new Map<string, number>();
  groups.forEach((g, index) => {
    if (literal(g.groupName)) {
      if (
        g.groupName.length > XRAY_LIMITS.groupName ||
        !GROUP_NAME.test(g.groupName) ||
        g.groupName === 'Default'
      ) {
        out.push({
          index,
          field: 'groupName',
          message: `group name "${g.groupName}" must be 1-${XRAY_LIMITS.groupName} letters, digits, "-", "_" or "." and not "Default"`,
        });
      }
      const other = seen.get(g.groupName);
      if (other !== undefined)
        out.push({
          index,
          field: 'groupName',
          message: `group name "${g.groupName}" is also used by group ${other}`,
        });
      seen.set(g.groupName, index);
    }
    if (literal(g.filterExpression) && g.filterExpression.trim() === '') {
      out.push({ index, field: 'filterExpression', message: 'the filter expression is empty' });
    }
    if (g.insights === false && g.notify) {
      out.push({
        index,
        field: 'notify',
        message: 'insight notifications need insights: set insights to true',
      });
    }
  });
  return out;
}

/** `service("a") OR service("b")`: every trace that passes through one of the named X-Ray services. */
export function serviceFilterExpression(xrayNames: readonly string[]): string {
  return xrayNames.map((n) => `service(${JSON.stringify(n)})`).join(' OR ');
}

/** The X-Ray service name of a REST API stage. Lambda functions appear under their function name. */
export const restApiXrayName = (apiName: string, stage: string) => `${apiName}/${stage}`;

/** ADOT (AWS Distro for OpenTelemetry) Lambda layers that aws-cdk-lib resolves per Region. */
export const ADOT_LAYERS = ['javascript', 'python', 'java-sdk', 'java-agent', 'generic'] as const;
/** One of `ADOT_LAYERS`. */
export type AdotLayerKind = (typeof ADOT_LAYERS)[number];

/** `AWS_LAMBDA_EXEC_WRAPPER` values of the ADOT layers. */
export const ADOT_WRAPPERS = {
  handler: '/opt/otel-handler',
  proxy: '/opt/otel-proxy-handler',
  stream: '/opt/otel-stream-handler',
  sqs: '/opt/otel-sqs-handler',
  instrument: '/opt/otel-instrument',
} as const;
/** One of the keys of `ADOT_WRAPPERS`. */
export type AdotWrapper = keyof typeof ADOT_WRAPPERS;

/** The runtime families a layer serves. */
export const ADOT_RUNTIMES = ['nodejs', 'python', 'java', 'any'] as const;
/** One of `ADOT_RUNTIMES`. */
export type AdotRuntime = (typeof ADOT_RUNTIMES)[number];

/** OpenTelemetry for Lambda functions: an ADOT layer and the wrapper script that starts it. */
export interface AdotSpec {
  /**
   * One of the layers aws-cdk-lib knows (the legacy layers with an embedded collector). Give this or `layerArn`.
   * @default - none: `layerArn` is given
   */
  readonly layer?: AdotLayerKind;
  /** Version of `layer`, e.g. `1.30.0`. @default 'latest' (the newest aws-cdk-lib knows) */
  readonly version?: string;
  /**
   * Any layer version ARN, e.g. an `AWSOpenTelemetryDistroJs` layer (AWS's recommended distro).
   * @default - none: `layer` is given
   */
  readonly layerArn?: string;
  /** Functions of this runtime family get the layer. @default - the family of `layer`; `any` for `generic` */
  readonly runtime?: AdotRuntime;
  /** The `AWS_LAMBDA_EXEC_WRAPPER` script. @default - `instrument` for python and `layerArn`, else `handler` */
  readonly wrapper?: AdotWrapper;
}

/** The runtime family and wrapper an ADOT spec resolves to. */
export function adotTarget(spec: AdotSpec): { runtime: AdotRuntime; wrapper: AdotWrapper } {
  const byLayer: Record<AdotLayerKind, AdotRuntime> = {
    javascript: 'nodejs',
    python: 'python',
    'java-sdk': 'java',
    'java-agent': 'java',
    generic: 'any',
  };
  const runtime = spec.runtime ?? (spec.layer ? byLayer[spec.layer] : 'any');
  const wrapper = spec.wrapper ?? (spec.layerArn || runtime === 'python' ? 'instrument' : 'handler');
  return { runtime, wrapper };
}

/** Everything the tracing part of the model says. */
export interface TracingModel {
  /** Sampling rules with names and priorities decided. */
  readonly samplingRules: readonly SamplingRuleSpec[];
  /** One group per traced service. */
  readonly groups: readonly TraceGroupSpec[];
  /** ADOT layer wiring for `enableTracing` in the application's own stacks. @default - none */
  readonly adot?: AdotSpec;
}
