/**
 * The shape of a resource kind: everything cdk-telemetry knows about one kind of AWS resource, in one file
 * (`lib/model/kinds/<kind>.ts`), collected by the registry in `./index.ts`.
 *
 * A kind file holds data (its tables: catalog rows with their sources and why, parameters, dashboard signals,
 * cost items) and three small functions: the zod schema of its telemetry.yaml entry (built from a kit the config
 * passes in, so loading a kind file loads neither zod nor aws-cdk-lib), how an entry becomes monitored
 * resources with their dimensions, and how a CDK construct becomes an entry.
 */
import type { z } from 'zod';
import type { IConstruct } from 'constructs';
import type { Comparison, MissingData, Severity } from '../alarm-spec';
import type { MonitoredResource, RowOverride } from '../telemetry-model';
import type { SchemaKit } from '../../config/schema-kit';
import type { ConfigPath } from '../../config/errors';

/** AWS's published recommended alarms (CloudWatch User Guide). */
export const AWS_RECOMMENDED =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html';

/** A threshold that is a fixed number, or a resource parameter times a factor. */
export type ThresholdRule = number | { readonly param: string; readonly factor?: number };

/**
 * The number a threshold rule stands for: the fixed number, or the parameter's value (from `param`) times the
 * factor, rounded to 0.001; undefined when the parameter has no value. Planning and coverage both use it.
 */
export function thresholdOf(
  rule: ThresholdRule,
  param: (name: string) => number | undefined,
): number | undefined {
  if (typeof rule === 'number') return rule;
  const value = param(rule.param);
  return value === undefined ? undefined : Math.round(value * (rule.factor ?? 1) * 1000) / 1000;
}

/** One metric of a row, with its statistic. */
export interface RowMetricRef {
  /** The metric's name in the kind's namespace, e.g. `Invocations`. */
  readonly metricName: string;
  /** The statistic, e.g. `Sum` or `p95`. */
  readonly stat: string;
}

/** The metric a row watches: a plain metric, or a guarded ratio in percent (error rates). */
export type RowMetric =
  | ({ readonly type: 'metric' } & RowMetricRef)
  | {
      /** `100 * numerator / denominator`, only when `denominator >= minRequests` (else 0: no alarm on a quiet night). */
      readonly type: 'rate';
      readonly numerator: RowMetricRef;
      readonly denominator: RowMetricRef;
      /** Parameter holding the minimum number of requests per period before the rate counts. */
      readonly minRequestsParam: string;
      readonly label: string;
      /**
       * The guard in words, for the description: `{min}` is the minimum and `{period}` the period (`a minute`,
       * `in 5 min`), e.g. `with at least {min} requests {period}`.
       */
      readonly guard: string;
    };

/** Fields of an AWS recommended-alarm entry a row can differ in (on purpose, said in its `why`). */
export const ENTRY_FIELDS = [
  'namespace',
  'metric',
  'dimensions',
  'statistic',
  'threshold',
  'period',
  'datapoints',
  'comparison',
] as const;
/** One of `ENTRY_FIELDS`: a field of an AWS recommended-alarm entry a row can differ in. */
export type EntryField = (typeof ENTRY_FIELDS)[number];

