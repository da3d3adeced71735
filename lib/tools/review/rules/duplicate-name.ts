import { nameKey } from '../context';
import type { ReviewRule } from '../types';

/** Other alarms named in the finding. */
const SHOWN = 3;

export const duplicateName: ReviewRule = {
  id: 'duplicate-name',
  level: 'error',
  title: 'Duplicated alarm name',
  advice:
    'Alarm names are unique per account and Region: the second deployment fails (or, across stacks, one overwrites the other).',
  check: (a, ctx) => {
    const same = ctx.byName.get(nameKey(a.stack, a.alarm.spec.name)) ?? [];
    if (same.length < 2) return [];
    // Name a few: thousands of copies of one name must not make each finding thousands of names long.
    const others: string[] = [];
    for (const o of same) {
      if (others.length === SHOWN) break;
      if (o !== a) others.push(`${o.stack.stackName}/${o.alarm.logicalId}`);
    }
    const more = same.length - 1 - others.length;
    return [`the name is also used by ${others.join(', ')}${more > 0 ? ` and ${more} more` : ''}`];
  },
};
