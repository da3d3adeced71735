/**
 * A seeded model of an application's traffic, minute by minute, and the CloudWatch metrics it would publish: the
 * history a replay of the application's own alarms reads ({@link SyntheticHistory} is a `HistorySource`).
 *
 * The resources come from the alarms themselves (every metric an alarm or its math reads, by namespace and
 * dimensions): Lambda functions, API Gateway APIs and their routes, DynamoDB tables and their operations, SQS
 * queues (dead-letter queues known by their alarms' `deadLetters` signal), Synthetics canaries (one run per schedule
 * period, the shortest period of their alarms) and the account. Healthy traffic is
 * diurnal (a few requests a minute at night, hundreds at the afternoon peak, less at weekends), about 0.1 % of
 * requests fail, 2 % get a 4XX, and latencies are log-normal with their p95 at half the lowest latency threshold
 * the alarms set on the metric (within budget). Incidents ({@link Effect}) change chosen resources over chosen
 * minutes. Each resource and minute draws from its own random stream, so a run with an incident differs from the
 * healthy run only where the incident is.
 */
import type { AnyAlarmSpec, MetricId } from '../../model/alarm-spec';
import type { Grid } from '../evaluate/grid';
import type { HistorySource, MetricQuery, SeriesData } from '../evaluate/replay';
import { aggregate, parseStatistic } from '../evaluate/statistics';
import { binomial, normal, poisson, streamFor } from './random';

/** What a resource is, as its metrics tell. */
export type ResourceKind =
  'function' | 'api' | 'route' | 'table' | 'tableOperation' | 'queue' | 'canary' | 'account';

/** One modelled resource. */
export interface ModelResource {
  readonly index: number;
  readonly kind: ResourceKind;
  readonly namespace: string;
  /** The identifying dimensions (without Resource/Method or Operation for a route or an operation). */
  readonly key: string;
  /** For people: the function, `api/stage`, `GET /tasks`, the table, the queue. */
  readonly name: string;
  /** The service of the alarms that read it (`account` for account metrics). */
  readonly service: string;
  /** Routes and table operations: their API or table. */
  parent?: ModelResource;
  /** A queue whose alarms watch dead letters. */
  deadLetter: boolean;
  /** Requests (arrivals for a queue) a minute at the weekday peak and at night. */
  peak: number;
  night: number;
  /** Log-normal latency: median in ms and sigma. */
  medianMs: number;
  readonly sigma: number;
  /** A canary: minutes between runs (the shortest period of its alarms). */
  runEvery: number;
}

/** What an incident does to a resource over its minutes (every field optional; absent = healthy). */
export interface Effect {
  /** Share of requests that fail (5XX, function errors, DynamoDB system errors, a canary's runs). */
  readonly errorShare?: number;
  /** Latency multiplied by this. */
  readonly latencyFactor?: number;
  /** Traffic multiplied by this. */
  readonly rateFactor?: number;
  /** Traffic set to this many requests a minute. */
  readonly rate?: number;
  /** Share of requests throttled (Lambda Throttles, DynamoDB throttle events). */
  readonly throttleShare?: number;
  /** A queue's consumers stop: messages pile up and age. */
  readonly stalled?: boolean;
  /** Messages that land in a dead-letter queue each minute. */
  readonly deadLetters?: number;
}

/** An effect on some resources over a span of minutes of the model. */
export interface AppliedEffect {
  readonly resources: readonly ModelResource[];
  /** First minute (index into the model's minutes) and the number of minutes. */
  readonly start: number;
  readonly minutes: number;
  readonly effect: Effect;
}

export interface TrafficOptions {
  /** Epoch seconds of the first minute (a multiple of 60; midnight UTC reads best). */
  readonly start: number;
  readonly minutes: number;
  readonly seed: number;
  /** Multiplies every resource's traffic (a smaller week for fast tests). @default 1 */
  readonly scale?: number;
}

