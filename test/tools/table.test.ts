/** Terminal tables fit the width they are given, as the cdk CLI's tables do; Markdown keeps every character. */
import { fitWidths, renderTable, stripAnsi, wrapText } from '../../lib/tools/cli/table';
import { outputColumns } from '../../lib/tools/cli/io';

const width = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('fitWidths', () => {
  test('natural widths when they fit', () => expect(fitWidths([10, 20, 5], 80)).toEqual([10, 20, 5]));

  test('narrow columns keep their width, wide ones share the rest', () => {
    // 80 - 2 gaps of 2 = 76 columns: 8 keeps its width, the two wide ones get 34 each.
    expect(fitWidths([8, 200, 300], 80)).toEqual([8, 34, 34]);
    // A column narrower than the share left after another kept its width keeps its width too.
    expect(fitWidths([8, 30, 300], 80)).toEqual([8, 30, 38]);
  });

  test('with minimums, never wider than the terminal and never under a minimum', () => {
    // catalog --coverage at 80 columns: the section column's minimum (16) was fixed after the shares were taken,
    // and the widths came to 69 for the 68 left after 6 gaps (a line of 81)
    const cases: [number[], number, number[]][] = [[[30, 7, 11, 13, 8, 7, 7], 80, [16, 7, 11, 7, 8, 7, 7]]];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let k = 0; k < 500; k++) {
      const natural = Array.from({ length: 2 + next(8) }, () => 1 + next(60));
      cases.push([natural, 40 + next(160), natural.map((w) => 1 + next(w))]);
    }
    for (const [natural, total, minimum] of cases) {
      const widths = fitWidths(natural, total, minimum);
      if (widths === undefined) continue;
      expect(widths.reduce((a, b) => a + b, 0) + 2 * (natural.length - 1)).toBeLessThanOrEqual(total);
      widths.forEach((w, i) => expect(w).toBeGreaterThanOrEqual(Math.min(natural[i], minimum[i])));
    }
    expect(fitWidths(...cases[0])).toBeDefined();
  });

  test('however narrow the terminal, a table has 40 columns', () => {
    expect(fitWidths([100, 100], 10).reduce((a, b) => a + b) + 2).toBe(40);
  });
});

