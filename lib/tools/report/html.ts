/**
 * Renders a {@link ReportDoc} as one self-contained HTML page: inline CSS and SVG, a few lines of inline script
 * to filter the alarm cards, no external resource of any kind (it opens offline, from a file or a CI artifact).
 */
import { cellText, cellTone, type AlarmCard, type Block, type CellLike, type ReportDoc } from './document';
import { formatLimit, INPUT_LIMITS } from '../limits';
import { barsSvg, escapeHtml as esc, TONE_COLOR, windowCaption, windowSvg } from './svg';

// Text wraps between words; only a word longer than its box (an alarm or metric name) breaks inside, where it
// must (`overflow-wrap: anywhere`; `word-break: break-all` cut every line mid-word: "c oncurrent", "Fi rst").
const CSS = `
:root{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f5f7fa}
body{margin:0 auto;max-width:1200px;padding:24px}
h1{margin:0 0 4px;font-size:24px}h2{margin:28px 0 8px;font-size:19px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
h3{margin:18px 0 6px;font-size:16px}.subtitle{color:#52606d;margin:0 0 16px}
.figures{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.figure{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:10px 16px;min-width:120px}
.figure .value{font-size:22px;font-weight:600;white-space:nowrap}.figure .label{color:#52606d;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
table{border-collapse:collapse;background:#fff;margin:8px 0;font-size:13px}
th,td{border:1px solid #d9e2ec;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef2f7}
ul{margin:8px 0;padding-left:20px}.chart{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:10px;display:inline-block;margin:6px 12px 6px 0;vertical-align:top}
.chart h4{margin:0 0 6px;font-size:13px;color:#52606d}
details{margin:10px 0}summary{cursor:pointer;font-weight:600;font-size:15px}
.cards{display:grid;align-items:start;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px;margin-top:8px}
.card{background:#fff;border:1px solid #d9e2ec;border-left:4px solid var(--tone);border-radius:6px;padding:10px 12px}
.card h4{margin:0;font-size:13px;overflow-wrap:anywhere}.card .sub{color:#7b8794;font-size:12px}
.card .cond{font-family:ui-monospace,Menlo,monospace;font-size:12px;margin:6px 0;overflow-wrap:anywhere}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:0 8px;margin:6px 0;font-size:12px}.card dt{color:#7b8794}.card dd{margin:0;overflow-wrap:anywhere}
.card .caption{font-size:12px;color:#52606d}.flag{font-size:12px;margin:2px 0}
.filter{margin:8px 0 0;padding:6px 10px;width:320px;border:1px solid #bcccdc;border-radius:6px}
footer{margin-top:32px;color:#7b8794;font-size:12px}
`;

const SCRIPT = `document.addEventListener('input',function(e){if(!e.target.matches('.filter'))return;var q=e.target.value.toLowerCase();document.querySelectorAll('.card').forEach(function(c){c.hidden=q&&c.dataset.search.indexOf(q)<0;});});`;

const FILTER = '<input class="filter" type="search" placeholder="Filter alarms by name, service, condition">';

/** A number and the unit after it stay on one line (`2 %`, `10 min`, `1.8 h`): a non-breaking space between. */
const keepUnits = (text: string) => text.replace(/(\d) (?=(?:%|[A-Za-zµ]{1,5})(?![A-Za-z]))/g, '$1\u00a0');

function cell(c: CellLike): string {
  const tone = cellTone(c);
  const text = esc(keepUnits(cellText(c)));
  return tone ? `<span class="tone-${tone}" style="color:${TONE_COLOR[tone]}">${text}</span>` : text;
}