const ROUTE_DIMS = new Set(['Resource', 'Method']);
const OPERATION_DIMS = new Set(['Operation']);
const LATENCY_METRICS = new Set(['Duration', 'Latency', 'IntegrationLatency', 'SuccessfulRequestLatency']);
/** A healthy p95 is this share of the lowest latency threshold on the metric. */
const HEALTHY_P95_SHARE = 0.5;
/** exp(1.645 * sigma) for the default sigma: p95 over median. */
const SIGMA = 0.5;
const P95_OVER_MEDIAN = Math.exp(1.645 * SIGMA);
/** Looked up once, for the per-request loops (see random.ts). */
const { exp, floor, ceil, trunc, sin, PI, min: least, max: most } = Math;

const dimsKey = (dims: Readonly<Record<string, string>>, drop: ReadonlySet<string>) =>
  Object.keys(dims)
    .filter((k) => !drop.has(k))
    .sort()
    .map((k) => `${k}=${dims[k]}`)
    .join(',');

function classify(
  m: MetricId,
): { kind: ResourceKind; key: string; parentKey?: string; name: string } | undefined {
  const d = m.dimensions;
  const has = (k: string) => Object.hasOwn(d, k);
  const ns = m.namespace;
  if (ns === 'AWS/Lambda')
    return has('FunctionName')
      ? { kind: 'function', key: `${ns} ${dimsKey(d, new Set())}`, name: d.FunctionName }
      : Object.keys(d).length === 0
        ? { kind: 'account', key: `${ns} account`, name: 'account' }
        : undefined;
  if (ns === 'AWS/ApiGateway' && (has('ApiName') || has('ApiId'))) {
    const api = `${ns} ${dimsKey(d, ROUTE_DIMS)}`;
    const apiName = `${d.ApiName ?? d.ApiId}${has('Stage') ? `/${d.Stage}` : ''}`;
    if (has('Resource') && has('Method'))
      return {
        kind: 'route',
        key: `${ns} ${dimsKey(d, new Set())}`,
        parentKey: api,
        name: `${d.Method} ${d.Resource}`,
      };
    return { kind: 'api', key: api, name: apiName };
  }
  if (ns === 'AWS/DynamoDB') {
    if (!has('TableName'))
      return Object.keys(d).length === 0
        ? { kind: 'account', key: `${ns} account`, name: 'account' }
        : undefined;
    const table = `${ns} ${dimsKey(d, OPERATION_DIMS)}`;
    if (has('Operation'))
      return {
        kind: 'tableOperation',
        key: `${ns} ${dimsKey(d, new Set())}`,
        parentKey: table,
        name: `${d.TableName} ${d.Operation}`,
      };
    return { kind: 'table', key: table, name: d.TableName };
  }
  if (ns === 'AWS/SQS' && has('QueueName'))
    return { kind: 'queue', key: `${ns} ${dimsKey(d, new Set())}`, name: d.QueueName };
  if (ns === 'CloudWatchSynthetics' && has('CanaryName'))
    return { kind: 'canary', key: `${ns} ${dimsKey(d, new Set())}`, name: d.CanaryName };
  return undefined;
}

/** Every metric an alarm reads. */
export function alarmMetrics(spec: AnyAlarmSpec): MetricId[] {
  if (spec.type !== 'metric') return [];
  return spec.source.type === 'metric' ? [spec.source.metric] : spec.source.metrics.map((m) => m.metric);
}

/** The lowest latency threshold (ms) the alarms set on each latency metric, by resource key. */
function latencyThresholds(specs: readonly AnyAlarmSpec[]): Map<string, number> {
  const out = new Map<string, number>();
  const note = (m: MetricId, ms: number) => {
    const c = classify(m);
    if (!c || !LATENCY_METRICS.has(m.metricName) || !(ms > 0)) return;
    out.set(c.key, Math.min(out.get(c.key) ?? Infinity, ms));
  };
  for (const s of specs) {
    if (s.type !== 'metric') continue;
    if (s.source.type === 'metric') {
      if (s.comparison.startsWith('GreaterThan')) note(s.source.metric, s.threshold);
    } else {
      for (const m of s.source.metrics) {
        const pr = /^PR\(\s*:\s*(\d+(?:\.\d+)?)\s*\)$/i.exec(m.stat);
        if (pr) note(m.metric, Number(pr[1]));
      }
    }
  }
  return out;
}

