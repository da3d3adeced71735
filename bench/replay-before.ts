/**
 * The example app's alarms as they were before issue 14's quiet defaults (main at 6760909), made from today's plan
 * so that `bench/replay.ts` replays before and after in the same run, on the same seeded week. Each change of the
 * quiet defaults, undone, as data: which alarms it touched and how they were.
 */
import type { AnyAlarmSpec, AlarmSpec, CompositeAlarmSpec } from '../lib/model/alarm-spec';

/** Seconds per day. */
const DAY = 86_400;

interface Undo {
  /** What the quiet default changed, for the bench output. */
  readonly what: string;
  readonly applies: (s: AnyAlarmSpec) => boolean;
  readonly before: (s: AnyAlarmSpec) => AnyAlarmSpec;
}

const signal = (s: AnyAlarmSpec) => s.labels?.signal;

/** A metric alarm's source and its metrics' periods set to `period`. */
function withPeriod(s: AlarmSpec, period: number): AlarmSpec {
  const source =
    s.source.type === 'metric'
      ? { ...s.source, period }
      : { ...s.source, period, metrics: s.source.metrics.map((m) => ({ ...m, period })) };
  return { ...s, source };
}

const metric = (s: AnyAlarmSpec): AlarmSpec => {
  if (s.type !== 'metric') throw new Error(`${s.name} is not a metric alarm`);
  return s;
};
const composite = (s: AnyAlarmSpec): CompositeAlarmSpec => {
  if (s.type !== 'composite') throw new Error(`${s.name} is not a composite`);
  return s;
};

export const UNDO_QUIET: readonly Undo[] = [
  {
    what: 'Lambda `errors`: any error (Sum > threshold, 0 by default) in 3 of 3 minutes, not > 1 % over 15 min',
    applies: (s) => s.labels?.kind === 'lambda' && signal(s) === 'errors' && s.type === 'metric',
    before: (s) => {
      const m = metric(s);
      if (m.source.type !== 'math') return m;
      const errors = m.source.metrics.find((x) => x.metric.metricName === 'Errors');
      if (!errors) return m;
      return {
        ...m,
        source: { type: 'metric', metric: errors.metric, stat: 'Sum', period: 60 },
        comparison: 'GreaterThanThreshold',
        // The default was 0; an override kept its number (the example's `sophie-send-reminder` says 2).
        threshold: m.threshold === 1 ? 0 : m.threshold,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      };
    },
  },
  {
    what: 'latency budgets: minutes under the low-sample count ignored',
    applies: (s) => signal(s) === 'latencyBudget' && s.type === 'metric',
    before: (s) => ({ ...metric(s), evaluateLowSampleCountPercentile: 'ignore' }),
  },
  {
    what: 'DynamoDB `systemErrors`: any system error in 15 of 15 minutes, not in 5 of 15',
    applies: (s) => s.labels?.kind === 'dynamodb' && signal(s) === 'systemErrors' && s.type === 'metric',
    before: (s) => ({ ...metric(s), evaluationPeriods: 15, datapointsToAlarm: 15 }),
  },
  {
    what: 'SLO ticket tier: 1x over 3 days (6 h short window), not over 1 day (2 h)',
    applies: (s) => signal(s) === 'ticketBurnLong' || signal(s) === 'ticketBurnShort',
    before: (s) => withPeriod(metric(s), signal(s) === 'ticketBurnLong' ? 3 * DAY : DAY / 4),
  },
  {
    what: 'SLO ticket composite: waits 2 min for the slow tier, suppressed for 6 h after it',
    applies: (s) => signal(s) === 'ticketBurn' && s.type === 'composite' && s.suppressor !== undefined,
    before: (s) => {
      const c = composite(s);
      return { ...c, suppressor: { ...c.suppressor!, waitPeriod: 120, extensionPeriod: DAY / 4 } };
    },
  },
];

/** `specs` with every quiet default undone, and how many alarms each undo touched. */
export function beforeQuietDefaults(specs: readonly AnyAlarmSpec[]): {
  specs: AnyAlarmSpec[];
  touched: { what: string; alarms: number }[];
} {
  const touched = UNDO_QUIET.map((u) => ({ what: u.what, alarms: 0 }));
  const out = specs.map((s) => {
    let spec = s;
    UNDO_QUIET.forEach((u, i) => {
      if (!u.applies(spec)) return;
      spec = u.before(spec);
      touched[i].alarms++;
    });
    return spec;
  });
  return { specs: out, touched };
}