describe('wrapText', () => {
  test('at spaces', () =>
    expect(wrapText('p95 Duration > 200 ms for 3 of 5 min', 16)).toEqual([
      'p95 Duration >',
      '200 ms for 3 of',
      '5 min',
    ]));
  test('a long name after a dash, a CamelCase name between its words, else at the width', () => {
    expect(wrapText('sophie-api-sophie-list-tasks-errorRate-critical', 20)).toEqual([
      'sophie-api-sophie-',
      'list-tasks-',
      'errorRate-critical',
    ]);
    expect(wrapText('AccountProvisionedReadCapacityUtilization', 26)).toEqual([
      'AccountProvisionedRead',
      'CapacityUtilization',
    ]);
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('renderTable', () => {
  const rows = [
    {
      alarm: 'sophie-api-sophie-list-tasks-errorRate-critical',
      severity: 'critical',
      condition:
        'Error rate (%) > 5% for 3 of 5 min, with a long explanation of what it means and what to do first',
    },
    { alarm: 'short', severity: 'warning', condition: 'Sum Errors > 0' },
  ];

  test('fits the width; every word of every cell is still there', () => {
    for (const columns of [60, 80, 120]) {
      const text = renderTable(rows, 'text', { columns });
      expect(width(text)).toBeLessThanOrEqual(columns);
      const words = (s: string) => s.split(/[\s]+/).filter(Boolean).join('');
      expect(words(text).replace(/-{3,}/g, '')).toContain(words(rows[1].condition));
    }
    expect(renderTable(rows, 'text', { columns: 60 })).toMatchInlineSnapshot(`
     "alarm                     severity  condition
     ------------------------  --------  ------------------------
     sophie-api-sophie-list-   critical  Error rate (%) > 5% for
     tasks-errorRate-critical            3 of 5 min, with a long
                                         explanation of what it
                                         means and what to do
                                         first
     short                     warning   Sum Errors > 0"
    `);
  });

  test('a coloured cell keeps its colour on every line it wraps to', () => {
    const plain = 'one two three four five six seven eight nine ten';
    const text = renderTable([{ a: `\x1b[31m${plain}\x1b[0m`, b: 'x'.repeat(50) }], 'text', { columns: 40 });
    const lines = text.split('\n').slice(2);
    const painted = lines.filter((l) => l.startsWith('\x1b[31m') && l.includes('\x1b[0m'));
    expect(painted.map((l) => stripAnsi(l).slice(0, 19).trim()).join(' ')).toBe(plain);
    expect(painted.length).toBeGreaterThan(1);
    expect(lines.every((l) => stripAnsi(l).length <= 40)).toBe(true);
  });

  test('Markdown keeps the full text', () => {
    expect(renderTable(rows, 'md', { columns: 40 })).toContain(rows[0].condition);
  });
});

describe('outputColumns', () => {
  test('COLUMNS, else the terminal, else 120', () => {
    expect(outputColumns({ COLUMNS: '90' }, { isTTY: true, columns: 200 })).toBe(90);
    expect(outputColumns({}, { isTTY: true, columns: 200 })).toBe(200);
    expect(outputColumns({}, { isTTY: false })).toBe(120);
    expect(outputColumns({ COLUMNS: 'wide' }, { isTTY: false })).toBe(120);
  });
});

describe('narrow terminals: no header or short cell is broken mid-word', () => {
  // Eight columns as backtest prints them: they cannot all fit in 80 columns at their minimum widths.
  const rows = ['errorRate-critical', 'errors-warning'].map((n, i) => ({
    alarm: `sophie-api-sophie-list-tasks-${n}`,
    severity: i ? 'warning' : 'critical',
    episodes: 1,
    'in alarm': '24 min',
    transitions: 2,
    pages: 0,
    notifications: 1,
    'first alarm': '2026-03-02T00:31:00Z',
  }));
  const whole = ['transitions', 'notifications', 'severity', 'episodes', '24 min', '2026-03-02T00:31:00Z'];
  const lines = (text: string) => text.split('\n');

  test.each([60, 80, 120, 200])(
    '%i columns: fits, and every header and short cell is on one line',
    (columns) => {
      for (const optional of [[], ['transitions', 'first alarm', 'notifications']]) {
        const text = renderTable(rows, 'text', { columns, optional });
        expect(width(text)).toBeLessThanOrEqual(columns);
        // Each short word that is printed at all is printed whole (the old renderer printed "transitio" / "ns").
        for (const w of whole) {
          const cut = w.slice(0, Math.ceil(w.length / 2));
          const printedCut = lines(text).some((l) => l.includes(cut) && !l.includes(w));
          expect(printedCut).toBe(false);
        }
      }
    },
  );

  test('optional columns are left out, in the order given, with a note naming them', () => {
    const text = renderTable(rows, 'text', {
      columns: 80,
      optional: ['transitions', 'first alarm', 'notifications'],
    });
    expect(lines(text)[0].split(/\s+/)).toEqual([
      'alarm',
      'severity',
      'episodes',
      'in',
      'alarm',
      'pages',
      'notifications',
    ]);
    expect(text.replace(/\s+/g, ' ')).toContain(
      '(left out to fit 80 columns: transitions, first alarm; --format md or json has every column)',
    );
    expect(renderTable(rows, 'text', { columns: 200, optional: ['transitions'] })).not.toContain('left out');
  });

  test('when the columns cannot fit, each row is a record of header: value lines', () => {
    const text = renderTable(rows, 'text', { columns: 60 });
    expect(lines(text).slice(0, 9)).toEqual([
      'alarm:         sophie-api-sophie-list-tasks-errorRate-',
      '               critical',
      'severity:      critical',
      'episodes:      1',
      'in alarm:      24 min',
      'transitions:   2',
      'pages:         0',
      'notifications: 1',
      'first alarm:   2026-03-02T00:31:00Z',
    ]);
  });

  test('a long free-text cell still wraps between words', () => {
    const text = renderTable(
      [{ alarm: 'a', condition: 'Maximum ClaimedAccountConcurrency > 900 for 10 of 10 min '.repeat(3) }],
      'text',
      { columns: 60 },
    );
    expect(width(text)).toBeLessThanOrEqual(60);
    expect(text).toContain('ClaimedAccountConcurrency');
  });
});