/** One alarm of a kind's table: the metric, threshold, M of N, severity and the words of its description. */
export interface CatalogRow {
  /** Key for overrides (`alarms.<id>` in telemetry.yaml); unique within the kind. */
  readonly id: string;
  /** The `<signal>` part of the alarm name; rows that differ only in severity share it. */
  readonly signal: string;
  /** The metric the alarm watches: a plain metric, or a guarded rate in percent. */
  readonly metric: RowMetric;
  /** The metric's namespace when it is not the table's (Container Insights, Lambda Insights). @default the table's */
  readonly namespace?: string;
  /**
   * The metric's dimensions when they are not the resource's: CloudWatch dimension name → the resource's
   * dimension it takes its value from (`{ function_name: 'FunctionName' }`), a subset (`{ ClusterName:
   * 'ClusterName' }` for a cluster-wide metric of a service), or both. @default the resource's dimensions
   */
  readonly dimensionMap?: Readonly<Record<string, string>>;
  /** Dimensions with a fixed value (`{ Region: 'Global' }`, `{ Role: 'WRITER' }`). @default none */
  readonly fixedDimensions?: Readonly<Record<string, string>>;
  /**
   * The threshold: a number in `unit`, or a resource parameter times a factor (e.g. 90 % of the function's timeout).
   */
  readonly threshold: ThresholdRule;
  /** How the value is compared with the threshold. */
  readonly comparison: Comparison;
  /** Seconds. */
  readonly period: number;
  /** M of N: `[datapointsToAlarm, evaluationPeriods]`. */
  readonly datapoints: readonly [number, number];
  /** How CloudWatch treats a period without a datapoint. */
  readonly missing: MissingData;
  /** Who hears about the alarm: critical rows page through the service's composite. */
  readonly severity: Severity;
  /**
   * Percentile rows must decide; see CloudWatch `EvaluateLowSampleCountPercentile`.
   * @default `ignore` for percentile statistics (a quiet period with a few slow requests does not page); unused for
   * other statistics
   */
  readonly lowSampleCount?: 'evaluate' | 'ignore';
  /** Off by default (the row says why); switch on with `alarms.<id>.enabled: true`. */
  readonly enabled: boolean;
  /** Unit of the threshold, for descriptions: `ms`, `s`, `%`, `count`, `percent`. */
  readonly unit: 'ms' | 's' | '%' | 'count' | 'percent';
  /**
   * What the alarm means, with `{resource}`, `{threshold}` and `{stat}` (the statistic the alarm uses after
   * overrides, e.g. `p95`) placeholders.
   */
  readonly meaning: string;
  /** What to do first. */
  readonly firstStep: string;
  /** Where the row comes from. */
  readonly source: string;
  /**
   * Where the source says "depends", or where the row differs from it: the default chosen here, and why.
   * @default - none: the row follows its source as written
   */
  readonly why?: string;
  /**
   * The id of the AWS recommended-alarm entry this row implements (`../aws-recommended-alarms.ts`).
   * @default - none: the row implements no AWS recommended alarm
   */
  readonly implements?: string;
  /**
   * Fields in which the row differs from that entry on purpose; `why` says why. A test keeps this exact.
   * @default - none: the row matches its entry in every field
   */
  readonly differs?: readonly EntryField[];
}

/** A parameter a kind's rows may use in thresholds, with its default and meaning. */
export interface CatalogParam {
  /** The value when the resource and its defaults do not set it, in the unit the parameter's `doc` names. */
  readonly default: number;
  /** What the parameter means, with its unit. */
  readonly doc: string;
}

/** What a service dashboard graphs for a kind: one graph per signal across every resource of that kind. */
export interface DashboardSignal {
  /** The graph's title; `{stat}` shows the statistic in use. */
  readonly title: string;
  /** The metric graphed, in the kind's namespace (or `namespace`). */
  readonly metricName: string;
  /** The statistic graphed, e.g. `Sum` or `p95`. */
  readonly stat: string;
  /** The metric's namespace when it is not the table's. @default the table's */
  readonly namespace?: string;
  /**
   * The values' unit, shown after the title (`Duration p95 (ms)`) and given to renderers that label axes.
   * @default - none: the title carries no unit
   */
  readonly unit?: 'ms' | 's';
  /**
   * A resource parameter drawn as a horizontal line (the smallest value across the graph's resources).
   * @default - none: no line is drawn
   */
  readonly line?: { readonly param: string; readonly label: string };
  /**
   * A row whose statistic the graph follows when an override changes it (`budgets.percentile: p99` makes the
   * budget graph p99 too); the title's `{stat}` shows it. @default the signal's own `stat`
   */
  readonly statOf?: string;
}

/** Prices a cost item can name (keys of the price table's `cloudwatch` section). */
export type KindPriceKey = 'customMetric' | 'standardAlarmMetric';

/**
 * Something AWS bills per monitored resource of a kind besides the alarms (the alarms themselves are priced from
 * the templates): e.g. the per-method metrics a REST API method budget needs, billed as custom metrics.
 */
export interface KindCostItem {
  /** What is billed, in words. */
  readonly item: string;
  /** Units per monitored resource. */
  readonly perResource: number;
  /** The unit `perResource` counts, e.g. `metrics`. */
  readonly unit: string;
  /** The price-table key the unit is billed at. */
  readonly price: KindPriceKey;
  /**
   * `prerequisite`: billed by AWS for what the alarms need (detailed metrics, Container Insights), outside the
   * telemetry's templates, so listed beside the estimate and not in its total. `telemetry`: created by the
   * telemetry's templates.
   */
  readonly billed: 'prerequisite' | 'telemetry';
  /** Why it is billed, with the page that says so. */
  readonly why: string;
}

