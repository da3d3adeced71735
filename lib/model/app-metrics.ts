/**
 * The application-metrics contract: every metric the runtime (`cdk-telemetry/runtime`) writes, with its namespace,
 * name, unit and dimension sets, and the settings that travel from telemetry.yaml to the running code (budgets,
 * redaction rules). The runtime imports this module to write its documents; the alarm and dashboard side imports
 * it to watch them. One definition, so an alarm can never watch a metric the runtime does not write.
 *
 * Pure data and pure functions: no CDK, no zod, no Node built-ins (the runtime loads it in every Lambda cold start).
 * The table of metrics is also in `lib/runtime/README.md`; a test keeps the two identical.
 */
import type { MetricId } from './alarm-spec';

// ---------------------------------------------------------------------------------------------------------------
// Embedded Metric Format limits (CloudWatch User Guide, "Specification: Embedded metric format", and the limits the
// AWS client libraries enforce: aws-embedded-metrics-node src/Constants.ts, Powertools metrics constants).

export const EMF_LIMITS = {
  /** MetricDefinition objects in one directive. */
  metricsPerDocument: 100,
  /** Values in one metric's array. */
  valuesPerMetric: 100,
  /** Dimension keys in one DimensionSet. */
  dimensionsPerSet: 30,
  /** Characters of a dimension key. */
  dimensionNameChars: 250,
  /** Characters of a dimension value. */
  dimensionValueChars: 1024,
  /** Characters of a metric name (the spec's JSON schema says 255; the libraries allow up to 1024). */
  metricNameChars: 255,
  /** Characters of a namespace. */
  namespaceChars: 255,
  /** CloudWatch drops metrics whose timestamp is more than 14 days old... */
  maxPastMs: 14 * 24 * 3_600_000,
  /** ...or more than 2 hours in the future. */
  maxFutureMs: 2 * 3_600_000,
  /** A log event: 256 KB in Lambda (and the spec's limit for EMF documents). */
  documentBytes: 256 * 1024,
} as const;

/** Units an EMF MetricDefinition may carry (CloudWatch MetricDatum units). */
export const EMF_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;
/** One of `EMF_UNITS`: a unit CloudWatch accepts in an embedded metric format document. */
export type EmfUnit = (typeof EMF_UNITS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Names.

/** The namespace of an application's metrics: `cdk-telemetry/<app>`. */
export function appNamespace(app: string): string {
  return `cdk-telemetry/${cleanName(app, EMF_LIMITS.namespaceChars - 'cdk-telemetry/'.length)}`;
}

/** Dimension keys the runtime writes. */
export const APP_DIMENSIONS = {
  module: 'Module',
  function: 'Function',
  errorClass: 'ErrorClass',
  journey: 'Journey',
  stage: 'Stage',
  kpi: 'Kpi',
  feature: 'Feature',
} as const;

/** What CloudWatch accepts as a dimension value or name part: printable ASCII, trimmed, bounded, never empty. */
export function cleanName(text: string, max = 255): string {
  let out = '';
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text.charCodeAt(i);
    out += c >= 0x20 && c <= 0x7e ? text[i] : '_';
  }
  out = out.trim();
  return out.length ? out : '_';
}

/** Longest module or function name part, in characters. */
export const NAME_PART_CHARS = 128;

/** The module a name without a module part belongs to when no service is configured. */
export const DEFAULT_MODULE = 'app';

/**
 * An event name, `module.function` (the app is the namespace): split at the first dot, so `tasks.export.pdf` is
 * function `export.pdf` of module `tasks`. A name without a dot belongs to `defaultModule` (the service, when the
 * settings name one). The runtime and the alarm side both call this, so their dimensions match.
 */
export function eventName(
  name: string | readonly [string, string],
  defaultModule = DEFAULT_MODULE,
): { readonly module: string; readonly function: string; readonly key: string } {
  let module: string;
  let fn: string;
  if (typeof name === 'string') {
    const dot = name.indexOf('.');
    module = dot > 0 ? name.slice(0, dot) : defaultModule;
    fn = dot > 0 ? name.slice(dot + 1) : name;
  } else {
    module = String(name[0]);
    fn = String(name[1]);
  }
  module = cleanName(module, NAME_PART_CHARS);
  fn = cleanName(fn, NAME_PART_CHARS);
  return { module, function: fn, key: `${module}.${fn}` };
}

// ---------------------------------------------------------------------------------------------------------------
// The metrics.

