/**
 * promtool unit tests generated for every alert of a rules file: raw OpenTelemetry series (histogram buckets and
 * request counters, sampled every 15 s) that make the alert's value breach from a known minute, and the expected
 * alerts one period before and at the period where it must fire ("M of N" or `for:`); a series that stays below the
 * threshold and stays quiet; and, for guarded alerts, a breaching series with too little traffic that stays quiet.
 *
 * The expected values are exact, not guessed: with every request of a period in one histogram bucket,
 * `histogram_quantile` returns `lower + q · (upper - lower)` of that bucket, and a ratio of two counters sampled at
 * the same instants is the ratio of their increments. Alerts with the same name on the same series (the warning
 * and critical levels of one budget) are expected together.
 */
import { promDuration, promNumber } from './promql';
import { promYaml } from './render';
import type { PlannedAlert } from './rule-model';
import { DURATION_BUCKETS, SERIES } from './series';

/** Seconds between generated samples: a typical collector export interval, four per one-minute window. */
export const SAMPLE_INTERVAL = 15;
/** Periods of calm before a generated breach starts. */
const LEAD_PERIODS = 2;

interface AlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: Array<{
    exp_labels: Record<string, string>;
    exp_annotations: Record<string, string>;
  }>;
}

/** One promtool unit test: input series and the alerts expected at given times. */
export interface PromtoolTest {
  /** The test's name (the alert it checks and the scenario). */
  readonly name: string;
  /** The interval between the input series' samples, e.g. `1m`. */
  readonly interval: string;
  /** The input series, in promtool's expanding notation (`0+10x30`). */
  readonly input_series: Array<{ series: string; values: string }>;
  /** The alerts expected, each at an evaluation time. */
  readonly alert_rule_test: AlertTest[];
}

/** A promtool test file (`promtool test rules`): the rule files under test and their tests. */
export interface PromtoolTestFile {
  /** The rule files the tests load, relative to the test file. */
  readonly rule_files: string[];
  /** How often the rules are evaluated in the tests, e.g. `1m`. */
  readonly evaluation_interval: string;
  /** The tests. */
  readonly tests: PromtoolTest[];
}

/** One generated scenario: a level before and after the breach start, and the requests per sample. */
interface Scenario {
  readonly name: string;
  readonly before: number;
  readonly after: number;
  readonly requestsPerSample: number;
}

const BOUNDS = [0, ...DURATION_BUCKETS];

/** The histogram bucket (lower, upper] a latency falls in; `upper` is Infinity beyond the last bound. */
function bucketOf(latency: number): { lower: number; upper: number } {
  for (let i = 1; i < BOUNDS.length; i++)
    if (latency <= BOUNDS[i]) return { lower: BOUNDS[i - 1], upper: BOUNDS[i] };
  return { lower: BOUNDS[BOUNDS.length - 1], upper: Infinity };
}

/** What `histogram_quantile(q, ...)` returns when every request took `latency` seconds. */
export function quantileOfUniform(q: number, latency: number): number {
  const { lower, upper } = bucketOf(latency);
  return upper === Infinity ? lower : lower + q * (upper - lower);
}

/** The value an alert compares when the raw series are at `level` (a latency in seconds, or a percentage). */
function valueAt(a: PlannedAlert, level: number): number {
  return a.shape.kind === 'quantile' ? quantileOfUniform(a.shape.quantile, level) : level;
}

const COMPARE = {
  '>': (v: number, t: number) => v > t,
  '>=': (v: number, t: number) => v >= t,
  '<': (v: number, t: number) => v < t,
  '<=': (v: number, t: number) => v <= t,
};

/** Whether an alert's condition holds for a level and traffic (requests per period). */
function breaches(a: PlannedAlert, level: number, requestsPerPeriod: number): boolean {
  return COMPARE[a.comparison](valueAt(a, level), a.threshold) && requestsPerPeriod >= a.minRequests;
}

/** A level that breaches the alert (and how far), or undefined when no series can. */
function breachLevel(a: PlannedAlert): number | undefined {
  if (a.comparison !== '>' && a.comparison !== '>=') return undefined;
  if (a.shape.kind === 'ratio') return a.threshold >= 100 ? undefined : Math.min(100, a.threshold * 2 + 10);
  // The first bucket whose lower bound is at or above the threshold: its quantile is above the threshold.
  const i = BOUNDS.findIndex((_, k) => k > 0 && BOUNDS[k - 1] >= a.threshold);
  return i < 0 ? undefined : BOUNDS[i];
}

/** A level that does not breach, or undefined when every level does. */
function quietLevel(a: PlannedAlert): number | undefined {
  if (a.shape.kind === 'ratio') return a.threshold / 2;
  // The last bucket whose upper bound is at or below the threshold.
  const below = DURATION_BUCKETS.filter((b) => b <= a.threshold);
  return below.length ? below[below.length - 1] : undefined;
}

/** Cumulative counter values, one per sample, from per-sample increments. */
function counter(increments: readonly number[]): string {
  let total = 0;
  return increments.map((inc) => promNumber((total += inc))).join(' ');
}

const seriesName = (name: string, labels: Readonly<Record<string, string>>) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;

