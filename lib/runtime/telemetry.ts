/**
 * One runtime instance: what was observed since the last flush, and how to write it. The module-level functions of
 * `cdk-telemetry/runtime` use a default instance built from the environment; tests and applications with special
 * needs create their own.
 *
 * Every public method catches everything: an observation the runtime cannot take is counted as dropped (and written
 * as the `TelemetryDropped` metric at the next flush), never thrown into the application.
 */
import {
  APP_DIMENSIONS,
  APP_METRICS,
  EMF_LIMITS,
  EMF_UNITS,
  OVERFLOW_VALUE,
  appNamespace,
  budgetFor,
  cleanName,
  eventName,
  NAME_PART_CHARS,
  type EmfUnit,
} from '../model/app-metrics';
import { CardinalityGuard } from './cardinality';
import { registerLive, unregisterLive } from './lifecycle';
import { cleanMetadata } from './metadata';
import { resolveOptions, type ResolvedOptions, type TelemetryOptions } from './options';
import { Redactor } from './redact';
import { Series, makeSlot, rootMembers, type Slot } from './series';
import { StreamSink, type TelemetrySink } from './sink';

/** A name: `module.function` (or a function of the default module), or `[module, function]`. */
export type EventName = string | readonly [string, string];

/** Extra dimensions: a few low-cardinality values (a plan, a region, a provider); checked by the guard. */
export type Dimensions = Readonly<Record<string, string | number | boolean>>;

/** Options of `withTelemetry`. */
export interface CallOptions {
  /** Extra dimensions of every call (the base `Module`/`Function` metrics are written too). @default - none */
  readonly dimensions?: Dimensions;
  /** Which thrown errors count as errors (e.g. not a validation error the caller caused). @default - all */
  readonly isError?: (error: unknown) => boolean;
}

/** A measurement of `emitEvent`: a count, or a value with its unit. */
export type Measurement = number | { readonly value: number; readonly unit?: EmfUnit };

/** Options of `emitEvent`. */
export interface EventOptions {
  /** Extra dimensions (the base `Module`/`Function` metrics are written too). @default - none */
  readonly dimensions?: Dimensions;
}

/** A step of a journey. */
export interface JourneyStep {
  /**
   * When the user started the journey (Date, epoch milliseconds or ISO 8601): the stage time is measured from it.
   * @default - none: only `JourneyStageReached` is counted, no stage time
   */
  readonly startedAt?: Date | number | string;
  /** Who, for the event record (filtered like metadata; never a dimension). @default - no event record */
  readonly user?: string;
  /** Anything else worth a log record (filtered). @default - no event record */
  readonly metadata?: unknown;
}

/** Why observations or lines were dropped. */
export const DROP_REASONS = [
  'sinkBusy',
  'sinkError',
  'invalidValue',
  'invalidName',
  'seriesLimit',
  'metricLimit',
  'oversize',
  'stale',
] as const;
/** One of `DROP_REASONS`. */
export type DropReason = (typeof DROP_REASONS)[number];

/** Counters for health checks and tests. */
export interface TelemetryStats {
  /** Flushes that had something to write. */
  readonly flushes: number;
  /** Lines (EMF documents and event records) written. */
  readonly lines: number;
  /** Series in memory. */
  readonly series: number;
  /** Observations waiting for the next flush. */
  readonly buffered: number;
  /** Dropped lines (`sinkBusy`, `sinkError`, `oversize`) and observations (the others), by reason. */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Dimension values written as `Other` (too many distinct values). */
  readonly bucketed: number;
  /** Extra dimensions refused (high cardinality, reserved, too many). */
  readonly refusedDimensions: number;
  /** Faults inside the runtime (a bug, or a sink that throws): counted, never thrown. */
  readonly internalErrors: number;
}

/** A call site of `withTelemetry`: its series, resolved once per instance. */
export class CallSite {
  owner: Telemetry | undefined;
  series: Series | undefined;
  constructor(
    readonly name: EventName,
    readonly options: CallOptions | undefined,
  ) {}
}

const now = () => performance.now();

function errorClassOf(e: unknown): string {
  try {
    if (typeof e === 'object' && e !== null) {
      const n = (e as { name?: unknown }).name;
      const c = (e as { constructor?: { name?: unknown } }).constructor?.name;
      if (typeof n === 'string' && n && n !== 'Error') return cleanName(n, 64);
      if (typeof c === 'string' && c && c !== 'Object') return cleanName(c, 64);
      return 'Error';
    }
    return cleanName(`Thrown${typeof e === 'string' ? 'String' : typeof e}`, 64);
  } catch {
    return 'Error';
  }
}

