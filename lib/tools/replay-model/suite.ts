/**
 * The replay suite: an application's alarms (metric alarms and composites, as synthesized) replayed by the
 * evaluation engine over a seeded healthy week ({@link SyntheticHistory}) and over the same week with each
 * incident of {@link INCIDENTS} injected. Reports per incident whether a notification came, how soon, and whether
 * it paged (a critical ALARM notification) or warned; per healthy week the pages and warnings of every alarm.
 *
 * A notification counts for an incident when it comes from start to `grace` minutes after the end and the same
 * alarm did not notify in that span of the healthy week (the runs share their random streams outside the
 * incident, so what differs is the incident's doing).
 */
import type { AnyAlarmSpec } from '../../model/alarm-spec';
import { replayAlarms, type AlarmReplay } from '../evaluate/replay';
import { INCIDENTS, rolesOf, type Expected, type IncidentSpec } from './incidents';
import { resourcesOf, SyntheticHistory, type AppliedEffect, type ModelResource } from './traffic';

const DAY = 86_400;

export interface ReplaySuiteOptions {
  /** Epoch seconds of the first day of the healthy week (midnight UTC). */
  readonly start: number;
  /** Days replayed. @default 7 */
  readonly days?: number;
  readonly seed?: number;
  /** Multiplies every resource's traffic. @default 1 */
  readonly scale?: number;
  /** Days of history before each replay, so the longest window (3 days) is full from the first minute. @default 3 */
  readonly warmUpDays?: number;
  /** The incidents. @default INCIDENTS */
  readonly incidents?: readonly IncidentSpec[];
}

/** One alarm's notifications over the healthy week. */
export interface HealthyAlarm {
  readonly name: string;
  readonly severity: string;
  readonly pages: number;
  readonly warnings: number;
}

export interface IncidentResult {
  readonly id: string;
  readonly title: string;
  readonly expected: Expected;
  readonly userFacing: boolean;
  readonly fast: boolean;
  /** False when the app has no resource the incident targets. */
  readonly applicable: boolean;
  readonly detected: boolean;
  /** Seconds from the start to the first notification. */
  readonly timeToDetect?: number;
  readonly paged: boolean;
  readonly warned: boolean;
  /** The alarms that notified, first first. */
  readonly alarms: readonly string[];
}

export interface ReplaySuiteReport {
  readonly days: number;
  readonly healthy: {
    readonly pages: number;
    readonly warnings: number;
    /** Alarms that notified at least once. */
    readonly alarms: readonly HealthyAlarm[];
  };
  readonly incidents: readonly IncidentResult[];
  /** Metrics the alarms read that the model does not simulate (their alarms see no data). */
  readonly unmodelled: readonly string[];
}

/** A notification of one alarm: severity from the spec; only alarms with actions notify. */
interface Sent {
  readonly alarm: string;
  readonly severity: string;
  readonly time: number;
}

function alarmNotifications(results: readonly AlarmReplay[], from: number, to: number): Sent[] {
  const out: Sent[] = [];
  for (const r of results)
    for (const n of r.notifications)
      if (n.state === 'ALARM' && n.time >= from && n.time <= to)
        out.push({ alarm: r.spec.name, severity: r.spec.severity ?? 'warning', time: n.time });
  return out.sort((a, b) => a.time - b.time);
}

const minuteOf = (at: string) => {
  const [h, m] = at.split(':').map(Number);
  return h * 60 + m;
};

