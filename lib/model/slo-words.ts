/**
 * A burn-rate alert in words a person on call can weigh: which share of the budget burns how fast, and what that
 * is in requests, at the service's usual traffic when the SLO gives it (`eventsPerMinute`), else per 1,000 requests.
 * The facts travel with the template (`Metadata["cdk-telemetry"].slos`, by tier composite name), so `review` says
 * the same from `cdk.out` alone. Pure data, no CDK.
 */
import { formatDuration } from './duration';
import { alarmName } from './naming';
import { BURN_RATE_TIERS, burnRate, tierSentence, type BurnRateTier, type SloModel } from './slo';

/** What `review` needs to put one tier composite in words. Windows in seconds, fractions in 0..1. */
export interface SloTierFacts {
  readonly slo: string;
  readonly tier: string;
  readonly severity: BurnRateTier['severity'];
  readonly objective: number;
  readonly window: number;
  readonly budgetConsumed: number;
  readonly longWindow: number;
  readonly shortWindow: number;
  /** What a bad event does, in words: `fail`, `take longer than 300 ms`. */
  readonly bad: string;
  /** What is counted: `requests` or `runs`. */
  readonly unit: string;
  /** Valid events a minute at usual traffic. @default - unknown: per 1,000 */
  readonly eventsPerMinute?: number;
}

/** The facts of each tier composite of an SLO, by the composite's name (as `planSlo` names them). */
export function sloTierFacts(app: string, service: string, slo: SloModel): Record<string, SloTierFacts> {
  const sli = slo.sli;
  const canary = sli.type === 'ratio' && sli.valid.metric.namespace === 'CloudWatchSynthetics';
  const unit = canary ? 'runs' : 'requests';
  const bad = sli.type === 'percentRank' ? `take longer than ${sli.thresholdMs} ms` : 'fail';
  const out: Record<string, SloTierFacts> = {};
  for (const tier of BURN_RATE_TIERS) {
    const name = alarmName({
      app,
      service,
      resource: slo.name,
      signal: `${tier.id}Burn`,
      severity: tier.severity,
    });
    out[name] = {
      slo: slo.name,
      tier: tier.id,
      severity: tier.severity,
      objective: slo.objective,
      window: slo.window,
      budgetConsumed: tier.budgetConsumed,
      longWindow: tier.longWindow,
      shortWindow: tier.shortWindow,
      bad,
      unit,
      ...(slo.eventsPerMinute !== undefined ? { eventsPerMinute: slo.eventsPerMinute } : {}),
    };
  }
  return out;
}

const fmt = (n: number, digits = 3) => Number(n.toPrecision(digits)).toLocaleString('en-US');

/**
 * `SLO availability (99.8 % over 30 days) pages when 2 % of the 30-day error budget burns in 1 h (...): 2.88 % of
 * requests fail over 1 h; at 200 requests a minute, 346 of the 12,000 requests of 1 h` (without the traffic:
 * `..., 28.8 of every 1,000 requests`).
 */
export function tierInWords(f: SloTierFacts): string {
  const tier: BurnRateTier = {
    id: f.tier as BurnRateTier['id'],
    longWindow: f.longWindow,
    shortWindow: f.shortWindow,
    budgetConsumed: f.budgetConsumed,
    shortDatapoints: [1, 1],
    severity: f.severity,
    why: '',
  };
  const share = burnRate(tier, f.window) * (1 - f.objective);
  const over = formatDuration(f.longWindow * 1000);
  const head = `SLO ${f.slo} (${fmt(f.objective * 100, 6)} % over ${fmt(f.window / 86_400)} days) ${tierSentence(tier, f)}: ${fmt(share * 100)} % of ${f.unit} ${f.bad} over ${over}`;
  if (f.eventsPerMinute === undefined) return `${head}, ${fmt(share * 1000)} of every 1,000 ${f.unit}`;
  const events = (f.eventsPerMinute * f.longWindow) / 60;
  const bad = share * events;
  const at = `at ${fmt(f.eventsPerMinute)} ${f.unit} a minute`;
  return bad < 1
    ? `${head}; ${at}, one of the ${fmt(events)} ${f.unit} of ${over} is enough`
    : `${head}; ${at}, ${fmt(bad)} of the ${fmt(events)} ${f.unit} of ${over}`;
}
