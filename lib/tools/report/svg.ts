/**
 * Inline SVG charts for the HTML report, no library and no network: the evaluation window of an alarm (N periods,
 * M of them breaching, the threshold line and the breaching side shaded) and horizontal bar charts of counts.
 * Heights are illustrative and deterministic (the same alarm always draws the same picture).
 */
import { COMPARISON_SYMBOL } from '../../model/alarm-spec';
import { isBandComparison } from '../../model/describe';
import { formatDuration } from '../../model/duration';
import type { Tone, WindowChart } from './document';
import { formatCount } from '../../model/units';

export const escapeHtml = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const TONE_COLOR: Record<Tone, string> = {
  critical: '#c62828',
  error: '#c62828',
  removed: '#c62828',
  warning: '#e65100',
  changed: '#b26a00',
  info: '#1565c0',
  ok: '#2e7d32',
  added: '#2e7d32',
  muted: '#757575',
};

/** Bars drawn for an evaluation window, whatever its evaluation periods (up to 10,080 at 1 minute). */
const MAX_BARS = 60;

/** Which datapoints of the window breach in the picture: M of N, spread so that "M of N" reads as such. */
export function breachingIndexes(m: number, n: number): Set<number> {
  const out = new Set<number>();
  if (m >= n) for (let i = 0; i < n; i++) out.add(i);
  else if (m === 1) out.add(n - 1);
  else for (let k = 0; k < m; k++) out.add(n - 1 - Math.round((k * (n - 1)) / (m - 1)));
  return out;
}

/** A fixed pseudo-random number in [0, 1) for bar `i`, so pictures are stable. */
const jitter = (i: number) => (((Math.sin(i * 12.9898 + 4.1414) * 43758.5453) % 1) + 1) % 1;

/** The window in words: `ALARM when 3 of the last 5 datapoints (1 min each) are > 200 ms`. */
export function windowCaption(w: WindowChart): string {
  const side = isBandComparison(w.comparison)
    ? {
        LessThanLowerOrGreaterThanUpperThreshold: 'outside',
        LessThanLowerThreshold: 'below',
        GreaterThanUpperThreshold: 'above',
      }[w.comparison as 'LessThanLowerThreshold'] + ` the anomaly band (${w.thresholdText})`
    : `${COMPARISON_SYMBOL[w.comparison]} ${w.thresholdText}`;
  const each = formatDuration(w.period * 1000);
  const which =
    w.datapointsToAlarm === w.evaluationPeriods
      ? w.evaluationPeriods === 1
        ? 'the last datapoint'
        : `all of the last ${w.evaluationPeriods} datapoints`
      : `${w.datapointsToAlarm} of the last ${w.evaluationPeriods} datapoints`;
  return `ALARM when ${which} (${each} each) ${w.evaluationPeriods === 1 || w.datapointsToAlarm === 1 ? 'is' : 'are'} ${side}. Missing data: ${w.treatMissingData}.`;
}

