import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alarmIdsSource } from '../../lib/watch/alarm-ids-source';
import type { AlarmOverrides } from '../../lib/watch/inputs';

test('lib/watch/alarm-ids.ts is what `npm run types` writes from the registry', () => {
  // Compared without the layout prettier gives it.
  const norm = (s: string) => s.replace(/\s+/g, '').replace(/:\|/g, ':');
  const file = join(__dirname, '../../lib/watch/alarm-ids.ts');
  expect(norm(readFileSync(file, 'utf8'))).toBe(norm(alarmIdsSource()));
});

test('override keys are the kind`s alarm ids: a typo does not compile', () => {
  const ok: AlarmOverrides<'lambda'> = { errors: { threshold: 2 }, duration: { period: '5m' } };
  // @ts-expect-error `erors` is not an alarm of the lambda kind
  const typo: AlarmOverrides<'lambda'> = { erors: { threshold: 2 } };
  // @ts-expect-error `backlog` is an SQS alarm, not a Lambda one
  const wrongKind: AlarmOverrides<'lambda'> = { backlog: {} };
  expect([ok, typo, wrongKind]).toHaveLength(3);
});