const UNITS = new Set<string>(EMF_UNITS);
const MAX_VALUE = 1e100;

/** A value CloudWatch accepts (finite, within about ±1e108), rounded to microsecond-like precision. */
function cleanValue(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v > MAX_VALUE || v < -MAX_VALUE) return undefined;
  if (v !== 0 && v < 1e-100 && v > -1e-100) return 0;
  return Number.isInteger(v) ? v : Math.round(v * 1000) / 1000;
}

function epochMs(t: Date | number | string | undefined): number | undefined {
  if (t === undefined) return undefined;
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

const MAX_JOURNEY_MS = 400 * 86_400_000;
const MAX_WARNINGS = 20;

/**
 * One runtime instance: what was observed since the last flush, and how to write it. The module-level functions of
 * `cdk-telemetry/runtime` use a default instance built from the environment; tests and applications with special
 * needs create their own.
 */
export class Telemetry {
  /** Whether observations are recorded at all. */
  readonly enabled: boolean;
  private readonly o: ResolvedOptions;
  private readonly namespace: string;
  private readonly sink: TelemetrySink;
  private readonly redactor: Redactor;
  private readonly guard: CardinalityGuard;
  private readonly seriesByKey = new Map<string, Series>();
  private readonly knownFeatures = new Map<string, Set<string>>();
  private dirty: Series[] = [];
  private records: string[] = [];
  private buffered = 0;
  private depth = 0;
  private windowEnd = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private readonly flushOnReturn: boolean;
  private readonly dropped: Record<DropReason, number> = Object.fromEntries(
    DROP_REASONS.map((r) => [r, 0]),
  ) as Record<DropReason, number>;
  /** Drops not yet written as TelemetryDropped. */
  private unreported: Partial<Record<DropReason, number>> = {};
  private counters = { flushes: 0, lines: 0, bucketed: 0, refused: 0, internal: 0 };
  private warnings = 0;
  private readonly warned = new Set<string>();
  private readonly warnLine: (line: string) => void;

  constructor(options: TelemetryOptions = {}) {
    this.o = resolveOptions(options);
    this.enabled = this.o.enabled;
    this.namespace = appNamespace(this.o.app);
    this.flushOnReturn = this.o.flush === 'invocation';
    this.warnLine =
      options.warn ??
      ((line) => {
        try {
          process.stderr.write(line + '\n');
        } catch {
          // nowhere to report it
        }
      });
    this.sink =
      options.sink ??
      new StreamSink(this.o.limits.maxPendingBytes, undefined, (e) =>
        this.warn('sink', `standard output failed (${(e as Error)?.message ?? e}); metrics are dropped`),
      );
    this.redactor = new Redactor(
      [...this.o.settingsRedact.map((r) => ({ name: r.name, pattern: r.regex })), ...(options.redact ?? [])],
      options.defaultRedaction ?? true,
    );
    this.guard = new CardinalityGuard(
      this.o.limits.maxDimensionValues,
      this.o.limits.maxExtraDimensions,
      this.o.limits.maxSeries,
    );
    for (const p of this.o.problems) this.warn(p, p);
    for (const p of this.redactor.problems) this.warn(p, `redaction rule ignored: ${p}`);
  }

  /** The namespace the metrics go to. */
  get metricNamespace(): string {
    return this.namespace;
  }

  /** The resolved flush mode. */
  get flushMode(): ResolvedOptions['flush'] {
    return this.o.flush;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Instrumented calls (see instrument.ts for the wrapper itself).

  /** Called before an instrumented call. */
  enter(): void {
    if (this.flushOnReturn) this.depth++;
  }

  /** Called when an instrumented call returned, threw, or settled. */
  exit(site: CallSite, ms: number, error: unknown, threw: boolean): void {
    try {
      if (site.owner !== this || !site.series) {
        site.series = this.functionSeries(site.name, site.options?.dimensions);
        site.owner = this;
      }
      const s = site.series;
      if (s) {
        let failed = threw;
        if (threw && site.options?.isError) {
          try {
            failed = site.options.isError(error) !== false;
          } catch {
            failed = true;
          }
        }
        this.beforeRecord();
        this.touch(s);
        const v = Math.round(ms * 1000) / 1000;
        s.slots[0].values.push(v);
        if (failed) {
          s.slots[1].sum++;
          this.countErrorClass(s, error);
        }
        if (v > s.budgetMs) s.slots[2].sum++;
        this.buffered++;
      }
    } catch (e) {
      this.internal(e);
    }
    if (this.flushOnReturn && --this.depth <= 0) {
      this.depth = 0;
      this.flush();
    } else if (this.buffered >= this.o.limits.maxBufferedValues) this.flush(); // a long invocation, or a container
  }

  /** Observes a promise returned by an instrumented call; returns the promise the caller gets. */
  settle<R>(site: CallSite, start: number, p: PromiseLike<unknown>): R {
    try {
      return p.then(
        (v) => {
          this.exit(site, now() - start, undefined, false);
          return v;
        },
        (e: unknown) => {
          this.exit(site, now() - start, e, true);
          throw e;
        },
      ) as R;
    } catch {
      this.exit(site, now() - start, undefined, false);
      return p as R;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Events, KPIs, journeys.

  /** See `emitEvent` in index.ts. */
  emitEvent(
    name: EventName,
    measurements: Readonly<Record<string, Measurement>>,
    metadata?: unknown,
    options?: EventOptions,
  ): void {
    if (!this.enabled) return;
    try {
      const n = eventName(name, this.o.service);
      const extra = this.checkDimensions(`ev:${n.key}`, options?.dimensions);
      const s = this.series(`ev|${n.key}|${extraKey(extra)}`, () =>
        this.makeSeries(
          `ev|${n.key}|${extraKey(extra)}`,
          [APP_DIMENSIONS.module, APP_DIMENSIONS.function],
          [
            [APP_DIMENSIONS.module, n.module],
            [APP_DIMENSIONS.function, n.function],
          ],
          extra,
        ),
      );
      const written: Record<string, number> = Object.create(null);
      let keys: string[] = [];
      try {
        keys = Object.keys(measurements ?? {});
      } catch {
        this.drop('invalidValue');
      }
      if (keys.length > this.o.limits.maxMeasurements) {
        this.drop('metricLimit', keys.length - this.o.limits.maxMeasurements);
        keys = keys.slice(0, this.o.limits.maxMeasurements);
      }
      if (s) this.beforeRecord();
      for (const key of keys) {
        let raw: unknown;
        let unitRaw: unknown;
        try {
          const m = (measurements as Record<string, unknown>)[key];
          raw = typeof m === 'object' && m !== null ? (m as { value?: unknown }).value : m;
          unitRaw = typeof m === 'object' && m !== null ? (m as { unit?: unknown }).unit : undefined;
        } catch {
          raw = undefined;
        }
        const value = cleanValue(raw);
        const metric = cleanName(key, EMF_LIMITS.metricNameChars);
        if (value === undefined) {
          this.drop('invalidValue');
          continue;
        }
        if (!s) continue;
        if (isReservedMember(metric, extra)) {
          this.drop('invalidName');
          this.warn(
            `name:${metric}`,
            `measurement "${metric}" is a reserved name (a dimension); it was dropped`,
          );
          continue;
        }
        let slot = s.bySlotName.get(metric);
        if (!slot) {
          if (s.slots.length >= this.o.limits.maxMeasurements) {
            this.drop('metricLimit');
            continue;
          }
          const unit = typeof unitRaw === 'string' && UNITS.has(unitRaw) ? (unitRaw as EmfUnit) : 'Count';
          slot = s.addSlot(makeSlot(metric, unit, 'samples'));
        }
        this.touch(s);
        slot.values.push(value);
        this.buffered++;
        written[metric] = value;
      }
      if (metadata !== undefined) {
        this.record('event', {
          event: n.key,
          [APP_DIMENSIONS.module]: n.module,
          [APP_DIMENSIONS.function]: n.function,
          measurements: written,
          metadata: this.metadata(metadata),
        });
      }
    } catch (e) {
      this.internal(e);
    }
    this.afterRecord();
  }

  /** `kpi.count`: adds `n` to a business counter. */
  kpiCount(kpi: string, n = 1, dimensions?: Dimensions): void {
    this.kpiObserve(kpi, 'kpiCount', n, dimensions);
  }

  /** `kpi.outcome`: one attempt that succeeded or failed. */
  kpiOutcome(kpi: string, ok: boolean, dimensions?: Dimensions): void {
    this.kpiObserve(kpi, 'kpiSuccess', ok ? 1 : 0, dimensions);
  }

  /** `kpi.record`: one measurement (e.g. actions in a session). */
  kpiRecord(kpi: string, value: number, unit?: EmfUnit, dimensions?: Dimensions): void {
    this.kpiObserve(kpi, 'kpiValue', value, dimensions, unit);
  }

  /** `kpi.feature`: one use of a feature. */
  kpiFeature(kpi: string, feature: string, dimensions?: Dimensions): void {
    this.kpiObserve(kpi, 'featureUsed', 1, dimensions, undefined, feature);
  }

  private kpiObserve(
    kpi: string,
    metric: 'kpiCount' | 'kpiSuccess' | 'kpiValue' | 'featureUsed',
    raw: number,
    dimensions: Dimensions | undefined,
    unit?: EmfUnit,
    featureRaw?: string,
  ): void {
    if (!this.enabled) return;
    try {
      const value = cleanValue(raw);
      if (value === undefined) {
        this.drop('invalidValue');
        return;
      }
      const name = cleanName(String(kpi), NAME_PART_CHARS);
      const def = APP_METRICS[metric];
      const base: Array<[string, string]> = [[APP_DIMENSIONS.kpi, name]];
      let family = `kpi:${name}:${def.name}`;
      if (featureRaw !== undefined) {
        const feature = this.feature(name, cleanName(String(featureRaw), NAME_PART_CHARS));
        base.push([APP_DIMENSIONS.feature, feature]);
        family += `:${feature}`;
      }
      const extra = this.checkDimensions(family, dimensions);
      const key = `${family}|${extraKey(extra)}`;
      const s = this.series(key, () => {
        const made = this.makeSeries(key, def.dimensions, base, extra);
        const u = metric === 'kpiValue' && unit && UNITS.has(unit) ? unit : def.unit;
        made?.addSlot(makeSlot(def.name, u, def.values));
        return made;
      });
      if (!s) return;
      this.beforeRecord();
      this.touch(s);
      const slot = s.slots[0];
      if (slot.kind === 'sum') {
        slot.sum += value;
        slot.touched = true;
      } else slot.values.push(value);
      this.buffered++;
    } catch (e) {
      this.internal(e);
    }
    this.afterRecord();
  }

  /** The feature as a dimension value: at most `maxFeatures` per KPI, then `Other`. */
  private feature(kpi: string, feature: string): string {
    let known = this.knownFeatures.get(kpi);
    if (!known) {
      if (this.knownFeatures.size >= this.o.limits.maxSeries) return OVERFLOW_VALUE;
      this.knownFeatures.set(kpi, (known = new Set()));
    }
    if (known.has(feature)) return feature;
    if (known.size < this.o.limits.maxFeatures) {
      known.add(feature);
      return feature;
    }
    this.counters.bucketed++;
    return OVERFLOW_VALUE;
  }

  /** `journey(name).start()`. */
  journeyStart(journey: string, step?: JourneyStep): void {
    if (!this.enabled) return;
    try {
      const j = cleanName(String(journey), NAME_PART_CHARS);
      const s = this.series(`js|${j}`, () => {
        const made = this.makeSeries(
          `js|${j}`,
          APP_METRICS.journeyStarted.dimensions,
          [[APP_DIMENSIONS.journey, j]],
          [],
        );
        made?.addSlot(makeSlot(APP_METRICS.journeyStarted.name, 'Count', 'sum'));
        return made;
      });
      if (s) {
        this.beforeRecord();
        this.touch(s);
        s.slots[0].sum++;
        s.slots[0].touched = true;
        this.buffered++;
      }
      if (step?.user !== undefined || step?.metadata !== undefined) {
        this.record('journey', { journey: j, started: true, ...this.stepRecord(step) });
      }
    } catch (e) {
      this.internal(e);
    }
    this.afterRecord();
  }

  /** `journey(name).reached(stage, step)`. */
  journeyReached(journey: string, stage: string, step?: JourneyStep): void {
    if (!this.enabled) return;
    try {
      const j = cleanName(String(journey), NAME_PART_CHARS);
      const st = cleanName(String(stage), NAME_PART_CHARS);
      const key = `jr|${j}|${st}`;
      const s = this.series(key, () => {
        const made = this.makeSeries(
          key,
          APP_METRICS.journeyStageReached.dimensions,
          [
            [APP_DIMENSIONS.journey, j],
            [APP_DIMENSIONS.stage, st],
          ],
          [],
        );
        made?.addSlot(makeSlot(APP_METRICS.journeyStageReached.name, 'Count', 'sum'));
        made?.addSlot(makeSlot(APP_METRICS.journeyStageTime.name, 'Seconds', 'samples'));
        return made;
      });
      let elapsedSeconds: number | undefined;
      const started = epochMs(step?.startedAt);
      if (started !== undefined) {
        const ms = this.o.clock() - started;
        if (ms >= 0 && ms <= MAX_JOURNEY_MS) elapsedSeconds = Math.round(ms) / 1000;
        else this.drop('invalidValue');
      } else if (step?.startedAt !== undefined) this.drop('invalidValue');
      if (s) {
        this.beforeRecord();
        this.touch(s);
        s.slots[0].sum++;
        s.slots[0].touched = true;
        if (elapsedSeconds !== undefined) s.slots[1].values.push(elapsedSeconds);
        this.buffered++;
      }
      if (step?.user !== undefined || step?.metadata !== undefined) {
        this.record('journey', {
          journey: j,
          stage: st,
          elapsedSeconds: elapsedSeconds ?? null,
          ...this.stepRecord(step),
        });
      }
    } catch (e) {
      this.internal(e);
    }
    this.afterRecord();
  }

  private stepRecord(step: JourneyStep | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (step?.user !== undefined) out.user = this.redactor.value(cleanName(String(step.user), 256));
    if (step?.metadata !== undefined) out.metadata = this.metadata(step.metadata);
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Flushing.

  /** Writes everything buffered. Never throws. */
  flush(): void {
    try {
      this.flushNow();
    } catch (e) {
      this.internal(e);
    }
  }

  private flushNow(): void {
    const dirty = this.dirty;
    const records = this.records;
    if (!dirty.length && !records.length && !hasAny(this.unreported)) return;
    this.dirty = [];
    this.records = [];
    this.buffered = 0;
    const ready = this.sinkReady();
    const t = this.o.clock();
    const lines: string[] = [];
    for (const s of dirty) {
      if (ready) {
        const ts = s.firstAt > t + EMF_LIMITS.maxFutureMs ? t : s.firstAt;
        if (t - ts > EMF_LIMITS.maxPastMs - 60_000) this.drop('stale', observations(s));
        else {
          for (const doc of s.documents(ts, this.o.levelMember)) {
            if (doc.length > EMF_LIMITS.documentBytes / 2) this.drop('oversize');
            else lines.push(doc);
          }
          if (s.errorClasses) lines.push(...this.errorClassDocuments(s, ts));
        }
      }
      s.reset();
    }
    if (!ready) {
      this.drop('sinkBusy', dirty.length + records.length);
      return;
    }
    for (const r of records) lines.push(r);
    const report = this.droppedDocument(t);
    if (report) lines.push(report);
    if (!lines.length) return;
    let ok: boolean;
    try {
      ok = this.sink.write(lines.length === 1 ? lines[0] + '\n' : lines.join('\n') + '\n');
    } catch (e) {
      this.drop('sinkError', lines.length);
      this.warn('sinkError', `the sink failed (${(e as Error)?.message ?? e}); metrics are dropped`);
      return;
    }
    if (!ok) {
      this.drop('sinkBusy', lines.length - (report ? 1 : 0));
      return;
    }
    if (report) this.unreported = {};
    this.counters.flushes++;
    this.counters.lines += lines.length;
  }

  private sinkReady(): boolean {
    try {
      return this.sink.ready ? this.sink.ready() : true;
    } catch (e) {
      this.internal(e);
      return false;
    }
  }

  /** Flushes, stops the interval timer, and waits (at most `timeoutMs`) for standard output to take the lines. */
  async shutdown(timeoutMs = 500): Promise<void> {
    this.flush();
    this.stop();
    if (this.sink instanceof StreamSink) await this.sink.written(timeoutMs); // its own stream, stdout by default
  }

  /** Stops the timer and the exit hooks of this instance (buffered observations stay until `flush`). */
  stop(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    unregisterLive(this);
  }

  /** Counters. */
  stats(): TelemetryStats {
    let buffered = 0;
    for (const s of this.dirty) buffered += observations(s);
    return {
      flushes: this.counters.flushes,
      lines: this.counters.lines,
      series: this.seriesByKey.size,
      buffered,
      dropped: { ...this.dropped },
      bucketed: this.counters.bucketed,
      refusedDimensions: this.counters.refused,
      internalErrors: this.counters.internal,
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals.

  private beforeRecord(): void {
    if (this.o.flush !== 'interval' || this.closed) return;
    const t = this.o.clock();
    if (t >= this.windowEnd) {
      if (this.windowEnd) this.flush();
      this.windowEnd = (Math.floor(t / 60_000) + 1) * 60_000;
    }
    if (!this.timer) {
      this.timer = setInterval(() => this.flush(), this.o.flushIntervalMs);
      this.timer.unref?.();
      registerLive(this, this.o.handleSignals);
    }
  }

  private afterRecord(): void {
    if (
      this.buffered >= this.o.limits.maxBufferedValues ||
      this.records.length >= this.o.limits.maxEventRecords
    ) {
      this.flush();
    } else if (this.flushOnReturn && this.depth === 0) this.flush();
  }

  private touch(s: Series): void {
    if (s.firstAt === 0) {
      s.firstAt = this.o.clock();
      this.dirty.push(s);
    }
  }

  private series(key: string, make: () => Series | undefined): Series | undefined {
    const found = this.seriesByKey.get(key);
    if (found) return found;
    if (this.seriesByKey.size >= this.o.limits.maxSeries) {
      this.drop('seriesLimit');
      this.warn('seriesLimit', `series limit reached (${this.o.limits.maxSeries}); new series are dropped`);
      return undefined;
    }
    const made = make();
    if (made) this.seriesByKey.set(key, made);
    return made;
  }

  private makeSeries(
    key: string,
    baseKeys: readonly string[],
    base: ReadonlyArray<readonly [string, string]>,
    extra: ReadonlyArray<readonly [string, string]>,
    members: ReadonlyArray<readonly [string, string | number]> = [],
    budgetMs?: number,
  ): Series {
    const sets: Array<readonly string[]> = [baseKeys];
    if (extra.length) sets.push([...baseKeys, ...extra.map(([k]) => k)]);
    return new Series(
      key,
      {
        namespace: this.namespace,
        dimensionSets: sets,
        members: rootMembers([...base, ...extra, ...members]),
      },
      budgetMs,
    );
  }

  private functionSeries(name: EventName, dimensions: Dimensions | undefined): Series | undefined {
    const n = eventName(name, this.o.service);
    const extra = this.checkDimensions(`fn:${n.key}`, dimensions);
    const key = `fn|${n.key}|${extraKey(extra)}`;
    return this.series(key, () => {
      const budget = budgetFor(this.o.budgets, typeof name === 'string' ? name : [n.module, n.function]);
      const s = this.makeSeries(
        key,
        APP_METRICS.duration.dimensions,
        [
          [APP_DIMENSIONS.module, n.module],
          [APP_DIMENSIONS.function, n.function],
        ],
        extra,
        [['BudgetMs', budget]],
        budget,
      );
      s.addSlot(makeSlot(APP_METRICS.duration.name, 'Milliseconds', 'samples'));
      s.addSlot(makeSlot(APP_METRICS.errors.name, 'Count', 'sum', true));
      s.addSlot(makeSlot(APP_METRICS.overBudget.name, 'Count', 'sum', true));
      s.errorBase = rootMembers([
        [APP_DIMENSIONS.module, n.module],
        [APP_DIMENSIONS.function, n.function],
      ]);
      return s;
    });
  }

  private countErrorClass(s: Series, error: unknown): void {
    let cls = errorClassOf(error);
    s.knownErrorClasses ??= new Set();
    if (!s.knownErrorClasses.has(cls)) {
      if (s.knownErrorClasses.size < this.o.limits.maxErrorClasses) s.knownErrorClasses.add(cls);
      else {
        cls = OVERFLOW_VALUE;
        this.counters.bucketed++;
      }
    }
    s.errorClasses ??= new Map();
    s.errorClasses.set(cls, (s.errorClasses.get(cls) ?? 0) + 1);
  }

  private errorClassDocuments(s: Series, ts: number): string[] {
    const def = APP_METRICS.errorsByClass;
    const head =
      `{"_aws":{"Timestamp":${ts},"CloudWatchMetrics":[{"Namespace":${JSON.stringify(this.namespace)},` +
      `"Dimensions":${JSON.stringify([def.dimensions])},"Metrics":[{"Name":"${def.name}","Unit":"${def.unit}"}]}]}` +
      (this.o.levelMember ? ',' + this.o.levelMember : '') +
      ',' +
      s.errorBase;
    const out: string[] = [];
    for (const [cls, n] of s.errorClasses ?? []) {
      out.push(`${head},"${APP_DIMENSIONS.errorClass}":${JSON.stringify(cls)},"${def.name}":${n}}`);
    }
    return out;
  }

  private droppedDocument(t: number): string | undefined {
    if (!hasAny(this.unreported)) return undefined;
    let total = 0;
    for (const v of Object.values(this.unreported)) total += v ?? 0;
    const def = APP_METRICS.telemetryDropped;
    return (
      `{"_aws":{"Timestamp":${t},"CloudWatchMetrics":[{"Namespace":${JSON.stringify(this.namespace)},` +
      `"Dimensions":[[]],"Metrics":[{"Name":"${def.name}","Unit":"${def.unit}"}]}]}` +
      (this.o.levelMember ? ',' + this.o.levelMember : '') +
      `,"reasons":${JSON.stringify(this.unreported)},"${def.name}":${total}}`
    );
  }

  private checkDimensions(
    family: string,
    dims: Dimensions | undefined,
  ): ReadonlyArray<readonly [string, string]> {
    if (!dims) return [];
    const r = this.guard.check(family, dims);
    this.counters.bucketed += r.bucketed;
    for (const [key, why] of r.refused) {
      this.counters.refused++;
      this.warn(
        `dim:${key}`,
        why === 'key' || why === 'value'
          ? `dimension "${key}" looks like a per-user or per-request value and is not used as a dimension (pass it as metadata)`
          : why === 'reserved'
            ? `dimension "${key}" is a reserved name and is not used`
            : why === 'count'
              ? `dimension "${key}" is over the limit of ${this.o.limits.maxExtraDimensions} extra dimensions and is not used`
              : `dimension "${key}" is not a string, number or boolean and is not used`,
      );
    }
    return r.kept;
  }

  private metadata(m: unknown): unknown {
    const c = cleanMetadata(m, this.redactor, {
      depth: 4,
      entries: 50,
      stringChars: 1024,
      totalChars: this.o.limits.maxMetadataChars,
    });
    return c.truncated && typeof c.value === 'object' && c.value !== null && !Array.isArray(c.value)
      ? { ...(c.value as object), _truncated: true }
      : c.value;
  }

  /** Adds an event record (a JSON log line, not a metric): `{"telemetry":"event"|"journey","time":...}`. */
  private record(kind: 'event' | 'journey', body: Record<string, unknown>): void {
    let line: string;
    try {
      line = JSON.stringify({ telemetry: kind, time: new Date(this.o.clock()).toISOString(), ...body });
    } catch {
      this.drop('invalidValue');
      return;
    }
    if (line.length > EMF_LIMITS.documentBytes / 2) {
      this.drop('oversize');
      return;
    }
    this.records.push(this.o.levelMember ? `{${this.o.levelMember},${line.slice(1)}` : line);
  }

  private drop(reason: DropReason, n = 1): void {
    if (n <= 0) return;
    this.dropped[reason] += n;
    this.unreported[reason] = (this.unreported[reason] ?? 0) + n;
  }

  private internal(e: unknown): void {
    this.counters.internal++;
    this.warn('internal', `internal error, ignored: ${(e as Error)?.message ?? String(e)}`);
  }

  private warn(key: string, message: string): void {
    if (this.warned.has(key) || this.warnings >= MAX_WARNINGS) return;
    this.warned.add(key);
    this.warnings++;
    try {
      this.warnLine(`cdk-telemetry: ${message}`);
    } catch {
      // nowhere to report it
    }
  }
}

function extraKey(extra: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (const [k, v] of extra) out += `${k}=${v};`;
  return out;
}

function isReservedMember(name: string, extra: ReadonlyArray<readonly [string, string]>): boolean {
  return (
    name === APP_DIMENSIONS.module ||
    name === APP_DIMENSIONS.function ||
    name === '_aws' ||
    name === 'level' ||
    extra.some(([k]) => k === name)
  );
}

function observations(s: Series): number {
  let n = 0;
  for (const slot of s.slots)
    n += slot.kind === 'sum' ? (slot.touched || slot.always ? 1 : 0) : slot.values.length;
  return n;
}

function hasAny(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

export type { Slot };
