import { nameKey } from '../context';
import type { ReviewRule } from '../types';

export const duplicateName: ReviewRule = {
  id: 'duplicate-name',
  level: 'error',
  title: 'Duplicated alarm name',
  advice:
    'Alarm names are unique per account and Region: the second deployment fails (or, across stacks, one overwrites the other).',
  check: (a, ctx) => {
    const same = ctx.byName.get(nameKey(a.stack, a.alarm.spec.name)) ?? [];
    if (same.length < 2) return [];
    const others = same.filter((o) => o !== a).map((o) => `${o.stack.stackName}/${o.alarm.logicalId}`);
    return [`the name is also used by ${others.join(', ')}`];
  },
};
