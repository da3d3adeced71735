/** An {@link AssemblyDiff} as a report document: counts, added, removed, and changes field by field. */
import { clip, type Block, type ReportDoc } from '../report/document';
import type { AlarmChange, AssemblyDiff } from './diff';

export function diffDoc(d: AssemblyDiff): ReportDoc {
  const blocks: Block[] = [
    {
      type: 'figures',
      items: [
        { label: 'Added', value: String(d.added.length), tone: 'added' },
        { label: 'Removed', value: String(d.removed.length), tone: 'removed' },
        { label: 'Changed', value: String(d.changed.length), tone: 'changed' },
        { label: 'Unchanged', value: String(d.unchanged), tone: 'muted' },
      ],
    },
  ];
  if (d.problems.length) {
    blocks.push({ type: 'heading', level: 1, text: 'Could not be read (the diff is partial)' });
    blocks.push({
      type: 'list',
      items: d.problems.map((p) => ({ text: `${p.side}: ${p.file}: ${p.message}`, tone: 'error' })),
    });
    if (d.notCompared)
      blocks.push({
        type: 'paragraph',
        text: `${d.notCompared} alarm${d.notCompared > 1 ? 's' : ''} of these stacks, found on one side only, are not counted as added or removed.`,
      });
  }
  const simple = (title: string, list: readonly AlarmChange[], tone: 'added' | 'removed') => {
    if (!list.length) return;
    blocks.push({ type: 'heading', level: 1, text: `${title} (${list.length})` });
    blocks.push({
      type: 'table',
      columns: ['alarm', 'stack', 'service', 'severity', 'condition'],
      rows: list.map((c) => [
        { text: c.name, tone },
        c.stack,
        c.service,
        (c.specAfter ?? c.specBefore)!.severity,
        clip((c.after ?? c.before)!),
      ]),
    });
  };
  simple('Added', d.added, 'added');
  simple('Removed', d.removed, 'removed');
  if (d.changed.length) {
    blocks.push({ type: 'heading', level: 1, text: `Changed (${d.changed.length})` });
    blocks.push({
      type: 'table',
      columns: ['alarm', 'field', 'before', 'after'],
      rows: d.changed.flatMap((c) => [
        ...(c.renamedFrom
          ? [
              [
                { text: c.name, tone: 'changed' as const },
                'name (replaced by CloudFormation)',
                c.renamedFrom,
                c.name,
              ],
            ]
          : []),
        ...(c.before !== c.after
          ? [
              [
                { text: c.name, tone: 'changed' as const },
                'condition',
                clip(c.before ?? ''),
                clip(c.after ?? ''),
              ],
            ]
          : []),
        ...c.changes
          .filter((f) => !(c.renamedFrom && f.field === 'name'))
          .map((f) => [
            { text: c.name, tone: 'changed' as const },
            f.field,
            clip(f.before) || '-',
            clip(f.after) || '-',
          ]),
      ]),
    });
  }
  if (!d.added.length && !d.removed.length && !d.changed.length)
    blocks.push({ type: 'paragraph', text: `No alarm changed (${d.unchanged} compared).` });
  return { title: 'Alarm diff', subtitle: `${d.old} → ${d.new}`, blocks };
}
