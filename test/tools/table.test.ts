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
