/** Every command's terminal output fits 60 to 200 columns without breaking a header; HTML keeps numbers with units. */
import { runCli, type CliIo } from '../../lib/tools/cli/program';
import { stripAnsi } from '../../lib/tools/cli/table';
import { renderHtml } from '../../lib/tools/report/html';
import { metricAlarm, templateDir } from '../helpers/templates';

const alarm = (i: number, threshold: number) =>
  metricAlarm(`shop-checkout-payment-service-handler-${i}-p99-latency-critical`, {
    Threshold: threshold,
    AlarmDescription: 'Checkout payments are slower than the budget: look at the slowest traces first.',
  });

test.each([60, 80, 120, 200])('review, diff, cost and catalog at %i columns', async (columns) => {
  const before = templateDir({ Shop: { Resources: { A: alarm(1, 100), B: alarm(2, 100) } } });
  const after = templateDir({ Shop: { Resources: { A: alarm(1, 150), C: alarm(3, 100) } } });
  let out = '';
  const io: CliIo = { out: (t) => (out += t), err: () => undefined, isTTY: true, columns };
  const headers: Record<string, string[]> = {
    review: ['severity', 'condition'],
    diff: ['change'],
    cost: ['USD'],
    catalog: ['severity', 'condition'],
  };
  for (const argv of [
    ['review', '--app', after],
    ['diff', before, '--app', after],
    ['cost', '--app', after],
    ['catalog', '--kind', 'sqs'],
  ]) {
    out = '';
    await runCli(argv, io);
    const lines = out.split('\n').map(stripAnsi);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(columns);
    // A header is printed whole (a table's header line, or a record's `header:`), never cut in two.
    for (const h of headers[argv[0]]) {
      const cut = h.slice(0, Math.ceil(h.length / 2));
      expect(lines.filter((l) => l.includes(cut) && !l.includes(h))).toEqual([]);
    }
  }
});

test('HTML keeps a number with its unit on one line', () => {
  const html = renderHtml({
    title: 't',
    blocks: [
      { type: 'figures', items: [{ label: 'error rate', value: '2 %' }] },
      { type: 'table', columns: ['in alarm'], rows: [['10 min of 1.8 h']] },
    ],
  });
  expect(html).toContain('2\u00a0%');
  expect(html).toContain('10\u00a0min of 1.8\u00a0h');
  expect(html).toContain('white-space:nowrap');
});