/** Default traffic of a resource kind: requests a minute at the peak and at night. */
const TRAFFIC: Record<ResourceKind, { peak: number; night: number }> = {
  api: { peak: 300, night: 4 },
  route: { peak: 0, night: 0 },
  function: { peak: 150, night: 3 },
  table: { peak: 400, night: 6 },
  tableOperation: { peak: 0, night: 0 },
  queue: { peak: 60, night: 1 },
  canary: { peak: 0, night: 0 },
  account: { peak: 0, night: 0 },
};

/**
 * The healthy traffic the model gives the resource a metric belongs to (requests a minute at the weekday peak and
 * at night), for a Lambda function or an API; undefined for others (a route shares its API's traffic).
 */
export function healthyTrafficOf(m: MetricId): { peak: number; night: number } | undefined {
  const c = classify(m);
  return c && (c.kind === 'function' || c.kind === 'api') ? TRAFFIC[c.kind] : undefined;
}

/** Finds the resources of an application from its alarms. */
export function resourcesOf(specs: readonly AnyAlarmSpec[], scale = 1): ModelResource[] {
  const byKey = new Map<string, ModelResource>();
  const thresholds = latencyThresholds(specs);
  const add = (kind: ResourceKind, key: string, name: string, namespace: string, service: string) => {
    let r = byKey.get(key);
    if (r) return r;
    const t = TRAFFIC[kind];
    const limit = thresholds.get(key);
    r = {
      index: byKey.size,
      kind,
      namespace,
      key,
      name,
      service,
      deadLetter: false,
      peak: t.peak * scale,
      night: t.night * scale,
      medianMs:
        limit !== undefined
          ? (limit * HEALTHY_P95_SHARE) / P95_OVER_MEDIAN
          : namespace === 'AWS/DynamoDB'
            ? 4
            : 40,
      sigma: SIGMA,
      runEvery: 1,
    };
    byKey.set(key, r);
    return r;
  };
  const canaryPeriods = new Map<ModelResource, number>();
  for (const s of specs) {
    const service = s.labels?.service ?? 'account';
    for (const m of alarmMetrics(s)) {
      const c = classify(m);
      if (!c) continue;
      const r = add(c.kind, c.key, c.name, m.namespace, service);
      if (c.kind === 'canary' && s.type === 'metric') {
        canaryPeriods.set(r, Math.min(canaryPeriods.get(r) ?? Infinity, s.source.period));
      }
      if (c.parentKey) {
        const parentKind: ResourceKind = c.kind === 'route' ? 'api' : 'table';
        const parentName =
          c.kind === 'route'
            ? `${m.dimensions.ApiName ?? m.dimensions.ApiId}/${m.dimensions.Stage}`
            : m.dimensions.TableName;
        r.parent = add(parentKind, c.parentKey, parentName, m.namespace, service);
      }
      if (s.labels?.signal === 'deadLetters' && c.kind === 'queue') r.deadLetter = true;
    }
  }
  const all = [...byKey.values()];
  for (const [r, period] of canaryPeriods) r.runEvery = Math.max(1, Math.round(period / 60));
  // A function whose healthy latency is seconds (a report builder) is called a few times a minute, not hundreds.
  for (const r of all)
    if (r.kind === 'function' && r.medianMs >= 200) [r.peak, r.night] = [5 * scale, 0.2 * scale];
  // Routes split their API's traffic; an API with routes keeps a fifth of its traffic on routes without alarms.
  for (const r of all) if (r.kind === 'route' || r.kind === 'tableOperation') r.peak = r.night = 0;
  return all;
}

/** The diurnal shape: 0 at night (00:00-06:00), 1 at 15:00 UTC; weekends at 60 %. */
export function diurnal(epochSeconds: number): number {
  // The UTC weekday as Date's getUTCDay() (0 is Sunday) without a Date per call: 1970-01-01 was a Thursday.
  const day = (((floor(trunc(epochSeconds * 1000) / 86_400_000) + 4) % 7) + 7) % 7;
  const hour = (epochSeconds % 86_400) / 3600;
  const shape = most(0, sin((PI * (hour - 6)) / 18)) ** 2;
  return day === 0 || day === 6 ? 0.6 * shape : shape;
}

