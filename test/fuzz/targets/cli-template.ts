/**
 * Fuzz target: templates. Mutants of the seed's alarm resources (properties of the wrong type, huge evaluation
 * periods and periods, intrinsics where numbers belong, hostile keys, math and composite rules edited), read by
 * review (every format), cost, diff and backtest.
 */
import type { FuzzTarget, Rng } from '../harness';
import { assemblyCommand } from './cli-assembly';
import {
  assemblyFiles,
  clone,
  longString,
  mutateAt,
  oddValue,
  pathsOf,
  CLI_TARGET,
  seedAssembly,
  size,
  toJson,
  type CliCase,
} from './cli-common';

/** Values that matter for alarm properties in particular: sizes, periods, rules, expressions. */
function alarmValue(rng: Rng, key: string): unknown {
  switch (key) {
    case 'EvaluationPeriods':
    case 'DatapointsToAlarm':
      return rng.pick([0, -1, 1.5, 1e4, 1e6, 1e8, 1e9, 1e300, '5', { Ref: 'N' }]);
    case 'Period':
      return rng.pick([0, -60, 1, 7, 10, 20, 86_400, 1e9, 1e300, '60', { Ref: 'P' }]);
    case 'Threshold':
      return rng.pick([-1e308, 1e308, 0, '1e309', 'abc', { Ref: 'T' }]);
    case 'AlarmRule':
      return rng.pick([
        '('.repeat(rng.pick([10, 5_000, 50_000])) + 'ALARM(a)' + ')'.repeat(rng.pick([10, 5_000])),
        'ALARM(' + longString(rng) + ')',
        Array.from({ length: rng.pick([10, 1_000, 10_000]) }, (_, i) => `ALARM(a${i})`).join(' OR '),
        'NOT NOT NOT',
        'ALARM("x" OR',
        'AT_LEAST(99999999, ALARM, (a, b))',
        'TRUE',
      ]);
    case 'Expression':
      return rng.pick([
        '('.repeat(rng.pick([10, 5_000, 50_000])) + 'm1' + ')'.repeat(10),
        'm1 / 0',
        'FILL(m1, REPEAT)',
        'm1 + '.repeat(rng.pick([10, 10_000])) + 'm1',
        'METRICS()',
        'SUM(METRICS())',
        'ANOMALY_DETECTION_BAND(m1, 1e308)',
        'IF(m1 > 1, m1, 1/0)',
        longString(rng),
      ]);
    case 'Statistic':
    case 'ExtendedStatistic':
    case 'Stat':
      return rng.pick([
        'p999',
        'p',
        'tm(1:2)',
        'TM(10%:90%)',
        'PR(:300)',
        'Sum',
        'IQM',
        'wm-1',
        '',
        'p99.9999999999',
      ]);
    default:
      return oddValue(rng);
  }
}

function mutateTemplates(rng: Rng): { templates: Record<string, unknown>; note: string } {
  const templates = clone(seedAssembly().templates) as Record<string, Record<string, unknown>>;
  const notes: string[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    const f = rng.pick(Object.keys(templates).slice(0, 3)); // the stacks with alarms
    const t = templates[f];
    const resources = t.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const alarms = Object.keys(resources).filter((k) =>
      String(resources[k]?.Type).startsWith('AWS::CloudWatch::'),
    );
    if (alarms.length === 0) continue;
    const id = rng.pick(alarms);
    const props = resources[id].Properties;
    if (rng.chance(0.6)) {
      // A known property gets a value that matters for it.
      const paths = pathsOf(props).filter((p) => p.length > 0);
      const path = rng.pick(paths);
      const key = String([...path].reverse().find((k) => typeof k === 'string'));
      let parent = props as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const v = alarmValue(rng, key);
      parent[path[path.length - 1]] = v;
      notes.push(`${f} ${id}.${path.join('.')} = ${JSON.stringify(v)?.slice(0, 60)}`);
    } else if (rng.chance(0.5)) {
      const key = rng.pick(['EvaluationPeriods', 'Period', 'DatapointsToAlarm', 'AlarmRule', 'Threshold']);
      const v = alarmValue(rng, key);
      props[key] = v;
      notes.push(`${f} ${id}.${key} = ${JSON.stringify(v)?.slice(0, 60)}`);
    } else {
      notes.push(`${f} ${id}: ${mutateAt(rng, resources[id], pathsOf(resources[id]))}`);
    }
  }
  if (rng.chance(0.1)) {
    // Many copies of one alarm: a big page.
    const t = templates[rng.pick(Object.keys(templates).slice(0, 3))];
    const resources = t.Resources as Record<string, unknown>;
    const [id, r] = Object.entries(resources).find(
      ([, x]) => (x as { Type: string }).Type === 'AWS::CloudWatch::Alarm',
    )!;
    const n = size(rng, [500, 3_000], 300);
    for (let i = 0; i < n; i++) resources[`${id}${i}`] = r;
    notes.push(`${n} copies of ${id}`);
  }
  return {
    templates: Object.fromEntries(Object.entries(templates).map(([f, t]) => [f, toJson(rng, t)])),
    note: notes.join('; '),
  };
}

export const cliTemplateTarget: FuzzTarget<CliCase> = {
  name: 'cli-template',
  generate(rng) {
    const { templates, note } = mutateTemplates(rng);
    const cmd = assemblyCommand(rng);
    return {
      files: { ...cmd.files, ...assemblyFiles('app', seedAssembly().manifest, templates) },
      argv: cmd.argv,
      note,
    };
  },
  ...CLI_TARGET,
};
