import type { AnyAlarmSpec } from '../../../model/alarm-spec';
import { replayAlarms } from '../../evaluate/replay';
import { resourcesOf, SyntheticHistory } from '../../replay-model/traffic';
import { nameKey } from '../context';
import { notifiedThrough } from '../notified-through';
import { metricSpec, type AlarmInContext, type ReviewContext, type ReviewRule } from '../types';

const DAY = 86_400;
/** Monday 2026-11-30 00:00 UTC: the replay suite's week. */
const HEALTHY_WEEK = 1_795_996_800;
/** The replay suite's seed. */
const SEED = 14;
/** Days of history before the week, so the longest window of the plan (an SLO ticket tier's day) is full. */
const WARM_UP_DAYS = 1;
/** A chance crossing a week is tolerated: issue 14's target is at most 7 warnings a week for a whole app. */
const TOLERATED_PER_WEEK = 1;
/** Above this many alarms of cdk-telemetry in one environment the rule does not replay (a week of each costs). */
export const HEALTHY_REPLAY_LIMIT = 300;

/** Times each alarm (by environment and name) goes into ALARM in the model's healthy week, per review context. */
const cache = new WeakMap<ReviewContext, Map<string, number>>();

/**
 * Replays the alarms cdk-telemetry planned (they carry its labels, so their resources are ones the traffic model
 * knows) over the replay model's healthy week.
 */
function healthyAlarms(ctx: ReviewContext): Map<string, number> {
  const hit = cache.get(ctx);
  if (hit) return hit;
  const out = new Map<string, number>();
  cache.set(ctx, out);
  const byEnvironment = new Map<string, Map<string, AnyAlarmSpec>>();
  for (const a of ctx.alarms) {
    if (!a.alarm.spec.labels?.kind) continue;
    const env = a.stack.environment ?? '';
    const specs = byEnvironment.get(env) ?? new Map<string, AnyAlarmSpec>();
    byEnvironment.set(env, specs);
    if (!specs.has(a.alarm.spec.name)) specs.set(a.alarm.spec.name, a.alarm.spec);
  }
  for (const [env, named] of byEnvironment) {
    const specs = [...named.values()];
    if (specs.length > HEALTHY_REPLAY_LIMIT) continue;
    const resources = resourcesOf(specs);
    if (resources.length === 0) continue;
    const start = HEALTHY_WEEK - WARM_UP_DAYS * DAY;
    const history = new SyntheticHistory(resources, {
      start,
      minutes: (WARM_UP_DAYS + 7) * 1440,
      seed: SEED,
    });
    const results = replayAlarms(specs, history, {
      from: HEALTHY_WEEK,
      to: HEALTHY_WEEK + 7 * DAY,
      initialState: 'OK',
      listLimit: 1_000,
    });
    for (const r of results) {
      const alarms = r.transitions.filter((t) => t.to === 'ALARM').length;
      if (!r.skipped && alarms > TOLERATED_PER_WEEK) out.set(`${env}|${r.spec.name}`, alarms);
    }
  }
  return out;
}

export const healthyTrafficTrips: ReviewRule = {
  id: 'healthy-traffic-trips',
  level: 'warning',
  title: 'Alarm that healthy traffic trips',
  advice:
    "Replayed over the replay model's healthy week (`lib/tools/replay-model`: diurnal traffic from a few requests a minute at night to hundreds at the weekday peak, 0.1 % of requests failing, latencies at half the budget), the alarm goes into ALARM more than once, and something notifies for it: it fires on background noise, and the people it notifies learn to ignore it. Alarm on a rate over enough requests or a sustained rise, not on the first events. Only alarms cdk-telemetry planned are replayed (their resources are the ones the model simulates), at most 300 per environment.",
  check: (a: AlarmInContext, ctx: ReviewContext) => {
    const s = metricSpec(a.alarm.spec);
    if (!s?.labels?.kind) return [];
    const n = healthyAlarms(ctx).get(nameKey(a.stack, s.name));
    if (!n) return [];
    const via = notifiedThrough(a, ctx, false);
    if (!via) return [];
    return [
      `healthy traffic (the replay model's week: 0.1 % of requests failing, latencies within budget) puts it in ALARM ${n} times in a week${via === s.name ? '' : `, notified through ${via}`}`,
    ];
  },
};