/** Per-request metrics: per minute a sum and a sample count. */
interface Counted {
  readonly type: 'count';
  readonly sum: Float64Array;
  readonly n: Float64Array;
}
/** Gauges: one datapoint a minute. */
interface Gauge {
  readonly type: 'gauge';
  readonly v: Float64Array;
}
/** Latency samples, one per request, in time order. */
interface Samples {
  readonly type: 'samples';
  readonly times: Float64Array;
  readonly values: Float64Array;
}
type Channel = Counted | Gauge | Samples;

export const BACKGROUND_ERRORS = 0.001;
/** A healthy canary's runs fail this often (a network blip). */
const CANARY_FLAKES = 0.002;
export const CLIENT_ERRORS = 0.02;

/**
 * The metrics of a simulated application over a span of minutes: a `HistorySource` that answers any statistic
 * and period (a whole number of minutes) of the metrics it models, and `undefined` for the others.
 */
export class SyntheticHistory implements HistorySource {
  private readonly channels = new Map<string, Channel>();
  /** Metrics asked for that the model does not simulate (`namespace metricName`). */
  readonly unmodelled = new Set<string>();
  /** Samples simulated by the current pass, merged into the channels when it ends. */
  private readonly fresh = new Map<string, { times: number[]; values: number[] }>();

  /**
   * Simulates the resources over the options' minutes with `effects`; with a `base` (a run of the same resources
   * and options), only the resources the effects touch are simulated again, from their first effect to three
   * hours after their last (a queue drains its backlog in that time), and every other series is the base's.
   */
  constructor(
    readonly resources: readonly ModelResource[],
    readonly options: TrafficOptions,
    readonly effects: readonly AppliedEffect[] = [],
    base?: SyntheticHistory,
  ) {
    if (!base || effects.length === 0) {
      if (base) for (const [k, c] of base.channels) this.channels.set(k, c);
      else this.simulate(0, options.minutes, resources);
      this.merge(0, options.minutes);
      return;
    }
    const touched = new Set<ModelResource>();
    let from = options.minutes;
    let to = 0;
    for (const e of effects) {
      for (const r of e.resources) touched.add(r.parent ?? r);
      from = Math.min(from, e.start);
      to = Math.max(to, e.start + e.minutes + 180);
    }
    from = Math.max(0, from);
    to = Math.min(options.minutes, to);
    const keys = new Set<string>();
    for (const r of this.resources)
      if (touched.has(r.parent ?? r))
        for (const k of base.channels.keys()) if (k.startsWith(`${r.key} `)) keys.add(k);
    const account = this.resources.filter((r) => r.kind === 'account');
    for (const r of account) for (const k of base.channels.keys()) if (k.startsWith(`${r.key} `)) keys.add(k);
    for (const [k, c] of base.channels) {
      if (!keys.has(k) || c.type === 'samples') this.channels.set(k, c);
      else if (c.type === 'count') {
        const copy: Counted = { type: 'count', sum: c.sum.slice(), n: c.n.slice() };
        copy.sum.fill(0, from, to);
        copy.n.fill(0, from, to);
        this.channels.set(k, copy);
      } else this.channels.set(k, { type: 'gauge', v: c.v.slice() });
    }
    this.simulate(from, to, [...touched, ...account]);
    this.merge(from, to);
  }

  /** Replaces the samples of minutes `[from, to)` of every channel the last pass simulated with its own. */
  private merge(from: number, to: number): void {
    const t0 = this.options.start + from * 60;
    const t1 = this.options.start + to * 60;
    for (const [k, seg] of this.fresh) {
      const old = this.channels.get(k) as Samples | undefined;
      const times = old?.times ?? new Float64Array(0);
      const values = old?.values ?? new Float64Array(0);
      const lo = lowerBound(times, t0);
      const hi = lowerBound(times, t1);
      const n = lo + seg.times.length + (times.length - hi);
      const nt = new Float64Array(n);
      const nv = new Float64Array(n);
      nt.set(times.subarray(0, lo));
      nv.set(values.subarray(0, lo));
      nt.set(seg.times, lo);
      nv.set(seg.values, lo);
      nt.set(times.subarray(hi), lo + seg.times.length);
      nv.set(values.subarray(hi), lo + seg.times.length);
      this.channels.set(k, { type: 'samples', times: nt, values: nv });
    }
    this.fresh.clear();
  }

