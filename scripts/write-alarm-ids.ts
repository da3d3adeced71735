/**
 * Writes `lib/watch/alarm-ids.ts`: per kind, the union of the alarm ids its tables define, so that construct
 * overrides (`Telemetry.of(fn).alarm('errors', ...)`, `alarms: { ... }`) are checked by the compiler. Generated from
 * the kind registry: a new kind or row is typed after `npm run types` (a test keeps the file fresh).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alarmIdsSource } from '../lib/watch/alarm-ids-source';

const out = join(__dirname, '..', 'lib', 'watch', 'alarm-ids.ts');
writeFileSync(out, alarmIdsSource());
console.log(`wrote ${out}`);