export function windowSvg(w: WindowChart, tone: Tone): string {
  const W = 280;
  const H = 104;
  const left = 6;
  const right = W - 6;
  const top = 20;
  const bottom = 80;
  const n = Math.max(1, w.evaluationPeriods);
  // At most MAX_BARS bars: a window of more datapoints is drawn to scale (its caption and label say M of N).
  const bars = Number.isFinite(n) ? Math.min(n, MAX_BARS) : 1;
  const m = Math.min(w.datapointsToAlarm, n);
  const breach = breachingIndexes(bars === n ? m : Math.max(1, Math.round((m / n) * bars)), bars);
  const band = isBandComparison(w.comparison);
  const above = band ? w.comparison !== 'LessThanLowerThreshold' : w.comparison.startsWith('Greater');
  const line = (top + bottom) / 2;
  const slot = (right - left) / bars;
  const gap = slot > 4 ? Math.min(3, slot * 0.25) : 0;
  const color = TONE_COLOR[tone];
  const parts: string[] = [];
  const halfBand = 12;
  // The breaching side, shaded: above or below the threshold line.
  if (!band) {
    const y = above ? top : line;
    parts.push(
      `<rect class="zone" x="${left}" y="${y}" width="${right - left}" height="${above ? line - top : bottom - line}" fill="${color}" fill-opacity="0.08"/>`,
    );
  }
  for (let i = 0; i < bars; i++) {
    const hit = breach.has(i);
    const r = jitter(i);
    // The top of each bar: breaching bars end on the breaching side of the line (or outside the band).
    let y: number;
    if (band) {
      if (!hit) y = line - halfBand + 3 + r * (2 * halfBand - 6);
      else if (above) y = line - halfBand - 6 - r * (line - halfBand - top - 8);
      else y = line + halfBand + 4 + r * (bottom - line - halfBand - 8);
    } else {
      const up = hit === above; // this bar ends above the line
      y = up ? line - (0.3 + 0.6 * r) * (line - top) : line + (0.25 + 0.55 * r) * (bottom - line);
    }
    parts.push(
      `<rect class="bar${hit ? ' breach' : ''}" x="${(left + i * slot + gap / 2).toFixed(2)}" y="${y.toFixed(1)}" width="${Math.max(0.5, slot - gap).toFixed(2)}" height="${(bottom - y).toFixed(1)}" fill="${hit ? color : '#b0bec5'}"/>`,
    );
  }
  if (band) {
    // The band over the bars: shaded, with its bounds.
    parts.push(
      `<rect class="band" x="${left}" y="${line - halfBand}" width="${right - left}" height="${2 * halfBand}" fill="#78909c" fill-opacity="0.3"/>`,
      `<line x1="${left}" x2="${right}" y1="${line - halfBand}" y2="${line - halfBand}" stroke="#455a64" stroke-dasharray="3 2"/>`,
      `<line x1="${left}" x2="${right}" y1="${line + halfBand}" y2="${line + halfBand}" stroke="#455a64" stroke-dasharray="3 2"/>`,
    );
  } else {
    const dashed = Number.isFinite(w.threshold) ? '' : ' stroke-dasharray="4 3"';
    parts.push(
      `<line class="threshold" x1="${left}" x2="${right}" y1="${line}" y2="${line}" stroke="${color}" stroke-width="1.5"${dashed}/>`,
    );
  }
  const label = band
    ? `anomaly band ${w.thresholdText}`
    : `threshold ${COMPARISON_SYMBOL[w.comparison]} ${w.thresholdText}`;
  parts.push(
    `<text class="threshold-label" x="${left}" y="13" font-size="11" font-weight="600" fill="${band ? '#37474f' : color}">${escapeHtml(label)}</text>`,
  );
  parts.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#90a4ae"/>`);
  parts.push(
    `<text x="${left}" y="${H - 8}" font-size="10" fill="#607d8b">-${escapeHtml(formatDuration(n * w.period * 1000))}</text>`,
  );
  parts.push(`<text x="${right}" y="${H - 8}" font-size="10" text-anchor="end" fill="#607d8b">now</text>`);
  parts.push(
    `<text x="${(left + right) / 2}" y="${H - 8}" font-size="10" text-anchor="middle" fill="#607d8b">${w.datapointsToAlarm} of ${n}</text>`,
  );
  const caption = windowCaption(w);
  return `<svg class="window" role="img" aria-label="${escapeHtml(caption)}" data-m="${w.datapointsToAlarm}" data-n="${n}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><title>${escapeHtml(caption)}</title>${parts.join('')}</svg>`;
}

/** Horizontal bars with labels and values. */
export function barsSvg(items: ReadonlyArray<{ label: string; value: number; tone?: Tone }>): string {
  const rowH = 22;
  const labelW = Math.min(220, 12 + 7 * Math.max(4, ...items.map((i) => i.label.length)));
  const W = labelW + 260;
  const max = Math.max(1, ...items.map((i) => i.value));
  const rows = items.map((i, k) => {
    const y = k * rowH;
    const w = Math.max(i.value > 0 ? 2 : 0, (i.value / max) * 200);
    const fill = i.tone ? TONE_COLOR[i.tone] : '#546e7a';
    return (
      `<g class="bar-row" data-label="${escapeHtml(i.label)}" data-value="${i.value}">` +
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeHtml(i.label)}</text>` +
      `<rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="14" fill="${fill}" rx="2"/>` +
      `<text x="${labelW + w + 6}" y="${y + 15}" font-size="12">${formatCount(Math.round(i.value * 1000) / 1000)}</text></g>`
    );
  });
  return `<svg class="bars" role="img" viewBox="0 0 ${W} ${items.length * rowH}" width="${W}" height="${items.length * rowH}">${rows.join('')}</svg>`;
}
