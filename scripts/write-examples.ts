/**
 * Writes examples/every-kind.yaml from the kinds' examples (`npm run examples`). A test fails when the committed
 * file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { everyKindYaml } from '../lib/model/kinds/examples';

const file = join(__dirname, '..', 'examples', 'every-kind.yaml');
writeFileSync(file, everyKindYaml());
console.log(`wrote ${file}`);
