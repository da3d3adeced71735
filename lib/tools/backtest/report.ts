/** Backtest reports for the terminal and for machines (JSON). The HTML report is in `report-html.ts`. */
import { renderAlarmRule } from '../../model/alarm-rule';
import { conditionInWords } from '../../model/describe';
import { formatDuration } from '../../model/duration';
import { outputColumns } from '../cli/io';
import { renderTable, wrapText } from '../cli/table';
import { count } from '../report/count';
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

/** The totals as a sentence; `strong` marks the figures that matter (the HTML report's `<strong>`). */
export function totalsInWords(
  t: ReturnType<typeof totals>,
  strong: (figure: string) => string = (f) => f,
): string {
  return `${strong(count(t.alarms, 'alarm'))}: ${strong(String(t.inAlarm))} went to ALARM (${count(t.episodes, 'episode')}), ${strong(count(t.pages, 'page'))}, ${count(t.notifications, 'notification')}${t.skipped ? `, ${t.skipped} skipped` : ''}.`;
}

/** The report for a terminal (`text`, fitted to `columns`) or a pull request (`md`). */
export function backtestTable(
  report: BacktestReport,
  format: 'text' | 'md' = 'text',
  columns = outputColumns(),
): string {
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
  const prose = (text: string) => (format === 'md' ? text : wrapText(text, columns).join('\n'));
  const lines = [
    prose(`Backtest ${iso(report.from)} .. ${iso(report.to)} (${report.history})`),
    '',
    // On a narrow terminal the counts a user can do without go first; the totals below keep them.
    renderTable(rows, format, { columns, optional: ['transitions', 'first alarm', 'notifications'] }),
    '',
    prose(totalsInWords(t)),
  ];
  const notes = backtestNotes(report).map((n) =>
    format === 'md'
      ? `- ${n}`
      : wrapText(n, columns - 2)
          .map((l, i) => `${i ? '  ' : '- '}${l}`)
          .join('\n'),
  );
  if (notes.length) lines.push('', 'Notes:', ...notes);
  return lines.join('\n');
}

const NO_HISTORY = /^no history for /;
/** Alarms named one by one in the notes about missing history; more are counted. */
const NAMED_WITHOUT_HISTORY = 3;

/**
 * The notes of a report, one line each. Alarms whose metrics are not in the history (most of an assembly, when
 * the files hold a few metrics) are summarized in one line instead of a line per metric; JSON keeps every note.
 */
export function backtestNotes(report: BacktestReport): string[] {
  const noHistory = report.alarms.filter((a) => a.notes.some((n) => NO_HISTORY.test(n)));
  const summarize = noHistory.length > NAMED_WITHOUT_HISTORY;
  const quiet = new Set(summarize ? noHistory : []);
  const names = noHistory.slice(0, NAMED_WITHOUT_HISTORY).map((a) => a.spec.name);
  return [
    ...report.notes,
    ...(summarize
      ? [
          `no history for ${noHistory.length} alarms (every datapoint of a metric they watch is missing): ${names.join(', ')} and ${noHistory.length - names.length} more (--format json lists them)`,
        ]
      : []),
    ...report.alarms.flatMap((a) =>
      [...(a.skipped ? [`skipped: ${a.skipped}`] : []), ...a.notes]
        .filter((n) => !quiet.has(a) || !NO_HISTORY.test(n))
        .map((n) => `${a.spec.name}: ${n}`),
    ),
  ];
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
