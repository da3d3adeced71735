/**
 * SLO burn-rate rules over the HTTP server metric, ready for the SLOs of the model: an availability objective of a
 * service (or one operation) becomes recorded error ratios per window and one multiwindow alert per tier, which
 * fires when the error budget burns `factor` times too fast over both the long and the short window (the short one
 * makes it stop soon after the burn does). Tiers are data: the SRE workbook's four by default.
 */
import type { Severity } from '../../model/alarm-spec';
import { literalTemplate, promDuration, promNumber, selector, type Matcher } from './promql';
import type { AlertingRule, RecordingRule } from './rule-model';
import { SERIES } from './series';

/** Alert when the budget burns `factor` times too fast over both windows (seconds). */
export interface BurnRateTier {
  readonly severity: Severity;
  readonly long: number;
  readonly short: number;
  readonly factor: number;
}

/**
 * The multiwindow, multi-burn-rate tiers of Google's SRE workbook ("Alerting on SLOs", table 5-8): 2 % of a 30-day
 * budget in an hour and 5 % in six hours page; 10 % in a day and in three days open a ticket.
 */
export const DEFAULT_BURN_RATE_TIERS: readonly BurnRateTier[] = [
  { severity: 'critical', long: 3_600, short: 300, factor: 14.4 },
  { severity: 'critical', long: 21_600, short: 1_800, factor: 6 },
  { severity: 'warning', long: 86_400, short: 7_200, factor: 3 },
  { severity: 'warning', long: 259_200, short: 21_600, factor: 1 },
];

/** An availability objective on the HTTP server metric: the share of requests that do not end in a 5xx. */
export interface HttpAvailabilitySlo {
  readonly name: string;
  readonly app: string;
  readonly service: string;
  /** Only this operation's requests. @default - every request of the service */
  readonly operation?: string;
  /** The objective, e.g. 0.999 (exclusive of 0 and 1). */
  readonly objective: number;
}

const LEVEL = 'service';

/** The recordings and alerts of one SLO. */
export function burnRateRules(
  slo: HttpAvailabilitySlo,
  tiers: readonly BurnRateTier[] = DEFAULT_BURN_RATE_TIERS,
): { recordings: RecordingRule[]; alerts: AlertingRule[] } {
  if (!(slo.objective > 0 && slo.objective < 1))
    throw new Error(`SLO ${slo.name}: objective ${slo.objective} must be between 0 and 1, e.g. 0.999`);
  const by = [SERIES.app, SERIES.service, ...(slo.operation ? [SERIES.operation] : [])];
  const base: Record<string, Matcher> = {
    [SERIES.app]: slo.app,
    [SERIES.service]: slo.service,
    ...(slo.operation ? { [SERIES.operation]: slo.operation } : {}),
  };
  const level = slo.operation ? `${LEVEL}_operation` : LEVEL;
  const windows = [...new Set(tiers.flatMap((t) => [t.long, t.short]))].sort((a, b) => a - b);
  const record = (w: number) => `${level}:http_server_request_errors:ratio_rate${promDuration(w)}`;
  const rate = (matchers: Record<string, Matcher>, w: number) =>
    `sum by (${by.join(', ')}) (rate(${SERIES.duration}_count${selector(matchers)}[${promDuration(w)}]))`;
  const recordings = windows.map((w) => ({
    record: record(w),
    expr: `${rate({ ...base, [SERIES.status]: { regex: '5..' } }, w)} / ${rate(base, w)}`,
  }));
  const sel = selector(base);
  const budget = 1 - slo.objective;
  const alerts = tiers.map((t): AlertingRule => ({
    alert: 'ErrorBudgetBurn',
    expr: `${record(t.long)}${sel} > ${promNumber(t.factor * budget)} and ${record(t.short)}${sel} > ${promNumber(t.factor * budget)}`,
    labels: {
      severity: t.severity,
      service: slo.service,
      ...(slo.operation ? { operation: slo.operation } : {}),
      slo: slo.name,
      window: promDuration(t.long),
    },
    annotations: {
      summary: literalTemplate(
        `SLO ${slo.name} (${promNumber(slo.objective * 100)}% of requests without a server error) burns its error budget ${t.factor} times too fast over ${promDuration(t.long)} and ${promDuration(t.short)}`,
      ),
      first_step: 'look for the failing routes and compare with the last deployment',
    },
  }));
  return { recordings, alerts };
}