/** One metric the runtime writes. */
export interface AppMetricDefinition {
  /** The CloudWatch metric name. */
  readonly name: string;
  /** The unit written in the document (`KpiValue`: the unit the application gives, `None` by default). */
  readonly unit: EmfUnit;
  /** The dimension set every datapoint carries. Extra dimensions add a second set; this one is always written. */
  readonly dimensions: readonly string[];
  /**
   * `samples`: every observation is a value (percentiles, Average and SampleCount mean something); `sum`: one
   * value per flush, the count of what happened since the last flush (use Sum).
   */
  readonly values: 'samples' | 'sum';
  /** The statistic alarms and dashboards should use. */
  readonly statistic: string;
  /** Which runtime call writes it. */
  readonly writtenBy: string;
  /** What it means. */
  readonly description: string;
}

const FN = [APP_DIMENSIONS.module, APP_DIMENSIONS.function] as const;

/**
 * Every metric the runtime writes, in the namespace {@link appNamespace}. `emitEvent` measurements are the
 * exception: their names are the application's own, written with the `Module` and `Function` dimensions.
 */
export const APP_METRICS = {
  duration: {
    name: 'Duration',
    unit: 'Milliseconds',
    dimensions: FN,
    values: 'samples',
    statistic: 'p95',
    writtenBy: 'withTelemetry',
    description: 'How long each call took, success or error. Its p95 is compared with the budget.',
  },
  errors: {
    name: 'Errors',
    unit: 'Count',
    dimensions: FN,
    values: 'sum',
    statistic: 'Sum',
    writtenBy: 'withTelemetry',
    description:
      'Calls that threw or rejected (0 when none did). Error rate: 100 * Errors (Sum) / Duration (SampleCount).',
  },
  errorsByClass: {
    name: 'Errors',
    unit: 'Count',
    dimensions: [...FN, APP_DIMENSIONS.errorClass],
    values: 'sum',
    statistic: 'Sum',
    writtenBy: 'withTelemetry',
    description:
      'The same errors by error class (the error name, at most 20 per function; the rest as `Other`). Written only when errors happened.',
  },
  overBudget: {
    name: 'OverBudget',
    unit: 'Count',
    dimensions: FN,
    values: 'sum',
    statistic: 'Sum',
    writtenBy: 'withTelemetry',
    description: 'Calls that took longer than their budget (0 when none did).',
  },
  journeyStarted: {
    name: 'JourneyStarted',
    unit: 'Count',
    dimensions: [APP_DIMENSIONS.journey],
    values: 'sum',
    statistic: 'Sum',
    writtenBy: "journey('j').start()",
    description: 'Users who started the journey: the denominator of its funnel.',
  },
  journeyStageReached: {
    name: 'JourneyStageReached',
    unit: 'Count',
    dimensions: [APP_DIMENSIONS.journey, APP_DIMENSIONS.stage],
    values: 'sum',
    statistic: 'Sum',
    writtenBy: "journey('j').reached('stage')",
    description: 'Users who reached the stage. Conversion: JourneyStageReached / JourneyStarted.',
  },
  journeyStageTime: {
    name: 'JourneyStageTime',
    unit: 'Seconds',
    dimensions: [APP_DIMENSIONS.journey, APP_DIMENSIONS.stage],
    values: 'samples',
    statistic: 'p90',
    writtenBy: "journey('j').reached('stage')",
    description:
      'Time from the start of the journey to the stage; the last stage gives the total. Compared with the stage targets.',
  },
  kpiCount: {
    name: 'KpiCount',
    unit: 'Count',
    dimensions: [APP_DIMENSIONS.kpi],
    values: 'sum',
    statistic: 'Sum',
    writtenBy: "kpi.count('k', n)",
    description: 'A business counter, e.g. tasks created.',
  },
  kpiSuccess: {
    name: 'KpiSuccess',
    unit: 'None',
    dimensions: [APP_DIMENSIONS.kpi],
    values: 'samples',
    statistic: 'Average',
    writtenBy: "kpi.outcome('k', ok)",
    description: '1 per success, 0 per failure: Average is the success rate, SampleCount the attempts.',
  },
  featureUsed: {
    name: 'FeatureUsed',
    unit: 'Count',
    dimensions: [APP_DIMENSIONS.kpi, APP_DIMENSIONS.feature],
    values: 'sum',
    statistic: 'Sum',
    writtenBy: "kpi.feature('k', 'feature')",
    description: 'Uses of a feature (adoption), by feature (at most 50 per KPI; the rest as `Other`).',
  },
  kpiValue: {
    name: 'KpiValue',
    unit: 'None',
    dimensions: [APP_DIMENSIONS.kpi],
    values: 'samples',
    statistic: 'Average',
    writtenBy: "kpi.record('k', value)",
    description: 'A business measurement per occurrence, e.g. actions per session.',
  },
  telemetryDropped: {
    name: 'TelemetryDropped',
    unit: 'Count',
    dimensions: [],
    values: 'sum',
    statistic: 'Sum',
    writtenBy: 'the runtime itself',
    description:
      'Observations the runtime dropped (stdout blocked, a value out of range, a limit reached); the document says why.',
  },
} as const satisfies Readonly<Record<string, AppMetricDefinition>>;

