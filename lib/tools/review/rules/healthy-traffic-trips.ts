import type { AlarmSpec } from '../../../model/alarm-spec';
import { BACKGROUND_ERRORS, CLIENT_ERRORS, diurnal, healthyTrafficOf } from '../../replay-model/traffic';
import { own } from '../../own';
import { notifiedThrough } from '../notified-through';
import { metricSpec, type ReviewRule } from '../types';

// looked up once: in jest's vm context a global lookup per call costs ~100x a local one
const { exp, log, log1p, max, min } = Math;
/** Monday 2026-11-30 00:00 UTC: the replay suite's week. */
const WEEK = 1_795_996_800;
/** A chance crossing a week is tolerated: issue 14's target is at most 7 warnings a week for a whole app. */
const TOLERATED_PER_WEEK = 1;
/** Share of healthy requests each failure count counts, in the replay model. */
const HEALTHY_SHARE: Readonly<Record<string, number>> = {
  Errors: BACKGROUND_ERRORS,
  '5XXError': BACKGROUND_ERRORS,
  '5xx': BACKGROUND_ERRORS,
  '4XXError': CLIENT_ERRORS,
  '4xx': CLIENT_ERRORS,
};

/** P(X > k) (or P(X >= k) with `orEqual`) for X ~ Poisson(mean). */
function poissonTail(mean: number, k: number, orEqual: boolean): number {
  const last = orEqual ? Math.ceil(k) - 1 : Math.floor(k);
  if (last < 0) return 1;
  let term = exp(-mean);
  let below = term;
  for (let i = 1; i <= last; i++) {
    below += term *= mean / i;
    // past the mean the terms only shrink: once one is below a double's precision of the sum, so is the rest (a
    // threshold of 2^53 was 2^53 terms: fuzz cli-template seed 1 index 600)
    if (i > mean && term < 1e-18 * below) break;
  }
  return max(0, 1 - below);
}

/** P(at least m of n independent periods breach), each with probability p. */
function atLeast(m: number, n: number, p: number): number {
  if (m <= 0) return 1;
  if (m > n || p <= 0) return 0;
  if (p >= 1) return 1;
  // in logarithms: the binomial coefficient of a day of minutes (n = 1,440) is past 1e300, a double's range
  const [lp, lq] = [log(p), log1p(-p)];
  const term = (i: number, logC: number) => exp(logC + i * lp + (n - i) * lq);
  let logC = 0; // log C(n, i)
  if (m <= n - m) {
    // the shorter tail: 1 - P(fewer than m)
    let below = 0;
    for (let i = 0; i < m; i++, logC += log(n - i + 1) - log(i)) below += term(i, logC);
    return min(1, max(0, 1 - below));
  }
  for (let i = 0; i < m; i++) logC += log(n - i) - log(i + 1);
  let sum = 0;
  for (let i = m; i <= n; i++, logC += log(n - i + 1) - log(i)) sum += term(i, logC);
  return min(1, sum);
}

/** The longest window CloudWatch takes: 7 days (a longer one is refused, as the window rules say). */
const LONGEST_WINDOW_S = 7 * 86_400;

/**
 * ALARM episodes a week the model's healthy traffic is expected to give a raw failure count: per period of the
 * week, the chance that M of the last N periods breach (each a Poisson count of the failing share of the traffic
 * then), counted when the previous period's was not already in ALARM.
 */
export function healthyEpisodesPerWeek(s: AlarmSpec): number | undefined {
  if (s.source.type !== 'metric' || s.source.stat !== 'Sum') return undefined;
  if (s.comparison !== 'GreaterThanThreshold' && s.comparison !== 'GreaterThanOrEqualToThreshold')
    return undefined;
  const share = own(HEALTHY_SHARE, s.source.metric.metricName);
  const traffic = healthyTrafficOf(s.source.metric);
  if (share === undefined || !traffic) return undefined;
  const { period } = s.source;
  // a window CloudWatch refuses (`EvaluationPeriods: 100000000`) is reported by the window rules; its chance here
  // would be a sum of 100 million terms per period of the week
  if (!(period > 0) || s.evaluationPeriods * period > LONGEST_WINDOW_S) return undefined;
  const orEqual = s.comparison !== 'GreaterThanThreshold';
  const key = [
    traffic.peak,
    traffic.night,
    share,
    period,
    s.threshold,
    orEqual,
    s.datapointsToAlarm,
    s.evaluationPeriods,
  ].join(' ');
  let episodes = EPISODES.get(key);
  if (episodes !== undefined) return episodes;
  episodes = 0;
  let before = 0;
  for (let t = WEEK; t < WEEK + 7 * 86_400; t += period) {
    const perMinute = traffic.night + (traffic.peak - traffic.night) * diurnal(t);
    const p = poissonTail((perMinute * share * period) / 60, s.threshold, orEqual);
    const now = atLeast(s.datapointsToAlarm, s.evaluationPeriods, p);
    episodes += now * (1 - before);
    before = now;
  }
  if (EPISODES.size >= EPISODES_KEPT) EPISODES.clear();
  EPISODES.set(key, episodes);
  return episodes;
}

/**
 * Episodes by everything they depend on: an app's alarms of one kind share their traffic, threshold and window
 * (every Lambda function's errors alarm), and each is a week of periods (10,080 at one minute) to add up.
 */
const EPISODES = new Map<string, number>();
const EPISODES_KEPT = 10_000;

export const healthyTrafficTrips: ReviewRule = {
  id: 'healthy-traffic-trips',
  level: 'warning',
  title: 'Alarm that healthy traffic trips',
  advice:
    "At the replay model's healthy traffic (`lib/tools/replay-model`: diurnal, up to 150 calls a minute per Lambda function and 300 requests per API at the weekday peak, 0.1 % of them failing and 2 % getting a 4XX), the alarm's raw failure count is expected to cross its threshold more than once a week, and something notifies for it: it fires on background noise, and the people it notifies learn to ignore it. Alarm on a rate over enough requests or a sustained rise, not on the first failures. Only alarms cdk-telemetry planned are checked (for others the traffic is unknown); `npm run bench:replay` replays the whole app.",
  check: (a, ctx) => {
    const s = metricSpec(a.alarm.spec);
    if (!s?.labels?.kind) return [];
    const episodes = healthyEpisodesPerWeek(s);
    if (episodes === undefined || episodes <= TOLERATED_PER_WEEK) return [];
    const via = notifiedThrough(a, ctx, false);
    if (!via) return [];
    return [
      `healthy traffic (the replay model's week: 0.1 % of requests failing) is expected to put it in ALARM about ${Math.round(episodes)} times a week${via === s.name ? '' : `, notified through ${via}`}`,
    ];
  },
};
