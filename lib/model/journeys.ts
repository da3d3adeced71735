/**
 * Journeys (time to first value) in the model, and their alarms. The runtime writes, per journey, `JourneyStarted`
 * and per stage `JourneyStageReached` and `JourneyStageTime` (seconds from the start of the journey to the stage;
 * the last stage's is the total). The alarms watch the stage time's percentile (p90 by default) on exactly the
 * contract's namespace, name and `Journey`/`Stage` dimensions ({@link journeyMetric}), judged only when enough
 * users reached the stage in the period (`minSamples`). Pure data, no CDK.
 *
 * A stage's target is written from the previous stage (signup → first project 5 min, → first agent 10 min...);
 * the stage time is measured from the start, so a stage's alarm compares with the sum of the targets up to it.
 * The total's alarms fire at the three levels (warning, critical, escalation); every other stage alarms at the
 * same share of its own target (warning 75 min on a 60 min total is 125 %: the 15 min stage warns at 18.75 min).
 */
import type { AlarmSpec, Severity } from './alarm-spec';
import { APP_METRICS, journeyMetric } from './app-metrics';
import { formatDuration } from './duration';
import { alarmName } from './naming';
import { actionsFor, describeAlarm, type AlertRouting } from './plan';

/** The service part of the names of product alarms (journeys, KPIs, RUM): `<app>-product-...`. */
export const PRODUCT_SERVICE = 'product';
/** The resource kind of journey alarms in their labels. */
export const JOURNEY_KIND = 'journey';

/** Journey alert levels, mildest first. Escalation is a third routing level (`alerting.escalation`). */
export const JOURNEY_LEVELS = ['warning', 'critical', 'escalation'] as const;
export type JourneyLevel = (typeof JOURNEY_LEVELS)[number];

/** One stage of a journey. */
export interface JourneyStageModel {
  readonly name: string;
  /** Seconds from the previous stage (from the start for the first). */
  readonly stepSeconds: number;
  /** Seconds from the start: the sum of the steps up to this one. What the stage's alarm compares with. */
  readonly targetSeconds: number;
}

/** A journey users go through, recorded by the runtime. */
export interface JourneyModel {
  readonly name: string;
  readonly description?: string;
  readonly stages: readonly JourneyStageModel[];
  /** Seconds: the target for the whole journey. */
  readonly totalSeconds: number;
  /** Seconds of the total time at which each level alerts (warning always; the others when given). */
  readonly levels: Readonly<Partial<Record<JourneyLevel, number>>> & { readonly warning: number };
  /** `p90` by default. */
  readonly statistic: string;
  /** Fewest stage times in a period for the percentile to be judged. */
  readonly minSamples: number;
  /** Seconds. */
  readonly period: number;
  /** M of N. */
  readonly datapoints: readonly [number, number];
  /** Where it was declared, e.g. `journeys[0]`. */
  readonly origin: string;
}

/** Where product alarms go: the severities' topics, and the escalation topic (else the critical one). */
export interface ProductRouting extends AlertRouting {
  /** The escalation topic. @default - the critical topic */
  readonly escalation?: string;
}

/** Severity of an alarm at a level: escalation is critical, delivered to its own topic. */
const severityOf = (level: JourneyLevel): Severity => (level === 'warning' ? 'warning' : 'critical');

/**
 * Where a level's alarm reports. Product alarms belong to no service composite, so critical ones page directly;
 * escalation goes to the escalation topic when there is one, else to the critical topic.
 */
export function productActions(level: JourneyLevel, routing: ProductRouting) {
  if (level !== 'escalation') return actionsFor(severityOf(level), { ...routing, pageVia: 'each' });
  const topic = routing.escalation ?? routing.topics.critical;
  return { alarm: [topic], ok: [topic], insufficientData: [] };
}

/** The signal of a stage or total alarm at a level (the severity part of the name cannot say "escalation"). */
const signalOf = (total: boolean, level: JourneyLevel) =>
  `${total ? 'journeyTotal' : 'journeyStage'}${level === 'escalation' ? 'Escalation' : ''}`;

/**
 * The alarms of one journey: per stage but the last, warning and critical (when the journey has a critical level)
 * at the levels' shares of the stage's target; on the total (the last stage), one per level.
 */
export function journeyAlarms(app: string, j: JourneyModel, routing: ProductRouting): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  const last = j.stages.length - 1;
  j.stages.forEach((stage, i) => {
    const total = i === last;
    for (const level of JOURNEY_LEVELS) {
      const at = j.levels[level];
      if (at === undefined || (!total && level === 'escalation')) continue;
      const threshold = total ? at : round(stage.targetSeconds * (at / j.totalSeconds));
      const share = Math.round((at / j.totalSeconds) * 1000) / 10;
      const severity = severityOf(level);
      const signal = signalOf(total, level);
      const resource = `${j.name}.${stage.name}`;
      out.push({
        type: 'metric',
        name: alarmName({ app, service: PRODUCT_SERVICE, resource, signal, severity }),
        description: describeAlarm({
          meaning: total
            ? `${j.statistic} of the users who finished journey ${j.name} took longer than ${formatDuration(threshold * 1000)} (${level}; target ${formatDuration(j.totalSeconds * 1000)})`
            : `${j.statistic} of the users who reached ${stage.name} of journey ${j.name} took longer than ${formatDuration(threshold * 1000)} from the start (${level}: ${share} % of its ${formatDuration(stage.targetSeconds * 1000)} target)`,
          guard: ` (with at least ${j.minSamples} users reaching it per ${formatDuration(j.period * 1000)})`,
          firstStep: total
            ? 'open the product dashboard funnel: find the stage whose time grew, then the release or incident behind it'
            : `compare the time to ${stage.name} with the stage before it on the product dashboard, then look at what ${stage.name} asks of users`,
        }),
        source: stageTimeSource(app, j, stage.name),
        comparison: 'GreaterThanThreshold',
        threshold,
        evaluationPeriods: j.datapoints[1],
        datapointsToAlarm: j.datapoints[0],
        treatMissingData: 'notBreaching',
        severity,
        actions: productActions(level, routing),
        labels: { app, service: PRODUCT_SERVICE, resource, kind: JOURNEY_KIND, signal },
      });
    }
  });
  return out;
}

/** The stage time's percentile, judged only with `minSamples` stage times in the period (0 otherwise). */
function stageTimeSource(app: string, j: JourneyModel, stage: string): AlarmSpec['source'] {
  const metric = journeyMetric(app, j.name, 'journeyStageTime', stage);
  return {
    type: 'math',
    expression: `IF(users >= ${j.minSamples}, time, 0)`,
    label: `${j.statistic} ${APP_METRICS.journeyStageTime.name} to ${stage} (s)`,
    period: j.period,
    metrics: [
      { id: 'time', metric, stat: j.statistic, period: j.period },
      { id: 'users', metric, stat: 'SampleCount', period: j.period },
    ],
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