export type AppMetricKey = keyof typeof APP_METRICS;

/** The ErrorClass value for classes past the per-function limit, and other overflow buckets. */
export const OVERFLOW_VALUE = 'Other';

/** A metric of an instrumented function, for an alarm or a dashboard. */
export function functionMetric(
  app: string,
  name: string | readonly [string, string],
  metric: 'duration' | 'errors' | 'overBudget',
  defaultModule?: string,
): MetricId {
  const n = eventName(name, defaultModule);
  return {
    namespace: appNamespace(app),
    metricName: APP_METRICS[metric].name,
    dimensions: { [APP_DIMENSIONS.module]: n.module, [APP_DIMENSIONS.function]: n.function },
  };
}

/** A journey metric: `journeyStarted` (no stage) or a stage's `journeyStageReached` / `journeyStageTime`. */
export function journeyMetric(
  app: string,
  journey: string,
  metric: 'journeyStarted' | 'journeyStageReached' | 'journeyStageTime',
  stage?: string,
): MetricId {
  const dimensions: Record<string, string> = {
    [APP_DIMENSIONS.journey]: cleanName(journey, NAME_PART_CHARS),
  };
  if (metric !== 'journeyStarted') dimensions[APP_DIMENSIONS.stage] = cleanName(stage ?? '', NAME_PART_CHARS);
  return { namespace: appNamespace(app), metricName: APP_METRICS[metric].name, dimensions };
}

/** A KPI metric; `featureUsed` takes the feature. */
export function kpiMetric(
  app: string,
  kpi: string,
  metric: 'kpiCount' | 'kpiSuccess' | 'featureUsed' | 'kpiValue',
  feature?: string,
): MetricId {
  const dimensions: Record<string, string> = { [APP_DIMENSIONS.kpi]: cleanName(kpi, NAME_PART_CHARS) };
  if (metric === 'featureUsed')
    dimensions[APP_DIMENSIONS.feature] = cleanName(feature ?? '', NAME_PART_CHARS);
  return { namespace: appNamespace(app), metricName: APP_METRICS[metric].name, dimensions };
}

// ---------------------------------------------------------------------------------------------------------------
// Settings: what telemetry.yaml tells the running code.

/** The environment variable that carries {@link RuntimeSettings} to a function or container. */
export const RUNTIME_SETTINGS_ENV = 'CDK_TELEMETRY_RUNTIME';

/** Longest encoded settings: Lambda allows 4 KB for all of a function's variables together. */
export const RUNTIME_SETTINGS_MAX_BYTES = 2048;

/** A budget for every call with no budget of its own (the config's `budgets.default`). */
export const DEFAULT_BUDGET_MS = 200;

/** What the runtime needs from telemetry.yaml. */
export interface RuntimeSettings {
  /** The config's `app`: the namespace. */
  readonly app: string;
  /** The module of names without a dot (a service of the config). @default 'app' */
  readonly service?: string;
  /** Budgets in milliseconds: the default and per operation (the config's `budgets`). */
  readonly budgets: {
    readonly defaultMs: number;
    readonly operations: ReadonlyMap<string, number>;
  };
  /** Extra redaction rules (the config's `logs.dataProtection.custom`): name and regular expression. */
  readonly redact: ReadonlyArray<{ readonly name: string; readonly regex: string }>;
}

/**
 * The wire form of {@link RuntimeSettings}: the value of {@link RUNTIME_SETTINGS_ENV}, and the object a generated
 * settings module exports. JSON; pairs instead of objects, so no key can be `__proto__`.
 *
 * ```json
 * {"v":1,"app":"sophie","service":"api","budget":200,"ops":[["auth",50],["GET /tasks",150]],"redact":[["TaskShareToken","tsk_[A-Za-z0-9]{32}"]]}
 * ```
 */
export interface RuntimeSettingsWire {
  /** The wire format's version. */
  readonly v: 1;
  /** The config's `app`: the namespace. */
  readonly app: string;
  /** The module of names without a dot. @default 'app' */
  readonly service?: string;
  /** The default latency budget, in milliseconds. */
  readonly budget: number;
  /**
   * Per-operation budgets in milliseconds, as `[operation, ms]` pairs. @default - none: every operation has the default
   * budget
   */
  readonly ops?: ReadonlyArray<readonly [string, number]>;
  /** Extra redaction rules as `[name, regular expression]` pairs. @default - none */
  readonly redact?: ReadonlyArray<readonly [string, string]>;
}

