/**
 * `journeys:` (and the other product sections) → the product model. Cross-field rules: names unique, the total
 * at least the stages' sum, alert levels increasing from the total, evaluation windows CloudWatch accepts.
 */
import { parseDurationMs } from '../model/duration';
import { JOURNEY_LEVELS, type JourneyModel, type JourneyStageModel } from '../model/journeys';
import { LIMITS } from '../model/limits';
import type { ProductModel } from '../model/product';
import { quote } from '../util/echo';
import { formatPath, type ConfigPath, type IssueSink } from './errors';
import type { TelemetryConfig } from './schema';
import type { JourneyConfig } from './schema-journeys';

const seconds = (text: string) => parseDurationMs(text) / 1000;

/** The product model of a config; `undefined` when it has no product section. */
export function productModel(config: TelemetryConfig, issues: IssueSink): ProductModel | undefined {
  const journeys = (config.journeys ?? []).map((j, i) => journeyModel(j, ['journeys', i], issues));
  unique(
    journeys.map((j) => j.name),
    ['journeys'],
    'journey',
    issues,
  );
  if (!journeys.length) return undefined;
  return { journeys };
}

/** Reports the second of two equal names, at its `name`. */
export function unique(names: readonly string[], path: ConfigPath, what: string, issues: IssueSink) {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const before = seen.get(n);
    if (before !== undefined)
      issues.add(
        [...path, i, 'name'],
        `${what} ${quote(n)} is already defined at ${formatPath([...path, before])}`,
      );
    else seen.set(n, i);
  });
}

function journeyModel(j: JourneyConfig, path: ConfigPath, issues: IssueSink): JourneyModel {
  let sum = 0;
  const stages: JourneyStageModel[] = j.stages.map((s) => {
    const stepSeconds = seconds(s.target);
    sum += stepSeconds;
    return { name: s.name, stepSeconds, targetSeconds: sum };
  });
  unique(
    j.stages.map((s) => s.name),
    [...path, 'stages'],
    'stage',
    issues,
  );
  const totalSeconds = j.total ? seconds(j.total) : sum;
  if (totalSeconds < sum) {
    issues.add(
      [...path, 'total'],
      `total ${j.total} is shorter than the stages' targets together (${sum / 60} min): raise it or lower a stage's target`,
    );
  }
  const levels: Partial<Record<(typeof JOURNEY_LEVELS)[number], number>> = {};
  let previous = { name: 'the total', seconds: totalSeconds };
  for (const level of JOURNEY_LEVELS) {
    const text = j.alerts?.[level];
    if (text === undefined) continue;
    const at = seconds(text);
    if (at < previous.seconds) {
      issues.add(
        [...path, 'alerts', level],
        `${level} ${text} must be at least ${previous.name} (${previous.seconds / 60} min): the levels increase from the target`,
      );
    }
    levels[level] = at;
    previous = { name: level, seconds: at };
  }
  if (j.alerts && j.alerts.critical === undefined && j.alerts.escalation !== undefined) {
    issues.add([...path, 'alerts', 'escalation'], 'escalation needs a critical level below it');
  }
  const period = seconds(j.period);
  if (period % 60 !== 0)
    issues.add([...path, 'period'], `period ${j.period} must be a whole number of minutes`);
  const [m, n] = j.datapoints.split('/').map(Number);
  if (m > n) issues.add([...path, 'datapoints'], `datapoints "${j.datapoints}": M must be at most N`);
  const most = period >= 3600 ? LIMITS.evaluationSecondsLongPeriod : LIMITS.evaluationSeconds;
  if (period * n > most) {
    issues.add(
      [...path, 'datapoints'],
      `${n} periods of ${j.period} is ${(period * n) / 3600} hours: CloudWatch evaluates at most ${most / 3600} hours at this period`,
    );
  }
  return {
    name: j.name,
    ...(j.description ? { description: j.description } : {}),
    stages,
    totalSeconds,
    levels: { ...levels, warning: levels.warning ?? totalSeconds },
    statistic: j.statistic,
    minSamples: j.minSamples,
    period,
    datapoints: [m, n],
    origin: formatPath(path),
  };
}