/** The raw series of a scenario: a level per sample (after the breach start or before it). */
function inputSeries(a: PlannedAlert, s: Scenario, samples: number, breachStart: number) {
  const levelAt = (k: number) => (k * SAMPLE_INTERVAL > breachStart ? s.after : s.before);
  const perSample = (f: (level: number) => number) =>
    Array.from({ length: samples }, (_, k) => (k === 0 ? 0 : f(levelAt(k))));
  const n = s.requestsPerSample;
  if (a.shape.kind === 'quantile') {
    const labels = { ...a.seriesLabels, [SERIES.status]: '200' };
    const out = [...DURATION_BUCKETS, Infinity].map((le) => ({
      series: seriesName(`${SERIES.duration}_bucket`, {
        ...labels,
        le: le === Infinity ? '+Inf' : promNumber(le),
      }),
      values: counter(perSample((latency) => (latency <= le ? n : 0))),
    }));
    out.push({ series: seriesName(`${SERIES.duration}_count`, labels), values: counter(perSample(() => n)) });
    return out;
  }
  const failing = a.shape.statusClass === '5' ? '500' : '404';
  return [
    {
      series: seriesName(`${SERIES.duration}_count`, { ...a.seriesLabels, [SERIES.status]: failing }),
      values: counter(perSample((pct) => (n * pct) / 100)),
    },
    {
      series: seriesName(`${SERIES.duration}_count`, { ...a.seriesLabels, [SERIES.status]: '200' }),
      values: counter(perSample((pct) => n - (n * pct) / 100)),
    },
  ];
}

/** The annotations Prometheus sends: the rule's, with `{{ "{{" }}` rendered back to `{{`. */
const renderedAnnotations = (a: PlannedAlert) =>
  Object.fromEntries(
    Object.entries(a.rule.annotations).map(([k, v]) => [k, v.replaceAll('{{ "{{" }}', '{{')]),
  );

/** The alert promtool expects when `a` fires on its series: every label and the rendered annotations. */
export const expectedAlert = (a: PlannedAlert) => ({
  exp_labels: { ...a.seriesLabels, ...a.rule.labels },
  exp_annotations: renderedAnnotations(a),
});

const sameSeries = (a: PlannedAlert, b: PlannedAlert) =>
  a.rule.alert === b.rule.alert &&
  a.shape.kind === b.shape.kind &&
  JSON.stringify(a.seriesLabels) === JSON.stringify(b.seriesLabels);

/** The alerts of `siblings` firing at `time` in a scenario that breaches from `breachStart`. */
function expectedAt(siblings: readonly PlannedAlert[], s: Scenario, time: number, breachStart: number) {
  return siblings
    .filter((b) => {
      const perPeriod = (s.requestsPerSample * b.period) / SAMPLE_INTERVAL;
      const m = b.datapoints[0];
      // The first window is full at the end of the first period; levels only rise in these scenarios.
      if (breaches(b, s.before, perPeriod)) return time >= m * b.period;
      return breaches(b, s.after, perPeriod) && time >= breachStart + m * b.period;
    })
    .map(expectedAlert);
}

/** The tests of one alert (two or three scenarios), given every alert of its file. */
export function alertTests(a: PlannedAlert, all: readonly PlannedAlert[]): PromtoolTest[] {
  const breach = breachLevel(a);
  const quiet = quietLevel(a);
  const siblings = all.filter((b) => sameSeries(a, b));
  const P = a.period;
  const [m, n] = a.datapoints;
  const breachStart = LEAD_PERIODS * P;
  const end = breachStart + (n + 2) * P;
  const samples = end / SAMPLE_INTERVAL + 1;
  const busiest = Math.max(...siblings.map((b) => (b.minRequests * SAMPLE_INTERVAL) / b.period));
  const busy = Math.max(20, Math.ceil(busiest * 1.2));
  const id = `${a.rule.alert} ${a.rule.labels.severity} ${JSON.stringify(a.seriesLabels)}`;
  const test = (s: Scenario, times: number[]): PromtoolTest => ({
    name: `${id}: ${s.name}`,
    interval: promDuration(SAMPLE_INTERVAL),
    input_series: inputSeries(a, s, samples, breachStart),
    alert_rule_test: times.map((t) => ({
      eval_time: promDuration(t),
      alertname: a.rule.alert,
      exp_alerts: expectedAt(siblings, s, t, breachStart),
    })),
  });
  const out: PromtoolTest[] = [];
  // The calmest level: no latency budget or error rate is below it.
  const calm = a.shape.kind === 'quantile' ? DURATION_BUCKETS[0] : 0;
  if (breach !== undefined) {
    const fireAt = breachStart + m * P;
    out.push(
      test(
        {
          name: `fires after ${m} of ${n} breaching periods`,
          before: calm,
          after: breach,
          requestsPerSample: busy,
        },
        [fireAt - P, fireAt, end],
      ),
    );
    if (a.minRequests > 0) {
      const few = ((a.minRequests * SAMPLE_INTERVAL) / P) * 0.5;
      out.push(
        test(
          {
            name: `stays quiet below ${promNumber(a.minRequests)} requests a period`,
            before: calm,
            after: breach,
            requestsPerSample: few,
          },
          [fireAt, end],
        ),
      );
    }
  }
  if (quiet !== undefined) {
    out.push(
      test(
        { name: 'stays quiet below the threshold', before: quiet, after: quiet, requestsPerSample: busy },
        [breachStart + m * P, end],
      ),
    );
  }
  return out;
}

/**
 * The promtool test file for a rules file: every alert's scenarios. A namespace that continues a service's rules
 * names the service's first file too (its recording rules), first.
 */
export function ruleTestFile(
  ruleFiles: string | readonly string[],
  alerts: readonly PlannedAlert[],
): PromtoolTestFile {
  return {
    rule_files: typeof ruleFiles === 'string' ? [ruleFiles] : [...ruleFiles],
    evaluation_interval: '1m',
    tests: alerts.flatMap((a) => alertTests(a, alerts)),
  };
}

/** The test file as YAML, for `promtool test rules`. */
export const renderRuleTests = (file: PromtoolTestFile): string => promYaml(file);
