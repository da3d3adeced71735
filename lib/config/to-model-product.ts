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
import { MAX_LOG_KPIS, type KpiConfig } from './schema-kpis';
import type { KpiModel } from '../model/kpis';
import type { RumModel } from '../model/rum';
import type { RumConfig } from './schema-rum';

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
  const kpis = (config.kpis ?? []).map((k, i) => kpiModel(k, ['kpis', i], issues));
  unique(
    kpis.map((k) => k.name),
    ['kpis'],
    'KPI',
    issues,
  );
  const fromLogs = kpis.filter((k) => k.logs).length;
  if (fromLogs > MAX_LOG_KPIS)
    issues.add(['kpis'], `${fromLogs} KPIs from logs: at most ${MAX_LOG_KPIS} (a metric filter each)`);
  const rum = config.rum && rumModel(config.app, config.rum, issues);
  if (!journeys.length && !kpis.length && !rum) return undefined;
  return { journeys, kpis, ...(rum ? { rum } : {}) };
}

function rumModel(app: string, r: RumConfig, issues: IssueSink): RumModel {
  const events = r.events ?? [];
  unique(events, ['rum', 'events'], 'event', issues, []);
  const telemetries = [...new Set(r.telemetries)];
  return {
    name: r.name ?? `${app}-web`,
    domains: r.domains,
    sampleRate: r.sampleRate,
    telemetries,
    xray: r.xray,
    cookies: r.cookies,
    authorization: r.authorization,
    events,
    logs: r.logs,
  };
}

function kpiModel(k: KpiConfig, path: ConfigPath, issues: IssueSink): KpiModel {
  if (k.type === 'features' && !k.features)
    issues.add([...path, 'features'], 'type features: list the features');
  if (k.features && k.type !== 'features')
    issues.add([...path, 'features'], `features are for type features, not ${k.type}`);
  if (k.alarm && k.type !== 'successRate')
    issues.add([...path, 'alarm'], `an alarm on a drop is for type successRate, not ${k.type}`);
  if (k.logs && k.type !== 'count')
    issues.add([...path, 'logs'], `a KPI from logs counts matching events: type count, not ${k.type}`);
  let alarm: KpiModel['alarm'];
  if (k.alarm) {
    const [m, n] = k.alarm.datapoints.split('/').map(Number);
    const period = seconds(k.alarm.period);
    if (m > n)
      issues.add([...path, 'alarm', 'datapoints'], `datapoints "${k.alarm.datapoints}": M must be at most N`);
    if (period % 60 !== 0)
      issues.add([...path, 'alarm', 'period'], `period ${k.alarm.period} must be a whole number of minutes`);
    if (period * n > (period >= 3600 ? LIMITS.evaluationSecondsLongPeriod : LIMITS.evaluationSeconds))
      issues.add(
        [...path, 'alarm', 'datapoints'],
        `${n} periods of ${k.alarm.period} is longer than CloudWatch evaluates`,
      );
    alarm = {
      below: k.alarm.below,
      minAttempts: k.alarm.minAttempts,
      period,
      datapoints: [m, n],
      severity: k.alarm.severity,
    };
  }
  return {
    name: k.name,
    ...(k.description ? { description: k.description } : {}),
    type: k.type,
    ...(k.features ? { features: k.features } : {}),
    ...(alarm ? { alarm } : {}),
    ...(k.logs ? { logs: { logGroup: k.logs.logGroup, pattern: k.logs.pattern } } : {}),
    origin: formatPath(path),
  };
}

/** Reports the second of two equal names, at its `name`. */
export function unique(
  names: readonly string[],
  path: ConfigPath,
  what: string,
  issues: IssueSink,
  field: readonly string[] = ['name'],
) {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const before = seen.get(n);
    if (before !== undefined)
      issues.add(
        [...path, i, ...field],
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