/** Runs the suite over `specs`. */
export function runReplaySuite(
  specs: readonly AnyAlarmSpec[],
  options: ReplaySuiteOptions,
): ReplaySuiteReport {
  const days = options.days ?? 7;
  const seed = options.seed ?? 14;
  const warmUp = (options.warmUpDays ?? 3) * DAY;
  const resources = resourcesOf(specs, options.scale ?? 1);
  const unmodelled = new Set<string>();
  // Every run's model starts at the week's warm-up start, so minute k of every run draws the same numbers.
  const weekFrom = options.start;
  const weekTo = weekFrom + days * DAY;
  const modelStart = weekFrom - warmUp;
  let healthy: SyntheticHistory | undefined;
  const healthyResults = replaySince(modelStart, weekFrom, weekTo, () => []);
  const healthySent = alarmNotifications(healthyResults, weekFrom, weekTo);
  const perAlarm = new Map<string, HealthyAlarm>();
  for (const s of healthySent) {
    const a = perAlarm.get(s.alarm) ?? { name: s.alarm, severity: s.severity, pages: 0, warnings: 0 };
    perAlarm.set(s.alarm, {
      ...a,
      pages: a.pages + (s.severity === 'critical' ? 1 : 0),
      warnings: a.warnings + (s.severity === 'critical' ? 0 : 1),
    });
  }
  const roles = rolesOf(resources);
  const incidents: IncidentResult[] = [];
  for (const inc of options.incidents ?? INCIDENTS) {
    const base = {
      id: inc.id,
      title: inc.title,
      expected: inc.expected,
      userFacing: inc.userFacing,
      fast: inc.fast,
    };
    const targets = inc.effects(roles);
    if (!targets || inc.day >= days) {
      incidents.push({
        ...base,
        applicable: false,
        detected: false,
        paged: false,
        warned: false,
        alarms: [],
      });
      continue;
    }
    const begin = weekFrom + inc.day * DAY + minuteOf(inc.at) * 60;
    const end = begin + inc.minutes * 60;
    const until = end + (inc.grace ?? 30) * 60;
    // Replay from two hours before: states settle on the healthy history first.
    const from = begin - 2 * 3600;
    const to = Math.min(until + 3600, weekTo);
    const results = replaySince(modelStart, from, to, (start) =>
      targets.map((t) => ({
        resources: t.resources as ModelResource[],
        start: (begin - start) / 60,
        minutes: inc.minutes,
        effect: t.effect,
      })),
    );
    const healthyThen = new Set(alarmNotifications(healthyResults, begin, until).map((s) => s.alarm));
    const sent = alarmNotifications(results, begin, until).filter((s) => !healthyThen.has(s.alarm));
    incidents.push({
      ...base,
      applicable: true,
      detected: sent.length > 0,
      ...(sent.length ? { timeToDetect: sent[0].time - begin } : {}),
      paged: sent.some((s) => s.severity === 'critical'),
      warned: sent.some((s) => s.severity !== 'critical'),
      alarms: [...new Set(sent.map((s) => s.alarm))],
    });
  }
  return {
    days,
    healthy: {
      pages: healthySent.filter((s) => s.severity === 'critical').length,
      warnings: healthySent.filter((s) => s.severity !== 'critical').length,
      alarms: [...perAlarm.values()].sort(
        (a, b) => b.pages - a.pages || b.warnings - a.warnings || a.name.localeCompare(b.name),
      ),
    },
    incidents,
    unmodelled: [...unmodelled].sort(),
  };

  function replaySince(
    modelStart: number,
    from: number,
    to: number,
    effects: (start: number) => AppliedEffect[],
  ) {
    const options = { start: modelStart, minutes: (weekTo - modelStart) / 60, seed };
    const list = effects(modelStart);
    const history = list.length
      ? new SyntheticHistory(resources, options, list, healthy)
      : (healthy ??= new SyntheticHistory(resources, options));
    const results = replayAlarms(specs, history, { from, to, initialState: 'OK', listLimit: 10_000 });
    for (const m of history.unmodelled) unmodelled.add(m);
    return results;
  }
}

/** The median of the times to detect of the detected fast incidents (seconds), or undefined. */
export function medianFastDetection(report: ReplaySuiteReport): number | undefined {
  const ts = report.incidents
    .filter((i) => i.fast && i.detected && i.timeToDetect !== undefined)
    .map((i) => i.timeToDetect!)
    .sort((a, b) => a - b);
  if (!ts.length) return undefined;
  const mid = Math.floor(ts.length / 2);
  return ts.length % 2 ? ts[mid] : (ts[mid - 1] + ts[mid]) / 2;
}

