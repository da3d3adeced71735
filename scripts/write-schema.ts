/**
 * Writes telemetry.schema.json from the zod schema (`npm run schema`). A test fails when the committed file is
 * out of date, so editors always complete what the code accepts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { telemetryJsonSchema } from '../lib/config/json-schema';

const file = join(__dirname, '..', 'telemetry.schema.json');
writeFileSync(file, JSON.stringify(telemetryJsonSchema(), null, 2) + '\n');
console.log(`wrote ${file}`);