  private count(key: string): Counted {
    let c = this.channels.get(key) as Counted | undefined;
    if (!c) {
      c = {
        type: 'count',
        sum: new Float64Array(this.options.minutes),
        n: new Float64Array(this.options.minutes),
      };
      this.channels.set(key, c);
    }
    return c;
  }
  private gauge(key: string): Gauge {
    let c = this.channels.get(key) as Gauge | undefined;
    if (!c) {
      c = { type: 'gauge', v: new Float64Array(this.options.minutes) };
      this.channels.set(key, c);
    }
    return c;
  }
  private samples(key: string): { times: number[]; values: number[] } {
    let c = this.fresh.get(key);
    if (!c) {
      c = { times: [], values: [] };
      this.fresh.set(key, c);
    }
    return c;
  }

  /** The combined effect on a resource at a minute (later effects override earlier fields). */
  private effectAt(r: ModelResource, minute: number): Effect | undefined {
    let out: Effect | undefined;
    for (const e of this.effects)
      if (minute >= e.start && minute < e.start + e.minutes && e.resources.includes(r))
        out = { ...out, ...e.effect };
    return out;
  }

  /** Simulates `resources` (and the account gauges) over minutes `[from, to)`. */
  private simulate(from: number, to: number, resources: readonly ModelResource[]): void {
    const { start, seed } = this.options;
    const children = new Map<ModelResource, ModelResource[]>();
    for (const r of this.resources)
      if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const queueState = new Map<ModelResource, { backlog: number; stalledSince: number; dead: number }>();
    for (let m = from; m < to; m++) {
      this.minute = m;
      const t = start + m * 60;
      const shape = diurnal(t);
      for (const r of resources) {
        if (r.kind === 'route' || r.kind === 'tableOperation' || r.kind === 'account') continue;
        const random = streamFor(seed, r.index, m);
        const e = this.effectAt(r, m);
        const mean = e?.rate ?? (r.night + (r.peak - r.night) * shape) * (e?.rateFactor ?? 1);
        const attempts = poisson(random, mean);
        const latency = (res: ModelResource, f: number) => res.medianMs * exp(res.sigma * normal(random)) * f;
        if (r.kind === 'function') {
          const throttled = binomial(random, attempts, e?.throttleShare ?? 0);
          const invocations = attempts - throttled;
          const errors = binomial(random, invocations, e?.errorShare ?? BACKGROUND_ERRORS);
          this.addCount(r, 'Invocations', invocations, invocations);
          this.addCount(r, 'Errors', errors, invocations);
          this.addCount(r, 'Throttles', throttled, attempts);
          const s = this.samples(`${r.key} Duration`);
          let busy = 0;
          const factor = e?.latencyFactor ?? 1;
          for (let i = 0; i < invocations; i++) {
            const v = latency(r, factor);
            busy += v;
            s.times.push(t);
            s.values.push(v);
          }
          this.gauge(`${r.key} ConcurrentExecutions`).v[m] = ceil((busy / 60_000) * 1.5);
        } else if (r.kind === 'api') {
          const routes = children.get(r) ?? [];
          const errorsShare = e?.errorShare ?? BACKGROUND_ERRORS;
          const targets = [r, ...routes];
          const routeEffects = routes.map((route) => this.effectAt(route, m));
          // Per target: requests, 5XX, 4XX this minute, and its latency channels.
          const tally = targets.map(() => [0, 0, 0]);
          const latencyOf = targets.map((x) => this.samples(`${x.key} Latency`));
          const integrationOf = targets.map((x) => this.samples(`${x.key} IntegrationLatency`));
          for (let i = 0; i < attempts; i++) {
            // Four fifths of the requests go to the routes with alarms, evenly; the rest elsewhere.
            const pick = routes.length ? floor(random() * routes.length * 1.25) : -1;
            const routed = pick >= 0 && pick < routes.length ? pick : -1;
            const re = routed >= 0 ? routeEffects[routed] : undefined;
            const failed = random() < (re?.errorShare ?? errorsShare) ? 1 : 0;
            const client = !failed && random() < CLIENT_ERRORS ? 1 : 0;
            const at = routed >= 0 ? routes[routed] : r;
            const ms = at.medianMs * exp(at.sigma * normal(random)) * ((re ?? e)?.latencyFactor ?? 1);
            for (const k of routed >= 0 ? [0, routed + 1] : [0]) {
              tally[k][0]++;
              tally[k][1] += failed;
              tally[k][2] += client;
              latencyOf[k].times.push(t);
              latencyOf[k].values.push(ms);
              integrationOf[k].times.push(t);
              integrationOf[k].values.push(ms * 0.9);
            }
          }
          targets.forEach((target, k) => {
            const [n, failed, client] = tally[k];
            this.addCount(target, 'Count', n, n);
            this.addCount(target, '5XXError', failed, n);
            this.addCount(target, '4XXError', client, n);
          });
        } else if (r.kind === 'table') {
          const ops = children.get(r) ?? [];
          const throttles = binomial(random, attempts, e?.throttleShare ?? 0);
          const systemErrors = binomial(random, attempts, e?.errorShare ?? 0);
          this.addCount(r, 'ReadThrottleEvents', Math.round(throttles / 2), attempts);
          this.addCount(r, 'WriteThrottleEvents', throttles - Math.round(throttles / 2), attempts);
          this.addCount(r, 'ThrottledRequests', throttles, attempts);
          this.addCount(r, 'SystemErrors', systemErrors, attempts);
          this.addCount(r, 'UserErrors', 0, attempts);
          const opSamples = ops.map((op) => this.samples(`${op.key} SuccessfulRequestLatency`));
          const opFactor = ops.map((op) => (this.effectAt(op, m) ?? e)?.latencyFactor ?? 1);
          for (let i = 0; i < attempts && ops.length; i++) {
            const k = floor(random() * ops.length);
            opSamples[k].times.push(t);
            opSamples[k].values.push(latency(ops[k], opFactor[k]));
          }
        } else if (r.kind === 'queue') {
          const q = queueState.get(r) ?? { backlog: 0, stalledSince: -1, dead: 0 };
          queueState.set(r, q);
          let visible: number;
          let inFlight: number;
          let age: number;
          if (r.deadLetter) {
            // Dead letters stay until someone redrives them, at the end of the incident.
            q.dead = e?.deadLetters ? q.dead + e.deadLetters : 0;
            visible = Math.floor(q.dead);
            inFlight = 0;
            if (visible > 0 && q.stalledSince < 0) q.stalledSince = m;
            if (visible === 0) q.stalledSince = -1;
            age = visible > 0 ? 60 * (m - q.stalledSince) : 0;
          } else if (e?.stalled) {
            if (q.stalledSince < 0) q.stalledSince = m;
            q.backlog += attempts;
            visible = q.backlog;
            inFlight = 0;
            age = 60 * (m - q.stalledSince) + 30;
          } else {
            // Consumers keep up; after a stall they drain 300 messages a minute.
            q.backlog = Math.max(0, q.backlog - 300);
            if (q.backlog === 0) q.stalledSince = -1;
            visible = q.backlog + poisson(random, attempts * 0.05);
            inFlight = poisson(random, attempts * 0.2);
            age = q.backlog > 0 ? 60 * (m - q.stalledSince) : visible > 0 ? 5 + 40 * random() : 0;
          }
          this.gauge(`${r.key} ApproximateNumberOfMessagesVisible`).v[m] = visible;
          this.gauge(`${r.key} ApproximateNumberOfMessagesNotVisible`).v[m] = inFlight;
          this.gauge(`${r.key} ApproximateAgeOfOldestMessage`).v[m] = age;
          this.addCount(r, 'NumberOfMessagesSent', attempts, 1);
        } else if (r.kind === 'canary' && m % r.runEvery === 0) {
          // One run: SuccessPercent 100 or 0, Failed 1 or 0, its duration.
          const failed = random() < (e?.errorShare ?? CANARY_FLAKES) ? 1 : 0;
          this.addCount(r, 'SuccessPercent', 100 * (1 - failed), 1);
          this.addCount(r, 'Failed', failed, 1);
          const d = this.samples(`${r.key} Duration`);
          d.times.push(t);
          d.values.push(latency(r, e?.latencyFactor ?? 1));
        }
      }
    }
    // Account gauges: the functions' concurrency added up; DynamoDB account capacity a few percent used.
    const functions = this.resources.filter((r) => r.kind === 'function');
    for (const r of resources) {
      if (r.kind !== 'account') continue;
      if (r.namespace === 'AWS/Lambda') {
        const claimed = this.gauge(`${r.key} ClaimedAccountConcurrency`).v;
        const running = this.gauge(`${r.key} ConcurrentExecutions`).v;
        for (let m = from; m < to; m++) {
          let sum = 0;
          for (const f of functions) sum += this.gauge(`${f.key} ConcurrentExecutions`).v[m];
          claimed[m] = running[m] = sum;
        }
      } else {
        const read = this.gauge(`${r.key} AccountProvisionedReadCapacityUtilization`).v;
        const write = this.gauge(`${r.key} AccountProvisionedWriteCapacityUtilization`).v;
        for (let m = from; m < to; m++) {
          read[m] = 2 + 8 * diurnal(start + m * 60);
          write[m] = 1 + 4 * diurnal(start + m * 60);
        }
      }
    }
  }

