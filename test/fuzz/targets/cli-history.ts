/**
 * Fuzz target: metric history files for `backtest --history`, JSON and CSV. Mutants of a small seed history of
 * the seed assembly's metrics: timestamps far in the past and future or too long to be numbers, values that are
 * not finite decimals, negative sample counts, duplicate and out-of-order timestamps, bad statistics and periods,
 * broken quoting, huge series.
 */
import type { FuzzTarget, Rng } from '../harness';
import {
  assemblyFiles,
  mutateAt,
  mutateText,
  pathsOf,
  CLI_TARGET,
  size,
  toJson,
  type CliCase,
} from './cli-common';

const T0 = Date.UTC(2026, 2, 1) / 1000;
const fn = 'sophie-list-tasks';
const seriesOf = (f: (i: number) => number, n = 30) =>
  Array.from({ length: n }, (_, i) => [T0 + 60 * i, f(i)]);

const HISTORY_SEED = {
  metrics: [
    {
      metric: `AWS/Lambda Errors{FunctionName=${fn}}`,
      stat: 'Sum',
      period: 60,
      points: seriesOf((i) => (i > 20 ? 3 : 0)),
    },
    {
      metric: `AWS/Lambda Invocations{FunctionName=${fn}}`,
      stat: 'Sum',
      period: 60,
      points: seriesOf(() => 100),
    },
    {
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions: { FunctionName: fn },
      points: seriesOf((i) => 100 + i),
    },
    {
      metric: `AWS/Lambda Throttles{FunctionName=${fn}}`,
      stat: 'Sum',
      period: 60,
      timestamps: [T0, T0 + 60],
      values: [0, 1],
    },
  ],
};
export const HISTORY_SEED_JSON = JSON.stringify(HISTORY_SEED);

const CSV_SEED = [
  `# metric: AWS/Lambda Errors{FunctionName=${fn}}`,
  '# stat: Sum',
  '# period: 60',
  'timestamp,value,samples',
  ...seriesOf((i) => (i > 20 ? 3 : 0)).map(([t, v]) => `${new Date(t * 1000).toISOString()},${v},${v + 1}`),
].join('\n');

const CSV_MULTI = [
  'timestamp,metric,stat,period,value',
  ...seriesOf(() => 100).map(([t, v]) => `${t},"AWS/Lambda Invocations{FunctionName=${fn}}",Sum,60,${v}`),
  ...seriesOf((i) => i).map(([t, v]) => `${t},AWS/Lambda Errors{FunctionName=${fn}},Sum,60,${v}`),
].join('\n');

/** Values that matter in history files: times, values, counts, statistics, periods. */
function historyValue(rng: Rng): unknown {
  return rng.pick([
    0,
    -1,
    99_999_999_999,
    1e21,
    1e300,
    -1e300,
    0.5,
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00Z',
    '2026-03-01T10:00:00+25:00',
    'p999',
    'Sum',
    'tm(1:2)',
    'Minimum',
    60,
    1,
    0,
    1e9,
  ]);
}

function csvCell(rng: Rng): string {
  return rng.pick([
    'Infinity',
    '-Infinity',
    '1e309',
    '0x10',
    '0b11',
    '1_000',
    '-5',
    'abc',
    '"unterminated',
    '""',
    '',
    ' 1 ',
    '1,5',
    'NaN',
    '0',
    '99999999999',
    '1234567890123456789012345678901234567890',
    '1970-01-01T00:00:00Z',
    '-1',
    '1e-400',
  ]);
}

function mutateCsv(rng: Rng): { text: string; note: string } {
  let lines = (rng.chance(0.5) ? CSV_SEED : CSV_MULTI).split('\n');
  const notes: string[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    const at = rng.int(0, lines.length - 1);
    switch (rng.int(0, 6)) {
      case 0: {
        const cells = lines[at].split(',');
        const c = rng.int(0, cells.length - 1);
        cells[c] = csvCell(rng);
        lines[at] = cells.join(',');
        notes.push(`line ${at + 1} cell ${c} = ${cells[c]}`);
        break;
      }
      case 1: {
        const n = size(rng, [1, 10, 200_000]);
        const copies = lines.slice(0, at);
        for (let k = 0; k < n; k++) copies.push(lines[at]);
        for (const l of lines.slice(at)) copies.push(l);
        lines = copies;
        notes.push(`line ${at + 1} x${n + 1}`);
        break;
      }
      case 2: {
        const other = rng.int(4, lines.length - 1);
        [lines[at], lines[other]] = [lines[other], lines[at]];
        notes.push(`swapped lines ${at + 1} and ${other + 1}`);
        break;
      }
      case 3:
        lines.splice(at, 1);
        notes.push(`deleted line ${at + 1}`);
        break;
      case 4:
        lines.splice(
          at,
          0,
          rng.pick([
            '# period: 0',
            '# stat: p999',
            '# metric: x',
            '# period: 1e9',
            '#',
            'timestamp,value',
            'a,b,c,d,e,f,g',
          ]),
        );
        notes.push(`inserted a line at ${at + 1}`);
        break;
      default: {
        const m = mutateText(rng, lines.join('\n'));
        return { text: m.text, note: [...notes, m.note].join('; ') };
      }
    }
  }
  return { text: lines.join(rng.chance(0.1) ? '\r\n' : '\n'), note: notes.join('; ') };
}

