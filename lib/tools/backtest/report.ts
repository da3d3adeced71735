/** Backtest reports for the terminal and for machines (JSON). The HTML report is in `report-html.ts`. */
import { renderAlarmRule } from '../../model/alarm-rule';
import { conditionInWords } from '../../model/describe';
import { formatDuration } from '../../model/duration';
import { renderTable } from '../cli/table';
import type { AlarmReplay } from '../evaluate/replay';
import type { BacktestReport } from './backtest';

export const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/** The condition of an alarm in words, or its rule. */
export function conditionOf(r: AlarmReplay): string {
  return r.spec.type === 'metric' ? conditionInWords(r.spec) : renderAlarmRule(r.spec.rule);
}

export function totals(report: BacktestReport) {
  return {
    alarms: report.alarms.length,
    skipped: report.alarms.filter((a) => a.skipped).length,
    inAlarm: report.alarms.filter((a) => a.counts.alarmEpisodes > 0).length,
    episodes: report.alarms.reduce((n, a) => n + a.counts.alarmEpisodes, 0),
    pages: report.alarms.reduce((n, a) => n + a.pages, 0),
    notifications: report.alarms.reduce((n, a) => n + a.counts.notifications, 0),
  };
}

export function backtestTable(report: BacktestReport, format: 'text' | 'md' = 'text'): string {
  const rows = report.alarms.map((a) => ({
    alarm: a.spec.name,
    severity: a.spec.severity,
    episodes: a.skipped ? 'skipped' : a.counts.alarmEpisodes,
    'in alarm': a.skipped ? '-' : a.timeInAlarm ? formatDuration(a.timeInAlarm * 1000) : '0',
    transitions: a.skipped ? '-' : a.counts.transitions,
    pages: a.skipped ? '-' : a.pages,
    notifications: a.skipped ? '-' : a.counts.notifications,
    'first alarm': a.alarmEpisodes.length ? iso(a.alarmEpisodes[0].start) : '',
  }));
  const t = totals(report);
  const lines = [
    `Backtest ${iso(report.from)} .. ${iso(report.to)} (${report.history})`,
    '',
    renderTable(rows, format),
    '',
    `${t.alarms} alarms: ${t.inAlarm} went to ALARM (${t.episodes} episodes), ${t.pages} pages, ${t.notifications} notifications${t.skipped ? `, ${t.skipped} skipped` : ''}.`,
  ];
  const notes = [
    ...report.notes.map((n) => `- ${n}`),
    ...report.alarms.flatMap((a) =>
      [...(a.skipped ? [`skipped: ${a.skipped}`] : []), ...a.notes].map((n) => `- ${a.spec.name}: ${n}`),
    ),
  ];
  if (notes.length) lines.push('', 'Notes:', ...notes);
  return lines.join('\n');
}

export function backtestJson(report: BacktestReport): unknown {
  return {
    from: iso(report.from),
    to: iso(report.to),
    history: report.history,
    totals: totals(report),
    notes: report.notes,
    alarms: report.alarms.map((a) => ({
      name: a.spec.name,
      type: a.spec.type,
      severity: a.spec.severity,
      condition: conditionOf(a),
      ...(a.skipped ? { skipped: a.skipped } : {}),
      ...(a.rule
        ? { treatMissingData: a.rule.treatMissingData, evaluationRange: a.rule.evaluationRange }
        : {}),
      // The lists hold the first transitions, episodes and notifications; `counts` has every total.
      counts: a.counts,
      transitions: a.transitions.map((t) => ({ time: iso(t.time), from: t.from, to: t.to })),
      alarmEpisodes: a.alarmEpisodes.map((e) => ({
        start: iso(e.start),
        ...(e.end !== undefined ? { end: iso(e.end) } : {}),
      })),
      timeInAlarmSeconds: a.timeInAlarm,
      pages: a.pages,
      notifications: a.notifications.map((n) => ({ time: iso(n.time), state: n.state, targets: n.targets })),
      notes: a.notes,
    })),
  };
}
