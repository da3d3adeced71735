/**
 * One inline SVG chart per alarm: the evaluated series (the statistic, or the math result), the threshold, and
 * the alarm state as shaded bands (ALARM red, INSUFFICIENT_DATA grey). Long series are reduced to the minimum and
 * maximum per pixel column, so a chart stays small whatever the history length.
 */
import { ALARM, INSUFFICIENT_DATA } from '../evaluate/state';
import { episodes, episodeTotals, forEachEpisode } from '../evaluate/timeline';
import type { AlarmReplay } from '../evaluate/replay';
import { escapeHtml as escapeXml } from '../report/svg';

const num = (v: number) => String(Math.round(v * 10) / 10);

function fmtValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');

export interface ChartOptions {
  readonly width?: number;
  readonly height?: number;
}

export function alarmChart(r: AlarmReplay, from: number, to: number, options: ChartOptions = {}): string {
  const W = options.width ?? 960;
  const H = options.height ?? (r.values ? 220 : 70);
  const left = 60;
  const right = 12;
  const top = 10;
  const bottom = 24;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const span = Math.max(1, to - from);
  const x = (t: number) => left + ((Math.min(Math.max(t, from), to) - from) / span) * pw;
  const parts: string[] = [];
  parts.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" class="plot"/>`);
  for (const [state, cls] of [
    [INSUFFICIENT_DATA, 'insufficient'],
    [ALARM, 'alarm'],
  ] as const) {
    const name = state === ALARM ? 'ALARM' : 'INSUFFICIENT_DATA';
    const { count } = episodeTotals(r.timeline, state, from, to);
    if (count <= pw / 2) {
      for (const e of episodes(r.timeline, state, from, to)) {
        const x0 = x(e.start);
        const x1 = x(e.end ?? to);
        parts.push(
          `<rect x="${num(x0)}" y="${top}" width="${num(Math.max(1, x1 - x0))}" height="${ph}" class="${cls}"><title>${name} ${day(e.start)} .. ${e.end !== undefined ? day(e.end) : 'end'}</title></rect>`,
        );
      }
      continue;
    }
    // More episodes than pixels (a flapping alarm): shade the pixel columns the state touched, one rect per run.
    const cols = Math.max(1, Math.floor(pw));
    const hit = new Uint8Array(cols);
    forEachEpisode(r.timeline, state, from, to, (start, end) => {
      const c0 = Math.min(cols - 1, Math.floor(x(start) - left));
      const c1 = Math.min(cols - 1, Math.max(c0, Math.ceil(x(end ?? to) - left) - 1));
      hit.fill(1, c0, c1 + 1);
    });
    for (let c = 0; c < cols;) {
      if (!hit[c]) {
        c++;
        continue;
      }
      let e = c;
      while (e < cols && hit[e]) e++;
      parts.push(`<rect x="${left + c}" y="${top}" width="${e - c}" height="${ph}" class="${cls}"/>`);
      c = e;
    }
    parts.push(`<title>${name}: ${count} episodes</title>`);
  }
  const values = r.values;
  const grid = r.grid;
  // A series with no datapoint in the range draws no scale: the threshold alone would make one ("9k .. 9k").
  let hasData = false;
  if (values && grid)
    for (let i = 0; i < values.length && !hasData; i++) {
      const t = grid.start + i * grid.period;
      hasData = values[i] === values[i] && t >= from && t <= to;
    }
  if (values && grid && !hasData) {
    const threshold = r.rule?.threshold;
    if (threshold !== undefined && Number.isFinite(threshold)) {
      const yt = top + ph / 2;
      parts.push(`<line x1="${left}" x2="${left + pw}" y1="${yt}" y2="${yt}" class="threshold"/>`);
      parts.push(
        `<text x="${left + pw - 4}" y="${yt - 4}" text-anchor="end" class="label">threshold ${escapeXml(fmtValue(threshold))}</text>`,
      );
    }
    parts.push(
      `<text x="${left + pw / 2}" y="${top + ph / 2 + 16}" text-anchor="middle" class="label no-data">no datapoint in this range</text>`,
    );
  } else if (values && grid) {
    let lo = Infinity;
    let hi = -Infinity;
    const threshold = r.rule?.threshold;
    const shown = threshold !== undefined && Number.isFinite(threshold) ? [threshold] : [];
    for (const v of shown) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo)) {
      lo = 0;
      hi = 1;
    }
    if (lo === hi) {
      lo -= 1;
      hi += 1;
    }
    const pad = (hi - lo) * 0.06;
    lo -= pad;
    hi += pad;
    const y = (v: number) => top + (1 - (v - lo) / (hi - lo)) * ph;
    // Reduce to min/max per pixel column; break the line where datapoints are missing.
    const cols = Math.max(1, Math.floor(pw));
    const colMin = new Float64Array(cols).fill(NaN);
    const colMax = new Float64Array(cols).fill(NaN);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v) continue;
      const t = grid.start + i * grid.period;
      if (t < from || t > to) continue;
      const c = Math.min(cols - 1, Math.floor(((t - from) / span) * cols));
      if (!(colMin[c] <= v)) colMin[c] = v;
      if (!(colMax[c] >= v)) colMax[c] = v;
    }
    // A column with no datapoint breaks the line only if the series has a gap there at its own resolution.
    const step = Math.max(1, (grid.period / span) * cols);
    let d = '';
    let last = -Infinity;
    for (let c = 0; c < cols; c++) {
      if (colMin[c] !== colMin[c]) continue;
      const px = left + c + 0.5;
      const cmd = c - last <= step + 1 ? 'L' : 'M';
      d += `${cmd}${num(px)} ${num(y(colMin[c]))}`;
      if (colMax[c] !== colMin[c]) d += `L${num(px)} ${num(y(colMax[c]))}`;
      last = c;
    }
    if (d) parts.push(`<path d="${d}" class="series"/>`);
    if (threshold !== undefined && Number.isFinite(threshold)) {
      parts.push(
        `<line x1="${left}" x2="${left + pw}" y1="${num(y(threshold))}" y2="${num(y(threshold))}" class="threshold"/>`,
      );
      parts.push(
        `<text x="${left + pw - 4}" y="${num(y(threshold) - 4)}" text-anchor="end" class="label">threshold ${escapeXml(fmtValue(threshold))}</text>`,
      );
    }
    parts.push(
      `<text x="${left - 6}" y="${top + 10}" text-anchor="end" class="label">${escapeXml(fmtValue(hi - pad))}</text>`,
    );
    parts.push(
      `<text x="${left - 6}" y="${top + ph}" text-anchor="end" class="label">${escapeXml(fmtValue(lo + pad))}</text>`,
    );
  } else {
    parts.push(
      `<text x="${left + 6}" y="${top + ph / 2 + 4}" class="label">composite: state from its children</text>`,
    );
  }
  parts.push(`<text x="${left}" y="${H - 6}" class="label">${day(from)}</text>`);
  parts.push(`<text x="${left + pw}" y="${H - 6}" text-anchor="end" class="label">${day(to)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(r.spec.name)}">${parts.join('')}</svg>`;
}