function mutateJson(rng: Rng): { text: string; note: string } {
  const data = JSON.parse(HISTORY_SEED_JSON) as typeof HISTORY_SEED;
  const notes: string[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    if (rng.chance(0.5)) {
      // A point's time or value, or a metric's stat or period, gets a value that matters for it.
      const m = rng.pick(data.metrics) as Record<string, unknown>;
      if (m === null || typeof m !== 'object') continue;
      const key = rng.pick(['points', 'points', 'stat', 'period', 'timestamps', 'values']);
      const list = m[key];
      if (Array.isArray(list) && list.length) {
        const j = rng.int(0, list.length - 1);
        if (Array.isArray(list[j])) (list[j] as unknown[])[rng.int(0, 2)] = historyValue(rng);
        else list[j] = historyValue(rng);
        notes.push(`${key}[${j}] edited`);
      } else {
        m[key] = historyValue(rng);
        notes.push(`${key} = ${JSON.stringify(m[key])}`);
      }
    } else notes.push(mutateAt(rng, data, pathsOf(data)));
  }
  let text = toJson(rng, data);
  if (rng.chance(0.15)) {
    // Numbers JSON can write but JavaScript cannot hold: 1e309, a 40-digit epoch.
    text = text.replace(
      /\[(\d{10}),/,
      rng.pick(['[1234567890123456789012345678901234567890,', '[1e309,', '[-1e309,', '[1e-400,']),
    );
    notes.push('number out of range');
  }
  if (rng.chance(0.15)) {
    const m = mutateText(rng, text);
    text = m.text;
    notes.push(m.note);
  }
  return { text, note: notes.join('; ') };
}

/**
 * A valid history of a random shape, to reach the replay: long or short, dense or sparse, aggregated or raw,
 * several statistics and periods, oldest or newest first, JSON or CSV.
 */
function validHistory(rng: Rng, csv: boolean): { text: string; note: string } {
  const period = rng.pick([60, 60, 300, 3600]);
  const n = size(rng, [10, 1_000, 20_000, 200_000, 1_000_000]);
  const step = rng.pick([period, period, period * 7]);
  const raw = rng.chance(0.3);
  const descending = rng.chance(0.2);
  const metric = rng.pick([
    `AWS/Lambda Errors{FunctionName=${fn}}`,
    `AWS/Lambda Invocations{FunctionName=${fn}}`,
    `AWS/Lambda Duration{FunctionName=${fn}}`,
  ]);
  const stat = rng.pick(['Sum', 'Average', 'p99', 'Maximum', 'SampleCount']);
  const shape = rng.pick(['flat', 'flap', 'ramp', 'spiky']);
  const value = (i: number) =>
    shape === 'flat' ? 1 : shape === 'flap' ? (i % 2) * 1000 : shape === 'ramp' ? i : i % 97 === 0 ? 1e6 : 0;
  const start = T0 - Math.floor((n * step) / 2 / period) * period;
  const times = Array.from({ length: n }, (_, i) => start + i * step);
  if (descending) times.reverse();
  const note = `valid: ${n} ${raw ? 'raw' : `${stat}/${period}s`} points every ${step}s, ${shape}${descending ? ', newest first' : ''}`;
  if (csv) {
    const head = [
      `# metric: ${metric}`,
      ...(raw ? [] : [`# stat: ${stat}`, `# period: ${period}`]),
      'timestamp,value',
    ];
    return { text: [...head, ...times.map((t, i) => `${t},${value(i)}`)].join('\n'), note };
  }
  const m = raw ? { metric } : { metric, stat, period };
  return { text: JSON.stringify({ ...m, timestamps: times, values: times.map((_, i) => value(i)) }), note };
}

/** The seed assembly. */
function appFiles() {
  return assemblyFiles('app');
}

export const cliHistoryTarget: FuzzTarget<CliCase> = {
  name: 'cli-history',
  generate(rng) {
    const csv = rng.chance(0.5);
    const m = rng.chance(0.3) ? validHistory(rng, csv) : csv ? mutateCsv(rng) : mutateJson(rng);
    const file = csv ? 'h.csv' : 'h.json';
    const argv = ['backtest', '--app', '{dir}/app', '--history', `{dir}/${file}`];
    if (rng.chance(0.3)) argv.push('--format', rng.pick(['json', 'html', 'md']));
    if (rng.chance(0.2))
      argv.push('--alarm', rng.pick(['*list-tasks*', 'sophie-api-*', '__proto__', 'constructor']));
    if (rng.chance(0.15))
      argv.push('--evaluation-range', rng.pick(['1', '5', '1000000', '1e9', '99999999999999']));
    if (rng.chance(0.1)) argv.push('--from', rng.pick(['0', '1970-01-01T00:00:00Z', '2026-03-01T00:10:00Z']));
    if (rng.chance(0.1))
      argv.push('--to', rng.pick(['99999999999', '2026-03-02T00:00:00Z', '9999-12-31T00:00:00Z']));
    return { files: { ...appFiles(), [file]: m.text }, argv, note: m.note };
  },
  ...CLI_TARGET,
};