function card(c: AlarmCard): string {
  const facts = c.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const chart = c.chart
    ? `${windowSvg(c.chart, c.tone)}<div class="caption">${esc(windowCaption(c.chart))}</div>`
    : '';
  const flags = c.flags.map((f) => `<div class="flag">${cell(f)}</div>`).join('');
  const search = esc(`${c.title} ${c.subtitle} ${c.condition}`.toLowerCase());
  return (
    `<article class="card" id="${esc(c.id)}" data-search="${search}" style="--tone:${TONE_COLOR[c.tone]}">` +
    `<h4>${esc(c.title)}</h4><div class="sub">${esc(c.subtitle)}</div>` +
    `<div class="cond">${esc(c.condition)}</div>${chart}<dl>${facts}</dl>${flags}</article>`
  );
}

/**
 * What a page may still show: cards up to {@link INPUT_LIMITS.htmlCards}, then table rows up to
 * {@link INPUT_LIMITS.htmlAlarms} alarms; the rest are counted.
 */
interface PageBudget {
  cards: number;
  alarms: number;
  hidden: number;
}

function cardsBlock(b: Extract<Block, { type: 'cards' }>, budget: PageBudget): string {
  const cards = b.cards(Math.min(b.count, budget.cards, budget.alarms));
  budget.cards -= cards.length;
  budget.alarms -= cards.length;
  const rows = b.table.rows.slice(cards.length, cards.length + budget.alarms);
  budget.alarms -= rows.length;
  const hidden = b.count - cards.length - rows.length;
  budget.hidden += hidden;
  const rest = rows.length ? block({ ...b.table, rows }) : '';
  const note =
    hidden > 0 ? `<p>${hidden} more alarms of this group are not listed (the page's limit).</p>` : '';
  return `<details class="group"${b.open ? ' open' : ''}><summary>${esc(b.title)} (${b.count})</summary><div class="cards">${cards
    .map(card)
    .join('')}</div>${rest}${note}</details>`;
}

function block(b: Block, budget?: PageBudget): string {
  switch (b.type) {
    case 'heading':
      return `<h${b.level + 1}>${esc(b.text)}</h${b.level + 1}>`;
    case 'paragraph':
      return `<p>${esc(b.text)}</p>`;
    case 'figures':
      return `<div class="figures">${b.items
        .map(
          (i) =>
            `<div class="figure"><div class="value"${i.tone ? ` style="color:${TONE_COLOR[i.tone]}"` : ''}>${esc(keepUnits(i.value))}</div><div class="label">${esc(i.label)}</div></div>`,
        )
        .join('')}</div>`;
    case 'bars':
      return `<div class="chart" data-chart="${esc(b.title)}"><h4>${esc(b.title)}</h4>${barsSvg(b.items)}</div>`;
    case 'table':
      return `<table><thead><tr>${b.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${b.columns.map((_, i) => `<td>${cell(r[i] ?? '')}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${cell(i)}</li>`).join('')}</ul>`;
    case 'cards':
      return cardsBlock(b, budget ?? { cards: Infinity, alarms: Infinity, hidden: 0 });
  }
}

export function renderHtml(doc: ReportDoc): string {
  const hasCards = doc.blocks.some((b) => b.type === 'cards');
  const budget: PageBudget = { cards: INPUT_LIMITS.htmlCards, alarms: INPUT_LIMITS.htmlAlarms, hidden: 0 };
  const body = doc.blocks.map((b, i) =>
    b.type === 'cards' && doc.blocks.findIndex((x) => x.type === 'cards') === i
      ? `${FILTER}${block(b, budget)}`
      : block(b, budget),
  );
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(doc.title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${esc(doc.title)}</h1>`,
    doc.subtitle ? `<p class="subtitle">${esc(doc.subtitle)}</p>` : '',
    ...body,
    budget.hidden
      ? `<p>${budget.hidden} alarms are not listed: one page shows at most ${formatLimit(INPUT_LIMITS.htmlAlarms)} (${formatLimit(INPUT_LIMITS.htmlCards)} as cards). Use --format json or md for all of them.</p>`
      : '',
    '<footer>Generated by cdk-telemetry. This page loads nothing from the network.</footer>',
    hasCards ? `<script>${SCRIPT}</script>` : '',
    '</body></html>',
  ].join('\n');
}
