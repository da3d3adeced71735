/**
 * SLO burn-rate rules from the one tier table (`BURN_RATE_TIERS` of `lib/model/slo.ts`, which the CloudWatch
 * composites read too). Per SLO: the error ratio recorded over each window of the tiers (an availability SLO: the
 * share of 5xx answers among the requests of `http.server.request.duration`; a latency SLO: the share of requests
 * slower than the threshold, from the histogram's buckets), and one alert per tier that fires when the long AND the
 * short window are at or over the tier's burn rate × (1 − objective). The short window's "M of N" is the CloudWatch
 * twin's (`count_over_time` over a subquery of exactly N steps), and the words are the tier composite's.
 *
 * The series are selected as the catalog mirrors select them (`signals.ts` scopes): an API's SLO reads every request
 * of the service, a route's SLO its route, a Lambda function's latency SLO its operation. A Lambda availability SLO
 * counts function errors, which no HTTP status shows: it has no counterpart (a note says so).
 */
import { defaultTopicNames } from '../../model/plan';
import { BURN_RATE_TIERS, burnRate, planSlo, type SloModel } from '../../model/slo';
import type { MonitoredResource } from '../../model/telemetry-model';
import { literalTemplate, mOfN, promDuration, promNumber, selector, type Matcher } from './promql';
import type { AlertingRule } from './rule-model';
import { DURATION_BUCKETS, SERIES } from './series';
import { mirrorScopeOf, type MirrorScope } from './signals';

/** What the planner lends the SLO renderer: recordings shared with the service's other rules, and matchers. */
export interface SloRuleContext {
  readonly app: string;
  readonly service: string;
  readonly resources: readonly MonitoredResource[];
  /** Adds (once) a recording rule and returns its name. */
  readonly record: (name: string, expr: string) => string;
  /** Labels kept by a recording of a scope. */
  readonly by: (scope: MirrorScope) => readonly string[];
  /** Recording name prefix of a scope (`service`, `service_route`, ...). */
  readonly level: (scope: MirrorScope) => string;
  /** The matchers that pick one resource's series out of the service's recordings. */
  readonly matchers: (scope: MirrorScope, resource: MonitoredResource) => Record<string, Matcher>;
  /** Matchers of every series of the service. */
  readonly base: Readonly<Record<string, Matcher>>;
}

const sameDimensions = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** A bucket bound as a matcher: `1` and `1.0` alike (exporters differ on whole numbers). */
const leMatcher = (bound: number): Matcher =>
  Number.isInteger(bound) ? { regex: `${bound}(\\.0)?` } : { regex: promNumber(bound).replace(/\./g, '\\.') };

/**
 * The recordings and tier alerts of one SLO, or a note saying why it has no Prometheus counterpart.
 */
export function sloBurnRules(ctx: SloRuleContext, slo: SloModel): AlertingRule[] | string {
  const sli = slo.sli;
  const dims = sli.type === 'ratio' ? sli.bad.metric.dimensions : sli.metric.dimensions;
  const resource = ctx.resources.find((r) => sameDimensions(r.dimensions, dims ?? {}));
  const scope = resource && mirrorScopeOf(resource.kind);
  if (!resource || !scope) return `SLO ${slo.name}: its resource has no HTTP series`;
  if (sli.type === 'ratio' && resource.kind === 'lambda')
    return `SLO ${slo.name}: a Lambda function's errors (exceptions, timeouts) show in no HTTP status`;
  const by = ctx.by(scope).join(', ');
  const level = ctx.level(scope);
  const rate = (matchers: Readonly<Record<string, Matcher>>, suffix: string, w: number) =>
    `sum by (${by}) (rate(${SERIES.duration}_${suffix}${selector(matchers)}[${promDuration(w)}]))`;
  let ratio: (w: number) => string;
  if (sli.type === 'ratio') {
    ratio = (w) =>
      ctx.record(
        `${level}:http_server_request_errors:ratio_rate${promDuration(w)}`,
        `${rate({ ...ctx.base, [SERIES.status]: { regex: '5..' } }, 'count', w)} / ${rate(ctx.base, 'count', w)}`,
      );
  } else {
    const t = sli.thresholdMs / 1000;
    // Good requests: those in buckets up to the threshold; between two bounds, the share of the bucket under the
    // threshold as if its requests spread evenly (histogram_quantile's assumption). Beyond the last bound, the
    // last bound (stricter than the threshold).
    const lower = [...DURATION_BUCKETS].reverse().find((b) => b <= t);
    const upper = DURATION_BUCKETS.find((b) => b > t);
    const bucket = (b: number | undefined, w: number) =>
      b === undefined ? '0' : rate({ ...ctx.base, le: leMatcher(b) }, 'bucket', w);
    const good = (w: number) =>
      lower === t || upper === undefined
        ? bucket(lower, w)
        : `(${bucket(lower, w)} + ${promNumber((t - (lower ?? 0)) / (upper - (lower ?? 0)))} * (${bucket(upper, w)} - ${bucket(lower, w)}))`;
    ratio = (w) =>
      ctx.record(
        `${level}:http_server_requests_slower_than_${sli.thresholdMs}ms:ratio_rate${promDuration(w)}`,
        `1 - ${good(w)} / ${rate(ctx.base, 'count', w)}`,
      );
  }
  const sel = selector(ctx.matchers(scope, resource));
  const { composites } = planSlo(ctx.app, ctx.service, slo, defaultTopicNames(ctx.app));
  return BURN_RATE_TIERS.map((tier, i): AlertingRule => {
    const threshold = promNumber(burnRate(tier, slo.window) * (1 - slo.objective));
    const [m, n] = tier.shortDatapoints;
    const short = mOfN(`${ratio(tier.shortWindow)}${sel} >= ${threshold}`, m, n, tier.shortWindow);
    const long = `${ratio(tier.longWindow)}${sel} >= ${threshold}`;
    const composite = composites[i];
    const [summary, firstStep] = composite.description.split(/\. First: /);
    return {
      alert: `${tier.id[0].toUpperCase()}${tier.id.slice(1)}Burn`,
      expr: `${long} and ${short.expr}`,
      ...(short.for ? { for: short.for } : {}),
      labels: { severity: tier.severity, service: ctx.service, slo: slo.name },
      annotations: {
        summary: literalTemplate(summary),
        ...(firstStep ? { first_step: literalTemplate(firstStep.replace(/\.$/, '')) } : {}),
        cloudwatch_alarm: composite.name,
      },
    };
  });
}