/** The targets of issue 14, as failures in words (empty when every target holds). */
export function missedTargets(
  report: ReplaySuiteReport,
  limits = { warnings: 7, medianSeconds: 300 },
): string[] {
  const out: string[] = [];
  for (const i of report.incidents) {
    if (!i.applicable) continue;
    if (!i.detected) out.push(`${i.id}: not detected`);
    else if (i.expected === 'page' && !i.paged) out.push(`${i.id}: warned but did not page`);
  }
  const median = medianFastDetection(report);
  if (median !== undefined && median > limits.medianSeconds)
    out.push(`median time to detect of fast incidents ${median / 60} min > ${limits.medianSeconds / 60} min`);
  if (report.healthy.pages > 0) out.push(`healthy week: ${report.healthy.pages} pages`);
  if (report.healthy.warnings > limits.warnings)
    out.push(`healthy week: ${report.healthy.warnings} warnings > ${limits.warnings}`);
  return out;
}

/** The report as plain text tables (bench output, README figures). */
export function renderReplaySuite(report: ReplaySuiteReport): string {
  const lines: string[] = [];
  const min = (s?: number) => (s === undefined ? '-' : `${Math.round(s / 60)} min`);
  lines.push('| incident | expected | detected | time to detect | paged | warned | first alarm |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const i of report.incidents) {
    if (!i.applicable) {
      lines.push(`| ${i.id} | ${i.expected} | n/a | | | | |`);
      continue;
    }
    lines.push(
      `| ${i.id} | ${i.expected} | ${i.detected ? 'yes' : '**no**'} | ${min(i.timeToDetect)} | ${i.paged ? 'yes' : 'no'} | ${i.warned ? 'yes' : 'no'} | ${i.alarms[0] ?? ''} |`,
    );
  }
  lines.push('');
  lines.push(
    `healthy ${report.days}-day week: ${report.healthy.pages} pages, ${report.healthy.warnings} warnings; median time to detect (fast incidents): ${min(medianFastDetection(report))}`,
  );
  if (report.healthy.alarms.length) {
    lines.push('');
    lines.push('| alarm (healthy week) | pages | warnings |');
    lines.push('|---|---|---|');
    for (const a of report.healthy.alarms) lines.push(`| ${a.name} | ${a.pages} | ${a.warnings} |`);
  }
  if (report.unmodelled.length) lines.push('', `not modelled (no data): ${report.unmodelled.join(', ')}`);
  return lines.join('\n');
}

/** The figures of the issue 14 targets of one report, as table cells. */
function figures(report: ReplaySuiteReport): [string, string][] {
  const applicable = report.incidents.filter((i) => i.applicable);
  const pages = applicable.filter((i) => i.expected === 'page');
  const userFacing = applicable.filter((i) => i.userFacing);
  const median = medianFastDetection(report);
  return [
    ['healthy week: pages', String(report.healthy.pages)],
    ['healthy week: warnings', String(report.healthy.warnings)],
    ['incidents detected', `${applicable.filter((i) => i.detected).length} of ${applicable.length}`],
    ['incidents that should page and did', `${pages.filter((i) => i.paged).length} of ${pages.length}`],
    [
      'user-facing incidents that paged',
      `${userFacing.filter((i) => i.paged).length} of ${userFacing.length}`,
    ],
    ['median time to detect, fast incidents', median === undefined ? '-' : `${Math.round(median / 60)} min`],
  ];
}

/** Before and after, figure by figure, as a plain text table (the README's "what pages, what warns"). */
export function compareReplaySuites(before: ReplaySuiteReport, after: ReplaySuiteReport): string {
  const a = figures(after);
  return [
    `| figure (${after.days}-day week) | before | after |`,
    '|---|---|---|',
    ...figures(before).map(([name, value], i) => `| ${name} | ${value} | ${a[i][1]} |`),
  ].join('\n');
}
