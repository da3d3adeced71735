/** The HTML backtest report: one self-contained page (no scripts, no external files), one chart per alarm. */
import { formatDuration } from '../../model/duration';
import type { BacktestReport } from './backtest';
import { conditionOf, iso, totals, totalsInWords } from './report';
import { count } from '../report/count';
import { escapeHtml as escapeXml } from '../report/svg';
import { alarmChart } from './svg-chart';
import { INPUT_LIMITS } from '../limits';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328}
h1{font-size:22px}h2{font-size:16px;margin:28px 0 4px;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:12px 0}td,th{border-bottom:1px solid #d0d7de;padding:4px 10px;text-align:left}
th{background:#f6f8fa}.num{text-align:right}.muted{color:#57606a}.note{color:#9a6700}
.plot{fill:#fff;stroke:#d0d7de}.alarm{fill:#cf222e;fill-opacity:.18}.insufficient{fill:#8c959f;fill-opacity:.18}
.series{fill:none;stroke:#0969da;stroke-width:1.3}.threshold{stroke:#cf222e;stroke-dasharray:5 4;stroke-width:1.2}
.label{font-size:11px;fill:#57606a}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-2px}
`;

/** Transitions listed per alarm in the page (the JSON report lists more). */
const MAX_TRANSITION_ROWS = 200;

/** Time in alarm: `10 min`, or `0` (not `0 ms`: alarms are evaluated per period, never per millisecond). */
const inAlarm = (seconds: number) => (seconds ? formatDuration(seconds * 1000) : '0');

export function backtestHtml(report: BacktestReport): string {
  const t = totals(report);
  // The page stays bounded: a table row per alarm up to a limit, a chart per alarm up to a smaller one.
  const listed = report.alarms.slice(0, INPUT_LIMITS.htmlAlarms);
  const charted = report.alarms.slice(0, INPUT_LIMITS.htmlCards);
  const rows = listed
    .map(
      (a, i) =>
        `<tr><td>${i < charted.length ? `<a href="#a${i}">${escapeXml(a.spec.name)}</a>` : escapeXml(a.spec.name)}</td><td>${a.spec.severity}</td>` +
        `<td class="num">${a.skipped ? 'skipped' : a.counts.alarmEpisodes}</td><td class="num">${a.skipped ? '-' : inAlarm(a.timeInAlarm)}</td>` +
        `<td class="num">${a.skipped ? '-' : a.pages}</td><td class="num">${a.skipped ? '-' : a.counts.notifications}</td></tr>`,
    )
    .join('\n');
  const more = (n: number, what: string) =>
    n > 0
      ? `<p class="note">${n} more alarms ${what} (the page's limit; --format json lists every alarm).</p>`
      : '';
  const sections = charted
    .map((a, i) => {
      const notes = [...(a.skipped ? [`skipped: ${a.skipped}`] : []), ...a.notes];
      const n = a.counts.transitions;
      const trans = n
        ? `<details><summary>${count(n, 'transition')}${n > MAX_TRANSITION_ROWS ? ` (the first ${MAX_TRANSITION_ROWS})` : ''}</summary><table><tr><th>time (UTC)</th><th>from</th><th>to</th></tr>${a.transitions
            .slice(0, MAX_TRANSITION_ROWS)
            .map((tr) => `<tr><td>${iso(tr.time)}</td><td>${tr.from}</td><td>${tr.to}</td></tr>`)
            .join('')}</table></details>`
        : '<p class="muted">no transitions</p>';
      return `<section id="a${i}"><h2>${escapeXml(a.spec.name)}</h2>
<p class="muted">${escapeXml(conditionOf(a))} · ${a.spec.severity} · ${a.counts.alarmEpisodes ? `${count(a.counts.alarmEpisodes, 'ALARM episode')} · ${inAlarm(a.timeInAlarm)} in alarm` : 'never in ALARM'} · ${count(a.pages, 'page')}</p>
${a.skipped ? '' : alarmChart(a, report.from, report.to)}
${notes.map((n) => `<p class="note">${escapeXml(n)}</p>`).join('\n')}
${trans}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Alarm backtest ${iso(report.from)} .. ${iso(report.to)}</title><style>${STYLE}</style></head>
<body><h1>Alarm backtest</h1>
<p>${iso(report.from)} .. ${iso(report.to)} · history: ${escapeXml(report.history)}</p>
<p>${totalsInWords(t, (f) => `<strong>${f}</strong>`)}</p>
<p class="legend">State:<span style="background:#cf222e;opacity:.35"></span>ALARM<span style="background:#8c959f;opacity:.35"></span>INSUFFICIENT_DATA · <span style="background:#0969da;height:2px"></span>series <span style="border-top:2px dashed #cf222e;height:0"></span>threshold</p>
${report.notes.map((n) => `<p class="note">${escapeXml(n)}</p>`).join('\n')}
<table><tr><th>alarm</th><th>severity</th><th>episodes</th><th>in alarm</th><th>pages</th><th>notifications</th></tr>
${rows}
</table>
${more(report.alarms.length - listed.length, 'are not listed')}
${sections}
${more(report.alarms.length - charted.length, 'have no chart')}
</body></html>
`;
}