/** The table of one resource kind: what CloudWatch calls it, its alarm rows, dashboard signals and cost items. */
export interface KindCatalog<K extends string = string> {
  /** The kind's key, as in telemetry.yaml (`lambda`, `sqs`, `restApiMethod`, ...). */
  readonly kind: K;
  /** Human name used in descriptions and dashboards. */
  readonly title: string;
  /** The CloudWatch namespace of the kind's metrics, e.g. `AWS/Lambda`. */
  readonly namespace: string;
  /** Dimension names in the order the resource supplies them. */
  readonly dimensions: readonly string[];
  /** The parameters the rows' thresholds may use, by name. */
  readonly params: Readonly<Record<string, CatalogParam>>;
  /** The alarm rows, in the order they are planned. */
  readonly rows: readonly CatalogRow[];
  /** Graphs on the service dashboard, in order (`[]` for none, e.g. account-wide tables). */
  readonly signals: readonly DashboardSignal[];
  /** What AWS bills per resource besides its alarms (`[]` for nothing). */
  readonly cost: readonly KindCostItem[];
}

/**
 * Where a kind's graphs appear on a service dashboard (CloudWatch and Grafana): sections top to bottom follow a
 * request, then kinds in registry order within a section.
 */
export const DASHBOARD_SECTIONS = ['edge', 'compute', 'data', 'messaging', 'network'] as const;
/** One of `DASHBOARD_SECTIONS`. */
export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Config: the telemetry.yaml entry of a kind.

/** The zod schema of one entry (under `services[].<key>`) and the fields `defaults.<key>` accepts. */
export interface KindSchema {
  /** The schema of one entry under `services[].<key>`. */
  readonly entry: z.ZodType;
  /** Fields also accepted under `defaults.<key>` (an `alarms` key is added for every table's rows). */
  readonly defaults: z.ZodRawShape;
}

/** What an entry's conversion needs from the rest of the config (implemented in `lib/config/to-model.ts`). */
export interface EntryContext<Defaults> {
  /** `defaults.<key>` as validated (`{}` when absent). */
  readonly defaults: Defaults;
  /** Where the entry was declared, e.g. `services[0].lambda[1]` (plus `more`, e.g. `['dlq']`), for messages. */
  origin(...more: ConfigPath): string;
  /** Reports a problem at the entry's path plus `more`; the config is refused with it. */
  issue(more: ConfigPath, message: string): void;
  /** The label: the explicit one, else the AWS name(s); a deploy-time name (a token) needs an explicit label. */
  label(explicit: string | undefined, fallback: string): string;
  /** Whether a value is a CDK token (a deploy-time value from code). */
  isToken(value: string): boolean;
  /** A table's parameter defaults, overlaid with the values given (undefined keeps the default). */
  params(table: KindCatalog, given: Readonly<Record<string, number | undefined>>): Record<string, number>;
  /**
   * The budget parameters of an operation (`budget`, `budgetCritical` from `budgets`), marking it as used so that
   * `budgets.operations` entries without a resource are reported.
   */
  budget(operation: string): { budget: number; budgetCritical: number };
  /**
   * Alarm overrides: `defaults.<key>.alarms` under the entry's own `alarms` (at the entry's path plus `at`).
   * `budget: true` also applies `budgets.percentile` to the budget rows.
   */
  overrides(
    own: Readonly<Record<string, unknown>> | undefined,
    options?: { readonly at?: ConfigPath; readonly budget?: boolean },
  ): Record<string, RowOverride>;
  /** An ARN in the deployment's partition, Region and account, for resources CloudWatch knows by ARN. */
  arn(service: string, resource: string): string;
  /**
   * The Region the alarms deploy to when the config (`env.region`) or the stacks fix it, else undefined
   * (environment-agnostic). Kinds whose metrics live in one Region (CloudFront, Route 53: us-east-1) check it.
   */
  readonly region: string | undefined;
}

/** What account-wide resources need: the overrides of `defaults.account.alarms` and parameter defaults. */
export interface AccountContext {
  readonly overrides: Readonly<Record<string, RowOverride>>;
  params(table: KindCatalog, given: Readonly<Record<string, number | undefined>>): Record<string, number>;
}

/** How a kind reads telemetry.yaml; `T` are the kinds of the resources it makes. */
export interface KindConfig<T extends string, S extends KindSchema> {
  /** The description of `services[].<key>` (and of `defaults.<key>`). */
  readonly doc: string;
  /** Builds the entry schema from the kit (called once, when a config is first validated). */
  readonly schema: (k: SchemaKit) => S;
  /** One validated entry → its monitored resources (the kind's own, then its children). */
  readonly resources: (
    entry: z.output<S['entry']>,
    ctx: EntryContext<Partial<z.output<z.ZodObject<S['defaults']>>>>,
  ) => Array<MonitoredResource<T>>;
  /**
   * Account-wide resources (no dimensions), once per app, from every resource of this kind in the app; `[]`
   * when the kind has none.
   */
  readonly account: (
    resources: ReadonlyArray<MonitoredResource<string>>,
    ctx: AccountContext,
  ) => Array<MonitoredResource<T>>;
}

