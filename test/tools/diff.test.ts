import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { diffAssemblies, flattenSpec } from '../../lib/tools/diff/diff';
import { diffDoc } from '../../lib/tools/diff/diff-doc';
import { renderText } from '../../lib/tools/report/text';
import { sharedApp } from '../helpers/shared-synth';
import { synthConfig } from '../helpers/synth';
import { compositeAlarm, metricAlarm, templateDir } from '../helpers/templates';

const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');

describe('diff of hand-written assemblies', () => {
  const before = templateDir({
    S: {
      Resources: {
        Kept: metricAlarm('kept'),
        Tuned: metricAlarm('tuned', { Threshold: 5, Dimensions: [{ Name: 'FunctionName', Value: 'a' }] }),
        Gone: metricAlarm('gone'),
        Renamed: metricAlarm('old-name'),
        Any: compositeAlarm('any', 'ALARM("kept") OR ALARM("tuned")'),
      },
    },
  });
  const after = templateDir({
    S: {
      Resources: {
        Kept: metricAlarm('kept'),
        Tuned: metricAlarm('tuned', {
          Threshold: 10,
          DatapointsToAlarm: 1,
          EvaluationPeriods: 3,
          Dimensions: [{ Name: 'FunctionName', Value: 'b' }],
          AlarmActions: [
            'arn:aws:sns:us-east-1:123456789012:ops',
            'arn:aws:sns:us-east-1:123456789012:pager',
          ],
        }),
        New: metricAlarm('new', { Statistic: 'Maximum' }),
        Renamed: metricAlarm('new-name'),
        Any: compositeAlarm('any', 'ALARM("kept") AND ALARM("tuned")'),
      },
    },
  });
  const diff = diffAssemblies(readCloudAssembly(before), readCloudAssembly(after));

  test('added, removed, renamed and unchanged alarms', () => {
    expect(diff.added.map((a) => a.name)).toEqual(['new']);
    expect(diff.removed.map((a) => a.name)).toEqual(['gone']);
    expect(diff.unchanged).toBe(1);
    const renamed = diff.changed.find((c) => c.renamedFrom);
    expect(renamed).toMatchObject({
      name: 'new-name',
      renamedFrom: 'old-name',
      changes: [{ field: 'name', before: 'old-name', after: 'new-name' }],
    });
  });

  test('changes field by field, with the condition before and after', () => {
    const tuned = diff.changed.find((c) => c.name === 'tuned')!;
    expect(tuned.before).toBe('Sum Errors > 5 for 1 of 1 min');
    expect(tuned.after).toBe('Sum Errors > 10 for 1 of 3 min');
    expect(tuned.changes).toEqual([
      // A `pager` topic among the actions: the inferred severity follows.
      { field: 'severity', before: 'warning', after: 'critical' },
      { field: 'actions.alarm', before: 'ops', after: 'ops, pager' },
      { field: 'source.metric.dimensions.FunctionName', before: 'a', after: 'b' },
      { field: 'threshold', before: '5', after: '10' },
      { field: 'evaluationPeriods', before: '1', after: '3' },
    ]);
    const any = diff.changed.find((c) => c.name === 'any')!;
    expect(any.changes).toEqual([
      { field: 'rule', before: 'ALARM("kept") OR ALARM("tuned")', after: 'ALARM("kept") AND ALARM("tuned")' },
    ]);
  });

  test('the text report lists each change', () => {
    const text = renderText(diffDoc({ ...diff, old: 'before', new: 'after' }));
    expect(text).toContain('Added: 1   Removed: 1   Changed: 3   Unchanged: 1');
    expect(text).toMatch(/tuned\s+threshold\s+5\s+10/);
    expect(text).toMatch(/new-name\s+name \(replaced by CloudFormation\)\s+old-name\s+new-name/);
  });

  test('flattened specs key math metrics by id', () => {
    const flat = flattenSpec({
      type: 'metric',
      name: 'm',
      description: '',
      source: {
        type: 'math',
        expression: 'a/b',
        period: 60,
        metrics: [
          { id: 'a', metric: { namespace: 'N', metricName: 'A', dimensions: {} }, stat: 'Sum', period: 60 },
        ],
      },
      comparison: 'GreaterThanThreshold',
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: 'missing',
      severity: 'info',
      actions: { alarm: [], ok: [], insufficientData: [] },
    });
    expect(flat['source.metrics[a].metric.metricName']).toBe('A');
    expect(flat['source.expression']).toBe('a/b');
  });
});

test('diff of the example app against a change to its config', () => {
  const before = sharedApp('example').assembly.directory;
  const changed = EXAMPLE.replace('default: 200ms # every operation', 'default: 250ms # every operation')
    .replace('      - sophie-update-task\n', '')
    .replace('    maxAge: 10m', '    maxAge: 20m');
  expect(changed).not.toBe(EXAMPLE);
  const after = synthConfig(changed).assembly.directory;
  const diff = diffAssemblies(readCloudAssembly(before), readCloudAssembly(after));
  expect(diff.added).toEqual([]);
  expect(diff.removed.map((r) => r.name)).toEqual([
    'sophie-api-sophie-update-task-errorRate-critical',
    'sophie-api-sophie-update-task-errors-warning',
    'sophie-api-sophie-update-task-throttles-warning',
    'sophie-api-sophie-update-task-duration-warning',
    'sophie-api-sophie-update-task-concurrency-warning',
    'sophie-api-sophie-update-task-latencyBudget-warning',
    'sophie-api-sophie-update-task-latencyBudget-critical',
  ]);
  const budget = diff.changed.find((c) => c.name === 'sophie-api-sophie-list-tasks-latencyBudget-warning')!;
  expect(budget.before).toBe('p95 Duration > 200 ms for 3 of 5 min');
  expect(budget.after).toBe('p95 Duration > 250 ms for 3 of 5 min');
  expect(budget.changes.map((c) => c.field)).toEqual(['description', 'threshold']);
  const age = diff.changed.find(
    (c) => c.name === 'sophie-notifications-sophie-notifications-messageAge-warning',
  )!;
  expect(age.changes.find((c) => c.field === 'threshold')).toEqual({
    field: 'threshold',
    before: '900',
    after: '1800',
  });
  // The composite loses the removed function's critical alarms from its rule.
  expect(
    diff.changed
      .find((c) => c.name === 'sophie-api-service-anyCritical-critical')
      ?.changes.map((c) => c.field),
  ).toEqual(['description', 'rule']);
});