  /** The minute the simulation is at. */
  private minute = 0;

  /** Adds `sum` over `n` per-request datapoints (0 or 1 each) to a count metric at the current minute. */
  private addCount(r: ModelResource, metric: string, sum: number, n: number): void {
    const c = this.count(`${r.key} ${metric}`);
    c.sum[this.minute] += sum;
    c.n[this.minute] += n;
  }

  series(query: MetricQuery, grid: Grid): SeriesData | undefined {
    const c = classify(query.metric);
    const channel = c && this.channels.get(`${c.key} ${query.metric.metricName}`);
    if (!channel) {
      this.unmodelled.add(`${query.metric.namespace} ${query.metric.metricName}`);
      return undefined;
    }
    if (grid.period % 60 !== 0 || (grid.start - this.options.start) % 60 !== 0) return undefined;
    const stat = parseStatistic(query.stat);
    const width = grid.period / 60;
    const first = (grid.start - this.options.start) / 60;
    const values = new Float64Array(grid.length).fill(NaN);
    const counts = new Float64Array(grid.length);
    if (channel.type === 'samples') {
      const { times, values: v } = channel;
      const lo = lowerBound(times, grid.start);
      const hi = lowerBound(times, grid.start + grid.length * grid.period);
      return aggregate(times.subarray(lo, hi), v.subarray(lo, hi), grid, stat);
    }
    for (let j = 0; j < grid.length; j++) {
      let sum = 0;
      let n = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let k = 0; k < width; k++) {
        const m = first + j * width + k;
        if (m < 0 || m >= this.options.minutes) continue;
        if (channel.type === 'gauge') {
          const x = channel.v[m];
          sum += x;
          n++;
          min = least(min, x);
          max = most(max, x);
        } else if (channel.n[m] > 0) {
          sum += channel.sum[m];
          n += channel.n[m];
          // Per-request datapoints are 0 or 1 (a count metric's own datapoints).
          min = least(min, channel.sum[m] >= channel.n[m] ? 1 : 0);
          max = most(max, channel.sum[m] > 0 ? 1 : 0);
        }
      }
      counts[j] = n;
      if (n === 0) continue;
      switch (stat.kind) {
        case 'Sum':
          values[j] = sum;
          break;
        case 'SampleCount':
          values[j] = n;
          break;
        case 'Average':
          values[j] = sum / n;
          break;
        case 'Minimum':
          values[j] = min;
          break;
        case 'Maximum':
          values[j] = max;
          break;
        default:
          return undefined;
      }
    }
    return { values, counts };
  }
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