/** Settings → wire form (an object; `JSON.stringify` it for the environment variable). */
export function settingsToWire(s: RuntimeSettings): RuntimeSettingsWire {
  return {
    v: 1,
    app: s.app,
    ...(s.service ? { service: s.service } : {}),
    budget: s.budgets.defaultMs,
    ...(s.budgets.operations.size ? { ops: [...s.budgets.operations] } : {}),
    ...(s.redact.length ? { redact: s.redact.map((r) => [r.name, r.regex] as const) } : {}),
  };
}

/**
 * The environment variable's value. Throws when it is longer than {@link RUNTIME_SETTINGS_MAX_BYTES}: pass only
 * the operations the function runs (`operations`).
 */
export function encodeRuntimeSettings(s: RuntimeSettings, operations?: readonly string[]): string {
  const only = operations
    ? new Map([...s.budgets.operations].filter(([op]) => operations.includes(op)))
    : s.budgets.operations;
  const text = JSON.stringify(settingsToWire({ ...s, budgets: { ...s.budgets, operations: only } }));
  const bytes = utf8Length(text);
  if (bytes > RUNTIME_SETTINGS_MAX_BYTES) {
    throw new Error(
      `${RUNTIME_SETTINGS_ENV} would be ${bytes} bytes (at most ${RUNTIME_SETTINGS_MAX_BYTES}; Lambda allows 4 KB for all variables): pass the operations this function runs`,
    );
  }
  return text;
}

const isFiniteMs = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1e9;

/**
 * Reads the wire form (a JSON string or the object a generated module exports). Returns the settings, or a sentence
 * saying what is wrong: the runtime never throws over its settings, it warns and uses the defaults.
 */
export function decodeRuntimeSettings(input: unknown): RuntimeSettings | string {
  let w: unknown = input;
  if (typeof input === 'string') {
    if (input.length > 64 * 1024) return 'the settings are longer than 64 KB';
    try {
      w = JSON.parse(input);
    } catch {
      return 'the settings are not JSON';
    }
  }
  if (typeof w !== 'object' || w === null || Array.isArray(w)) return 'the settings are not a JSON object';
  const o = w as Record<string, unknown>;
  if (o.v !== 1) return `settings version ${JSON.stringify(o.v)} is not supported (expected 1)`;
  if (typeof o.app !== 'string' || !o.app) return 'the settings have no "app"';
  if (o.service !== undefined && (typeof o.service !== 'string' || !o.service))
    return '"service" must be a non-empty string';
  if (!isFiniteMs(o.budget)) return '"budget" must be a number of milliseconds';
  const operations = new Map<string, number>();
  if (o.ops !== undefined) {
    if (!Array.isArray(o.ops) || o.ops.length > 10_000)
      return '"ops" must be a list of [operation, ms] pairs';
    for (const p of o.ops as unknown[]) {
      if (!Array.isArray(p) || typeof p[0] !== 'string' || !isFiniteMs(p[1]))
        return '"ops" must be a list of [operation, ms] pairs';
      operations.set(p[0], p[1]);
    }
  }
  const redact: Array<{ name: string; regex: string }> = [];
  if (o.redact !== undefined) {
    if (!Array.isArray(o.redact) || o.redact.length > 100)
      return '"redact" must be a list of [name, regex] pairs';
    for (const p of o.redact as unknown[]) {
      if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'string' || p[1].length > 1000)
        return '"redact" must be a list of [name, regex] pairs';
      redact.push({ name: p[0], regex: p[1] });
    }
  }
  return {
    app: o.app,
    ...(o.service ? { service: o.service as string } : {}),
    budgets: { defaultMs: o.budget, operations },
    redact,
  };
}

/**
 * The budget of a call, in milliseconds: the operation named exactly like the call (`auth.login`, `GET /tasks`),
 * else its module (`auth` covers every `auth.*` call), else the default. The alarm side uses the same lookup.
 */
export function budgetFor(
  budgets: RuntimeSettings['budgets'],
  name: string | readonly [string, string],
): number {
  const full = typeof name === 'string' ? name : `${name[0]}.${name[1]}`;
  const exact = budgets.operations.get(full);
  if (exact !== undefined) return exact;
  const dot = full.indexOf('.');
  if (dot > 0) {
    const module = budgets.operations.get(full.slice(0, dot));
    if (module !== undefined) return module;
  }
  return budgets.defaultMs;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
