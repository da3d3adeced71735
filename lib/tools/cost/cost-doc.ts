/** A {@link CostEstimate} as a report document: totals, per stack and service, the lines, the assumptions. */
import type { Block, ReportDoc } from '../report/document';
import type { CostEstimate } from './estimate';
import { usd } from './prices';
import { formatCount } from '../../model/units';

/** Unit prices below a cent read better per million or per 100,000. */
function unitPrice(p: number, unit: string): string {
  if (p >= 0.01) return `${usd(p)} / ${unit.replace(/s$/, '')}`;
  if (p * 100_000 >= 0.01 && p * 1e6 < 1) return `${usd(p * 100_000)} / 100k ${unit}`;
  return `${usd(p * 1e6)} / 1M ${unit}`;
}

const qty = (n: number) => formatCount(Math.round(n * 100) / 100);
/** `1 alarm`, `3 alarms`, `1 alarm metric`. */
const amount = (n: number, unit: string) => `${qty(n)} ${n === 1 ? unit.replace(/s\b/, '') : unit}`;

export function costDoc(c: CostEstimate, root: string): ReportDoc {
  const blocks: Block[] = [
    {
      type: 'figures',
      items: [
        { label: 'Total / month', value: usd(c.total) },
        { label: 'Before free tier', value: usd(c.subtotal) },
        { label: 'Stacks', value: String(Object.keys(c.byStack).length) },
        { label: 'Prices', value: `${c.region}, ${c.pricesAsOf}` },
      ],
    },
    { type: 'heading', level: 1, text: 'By stack' },
    {
      type: 'table',
      columns: ['stack', 'USD / month'],
      rows: Object.entries(c.byStack).map(([k, v]) => [k, usd(v)]),
    },
    { type: 'heading', level: 1, text: 'By service' },
    {
      type: 'table',
      columns: ['service', 'USD / month'],
      rows: Object.entries(c.byService)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, usd(v)]),
    },
    { type: 'heading', level: 1, text: 'Lines' },
    {
      type: 'table',
      columns: ['stack', 'service', 'item', 'resource', 'quantity', 'unit price', 'USD / month', 'basis'],
      rows: [
        ...c.lines.map((l) => [
          l.stack,
          l.service,
          l.item,
          l.resource,
          amount(l.quantity, l.unit),
          unitPrice(l.unitPrice, l.unit),
          usd(l.monthly),
          l.basis ?? '',
        ]),
        ...c.freeTier.map((f) => [
          '',
          '',
          { text: f.item, tone: 'ok' as const },
          '',
          qty(f.quantity),
          '',
          usd(f.monthly),
          'free tier',
        ]),
        ['', '', { text: 'Total', tone: 'info' as const }, '', '', '', usd(c.total), ''],
      ],
    },
    ...(c.prerequisites.length
      ? [
          {
            type: 'heading' as const,
            level: 1 as const,
            text: 'Billed outside these templates (not in the total)',
          },
          {
            type: 'table' as const,
            columns: ['stack', 'service', 'item', 'quantity', 'unit price', 'USD / month', 'basis'],
            rows: c.prerequisites.map((l) => [
              l.stack,
              l.service,
              l.item,
              amount(l.quantity, l.unit),
              unitPrice(l.unitPrice, l.unit),
              usd(l.monthly),
              l.basis ?? '',
            ]),
          },
        ]
      : []),
    { type: 'heading', level: 1, text: 'Assumptions' },
    { type: 'list', items: c.assumptions },
  ];
  const unpriced = Object.entries(c.unpriced);
  if (unpriced.length) {
    blocks.push({
      type: 'paragraph',
      text: `Not priced (not in the price table): ${unpriced.map(([t, n]) => `${t} x${n}`).join(', ')}.`,
    });
  }
  return { title: 'Monthly cost estimate', subtitle: `${root}, USD a month`, blocks };
}