/** What the construct hook gets besides the construct (implemented in `lib/watch/entry-from-construct.ts`). */
export interface ConstructContext {
  /**
   * The L1 resource of a CloudFormation type behind a construct: the construct itself when it is that L1, else
   * its default child (an L2's), else undefined.
   */
  cfnOf<T = unknown>(construct: IConstruct, cfnType: string): T | undefined;
  /** The L1 resource in the construct's stack that a token refers to (`Ref` or `Fn::GetAtt`), if any. */
  referenced<T = unknown>(construct: IConstruct, token: unknown, cfnType: string): T | undefined;
  /** The label for alarm names: the construct's id (path within its stack when ids repeat), made safe. */
  label(construct: IConstruct): string;
  /** Whether a value is a token (unknown until deploy). */
  isToken(value: unknown): boolean;
  /** A number the template knows (not a token), else undefined. */
  number(value: unknown): number | undefined;
  /** A string the template knows (not a token), else undefined. */
  string(value: unknown): string | undefined;
  /** A value with its tokens resolved to CloudFormation intrinsics (`{ Ref: ... }`), for inspection. */
  resolve(construct: IConstruct, value: unknown): unknown;
  /** Seconds as a config duration (`30s`, `15m`), or undefined for a token or nothing. */
  seconds(value: unknown): string | undefined;
  /**
   * Adds a warning annotation to the construct, or to its L2 when it is an L1 behind one (`id` lets a user
   * acknowledge it), shown once at synth.
   */
  warn(construct: IConstruct, id: string, message: string): void;
}

/** How a kind recognizes its resource among the constructs of a CDK app (L2 or L1). */
export interface ConstructHook<Entry> {
  /** The CloudFormation types this kind recognizes. */
  readonly cfnTypes: readonly string[];
  /**
   * The entry for a construct of this kind (with names from the construct, tokens allowed, and what the construct
   * knows), or undefined when the construct is not one.
   */
  readonly entry: (construct: IConstruct, ctx: ConstructContext) => Entry | undefined;
}

/**
 * One kind: a telemetry.yaml key under a service, its tables (its own first, then its children's), its
 * account-wide tables, its config and its construct hook. Every field is required, so an incomplete kind does
 * not compile.
 */
export interface KindDefinition<K extends string, R extends string, S extends KindSchema> {
  /** The key under `services[]` and `defaults` in telemetry.yaml (and the kind of its first table). */
  readonly key: K;
  /** Where its graphs go on a service dashboard. */
  readonly dashboard: DashboardSection;
  /** Its resources' tables, the kind's own first, then child resources' (routes, operations, dead letters). */
  readonly tables: readonly [KindCatalog<K>, ...Array<KindCatalog<R>>];
  /** Account-wide tables (no dimensions), monitored once per app; `[]` for none. */
  readonly account: ReadonlyArray<KindCatalog<R>>;
  /** How an entry becomes the kind's resources: labels, dimensions and parameters, and the children it brings. */
  readonly config: KindConfig<K | R, S>;
  /** How the constructs create what the entry needs besides alarms (or nothing), and read what a construct knows. */
  readonly construct: ConstructHook<z.input<S['entry']>>;
  /**
   * A realistic entry, the `n`-th of its kind (`n` from 1; names must differ by `n`). It makes
   * `examples/every-kind.yaml` (`npm run examples`: every kind in one config, synthesized in the tests) and the
   * scale test that puts ten of every kind in one app, so a new kind is in both without touching either.
   */
  readonly example: (n: number) => z.input<S['entry']>;
}

/** Any kind, for code that loops over the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKind = KindDefinition<string, string, any>;

/** Declares a kind: checks the definition and keeps its literal types (key, table kinds, entry schema). */
export function defineKind<const K extends string, const R extends string, S extends KindSchema>(
  definition: KindDefinition<K, R, S>,
): KindDefinition<K, R, S> {
  return definition;
}

/** Declares a table, keeping its kind as a literal type. */
export function defineTable<const K extends string>(table: KindCatalog<K>): KindCatalog<K> {
  return table;
}
